package plots

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// ErrNoData is wrapped by the error of a figure function when the input has
// nothing to draw.
var ErrNoData = errors.New("no data")

// Sizes of a figure.
const (
	panelWidth  = 4.6 * vg.Inch
	panelHeight = 3.8 * vg.Inch
	legendWidth = 2.5 * vg.Inch
	pngDPI      = 120
)

// A Figure is one chart as a reader sees it: panels left to right, each a
// gonum plot with its own title and axes, and one legend column at the
// right, with notes on how to read the chart under the legend.
type Figure struct {
	// Name is the file name without extension, e.g. "throughput".
	Name string
	// Title says what the figure shows; it serves as alt text.
	Title string
	// Panels are drawn left to right with aligned axes, in Rows rows
	// (0 means one row) filled row by row.
	Panels []*plot.Plot
	// Rows is the number of rows of panels; 0 is one row.
	Rows int
	// Legend names every series drawn in the panels.
	Legend plot.Legend
	// Notes are short lines printed under the legend.
	Notes []string
	// Designs are the designs with at least one point in the figure, in
	// display order.
	Designs []string
}

// shows records that design has a point in f.
func (f *Figure) shows(design string) {
	if !slices.Contains(f.Designs, design) {
		f.Designs = append(f.Designs, design)
	}
}

// newFigure returns a Figure with a legend in the report's style.
func newFigure(name, title string) *Figure {
	l := plot.NewLegend()
	l.Top = true
	l.Left = true
	l.TextStyle.Font.Size = vg.Points(9)
	l.ThumbnailWidth = vg.Points(24)
	return &Figure{Name: name, Title: title, Legend: l}
}

// grid returns the number of rows and columns of panels.
func (f *Figure) grid() (rows, cols int) {
	rows = max(f.Rows, 1)
	return rows, (len(f.Panels) + rows - 1) / rows
}

// size returns the figure's width and height: the panels' height, or
// more if the legend and notes need it.
func (f *Figure) size() (w, h vg.Length) {
	rows, cols := f.grid()
	w = panelWidth*vg.Length(cols) + legendWidth
	const tall = 100 * vg.Inch
	dry := draw.Canvas{Canvas: new(recorder.Canvas), Rectangle: vg.Rectangle{Max: vg.Point{X: w, Y: tall}}}
	return w, max(panelHeight*vg.Length(rows), tall-f.drawSide(dry, w)+vg.Points(6))
}

// PNG renders the figure as a PNG image.
func (f *Figure) PNG() ([]byte, error) {
	w, h := f.size()
	return f.encode(vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(pngDPI))}, "png")
}

// SVG renders the figure as an SVG document.
func (f *Figure) SVG() ([]byte, error) { return f.encode(vgsvg.New(f.size()), "svg") }

// encode draws the figure on c and returns c's encoding.
func (f *Figure) encode(c vg.CanvasWriterTo, ext string) ([]byte, error) {
	if err := f.draw(draw.New(c)); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("encode %s.%s: %w", f.Name, ext, err)
	}
	return buf.Bytes(), nil
}

// draw draws the figure on c. gonum/plot panics on some impossible axis
// ranges; draw turns such a panic into an error.
func (f *Figure) draw(c draw.Canvas) (err error) {
	if len(f.Panels) == 0 {
		return fmt.Errorf("draw %s: %w", f.Name, ErrNoData)
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("draw %s: %v", f.Name, r)
		}
	}()
	w, _ := f.size()
	plots := draw.Crop(c, 0, -legendWidth, 0, 0)
	rows, cols := f.grid()
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Points(16), PadY: vg.Points(16),
		PadTop: vg.Points(6), PadBottom: vg.Points(6), PadLeft: vg.Points(6), PadRight: vg.Points(6)}
	grid := make([][]*plot.Plot, rows)
	for i := range grid {
		grid[i] = make([]*plot.Plot, cols)
	}
	for i, p := range f.Panels {
		grid[i/cols][i%cols] = p
	}
	canvases := plot.Align(grid, tiles, plots)
	for i, p := range f.Panels {
		p.Draw(canvases[i/cols][i%cols])
	}

	f.drawSide(c, w)
	return nil
}

// drawSide draws the legend and, under it, the notes at the right of c,
// a figure w wide. It returns the lowest y it wrote at.
func (f *Figure) drawSide(c draw.Canvas, w vg.Length) vg.Length {
	side := draw.Crop(c, w-legendWidth+vg.Points(8), -vg.Points(6), vg.Points(8), -vg.Points(24))
	f.Legend.Draw(side)
	sty := f.Legend.TextStyle
	sty.Font.Size = vg.Points(8)
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YTop
	y := f.Legend.Rectangle(side).Min.Y - vg.Points(10)
	lineHeight := sty.Height("Mg") * 1.15
	for _, note := range f.Notes {
		for _, line := range wrap(note, func(s string) bool { return sty.Width(s) <= side.Max.X-side.Min.X }) {
			side.FillText(sty, vg.Point{X: side.Min.X, Y: y}, line)
			y -= lineHeight
		}
		y -= lineHeight / 2
	}
	return y
}

// newPanel returns a plot with the report's title and axis styles.
func newPanel(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = vg.Points(11)
	p.Title.TextStyle.Font.Weight = xfont.WeightBold
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.X.Label.TextStyle.Font.Size = vg.Points(10)
	p.Y.Label.TextStyle.Font.Size = vg.Points(10)
	p.X.Tick.Label.Font.Size = vg.Points(9)
	p.Y.Tick.Label.Font.Size = vg.Points(9)
	return p
}

// wrap splits s into lines at spaces, each as long as fits allows.
func wrap(s string, fits func(string) bool) []string {
	var lines []string
	cur := ""
	for _, word := range strings.Fields(s) {
		next := word
		if cur != "" {
			next = cur + " " + word
		}
		if cur != "" && !fits(next) {
			lines = append(lines, cur)
			next = word
		}
		cur = next
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

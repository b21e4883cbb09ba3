package plots

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Options says what to draw and where the single-configuration charts
// take their numbers from.
type Options struct {
	// Designs lists the designs to draw, in display order. A design's
	// colour is its place in this list.
	Designs []string
	// Chunk and Window pick the Stream configuration of the latency and
	// cost-of-correctness charts, e.g. "64" and "1".
	Chunk, Window string
	// Work picks the Ordering configuration of the cost-of-correctness
	// chart, in time.Duration.String form, e.g. "20µs".
	Work string
}

// colorAt returns the i'th colour of the Okabe–Ito palette, which stays
// distinguishable for the common forms of colour blindness.
func colorAt(i int) color.Color {
	okabeIto := [...]color.RGBA{
		{0x00, 0x72, 0xB2, 0xff}, // blue
		{0xD5, 0x5E, 0x00, 0xff}, // vermillion
		{0x00, 0x9E, 0x73, 0xff}, // bluish green
		{0xCC, 0x79, 0xA7, 0xff}, // reddish purple
		{0xE6, 0x9F, 0x00, 0xff}, // orange
		{0x56, 0xB4, 0xE9, 0xff}, // sky blue
		{0x00, 0x00, 0x00, 0xff}, // black
		{0x99, 0x99, 0x99, 0xff}, // grey
	}
	return okabeIto[i%len(okabeIto)]
}

// shapeAt returns the i'th glyph shape.
func shapeAt(i int) draw.GlyphDrawer {
	switch i % 6 {
	case 0:
		return draw.CircleGlyph{}
	case 1:
		return draw.TriangleGlyph{}
	case 2:
		return draw.SquareGlyph{}
	case 3:
		return draw.PyramidGlyph{}
	case 4:
		return draw.RingGlyph{}
	}
	return draw.BoxGlyph{}
}

// dashed is the dash pattern of a floor line.
func dashed() []vg.Length { return []vg.Length{vg.Points(5), vg.Points(3)} }

// designStyle returns the colour and glyph of design in opts.Designs.
func (o Options) designStyle(design string) (color.Color, draw.GlyphDrawer) {
	for i, d := range o.Designs {
		if d == design {
			return colorAt(i), shapeAt(i)
		}
	}
	return colorAt(len(o.Designs)), shapeAt(len(o.Designs))
}

// timeUnit picks a unit to show nanosecond values whose largest is max.
func timeUnit(max float64) (div float64, name string) {
	switch {
	case max >= 1e9:
		return 1e9, "s"
	case max >= 1e6:
		return 1e6, "ms"
	case max >= 1e3:
		return 1e3, "µs"
	}
	return 1, "ns"
}

// byteSize formats a size in bytes: "64 B", "4 KiB", "64 KiB".
func byteSize(n float64) string {
	switch {
	case n >= 1<<20 && math.Mod(n, 1<<20) == 0:
		return fmt.Sprintf("%g MiB", n/(1<<20))
	case n >= 1<<10 && math.Mod(n, 1<<10) == 0:
		return fmt.Sprintf("%g KiB", n/(1<<10))
	}
	return fmt.Sprintf("%g B", n)
}

// needsLog reports whether values from lo to hi need a logarithmic axis.
func needsLog(lo, hi float64) bool {
	return lo > 0 && hi/lo >= 10
}

// Logarithmic axes are drawn as linear axes over log10 of the data, with
// tick labels giving the real values. gonum/plot's own LogScale places an
// axis label's glyph box at the arithmetic middle of the range, which on a
// log axis is near its end, and shrinks the data area to make room; with
// the data transformed, every layout computation is linear and right.

// setLogX makes p's X axis logarithmic with ticks at exactly the values xs
// (in data units, ascending), labelled by label. The series drawn on p
// must then be added with logX set.
func setLogX(p *plot.Plot, xs []float64, label func(float64) string) {
	ticks := make([]plot.Tick, len(xs))
	for i, x := range xs {
		ticks[i] = plot.Tick{Value: math.Log10(x), Label: label(x)}
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.X.Min, p.X.Max = math.Log10(xs[0]/1.5), math.Log10(xs[len(xs)-1]*1.5)
}

// setLogXRange makes p's X axis logarithmic over lo..hi (lo > 0) with 1-2-5
// ticks.
func setLogXRange(p *plot.Plot, lo, hi float64) {
	p.X.Tick.Marker = logTicks{}
	p.X.Min, p.X.Max = math.Log10(lo/1.3), math.Log10(hi*1.3)
}

// setY sets p's Y axis to span lo..hi: logarithmic with 1-2-5 ticks if
// the span needs it, else linear from zero. It reports whether it chose a
// log axis; the series must then be added with logY set.
func setY(p *plot.Plot, lo, hi float64) bool {
	if needsLog(lo, hi) {
		return setLogY(p, lo, hi)
	}
	p.Y.Min = 0
	if hi <= 0 {
		hi = 1
	}
	p.Y.Max = hi * 1.08
	return false
}

// setLogY makes p's Y axis logarithmic over lo..hi if lo is positive, as
// a log-log chart needs even when the values span less than a factor of
// 10; otherwise it falls back to setY. It reports whether the axis is
// logarithmic.
func setLogY(p *plot.Plot, lo, hi float64) bool {
	if lo <= 0 {
		return setY(p, lo, hi)
	}
	p.Y.Tick.Marker = logTicks{}
	p.Y.Min, p.Y.Max = math.Log10(lo/1.3), math.Log10(hi*1.3)
	return true
}

// logTicks marks an axis drawn over log10 of the data at 1, 2 and 5 times
// each power of ten, with minor ticks between; labels give real values.
type logTicks struct{}

// Ticks implements plot.Ticker; min and max are log10 of the data range.
func (logTicks) Ticks(min, max float64) []plot.Tick {
	var ticks []plot.Tick
	for e := math.Floor(min); e <= math.Ceil(max); e++ {
		base := math.Pow(10, e)
		for m := 1; m <= 9; m++ {
			v := float64(m) * base
			lv := math.Log10(v)
			if lv < min || lv > max {
				continue
			}
			t := plot.Tick{Value: lv}
			if m == 1 || m == 2 || m == 5 {
				t.Label = strconv.FormatFloat(v, 'g', -1, 64)
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}

// dodge returns the x offset of series k of n drawn side by side around
// one nominal x position.
func dodge(k, n int) float64 {
	if n <= 1 {
		return 0
	}
	width := math.Min(0.6/float64(n-1), 0.18)
	return (float64(k) - float64(n-1)/2) * width
}

// nominalX labels p's X axis with names at 0, 1, 2, ...
func nominalX(p *plot.Plot, names []string) {
	p.NominalX(names...)
	p.X.Min, p.X.Max = -0.5, float64(len(names))-0.5
}

// newGrid returns light grid lines for a panel.
func newGrid() *plotter.Grid {
	g := plotter.NewGrid()
	g.Vertical.Color = color.Gray{Y: 0xe0}
	g.Horizontal.Color = color.Gray{Y: 0xe0}
	return g
}

// newNominalGrid returns horizontal grid lines only, for a panel whose X
// axis names categories.
func newNominalGrid() *plotter.Grid {
	g := newGrid()
	g.Vertical.Color = nil
	return g
}

// sortBy sorts vals by rank, then alphabetically.
func sortBy(vals []string, rank func(string) int) {
	sort.SliceStable(vals, func(i, j int) bool {
		ri, rj := rank(vals[i]), rank(vals[j])
		if ri != rj {
			return ri < rj
		}
		return vals[i] < vals[j]
	})
}

// dodgeLog shifts each series' points sideways on a log X axis, by a
// small factor that differs per series, so that series measured at the
// same x do not hide each other.
func dodgeLog(ss []series) {
	for k := range ss {
		f := math.Exp(dodge(k, len(ss)) * 0.5)
		pts := append(points(nil), ss[k].pts...)
		for i := range pts {
			pts[i].x *= f
			pts[i].xlo *= f
			pts[i].xhi *= f
		}
		ss[k].pts = pts
	}
}

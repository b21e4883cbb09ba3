package plots

import (
	"fmt"
	"image/color"
	"math"
	"sort"

	"chanbench/report/summary"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Correctness draws the cost of correctness: each design's time per chunk
// (BenchmarkStream at the reference chunk and window) against its
// violation rate (BenchmarkOrdering at the reference work), as a circle
// for the natural scheduler and a triangle for the forced regime. A design
// missing either number is left out.
func Correctness(set *summary.Set, opts Options) (*Figure, error) {
	f := newFigure("correctness", fmt.Sprintf(
		"Cost of correctness: time per chunk (chunk %s B, window %s) vs violation rate (work %s), one labelled point per design",
		opts.Chunk, opts.Window, opts.Work))
	// A filled circle under a larger hollow triangle: where the two
	// regimes give the same point, both stay visible.
	regimes := []struct {
		name   string
		shape  draw.GlyphDrawer
		radius vg.Length
	}{{"natural", draw.CircleGlyph{}, vg.Points(3)}, {"forced", draw.TriangleGlyph{}, vg.Points(5.5)}}

	type placed struct {
		design string
		s      series
	}
	var placedAll []placed
	var all []points
	xlo, xhi := 0.0, 0.0
	speeds := make(map[string]summary.Stat)
	var speedList []xstat
	for _, d := range opts.Designs {
		c, ok := set.Find(func(c summary.Config) bool {
			return c.Benchmark == summary.Stream && c.Design == d && c.Chunk == opts.Chunk &&
				c.Window == opts.Window && c.Impl == implWorkflow
		})
		if !ok {
			continue
		}
		if st, ok := set.Stat(c, unitNs); ok {
			speeds[d] = st
			speedList = append(speedList, xstat{0, st})
		}
	}
	div, unit := timeUnit(maxCenter(speedList))

	for _, d := range opts.Designs {
		speed, ok := speeds[d]
		if !ok {
			continue
		}
		col, _ := opts.designStyle(d)
		for _, r := range regimes {
			oc, ok := set.Find(func(c summary.Config) bool {
				return c.Benchmark == summary.Ordering && c.Design == d && c.Work == opts.Work && c.Regime == r.name &&
					(c.Window == "" || c.Window == opts.Window)
			})
			if !ok {
				continue
			}
			rate, ok := set.Count(oc, unitViolate)
			if !ok || rate.N == 0 {
				continue
			}
			pt := ratePoint(speed.Center/div, rate)
			pt.xlo, pt.xhi = pt.x, pt.x
			if speed.HasInterval() {
				pt.xlo, pt.xhi = speed.Lo/div, speed.Hi/div
			}
			s := series{label: d, pts: points{pt}, color: col, shape: r.shape, radius: r.radius, xerr: true}
			placedAll = append(placedAll, placed{d, s})
			f.shows(d)
			all = append(all, s.pts)
			lo, hi := xRange(s.pts)
			if len(placedAll) == 1 {
				xlo, xhi = lo, hi
			}
			xlo, xhi = min(xlo, lo), max(xhi, hi)
		}
	}
	if len(placedAll) == 0 {
		return nil, fmt.Errorf("correctness: no design has both BenchmarkStream ns/op at chunk=%s window=%s and BenchmarkOrdering violations/op at work=%s: %w",
			opts.Chunk, opts.Window, opts.Work, ErrNoData)
	}

	p := newPanel(fmt.Sprintf("Cost of correctness: speed vs violation rate, work %s", opts.Work),
		fmt.Sprintf("time per chunk (%s, chunk %s B, window %s; left is faster)", unit, opts.Chunk, opts.Window),
		"violating workflows (%)")
	p.Add(newGrid())
	logX := needsLog(xlo, xhi)
	if logX {
		setLogXRange(p, xlo, xhi)
	} else {
		span := xhi - xlo
		if span == 0 {
			span = xhi * 0.2
		}
		p.X.Min, p.X.Max = max(0, xlo-span*0.25), xhi+span*0.4
	}
	_, hi := yRange(all...)
	setY(p, 0, hi)

	var labels []plotter.XY
	var names []string
	var colors []color.Color
	seen := make(map[string]bool)
	for _, pl := range placedAll {
		thumbs, err := pl.s.add(p, logX, false)
		if err != nil {
			return nil, fmt.Errorf("correctness: %w", err)
		}
		if !seen[pl.design] {
			seen[pl.design] = true
			f.Legend.Add(pl.design, thumbs...)
			labels = append(labels, plotter.XY{X: pl.s.pts[0].x, Y: pl.s.pts[0].y})
			names = append(names, pl.design)
			colors = append(colors, pl.s.color)
		}
	}
	if err := addLabels(p, labels, names, colors, logX); err != nil {
		return nil, fmt.Errorf("correctness: %w", err)
	}

	for _, r := range regimes {
		sc, err := plotter.NewScatter(points{{}})
		if err != nil {
			return nil, fmt.Errorf("correctness: %w", err)
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: colorAt(6), Radius: min(r.radius, vg.Points(4)), Shape: r.shape}
		f.Legend.Add("regime "+r.name, sc)
	}
	f.Panels = []*plot.Plot{p}
	f.Notes = []string{
		"Circle: natural scheduler; triangle: forced regime (both terminal messages ready before net's select).",
		"Vertical bars: 95% interval of x/N workflows, allowing for variation between runs (the Wilson interval when the runs agree). Horizontal bars: 95% interval of the median time (none with fewer than 6 runs).",
		"Down and left is better.",
	}
	return f, nil
}

// addLabels writes each name next to its point, in its colour. A label that would
// overprint one already placed is lifted by a line until it does not; the
// data area's size is estimated, as gonum only knows it when drawing.
func addLabels(p *plot.Plot, xys []plotter.XY, names []string, colors []color.Color, logX bool) error {
	const (
		areaWidth  = 300.0 // points, about a panel's data area
		areaHeight = 220.0
		labelWidth = 60.0 // about a design name at 9 points
		lineHeight = 11.0
		lift       = 5.0 // a label's baseline above its point
	)
	if logX {
		logged := make([]plotter.XY, len(xys))
		for i, xy := range xys {
			logged[i] = plotter.XY{X: math.Log10(xy.X), Y: xy.Y}
		}
		xys = logged
	}
	order := make([]int, len(xys))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return xys[order[a]].X < xys[order[b]].X })
	// A spot is where a placed label starts, in points from the data
	// area's bottom left.
	type spot struct{ x, y float64 }
	var placed []spot
	for _, i := range order {
		x := (xys[i].X - p.X.Min) / (p.X.Max - p.X.Min) * areaWidth
		base := (xys[i].Y-p.Y.Min)/(p.Y.Max-p.Y.Min)*areaHeight + lift
		y := base
		for clash := true; clash; {
			clash = false
			for _, q := range placed {
				// Not math.Abs(q.y-y) < lineHeight: for y = q.y +
				// lineHeight, (q.y + lineHeight) - q.y can round below
				// lineHeight, and the label would be lifted onto the same
				// spot for ever.
				if math.Abs(q.x-x) < labelWidth && y > q.y-lineHeight && y < q.y+lineHeight {
					clash = true
					y = q.y + lineHeight
					break
				}
			}
		}
		placed = append(placed, spot{x, y})
		l, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{xys[i]}, Labels: []string{names[i]}})
		if err != nil {
			return err
		}
		l.Offset = vg.Point{X: vg.Points(7), Y: vg.Points(y - base + lift)}
		l.TextStyle[0].Font.Size = vg.Points(9)
		l.TextStyle[0].Color = colors[i]
		p.Add(l)
	}
	return nil
}

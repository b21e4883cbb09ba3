package plots

import (
	"cmp"
	"image/color"
	"math"
	"slices"

	"chanbench/report/summary"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// A point is one summarised measurement on a chart: its position and the
// interval around it on each axis. An interval equal to the position, as
// when too few runs bound a median, draws no bar.
type point struct {
	x, y     float64
	xlo, xhi float64
	ylo, yhi float64
}

// statPoint places Stat st at x, in units of div.
func statPoint(x float64, st summary.Stat, div float64) point {
	p := point{x: x, y: st.Center / div, xlo: x, xhi: x}
	p.ylo, p.yhi = p.y, p.y
	if st.HasInterval() {
		p.ylo, p.yhi = st.Lo/div, st.Hi/div
	}
	return p
}

// bare is a point at x, y without intervals.
func bare(x, y float64) point { return point{x: x, y: y, xlo: x, xhi: x, ylo: y, yhi: y} }

// ratePoint places Rate r at x, as a percentage.
func ratePoint(x float64, r summary.Rate) point {
	return point{x: x, y: 100 * r.P(), xlo: x, xhi: x, ylo: 100 * r.Lo, yhi: 100 * r.Hi}
}

// points is a series of points; it implements plotter.XYer,
// plotter.XErrorer and plotter.YErrorer.
type points []point

// Len implements plotter.XYer.
func (ps points) Len() int { return len(ps) }

// XY implements plotter.XYer.
func (ps points) XY(i int) (x, y float64) { return ps[i].x, ps[i].y }

// XError implements plotter.XErrorer: distances to the interval's ends.
func (ps points) XError(i int) (low, high float64) { return ps[i].x - ps[i].xlo, ps[i].xhi - ps[i].x }

// YError implements plotter.YErrorer: distances to the interval's ends.
func (ps points) YError(i int) (low, high float64) { return ps[i].y - ps[i].ylo, ps[i].yhi - ps[i].y }

func (ps points) hasYInterval(i int) bool { return ps[i].ylo != ps[i].yhi }
func (ps points) hasXInterval(i int) bool { return ps[i].xlo != ps[i].xhi }

// filter returns the points whose index keep accepts.
func (ps points) filter(keep func(int) bool) points {
	var out points
	for i := range ps {
		if keep(i) {
			out = append(out, ps[i])
		}
	}
	return out
}

// yRange returns the smallest and largest y over all the points, their
// intervals included.
func yRange(all ...points) (lo, hi float64) {
	first := true
	for _, ps := range all {
		for _, p := range ps {
			if first {
				lo, hi, first = p.y, p.y, false
			}
			lo, hi = min(lo, p.y, p.ylo, p.yhi), max(hi, p.y, p.ylo, p.yhi)
		}
	}
	return lo, hi
}

// A series is one labelled set of points in a panel. A series without a
// label (such as each run's own value beside a summary) has no legend
// entry and is not expected to have intervals; one without a shape (a
// reference line) has no glyphs and no error bars.
type series struct {
	label  string
	pts    points
	color  color.Color
	shape  draw.GlyphDrawer
	dashes []vg.Length // nil for a solid line
	line   bool        // join the points with a line
	radius vg.Length   // glyph radius; 0 for the default
}

// add draws s on p: the line, the glyphs, and error bars for the points
// that have an interval. On a log axis (see setLogX) the points are drawn
// at log10 of their values, and an interval reaching zero or below is cut
// at the point. It returns the thumbnails for s's legend entry.
func (s series) add(p *plot.Plot, logX, logY bool) ([]plot.Thumbnailer, error) {
	pts := slices.Clone(s.pts)
	for i := range pts {
		if logX {
			pts[i].x, pts[i].xlo, pts[i].xhi = toLog(pts[i].x, pts[i].xlo, pts[i].xhi)
		}
		if logY {
			pts[i].y, pts[i].ylo, pts[i].yhi = toLog(pts[i].y, pts[i].ylo, pts[i].yhi)
		}
	}
	var thumbs []plot.Thumbnailer
	if s.line {
		joined := pts
		if len(pts) < 2 {
			joined = points{{}, {}} // not drawn: the legend still shows the line
		}
		l, err := plotter.NewLine(joined)
		if err != nil {
			return nil, err
		}
		l.Color, l.Width, l.Dashes = s.color, vg.Points(1.5), s.dashes
		if len(pts) > 1 {
			p.Add(l)
		}
		thumbs = append(thumbs, l)
	}
	if s.shape == nil && len(pts) == 1 { // a reference line at one x: a cross, lest it vanish
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, err
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: s.color, Radius: vg.Points(5), Shape: draw.CrossGlyph{}}
		p.Add(sc)
	}
	if s.shape == nil {
		return thumbs, nil
	}
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return nil, err
	}
	sc.GlyphStyle = draw.GlyphStyle{Color: s.color, Radius: cmp.Or(s.radius, vg.Points(3)), Shape: s.shape}
	p.Add(sc)
	thumbs = append(thumbs, sc)
	if ye := pts.filter(pts.hasYInterval); len(ye) > 0 {
		bars, err := plotter.NewYErrorBars(ye)
		if err != nil {
			return nil, err
		}
		bars.Color, bars.CapWidth = s.color, vg.Points(4)
		p.Add(bars)
	}
	if xe := pts.filter(pts.hasXInterval); len(xe) > 0 {
		bars, err := plotter.NewXErrorBars(xe)
		if err != nil {
			return nil, err
		}
		bars.Color, bars.CapWidth = s.color, vg.Points(4)
		p.Add(bars)
	}
	return thumbs, nil
}

// addSeries draws every series on p with a Y axis fitted to all of them,
// and adds each label to legend once. It reports whether any point had no
// interval, so that the figure can say so.
func addSeries(p *plot.Plot, legend *plot.Legend, seen map[string]bool, all []series, logX bool, lo, hi float64) (missingInterval bool, err error) {
	return addSeriesY(p, legend, seen, all, logX, setY(p, lo, hi))
}

// addSeriesY is addSeries on a Y axis already set up, logarithmic if logY.
func addSeriesY(p *plot.Plot, legend *plot.Legend, seen map[string]bool, all []series, logX, logY bool) (missingInterval bool, err error) {
	for _, s := range all {
		thumbs, err := s.add(p, logX, logY)
		if err != nil {
			return false, err
		}
		if s.label != "" && s.shape != nil && len(s.pts.filter(s.pts.hasYInterval)) < len(s.pts) {
			missingInterval = true
		}
		if s.label != "" && !seen[s.label] {
			seen[s.label] = true
			legend.Add(s.label, thumbs...)
		}
	}
	return missingInterval, nil
}

// toLog maps a value and its interval to log10. A bound at or below zero
// has no logarithm; the interval is then cut at the value.
func toLog(v, lo, hi float64) (float64, float64, float64) {
	if lo <= 0 {
		lo = v
	}
	return math.Log10(v), math.Log10(lo), math.Log10(hi)
}

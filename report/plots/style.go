package plots

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"

	"golang.org/x/perf/benchunit"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"chanbench/report/saturation"
)

// Options says what to draw and where the single-configuration charts
// take their numbers from.
type Options struct {
	// Designs lists the designs to draw, in display order (the caller's
	// order, designs.All()'s). A design's colour is its place in this
	// list. A design named in References is never drawn as one of these.
	Designs []string
	// References are designs drawn as reference lines where their
	// benchmark applies, never ranked or placed among Designs.
	References []Reference
	// Chunk and Window pick the Stream configuration of the latency and
	// cost-of-correctness charts, e.g. "64" and "1".
	Chunk, Window string
	// Work picks the Ordering configuration of the cost-of-correctness
	// chart, in time.Duration.String form, e.g. "20µs".
	Work string
	// Saturation says when a BenchmarkLoad point keeps up; the scaling
	// figure draws each design's saturation throughput by it. A zero
	// Bound draws none.
	Saturation saturation.Criteria
}

// designs returns o.Designs without the references.
func (o Options) designs() []string {
	return slices.DeleteFunc(slices.Clone(o.Designs), func(d string) bool {
		return slices.ContainsFunc(o.References, func(r Reference) bool { return r.Name == d })
	})
}

// colorAt returns the i'th colour of the Okabe–Ito palette, which stays
// distinguishable for the common forms of colour blindness. Its black is
// kept apart (black) for references and for what is not a design.
func colorAt(i int) color.Color {
	okabeIto := [...]color.RGBA{
		{0x00, 0x72, 0xB2, 0xff}, {0xD5, 0x5E, 0x00, 0xff}, {0x00, 0x9E, 0x73, 0xff}, {0xCC, 0x79, 0xA7, 0xff},
		{0xE6, 0x9F, 0x00, 0xff}, {0x56, 0xB4, 0xE9, 0xff}, {0x99, 0x99, 0x99, 0xff}, {0xF0, 0xE4, 0x42, 0xff},
	}
	return okabeIto[i%len(okabeIto)]
}

// black is the colour of references and of legend entries that name no
// design, never a design's.
func black() color.Color { return color.Black }

// shapeAt returns the i'th glyph shape (plotutil's).
func shapeAt(i int) draw.GlyphDrawer { return plotutil.Shape(i) }

// dashed is the dash pattern of a floor line.
func dashed() []vg.Length { return []vg.Length{vg.Points(5), vg.Points(3)} }

// refDashes is the dash pattern of a reference line: dash-dot.
func refDashes() []vg.Length {
	return []vg.Length{vg.Points(7), vg.Points(2), vg.Points(1.5), vg.Points(2)}
}

// designStyle returns the colour and glyph of design in opts.Designs.
func (o Options) designStyle(design string) (color.Color, draw.GlyphDrawer) {
	i := slices.Index(o.Designs, design)
	if i < 0 {
		i = len(o.Designs)
	}
	return colorAt(i), shapeAt(i)
}

// timeUnit picks benchunit's unit to show nanosecond values whose largest
// is max: "ns", "µs", "ms" or "s".
func timeUnit(max float64) (div float64, name string) {
	sc := benchunit.CommonScale([]float64{max * 1e-9}, benchunit.Decimal)
	return sc.Factor * 1e9, sc.Prefix + "s"
}

// byteSize formats a size in bytes with benchunit's binary prefix: "64 B",
// "4 KiB", "64 KiB".
func byteSize(n float64) string {
	sc := benchunit.CommonScale([]float64{n}, benchunit.Binary)
	return fmt.Sprintf("%g %sB", n/sc.Factor, sc.Prefix)
}

// needsLog reports whether values from lo to hi need a logarithmic axis.
func needsLog(lo, hi float64) bool { return lo > 0 && hi/lo >= 10 }

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

// setY sets p's Y axis to span lo..hi: logarithmic if the span needs it,
// else linear from zero. It reports whether it chose a log axis; the
// series must then be added with logY set.
func setY(p *plot.Plot, lo, hi float64) bool {
	if needsLog(lo, hi) {
		return setLogY(p, lo, hi)
	}
	p.Y.Min, p.Y.Max = 0, max(hi, 1e-9)*1.08
	p.Y.Tick.Marker = plainTicks{}
	return false
}

// plainTicks are gonum's default ticks labelled without trailing zeros
// ("25", not "25.00").
type plainTicks struct{}

// Ticks implements plot.Ticker.
func (plainTicks) Ticks(min, max float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(min, max)
	for i, t := range ticks {
		if t.Label != "" {
			ticks[i].Label = strconv.FormatFloat(t.Value, 'g', 6, 64)
		}
	}
	return ticks
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
// Where that would label fewer than three ticks, it labels every one of
// gonum's linear ticks of the real values instead.
type logTicks struct{}

// Ticks implements plot.Ticker; min and max are log10 of the data range.
func (logTicks) Ticks(min, max float64) []plot.Tick {
	var ticks []plot.Tick
	labelled := 0
	for e := math.Floor(min); e <= math.Ceil(max); e++ {
		for m := 1; m <= 9; m++ {
			v := float64(m) * math.Pow(10, e)
			if lv := math.Log10(v); lv >= min && lv <= max {
				t := plot.Tick{Value: lv}
				if m == 1 || m == 2 || m == 5 {
					t.Label = strconv.FormatFloat(v, 'g', -1, 64)
					labelled++
				}
				ticks = append(ticks, t)
			}
		}
	}
	if labelled >= 3 {
		return ticks
	}
	ticks = plot.DefaultTicks{}.Ticks(math.Pow(10, min), math.Pow(10, max))
	for i, t := range ticks {
		ticks[i] = plot.Tick{Value: math.Log10(t.Value), Label: strconv.FormatFloat(t.Value, 'g', 4, 64)}
	}
	return slices.DeleteFunc(ticks, func(t plot.Tick) bool { return math.IsNaN(t.Value) || math.IsInf(t.Value, 0) })
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

// nominalX labels p's X axis with names at 0, 1, 2, ..., slanted if two
// neighbours would run together.
func nominalX(p *plot.Plot, names []string) {
	p.NominalX(names...)
	p.X.Min, p.X.Max = -0.5, float64(len(names))-0.5
	slot := (panelWidth - vg.Points(70)) / vg.Length(len(names)) // about a panel's data width, shared
	lbl := &p.X.Tick.Label
	for i := 1; i < len(names); i++ {
		if (lbl.Width(names[i-1])+lbl.Width(names[i]))/2 > slot-vg.Points(4) {
			lbl.Rotation, lbl.XAlign, lbl.YAlign = math.Pi/6, draw.XRight, draw.YTop
			break
		}
	}
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

// dodgeLog shifts each series' points sideways on a log X axis, by a
// small factor that differs per series, so that series measured at the
// same x do not hide each other. A reference line (no shape) stays put.
func dodgeLog(ss []series) {
	n := len(slices.DeleteFunc(slices.Clone(ss), func(s series) bool { return s.shape == nil }))
	k := 0
	for i := range ss {
		if ss[i].shape == nil {
			continue
		}
		f := math.Exp(dodge(k, n) * 0.5)
		pts := slices.Clone(ss[i].pts)
		for j := range pts {
			pts[j].x, pts[j].xlo, pts[j].xhi = pts[j].x*f, pts[j].xlo*f, pts[j].xhi*f
		}
		ss[i].pts, k = pts, k+1
	}
}

package plots

import (
	"cmp"
	"fmt"
	"strings"

	"chanbench/bench/metric"
	"chanbench/report/summary"
	"gonum.org/v1/plot"
)

// Correctness draws the cost of correctness: for each of net's windows, a
// panel of each design's time per chunk (BenchmarkStream at the reference
// chunk and that window) against its violation rate (BenchmarkOrdering at
// the reference work and that window), one glyph per scheduling regime,
// with a reference's time per chunk as a vertical line. A window without
// both measurements has no panel, and the notes say so.
func Correctness(set *summary.Set, opts Options) (*Figure, error) {
	f := newFigure("correctness", fmt.Sprintf(
		"Cost of correctness: time per chunk (chunk %s B) vs violation rate (work %s), one panel per window, one point per design and regime",
		opts.Chunk, opts.Work))
	isOrdering := func(c summary.Config) bool { return c.Benchmark == summary.Ordering && c.Work == opts.Work }
	windows := summary.SortNumeric(set.Distinct(isOrdering, func(c summary.Config) string { return cmp.Or(c.Window, opts.Window) }))
	regimes := OrderRegimes(set.Distinct(isOrdering, func(c summary.Config) string { return c.Regime }))
	speedAt := func(d, w string) (summary.Stat, bool) {
		c, ok := set.Find(func(c summary.Config) bool {
			return c.Benchmark == summary.Stream && c.Design == d && c.Chunk == opts.Chunk && is(c.Window, w) && is(c.Impl, summary.ImplWorkflow)
		})
		st, ok2 := set.Stat(c, metric.UnitNs)
		return st, ok && ok2
	}
	type panel struct {
		window string
		ss     []series
	}
	var panels []panel
	var unmatched []string
	var all []points
	top := 0.0
	drawn := map[string]bool{}
	for _, w := range windows {
		pn := panel{window: w}
		for _, d := range opts.designs() {
			speed, ok := speedAt(d, w)
			if !ok {
				continue
			}
			col, _ := opts.designStyle(d)
			for k, r := range regimes {
				oc, ok := set.Find(func(c summary.Config) bool {
					return isOrdering(c) && c.Design == d && c.Regime == r && cmp.Or(c.Window, opts.Window) == w
				})
				rate, ok2 := set.Count(oc, metric.UnitViolations)
				if !ok || !ok2 || rate.N == 0 {
					continue
				}
				pt := ratePoint(speed.Center, rate)
				pt.xlo, pt.xhi = pt.x, pt.x
				if speed.HasInterval() {
					pt.xlo, pt.xhi = speed.Lo, speed.Hi
				}
				top = max(top, speed.Center)
				pn.ss = append(pn.ss, series{label: d, pts: points{pt}, color: col, shape: shapeAt(k)})
				all = append(all, points{pt})
				f.shows(d)
			}
		}
		if len(pn.ss) == 0 {
			unmatched = append(unmatched, w)
			continue
		}
		for _, r := range opts.References {
			if st, ok := speedAt(r.Name, w); ok {
				pn.ss = append(pn.ss, refSeries(r, points{{x: st.Center}, {x: st.Center}})) // y set below
				top, drawn[r.Name] = max(top, st.Center), true
			}
		}
		panels = append(panels, pn)
	}
	if len(panels) == 0 {
		return nil, fmt.Errorf("correctness: no design has both BenchmarkStream ns/op at chunk=%s and BenchmarkOrdering violations/op at work=%s in one window: %w",
			opts.Chunk, opts.Work, ErrNoData)
	}
	div, unit := timeUnit(top)
	_, hi := yRange(all...)
	hi = max(hi, 1)
	for _, pn := range panels {
		for i := range pn.ss {
			for j := range pn.ss[i].pts {
				pt := &pn.ss[i].pts[j]
				pt.x, pt.xlo, pt.xhi = pt.x/div, pt.xlo/div, pt.xhi/div
				if pn.ss[i].shape == nil { // a reference's vertical line, across the panel
					*pt = bare(pt.x, float64(j)*hi*1.08)
				}
			}
		}
		p := newPanel(fmt.Sprintf("Window %s: speed vs violations, work %s", pn.window, opts.Work),
			fmt.Sprintf("time per chunk (%s, chunk %s B; left is faster)", unit, opts.Chunk), "violating workflows (%)")
		p.Add(newGrid())
		var byDesign plot.Legend // the legend below names designs and regimes apart
		if _, err := addSeries(p, &byDesign, map[string]bool{}, pn.ss, false, 0, hi); err != nil {
			return nil, fmt.Errorf("correctness: %w", err)
		}
		pad := (p.X.Max - p.X.Min) * 0.06
		p.X.Min, p.X.Max = max(0, p.X.Min-pad), p.X.Max+pad
		f.Panels = append(f.Panels, p)
	}
	// The designs by colour, then the regimes by shape, in the legend.
	var legend []series
	for _, d := range f.Designs {
		col, _ := opts.designStyle(d)
		legend = append(legend, series{label: d, color: col, shape: shapeAt(0)})
	}
	for k, r := range regimes {
		legend = append(legend, series{label: "regime " + r, color: black(), shape: shapeAt(k)})
	}
	for _, r := range opts.References {
		if drawn[r.Name] {
			legend = append(legend, refSeries(r, nil))
		}
	}
	if err := legendOnly(&f.Legend, legend); err != nil {
		return nil, fmt.Errorf("correctness: %w", err)
	}
	f.Notes = []string{
		"Colour: the design. Shape: the scheduling regime (natural: Go's own; yield: runtime.Gosched before each of net's receives; forced: both terminal messages ready before net's select).",
		"Vertical bars: 95% interval of x/N workflows, allowing for variation between runs (the Wilson interval when the runs agree). Horizontal bars: 95% interval of the median time (none with fewer than 6 runs).",
		"All panels share the vertical scale. Down and left is better; a design is correct only if it is at 0 in every panel.",
	}
	if len(unmatched) > 0 {
		f.Notes = append(f.Notes, fmt.Sprintf("No panel for window %s: no BenchmarkStream time at chunk %s there; its violation rates are in the violations-by-window figure.",
			strings.Join(unmatched, ", "), opts.Chunk))
	}
	f.Notes = append(f.Notes, f.refNotes(opts, summary.Stream, func(n string) bool { return drawn[n] })...)
	return f, nil
}

// legendOnly adds each series' legend entry without drawing it.
func legendOnly(l *plot.Legend, ss []series) error {
	_, err := addSeriesY(plot.New(), l, map[string]bool{}, ss, false, false)
	return err
}

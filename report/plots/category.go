package plots

import (
	"errors"
	"fmt"
	"image/color"
	"slices"

	"chanbench/report/summary"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"
)

// A measure is one quantity drawn for every design on a category chart:
// unit of the Config that keep selects for a design.
type measure struct {
	label, unit string
	keep        func(design string) func(summary.Config) bool
	color       color.Color
	shape       draw.GlyphDrawer
}

// Latency draws BenchmarkStream's chunk latency, from net's request to the
// chunk's delivery, at its p50, p99 and p99.9, for each design at the
// reference chunk size and window.
func Latency(set *summary.Set, opts Options) (*Figure, error) {
	f := newFigure("latency", fmt.Sprintf("Chunk latency percentiles per design, chunk %s B, window %s", opts.Chunk, opts.Window))
	at := func(d string) func(summary.Config) bool {
		return func(c summary.Config) bool {
			return c.Benchmark == summary.Stream && c.Design == d && c.Chunk == opts.Chunk &&
				is(c.Window, opts.Window) && is(c.Impl, implWorkflow)
		}
	}
	var ms []measure
	for i, q := range []string{"p50", "p99", "p99.9"} {
		ms = append(ms, measure{label: q, unit: q + "-ns/op", keep: at, color: colorAt([]int{5, 0, 6}[i]), shape: shapeAt(i)})
	}
	err := f.categoryPanel(set, opts, summary.Stream, ms, fmt.Sprintf("Chunk latency, request to delivery (chunk %s B, window %s)", opts.Chunk, opts.Window),
		"chunk latency", "Each point: a percentile of one run's chunk latencies; the median of that percentile over the runs.")
	if errors.Is(err, ErrNoData) {
		return nil, fmt.Errorf("latency: no BenchmarkStream latency percentiles at chunk=%s window=%s: %w", opts.Chunk, opts.Window, err)
	} else if err != nil {
		return nil, fmt.Errorf("latency: %w", err)
	}
	return f, nil
}

// Shutdown draws BenchmarkWorkflow's shutdown latency, from the source's
// last outcome to net's end, at p50 and p99, per design and outcome.
func Shutdown(set *summary.Set, opts Options) (*Figure, error) {
	f := newFigure("shutdown", "Shutdown latency p50 and p99 per design, for each terminal outcome")
	isWorkflow := func(c summary.Config) bool {
		return c.Benchmark == summary.Workflow && c.Outcome != "" && is(c.Impl, implWorkflow)
	}
	outcomes := set.Distinct(isWorkflow, func(c summary.Config) string { return c.Outcome })
	slices.Sort(outcomes) // done, error, then any other
	var ms []measure
	for i, o := range outcomes {
		at := func(d string) func(summary.Config) bool {
			return func(c summary.Config) bool { return isWorkflow(c) && c.Design == d && c.Outcome == o }
		}
		ms = append(ms,
			measure{label: o + " p50", unit: "shutdown-p50-ns/op", keep: at, color: colorAt([]int{2, 1, 0, 3, 4, 5}[i%6]), shape: draw.CircleGlyph{}},
			measure{label: o + " p99", unit: "shutdown-p99-ns/op", keep: at, color: colorAt([]int{2, 1, 0, 3, 4, 5}[i%6]), shape: draw.TriangleGlyph{}})
	}
	err := f.categoryPanel(set, opts, summary.Workflow, ms, "Shutdown latency: source's last outcome to net's end", "shutdown latency",
		"Colour: the source's terminal outcome. Circle: p50, triangle: p99 of one run's workflows; the median over the runs.")
	if errors.Is(err, ErrNoData) {
		return nil, fmt.Errorf("shutdown: no BenchmarkWorkflow shutdown latencies: %w", err)
	} else if err != nil {
		return nil, fmt.Errorf("shutdown: %w", err)
	}
	return f, nil
}

// categoryPanel fills f with one panel of time measures per design on a
// nominal x axis, each design's measures side by side, and a horizontal
// reference line per measure of each reference that has it. yLabel gets
// the time unit appended; note explains what a point is.
func (f *Figure) categoryPanel(set *summary.Set, opts Options, family string, ms []measure, title, yLabel, note string) error {
	type value struct {
		k  int
		d  string
		st summary.Stat
	}
	stat := func(k int, d string) (value, bool) {
		c, ok := set.Find(ms[k].keep(d))
		if !ok {
			return value{}, false
		}
		st, ok := set.Stat(c, ms[k].unit)
		return value{k, d, st}, ok
	}
	var vals, refs []value
	top := 0.0
	for k := range ms {
		for _, d := range opts.designs() {
			if v, ok := stat(k, d); ok {
				vals, top = append(vals, v), max(top, v.st.Center)
			}
		}
		for _, r := range opts.References {
			if v, ok := stat(k, r.Name); ok {
				refs, top = append(refs, v), max(top, v.st.Center)
			}
		}
	}
	for _, d := range opts.designs() { // f.Designs in display order
		if slices.ContainsFunc(vals, func(v value) bool { return v.d == d }) {
			f.shows(d)
		}
	}
	if len(f.Designs) == 0 {
		return ErrNoData
	}
	div, unit := timeUnit(top)
	ss := make([]series, len(ms))
	for k, m := range ms {
		ss[k] = series{label: m.label, color: m.color, shape: m.shape}
	}
	for _, v := range vals {
		x := float64(slices.Index(f.Designs, v.d)) + dodge(v.k, len(ms))
		ss[v.k].pts = append(ss[v.k].pts, statPoint(x, v.st, div))
	}
	ss = slices.DeleteFunc(ss, func(s series) bool { return len(s.pts) == 0 })
	for _, v := range refs {
		y := v.st.Center / div
		ss = append(ss, series{label: fmt.Sprintf("%s %s", opts.reference(v.d).label(), ms[v.k].label), color: ms[v.k].color,
			dashes: refDashes(), line: true, pts: points{{x: -0.5, y: y, xlo: -0.5, xhi: -0.5, ylo: y, yhi: y},
				{x: float64(len(f.Designs)) - 0.5, y: y, ylo: y, yhi: y}}})
	}
	p := newPanel(title, "design", fmt.Sprintf("%s (%s)", yLabel, unit))
	nominalX(p, f.Designs)
	p.Add(newNominalGrid())
	all := make([]points, len(ss))
	for i, s := range ss {
		all[i] = s.pts
	}
	lo, hi := yRange(all...)
	missing, err := addSeries(p, &f.Legend, map[string]bool{}, ss, false, lo, hi)
	if err != nil {
		return err
	}
	f.Panels = []*plot.Plot{p}
	f.Notes = append([]string{note, errorBarNote(missing)}, f.refNotes(opts, family, func(name string) bool {
		return slices.ContainsFunc(refs, func(v value) bool { return v.d == name })
	})...)
	return nil
}

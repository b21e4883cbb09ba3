package plots

import (
	"fmt"
	"image/color"
	"slices"

	"chanbench/bench/metric"
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
				is(c.Window, opts.Window) && is(c.Impl, summary.ImplWorkflow)
		}
	}
	var ms []measure
	for i, u := range []string{metric.UnitP50, metric.UnitP99, metric.UnitP999} {
		ms = append(ms, measure{label: []string{"p50", "p99", "p99.9"}[i], unit: u, keep: at, color: []color.Color{colorAt(5), colorAt(0), black()}[i], shape: shapeAt(i)})
	}
	err := f.categoryPanel(set, opts, summary.Stream, ms, fmt.Sprintf("Chunk latency, wanted to delivered (chunk %s B, window %s)", opts.Chunk, opts.Window),
		"chunk latency", "Each point: a percentile of one run's chunk latencies; the median of that percentile over the runs.",
		fmt.Sprintf("no BenchmarkStream latency percentiles at chunk=%s window=%s", opts.Chunk, opts.Window))
	if err != nil {
		return nil, fmt.Errorf("latency: %w", err)
	}
	return f, nil
}

// Shutdown draws BenchmarkWorkflow's shutdown latency, from the source's
// last outcome to net's end, at p50 and p99, per design and outcome.
func Shutdown(set *summary.Set, opts Options) (*Figure, error) {
	f := newFigure("shutdown", "Shutdown latency p50 and p99 per design, for each terminal outcome")
	isWorkflow := func(c summary.Config) bool {
		return c.Benchmark == summary.Workflow && c.Outcome != "" && is(c.Impl, summary.ImplWorkflow)
	}
	outcomes := set.Distinct(isWorkflow, func(c summary.Config) string { return c.Outcome })
	slices.Sort(outcomes) // done, error, then any other
	var ms []measure
	for i, o := range outcomes {
		at := func(d string) func(summary.Config) bool {
			return func(c summary.Config) bool { return isWorkflow(c) && c.Design == d && c.Outcome == o }
		}
		col := colorAt([]int{2, 1, 0, 3, 4, 5}[i%6]) // done green, error vermillion
		ms = append(ms, measure{label: o + " p50", unit: metric.UnitShutdownP50, keep: at, color: col, shape: draw.CircleGlyph{}},
			measure{label: o + " p99", unit: metric.UnitShutdownP99, keep: at, color: col, shape: draw.TriangleGlyph{}})
	}
	err := f.categoryPanel(set, opts, summary.Workflow, ms, "Shutdown latency: source's last outcome to net's end", "shutdown latency",
		"Colour: the source's terminal outcome. Circle: p50, triangle: p99 of one run's workflows; the median over the runs.",
		"no BenchmarkWorkflow shutdown latencies")
	if err != nil {
		return nil, fmt.Errorf("shutdown: %w", err)
	}
	return f, nil
}

// categoryPanel fills f with one panel of time measures per design on a
// nominal x axis, each design's measures side by side, and a horizontal
// reference line per measure of each reference that has it. yLabel gets
// the time unit appended; note explains what a point is; what says what
// is missing if no design has a value.
func (f *Figure) categoryPanel(set *summary.Set, opts Options, family string, ms []measure, title, yLabel, note, what string) error {
	stat := func(m measure, d string) (summary.Stat, bool) {
		c, ok := set.Find(m.keep(d))
		st, ok2 := set.Stat(c, m.unit)
		return st, ok && ok2
	}
	for _, d := range opts.designs() {
		if slices.ContainsFunc(ms, func(m measure) bool { _, ok := stat(m, d); return ok }) {
			f.shows(d)
		}
	}
	if len(f.Designs) == 0 {
		return fmt.Errorf("%s: %w", what, ErrNoData)
	}
	var ss []series
	drawn := map[string]bool{}
	top := 0.0
	for k, m := range ms {
		s := series{label: m.label, color: m.color, shape: m.shape}
		for i, d := range f.Designs {
			if st, ok := stat(m, d); ok {
				s.pts, top = append(s.pts, statPoint(float64(i)+dodge(k, len(ms)), st, 1)), max(top, st.Center)
			}
		}
		if len(s.pts) > 0 {
			ss = append(ss, s)
		}
		for _, r := range opts.References {
			if st, ok := stat(m, r.Name); ok {
				ref := refSeries(r, points{bare(-0.5, st.Center), bare(float64(len(f.Designs))-0.5, st.Center)})
				ref.label, ref.color = ref.label+" "+m.label, m.color
				ss, drawn[r.Name], top = append(ss, ref), true, max(top, st.Center)
			}
		}
	}
	div, unit := timeUnit(top)
	all := make([]points, len(ss))
	for i := range ss {
		for j := range ss[i].pts {
			pt := &ss[i].pts[j]
			pt.y, pt.ylo, pt.yhi = pt.y/div, pt.ylo/div, pt.yhi/div
		}
		all[i] = ss[i].pts
	}
	p := newPanel(title, "design", fmt.Sprintf("%s (%s)", yLabel, unit))
	nominalX(p, f.Designs)
	p.Add(newNominalGrid())
	lo, hi := yRange(all...)
	missing, err := addSeries(p, &f.Legend, map[string]bool{}, ss, false, lo, hi)
	f.Panels = []*plot.Plot{p}
	f.Notes = append([]string{note, errorBarNote(missing)}, f.refNotes(opts, family, func(n string) bool { return drawn[n] })...)
	return err
}

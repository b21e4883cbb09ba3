package plots

import (
	"fmt"

	"chanbench/bench/metric"
	"chanbench/report/summary"
	"gonum.org/v1/plot"
)

// Streams draws BenchmarkStreams' time per chunk against the number of
// concurrent streams sharing one router, log-log: one solid line per
// design, a dashed line for its floor, and a reference's line where it has
// one.
func Streams(set *summary.Set, opts Options) (*Figure, error) {
	f := newFigure("streams", "Time per chunk vs concurrent streams (log-log), one line per design and its floor")
	l := designLines(f, opts, func(d, impl string) []xstat {
		return statsOver(set, func(c summary.Config) bool {
			return c.Benchmark == summary.Streams && c.Design == d && is(c.Impl, impl)
		}, func(c summary.Config) float64 { return float64(c.StreamCount()) }, metric.UnitNs)
	}, summary.ImplWorkflow, summary.ImplFloor)
	if len(l.ss) == 0 {
		return nil, fmt.Errorf("streams: no BenchmarkStreams results in ns/op: %w", ErrNoData)
	}
	div, unit := timeUnit(maxCenter(l.xs...))
	lo, hi := yRange(l.scale(div)...)
	missing, err := f.linePanel(l, map[string]bool{}, "Cost per chunk vs concurrent streams", "concurrent streams sharing one router (log scale)",
		fmt.Sprintf("time per chunk (%s, log scale)", unit), nil, nil, func(p *plot.Plot) bool { return setLogY(p, lo, hi) })
	if err != nil {
		return nil, fmt.Errorf("streams: %w", err)
	}
	f.Notes = append([]string{
		"Solid: the design. Dashed: its floor, the same channel hops and payload work, no workflow logic.",
		"Series are offset slightly sideways so that none hides another.",
		errorBarNote(missing),
	}, f.refNotes(opts, summary.Streams, func(n string) bool { return l.refs[n] })...)
	return f, nil
}

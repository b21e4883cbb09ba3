package plots

import (
	"fmt"
	"strconv"

	"chanbench/report/summary"
	"gonum.org/v1/plot"
)

// Streams draws BenchmarkStreams' time per chunk against the number of
// concurrent streams sharing one router, log-log: one solid line per
// design, a dashed line for its floor, and a reference's line where it has
// one.
func Streams(set *summary.Set, opts Options) (*Figure, error) {
	f := newFigure("streams", "Time per chunk vs concurrent streams (log-log), one line per design and its floor")
	var ss []series
	var groups [][]xstat
	at := func(d, impl string) func(summary.Config) bool {
		return func(c summary.Config) bool {
			return c.Benchmark == summary.Streams && c.Design == d && is(c.Impl, impl)
		}
	}
	streams := func(c summary.Config) float64 { return float64(c.StreamCount()) }
	for _, d := range opts.designs() {
		col, shape := opts.designStyle(d)
		for _, impl := range []string{implWorkflow, implFloor} {
			xs := statsOver(set, at(d, impl), streams, unitNs)
			if len(xs) == 0 {
				continue
			}
			s := series{label: d, color: col, shape: shape, line: true}
			if impl == implFloor {
				s.label, s.dashes = d+" floor", dashed()
			}
			ss = append(ss, s)
			groups = append(groups, xs)
			f.shows(d)
		}
	}
	if len(ss) == 0 {
		return nil, fmt.Errorf("streams: no BenchmarkStreams results in ns/op: %w", ErrNoData)
	}
	drawn := map[string]bool{}
	for _, r := range opts.References {
		if xs := statsOver(set, at(r.Name, implWorkflow), streams, unitNs); len(xs) > 0 {
			ss, groups, drawn[r.Name] = append(ss, refSeries(r, nil)), append(groups, xs), true
		}
	}
	div, unit := timeUnit(maxCenter(groups...))
	pts := make([]points, len(ss))
	for i := range ss {
		ss[i].pts = toPoints(groups[i], div)
		pts[i] = ss[i].pts
	}
	dodgeLog(ss)
	p := newPanel("Cost per chunk vs concurrent streams", "concurrent streams sharing one router (log scale)",
		fmt.Sprintf("time per chunk (%s, log scale)", unit))
	setLogX(p, distinctX(groups...), func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) })
	p.Add(newGrid())
	lo, hi := yRange(pts...)
	missing, err := addSeriesY(p, &f.Legend, map[string]bool{}, ss, true, setLogY(p, lo, hi))
	if err != nil {
		return nil, fmt.Errorf("streams: %w", err)
	}
	f.Panels = []*plot.Plot{p}
	f.Notes = append([]string{
		"Solid: the design. Dashed: its floor, the same channel hops and payload work, no workflow logic.",
		"Series are offset slightly sideways so that none hides another.",
		errorBarNote(missing),
	}, f.refNotes(opts, func(n string) bool { return drawn[n] })...)
	return f, nil
}

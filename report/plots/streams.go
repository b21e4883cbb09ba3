package plots

import (
	"fmt"
	"strconv"

	"chanbench/report/summary"
	"gonum.org/v1/plot"
)

// Streams draws BenchmarkStreams' time per chunk against the number of
// concurrent streams sharing one router, log-log: one solid line per
// design, a dashed line for its floor.
func Streams(set *summary.Set, opts Options) (*Figure, error) {
	f := newFigure("streams", "Time per chunk vs concurrent streams (log-log), one line per design and its floor")
	var ss []series
	var groups [][]xstat
	type pending struct {
		s  series
		xs []xstat
	}
	var all []pending
	for _, d := range opts.Designs {
		col, shape := opts.designStyle(d)
		for _, impl := range []string{implWorkflow, implFloor} {
			xs := statsOver(set, func(c summary.Config) bool {
				return c.Benchmark == summary.Streams && c.Design == d && c.Impl == impl
			}, func(c summary.Config) float64 { return float64(c.StreamCount()) }, unitNs)
			if len(xs) == 0 {
				continue
			}
			s := series{label: d, color: col, shape: shape, line: true}
			if impl == implFloor {
				s.label, s.dashes = d+" floor", dashed()
			}
			all = append(all, pending{s, xs})
			f.shows(d)
			groups = append(groups, xs)
		}
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("streams: no BenchmarkStreams results in ns/op: %w", ErrNoData)
	}
	div, unit := timeUnit(maxCenter(groups...))
	for _, pd := range all {
		pd.s.pts = toPoints(pd.xs, div)
		ss = append(ss, pd.s)
	}
	dodgeLog(ss)
	var pts []points
	for _, s := range ss {
		pts = append(pts, s.pts)
	}
	p := newPanel("Cost per chunk vs concurrent streams", "concurrent streams sharing one router (log scale)",
		fmt.Sprintf("time per chunk (%s)", unit))
	setLogX(p, distinctX(groups...), func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) })
	p.Add(newGrid())
	lo, hi := yRange(pts...)
	missing, err := addSeriesY(p, &f.Legend, make(map[string]bool), ss, true, setLogY(p, lo, hi))
	if err != nil {
		return nil, fmt.Errorf("streams: %w", err)
	}
	f.Panels = []*plot.Plot{p}
	f.Notes = []string{
		"Solid: the design. Dashed: its floor, the same channel hops and payload work, no workflow logic.",
		"Series are offset slightly sideways so that none hides another.",
		errorBarNote(missing),
	}
	return f, nil
}

package plots

import (
	"fmt"
	"strconv"

	"chanbench/bench/metric"
	"chanbench/report/summary"
	"gonum.org/v1/plot/vg"
)

// LoadViolations draws BenchmarkLoad's violations, the share of streams
// with any violation, against the offered load: one panel per GOMAXPROCS,
// one line per design, each point x of N streams over every run with its
// 95% interval (see summary.Rate) and, beside it, each run's own share.
// The closed-loop point is the last on the axis. A violation counts
// whether or not the load generator kept its schedule: it is a fact about
// the design either way.
func LoadViolations(set *summary.Set, opts Options) (*Figure, error) {
	load := set.Filter(func(c summary.Config) bool { return c.Benchmark == summary.Load && c.Rate != "" })
	procs := summary.SortProcs(load.Distinct(nil, func(c summary.Config) string { return c.Procs }))
	rates := summary.SortRates(load.Distinct(nil, func(c summary.Config) string { return c.Rate }))
	if len(rates) > 0 && rates[0] == summary.RateClosed {
		rates = append(rates[1:], summary.RateClosed) // closed is past every offered rate
	}
	names := make([]string, len(rates))
	for i, r := range rates {
		names[i] = r
		if n := (summary.Config{Rate: r}).OfferedRate(); n > 0 {
			names[i] = strconv.FormatFloat(float64(n)/1000, 'f', -1, 64) + "k"
		}
	}
	f := newFigure("load-violations", "Streams with a violation vs offered load, one line per design, one panel per GOMAXPROCS")
	seen := make(map[string]bool)
	for _, p := range procs {
		var ss []series
		for k, d := range opts.Designs {
			col, shape := opts.designStyle(d)
			var pts, closed, runs points
			for i, r := range rates {
				c, ok := load.Find(func(c summary.Config) bool { return c.Design == d && c.Procs == p && c.Rate == r })
				if !ok {
					continue
				}
				rate, ok := load.Count(c, metric.UnitViolations)
				if !ok || rate.N == 0 {
					continue
				}
				at := float64(i) + dodge(k, len(opts.Designs))
				if r == summary.RateClosed {
					closed = append(closed, ratePoint(at, rate)) // not on the line of offered rates
				} else {
					pts = append(pts, ratePoint(at, rate))
				}
				for _, run := range rate.Runs {
					y := 100 * run.P()
					runs = append(runs, point{x: at + 0.04, y: y, xlo: at + 0.04, xhi: at + 0.04, ylo: y, yhi: y})
				}
			}
			if len(pts)+len(closed) == 0 {
				continue
			}
			f.shows(d)
			ss = append(ss, series{label: d, pts: pts, color: col, shape: shape, line: true})
			if len(closed) > 0 {
				ss = append(ss, series{pts: closed, color: col, shape: shape})
			}
			ss = append(ss, series{pts: runs, color: col, shape: shape, radius: vg.Points(1.3)})
		}
		if len(ss) == 0 {
			continue
		}
		pl := newPanel(fmt.Sprintf("Violations under load, GOMAXPROCS %d", summary.GOMAXPROCS(p)), "offered load (streams/s; closed: all at once)", "streams with a violation (%)")
		nominalX(pl, names)
		pl.Add(newNominalGrid())
		var all []points
		for _, s := range ss {
			all = append(all, s.pts)
		}
		_, hi := yRange(all...)
		if _, err := addSeries(pl, &f.Legend, seen, ss, false, 0, hi); err != nil {
			return nil, fmt.Errorf("load violations: %w", err)
		}
		f.Panels = append(f.Panels, pl)
	}
	if len(f.Panels) == 0 {
		return nil, fmt.Errorf("load violations: no BenchmarkLoad results with violations/op: %w", ErrNoData)
	}
	f.Notes = []string{
		"Large points: x of N streams had a violation of any kind, all runs pooled; error bars: the 95% interval allowing for variation between runs (at 0/N, the upper bound).",
		"Small points just right of each bar: each run's own share.",
		"Counted in every run, whether or not the load generator kept its schedule.",
		"The closed-loop point (closed) is not joined to the offered rates' line.",
		"Designs are offset sideways so no bar hides another.",
	}
	return f, nil
}

package plots

import (
	"fmt"
	"sort"

	"chanbench/report/summary"
)

// Violations draws BenchmarkOrdering's violation rate, the share of
// workflows with any violation, against net's work per chunk: one panel
// per scheduling regime, one line per design, with 95% Wilson intervals.
func Violations(set *summary.Set, opts Options) (*Figure, error) {
	f := newFigure("violations", "Violation rate vs net's work per chunk, one line per design, one panel per regime")
	isOrdering := func(c summary.Config) bool {
		return c.Benchmark == summary.Ordering && c.Regime != "" && c.Work != ""
	}
	regimes := OrderRegimes(set.Distinct(isOrdering, func(c summary.Config) string { return c.Regime }))
	works := set.Distinct(isOrdering, func(c summary.Config) string { return c.Work })
	sort.SliceStable(works, func(i, j int) bool {
		return summary.Config{Work: works[i]}.WorkDuration() < summary.Config{Work: works[j]}.WorkDuration()
	})

	type panel struct {
		regime string
		series []series
	}
	var panels []panel
	for _, r := range regimes {
		pn := panel{regime: r}
		for k, d := range opts.Designs {
			col, shape := opts.designStyle(d)
			var pts points
			for i, w := range works {
				c, ok := set.Find(func(c summary.Config) bool {
					return isOrdering(c) && c.Design == d && c.Regime == r && c.Work == w
				})
				if !ok {
					continue
				}
				if rate, ok := set.Count(c, unitViolate); ok && rate.N > 0 {
					pts = append(pts, ratePoint(float64(i)+dodge(k, len(opts.Designs)), rate))
				}
			}
			if len(pts) > 0 {
				pn.series = append(pn.series, series{label: d, pts: pts, color: col, shape: shape, line: true})
				f.shows(d)
			}
		}
		if len(pn.series) > 0 {
			panels = append(panels, pn)
		}
	}
	if len(panels) == 0 {
		return nil, fmt.Errorf("violations: no BenchmarkOrdering results with violations/op: %w", ErrNoData)
	}
	seen := make(map[string]bool)
	for _, pn := range panels {
		p := newPanel(fmt.Sprintf("Violation rate vs net's work, regime %s", pn.regime),
			"net's work per chunk", "violating workflows (%)")
		nominalX(p, works)
		p.Add(newNominalGrid())
		var pts []points
		for _, s := range pn.series {
			pts = append(pts, s.pts)
		}
		_, hi := yRange(pts...)
		if _, err := addSeries(p, &f.Legend, seen, pn.series, false, 0, hi); err != nil {
			return nil, fmt.Errorf("violations: %w", err)
		}
		f.Panels = append(f.Panels, p)
	}
	f.Notes = []string{
		"Points: x of N workflows had a violation of any kind (error lost or late, chunk lost, duplicated, reordered or corrupted, deadlock, leak).",
		"Error bars: 95% Wilson score interval; at 0/N the bar is the upper bound.",
		"Designs are offset sideways so no bar hides another. Each panel has its own vertical scale.",
		"Regimes: natural, Go's own scheduling; yield, runtime.Gosched before each of net's receives; forced, every other actor blocked before net chooses.",
	}
	return f, nil
}

// OrderRegimes puts the spec's regimes in the order natural, yield,
// forced, then any other alphabetically.
func OrderRegimes(regimes []string) []string {
	out := append([]string(nil), regimes...)
	sortBy(out, func(r string) int {
		switch r {
		case "natural":
			return 0
		case "race":
			return 1
		case "yield":
			return 2
		case "forced":
			return 3
		}
		return 4
	})
	return out
}

package plots

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"chanbench/bench/metric"
	"chanbench/report/summary"
	"gonum.org/v1/plot/vg"
)

// Violations draws BenchmarkOrdering's violation rate, the share of
// workflows with any violation, against net's work per chunk at the
// reference window (opts.Window; results without a window= part count as
// that window): one panel per scheduling regime, one line per design, each
// point with its 95% interval (see summary.Rate) and, beside it, each
// run's own rate.
func Violations(set *summary.Set, opts Options) (*Figure, error) {
	keep := func(c summary.Config) bool {
		return c.Benchmark == summary.Ordering && c.Regime != "" && c.Work != "" &&
			(c.Window == "" || c.Window == opts.Window)
	}
	works := set.Distinct(keep, func(c summary.Config) string { return c.Work })
	slices.SortStableFunc(works, func(a, b string) int {
		return cmp.Compare(summary.Config{Work: a}.WorkDuration(), summary.Config{Work: b}.WorkDuration())
	})
	f := newFigure("violations", fmt.Sprintf("Violation rate vs net's work per chunk at window %s, one line per design, one panel per regime", opts.Window))
	err := rateFigure(f, set, opts, keep, works, func(c summary.Config) string { return c.Work },
		"Violation rate vs net's work, regime %s", "net's work per chunk")
	if err != nil {
		return nil, fmt.Errorf("violations: %w", err)
	}
	return f, nil
}

// ViolationsByWindow draws BenchmarkOrdering's violation rate against net's
// window at the reference work (opts.Work): one panel per regime, one line
// per design, with intervals and each run's rate as in Violations.
func ViolationsByWindow(set *summary.Set, opts Options) (*Figure, error) {
	keep := func(c summary.Config) bool {
		return c.Benchmark == summary.Ordering && c.Regime != "" && c.Window != "" && c.Work == opts.Work
	}
	windows := summary.SortNumeric(set.Distinct(keep, func(c summary.Config) string { return c.Window }))
	if len(windows) == 0 {
		return nil, fmt.Errorf("violations by window: no BenchmarkOrdering results with a window= part at net's work %s: %w", opts.Work, ErrNoData)
	}
	f := newFigure("violations-window", fmt.Sprintf("Violation rate vs net's window at work %s, one line per design, one panel per regime", opts.Work))
	err := rateFigure(f, set, opts, keep, windows, func(c summary.Config) string { return c.Window },
		"Violation rate vs window, regime %s", "net's window (outstanding requests)")
	if err != nil {
		return nil, fmt.Errorf("violations by window: %w", err)
	}
	return f, nil
}

// A ratePanel is one regime's series: per design, a labelled series of
// pooled rates with their intervals, followed by an unlabelled series of
// each run's own rate.
type ratePanel struct {
	regime string
	series []series
	refs   []string // references drawn
}

// ratePanels computes the panels of a rate figure over the Ordering results
// keep selects, x being the nominal values xs of xOf.
func ratePanels(set *summary.Set, opts Options, keep func(summary.Config) bool,
	xs []string, xOf func(summary.Config) string) []ratePanel {
	regimes := OrderRegimes(set.Distinct(keep, func(c summary.Config) string { return c.Regime }))
	var panels []ratePanel
	for _, r := range regimes {
		pn := ratePanel{regime: r}
		rateAt := func(d, x string) (summary.Rate, bool) {
			c, ok := set.Find(func(c summary.Config) bool { return keep(c) && c.Design == d && c.Regime == r && xOf(c) == x })
			rate, ok2 := set.Count(c, metric.UnitViolations)
			return rate, ok && ok2 && rate.N > 0
		}
		designs := opts.designs()
		for k, d := range designs {
			col, shape := opts.designStyle(d)
			var pts, runs points
			for i, x := range xs {
				rate, ok := rateAt(d, x)
				if !ok {
					continue
				}
				at := float64(i) + dodge(k, len(designs))
				pts = append(pts, ratePoint(at, rate))
				for _, run := range rate.Runs { // each run just right of its design's interval
					runs = append(runs, bare(at+0.04, 100*run.P()))
				}
			}
			if len(pts) > 0 {
				pn.series = append(pn.series, series{label: d, pts: pts, color: col, shape: shape, line: true},
					series{pts: runs, color: col, shape: shape, radius: vg.Points(1.3)})
			}
		}
		if len(pn.series) == 0 {
			continue
		}
		for _, ref := range opts.References {
			var pts points
			for i, x := range xs {
				if rate, ok := rateAt(ref.Name, x); ok {
					pts = append(pts, ratePoint(float64(i), rate))
				}
			}
			if len(pts) > 0 {
				pn.series, pn.refs = append(pn.series, refSeries(ref, pts)), append(pn.refs, ref.Name)
			}
		}
		panels = append(panels, pn)
	}
	return panels
}

// rateFigure fills f with one panel per regime of the Ordering results keep
// selects, x being the nominal values xs of xOf.
func rateFigure(f *Figure, set *summary.Set, opts Options, keep func(summary.Config) bool,
	xs []string, xOf func(summary.Config) string, panelTitle, xLabel string) error {
	panels := ratePanels(set, opts, keep, xs, xOf)
	if len(panels) == 0 {
		return fmt.Errorf("no BenchmarkOrdering results with violations/op: %w", ErrNoData)
	}
	seen := make(map[string]bool)
	drawn := make(map[string]bool)
	for _, pn := range panels {
		for _, s := range pn.series {
			if s.label != "" && s.shape != nil {
				f.shows(s.label)
			}
		}
		for _, r := range pn.refs {
			drawn[r] = true
		}
		p := newPanel(fmt.Sprintf(panelTitle, pn.regime), xLabel, "violating workflows (%)")
		nominalX(p, xs)
		p.Add(newNominalGrid())
		var pts []points
		for _, s := range pn.series {
			pts = append(pts, s.pts)
		}
		_, hi := yRange(pts...)
		if _, err := addSeries(p, &f.Legend, seen, pn.series, false, 0, hi); err != nil {
			return err
		}
		f.Panels = append(f.Panels, p)
	}
	f.Notes = []string{
		"Large points: x of N workflows had a violation of any kind (error lost or late, chunk lost, duplicated, reordered or corrupted, deadlock, leak, wrong end, panic), all runs pooled.",
		"Error bars: 95% interval allowing for variation between runs (quasi-binomial; the Wilson interval when runs agree); at 0/N the bar is the upper bound.",
		"Small points just right of each bar: each run's own rate.",
		"Designs are offset sideways so no bar hides another. Each panel has its own vertical scale.",
		"Regimes: natural, Go's own scheduling; yield, runtime.Gosched before each of net's receives; forced, every other actor blocked before net chooses.",
	}
	f.Notes = append(f.Notes, f.refNotes(opts, summary.Ordering, func(n string) bool { return drawn[n] })...)
	return nil
}

// OrderRegimes puts the spec's regimes in the order natural, race, yield,
// forced, then any other alphabetically.
func OrderRegimes(regimes []string) []string {
	rank := func(r string) int {
		if i := slices.Index([]string{"natural", "race", "yield", "forced"}, r); i >= 0 {
			return i
		}
		return 4
	}
	out := slices.Clone(regimes)
	slices.SortFunc(out, func(a, b string) int { return cmp.Or(cmp.Compare(rank(a), rank(b)), strings.Compare(a, b)) })
	return out
}

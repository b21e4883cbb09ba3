package main

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"chanbench/bench"
	"chanbench/bench/metric"
	"chanbench/designs"
	"chanbench/report/summary"
)

// schedData is the scheduled regime's section: what PCT's clean runs
// bound for each design at sizes the models cannot reach
// (BenchmarkScheduledBound), the scheduled violation rates of the designs
// not correct there, BenchmarkOrdering's scheduled rates, and how often a
// failing seed reproduced its failure (BenchmarkScheduledReplay). Shown
// is false when the input has none of them.
type schedData struct {
	Shown    bool
	Bound    table // one row per design and GOMAXPROCS
	Ordering table // BenchmarkOrdering, regime scheduled: one row per design, window and GOMAXPROCS with a violation
	Replay   table // one row per case and GOMAXPROCS
}

// scheduled computes the scheduled regime's section from every
// GOMAXPROCS of the designs shown. It refuses a BenchmarkScheduledBound
// cell whose min-find-p is missing from a run or is not a probability
// in (0, 1]: no bound can be stated from it.
func (b *dataBuilder) scheduled() (schedData, error) {
	var sd schedData
	bound, err := b.schedBound()
	if err != nil {
		return sd, err
	}
	sd.Bound, sd.Ordering, sd.Replay = bound, b.schedOrdering(), b.schedReplay()
	sd.Shown = sd.Bound.HasRows() || sd.Ordering.HasRows() || sd.Replay.HasRows()
	return sd, nil
}

// registered returns the design of the registry named name.
func (b *dataBuilder) registered(name string) (designs.Design, bool) {
	for _, d := range b.opts.registry {
		if d.Name() == name {
			return d, true
		}
	}
	return nil, false
}

// boundConfig is the workflow a BenchmarkScheduledBound cell ran:
// bench.ScheduledBoundConfig, the one home of it, provided the window,
// streams and outcome its name carries are that configuration's; an
// error otherwise (a run of other code, whose declarations of flaws this
// report cannot judge).
func boundConfig(c summary.Config) (designs.Config, error) {
	cfg := bench.ScheduledBoundConfig()
	if c.WindowSize() != cfg.Window || c.StreamCount() != cfg.Streams || c.Outcome != cfg.Outcome.Kind.String() {
		return cfg, fmt.Errorf("BenchmarkScheduledBound/design=%s: window=%s streams=%s outcome=%s, not the benchmark's window %d, %d streams, outcome %s",
			c.Design, c.Window, c.Streams, c.Outcome, cfg.Window, cfg.Streams, cfg.Outcome.Kind)
	}
	return cfg, nil
}

// schedBound is the table of BenchmarkScheduledBound: for a design
// declared correct at the cell's configuration, what its clean runs bound
// (designs.MissProbability of the smallest find probability and the runs
// pooled), or, if a run showed a violation, that it did and no bound; for
// a design that declares flaws there, its scheduled violation rate. It
// sets b.pct, the same in short for the decision page.
func (b *dataBuilder) schedBound() (table, error) {
	t := table{Title: "PCT, BenchmarkScheduledBound", Empty: "BenchmarkScheduledBound was not run.", Header: []string{"design", "GOMAXPROCS", "scheduled workflows", "what they show"},
		Notes: []string{
			"One op is one workflow of bench.ScheduledBoundConfig (4 streams, 16 chunks each, window 16, an error at chunk 8, PCT at depth 2: one priority change point); each run draws a fresh base seed (sched-seed-base), so the runs pooled are independent samples of schedules.",
			"PCT finds a bug of depth d in one run with probability at least 1/(n·k^(d−1)), n the actors and k the steps the change point is drawn from, while the run takes at most k steps (the benchmark fails otherwise). N clean runs miss such a bug with probability at most (1−p)^N, p the smallest per-run probability over the runs (designs.MissProbability).",
		}}
	keep := func(c summary.Config) bool {
		return c.Benchmark == summary.ScheduledBound && slices.Contains(b.designs, c.Design)
	}
	cells := map[string][]string{}
	for _, c := range orderedConfigs(b.all, keep, b.designs) {
		d, ok := b.registered(c.Design)
		if !ok {
			continue
		}
		cfg, err := boundConfig(c)
		if err != nil {
			return t, err
		}
		rate, ok := b.all.Count(c, metric.UnitViolations)
		if !ok {
			return t, fmt.Errorf("BenchmarkScheduledBound/design=%s: no %s", c.Design, metric.UnitViolations)
		}
		var what, short string
		switch {
		case !designs.Correct(d, cfg):
			what = fmt.Sprintf("not correct here (declares %s): scheduled violation rate %s", kindList(designs.KnownFlaws(d, cfg)), rate)
			short = fmt.Sprintf("declares flaws here: violations in %s", rate)
		case rate.X > 0:
			what = fmt.Sprintf("**violations in %d of %d runs** (%s): a bug the design does not declare, so no bound is stated (the benchmark failed on it and logged the seed that replays it)", rate.X, rate.N, rate)
			short = fmt.Sprintf("**violations in %d of %d runs**: no bound", rate.X, rate.N)
		default:
			p, err := minFindP(b.all, c)
			if err != nil {
				return t, err
			}
			miss := fmtProb(designs.MissProbability(p, rate.N))
			what = fmt.Sprintf("%d clean PCT runs at depth %d (%d chunks, window %d, %d streams): a depth-%d bug is missed with probability ≤ %s (per run found with probability ≥ %.3g)",
				rate.N, cfg.SchedDepth, cfg.Chunks, cfg.Window, cfg.Streams, cfg.SchedDepth, miss, p)
			short = fmt.Sprintf("%d clean runs: a depth-%d bug missed with probability ≤ %s", rate.N, cfg.SchedDepth, miss)
		}
		t.Rows = append(t.Rows, []string{c.Design, fmt.Sprint(summary.GOMAXPROCS(c.Procs)), fmt.Sprint(rate.N), what})
		cells[c.Design] = append(cells[c.Design], fmt.Sprintf("GOMAXPROCS %d: %s", summary.GOMAXPROCS(c.Procs), short))
	}
	b.pct = map[string]string{}
	for d, cs := range cells {
		b.pct[d] = strings.Join(cs, "; ")
	}
	return t, nil
}

// pctColumn is the decision page's column of BenchmarkScheduledBound.
func pctColumn() string {
	cfg := bench.ScheduledBoundConfig()
	return fmt.Sprintf("PCT at %d chunks, window %d, %d streams", cfg.Chunks, cfg.Window, cfg.Streams)
}

// minFindP is the smallest min-find-p over the runs of c; an error if a
// run did not report it or reported no probability in (0, 1].
func minFindP(set *summary.Set, c summary.Config) (float64, error) {
	p := 1.0
	for i, v := range set.RunValues(c, metric.UnitFindP) {
		if math.IsNaN(v) || v <= 0 || v > 1 {
			return 0, fmt.Errorf("BenchmarkScheduledBound/design=%s, run %d: %s %v is no probability in (0, 1]", c.Design, i+1, metric.UnitFindP, v)
		}
		p = min(p, v)
	}
	return p, nil
}

// fmtProb formats a probability with three significant digits.
func fmtProb(p float64) string { return fmt.Sprintf("%.3g", p) }

// kindList names ks, joined by commas.
func kindList(ks []designs.ViolationKind) string {
	var names []string
	for _, k := range ks {
		names = append(names, k.String())
	}
	return strings.Join(names, ", ")
}

// orderedConfigs returns the Configs of set keep selects, by design in
// the order of ds, then as the set holds them.
func orderedConfigs(set *summary.Set, keep func(summary.Config) bool, ds []string) []summary.Config {
	cs := set.Configs(keep)
	slices.SortStableFunc(cs, func(a, b summary.Config) int {
		return slices.Index(ds, a.Design) - slices.Index(ds, b.Design)
	})
	return cs
}

// schedOrdering is BenchmarkOrdering's scheduled regime, for the designs
// with a violation in any of its cells: the rate of each cell, per window
// and GOMAXPROCS (its seeds are 1…N in every run, so each run replays the
// same seeds: the rate is meant to be the same on any machine, and the
// runs are not independent samples of seeds).
func (b *dataBuilder) schedOrdering() table {
	t := table{Title: "BenchmarkOrdering, regime scheduled (PCT at depth 3)", Empty: "BenchmarkOrdering's scheduled regime was not run, or no design had a violation under it.", Header: []string{"design", "window", "GOMAXPROCS", "workflows with a violation"},
		Notes: []string{"Workflow i of every run is seeded i, so the runs replay the same seeds: the rate is meant to be the same on any machine and at any GOMAXPROCS, and the pooled runs are not independent samples of seeds (what differs between them is what a seed cannot control, such as a select's choice among ready cases). Designs with no violation in any cell are not listed."}}
	keep := func(c summary.Config) bool {
		return c.Benchmark == summary.Ordering && c.Regime == designs.Scheduled.String() && slices.Contains(b.designs, c.Design)
	}
	cs := orderedConfigs(b.all, keep, b.designs)
	violated := map[string]bool{}
	for _, c := range cs {
		if r, ok := b.all.Count(c, metric.UnitViolations); ok && r.X > 0 {
			violated[c.Design] = true
		}
	}
	slices.SortStableFunc(cs, func(x, y summary.Config) int {
		if x.Design != y.Design {
			return 0
		}
		if x.WindowSize() != y.WindowSize() {
			return x.WindowSize() - y.WindowSize()
		}
		return summary.GOMAXPROCS(x.Procs) - summary.GOMAXPROCS(y.Procs)
	})
	for _, c := range cs {
		if r, ok := b.all.Count(c, metric.UnitViolations); ok && violated[c.Design] {
			t.Rows = append(t.Rows, []string{c.Design, c.Window, fmt.Sprint(summary.GOMAXPROCS(c.Procs)), r.String()})
		}
	}
	return t
}

// schedReplay is BenchmarkScheduledReplay: how often a failing seed's
// reruns showed the same violations and took the same schedule.
func (b *dataBuilder) schedReplay() table {
	t := table{Title: "How often a failing seed reproduced its failure, BenchmarkScheduledReplay", Empty: "BenchmarkScheduledReplay was not run.", Header: []string{"design", "window", "GOMAXPROCS", "same violations", "same schedule", "workflows to a failing seed"},
		Notes: []string{"One op is one rerun of a failing seed (BenchmarkOrdering's scheduled workflow), 10 reruns a seed; a seed does not control which ready case a select picks, nor the order of the goroutines one step wakes (designs.Schedule), so a rerun can leave the failure's schedule. Workflows to a failing seed: the median over the runs [95% interval]."}}
	keep := func(c summary.Config) bool {
		return c.Benchmark == summary.ScheduledReplay && slices.Contains(b.designs, c.Design)
	}
	for _, c := range orderedConfigs(b.all, keep, b.designs) {
		row := []string{c.Design, c.Window, fmt.Sprint(summary.GOMAXPROCS(c.Procs))}
		for _, u := range []string{metric.UnitSameKinds, metric.UnitSameSchedule} {
			r, ok := b.all.Count(c, u)
			if !ok {
				row = append(row, notMeasured)
				continue
			}
			row = append(row, r.String())
		}
		scanned := notMeasured
		if st, ok := b.all.Stat(c, metric.UnitScanned); ok {
			scanned = fmt.Sprintf("%.3g%s", st.Center, spread(&st))
		}
		t.Rows = append(t.Rows, append(row, scanned))
	}
	return t
}

package main

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"chanbench/bench/metric"
	"chanbench/report/saturation"
	"chanbench/report/summary"
	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchunit"
)

// loadCriteria are the criteria of a point that keeps up and of a tail
// that is the design's: saturation.Standard (completions within 1% of
// arrivals, p99 at most 1 ms; the null's p99 at most half the design's).
func loadCriteria() saturation.Criteria { return saturation.Standard() }

// loadFractions are the fractions of the slowest design's saturation
// throughput at which the report gives every design's latency.
func loadFractions() []float64 { return []float64{0.5, 0.9} }

// isLoad selects BenchmarkLoad results.
func isLoad(c summary.Config) bool { return c.Benchmark == summary.Load && c.Rate != "" }

// A loadDesign is what the report computes for one design at one
// GOMAXPROCS.
type loadDesign struct {
	name     string
	capacity *summary.Stat          // closed-loop completed-streams/s, nil if not measured
	est      saturation.Estimate    // saturation throughput across runs, censored runs counted
	sat      *summary.Stat          // est.Rates summarised, nil if none: censored runs left out
	configs  []summary.Config       // every Load point of the design
	open     map[int]summary.Config // open points by offered rate
	sweeps   [][]saturation.Point   // one per round, the null's beside each point
}

// A loadProcs is the Load data at one GOMAXPROCS.
type loadProcs struct {
	procs   string
	open    []int // offered rates every design shown ran, ascending
	designs []loadDesign
	null    *loadDesign // the null design, nil if it did not run
}

// loadData computes the saturation of every design at every GOMAXPROCS of
// set's Load results, in numeric GOMAXPROCS order. set holds the null
// design's results too (summary.Null()): each design's points are
// judged with the null's of the same round beside them, and the null is
// kept apart in loadProcs.null.
func loadData(set *summary.Set, designs []string) []loadProcs {
	crit := loadCriteria()
	sweeps := saturation.Sweeps(set)
	var out []loadProcs
	for _, procs := range summary.SortProcs(set.Distinct(isLoad, func(c summary.Config) string { return c.Procs })) {
		lp := loadProcs{procs: procs}
		at := func(c summary.Config) bool { return isLoad(c) && c.Procs == procs }
		var common map[int]bool
		for _, d := range append(slices.Clone(designs), summary.Null()) {
			ld := loadDesign{name: d, open: make(map[int]summary.Config)}
			ld.configs = set.Configs(func(c summary.Config) bool { return at(c) && c.Design == d })
			slices.SortStableFunc(ld.configs, func(a, b summary.Config) int { return a.OfferedRate() - b.OfferedRate() })
			if len(ld.configs) == 0 {
				continue
			}
			for _, c := range ld.configs {
				if c.Rate == summary.RateClosed {
					if st, ok := set.Stat(c, metric.UnitCompleted); ok {
						ld.capacity = &st
					}
					continue
				}
				ld.open[c.OfferedRate()] = c
			}
			ld.sweeps = sweeps[saturation.Key{Design: d, Procs: procs}]
			if d == summary.Null() {
				lp.null = &ld
				continue
			}
			if common == nil {
				common = map[int]bool{}
				for r := range ld.open {
					common[r] = true
				}
			}
			for r := range common {
				if _, ok := ld.open[r]; !ok {
					delete(common, r)
				}
			}
			ld.est = crit.Across(ld.sweeps)
			if len(ld.est.Rates) > 0 {
				st := summary.NewStat(ld.est.Rates)
				ld.sat = &st
			}
			lp.designs = append(lp.designs, ld)
		}
		lp.open = slices.Sorted(maps.Keys(common))
		if len(lp.designs) > 0 || lp.null != nil {
			out = append(out, lp)
		}
	}
	return out
}

// pointsAt returns d's points at rate, one per round that ran it, each
// with the null's beside it.
func (d loadDesign) pointsAt(rate int) []saturation.Point {
	var out []saturation.Point
	for _, sw := range d.sweeps {
		for _, p := range sw {
			if p.Offered == float64(rate) {
				out = append(out, p)
			}
		}
	}
	return out
}

// reliableStat summarises c's runs in unit, leaving out the runs in which
// the load generator fell behind (saturation.Reliable). It returns nil if
// no run is left, and how many runs were left out of how many.
func reliableStat(set *summary.Set, c summary.Config, unit string) (st *summary.Stat, out, of int) {
	kept, behind := saturation.Reliable(set, c, unit)
	if len(kept) > 0 {
		s := summary.NewStat(kept)
		st = &s
	}
	return st, len(behind), len(kept) + len(behind)
}

// fmtStreamsPerSec formats a rate of streams with benchunit's scaling:
// "61.20k/s".
func fmtStreamsPerSec(v float64) string { return benchunit.Scale(v, benchunit.Decimal) + "/s" }

// fmtRateInterval formats a median rate of streams and its 95% interval:
// "30.00k/s [25.00k, 35.00k]", or the median alone when the interval is
// unbounded (too few runs).
func fmtRateInterval(median, lo, hi float64) string {
	if math.IsInf(lo, 0) || math.IsInf(hi, 0) || math.IsNaN(lo) || math.IsNaN(hi) {
		return fmtStreamsPerSec(median)
	}
	return fmt.Sprintf("%s [%s, %s]", fmtStreamsPerSec(median), benchunit.Scale(lo, benchunit.Decimal), benchunit.Scale(hi, benchunit.Decimal))
}

// fmtSaturation formats est's saturation throughput, censored runs
// counted (saturation.Estimate): the median, or its range when censored
// runs make it ambiguous ("40.00k–50.40k/s", "≥ 40.00k/s" when open above,
// "≤ 10.00k/s" when it reaches down to 0), then its 95% interval in
// brackets, "∞" for an upper limit that censored runs leave open; the
// median alone, marked, with too few runs for an interval; "no estimate"
// when no run measured a point. It is the one home of that wording, for
// the decision page and the saturation tables.
func fmtSaturation(est saturation.Estimate) string {
	if est.Runs == 0 {
		return "no estimate"
	}
	median := fmtSaturationMedian(est)
	if est.TooFew() {
		return median + " (too few runs for an interval)"
	}
	return fmt.Sprintf("%s [%s, %s]", median, scaleRate(est.Lo), scaleRate(est.Hi))
}

// fmtSaturationMedian formats est's median alone, as fmtSaturation does:
// "10.00k/s", "≥ 40.00k/s", "≤ 10.00k/s", "40.00k–50.40k/s".
func fmtSaturationMedian(est saturation.Estimate) string {
	switch {
	case est.MedianLo == est.MedianHi:
		return fmtStreamsPerSec(est.MedianLo)
	case math.IsInf(est.MedianHi, 1):
		return "≥ " + fmtStreamsPerSec(est.MedianLo)
	case est.MedianLo == 0:
		return "≤ " + fmtStreamsPerSec(est.MedianHi)
	}
	return scaleRate(est.MedianLo) + "–" + fmtStreamsPerSec(est.MedianHi)
}

// scaleRate formats a rate of streams without its unit, "∞" and "0"
// as such: "40.00k".
func scaleRate(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "∞"
	case v == 0:
		return "0"
	}
	return benchunit.Scale(v, benchunit.Decimal)
}

// runsCounted formats how many of est's runs count, and how many of
// those are censored: "6 of 6 (3 censored)".
func runsCounted(est saturation.Estimate) string {
	s := fmt.Sprintf("%d of %d", est.Runs, est.Of)
	if c := est.Runs - est.Exact; c > 0 {
		s += fmt.Sprintf(" (%d censored)", c)
	}
	return s
}

// loadSection computes the tables and text of the load-latency section:
// per GOMAXPROCS, saturation and latency at load. It is empty when the
// input has no Load results.
func (b *dataBuilder) loadSection() (intro []string, tables []table) {
	set := b.loadSet()
	all := loadData(set, b.designs)
	if len(all) == 0 {
		return nil, nil
	}
	crit := loadCriteria()
	intro = append(intro, fmt.Sprintf("BenchmarkLoad offers each design streams (4 chunks, window 1, then an error) arriving as a Poisson process at a fixed rate for a stated duration, all sharing one router and one script; latency runs from each stream's intended arrival to its end (no coordinated omission). "+
		"Every design runs each rate back to back with the others and with the null design (a workflow that does nothing: what the generator, the harness and the machine cost), on the same arrivals, in an order that changes between rounds. "+
		"A point *keeps up* when its completed rate is within %s of the rate its streams arrived at and its p99 latency is at most %s. "+
		"A point is a measurement when the null beside it kept its schedule and kept up (a generator that fell behind at the design's point was then held back by the design, and the lateness counts in its latency), or, with no null beside it, when the generator kept its schedule; other points are left out. "+
		"A run's *saturation throughput* is the highest offered rate that kept up below the first two consecutive measured points that did not: a lone failing point does not decide a run. "+
		"A run that did not confirm saturation (it kept up at every measured rate, or ended on a lone failing point) says only that its saturation throughput is at least its last rate that kept up, and one saturated at its lowest rates that it is below them: such *censored* runs are counted, and the median and its interval are taken so that they hold however they resolve (a median range such as ≥ 40k/s, an interval open above). "+
		"A point's tail is the design's when the null's p99 beside it is at most %.0f%% of the design's (package report/saturation). "+
		"Whether this method replicates is tested by two sweeps of one commit, an A/A, beside the rate at which its agreement rule flags sweeps alike by construction: see `results/load-aa/README.md`.",
		summary.Percent(crit.Tolerance), fmtNs(crit.Bound), 100*crit.NullShare))
	r := b.replication()
	parts := []firstPart{{name: r.nameA, sats: saturations(r.a, b.designs), whole: r.a == b.all}, {name: r.nameB, sats: saturations(r.b, b.designs)}}
	for _, lp := range all {
		intro = append(intro, b.saturatesFirst(lp, parts, r.halves))
	}
	for _, lp := range all {
		tables = append(tables, b.saturationTable(lp), b.atLoadTable(lp))
	}
	return intro, tables
}

// loadSet is the input's Load results of the designs shown and of the
// null design, at every GOMAXPROCS: the load section has a part per
// GOMAXPROCS.
func (b *dataBuilder) loadSet() *summary.Set {
	return b.full.Filter(func(c summary.Config) bool {
		return isLoad(c) && (slices.Contains(b.designs, c.Design) || c.Design == summary.Null())
	})
}

// saturationTable: per design, closed-loop capacity, saturation
// throughput and its comparison with the baseline.
func (b *dataBuilder) saturationTable(lp loadProcs) table {
	t := table{
		Title:  fmt.Sprintf("Saturation at GOMAXPROCS %d", summary.GOMAXPROCS(lp.procs)),
		Header: []string{"design", "closed-loop capacity", "saturation throughput", "runs counted", "vs " + summary.Baseline(), "why some runs give no point estimate"},
	}
	var base *loadDesign
	for i, d := range lp.designs {
		if d.name == summary.Baseline() {
			base = &lp.designs[i]
		}
	}
	for _, d := range lp.designs {
		sat := fmtSaturation(d.est)
		cmp := "no estimate"
		switch {
		case d.name == summary.Baseline() && d.est.Runs > 0:
			cmp = "baseline"
		case d.est.Runs > 0 && base != nil && base.est.Runs > 0:
			cmp = vsSaturation(*base, d)
		case d.est.Runs > 0 && !slices.Contains(b.designs, summary.Baseline()):
			cmp = summary.Baseline() + " not shown"
		case d.est.Runs > 0:
			cmp = summary.Baseline() + ": no estimate"
		}
		capacity := notMeasured
		if d.capacity != nil {
			capacity = fmtRateInterval(d.capacity.Center, d.capacity.Lo, d.capacity.Hi) + fmt.Sprintf(" (n=%d)", d.capacity.N())
		}
		t.Rows = append(t.Rows, []string{cell(d.name), capacity, sat,
			runsCounted(d.est), cmp, cell(reasons(d.est.Reasons))})
	}
	t.Notes = []string{
		"*closed-loop capacity*: completed-streams/s of rate=closed (every stream at once, no schedule), median of the runs [95% interval] (benchmath, as benchstat). A closed-loop run has no schedule to keep, so capacity ignores the unreliable flag (which older runs set there by start lateness).",
		"*saturation throughput*: median of the runs' saturation throughputs [its 95% interval] (benchmath's order-statistic interval), censored runs counted (package report/saturation): a run that kept up at every rate it measured, up to the highest the load generator reached in it, or that ended on a lone failing point, says only that its saturation throughput is at least its last rate that kept up; a run saturated at its lowest measured rates, that it is below them. The interval's lower limit is taken from the runs' lower ends and its upper limit from their upper ends (∞ when too many runs are open above), and the median is a range when censored runs make it ambiguous, so that both hold however the censored runs resolve. Each run's estimate is one of the offered rates its knee search ran, and the median of an even number of runs can fall halfway between two. *runs counted*: runs with a measured point, and how many of them are censored.",
		fmt.Sprintf("*vs %s*: the change of the median saturation throughput from %s's, by %s (α = 0.05): \"~\" means no significant difference; with censored runs, \"later\" or \"earlier\" when the order holds however they resolve.", summary.Baseline(), summary.Baseline(), pairwise()),
	}
	return t
}

// reasons summarises why runs gave no estimate: each distinct reason with
// how many runs gave it.
func reasons(rs []string) string {
	if len(rs) == 0 {
		return "–"
	}
	count := make(map[string]int)
	var order []string
	for _, r := range rs {
		_, why, _ := strings.Cut(r, ": ")
		if count[why] == 0 {
			order = append(order, why)
		}
		count[why]++
	}
	parts := make([]string, len(order))
	for i, why := range order {
		parts[i] = fmt.Sprintf("%d× %s", count[why], why)
	}
	return strings.Join(parts, "; ")
}

// slowest returns the lowest median saturation throughput among the
// designs, every counted run in it, each median taken at the lower end of
// its range (the lowest it can be however the censored runs resolve; a
// tie goes to the lower upper end), and its design: a reference load for
// the latency table, not a claim; ok is false if no design has a counted
// run.
func (lp loadProcs) slowest() (d loadDesign, median float64, ok bool) {
	for _, x := range lp.designs {
		if x.est.Runs == 0 {
			continue
		}
		if !ok || x.est.MedianLo < median || x.est.MedianLo == median && x.est.MedianHi < d.est.MedianHi {
			d, median, ok = x, x.est.MedianLo, true
		}
	}
	return d, median, ok
}

// nullP99 formats the null design's p99 at rate over its reliable runs.
func (lp loadProcs) nullP99(set *summary.Set, rate int) string {
	if lp.null == nil {
		return "null not run"
	}
	c, ok := lp.null.open[rate]
	if !ok {
		return notMeasured
	}
	return fmtReliable(set, c, metric.UnitLatencyP99)
}

// tailOwn counts the points whose tail is the design's
// (saturation.Criteria.TailReliable): "7 of 10".
func tailOwn(points []saturation.Point) string {
	if len(points) == 0 {
		return notMeasured
	}
	crit, k := loadCriteria(), 0
	for _, p := range points {
		if crit.TailReliable(p) {
			k++
		}
	}
	return fmt.Sprintf("%d of %d", k, len(points))
}

// atOrBelow returns the highest offered rate at or below target that
// every design shown ran.
func (lp loadProcs) atOrBelow(target float64) (int, bool) {
	best, ok := 0, false
	for _, r := range lp.open {
		if float64(r) <= target {
			best, ok = r, true
		}
	}
	return best, ok
}

// atLoadTable: per design, latency at 50% and 90% of the slowest design's
// saturation, violations under load and goroutines left behind.
func (b *dataBuilder) atLoadTable(lp loadProcs) table {
	set := b.loadSet()
	t := table{Title: fmt.Sprintf("Under load at GOMAXPROCS %d", summary.GOMAXPROCS(lp.procs))}
	t.Header = []string{"design"}
	slow, slowMedian, haveSlow := lp.slowest()
	belowAll := haveSlow && slowMedian <= 0 // the median can lie below every rate measured
	haveSlow = haveSlow && !belowAll
	type at struct {
		rate int
		ok   bool
	}
	var points []at
	var below []string // the fractions of the reference below every rate every design ran
	if haveSlow {
		for _, f := range loadFractions() {
			r, ok := lp.atOrBelow(f * slowMedian)
			if !ok {
				below = append(below, fmt.Sprintf("%.0f%% (%s)", 100*f, fmtStreamsPerSec(f*slowMedian)))
				continue
			}
			points = append(points, at{r, ok})
			name := fmt.Sprintf("%.0f%% (%s offered)", 100*f, fmtStreamsPerSec(float64(r)))
			t.Header = append(t.Header, "p50 at "+name, "p99 at "+name, "null's p99 at "+name, "tail the design's at "+name)
		}
	}
	t.Header = append(t.Header, "violations under load", "kinds seen", "runs that left goroutines behind")
	for _, d := range lp.designs {
		row := []string{cell(d.name)}
		for _, p := range points {
			c, ok := d.open[p.rate]
			if !ok {
				row = append(row, notMeasured, notMeasured, notMeasured, notMeasured)
				continue
			}
			for _, unit := range []string{metric.UnitLatencyP50, metric.UnitLatencyP99} {
				row = append(row, fmtReliable(set, c, unit))
			}
			row = append(row, lp.nullP99(set, p.rate), tailOwn(d.pointsAt(p.rate)))
		}
		row = append(row, b.loadViolations(set, d)...)
		t.Rows = append(t.Rows, row)
	}
	if haveSlow {
		t.Notes = append(t.Notes, fmt.Sprintf("Latency at 50%% and 90%% of the lowest median saturation throughput (%s's, %s; censored runs counted, each median at the lowest it can be however they resolve), a reference load only (whether any design saturates significantly first is said above): at the highest offered rate at or below each, named in the header; stream latency from intended arrival to end, each run's percentile, median over the runs ± its 95%% interval. Runs in which the load generator fell behind are left out and counted.",
			cell(slow.name), fmtStreamsPerSec(slowMedian)))
		if len(below) > 0 {
			lowest := "none"
			if len(lp.open) > 0 {
				lowest = fmtStreamsPerSec(float64(lp.open[0]))
			}
			t.Notes = append(t.Notes, fmt.Sprintf("Not shown: %s of the reference, below the lowest offered rate every design ran (%s): the knee search measured no rate there.", strings.Join(below, " and "), lowest))
		}
	} else if belowAll {
		t.Notes = append(t.Notes, fmt.Sprintf("%s's median saturation throughput (%s) can lie below every rate measured, so there is no reference load at which to compare latencies; see the figure and the table of every point.",
			cell(slow.name), fmtSaturationMedian(slow.est)))
	} else {
		t.Notes = append(t.Notes, "No design has a counted run of saturation at this GOMAXPROCS, so there is no reference load at which to compare latencies; see the figure and the table of every point.")
	}
	t.Notes = append(t.Notes,
		fmt.Sprintf("*null's p99*: the null design's p99 at the same rate, in the same rounds (median over the runs the generator kept its schedule in): what the generator, the harness and the machine cost. *tail the design's*: runs in which the null's p99 was at most %.0f%% of the design's; in the others the design's tail is mostly the harness's.", 100*loadCriteria().NullShare),
		"*violations under load*: streams with any violation, over every Load point (closed and open) and every run, pooled as x of N with the 95% interval that allows for variation between runs. Violations count whether or not the generator kept its schedule.",
		"*runs that left goroutines behind*: runs (one per point and repetition) whose leaked/op was 1.")
	return t
}

// fmtReliable formats c's median in unit over its reliable runs.
func fmtReliable(set *summary.Set, c summary.Config, unit string) string {
	st, out, of := reliableStat(set, c, unit)
	switch {
	case of == 0:
		return notMeasured
	case st == nil:
		return fmt.Sprintf("unreliable (all %d runs)", of)
	case out > 0:
		return fmtStatNs(st) + fmt.Sprintf(", %d of %d runs unreliable, left out", out, of)
	}
	return fmtStatNs(st)
}

// loadViolations formats a design's violations over all its Load points:
// the pooled rate, the kinds, and the runs that left goroutines behind.
func (b *dataBuilder) loadViolations(set *summary.Set, d loadDesign) []string {
	var runs []summary.RunCount
	for _, c := range d.configs {
		if r, ok := set.Count(c, metric.UnitViolations); ok {
			runs = append(runs, r.Runs...)
		}
	}
	viol := notMeasured
	if len(runs) > 0 {
		viol = summary.NewRunRate(runs).String()
	}
	kinds := "none"
	if k := kindTotals(set, d.configs); len(k) > 0 {
		parts := make([]string, len(k))
		for i, kt := range k {
			parts[i] = fmt.Sprintf("%s %d", kt.kind, kt.x)
		}
		kinds = strings.Join(parts, ", ")
	}
	leaked, of := 0, 0
	for _, c := range d.configs {
		for _, v := range set.RunValues(c, metric.UnitLeaked) {
			if math.IsNaN(v) {
				continue
			}
			of++
			if v > 0 {
				leaked++
			}
		}
	}
	left := notMeasured
	if of > 0 {
		left = fmt.Sprintf("%d of %d", leaked, of)
	}
	return []string{cell(viol), cell(kinds), left}
}

// pairwise names the test behind every comparison of saturation
// throughputs in the load section, whose result vsSaturation formats:
// saturation.Versus, benchstat's Mann-Whitney U test over every counted
// run with the censored runs at their worst for the claim, each at α on
// its own with no correction over the comparisons, as the body's other
// "vs" cells (report.tmpl's "unadjusted" note); only the findings correct
// theirs (Benjamini–Hochberg, findings.go). It is the one home of that
// wording.
func pairwise() string {
	return "an unadjusted Mann-Whitney U test over every counted run, censored runs at their worst for the claim in each direction (saturation.Versus; without censored runs, benchstat's comparison of the runs' estimates)"
}

// vsSaturation compares d's saturation throughput with base's by
// saturation.Versus: benchstat's delta and p when neither has a censored
// run (Versus is then benchstat's comparison of the point estimates);
// otherwise the direction that holds however the censored runs resolve,
// "later" or "earlier", with the p of its worst case, or "~" when the
// censored runs leave the direction open or the worst case's p is not
// below α.
func vsSaturation(base, d loadDesign) string {
	if base.est.Exact == base.est.Runs && d.est.Exact == d.est.Runs && base.sat != nil && d.sat != nil {
		return vs(base.sat, d.sat)
	}
	p, dir, ok := saturation.Versus(base.est, d.est)
	switch {
	case !ok:
		return "too few runs"
	case dir == 0:
		return "~ (censored runs leave the order open)"
	case p >= benchmath.DefaultThresholds.CompareAlpha:
		return fmt.Sprintf("~ (p=%.3f, censored runs at their worst)", p)
	case dir > 0:
		return fmt.Sprintf("later (p=%.3f, censored runs at their worst)", p)
	}
	return fmt.Sprintf("earlier (p=%.3f, censored runs at their worst)", p)
}

// A firstPart is one of the two runs a claim of the report must also hold
// in (dataBuilder.replication), with every design's saturation in it.
type firstPart struct {
	name  string
	sats  map[[2]string]loadDesign // saturations
	whole bool                     // the part is the whole reference run
}

// firstIn is saturation.FirstAnswer over the designs of lp in one part.
func (p firstPart) firstIn(lp loadProcs) saturation.Answer {
	ests := map[string]saturation.Estimate{}
	for _, d := range lp.designs {
		if e := p.sats[[2]string{d.name, lp.procs}].est; e.Runs > 0 {
			ests[d.name] = e
		}
	}
	return saturation.FirstAnswer(ests)
}

// saturatesFirst says which design saturates first at one GOMAXPROCS
// only when the data say so (saturation.FirstAnswer, the rule the load
// A/A uses) and the claim replicates as the findings do: the design whose
// median can be lowest is named only if it is significantly below every
// other design with an estimate (Mann-Whitney, benchmath's α) even with
// the censored runs at their worst for the claim, in the whole run and
// again in each of parts, the two runs the findings replicate in (the
// replication file, or the two halves of the reference run's rounds; a
// part that is the whole run is not tested twice). When the whole run
// names a design and a part does not, the sentence gives each part's
// answer and names none; when a part has too few runs for any test to
// reach α (3 runs against 3 in a half of a 6-round sweep), it says so,
// and that a replication file can replicate the claim where halves
// cannot. The sentence says the tests are unadjusted. The claim needs
// every one of its k−1 tests significant (an intersection–union test),
// so correcting over those k−1 alone would not change it: with
// Benjamini–Hochberg the largest adjusted p is the largest p. What it is
// not corrected for is the choice of the slowest design and the other
// comparisons of the report.
func (b *dataBuilder) saturatesFirst(lp loadProcs, parts []firstPart, halves bool) string {
	at := fmt.Sprintf("At GOMAXPROCS %d", summary.GOMAXPROCS(lp.procs))
	ests := map[string]saturation.Estimate{}
	var with []string
	for _, d := range lp.designs {
		if d.est.Runs > 0 {
			ests[d.name] = d.est
			with = append(with, d.name)
		}
	}
	switch len(with) {
	case 0:
		return at + " no design gave a saturation estimate, so none can be said to saturate first."
	case 1:
		return fmt.Sprintf("%s only %s gave a saturation estimate, so none can be said to saturate first.", at, with[0])
	}
	test := fmt.Sprintf("unadjusted Mann-Whitney U tests against each other design over every counted run, α = %g, with censored runs at their worst for the claim: the named design's at their upper ends, the others' at their lower ends", benchmath.DefaultThresholds.CompareAlpha)
	whole := saturation.FirstAnswer(ests)
	if whole.Design == "" {
		return fmt.Sprintf("%s no design saturates significantly first (%s): %s.", at, test, whole.Why)
	}
	wholeName := "the whole run"
	var again, said []string // where the claim held again; each part's answer
	replicated, tooFew := true, false
	for _, p := range parts {
		if p.whole {
			wholeName = p.name
			continue
		}
		a := p.firstIn(lp)
		switch {
		case a.Design != "":
			again = append(again, fmt.Sprintf("%s (largest p%s)", p.name, fmtP(a.P)))
			said = append(said, fmt.Sprintf("%s: %s (largest p%s)", p.name, a.Design, fmtP(a.P)))
		case a.TooFew:
			said = append(said, fmt.Sprintf("%s: too few runs to tell (%s)", p.name, a.Why))
		default:
			said = append(said, fmt.Sprintf("%s: none (%s)", p.name, a.Why))
		}
		replicated = replicated && a.Design == whole.Design
		tooFew = tooFew || a.TooFew
	}
	if replicated {
		return fmt.Sprintf("%s %s saturates first, at %s, significantly below every other design with an estimate in %s (largest p%s) and again in %s (%s).",
			at, whole.Design, fmtSaturation(ests[whole.Design]), wholeName, fmtP(whole.P), strings.Join(again, " and in "), test)
	}
	s := fmt.Sprintf("%s %s saturates first in %s (at %s, largest p%s) but not in every run the claim must replicate in: %s",
		at, whole.Design, wholeName, fmtSaturation(ests[whole.Design]), fmtP(whole.P), strings.Join(said, "; "))
	switch {
	case tooFew && halves:
		s += ". The halves of the reference run's rounds are too small to replicate the claim; a replication file (-replication, e.g. a second sweep of the same commit) can"
	case tooFew:
		s += ". The replication has too few runs to replicate the claim"
	}
	return s + fmt.Sprintf(". Not a replicated claim: no design is named as saturating first (%s).", test)
}

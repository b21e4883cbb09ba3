package main

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"

	"chanbench/report/saturation"
	"chanbench/report/summary"
	"github.com/aclements/go-moremath/stats"
)

// alpha is the false discovery rate over the family of findings.
const alpha = 0.05

// A test is one rule's result in one run: an unadjusted p-value, the
// direction of the effect (+1 more, -1 less, 0 none) and the figure
// behind it, formatted.
type test struct {
	ok     bool // measured in this run
	p      float64
	dir    int
	figure string
	adj    float64 // p adjusted over the family (Benjamini–Hochberg)
	// n and m are the runs a rank test compared, 0 for a test with no
	// floor: from so few runs no p below saturation.MinP(n, m) can come.
	n, m int
}

// floor is the smallest p the test can give with its runs: a rank test's
// (saturation.MinP), 0 for a test without one.
func (t test) floor() float64 {
	if t.n == 0 || t.m == 0 {
		return 0
	}
	return saturation.MinP(t.n, t.m)
}

// significant reports whether the test holds after the family's
// correction.
func (t test) significant() bool { return t.ok && t.adj < alpha && t.dir != 0 }

// A rule is one claim the report can make about a design against the
// baseline, with the test that decides it in a run.
type rule struct {
	design string
	what   string                  // what is compared, e.g. "cost per chunk (paired)"
	more   string                  // the claim when the design is higher, e.g. "costs more than"
	less   string                  // the claim when it is lower
	method string                  // the test, for the reader
	figure string                  // the figure that shows it, without extension
	eval   func(*summary.Set) test // the test in one run
}

// A finding is a rule tested in two independent runs.
type finding struct {
	rule
	a, b test
}

// held reports whether the finding replicates: significant after the
// correction, in the same direction, in both runs.
func (f finding) held() bool { return f.a.significant() && f.b.significant() && f.a.dir == f.b.dir }

// Claim is the finding's sentence: "router costs more than unbuffered".
func (f finding) Claim() string {
	t := f.a
	if !t.significant() {
		t = f.b
	}
	verb := f.more
	if t.dir < 0 {
		verb = f.less
	}
	return fmt.Sprintf("%s %s %s", f.design, verb, summary.Baseline())
}

// A family is the rules tested in two runs, sorted by what came of them,
// each list in rule order.
type family struct {
	held   []finding // significant after the correction, in the same direction, in both runs
	failed []finding // significant in one run only, or in opposite directions
	alone  []finding // significant in a run, not measured in the other
	tested int       // rules measured in either run
	// floors are the rank tests' floors too high for Holm's threshold
	// (floorsAbove): why the report corrects with Benjamini–Hochberg.
	floors []string
}

// findings tests every rule in run a and run b, corrects each run's
// p-values over the family with Benjamini–Hochberg, and sorts the rules
// into a family.
func findings(rules []rule, a, b *summary.Set) family {
	fs := make([]finding, len(rules))
	for i, r := range rules {
		fs[i] = finding{rule: r, a: r.eval(a), b: r.eval(b)}
	}
	adjust(fs, func(f *finding) *test { return &f.a })
	adjust(fs, func(f *finding) *test { return &f.b })
	var fam family
	for _, f := range fs {
		switch {
		case f.held():
			fam.held = append(fam.held, f)
		case (f.a.significant() || f.b.significant()) && !(f.a.ok && f.b.ok):
			fam.alone = append(fam.alone, f)
		case f.a.significant() || f.b.significant():
			fam.failed = append(fam.failed, f)
		}
		if f.a.ok || f.b.ok {
			fam.tested++
		}
	}
	fam.floors = floorsAbove(fs, alpha/float64(max(fam.tested, 1)))
	return fam
}

// floorsAbove describes the floors of the measured rank tests among fs,
// in either run, that lie above threshold (Holm's first step, α over the
// family): "0.0079 (5 runs against 5)", one per distinct floor, highest
// first, and "(… above 0.05 itself)" for a floor no rule can pass at all.
func floorsAbove(fs []finding, threshold float64) []string {
	type runs struct{ n, m int }
	seen := map[float64]runs{}
	for _, f := range fs {
		for _, t := range []test{f.a, f.b} {
			if fl := t.floor(); t.ok && fl > threshold {
				seen[fl] = runs{min(t.n, t.m), max(t.n, t.m)}
			}
		}
	}
	var out []string
	for _, fl := range slices.Backward(slices.Sorted(maps.Keys(seen))) {
		r := seen[fl]
		s := fmt.Sprintf("%.2g (%d runs against %d", fl, r.n, r.m)
		if fl > alpha {
			s += fmt.Sprintf(", above %g itself", alpha)
		}
		out = append(out, s+")")
	}
	return out
}

// adjust sets the Benjamini–Hochberg adjusted p-value of the measured
// tests that which selects: p(i) × m / i for the i'th smallest of m,
// made monotone from the largest down, at most 1.
func adjust(fs []finding, which func(*finding) *test) {
	var ts []*test
	for i := range fs {
		if t := which(&fs[i]); t.ok {
			ts = append(ts, t)
		}
	}
	slices.SortStableFunc(ts, func(x, y *test) int { return cmp.Compare(x.p, y.p) })
	m, running := float64(len(ts)), 1.0
	for i := len(ts) - 1; i >= 0; i-- {
		running = min(running, ts[i].p*m/float64(i+1))
		ts[i].adj = running
	}
}

// direction is the sign of x - y.
func direction(x, y float64) int { return cmp.Compare(x, y) }

// pairedRatio tests ratios (design time ÷ baseline time, paired in one
// process) against 1: a one-sample t test of their logarithms, which
// treats a ratio r and 1/r alike. With 5 runs no rank test can reach a p
// below 0.06, so a rank test would leave a half-run replication nothing
// to find.
func pairedRatio(ratios []float64) (p float64, dir int) {
	logs := make([]float64, len(ratios))
	for i, r := range ratios {
		logs[i] = math.Log(r)
	}
	res, err := stats.OneSampleTTest(stats.Sample{Xs: logs}, 0, stats.LocationDiffers)
	if err != nil { // too few runs, or no variation
		return 1, 0
	}
	return res.P, direction(stats.Mean(logs), 0)
}

// fisherExact is the two-sided Fisher exact test of x1 of n1 against x2
// of n2: the probability, with the margins fixed, of a table no more
// likely than the one observed.
func fisherExact(x1, n1, x2, n2 int) float64 {
	k, n := x1+x2, n1+n2
	logC := func(a, b int) float64 {
		la, _ := math.Lgamma(float64(a + 1))
		lb, _ := math.Lgamma(float64(b + 1))
		lab, _ := math.Lgamma(float64(a - b + 1))
		return la - lb - lab
	}
	pmf := func(x int) float64 { return math.Exp(logC(n1, x) + logC(n2, k-x) - logC(n, k)) }
	obs, p := pmf(x1), 0.0
	for x := max(0, k-n2); x <= min(k, n1); x++ {
		if q := pmf(x); q <= obs*(1+1e-7) {
			p += q
		}
	}
	return min(p, 1)
}

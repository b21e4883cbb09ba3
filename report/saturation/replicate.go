package saturation

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"chanbench/report/summary"
	"golang.org/x/perf/benchmath"
)

// First answers "which design saturates first, and is it significant"
// for the estimates of one GOMAXPROCS (Answer.Design, "" when none is
// named) and says which comparison decided (Answer.Why); see FirstAnswer.
func First(ests map[string]Estimate) (design, why string) {
	a := FirstAnswer(ests)
	return a.Design, a.Why
}

// An Answer is FirstAnswer's answer at one GOMAXPROCS.
type Answer struct {
	Design string // the design named as saturating first, or ""
	Why    string // which comparison decided
	// P is, when Design is named, the largest p of its comparisons (the
	// claim needs all of them); when a comparison was run and failed,
	// its p; NaN when no comparison was run.
	P float64
	// TooFew is set when no design is named because the candidate's runs
	// and another design's are too few for a Mann-Whitney U test to
	// reach α at all (MinP > α): the runs cannot show any design first,
	// whatever they measured.
	TooFew bool
}

// MinP is the smallest two-sided p-value a Mann-Whitney U test of n runs
// against m can give: 2/C(n+m, n), when every run of one sample lies
// below every run of the other (ties can only raise it); 1 when either
// sample is empty. With 3 runs against 3 it is 0.1, so that no test of
// them reaches α = 0.05; with 4 against 4 it is 0.029.
func MinP(n, m int) float64 {
	if n <= 0 || m <= 0 {
		return 1
	}
	c := 1.0 // C(n+m, n), built up as a product
	for i := 1; i <= n; i++ {
		c = c * float64(m+i) / float64(i)
	}
	return min(1, 2/c)
}

// FirstAnswer is First with what decided it: the design whose median can
// be highest (MedianHi) is lowest, if it is significantly below every
// other design with an estimate (benchstat's Mann-Whitney U test over the
// runs, α = 0.05) even in the case worst for the claim: its own censored
// runs at their upper ends (+Inf for a right-censored run, above every
// other run) and every other design's at their lower ends. No design is
// named when none is, or fewer than two designs have an estimate; the
// answer says so (TooFew) when the candidate's runs and another design's
// are too few for any Mann-Whitney test of them to reach α.
func FirstAnswer(ests map[string]Estimate) Answer {
	alpha := benchmath.DefaultThresholds.CompareAlpha
	var names []string
	for _, d := range slices.Sorted(maps.Keys(ests)) {
		if ests[d].Runs > 0 {
			names = append(names, d)
		}
	}
	if len(names) < 2 {
		return Answer{Why: fmt.Sprintf("%d designs with an estimate", len(names)), P: math.NaN()}
	}
	slow := names[0]
	for _, d := range names[1:] {
		e, s := ests[d], ests[slow]
		if e.MedianHi < s.MedianHi || e.MedianHi == s.MedianHi && e.MedianLo < s.MedianLo {
			slow = d
		}
	}
	for _, d := range names {
		if p := MinP(ests[slow].Runs, ests[d].Runs); d != slow && p > alpha {
			return Answer{TooFew: true, P: math.NaN(), Why: fmt.Sprintf("%s (lowest median) cannot be shown significantly below %s from %d runs against %d: the smallest p a Mann-Whitney U test of them can give is %.3f, above α = %g",
				slow, d, ests[slow].Runs, ests[d].Runs, p, alpha)}
		}
	}
	// The worst case for the claim, as ranks: slow's upper ends (a
	// stand-in above every finite end for +Inf), the others' lower ends.
	top := 0.0
	for _, d := range names {
		_, _, t := ends(ests[d].Bounds)
		top = max(top, t)
	}
	worst := make([]float64, 0, len(ests[slow].Bounds))
	for _, b := range ests[slow].Bounds {
		worst = append(worst, min(b.Hi, 2*top+1))
	}
	s := summary.NewStat(worst)
	largest := 0.0
	for _, d := range names {
		if d == slow {
			continue
		}
		if ests[slow].MedianHi >= ests[d].MedianLo {
			return Answer{P: math.NaN(), Why: fmt.Sprintf("%s (lowest median) is not below %s (medians %s and %s)", slow, d, ests[slow].MedianString(), ests[d].MedianString())}
		}
		lower, _, _ := ends(ests[d].Bounds)
		c := s.Compare(summary.NewStat(lower))
		if c.P > c.Alpha {
			return Answer{P: c.P, Why: fmt.Sprintf("%s (lowest median) is not significantly below %s (p=%.3f, censored runs at their worst for the claim)", slow, d, c.P)}
		}
		largest = max(largest, c.P)
	}
	return Answer{Design: slow, P: largest, Why: fmt.Sprintf("%s is significantly below every other design, censored runs at their worst for the claim", slow)}
}

// A Replication compares two independent sweeps of one commit, a load
// A/A: the method replicates when every design's estimates agree (Agree)
// and both sweeps give the same answer to First at every GOMAXPROCS.
type Replication struct {
	Designs []ReplicatedDesign
	Firsts  []ReplicatedFirst
}

// ReplicatedDesign is one design at one GOMAXPROCS in both sweeps.
type ReplicatedDesign struct {
	Key
	A, B  Estimate
	Agree bool
	Why   string // how they differ, when they do not agree
}

// ReplicatedFirst is the answer to First at one GOMAXPROCS in both sweeps.
type ReplicatedFirst struct {
	Procs      string
	A, B       string // the design named, or ""
	WhyA, WhyB string
}

// Same reports whether both sweeps gave the same answer.
func (f ReplicatedFirst) Same() bool { return f.A == f.B }

// Flagged is the number of designs whose two sweeps do not agree.
func (r Replication) Flagged() int {
	n := 0
	for _, d := range r.Designs {
		if !d.Agree {
			n++
		}
	}
	return n
}

// OK reports whether the sweeps replicate: every design agrees and every
// GOMAXPROCS has the same first.
func (r Replication) OK() bool {
	if r.Flagged() > 0 {
		return false
	}
	for _, f := range r.Firsts {
		if !f.Same() {
			return false
		}
	}
	return len(r.Designs) > 0
}

// Replicate compares the sweeps of two independent runs of BenchmarkLoad
// (Sweeps of each file) under c, over every design and GOMAXPROCS found in
// either; the null design is the harness, not a contender, and is left
// out.
func (c Criteria) Replicate(a, b map[Key][][]Point) Replication {
	keys := map[Key]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	sorted := slices.SortedFunc(maps.Keys(keys), keyOrder)
	var r Replication
	byProcs := map[string][2]map[string]Estimate{}
	var procs []string
	for _, k := range sorted {
		if k.Design == summary.Null() {
			continue
		}
		d := ReplicatedDesign{Key: k, A: c.Across(a[k]), B: c.Across(b[k])}
		d.Agree, d.Why = Agree(d.A, d.B)
		r.Designs = append(r.Designs, d)
		if _, ok := byProcs[k.Procs]; !ok {
			byProcs[k.Procs] = [2]map[string]Estimate{{}, {}}
			procs = append(procs, k.Procs)
		}
		byProcs[k.Procs][0][k.Design], byProcs[k.Procs][1][k.Design] = d.A, d.B
	}
	for _, p := range procs {
		f := ReplicatedFirst{Procs: p}
		f.A, f.WhyA = First(byProcs[p][0])
		f.B, f.WhyB = First(byProcs[p][1])
		r.Firsts = append(r.Firsts, f)
	}
	return r
}

// keyOrder orders keys by GOMAXPROCS ("" first, then numerically) and
// then by design.
func keyOrder(x, y Key) int {
	if x.Procs != y.Procs {
		return strings.Compare(fmt.Sprintf("%3s", x.Procs), fmt.Sprintf("%3s", y.Procs))
	}
	return strings.Compare(x.Design, y.Design)
}

// Versus tests whether d's saturation throughput differs from base's, a
// two-sided Mann-Whitney U test (benchstat's, α = 0.05) over every
// counted run of both, with the censored runs at their worst for the
// claim in each direction, as First does. The claim "d saturates later"
// (dir = +1) is tested with d's runs at their lower ends and base's at
// their upper ends (+Inf above every run): it is made only if d's median
// is above base's even then, with that case's p. The claim "d saturates
// earlier" (dir = −1) is tested the other way round. Raising d's runs and
// lowering base's only moves a rank test further in the claimed
// direction, so whichever way the censored runs resolve the p of the
// claim is at most the one returned. At most one direction can pass the
// median check (the case worst for "later" is the one best for
// "earlier"); when neither does, dir is 0 and p is 1: the censored runs
// leave the direction undecided. Without censored runs both cases are the
// runs' point estimates and this is benchstat's comparison of them. ok is
// false when either has fewer than two counted runs.
func Versus(base, d Estimate) (p float64, dir int, ok bool) {
	if base.Runs < 2 || d.Runs < 2 {
		return 0, 0, false
	}
	top := 0.0
	for _, e := range []Estimate{base, d} {
		_, _, t := ends(e.Bounds)
		top = max(top, t)
	}
	lower := func(e Estimate) summary.Stat {
		lo, _, _ := ends(e.Bounds)
		return summary.NewStat(lo)
	}
	upper := func(e Estimate) summary.Stat { // +Inf as one stand-in above every end of both
		hi := make([]float64, 0, len(e.Bounds))
		for _, b := range e.Bounds {
			hi = append(hi, min(b.Hi, 2*top+1))
		}
		return summary.NewStat(hi)
	}
	if bh, dl := upper(base), lower(d); dl.Center > bh.Center {
		return bh.Compare(dl).P, 1, true
	}
	if bl, dh := lower(base), upper(d); dh.Center < bl.Center {
		return bl.Compare(dh).P, -1, true
	}
	return 1, 0, true
}

package saturation

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"chanbench/report/summary"
)

// The committed runs' Load points, copied from results/ at the commit in
// the name (the run's own commit line) with every other benchmark left
// out: grep -vE '^Benchmark(Stream|Streams|Workflow|Ordering|Ratio)[/ -]'
// results/full/bench.txt. Both ran the benchmark code of 503a444.
const (
	fullRun = "testdata/full-503a444.txt" // results/full, the reference run
	loadRun = "testdata/load-63f5f29.txt" // results/load, the Load sweep again
)

func readSweeps(t *testing.T, path string) map[Key][][]Point {
	t.Helper()
	set, err := summary.Read(path)
	require.NoError(t, err)
	return Sweeps(set)
}

// TestCommittedRunNine: issue 20's example. In results/full, dropsender's
// run 9 at GOMAXPROCS 2 failed at 25000/s on p99 alone (1068 µs,
// completions 1.001×), then kept up at every rate from 30000 to 80000/s:
// a lone slow point, which no longer decides the run (it counted as 20000
// under the first-failure rule).
func TestCommittedRunNine(t *testing.T) {
	runs := readSweeps(t, fullRun)[Key{"dropsender", "2"}]
	require.Len(t, runs, 10)
	nine := runs[8]
	var at25k Point
	for _, p := range nine {
		if p.Offered == 25000 {
			at25k = p
		}
	}
	require.InDelta(t, 1068031, at25k.P99, 1, "not the run the issue describes")
	assert.False(t, crit.KeepsUp(at25k))
	sw := crit.Judge(nine)
	assert.Equal(t, []float64{25000}, sw.Lone)
	assert.True(t, sw.OK)
	assert.Equal(t, 80000.0, sw.Rate)
}

// TestCommittedSaturation: the figures under the rule of two
// consecutive failures: dropsender at GOMAXPROCS 2 saturates at 60000/s,
// +100% over unbuffered, significantly (p = 0.001), where the
// first-failure rule said 30000/s and "~" (p = 0.730); router at
// GOMAXPROCS 1 at 50000/s, not 40000/s.
func TestCommittedSaturation(t *testing.T) {
	sw := readSweeps(t, fullRun)
	drop, unb := crit.Across(sw[Key{"dropsender", "2"}]), crit.Across(sw[Key{"unbuffered", "2"}])
	assert.Equal(t, 60000.0, drop.MedianHi)
	assert.Equal(t, 30000.0, unb.MedianHi)
	cmp := summary.NewStat(unb.Rates).Compare(summary.NewStat(drop.Rates))
	assert.InDelta(t, 0.001, cmp.P, 0.0005, "Mann-Whitney p of dropsender against unbuffered")
	assert.Equal(t, 50000.0, crit.Across(sw[Key{"router", ""}]).MedianHi)
}

// TestCommittedReplicate: the two committed sweeps of one benchmark code
// (results/full and results/load) agree on every design's saturation at
// both GOMAXPROCS under the new rule.
func TestCommittedReplicate(t *testing.T) {
	a, b := readSweeps(t, fullRun), readSweeps(t, loadRun)
	for k := range a {
		if k.Design == summary.Null() {
			continue
		}
		ok, why := Agree(crit.Across(a[k]), crit.Across(b[k]))
		assert.True(t, ok, "%v: %s", k, why)
	}
}

// TestSweepsPairByRoundAndNull: points are grouped into sweeps by their
// round's seed, whatever rates each round ran, and each has the null's
// point of its round and rate beside it.
func TestSweepsPairByRoundAndNull(t *testing.T) {
	const in = `BenchmarkLoad/rate=1000/design=null-2 1000 0 ns/op 1000 arrived-streams/s 1000 completed-streams/s 50000 latency-p99-ns/op 0 unreliable/op 7 seed
BenchmarkLoad/rate=1000/design=router-2 1000 0 ns/op 1000 arrived-streams/s 1000 completed-streams/s 90000 latency-p99-ns/op 0 unreliable/op 7 seed
BenchmarkLoad/rate=2000/design=router-2 2000 0 ns/op 2000 arrived-streams/s 1500 completed-streams/s 9000000 latency-p99-ns/op 0 unreliable/op 7 seed
BenchmarkLoad/rate=1000/design=router-2 1000 0 ns/op 1000 arrived-streams/s 1000 completed-streams/s 80000 latency-p99-ns/op 0 unreliable/op 9 seed
BenchmarkLoad/rate=1000/design=null-2 1000 0 ns/op 1000 arrived-streams/s 1000 completed-streams/s 60000 latency-p99-ns/op 0 unreliable/op 9 seed
BenchmarkLoad/rate=1500/design=router-2 1500 0 ns/op 1500 arrived-streams/s 1500 completed-streams/s 85000 latency-p99-ns/op 0 unreliable/op 9 seed
`
	path := filepath.Join(t.TempDir(), "bench.txt")
	require.NoError(t, os.WriteFile(path, []byte(in), 0o644))
	sw := readSweeps(t, path)
	r := sw[Key{"router", "2"}]
	require.Len(t, r, 2)
	require.Len(t, r[0], 2, "seed 7's sweep")
	assert.Equal(t, []float64{1000, 2000}, []float64{r[0][0].Offered, r[0][1].Offered})
	assert.Equal(t, []float64{1000, 1500}, []float64{r[1][0].Offered, r[1][1].Offered})
	require.NotNil(t, r[0][0].Null)
	assert.Equal(t, 50000.0, r[0][0].Null.P99, "seed 7's null")
	require.NotNil(t, r[1][0].Null)
	assert.Equal(t, 60000.0, r[1][0].Null.P99, "seed 9's null, though it came after the design")
	assert.Nil(t, r[0][1].Null, "no null ran at 2000/s")
	assert.Nil(t, r[1][1].Null)
	assert.Len(t, sw[Key{"null", "2"}], 2)
}

// TestFirst: the committed reference run names no design as saturating
// first under the rule of two consecutive failures, at either GOMAXPROCS
// (each lowest median is not significantly below some other design), and
// a design far below the others is named.
func TestFirst(t *testing.T) {
	sw := readSweeps(t, fullRun)
	for _, procs := range []string{"", "2"} {
		ests := map[string]Estimate{}
		for k, runs := range sw {
			if k.Procs == procs && k.Design != summary.Null() {
				ests[k.Design] = crit.Across(runs)
			}
		}
		first, why := First(ests)
		assert.Empty(t, first, "GOMAXPROCS %q: %s", procs, why)
	}
	est := func(rates ...float64) Estimate {
		return crit.Across(func() (runs [][]Point) {
			for _, r := range rates {
				runs = append(runs, []Point{keep(r), fall(2 * r), fall(4 * r)})
			}
			return runs
		}())
	}
	six := func(r float64) Estimate { return est(r, r, r, r, r, r) }
	first, _ := First(map[string]Estimate{"a": six(1000), "b": six(4000), "c": six(8000)})
	assert.Equal(t, "a", first)
	first, why := First(map[string]Estimate{"a": six(1000), "b": est(1000, 1000, 1000, 4000, 4000, 4000), "c": six(8000)})
	assert.Empty(t, first)
	assert.Contains(t, why, "a (lowest median) is not significantly below b")
	first, _ = First(map[string]Estimate{"a": six(1000)})
	assert.Empty(t, first)

	// Censored runs at their worst for the claim. a: four runs saturate
	// at 1000/s, two keep up to 1000/s and may saturate anywhere above,
	// above all of b's; at their bound a would be named (p=0.002).
	censored := func(exact, reached int, r float64) (runs [][]Point) {
		for range exact {
			runs = append(runs, []Point{keep(r), fall(2 * r), fall(4 * r)})
		}
		for range reached {
			runs = append(runs, []Point{keep(r / 2), keep(r)})
		}
		return runs
	}
	a := crit.Across(censored(4, 2, 1000))
	first, why = First(map[string]Estimate{"a": a, "b": six(8000)})
	assert.Empty(t, first)
	assert.Equal(t, "a (lowest median) is not significantly below b (p=0.234, censored runs at their worst for the claim)", why)
	atBound := summary.NewStat([]float64{1000, 1000, 1000, 1000, 1000, 1000}).Compare(summary.NewStat(six(8000).Rates))
	assert.Less(t, atBound.P, 0.05, "at their bound a's runs are significantly below b's")
	// One right-censored run of six is not enough to undo the claim.
	first, _ = First(map[string]Estimate{"a": crit.Across(censored(5, 1, 1000)), "b": six(8000)})
	assert.Equal(t, "a", first)
	// b's left-censored runs (saturated at once, below 8000/s) count at
	// 0, below a: a is no longer significantly below b.
	b := crit.Across(append(censored(4, 0, 8000), []Point{fall(8000), fall(16000)}, []Point{fall(8000), fall(16000)}))
	first, why = First(map[string]Estimate{"a": six(1000), "b": b})
	assert.Empty(t, first)
	assert.Contains(t, why, "a (lowest median) is not significantly below b")
}

// TestReplicate: in the two committed sweeps (2000-stream points, before
// the null and the knee search) every design's saturation agrees, but the
// answer to "which saturates first" does not replicate at GOMAXPROCS 1:
// results/load names router significantly first, results/full names no
// design (router not significantly below unbuffered, p = 0.254). A sweep
// compared with one whose router saturates at a quarter of the rate
// disagrees on router alone.
func TestReplicate(t *testing.T) {
	a, b := readSweeps(t, fullRun), readSweeps(t, loadRun)
	r := crit.Replicate(a, b)
	require.Len(t, r.Designs, 10, "5 designs × 2 GOMAXPROCS, the null left out")
	for _, d := range r.Designs {
		assert.True(t, d.Agree, "%v: %s", d.Key, d.Why)
	}
	require.Len(t, r.Firsts, 2)
	assert.Equal(t, ReplicatedFirst{Procs: "", A: "", B: "router",
		WhyA: "router (lowest median) is not significantly below unbuffered (p=0.254, censored runs at their worst for the claim)",
		WhyB: "router is significantly below every other design, censored runs at their worst for the claim"}, r.Firsts[0])
	assert.True(t, r.Firsts[1].Same(), "%+v", r.Firsts[1])
	assert.False(t, r.OK())

	slowRouter := map[Key][][]Point{}
	for k, runs := range b {
		slowRouter[k] = runs
	}
	var runs [][]Point
	for range 10 {
		runs = append(runs, []Point{keep(5000), keep(10000), fall(15000), fall(20000)})
	}
	slowRouter[Key{"router", "2"}] = runs
	r = crit.Replicate(a, slowRouter)
	assert.False(t, r.OK())
	for _, d := range r.Designs {
		assert.Equal(t, d.Key != Key{"router", "2"}, d.Agree, "%v: %s", d.Key, d.Why)
	}
	assert.Equal(t, "router", r.Firsts[1].B, "router now saturates first at GOMAXPROCS 2")
	assert.False(t, r.Firsts[1].Same())
	same := crit.Replicate(a, a)
	assert.True(t, same.OK(), "a sweep against itself")
}

// The load A/A of b354125 (results/load-aa/b354125/a.txt and b.txt, six rounds
// each, copied whole: they hold only BenchmarkLoad).
const (
	aaA = "testdata/aa-b354125-a.txt"
	aaB = "testdata/aa-b354125-b.txt"
)

// TestCommittedCensored: what counting censored runs changes on the load
// A/A of b354125. Dropping them left five of seven designs at GOMAXPROCS 1
// in sweep B with five runs, too few for an interval, and router and
// terminal-routed in sweep A with three; counted, every design has six
// runs and an interval. Router in sweep A has three runs that kept up to
// 40000/s and three that saturated (40000, 40000, 50400): its median is at
// least 40000/s, and the interval's upper limit is open, since half its
// runs may saturate anywhere above 40000/s.
func TestCommittedCensored(t *testing.T) {
	a, b := readSweeps(t, aaA), readSweeps(t, aaB)
	for _, sw := range []map[Key][][]Point{a, b} {
		for k, runs := range sw {
			if k.Design == summary.Null() {
				continue
			}
			e := crit.Across(runs)
			assert.Equal(t, 6, e.Runs, "%v", k)
			assert.False(t, e.TooFew(), "%v: %v", k, e)
		}
	}
	router := crit.Across(a[Key{"router", ""}])
	assert.Equal(t, 3, router.Exact)
	assert.Equal(t, []float64{50400, 40000, 40000}, router.Rates)
	assert.Equal(t, 40000.0, router.MedianLo)
	assert.True(t, math.IsInf(router.MedianHi, 1), "median %v", router.MedianHi)
	assert.Equal(t, 40000.0, router.Lo)
	assert.True(t, math.IsInf(router.Hi, 1), "upper limit %v", router.Hi)
	assert.Equal(t, "≥ 40000/s (40000–∞, 6 of 6 runs, 3 censored)", router.String())

	// Sweep B's pipe: one run kept up to 20000/s, so its median lies
	// between 20000 and 22600/s, and sweep A's interval (10000–20000/s)
	// holds only part of that range: the sweeps cannot be said to agree.
	pa, pb := crit.Across(a[Key{"pipe", ""}]), crit.Across(b[Key{"pipe", ""}])
	assert.Equal(t, "20000–22600/s (10000–∞, 6 of 6 runs, 1 censored)", pb.String())
	ok, why := Agree(pa, pb)
	assert.False(t, ok)
	assert.Equal(t, "the second median, 20000–22600/s, is not inside the first interval, 10000–20000", why)
}

// TestCommittedCensoredReplicate: the load A/A of b354125 with censored
// runs counted. At GOMAXPROCS 1, where dropping them left six of seven
// designs without an interval, five agree and two do not: explicit (sweep
// B's median, 63500/s, above sweep A's interval, 20000–50400/s) and pipe
// (TestCommittedCensored). At GOMAXPROCS 2 every design agrees. Neither
// sweep names a design as saturating first at either GOMAXPROCS.
func TestCommittedCensoredReplicate(t *testing.T) {
	r := crit.Replicate(readSweeps(t, aaA), readSweeps(t, aaB))
	require.Len(t, r.Designs, 14, "7 designs × 2 GOMAXPROCS, the null left out")
	disagree := map[Key]string{}
	for _, d := range r.Designs {
		if !d.Agree {
			disagree[d.Key] = d.Why
		}
	}
	assert.Equal(t, map[Key]string{
		{"explicit", ""}: "the second median, 63500/s, is not inside the first interval, 20000–50400",
		{"pipe", ""}:     "the second median, 20000–22600/s, is not inside the first interval, 10000–20000",
	}, disagree)
	require.Len(t, r.Firsts, 2)
	for _, f := range r.Firsts {
		assert.Equal(t, "", f.A, f.WhyA)
		assert.Equal(t, "", f.B, f.WhyB)
	}
	assert.False(t, r.OK())
}

// TestMinP: MinP is the p benchstat's Mann-Whitney test gives two
// samples of which one lies wholly below the other, the smallest it can
// give for their sizes.
func TestMinP(t *testing.T) {
	for _, c := range []struct {
		n, m int
		want float64
	}{
		{3, 3, 0.1}, {4, 4, 2.0 / 70}, {6, 6, 2.0 / 924}, {2, 5, 2.0 / 21}, {1, 1, 1}, {0, 4, 1},
	} {
		assert.InDelta(t, c.want, MinP(c.n, c.m), 1e-12, "%d against %d", c.n, c.m)
		if c.n == 0 {
			continue
		}
		below, above := make([]float64, c.n), make([]float64, c.m)
		for i := range below {
			below[i] = float64(i)
		}
		for i := range above {
			above[i] = float64(100 + i)
		}
		got := summary.NewStat(below).Compare(summary.NewStat(above)).P
		assert.InDelta(t, c.want, got, 1e-9, "%d against %d: benchstat's p", c.n, c.m)
	}
}

// TestFirstAnswer: a design wholly below the others is named with the
// largest p of its comparisons; with too few runs for any Mann-Whitney
// test to reach α the answer says so (TooFew), not merely that no design
// is first; a candidate not below another is no TooFew.
func TestFirstAnswer(t *testing.T) {
	est := func(n int, r float64) Estimate {
		var runs [][]Point
		for range n {
			runs = append(runs, []Point{keep(r), fall(2 * r), fall(4 * r)})
		}
		return crit.Across(runs)
	}
	for _, c := range []struct {
		name   string
		ests   map[string]Estimate
		design string
		p      float64 // NaN: no comparison ran
		tooFew bool
		why    string
	}{
		{"four runs each: named", map[string]Estimate{"a": est(4, 1000), "b": est(4, 4000), "c": est(4, 8000)}, "a", 2.0 / 70, false,
			"a is significantly below every other design, censored runs at their worst for the claim"},
		{"three runs each: too few", map[string]Estimate{"a": est(3, 1000), "b": est(3, 4000)}, "", math.NaN(), true,
			"a (lowest median) cannot be shown significantly below b from 3 runs against 3: the smallest p a Mann-Whitney U test of them can give is 0.100, above α = 0.05"},
		{"one design too few runs", map[string]Estimate{"a": est(6, 1000), "b": est(6, 4000), "c": est(2, 8000)}, "", math.NaN(), true,
			"a (lowest median) cannot be shown significantly below c from 6 runs against 2: the smallest p a Mann-Whitney U test of them can give is 0.071, above α = 0.05"},
		{"not below", map[string]Estimate{"a": est(4, 1000), "b": est(4, 1000)}, "", math.NaN(), false,
			"a (lowest median) is not below b (medians 1000/s and 1000/s)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := FirstAnswer(c.ests)
			assert.Equal(t, c.design, a.Design)
			assert.Equal(t, c.tooFew, a.TooFew)
			assert.Equal(t, c.why, a.Why)
			if math.IsNaN(c.p) {
				assert.True(t, math.IsNaN(a.P), "p %v", a.P)
			} else {
				assert.InDelta(t, c.p, a.P, 1e-9)
			}
			d, why := First(c.ests)
			assert.Equal(t, a.Design, d)
			assert.Equal(t, a.Why, why)
		})
	}
}

// TestVersus: the two-sided comparison of two designs' saturation counts
// censored runs at their worst for each claim: without censoring it is
// benchstat's comparison of the point estimates; right-censored runs of
// the lower design undo a claim that leaving them out would make; a
// left-censored baseline leaves the direction undecided.
func TestVersus(t *testing.T) {
	exact := func(r float64) []Point { return []Point{keep(r), fall(2 * r), fall(4 * r)} }
	reached := func(r float64) []Point { return []Point{keep(r / 2), keep(r)} } // [r, +Inf]
	atOnce := func(r float64) []Point { return []Point{fall(r), fall(2 * r)} }  // [0, r]
	runs := func(parts ...[][]Point) (out [][]Point) {
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	n := func(k int, p []Point) (out [][]Point) {
		for range k {
			out = append(out, p)
		}
		return out
	}
	for _, c := range []struct {
		name    string
		base, d [][]Point
		p       float64
		dir     int
		ok      bool
	}{
		{"no censoring, d lower", n(6, exact(8000)), n(6, exact(1000)), 2.0 / 924, -1, true},
		{"no censoring, d higher", n(6, exact(1000)), n(6, exact(8000)), 2.0 / 924, 1, true},
		{"no censoring, equal", n(6, exact(1000)), n(6, exact(1000)), 1, 0, true},
		// d's right-censored runs above base's: later however they resolve.
		{"d right-censored above base", n(6, exact(1000)), n(6, reached(4000)), 2.0 / 924, 1, true},
		// Four of d's runs at 1000/s, two kept up to 1000/s and may lie
		// anywhere above, above base's: the p of TestFirst's same case,
		// where the point estimates alone give 2/210.
		{"d's censored runs undo 'earlier'", n(6, exact(8000)), runs(n(4, exact(1000)), n(2, reached(1000))), 0.234, -1, true},
		// base saturated at once, somewhere below 8000/s: d at 1000/s is
		// neither surely above nor surely below it.
		{"left-censored base: undecided", n(6, atOnce(8000)), n(6, exact(1000)), 1, 0, true},
		{"too few runs", n(1, exact(8000)), n(6, exact(1000)), 0, 0, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, dir, ok := Versus(crit.Across(c.base), crit.Across(c.d))
			assert.Equal(t, c.ok, ok)
			assert.Equal(t, c.dir, dir)
			assert.InDelta(t, c.p, p, 0.0005)
		})
	}
	// Leaving the censored runs out (the rule before) claims 'earlier'.
	left := crit.Across(runs(n(4, exact(1000)), n(2, reached(1000))))
	require.Len(t, left.Rates, 4)
	assert.InDelta(t, 2.0/210, summary.NewStat(crit.Across(n(6, exact(8000))).Rates).Compare(summary.NewStat(left.Rates)).P, 1e-9)
}

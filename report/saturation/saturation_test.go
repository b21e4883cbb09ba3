package saturation

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/perf/benchmath"
)

var crit = Criteria{Tolerance: 0.01, Bound: 1e6}

// keep and fall are points that keep up and that do not.
func keep(rate float64) Point { return Point{Offered: rate, Completed: rate, P99: 1e5} }
func fall(rate float64) Point { return Point{Offered: rate, Completed: 0.9 * rate, P99: 5e6} }

// slow is a point whose completions keep up but whose p99 is just over
// the bound: the issue's dropsender run 9 at 25000/s (1068 µs).
func slow(rate float64) Point { return Point{Offered: rate, Completed: rate, P99: 1.068e6} }

func TestJudge(t *testing.T) {
	cases := []struct {
		name   string
		points []Point
		rate   float64
		ok     bool
		why    string
		lone   []float64
	}{
		{"saturates between two rates", []Point{keep(1000), keep(2000), fall(4000), fall(8000)}, 2000, true, "", nil},
		{"order of the points does not matter", []Point{fall(8000), keep(2000), fall(4000), keep(1000)}, 2000, true, "", nil},
		{"a lone failing point does not decide the run", []Point{keep(1000), slow(2000), keep(4000), fall(8000), fall(16000)}, 4000, true, "", []float64{2000}},
		{"two lone failures do not either", []Point{keep(1000), slow(2000), keep(4000), slow(8000), keep(16000), fall(32000), fall(64000)}, 16000, true, "", []float64{2000, 8000}},
		{"tail latency alone saturates", []Point{keep(1000), {Offered: 2000, Completed: 2000, P99: 2e6}, {Offered: 4000, Completed: 4000, P99: 3e6}}, 1000, true, "", nil},
		{"a shortfall of 1% is kept up, 2% is not", []Point{{Offered: 1000, Completed: 990, P99: 1}, {Offered: 2000, Completed: 1960, P99: 1}, fall(4000)}, 1000, true, "", nil},
		{"a schedule that ran 4% slow is kept up with", []Point{keep(1000), {Offered: 2000, Arrived: 1920, Completed: 1915, P99: 1}, fall(4000), fall(8000)}, 2000, true, "", nil},
		{"a schedule that ran 4% fast is not kept up with at the offered rate", []Point{keep(1000), {Offered: 2000, Arrived: 2080, Completed: 2000, P99: 1}, fall(4000)}, 1000, true, "", nil},
		{"an unreliable point is left out, not a failure", []Point{keep(1000), {Offered: 2000, Completed: 1000, P99: 9e6, Unreliable: true}, keep(4000), fall(8000), fall(16000)}, 4000, true, "", nil},
		{"nor is it a keep-up between two failures", []Point{keep(1000), fall(2000), {Offered: 3000, Completed: 3000, Unreliable: true}, fall(4000)}, 1000, true, "", nil},
		{"a point where the null failed is left out", []Point{keep(1000), {Offered: 2000, Completed: 1000, P99: 9e6, Null: &Point{Offered: 2000, Completed: 1000, P99: 9e6}}, keep(4000), fall(8000), fall(16000)}, 4000, true, "", nil},
		{"a point where the null kept up counts", []Point{keep(1000), func() Point { p := fall(2000); n := keep(2000); p.Null = &n; return p }(), fall(4000)}, 1000, true, "", nil},
		{"ends on a lone failure: not confirmed", []Point{keep(1000), keep(2000), fall(4000)}, 0, false, "the sweep ended on a single failing point, at 4000/s: saturation not confirmed", nil},
		{"saturated at once", []Point{fall(1000), fall(2000)}, 0, false, "already saturated at the lowest measured rates, 1000/s and 2000/s", nil},
		{"never saturated", []Point{keep(1000), keep(2000)}, 0, false, "kept up at every measured rate, up to 2000/s: the sweep did not reach saturation", nil},
		{"nothing measured", []Point{{Offered: 1000, Unreliable: true}}, 0, false, "no measured points: the load generator fell behind at 1000/s", nil},
		{"no points", nil, 0, false, "no measured points", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sw := crit.Judge(tc.points)
			assert.Equal(t, tc.rate, sw.Rate)
			assert.Equal(t, tc.ok, sw.OK)
			assert.Equal(t, tc.why, sw.Why)
			assert.Equal(t, tc.lone, sw.Lone)
		})
	}
}

// TestJudgeBracketsTheKnee: Fail is the first of the two failing points,
// where a knee search refines.
func TestJudgeBracketsTheKnee(t *testing.T) {
	sw := crit.Judge([]Point{keep(10000), keep(20000), slow(40000), keep(80000), fall(160000), fall(320000)})
	assert.Equal(t, Sweep{Rate: 80000, OK: true, Fail: 160000, Lone: []float64{40000}, Bounds: Bounds{80000, 80000}}, sw)
}

// TestJudgeReached: only a sweep that kept up at every measured rate
// gives a lower bound, the highest rate it measured; one that saturated,
// ended on a lone failure or measured nothing gives none.
func TestJudgeReached(t *testing.T) {
	for _, tc := range []struct {
		name    string
		points  []Point
		reached float64
	}{
		{"kept up at every rate", []Point{keep(1000), keep(2000), keep(4000)}, 4000},
		{"after a lone failure too", []Point{keep(1000), slow(2000), keep(4000)}, 4000},
		{"the highest measured rate, not the highest offered", []Point{keep(1000), keep(2000), {Offered: 4000, Completed: 2000, P99: 9e6, Unreliable: true}}, 2000},
		{"saturated", []Point{keep(1000), fall(2000), fall(4000)}, 0},
		{"ends on a lone failure", []Point{keep(1000), keep(2000), fall(4000)}, 0},
		{"nothing measured", []Point{{Offered: 1000, Unreliable: true}}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sw := crit.Judge(tc.points)
			assert.False(t, tc.reached > 0 && sw.OK, "a run with a lower bound has no estimate")
			assert.Equal(t, tc.reached, sw.Reached)
		})
	}
}

// TestJudgeBounds: each kind of run gives the interval its saturation
// throughput lies in; only a run with no measured point gives none.
func TestJudgeBounds(t *testing.T) {
	inf := math.Inf(1)
	for _, tc := range []struct {
		name    string
		points  []Point
		bounds  Bounds
		counted bool
	}{
		{"saturated: a value", []Point{keep(1000), keep(2000), fall(4000), fall(8000)}, Bounds{2000, 2000}, true},
		{"kept up at every rate: right-censored at the highest", []Point{keep(1000), slow(2000), keep(4000)}, Bounds{4000, inf}, true},
		{"a lone failure last: right-censored at the rate before it", []Point{keep(1000), keep(2000), fall(4000)}, Bounds{2000, inf}, true},
		{"a lone failure last after a lone one: the rate before it kept up", []Point{keep(1000), slow(2000), keep(4000), fall(8000)}, Bounds{4000, inf}, true},
		{"a single point, failing: nothing either way", []Point{fall(1000)}, Bounds{0, inf}, true},
		{"saturated at once: left-censored at the lowest rate", []Point{fall(1000), fall(2000), fall(4000)}, Bounds{0, 1000}, true},
		{"nothing measured: missing", []Point{{Offered: 1000, Unreliable: true}}, Bounds{}, false},
		{"no points: missing", nil, Bounds{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sw := crit.Judge(tc.points)
			assert.Equal(t, tc.bounds, sw.Bounds)
			assert.Equal(t, tc.counted, sw.Counted())
			assert.Equal(t, sw.OK, tc.counted && !sw.Bounds.Censored())
		})
	}
}

func TestTailReliable(t *testing.T) {
	with := func(p99, null float64) Point {
		return Point{Offered: 1000, Completed: 1000, P99: p99, Null: &Point{Offered: 1000, Completed: 1000, P99: null}}
	}
	assert.True(t, crit.TailReliable(with(100e3, 50e3)), "null at half the design's p99")
	assert.False(t, crit.TailReliable(with(100e3, 51e3)), "null above half the design's p99")
	c := crit
	c.NullShare = 0.6
	assert.True(t, c.TailReliable(with(100e3, 60e3)))
	assert.True(t, crit.TailReliable(keep(1000)), "no null beside: judged by the generator alone")
	assert.False(t, crit.TailReliable(Point{Offered: 1000, Completed: 1000, P99: 1e5, Unreliable: true}))
}

func TestAcross(t *testing.T) {
	sweep := func(sat float64) []Point { return []Point{keep(sat / 2), keep(sat), fall(2 * sat), fall(4 * sat)} }
	var runs [][]Point
	for _, sat := range []float64{2000, 2000, 4000, 2000, 2000, 2000, 2000, 4000, 2000, 2000} {
		runs = append(runs, sweep(sat))
	}
	e := crit.Across(runs)
	assert.Equal(t, 10, e.Runs)
	assert.Equal(t, 10, e.Exact)
	assert.Equal(t, 2000.0, e.MedianLo)
	assert.Equal(t, 2000.0, e.MedianHi, "no censoring: the median is a value")
	assert.Equal(t, 2000.0, e.Lo, "the order-statistic interval of eight 2000s and two 4000s")
	assert.Equal(t, 4000.0, e.Hi)
	assert.Equal(t, "2000/s (2000–4000, 10 of 10 runs)", e.String())
	assert.Equal(t, "no estimate (0 of 1 runs)", crit.Across([][]Point{{{Offered: 1000, Unreliable: true}}}).String())
	assert.Zero(t, e.Bounded, "no run kept up at every rate")
	assert.Zero(t, e.Reached)

	// A run already saturated at its lowest rates is left-censored,
	// [0, 1000], and counted: it pulls the interval's lower limit to 0.
	left := crit.Across(append(runs[:5:5], []Point{fall(1000), fall(2000)}))
	assert.Equal(t, 6, left.Runs)
	assert.Equal(t, 5, left.Exact)
	assert.Equal(t, []string{"run 6: already saturated at the lowest measured rates, 1000/s and 2000/s"}, left.Reasons)
	assert.Equal(t, Bounds{0, 1000}, left.Bounds[5])
	assert.Equal(t, 0.0, left.Lo)
	assert.Equal(t, 4000.0, left.Hi)

	// Two runs that kept up at every rate they measured, to 8000/s and
	// to 4000/s, and one that ended on a lone failure at 4000/s after
	// keeping up at 2000/s, beside three saturating ones: all six count.
	bounded := crit.Across(append(runs[:3:3], []Point{keep(2000), keep(8000)}, []Point{keep(2000), keep(4000)}, []Point{keep(2000), fall(4000)}))
	assert.Equal(t, 6, bounded.Runs)
	assert.Equal(t, 3, bounded.Exact)
	assert.Equal(t, []float64{2000, 2000, 4000}, bounded.Rates, "in run order")
	assert.Equal(t, []Bounds{{2000, 2000}, {2000, 2000}, {4000, 4000}, {8000, math.Inf(1)}, {4000, math.Inf(1)}, {2000, math.Inf(1)}}, bounded.Bounds)
	assert.Equal(t, 2, bounded.Bounded)
	assert.Equal(t, 8000.0, bounded.Reached)
	assert.Equal(t, 3000.0, bounded.MedianLo, "lower ends 2000 2000 2000 4000 4000 8000")
	assert.True(t, math.IsInf(bounded.MedianHi, 1), "upper ends 2000 2000 4000 ∞ ∞ ∞")
	assert.Equal(t, 2000.0, bounded.Lo)
	assert.True(t, math.IsInf(bounded.Hi, 1))
	assert.Equal(t, "≥ 3000/s (2000–∞, 6 of 6 runs, 3 censored)", bounded.String())
}

// TestAcrossConservative: the interval of censored runs holds the
// interval of every way they could resolve, and the median range holds
// every such median: the censored runs are replaced by values inside
// their bounds, at either end and between, and benchmath's summary of
// those values must lie inside the estimate's.
func TestAcrossConservative(t *testing.T) {
	runs := [][]Point{
		{keep(10000), keep(20000), fall(40000), fall(80000)},  // 20000
		{keep(10000), keep(40000), fall(80000), fall(160000)}, // 40000
		{keep(10000), keep(40000), keep(80000)},               // ≥ 80000
		{keep(10000), keep(20000), fall(40000)},               // ≥ 20000
		{fall(10000), fall(20000)},                            // ≤ 10000
		{keep(10000), keep(20000), fall(40000), fall(80000)},  // 20000
		{keep(10000), keep(40000), fall(80000), fall(160000)}, // 40000
	}
	e := crit.Across(runs)
	require.Equal(t, 7, e.Runs)
	for _, fill := range []func(b Bounds) float64{
		func(b Bounds) float64 { return b.Lo },
		func(b Bounds) float64 { return min(b.Hi, 1e9) },
		func(b Bounds) float64 { return min((b.Lo+b.Hi)/2, b.Lo+30000) },
	} {
		var xs []float64
		for _, b := range e.Bounds {
			xs = append(xs, fill(b))
		}
		s := benchmath.AssumeNothing.Summary(benchmath.NewSample(xs, &benchmath.DefaultThresholds), 0.95)
		assert.LessOrEqual(t, e.Lo, s.Lo)
		assert.GreaterOrEqual(t, e.Hi, s.Hi)
		assert.LessOrEqual(t, e.MedianLo, s.Center)
		assert.GreaterOrEqual(t, e.MedianHi, s.Center)
	}
	// Uncensored, the estimate is benchmath's, the order statistics
	// unchanged.
	exact := crit.Across(append(slices.Clone(runs[:2]), runs[5], runs[6], runs[0], runs[1]))
	s := benchmath.AssumeNothing.Summary(benchmath.NewSample(slices.Clone(exact.Rates), &benchmath.DefaultThresholds), 0.95)
	assert.Equal(t, []float64{s.Center, s.Center, s.Lo, s.Hi}, []float64{exact.MedianLo, exact.MedianHi, exact.Lo, exact.Hi})
}

// TestAcrossRightCensoredUpperLimit: with six runs the interval's upper
// limit is the highest run's; one run that kept up to 80000/s, above
// every saturating run, leaves it open (+Inf), not 80000/s: its
// saturation may lie anywhere above.
func TestAcrossRightCensoredUpperLimit(t *testing.T) {
	var runs [][]Point
	for range 5 {
		runs = append(runs, []Point{keep(10000), keep(20000), fall(40000), fall(80000)})
	}
	runs = append(runs, []Point{keep(10000), keep(40000), keep(80000)})
	e := crit.Across(runs)
	assert.Equal(t, 20000.0, e.MedianLo)
	assert.Equal(t, 20000.0, e.MedianHi, "the one censored run is above the median either way")
	assert.Equal(t, 20000.0, e.Lo)
	assert.True(t, math.IsInf(e.Hi, 1), "upper limit %v", e.Hi)
}

func TestAgree(t *testing.T) {
	est := func(m, lo, hi float64) Estimate {
		return Estimate{Runs: 10, Of: 10, Exact: 10, MedianLo: m, MedianHi: m, Lo: lo, Hi: hi}
	}
	rng := func(mlo, mhi, lo, hi float64) Estimate {
		return Estimate{Runs: 6, Of: 6, Exact: 3, MedianLo: mlo, MedianHi: mhi, Lo: lo, Hi: hi}
	}
	inf := math.Inf(1)
	for _, tc := range []struct {
		name string
		a, b Estimate
		ok   bool
		why  string
	}{
		{"each inside the other", est(60000, 50000, 80000), est(70000, 60000, 80000), true, ""},
		{"first outside", est(30000, 30000, 40000), est(60000, 50000, 70000), false, "the first median, 30000/s, is not inside the second interval, 50000–70000"},
		{"second outside only", est(50000, 30000, 60000), est(70000, 50000, 80000), false, "the second median, 70000/s, is not inside the first interval, 30000–60000"},
		{"a median range inside", rng(40000, 50000, 30000, inf), est(45000, 40000, 60000), true, ""},
		{"a median range partly outside", rng(40000, 63500, 30000, inf), est(45000, 40000, 60000), false, "the first median, 40000–63500/s, is not inside the second interval, 40000–60000"},
		{"open above, both", rng(50000, inf, 40000, inf), rng(45000, inf, 40000, inf), true, ""},
		{"open above against a bounded interval", rng(50000, inf, 40000, inf), est(45000, 40000, 60000), false, "the first median, ≥ 50000/s, is not inside the second interval, 40000–60000"},
		{"open above, lower limits apart", rng(50000, inf, 50000, inf), rng(30000, inf, 20000, inf), false, "the second median, ≥ 30000/s, is not inside the first interval, 50000–∞"},
		{"no estimate", est(1, 1, 1), Estimate{Of: 10}, false, "a sweep gave no estimate"},
		{"no interval", est(1, math.Inf(-1), math.Inf(1)), est(1, 1, 1), false, "too few runs for an interval"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ok, why := Agree(tc.a, tc.b)
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.why, why)
		})
	}
}

func ExampleCriteria_Run() {
	c := Criteria{Tolerance: 0.01, Bound: 1e6} // 1%, p99 ≤ 1ms
	rate, ok, _ := c.Run([]Point{
		{Offered: 10000, Completed: 10000, P99: 40e3},
		{Offered: 20000, Completed: 20000, P99: 1.1e6}, // slow alone: not saturation
		{Offered: 30000, Completed: 29950, P99: 90e3},
		{Offered: 40000, Completed: 31000, P99: 25e6},
		{Offered: 50000, Completed: 31000, P99: 60e6},
	})
	fmt.Println(rate, ok)
	// Output: 30000 true
}

func TestCriteriaRequireNoNaN(t *testing.T) {
	ok, _ := crit.Measured(Point{Offered: 1, Completed: math.NaN(), P99: 1})
	require.False(t, ok, "a point without a completed rate was taken as a measurement")
}

// TestMeasuredGeneratorBehind: a point where the generator fell behind is
// left out when the design kept up with what did arrive, and is a
// failure when it did not keep up even with that.
func TestMeasuredGeneratorBehind(t *testing.T) {
	behindKept := Point{Offered: 4000, Arrived: 3000, Completed: 3000, P99: 9e6, Unreliable: true}
	behindFell := Point{Offered: 4000, Arrived: 3000, Completed: 2000, P99: 9e6, Unreliable: true}
	ok, _ := crit.Measured(behindKept)
	assert.False(t, ok)
	ok, _ = crit.Measured(behindFell)
	assert.True(t, ok)
	assert.False(t, crit.KeepsUp(behindFell))
	assert.False(t, crit.TailReliable(behindFell), "a tail with the generator behind is never the design's")
	sw := crit.Judge([]Point{keep(1000), keep(2000), behindFell, func() Point { p := behindFell; p.Offered = 8000; return p }()})
	assert.Equal(t, Sweep{Rate: 2000, OK: true, Fail: 4000, Bounds: Bounds{2000, 2000}}, sw)
	sw = crit.Judge([]Point{keep(1000), keep(2000), behindKept, fall(8000)})
	assert.False(t, sw.OK, "the one measured failure is the last point")
}

// TestMeasuredGeneratorHeldBackByTheDesign: where the null ran beside a
// point on schedule and kept up, a generator that fell behind at the
// design's point was held back by the design, and the point is judged as
// a measurement; where the null did not keep up, it is left out.
func TestMeasuredGeneratorHeldBackByTheDesign(t *testing.T) {
	nullOK := &Point{Offered: 4000, Arrived: 4000, Completed: 4000, P99: 5e4}
	nullBehind := &Point{Offered: 4000, Arrived: 3000, Completed: 3000, P99: 5e4, Unreliable: true}
	heldBack := Point{Offered: 4000, Arrived: 3900, Completed: 3900, P99: 6e6, Unreliable: true, Null: nullOK}
	ok, why := crit.Measured(heldBack)
	assert.True(t, ok, why)
	assert.False(t, crit.KeepsUp(heldBack), "its p99 from intended arrival is 6 ms")
	assert.False(t, crit.TailReliable(heldBack), "a tail with the generator behind is never the design's")
	heldBackFast := heldBack
	heldBackFast.P99 = 4e5
	ok, _ = crit.Measured(heldBackFast)
	assert.True(t, ok)
	assert.True(t, crit.KeepsUp(heldBackFast), "it completed what arrived, within 1 ms")
	notMeasured := heldBack
	notMeasured.Null = nullBehind
	ok, why = crit.Measured(notMeasured)
	assert.False(t, ok)
	assert.Contains(t, why, "null design did not keep up")
	// A sweep that used to end "kept up at every measured rate" now ends on
	// the design's own failures.
	next := heldBack
	next.Offered = 8000
	next.Null = &Point{Offered: 8000, Arrived: 8000, Completed: 8000, P99: 5e4}
	sw := crit.Judge([]Point{keep(1000), keep(2000), heldBack, next})
	assert.Equal(t, Sweep{Rate: 2000, OK: true, Fail: 4000, Bounds: Bounds{2000, 2000}}, sw)
}

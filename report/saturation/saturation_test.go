package saturation

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
	assert.Equal(t, Sweep{Rate: 80000, OK: true, Fail: 160000, Lone: []float64{40000}}, sw)
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
	runs = append(runs, []Point{fall(1000), fall(2000)})
	e := crit.Across(runs)
	assert.Equal(t, 10, e.Runs)
	assert.Equal(t, 11, e.Of)
	assert.Equal(t, 2000.0, e.Median)
	assert.Equal(t, 2000.0, e.Lo, "the order-statistic interval of eight 2000s and two 4000s")
	assert.Equal(t, 4000.0, e.Hi)
	assert.Equal(t, []string{"run 11: already saturated at the lowest measured rates, 1000/s and 2000/s"}, e.Reasons)
	assert.Contains(t, e.String(), "2000/s (")
	assert.Equal(t, "no estimate (0 of 1 runs)", crit.Across([][]Point{{fall(1), fall(2)}}).String())
	assert.Zero(t, e.Bounded, "no run kept up at every rate")
	assert.Zero(t, e.Reached)

	// Two runs that kept up at every rate they measured, to 8000/s and
	// to 4000/s, beside the saturating ones: a lower bound of 8000/s from
	// 2 runs; a run that ended on a lone failure gives none.
	bounded := crit.Across(append(runs[:3:3], []Point{keep(2000), keep(8000)}, []Point{keep(2000), keep(4000)}, []Point{keep(2000), fall(4000)}))
	assert.Equal(t, 3, bounded.Runs)
	assert.Equal(t, 6, bounded.Of)
	assert.Equal(t, 2, bounded.Bounded)
	assert.Equal(t, 8000.0, bounded.Reached)
}

func TestAgree(t *testing.T) {
	est := func(m, lo, hi float64) Estimate { return Estimate{Runs: 10, Of: 10, Median: m, Lo: lo, Hi: hi} }
	for _, tc := range []struct {
		name string
		a, b Estimate
		ok   bool
		why  string
	}{
		{"each inside the other", est(60000, 50000, 80000), est(70000, 60000, 80000), true, ""},
		{"first outside", est(30000, 30000, 40000), est(60000, 50000, 70000), false, "the first median, 30000/s, is outside the second interval, 50000–70000"},
		{"second outside only", est(50000, 30000, 60000), est(70000, 50000, 80000), false, "the second median, 70000/s, is outside the first interval, 30000–60000"},
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
	assert.Equal(t, Sweep{Rate: 2000, OK: true, Fail: 4000}, sw)
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
	assert.Equal(t, Sweep{Rate: 2000, OK: true, Fail: 4000}, sw)
}

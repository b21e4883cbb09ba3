package summary

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewRateKnownValues(t *testing.T) {
	// Reference values, to 4 decimals: the issue's own (0/100 and 5/100)
	// and Newcombe (1998), "Two-sided confidence intervals for the single
	// proportion", Statistics in Medicine 17, Table II, method 3 (Wilson
	// score without continuity correction).
	for _, tc := range []struct {
		x, n   int
		lo, hi float64
	}{
		{0, 100, 0, 0.0370},
		{5, 100, 0.0215, 0.1118},
		{81, 263, 0.2553, 0.3662},
		{15, 148, 0.0624, 0.1605},
		{0, 20, 0, 0.1611},
		{1, 29, 0.0061, 0.1718},
	} {
		r := NewRate(tc.x, tc.n)
		assert.InDelta(t, tc.lo, r.Lo, 0.00005, "lo of %d/%d", tc.x, tc.n)
		assert.InDelta(t, tc.hi, r.Hi, 0.00005, "hi of %d/%d", tc.x, tc.n)
		assert.Equal(t, tc.x, r.X)
		assert.Equal(t, tc.n, r.N)
	}
	// All events: the interval reaches 1, and mirrors 0/n.
	all, none := NewRate(100, 100), NewRate(0, 100)
	assert.Equal(t, 1.0, all.Hi)
	assert.InDelta(t, 1-none.Hi, all.Lo, 1e-12)
	// 0 of a million: about 3.84/N, the "rule of three" at 95%.
	assert.InDelta(t, 3.8415e-6, NewRate(0, 1000000).Hi, 1e-9)
}

func TestRateString(t *testing.T) {
	assert.Equal(t, "0/100, ≤ 3.70% at 95%", NewRate(0, 100).String())
	assert.Equal(t, "5/100 (2.15–11.2%)", NewRate(5, 100).String())
	assert.Equal(t, "0/0 (no trials)", NewRate(0, 0).String())
	assert.Equal(t, "0/1000000, ≤ 0.000384% at 95%", NewRate(0, 1000000).String())
}

func TestRateNoTrials(t *testing.T) {
	r := NewRate(0, 0)
	assert.Equal(t, 0.0, r.Lo)
	assert.Equal(t, 1.0, r.Hi)
	assert.Equal(t, 0.0, r.P())
}

func ExampleNewRate() {
	// 3 of 400 workflows lost the error.
	r := NewRate(3, 400)
	fmt.Println(r)
	// None of 400 did.
	fmt.Println(NewRate(0, 400))
	// Output:
	// 3/400 (0.255–2.18%)
	// 0/400, ≤ 0.951% at 95%
}

func TestHomogeneityKnownValues(t *testing.T) {
	// R: prop.test(c(10, 20), c(100, 100), correct = FALSE)
	// X-squared = 3.9216, df = 1, p-value = 0.04767.
	r := NewRunRate([]RunCount{{10, 100}, {20, 100}})
	assert.InDelta(t, 3.9216, r.Homogeneity.Chi2, 0.00005)
	assert.Equal(t, 1, r.Homogeneity.DF)
	assert.InDelta(t, 0.04767, r.Homogeneity.P, 0.000005)
	assert.True(t, r.Homogeneity.Differ(0.05))
	// By hand: p = 21/400; expected events 5.25, 5.25, 10.5, so
	// χ² = (0.25² + 3.75²)/(5.25·0.9475) + 3.5²/(10.5·0.9475) = 4.0709,
	// and with 2 degrees of freedom P(χ² ≥ c) = exp(-c/2) = 0.13062.
	r = NewRunRate([]RunCount{{5, 100}, {9, 100}, {7, 200}})
	assert.InDelta(t, 4.0709, r.Homogeneity.Chi2, 0.00005)
	assert.Equal(t, 2, r.Homogeneity.DF)
	assert.InDelta(t, math.Exp(-r.Homogeneity.Chi2/2), r.Homogeneity.P, 1e-9)
	assert.InDelta(t, 0.13062, r.Homogeneity.P, 0.000005)
	assert.False(t, r.Homogeneity.Differ(0.05))
	assert.Equal(t, "χ²=4.07 df=2 p=0.131", r.Homogeneity.String())
}

func TestRunRateNoEventsKeepsUpperBound(t *testing.T) {
	r := NewRunRate([]RunCount{{0, 500}, {0, 500}})
	assert.Equal(t, 0, r.X)
	assert.Equal(t, 1000, r.N)
	assert.False(t, r.Homogeneity.Tested())
	assert.Equal(t, "–", r.Homogeneity.String())
	assert.Equal(t, NewRate(0, 1000).Hi, r.Hi)
	assert.InDelta(t, 0.00383, r.Hi, 0.00001)
	assert.Equal(t, "0/1000, ≤ 0.383% at 95%", r.String())
}

func TestRunRateAgreeingRunsIsShrunkWilson(t *testing.T) {
	// Runs that agree exactly have χ² = 0: the dispersion is estimated
	// (as 0, floored at 1), so the interval is the pooled Wilson interval
	// at N × (z/t₂)², the shrink for 2 degrees of freedom.
	r := NewRunRate([]RunCount{{10, 1000}, {10, 1000}, {10, 1000}})
	assert.Equal(t, 0.0, r.Dispersion)
	assert.True(t, r.Estimated)
	assert.True(t, r.Homogeneity.Tested())
	assert.False(t, r.Overdispersed())
	t2 := 4.302653
	lo, hi := wilson(0.01, 3000*(z95/t2)*(z95/t2), z95)
	assert.InDelta(t, lo, r.Lo, 1e-6)
	assert.InDelta(t, hi, r.Hi, 1e-6)
	assert.Len(t, r.Runs, 3)
}

func TestRunRateContinuousInDispersion(t *testing.T) {
	// The issue's case: ten runs of 2000, one event moved so that φ
	// crosses 1 (20 events at φ = 0.890, 21 at φ = 1.001). One more
	// event of 20 widens the interval by about √(21/20), not by the
	// 17% a shrink applied only above φ = 1 gave.
	below := NewRunRate(runsOf(2000, 1, 3, 3, 0, 1, 0, 3, 3, 3, 3))
	above := NewRunRate(runsOf(2000, 1, 3, 3, 0, 1, 0, 4, 3, 3, 3))
	require.Equal(t, 20, below.X)
	require.Equal(t, 21, above.X)
	require.Less(t, below.Dispersion, 1.0)
	require.Greater(t, above.Dispersion, 1.0)
	ratio := (above.Hi - above.Lo) / (below.Hi - below.Lo)
	assert.InDelta(t, math.Sqrt(21.0/20), ratio, 0.02, "width ratio across φ = 1")
}

func TestRunRateOneEventIsWilson(t *testing.T) {
	// explicit's 1/20000 (natural, work 1µs): one event says nothing
	// about variation between runs, so the interval is Wilson's,
	// 0.000883–0.0283%, and there is no homogeneity test.
	r := NewRunRate(runsOf(2000, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0))
	w := NewRate(1, 20000)
	assert.False(t, r.Estimated)
	assert.Equal(t, w.Lo, r.Lo)
	assert.Equal(t, w.Hi, r.Hi)
	assert.InDelta(t, 0.00000883, r.Lo, 5e-9)
	assert.InDelta(t, 0.000283, r.Hi, 5e-7)
	assert.False(t, r.Homogeneity.Tested())
	assert.Equal(t, "–", r.Homogeneity.String())
	// The same holds for one non-event.
	r = NewRunRate([]RunCount{{10, 10}, {9, 10}})
	assert.False(t, r.Estimated)
	assert.Equal(t, NewRate(19, 20).Lo, r.Lo)
}

func TestHomogeneityExactWhereSparse(t *testing.T) {
	// 2 events, both in one of 10 runs of 2000: χ² says p = 0.035, but
	// the exact probability that both events fall in the same run is
	// (2000-1)/(20000-1) = 0.09995.
	r := NewRunRate(runsOf(2000, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0))
	require.True(t, r.Homogeneity.Tested())
	assert.True(t, r.Homogeneity.Exact)
	assert.InDelta(t, 1999.0/19999, r.Homogeneity.P, 0.01)
	assert.False(t, r.Homogeneity.Differ(0.05))
	assert.Equal(t, r.Homogeneity, NewRunRate(runsOf(2000, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0)).Homogeneity, "fixed seed")
	// The two events in two runs: as likely as can be, p = 1.
	r = NewRunRate(runsOf(2000, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0))
	assert.InDelta(t, 1.0, r.Homogeneity.P, 1e-12)
	// Sparse non-events are placed the same way: the mirror image.
	m := NewRunRate([]RunCount{{1998, 2000}, {2000, 2000}, {2000, 2000}})
	assert.True(t, m.Homogeneity.Exact)
	assert.InDelta(t, 1999.0/5999, m.Homogeneity.P, 0.01)
	// Enough events everywhere: χ².
	r = NewRunRate([]RunCount{{10, 100}, {20, 100}})
	assert.False(t, r.Homogeneity.Exact)
}

// runsOf returns one run of n trials per count in xs.
func runsOf(n int, xs ...int) []RunCount {
	out := make([]RunCount, len(xs))
	for i, x := range xs {
		out[i] = RunCount{x, n}
	}
	return out
}

func TestRunRateWidensForDisagreeingRuns(t *testing.T) {
	// explicit at 20µs in results/full: per-run rates 10.75% to 15.75% of
	// 2000 workflows each, far beyond binomial chance.
	runs := []RunCount{{215, 2000}, {315, 2000}, {250, 2000}, {270, 2000}, {230, 2000},
		{300, 2000}, {240, 2000}, {260, 2000}, {290, 2000}, {225, 2000}}
	r := NewRunRate(runs)
	w := NewRate(r.X, r.N)
	assert.True(t, r.Overdispersed())
	assert.True(t, r.Homogeneity.Differ(0.05))
	assert.Less(t, r.Lo, w.Lo)
	assert.Greater(t, r.Hi, w.Hi)
	assert.True(t, r.Lo < r.P() && r.P() < r.Hi)
	// The width grows by about √Dispersion × t₉/z.
	t9 := 2.262157
	assert.InDelta(t, math.Sqrt(r.Dispersion)*t9/z95, (r.Hi-r.Lo)/(w.Hi-w.Lo), 0.05)
}

// coverage simulates reps experiments of k runs of n trials whose true
// per-run rate is drawn around p with standard deviation sd, and returns
// the share of intervals that contain p, for NewRunRate and for the
// pooled Wilson interval, and the share the homogeneity test flagged.
func coverage(seed uint64, reps, k, n int, p, sd float64) (runRate, pooled, flagged float64) {
	rng := rand.New(rand.NewPCG(seed, 0))
	var inRun, inPooled, diff int
	runs := make([]RunCount, k)
	for range reps {
		for i := range runs {
			pi := math.Min(1, math.Max(0, p+sd*rng.NormFloat64()))
			x := 0
			for range n {
				if rng.Float64() < pi {
					x++
				}
			}
			runs[i] = RunCount{x, n}
		}
		r := NewRunRate(runs)
		w := NewRate(r.X, r.N)
		if r.Lo <= p && p <= r.Hi {
			inRun++
		}
		if w.Lo <= p && p <= w.Hi {
			inPooled++
		}
		if r.Homogeneity.Differ(0.05) {
			diff++
		}
	}
	return float64(inRun) / float64(reps), float64(inPooled) / float64(reps), float64(diff) / float64(reps)
}

func TestRunRateCoverage(t *testing.T) {
	// Overdispersed like the committed runs: ten runs of 2000 workflows,
	// rate 10% ± 2% between runs. The pooled Wilson interval misses the
	// rate most of the time; the run-aware interval holds it about 95% of
	// the time, and the test sees the runs differ.
	run, pooled, flagged := coverage(1, 400, 10, 2000, 0.10, 0.02)
	assert.GreaterOrEqual(t, run, 0.90, "run-aware coverage")
	assert.Less(t, pooled, 0.70, "pooled Wilson coverage, for contrast")
	assert.Greater(t, flagged, 0.95, "homogeneity test power")

	// Binomial runs: both intervals cover about 95%, and the test flags
	// about 5% of experiments.
	run, pooled, flagged = coverage(2, 1000, 10, 500, 0.05, 0)
	assert.GreaterOrEqual(t, run, 0.92, "run-aware coverage without overdispersion")
	assert.GreaterOrEqual(t, pooled, 0.92, "pooled coverage without overdispersion")
	assert.InDelta(t, 0.05, flagged, 0.03, "homogeneity test size")
}

package main

import (
	"testing"

	"github.com/aclements/go-moremath/stats"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMannWhitneySize: the exact two-sided test's true size at α = 0.05,
// from the U distribution's critical values (10 against 10: U ≤ 23, P =
// 2 × 0.02165; 6 against 6: U ≤ 5, P = 2 × 0.02056), and α itself where
// the test uses its normal approximation.
func TestMannWhitneySize(t *testing.T) {
	assert.InDelta(t, 0.0433, mwSize(10, 10, 0.05), 0.00005)
	assert.InDelta(t, 0.0411, mwSize(6, 6, 0.05), 0.00005)
	assert.Equal(t, 0.0, mwSize(3, 3, 0.05), "3 against 3 can never reach P < 0.05")
	assert.Equal(t, 0.05, mwSize(60, 60, 0.05))
	assert.Equal(t, 0.0, mwSize(0, 10, 0.05))
}

// TestFlaggedRowsGoal: 9 rows of 10 runs against 10 flag none only about
// two times in three; a calibrated pair flags at most 2 with probability
// ≥ 95% (at most 1 has only 94.5%).
func TestFlaggedRowsGoal(t *testing.T) {
	d := point()
	for range 9 {
		d = d.convolve(bernoulli(mwSize(10, 10, 0.05)))
	}
	b := stats.BinomialDist{N: 9, P: mwSize(10, 10, 0.05)}
	require.Len(t, d, 10)
	for k := range d {
		assert.InDelta(t, b.PMF(float64(k)), d[k], 1e-12, "P(%d flagged)", k)
	}
	assert.InDelta(t, 0.671, d[0], 0.001)
	assert.InDelta(t, 9*0.0433, d.mean(), 0.001)
	assert.Equal(t, 2, d.atMost(0.95))
	assert.Less(t, d.cdf(1), 0.95)
	assert.GreaterOrEqual(t, d.cdf(2), 0.95)
}

// TestCoverage: each run's 95% interval of the median covers the other
// run's median about 91.7% of the time at 10 runs against 10, not 95%.
func TestCoverage(t *testing.T) {
	d := coverDist(10, 10)
	require.Len(t, d, 3, "two intervals a row")
	assert.InDelta(t, 0.917, d.mean()/2, 0.006)
	assert.Equal(t, []float64(coverDist(10, 10)), []float64(d), "a fixed seed: the page is reproducible")
	assert.Len(t, coverDist(5, 10), 2, "5 runs give no interval: one check a row")

	// The goal over 9 rows: the count at or above which a calibrated
	// pair stays with probability ≥ 95%.
	all := point()
	for range 9 {
		all = all.convolve(d)
	}
	least := all.atLeast(0.95)
	assert.GreaterOrEqual(t, 1-all.cdf(least-1), 0.95)
	assert.Less(t, 1-all.cdf(least), 0.95, "the largest such count")
	assert.Less(t, least, 18)
}

// TestRateInside: B's rate falls inside A's 95% interval about 83% of the
// time for equal numbers of workflows, more when B has many more.
func TestRateInside(t *testing.T) {
	assert.InDelta(t, 0.834, rateInside(1000, 1000), 0.001)
	assert.Greater(t, rateInside(1000, 100000), 0.94)
	assert.Equal(t, 0.0, rateInside(0, 10))
}

func TestDistQuantiles(t *testing.T) {
	d := dist{0.1, 0.2, 0.3, 0.4}
	assert.Equal(t, 3, d.atMost(0.95))
	assert.Equal(t, 2, d.atMost(0.6))
	assert.Equal(t, 1, d.atLeast(0.9))
	assert.Equal(t, 0, d.atLeast(0.95))
	assert.InDelta(t, 2.0, d.mean(), 1e-12)
}

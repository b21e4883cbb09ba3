package summary

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/perf/benchmath"
)

func TestMidRanks(t *testing.T) {
	assert.Equal(t, []float64{2.5, 1, 2.5, 4}, midRanks([]float64{5, 1, 5, 9}))
	assert.Equal(t, []float64{2, 2, 2}, midRanks([]float64{7, 7, 7}))
}

// TestExactMannWhitneyPAgreesWithBenchmathWithoutTies: without ties the
// enumeration is the usual exact test, the one benchmath computes.
func TestExactMannWhitneyPAgreesWithBenchmathWithoutTies(t *testing.T) {
	for _, c := range []struct{ a, b []float64 }{
		{[]float64{40, 50, 45}, []float64{20, 21, 15, 22, 10, 23}},
		{[]float64{40, 50, 45}, []float64{20, 21, 15, 22, 10, 46}},
		{[]float64{1, 3, 5, 7, 9}, []float64{2, 4, 6, 8, 10}},
		{[]float64{1.1, 2.2, 3.3, 4.4, 5.5, 6.6, 7.7, 8.8, 9.9, 10.1}, []float64{3.5, 4.5, 6.5, 7.5, 9.5, 11.5, 12.5, 13.5, 14.5, 15.5}},
	} {
		p, ok := exactMannWhitneyP(c.a, c.b)
		require.True(t, ok)
		want := benchmath.AssumeNothing.Compare(newSample(c.a), newSample(c.b)).P
		assert.InDelta(t, want, p, 1e-9, "%v against %v", c.a, c.b)
	}
}

// TestCompareNeverGivesPZero: separated samples with ties, where benchmath
// says p = 0; the least p of 3 against 6 runs is 2/84, and 2 against 2
// runs can never be significant at 0.05.
func TestCompareNeverGivesPZero(t *testing.T) {
	three := NewStat([]float64{40000, 40000, 40000})
	six := NewStat([]float64{20000, 20000, 20000, 20000, 10000, 20000})
	require.Zero(t, benchmath.AssumeNothing.Compare(three.Sample, six.Sample).P, "benchmath no longer returns 0 here: this correction may be unneeded")
	c := three.Compare(six)
	assert.InDelta(t, 2.0/84, c.P, 1e-12)
	assert.Less(t, c.P, c.Alpha, "3 runs above 6 is still significant at 0.05")

	two, other := NewStat([]float64{50, 50}), NewStat([]float64{10, 10})
	c = two.Compare(other)
	assert.InDelta(t, 1.0/3, c.P, 1e-12)
	assert.Equal(t, "~", c.FormatDelta(50, 10), "2 runs against 2 cannot show a difference")
}

func TestExactMannWhitneyPRefusesWhatItCannotEnumerate(t *testing.T) {
	_, ok := exactMannWhitneyP(make([]float64, 11), make([]float64, 10))
	assert.False(t, ok)
	_, ok = exactMannWhitneyP(nil, []float64{1})
	assert.False(t, ok)
}

func newSample(v []float64) *benchmath.Sample {
	return benchmath.NewSample(v, &benchmath.DefaultThresholds)
}

// TestComparePIsAtMostOne: tied samples for which benchmath's p is above 1.
func TestComparePIsAtMostOne(t *testing.T) {
	ten := NewStat([]float64{1, 1, 2, 2, 2, 2, 3, 3, 3, 3})
	two := NewStat([]float64{2, 3})
	require.Greater(t, benchmath.AssumeNothing.Compare(ten.Sample, two.Sample).P, 1.0, "benchmath no longer gives p > 1 here: this correction may be unneeded")
	assert.Equal(t, 1.0, ten.Compare(two).P)
}

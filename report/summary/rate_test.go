package summary

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
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

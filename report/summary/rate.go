package summary

import (
	"fmt"
	"math"
	"strconv"
)

// z95 is the standard normal quantile for a two-sided 95% interval.
const z95 = 1.959964

// A Rate is a proportion observed in trials: X events in N trials, with a
// 95% Wilson score interval [Lo, Hi] for the true proportion.
//
// The Wilson interval, unlike the textbook p ± z·√(p(1-p)/n), never leaves
// [0, 1] and does not collapse to a width of zero when X is 0: for 0 out of
// N its upper bound is about 3.84/N, close to the "rule of three".
type Rate struct {
	X, N   int
	Lo, Hi float64
}

// NewRate returns x out of n with its 95% Wilson score interval. For n = 0
// the interval is [0, 1]: nothing is known.
func NewRate(x, n int) Rate {
	if n <= 0 {
		return Rate{X: x, N: n, Lo: 0, Hi: 1}
	}
	lo, hi := wilson(x, n, z95)
	return Rate{X: x, N: n, Lo: lo, Hi: hi}
}

// wilson returns the Wilson score interval for x successes in n trials at
// normal quantile z.
func wilson(x, n int, z float64) (lo, hi float64) {
	nf := float64(n)
	p := float64(x) / nf
	z2 := z * z
	denom := 1 + z2/nf
	center := (p + z2/(2*nf)) / denom
	half := z / denom * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	lo, hi = math.Max(0, center-half), math.Min(1, center+half)
	if x == 0 {
		lo = 0
	}
	if x == n {
		hi = 1
	}
	return lo, hi
}

// P returns the observed proportion X/N, or 0 if N is 0.
func (r Rate) P() float64 {
	if r.N <= 0 {
		return 0
	}
	return float64(r.X) / float64(r.N)
}

// String formats r for a reader: "5/100 (2.15–11.2%)", or for no events
// "0/100, ≤ 3.70% at 95%".
func (r Rate) String() string {
	switch {
	case r.N <= 0:
		return "0/0 (no trials)"
	case r.X == 0:
		return fmt.Sprintf("0/%d, ≤ %s at 95%%", r.N, Percent(r.Hi))
	}
	return fmt.Sprintf("%d/%d (%s–%s)", r.X, r.N, trimPercent(r.Lo), Percent(r.Hi))
}

// Percent formats a proportion as a percentage with three significant
// digits: 0.0370 is "3.70%", 0.000012 is "0.00120%".
func Percent(p float64) string {
	return trimPercent(p) + "%"
}

func trimPercent(p float64) string {
	v := p * 100
	if v == 0 {
		return "0"
	}
	if v >= 100 {
		return "100"
	}
	digits := 3 - int(math.Floor(math.Log10(math.Abs(v)))) - 1
	if digits < 0 {
		digits = 0
	}
	return strconv.FormatFloat(v, 'f', digits, 64)
}

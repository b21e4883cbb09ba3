package summary

import (
	"fmt"
	"math"
	"strconv"

	"github.com/aclements/go-moremath/mathx"
	"github.com/aclements/go-moremath/stats"
)

// z95 is the standard normal quantile for a two-sided 95% interval.
const z95 = 1.959964

// A RunCount is what one run (one result line) counted: X events in N
// trials.
type RunCount struct {
	X, N int
}

// P returns X/N, or 0 if N is 0.
func (r RunCount) P() float64 {
	if r.N <= 0 {
		return 0
	}
	return float64(r.X) / float64(r.N)
}

// A Rate is a proportion observed in trials: X events in N trials pooled
// over one or more runs, with a 95% interval [Lo, Hi] for the rate.
//
// With one run, or with runs that agree no worse than binomial chance
// (Dispersion ≤ 1), the interval is the Wilson score interval of X out of
// N. When the runs disagree more than that, it is the quasi-binomial
// interval described in the package comment: the Wilson interval of the
// pooled proportion at the effective number of trials N/Dispersion,
// further shrunk for the runs-1 degrees of freedom of the dispersion's
// estimate. For X = 0 the dispersion is 1 and the interval is the Wilson
// interval, whose upper bound is about 3.84/N.
type Rate struct {
	X, N   int
	Lo, Hi float64

	// Runs holds each run's count, in input order; nil for a Rate built
	// from a pooled count alone (NewRate).
	Runs []RunCount
	// Dispersion is Pearson's χ² over the runs divided by its degrees of
	// freedom (runs-1): about 1 when the runs share one rate, larger when
	// they vary more than binomial chance (0 when every run has exactly
	// the pooled rate). It is 1 when it cannot be estimated (fewer than
	// two runs, or X = 0, or X = N).
	Dispersion float64
	// Homogeneity tests whether the runs share one rate.
	Homogeneity Homogeneity
}

// A Homogeneity is Pearson's χ² test of homogeneity of the runs'
// proportions (a k×2 contingency table: events and non-events per run).
// DF is 0 when the test is not defined: fewer than two runs, or no run
// with an event, or every trial an event.
type Homogeneity struct {
	Chi2 float64 // Pearson's statistic
	DF   int     // degrees of freedom, runs-1
	P    float64 // p-value: P(χ²(DF) ≥ Chi2); NaN if DF is 0
}

// Tested reports whether the test was defined for these runs.
func (h Homogeneity) Tested() bool { return h.DF > 0 }

// Differ reports whether the runs differ significantly at level alpha.
func (h Homogeneity) Differ(alpha float64) bool { return h.Tested() && h.P < alpha }

// String formats the test as "χ²=12.3 df=9 p=0.197", or "–" if it is not
// defined.
func (h Homogeneity) String() string {
	if !h.Tested() {
		return "–"
	}
	return fmt.Sprintf("χ²=%.3g df=%d p=%.3f", h.Chi2, h.DF, h.P)
}

// NewRate returns x out of n, from one pooled count, with its 95% Wilson
// score interval. For n = 0 the interval is [0, 1]: nothing is known.
func NewRate(x, n int) Rate {
	r := Rate{X: x, N: n, Lo: 0, Hi: 1, Dispersion: 1, Homogeneity: Homogeneity{P: math.NaN()}}
	if n > 0 {
		r.Lo, r.Hi = wilson(float64(x)/float64(n), float64(n), z95)
		if x == 0 {
			r.Lo = 0
		}
		if x == n {
			r.Hi = 1
		}
	}
	return r
}

// NewRunRate pools the counts of runs into X out of N and gives the
// interval that accounts for the variation between runs (see Rate), and
// the test of whether the runs share one rate. Runs with no trials are
// ignored. It does not keep a reference to runs.
func NewRunRate(runs []RunCount) Rate {
	var kept []RunCount
	x, n := 0, 0
	for _, r := range runs {
		if r.N > 0 {
			kept = append(kept, r)
			x, n = x+r.X, n+r.N
		}
	}
	rate := NewRate(x, n)
	rate.Runs = kept
	h := homogeneity(kept)
	rate.Homogeneity = h
	if !h.Tested() {
		return rate
	}
	rate.Dispersion = h.Chi2 / float64(h.DF)
	if rate.Dispersion <= 1 {
		return rate
	}
	// Quasi-binomial: the variance of the pooled proportion is Dispersion
	// times the binomial one, so the data carry as much information as
	// N/Dispersion binomial trials (Kish's effective sample size). The
	// dispersion is itself estimated from DF degrees of freedom, so, as
	// Korn and Graubard (1998) do, shrink the effective trials further by
	// (z/t_DF)², which makes the interval's width that of a t interval.
	t := stats.InvCDF(stats.TDist{V: float64(h.DF)})(1 - (1-Confidence)/2)
	eff := float64(n) / rate.Dispersion * (z95 / t) * (z95 / t)
	rate.Lo, rate.Hi = wilson(rate.P(), eff, z95)
	return rate
}

// homogeneity computes Pearson's χ² test of homogeneity over runs.
func homogeneity(runs []RunCount) Homogeneity {
	h := Homogeneity{P: math.NaN()}
	x, n := 0, 0
	for _, r := range runs {
		x, n = x+r.X, n+r.N
	}
	if len(runs) < 2 || x == 0 || x == n {
		return h
	}
	p := float64(x) / float64(n)
	for _, r := range runs {
		e := float64(r.N) * p // expected events; expected non-events N-e
		d := float64(r.X) - e
		h.Chi2 += d * d / (e * (1 - p))
	}
	h.DF = len(runs) - 1
	// P(χ²(k) ≥ c) is the regularized upper incomplete gamma Q(k/2, c/2).
	h.P = mathx.GammaIncComp(float64(h.DF)/2, h.Chi2/2)
	return h
}

// wilson returns the Wilson score interval for proportion p observed in n
// trials (n need not be an integer) at normal quantile z, clipped to
// [0, 1].
func wilson(p, n, z float64) (lo, hi float64) {
	z2 := z * z
	denom := 1 + z2/n
	center := (p + z2/(2*n)) / denom
	half := z / denom * math.Sqrt(p*(1-p)/n+z2/(4*n*n))
	return math.Max(0, center-half), math.Min(1, center+half)
}

// P returns the observed proportion X/N, or 0 if N is 0.
func (r Rate) P() float64 {
	if r.N <= 0 {
		return 0
	}
	return float64(r.X) / float64(r.N)
}

// Overdispersed reports whether the interval was widened for variation
// between runs beyond binomial chance.
func (r Rate) Overdispersed() bool { return r.Dispersion > 1 }

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

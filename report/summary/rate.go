package summary

import (
	"fmt"
	"math"
	"math/rand/v2"
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
// When there is nothing to estimate about the variation between runs
// (one run, or at most one event, or at most one non-event), the interval
// is the Wilson score interval of X out of N. Otherwise it is the
// quasi-binomial interval of the package comment: the Wilson interval of
// the pooled proportion at the effective number of trials
// N/max(φ, 1) × (z/t)², where φ is the estimated dispersion and (z/t)²
// the shrink for its runs-1 degrees of freedom. The shrink applies
// whenever φ is estimated, so the interval is continuous in φ: moving one
// event so that φ crosses 1 moves the interval a little, not by a jump.
type Rate struct {
	X, N   int
	Lo, Hi float64

	// Runs holds each run's count, in input order; nil for a Rate built
	// from a pooled count alone (NewRate).
	Runs []RunCount
	// Dispersion is Pearson's χ² over the runs divided by its degrees of
	// freedom (runs-1): about 1 when the runs share one rate, larger when
	// they vary more than binomial chance (0 when every run has exactly
	// the pooled rate). It is 1 when there is nothing to estimate (see
	// Estimated).
	Dispersion float64
	// Estimated reports whether the interval allows for an estimated
	// dispersion (and so is not the plain Wilson interval).
	Estimated bool
	// Homogeneity tests whether the runs share one rate.
	Homogeneity Homogeneity
}

// A Homogeneity is a test of homogeneity of the runs' proportions (a k×2
// contingency table: events and non-events per run). With enough
// expected counts in every cell (at least sparseExpected) it is Pearson's
// χ² test; where counts are sparse it is the exact conditional test
// (Exact): the p-value is the share of tables with the observed margins,
// drawn under the null with a fixed seed, whose Pearson statistic is at
// least the observed one. DF is 0 when the test is not defined: fewer
// than two runs, or at most one event or non-event in all.
type Homogeneity struct {
	Chi2  float64 // Pearson's statistic
	DF    int     // degrees of freedom, runs-1
	P     float64 // p-value; NaN if DF is 0
	Exact bool    // P is the exact conditional test's (Monte Carlo), not χ²'s
}

// sparseExpected is the least expected count in every cell of the table
// for the χ² approximation; below it the exact test is used.
const sparseExpected = 5

// maxExactItems bounds the events (or non-events) the exact test places
// per draw; beyond it the χ² approximation is used, sparse or not.
const maxExactItems = 5000

// exactDraws is the number of null tables the exact test draws: its
// p-value's standard error is at most 0.005.
const exactDraws = 10000

// Tested reports whether the test was defined for these runs.
func (h Homogeneity) Tested() bool { return h.DF > 0 }

// Differ reports whether the runs differ significantly at level alpha.
func (h Homogeneity) Differ(alpha float64) bool { return h.Tested() && h.P < alpha }

// String formats the test as "χ²=12.3 df=9 p=0.197", "exact p=0.100", or
// "–" if it is not defined.
func (h Homogeneity) String() string {
	switch {
	case !h.Tested():
		return "–"
	case h.Exact:
		return fmt.Sprintf("exact p=%.3f", h.P)
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
	// Quasi-binomial: the variance of the pooled proportion is φ times
	// the binomial one, so the data carry as much information as N/φ
	// binomial trials (Kish's effective sample size), never more than N.
	// φ is itself estimated from DF degrees of freedom, so, as Korn and
	// Graubard (1998) do, shrink the effective trials further by (z/t_DF)²,
	// which makes the interval's width that of a t interval.
	rate.Dispersion = h.Chi2 / float64(h.DF)
	rate.Estimated = true
	t := stats.InvCDF(stats.TDist{V: float64(h.DF)})(1 - (1-Confidence)/2)
	eff := float64(n) / max(rate.Dispersion, 1) * (z95 / t) * (z95 / t)
	rate.Lo, rate.Hi = wilson(rate.P(), eff, z95)
	return rate
}

// homogeneity tests whether runs share one rate: Pearson's χ², or the
// exact conditional test where some expected count is below
// sparseExpected.
func homogeneity(runs []RunCount) Homogeneity {
	h := Homogeneity{P: math.NaN()}
	x, n := 0, 0
	for _, r := range runs {
		x, n = x+r.X, n+r.N
	}
	if len(runs) < 2 || x <= 1 || x >= n-1 {
		return h
	}
	h.Chi2 = pearson(runs, x, n)
	h.DF = len(runs) - 1
	if sparse(runs, x, n) && min(x, n-x) <= maxExactItems {
		h.P, h.Exact = exactHomogeneity(runs, x, n, h.Chi2), true
		return h
	}
	// P(χ²(k) ≥ c) is the regularized upper incomplete gamma Q(k/2, c/2).
	h.P = mathx.GammaIncComp(float64(h.DF)/2, h.Chi2/2)
	return h
}

// pearson is Pearson's χ² of the runs×2 table with x events in n trials.
func pearson(runs []RunCount, x, n int) float64 {
	p := float64(x) / float64(n)
	chi2 := 0.0
	for _, r := range runs {
		e := float64(r.N) * p // expected events; expected non-events N-e
		d := float64(r.X) - e
		chi2 += d * d / (e * (1 - p))
	}
	return chi2
}

// sparse reports whether some cell of the table expects fewer than
// sparseExpected events or non-events.
func sparse(runs []RunCount, x, n int) bool {
	p := float64(x) / float64(n)
	for _, r := range runs {
		if e := float64(r.N) * min(p, 1-p); e < sparseExpected {
			return true
		}
	}
	return false
}

// exactHomogeneity is the exact conditional test of homogeneity by Monte
// Carlo: given the margins (each run's trials, x events in all), the
// events fall on the trials uniformly at random under the null (a
// multivariate hypergeometric table). It draws exactDraws such tables with
// a fixed seed, so the p-value is the same on every run of the report,
// and returns (1 + draws at least as extreme) / (1 + exactDraws).
func exactHomogeneity(runs []RunCount, x, n int, observed float64) float64 {
	m := min(x, n-x) // place the rarer of events and non-events
	rng := rand.New(rand.NewPCG(1, 2))
	left := make([]int, len(runs))
	draw := make([]RunCount, len(runs))
	extreme := 0
	for range exactDraws {
		total := n
		for i, r := range runs {
			left[i], draw[i] = r.N, RunCount{0, r.N}
		}
		for range m {
			k := rng.IntN(total)
			i := 0
			for k >= left[i] {
				k -= left[i]
				i++
			}
			left[i]--
			total--
			draw[i].X++
		}
		if m != x { // the draws placed non-events
			for i := range draw {
				draw[i].X = draw[i].N - draw[i].X
			}
		}
		if pearson(draw, x, n) >= observed*(1-1e-9) {
			extreme++
		}
	}
	return float64(1+extreme) / float64(1+exactDraws)
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

// Overdispersed reports whether the runs vary more than binomial chance
// (an estimated dispersion above 1).
func (r Rate) Overdispersed() bool { return r.Estimated && r.Dispersion > 1 }

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

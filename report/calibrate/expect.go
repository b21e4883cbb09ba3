package main

import (
	"math"
	"math/rand/v2"

	"github.com/aclements/go-moremath/stats"

	"chanbench/report/summary"
)

// What a calibrated pair of runs is expected to show: two runs whose
// per-run figures are independent draws from one distribution, the runs
// of A and of B alike. Every goal of CALIBRATION.md is a quantile of the
// distribution derived here for the actual numbers of runs and rows, so
// that "met" fails a calibrated pair of runs with a stated, small
// probability (goalLevel), whatever those numbers are.

// goalLevel is the probability with which a calibrated pair of runs meets
// each goal derived here: a goal is the count a calibrated run stays at or
// above (or at or below) with at least this probability.
const goalLevel = 0.95

// coverTrials is the number of simulated pairs of runs behind an expected
// coverage; its standard error is under 0.2 percentage points.
const coverTrials = 20000

// A dist is a probability distribution on the counts 0, 1, …, len−1.
type dist []float64

// point is the distribution of a count that is always 0.
func point() dist { return dist{1} }

// convolve returns the distribution of the sum of independent counts
// distributed as d and e.
func (d dist) convolve(e dist) dist {
	out := make(dist, len(d)+len(e)-1)
	for i, p := range d {
		for j, q := range e {
			out[i+j] += p * q
		}
	}
	return out
}

// mean is the expected count.
func (d dist) mean() float64 {
	m := 0.0
	for k, p := range d {
		m += float64(k) * p
	}
	return m
}

// cdf is P(count ≤ k).
func (d dist) cdf(k int) float64 {
	c := 0.0
	for i := 0; i <= k && i < len(d); i++ {
		c += d[i]
	}
	return c
}

// atMost is the smallest k with P(count ≤ k) ≥ level: a calibrated run's
// count stays at or below it with probability at least level.
func (d dist) atMost(level float64) int {
	for k := range d {
		if d.cdf(k) >= level-1e-12 {
			return k
		}
	}
	return len(d) - 1
}

// atLeast is the largest k with P(count ≥ k) ≥ level: a calibrated run's
// count stays at or above it with probability at least level.
func (d dist) atLeast(level float64) int {
	for k := len(d) - 1; k > 0; k-- {
		if 1-d.cdf(k-1) >= level-1e-12 {
			return k
		}
	}
	return 0
}

// bernoulli is the distribution of a count that is 1 with probability p.
func bernoulli(p float64) dist { return dist{1 - p, p} }

// mwSize is the true size of the two-sided Mann-Whitney U test at level
// alpha for samples of n1 and n2 distinct values from one distribution:
// the probability that it flags two such samples (P < alpha), as
// summary.Stat.Compare computes P. The exact U distribution makes it
// smaller than alpha (4.33% for 10 runs against 10 at α = 0.05). Above
// the sizes where the test uses its normal approximation, it is alpha.
func mwSize(n1, n2 int, alpha float64) float64 {
	if n1 == 0 || n2 == 0 {
		return 0
	}
	if n1 > stats.MannWhitneyExactLimit || n2 > stats.MannWhitneyExactLimit {
		return alpha
	}
	u := stats.UDist{N1: n1, N2: n2}
	total := n1 * n2
	size := 0.0
	for x := 0; x <= total; x++ {
		p := 1.0 // U1 = U2: the test's P is 1
		if 2*x != total {
			p = min(2*u.CDF(float64(min(x, total-x))), 1)
		}
		if p < alpha {
			size += u.PMF(float64(x))
		}
	}
	return size
}

// coverDist is the distribution of how many of a ratio row's intervals
// (A's, B's: those with an interval) cover the other run's median, for a
// calibrated pair of runs of nA and nB runs. The median and its interval
// are summary.NewStat's (benchmath's distribution-free interval); the
// other run's median of an even number of runs is the mean of its middle
// two, which makes the coverage depend a little on the distribution: it
// is simulated here for normal runs, with a fixed seed, coverTrials pairs.
// For 10 runs against 10 each interval covers the other's median about
// 92% of the time, not 95%: the other median varies too.
func coverDist(nA, nB int) dist {
	rng := rand.New(rand.NewPCG(21, uint64(nA)<<32|uint64(nB)))
	draw := func(n int) summary.Stat {
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = rng.NormFloat64()
		}
		return summary.NewStat(xs)
	}
	var d dist
	for range coverTrials {
		a, b := draw(nA), draw(nB)
		checks, covered := 0, 0
		if a.HasInterval() {
			checks++
			if a.Lo <= b.Center && b.Center <= a.Hi {
				covered++
			}
		}
		if b.HasInterval() {
			checks++
			if b.Lo <= a.Center && a.Center <= b.Hi {
				covered++
			}
		}
		if d == nil {
			d = make(dist, checks+1)
		}
		d[covered]++
	}
	for k := range d {
		d[k] /= coverTrials
	}
	return d
}

// rateInside is the probability that run B's pooled rate falls inside run
// A's 95% interval when both runs share one rate, for nA and nB
// workflows, by the normal approximation: B's rate differs from A's by a
// variance of p(1−p)(1/nA + 1/nB), while A's interval is ±1.96 of
// p(1−p)/nA alone. About 83% for nA = nB, not 95%.
func rateInside(nA, nB int) float64 {
	if nA == 0 || nB == 0 {
		return 0
	}
	z := 1.959963984540054 / math.Sqrt(1+float64(nA)/float64(nB))
	return 1 - 2*stats.StdNormal.CDF(-z)
}

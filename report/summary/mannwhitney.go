package summary

import (
	"math"
	"slices"
)

// maxExactN is the most runs, both samples together, for which
// exactMannWhitneyP enumerates every split (C(20, 10) = 184 756 of them).
const maxExactN = 20

// exactMannWhitneyP returns the two-sided p-value of the Mann-Whitney U
// test of a against b, exactly, ties included: it enumerates every way to
// split the pooled values into a group of len(a) and one of len(b),
// computes each split's U from mid-ranks (a tie counts one half), and
// returns twice the smaller tail probability of the observed U, at most 1.
// Without ties this is the usual exact test, and it agrees with benchmath
// (TestExactMannWhitneyPAgreesWithBenchmathWithoutTies). ok is false when
// the samples are too large to enumerate (more than maxExactN values) or
// one is empty.
func exactMannWhitneyP(a, b []float64) (p float64, ok bool) {
	n1, n := len(a), len(a)+len(b)
	if n1 == 0 || len(b) == 0 || n > maxExactN {
		return 0, false
	}
	pooled := append(slices.Clone(a), b...)
	ranks := midRanks(pooled)
	base := float64(n1*(n1+1)) / 2
	observed := -base
	for _, r := range ranks[:n1] {
		observed += r
	}
	// Enumerate every group of n1 indices of n and count the splits whose
	// U is at most, and at least, the observed one. Mid-ranks are
	// multiples of 1/2, so the sums are exact in float64.
	var below, above, total int
	var walk func(start, left int, sum float64)
	walk = func(start, left int, sum float64) {
		if left == 0 {
			u := sum - base
			total++
			if u <= observed {
				below++
			}
			if u >= observed {
				above++
			}
			return
		}
		for i := start; i <= n-left; i++ {
			walk(i+1, left-1, sum+ranks[i])
		}
	}
	walk(0, n1, 0)
	tail := float64(min(below, above)) / float64(total)
	return math.Min(1, 2*tail), true
}

// midRanks returns the rank of each value among values, from 1, with tied
// values given the mean of the ranks they span.
func midRanks(values []float64) []float64 {
	order := make([]int, len(values))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int {
		switch {
		case values[i] < values[j]:
			return -1
		case values[i] > values[j]:
			return 1
		}
		return 0
	})
	ranks := make([]float64, len(values))
	for lo := 0; lo < len(order); {
		hi := lo
		for hi+1 < len(order) && values[order[hi+1]] == values[order[lo]] {
			hi++
		}
		mid := float64(lo+hi)/2 + 1
		for k := lo; k <= hi; k++ {
			ranks[order[k]] = mid
		}
		lo = hi + 1
	}
	return ranks
}

package saturation

import (
	"math/rand/v2"
	"slices"

	"chanbench/report/summary"
)

// A Calibration says how often Agree flags designs when two sweeps are
// alike by construction: the runs of both dealt at random into two groups
// (Exchange). Each "no" in such a split is a false alarm, so the counts
// are what a method that replicates perfectly would show on runs as
// variable as these.
type Calibration struct {
	Splits  int     // random splits dealt
	Designs int     // designs (each at one GOMAXPROCS) compared in a split
	Mean    float64 // mean number of them that disagreed in a split
	// AtLeast[k] is the number of splits in which k or more designs
	// disagreed, for k from 0 to Designs.
	AtLeast []int
}

// Share is the fraction of splits in which k or more designs disagreed.
func (c Calibration) Share(k int) float64 {
	if c.Splits == 0 || k < 0 || k >= len(c.AtLeast) {
		return 0
	}
	return float64(c.AtLeast[k]) / float64(c.Splits)
}

// Exchange calibrates Agree on sweeps a and b (Sweeps of two files). In
// each of splits random splits it pools every design's runs of both,
// deals them into two groups of the sizes a and b had, and counts the
// designs (null left out, as in Replicate) whose two groups do not
// Agree. Whole rounds are dealt together: run i of every design goes to
// the same group, so the designs measured side by side in a round stay
// side by side (a design with a run missing is dealt on its own). The
// deal is drawn from seed, so a calibration can be repeated.
func (c Criteria) Exchange(a, b map[Key][][]Point, splits int, seed uint64) Calibration {
	var keys []Key
	nA, nB := 0, 0
	for k, runs := range a {
		if _, ok := b[k]; ok && k.Design != summary.Null() {
			keys = append(keys, k)
			nA, nB = max(nA, len(runs)), max(nB, len(b[k]))
		}
	}
	slices.SortFunc(keys, keyOrder)
	pools := make([][][]Point, len(keys)) // each key's runs, a's then b's
	for i, k := range keys {
		pools[i] = append(slices.Clone(a[k]), b[k]...)
	}
	cal := Calibration{Splits: splits, Designs: len(keys), AtLeast: make([]int, len(keys)+1)}
	rng := rand.New(rand.NewPCG(seed, 0))
	total := 0
	for range splits {
		rounds := rng.Perm(nA + nB)
		flagged := 0
		for i, k := range keys {
			pool := pools[i]
			order := rounds
			if len(a[k]) != nA || len(b[k]) != nB {
				order = rng.Perm(len(pool))
			}
			var ga, gb [][]Point
			for i, j := range order {
				if i < len(a[k]) {
					ga = append(ga, pool[j])
				} else {
					gb = append(gb, pool[j])
				}
			}
			if ok, _ := Agree(c.Across(ga), c.Across(gb)); !ok {
				flagged++
			}
		}
		total += flagged
		for k := 0; k <= flagged; k++ {
			cal.AtLeast[k]++
		}
	}
	if splits > 0 {
		cal.Mean = float64(total) / float64(splits)
	}
	return cal
}

package plots

import (
	"sort"
	"strconv"

	"chanbench/report/summary"
)

// Units of chanbench's benchmarks, as go test prints them.
const (
	unitNs      = "ns/op"
	unitMBs     = "MB/s"
	unitViolate = "violations/op"
)

// Values of the impl= name part.
const (
	implWorkflow = "workflow"
	implFloor    = "floor"
)

// An xstat is a Stat placed at x.
type xstat struct {
	x  float64
	st summary.Stat
}

// statsOver returns the Stat of unit for each Config keep selects, placed
// at x(config) and sorted by x. Configs with x <= 0 are left out: they
// cannot go on a log axis, and chanbench has none.
func statsOver(set *summary.Set, keep func(summary.Config) bool, x func(summary.Config) float64, unit string) []xstat {
	var out []xstat
	for _, c := range set.Configs(keep) {
		st, ok := set.Stat(c, unit)
		if !ok || x(c) <= 0 {
			continue
		}
		out = append(out, xstat{x(c), st})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].x < out[j].x })
	return out
}

// toPoints converts xstats to points in units of div.
func toPoints(xs []xstat, div float64) points {
	pts := make(points, len(xs))
	for i, s := range xs {
		pts[i] = statPoint(s.x, s.st, div)
	}
	return pts
}

// maxCenter returns the largest median among groups of xstats.
func maxCenter(groups ...[]xstat) float64 {
	m := 0.0
	for _, g := range groups {
		for _, s := range g {
			m = max(m, s.st.Center)
		}
	}
	return m
}

// sortNumeric sorts decimal integer strings by value; others go last.
func sortNumeric(vals []string) []string {
	out := append([]string(nil), vals...)
	num := func(s string) (int, bool) {
		n, err := strconv.Atoi(s)
		return n, err == nil
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, aok := num(out[i])
		b, bok := num(out[j])
		if aok != bok {
			return aok
		}
		return a < b
	})
	return out
}

// distinctX returns the distinct x values of xstats groups, sorted.
func distinctX(groups ...[]xstat) []float64 {
	seen := make(map[float64]bool)
	var xs []float64
	for _, g := range groups {
		for _, s := range g {
			if !seen[s.x] {
				seen[s.x] = true
				xs = append(xs, s.x)
			}
		}
	}
	sort.Float64s(xs)
	return xs
}

// errorBarNote is the note of a figure whose error bars are intervals of
// medians.
func errorBarNote(missing bool) string {
	note := "Points: median of the runs. Error bars: its 95% confidence interval (benchmath, as benchstat)."
	if missing {
		note += " Points without a bar had fewer than 6 runs, too few to bound a median at 95%."
	}
	return note
}

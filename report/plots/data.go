package plots

import (
	"cmp"
	"slices"

	"chanbench/report/summary"
)

// is reports whether a name part has the value want, or is absent, as it
// is for a design (such as a reference) to which the part does not apply.
func is(part, want string) bool { return part == "" || part == want }

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
		if st, ok := set.Stat(c, unit); ok && x(c) > 0 {
			out = append(out, xstat{x(c), st})
		}
	}
	slices.SortFunc(out, func(a, b xstat) int { return cmp.Compare(a.x, b.x) })
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

// distinctX returns the distinct x values of xstats groups, sorted.
func distinctX(groups ...[]xstat) []float64 {
	var xs []float64
	for _, g := range groups {
		for _, s := range g {
			xs = append(xs, s.x)
		}
	}
	slices.Sort(xs)
	return slices.Compact(xs)
}

// errorBarNote is the note of a figure whose error bars are intervals of
// medians.
func errorBarNote(missing bool) string {
	note := "Points: median of the runs. Error bars: its 95% confidence interval (benchmath, as benchstat)."
	if missing {
		note += " Points without a bar had fewer than 6 runs, too few to bound a median at 95%, or runs that all gave the same value."
	}
	return note
}

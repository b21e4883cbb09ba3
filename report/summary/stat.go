package summary

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"golang.org/x/perf/benchmath"
)

// Confidence is the confidence level of every interval in a report.
const Confidence = 0.95

// A Stat summarises repeated measurements of one quantity: the median of
// the runs and a confidence interval for it, as computed by benchstat.
type Stat struct {
	benchmath.Summary

	// Sample holds the runs' values, in ascending order.
	Sample *benchmath.Sample
}

// NewStat summarises values (one per run) with benchmath.AssumeNothing at
// the Confidence level. It does not modify values.
func NewStat(values []float64) Stat {
	sample := benchmath.NewSample(slices.Clone(values), benchmathThresholds())
	return Stat{Summary: benchmath.AssumeNothing.Summary(sample, Confidence), Sample: sample}
}

// N returns the number of runs.
func (s Stat) N() int {
	if s.Sample == nil {
		return 0
	}
	return len(s.Sample.Values)
}

// HasInterval reports whether the confidence interval is finite. With
// fewer than 6 runs the interval of a median at 95% is unbounded.
func (s Stat) HasInterval() bool {
	return !math.IsInf(s.Lo, 0) && !math.IsInf(s.Hi, 0) && !math.IsNaN(s.Lo) && !math.IsNaN(s.Hi)
}

// Compare tests whether s and o differ, with benchmath's Mann-Whitney U
// test, as benchstat does when it compares two columns.
//
// One correction: for two samples that do not overlap and have ties,
// benchmath (through go-moremath's exact test) returns p = 0, which no
// exact test of finite samples can give: for 3 runs all at 40000/s
// against 6 all at or below 20000/s it said 0, where the least p any
// split of 3 and 6 runs can have is 2/84 = 0.024, and for 2 against 2 it
// would call a difference significant that no test of 4 runs can show
// (the least p there is 1/3). A p of 0 from samples small enough to
// enumerate is replaced by the exact p (exactMannWhitneyP), and a p above
// 1, which the same test gives for some tied samples (1.061 for 10 runs
// against 2), by 1. benchstat's other results are kept as they are,
// though with ties its p can be up to about 0.15 below the doubled-tail
// exact p: the two take different conventions for a tied, asymmetric
// distribution of U.
func (s Stat) Compare(o Stat) benchmath.Comparison {
	c := benchmath.AssumeNothing.Compare(s.Sample, o.Sample)
	if c.P == 0 && s.Sample != nil && o.Sample != nil {
		if p, ok := exactMannWhitneyP(s.Sample.Values, o.Sample.Values); ok {
			c.P = p
		}
	}
	c.P = min(c.P, 1)
	return c
}

// RatioString formats a Stat of ratios as its median and 95% interval:
// "1.234× [1.200, 1.270] (n=10)", or "1.234× (n=3)" without an interval;
// a median of 10 or more without decimals ("12×"), an impossible one as
// "–".
func (s Stat) RatioString() string {
	r := strconv.FormatFloat(s.Center, 'f', 3, 64) + "×"
	switch {
	case math.IsNaN(s.Center) || math.IsInf(s.Center, 0) || s.Center <= 0:
		r = "–"
	case s.Center >= 10:
		r = strconv.FormatFloat(s.Center, 'f', 0, 64) + "×"
	}
	if !s.HasInterval() {
		return fmt.Sprintf("%s (n=%d)", r, s.N())
	}
	return fmt.Sprintf("%s [%s, %s] (n=%d)", r, strconv.FormatFloat(s.Lo, 'f', 3, 64), strconv.FormatFloat(s.Hi, 'f', 3, 64), s.N())
}

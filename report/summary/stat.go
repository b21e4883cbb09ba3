package summary

import (
	"math"
	"slices"

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
func (s Stat) Compare(o Stat) benchmath.Comparison {
	return benchmath.AssumeNothing.Compare(s.Sample, o.Sample)
}

// Package saturation finds where a design stops keeping up with an
// offered load.
//
// An open-loop sweep (package bench's BenchmarkLoad) offers a design
// streams at increasing rates and measures, at each rate, the rate at
// which streams completed and their latency from intended arrival. Below
// saturation the design completes what it is offered, and its tail latency
// stays bounded; past it, completions fall behind the offer and a backlog
// grows, so latency grows with the length of the run.
//
// A point keeps up when its completed rate is within Tolerance of the rate
// its streams arrived at and its p99 latency is at most Bound. The arrival
// rate, not the offered one, is the yardstick: a seeded Poisson schedule of
// N arrivals has its own rate, off the offered one by about 1/√N (2% at
// N = 2000, 3% at 1000), more than a 1% tolerance; a design that completes
// every stream as fast as the schedule delivered them keeps up whatever
// that schedule's own rate was. (A generator that fell behind its schedule
// is Point.Unreliable, below.) When the arrival rate is not known, the
// offered rate stands in for it. A run's saturation
// throughput is the highest offered rate up to which every point kept up:
// the last rate before the first one that did not. A point the load
// generator itself did not deliver as asked (Point.Unreliable) is not a
// measurement (Lancet's rule): a run whose sweep reaches such a point
// before its first failing one has no saturation estimate, rather than a
// guess. Across runs, the saturation throughput is summarised by its
// median with a 95% confidence interval (benchmath, assuming nothing
// about the distribution), as benchstat summarises times.
package saturation

import (
	"fmt"
	"slices"

	"golang.org/x/perf/benchmath"
)

// Criteria say when a point keeps up.
type Criteria struct {
	// Tolerance is the largest shortfall of the completed rate below the
	// offered rate, as a fraction of the offered rate (0.01 is 1%).
	Tolerance float64
	// Bound is the largest p99 latency, in nanoseconds, of a point that
	// keeps up.
	Bound float64
}

// Point is one offered rate of one run.
type Point struct {
	Offered    float64 // streams per second asked for
	Arrived    float64 // streams per second that arrived; 0 if not known
	Completed  float64 // streams per second completed
	P99        float64 // p99 latency from intended arrival, ns
	Unreliable bool    // the load generator fell behind: not a measurement
}

// KeepsUp reports whether p keeps up under c: its completed rate is within
// c.Tolerance of its arrival rate (its offered rate if Arrived is 0) and
// its p99 is at most c.Bound.
func (c Criteria) KeepsUp(p Point) bool {
	arrived := p.Arrived
	if arrived <= 0 {
		arrived = p.Offered
	}
	return p.Completed >= (1-c.Tolerance)*arrived && p.P99 <= c.Bound
}

// Run returns the saturation throughput of one run's sweep: the highest
// offered rate up to which every point kept up. ok is false when the run
// gives no estimate: its first point already fails, it reaches an
// unreliable point before its first failing one, or every point keeps up
// (the sweep did not reach saturation), and why says which.
func (c Criteria) Run(points []Point) (rate float64, ok bool, why string) {
	ps := slices.Clone(points)
	slices.SortFunc(ps, func(a, b Point) int {
		switch {
		case a.Offered < b.Offered:
			return -1
		case a.Offered > b.Offered:
			return 1
		}
		return 0
	})
	last := -1.0
	for _, p := range ps {
		if p.Unreliable {
			return 0, false, fmt.Sprintf("the load generator fell behind at %.0f/s, before the sweep saturated", p.Offered)
		}
		if !c.KeepsUp(p) {
			if last < 0 {
				return 0, false, fmt.Sprintf("already saturated at the lowest rate, %.0f/s", p.Offered)
			}
			return last, true, ""
		}
		last = p.Offered
	}
	if last < 0 {
		return 0, false, "no points"
	}
	return 0, false, fmt.Sprintf("kept up at every rate, up to %.0f/s: the sweep did not reach saturation", last)
}

// Estimate is the saturation throughput across runs.
type Estimate struct {
	Runs    int      // runs that gave an estimate
	Of      int      // runs in all
	Median  float64  // median over the runs that gave one
	Lo, Hi  float64  // its 95% confidence interval
	Reasons []string // why each run without an estimate has none
}

// Across summarises the saturation throughput of several runs' sweeps.
func (c Criteria) Across(runs [][]Point) Estimate {
	e := Estimate{Of: len(runs)}
	var rates []float64
	for i, r := range runs {
		rate, ok, why := c.Run(r)
		if !ok {
			e.Reasons = append(e.Reasons, fmt.Sprintf("run %d: %s", i+1, why))
			continue
		}
		rates = append(rates, rate)
	}
	e.Runs = len(rates)
	if len(rates) == 0 {
		return e
	}
	s := benchmath.AssumeNothing.Summary(benchmath.NewSample(rates, &benchmath.DefaultThresholds), 0.95)
	e.Median, e.Lo, e.Hi = s.Center, s.Lo, s.Hi
	return e
}

// String formats e for a table: "60000/s (40000–80000, 9 of 10 runs)".
func (e Estimate) String() string {
	if e.Runs == 0 {
		return fmt.Sprintf("no estimate (0 of %d runs)", e.Of)
	}
	return fmt.Sprintf("%.0f/s (%.0f–%.0f, %d of %d runs)", e.Median, e.Lo, e.Hi, e.Runs, e.Of)
}

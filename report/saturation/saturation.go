// Package saturation finds where a design stops keeping up with an
// offered load, and whether two independent sweeps agree on it.
//
// An open-loop sweep (package bench's BenchmarkLoad) offers a design
// streams at increasing rates and measures, at each rate, the rate at
// which streams completed and their latency from intended arrival. Below
// saturation the design completes what it is offered, and its tail latency
// stays bounded; past it, completions fall behind the offer and a backlog
// grows, so latency grows with the length of the run.
//
// # Keeping up
//
// A point keeps up when its completed rate is within Tolerance of the rate
// its streams arrived at and its p99 latency is at most Bound. The arrival
// rate, not the offered one, is the yardstick: a seeded Poisson schedule of
// N arrivals has its own rate, off the offered one by about 1/√N; a design
// that completes every stream as fast as the schedule delivered them keeps
// up whatever that schedule's own rate was. When the arrival rate is not
// known, the offered rate stands in for it.
//
// # Which points are measurements
//
// A point is a measurement of the design only if the load generator
// delivered its schedule (Point.Unreliable is false: Lancet's rule) and,
// where the null design ran beside it at the same rate in the same round
// (Point.Null), the null kept up: a rate the harness alone cannot carry
// says nothing about the design. Two exceptions make a point where the
// generator fell behind a measurement all the same:
//
//   - the design completed streams more than Tolerance slower than they
//     actually arrived: a design that cannot keep up with less than the
//     offered load cannot keep up with all of it;
//   - the null design ran beside it, at the same rate in the same round,
//     and the generator kept its schedule there and the null kept up: the
//     same generator carried the rate with a workflow that does nothing, so
//     what held it back was the design's own work sharing the CPUs with it
//     (past saturation the generator and the design share the CPUs). The
//     point is judged as any other; its latency, counted from each
//     stream's intended arrival, includes the lateness the design caused.
//
// A point that is not a measurement is left out of the sweep; it neither
// keeps up nor fails.
//
// A point's latency (its tail, in the report's tables) is reliable when,
// besides, the null's p99 at that rate and round is at most NullShare of
// the design's (Criteria.TailReliable): the design's tail is then mostly
// the design's, not the generator's and the harness's, whose cost the null
// measures with the same generator, the same harness and no channel.
//
// # Saturation of a sweep
//
// A run's saturation throughput is the highest offered rate that kept up
// below the first two consecutive measured points that did not: a lone
// failing point with a point that keeps up after it is a slow sample
// (a kernel tick, a GC cycle), not saturation, and does not decide the
// run. A sweep whose last measured point fails alone, or that keeps up at
// every measured rate, gives no estimate, nor does one whose first two
// measured points fail. A sweep that kept up at every measured rate gives
// a lower bound instead (Sweep.Reached): its saturation throughput is at
// least the highest rate it measured, the most the load generator reached
// in it.
//
// Across runs, the saturation throughput is summarised by its median with
// a 95% confidence interval (benchmath, assuming nothing about the
// distribution), as benchstat summarises times. Two such estimates of one
// design from independent sweeps agree (Agree) when each median lies
// inside the other's interval.
package saturation

import (
	"fmt"
	"math"
	"slices"

	"golang.org/x/perf/benchmath"
)

// Criteria say when a point keeps up and when it is a measurement.
type Criteria struct {
	// Tolerance is the largest shortfall of the completed rate below the
	// arrival rate, as a fraction of it (0.01 is 1%).
	Tolerance float64
	// Bound is the largest p99 latency, in nanoseconds, of a point that
	// keeps up.
	Bound float64
	// NullShare is the largest ratio of the null design's p99 to the
	// design's at which the design's tail counts as its own
	// (TailReliable); 0 means 0.5.
	NullShare float64
}

// Standard are chanbench's criteria, the one home of their values, used by
// the benchmark's knee search, the report, its figures and the load A/A:
// completions within 1% of arrivals, p99 at most 1 ms, and a tail that is
// the design's when the null's p99 is at most half of it. A stream of
// BenchmarkLoad (4 chunks, window 1) takes 10–20 µs at p50 on an idle
// 2-core machine (results/full at 503a444, 5000 streams/s), so 1 ms is a
// queue of tens of streams; in an M/M/1 queue whose capacity μ is some
// 50 000 streams/s, p99 = ln(100)/(μ−λ) reaches 1 ms at about 90%
// utilisation. The values are fixed, the same for every design, and do
// not depend on the data they judge.
func Standard() Criteria { return Criteria{Tolerance: 0.01, Bound: 1e6, NullShare: 0.5} }

// Point is one offered rate of one run.
type Point struct {
	Offered    float64 // streams per second asked for
	Arrived    float64 // streams per second that arrived; 0 if not known
	Completed  float64 // streams per second completed
	P99        float64 // p99 latency from intended arrival, ns
	Unreliable bool    // the load generator fell behind its schedule
	// Null is the null design's point at the same rate, GOMAXPROCS and
	// round, or nil when the null did not run beside it.
	Null *Point
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

// Measured reports whether p is a measurement of the design: if the null
// ran beside p, the null kept its schedule and kept up (and then a
// generator behind at p was held back by the design); if not, the
// generator kept its schedule at p, or the design fell behind even the
// arrivals it got. why says why not.
func (c Criteria) Measured(p Point) (ok bool, why string) {
	if math.IsNaN(p.Completed) || math.IsNaN(p.P99) {
		return false, fmt.Sprintf("no completed rate or p99 at %.0f/s", p.Offered)
	}
	if p.Null != nil && (p.Null.Unreliable || !c.KeepsUp(*p.Null)) {
		return false, fmt.Sprintf("the null design did not keep up at %.0f/s", p.Offered)
	}
	fellBehindArrivals := p.Arrived > 0 && p.Completed < (1-c.Tolerance)*p.Arrived
	if p.Unreliable && p.Null == nil && !fellBehindArrivals {
		return false, fmt.Sprintf("the load generator fell behind at %.0f/s", p.Offered)
	}
	return true, ""
}

// TailReliable reports whether p's latency is the design's: p is a
// measurement, the generator kept its schedule, and the null's p99 beside
// it is at most NullShare of p's. A
// point without a null beside it is judged by Measured alone.
func (c Criteria) TailReliable(p Point) bool {
	if ok, _ := c.Measured(p); !ok || p.Unreliable {
		return false
	}
	share := c.NullShare
	if share <= 0 {
		share = 0.5
	}
	return p.Null == nil || p.Null.P99 <= share*p.P99
}

// Sweep is the verdict on one run's sweep.
type Sweep struct {
	Rate float64 // saturation throughput; valid when OK
	OK   bool
	// Fail is the offered rate of the first of the two consecutive
	// failing points (the knee lies between Rate and Fail); valid when OK.
	Fail float64
	// Why says why there is no estimate, when !OK.
	Why string
	// Reached is, when the sweep kept up at every measured rate (!OK),
	// the highest of them: a lower bound on the run's saturation
	// throughput, the most the load generator reached. It is 0 otherwise.
	Reached float64
	// Lone are the offered rates of failing points that a point keeping
	// up followed, and so did not decide the run.
	Lone []float64
}

// Judge returns the verdict on one run's sweep, by the rule of the
// package comment. The points may come in any order.
func (c Criteria) Judge(points []Point) Sweep {
	ps := slices.Clone(points)
	slices.SortStableFunc(ps, func(a, b Point) int { return cmpFloat(a.Offered, b.Offered) })
	var measured []Point
	var left []string
	for _, p := range ps {
		if ok, why := c.Measured(p); !ok {
			left = append(left, why)
			continue
		}
		measured = append(measured, p)
	}
	var sw Sweep
	if len(measured) == 0 {
		sw.Why = "no measured points"
		if len(left) > 0 {
			sw.Why += ": " + left[0]
		}
		return sw
	}
	for i, p := range measured {
		if c.KeepsUp(p) {
			continue
		}
		if i+1 == len(measured) {
			sw.Why = fmt.Sprintf("the sweep ended on a single failing point, at %.0f/s: saturation not confirmed", p.Offered)
			return sw
		}
		if c.KeepsUp(measured[i+1]) {
			sw.Lone = append(sw.Lone, p.Offered)
			continue
		}
		if i == 0 {
			sw.Why = fmt.Sprintf("already saturated at the lowest measured rates, %.0f/s and %.0f/s", p.Offered, measured[1].Offered)
			return sw
		}
		sw.Rate, sw.Fail, sw.OK = measured[i-1].Offered, p.Offered, true
		return sw
	}
	sw.Reached = measured[len(measured)-1].Offered
	sw.Why = fmt.Sprintf("kept up at every measured rate, up to %.0f/s: the sweep did not reach saturation", sw.Reached)
	return sw
}

// Run returns the saturation throughput of one run's sweep (Judge): ok is
// false when the run gives no estimate, and why says why.
func (c Criteria) Run(points []Point) (rate float64, ok bool, why string) {
	sw := c.Judge(points)
	return sw.Rate, sw.OK, sw.Why
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Estimate is the saturation throughput across runs.
type Estimate struct {
	Runs    int       // runs that gave an estimate
	Of      int       // runs in all
	Rates   []float64 // each run's estimate, in run order
	Median  float64   // median over the runs that gave one
	Lo, Hi  float64   // its 95% confidence interval (±Inf with too few runs)
	Reasons []string  // why each run without an estimate has none
	// Bounded counts the runs that kept up at every measured rate
	// (Sweep.Reached), and Reached is the highest rate one of them
	// measured: a lower bound on the saturation throughput, 0 if no run
	// gave one.
	Bounded int
	Reached float64
}

// Across summarises the saturation throughput of several runs' sweeps.
func (c Criteria) Across(runs [][]Point) Estimate {
	e := Estimate{Of: len(runs)}
	for i, r := range runs {
		sw := c.Judge(r)
		if !sw.OK {
			e.Reasons = append(e.Reasons, fmt.Sprintf("run %d: %s", i+1, sw.Why))
			if sw.Reached > 0 {
				e.Bounded++
				e.Reached = max(e.Reached, sw.Reached)
			}
			continue
		}
		e.Rates = append(e.Rates, sw.Rate)
	}
	e.Runs = len(e.Rates)
	if len(e.Rates) == 0 {
		return e
	}
	s := benchmath.AssumeNothing.Summary(benchmath.NewSample(e.Rates, &benchmath.DefaultThresholds), 0.95)
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

// Agree reports whether two estimates of one design, from independent
// sweeps of one commit, agree: each has an estimate with an interval, and
// each median lies inside the other's 95% interval. why says how they
// differ when they do not.
func Agree(a, b Estimate) (ok bool, why string) {
	switch {
	case a.Runs == 0 || b.Runs == 0:
		return false, "a sweep gave no estimate"
	case math.IsInf(a.Lo, 0) || math.IsInf(a.Hi, 0) || math.IsInf(b.Lo, 0) || math.IsInf(b.Hi, 0):
		return false, "too few runs for an interval"
	case a.Median < b.Lo || a.Median > b.Hi:
		return false, fmt.Sprintf("the first median, %.0f/s, is outside the second interval, %.0f–%.0f", a.Median, b.Lo, b.Hi)
	case b.Median < a.Lo || b.Median > a.Hi:
		return false, fmt.Sprintf("the second median, %.0f/s, is outside the first interval, %.0f–%.0f", b.Median, a.Lo, a.Hi)
	}
	return true, ""
}

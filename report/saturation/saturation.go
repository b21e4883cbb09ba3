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
// every measured rate, gives no point estimate, nor does one whose first
// two measured points fail: these are censored (below). A sweep that kept
// up at every measured rate says its saturation throughput is at least
// the highest rate it measured (Sweep.Reached), the most the load
// generator reached in it.
//
// # Censored runs, and why the estimate is conservative
//
// A run that gives no estimate still says something: it is a censored
// observation, not a missing one, and each run gives an interval [Lo, Hi]
// its saturation throughput lies in (Bounds). A run that saturated gives
// Lo = Hi = Rate. A run that kept up at every measured rate, up to R, says
// only "at least R" (right-censored: [R, +Inf]); so does one that ended on
// a single failing point after keeping up at P ([P, +Inf]: the knee is not
// confirmed). A run already saturated at its lowest measured rate L says
// "below L" (left-censored: [0, L]). Only a run with no measured point
// says nothing, and is left out. Dropping the censored runs biases the
// estimate: the runs the sweep could not saturate are the strongest, and
// dropping them pulls the median down.
//
// Across runs, the saturation throughput is summarised by its median with
// a 95% confidence interval assuming nothing about the distribution
// (benchmath's order-statistic interval, as benchstat summarises times),
// taken so that it holds however the censored runs resolve: the interval's
// lower limit is the order statistic of the runs' lower ends, its upper
// limit that of their upper ends, and the median is a range, from the
// median of the lower ends to that of the upper ends (a single value when
// no run is censored where it matters). An order statistic grows with
// every value, so these are the lowest lower limit and the highest upper
// limit that any resolution of the censored runs could give: the interval
// is conservative in both directions, never narrower than the data allow.
//
// Two estimates of one design from independent sweeps agree (Agree) when
// each one's whole median range lies inside the other's interval: however
// the censored runs resolve, each median is inside the other interval.
// First names a design as saturating first only if it is significantly
// below every other even in the case worst for that claim, and says when
// the runs are too few for any test to show it (MinP); Versus compares
// two designs the same way, in each direction.
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

// Bounds is what one run says about its saturation throughput: it lies
// in [Lo, Hi]. A run that saturated gives Lo = Hi; a right-censored run
// (it did not confirm saturation) has Hi = +Inf; a left-censored one
// (saturated at its lowest measured rate) has Lo = 0.
type Bounds struct{ Lo, Hi float64 }

// Censored reports whether b is an interval rather than a value.
func (b Bounds) Censored() bool { return b.Lo != b.Hi }

// Sweep is the verdict on one run's sweep.
type Sweep struct {
	Rate float64 // saturation throughput; valid when OK
	OK   bool
	// Fail is the offered rate of the first of the two consecutive
	// failing points (the knee lies between Rate and Fail); valid when OK.
	Fail float64
	// Why says why there is no point estimate, when !OK.
	Why string
	// Reached is, when the sweep kept up at every measured rate (!OK),
	// the highest of them: a lower bound on the run's saturation
	// throughput, the most the load generator reached. It is 0 otherwise.
	Reached float64
	// Lone are the offered rates of failing points that a point keeping
	// up followed, and so did not decide the run.
	Lone []float64
	// Bounds is the interval the run's saturation throughput lies in
	// (Lo = Hi = Rate when OK); the zero Bounds when the sweep has no
	// measured point and says nothing (Counted is false).
	Bounds Bounds
}

// Counted reports whether the run says anything about its saturation
// throughput: whether it has a measured point.
func (sw Sweep) Counted() bool { return sw.Bounds.Hi > 0 }

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
			sw.Bounds = Bounds{0, math.Inf(1)}
			if i > 0 {
				sw.Bounds.Lo = measured[i-1].Offered // kept up: a lone failure before it was followed by one that did
			}
			return sw
		}
		if c.KeepsUp(measured[i+1]) {
			sw.Lone = append(sw.Lone, p.Offered)
			continue
		}
		if i == 0 {
			sw.Why = fmt.Sprintf("already saturated at the lowest measured rates, %.0f/s and %.0f/s", p.Offered, measured[1].Offered)
			sw.Bounds = Bounds{0, p.Offered}
			return sw
		}
		sw.Rate, sw.Fail, sw.OK = measured[i-1].Offered, p.Offered, true
		sw.Bounds = Bounds{sw.Rate, sw.Rate}
		return sw
	}
	sw.Reached = measured[len(measured)-1].Offered
	sw.Bounds = Bounds{sw.Reached, math.Inf(1)}
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

// Estimate is the saturation throughput across runs, censored runs
// counted (package comment).
type Estimate struct {
	Runs   int       // runs counted: every run with a measured point
	Of     int       // runs in all
	Exact  int       // counted runs that gave a point estimate (not censored)
	Bounds []Bounds  // each counted run's, in run order
	Rates  []float64 // the point estimates of the runs that gave one, in run order
	// MedianLo and MedianHi are the range of the median: the median of
	// the runs' lower ends and of their upper ends (+Inf when too many
	// runs are right-censored); equal when censoring does not touch it.
	MedianLo, MedianHi float64
	// Lo and Hi are the median's 95% interval: Lo the order statistic of
	// the lower ends, Hi that of the upper ends (Hi is +Inf when too many
	// runs are right-censored). Both are ±Inf when there are too few runs
	// for an interval.
	Lo, Hi  float64
	Reasons []string // why each run without a point estimate has none
	// Bounded counts the runs that kept up at every measured rate
	// (Sweep.Reached), and Reached is the highest rate one of them
	// measured: a lower bound on the saturation throughput, 0 if no run
	// gave one.
	Bounded int
	Reached float64
}

// Top is the highest finite end of e's runs: the highest rate at which a
// run's saturation is known to lie, a place to draw an interval open
// above (Hi = +Inf) up to.
func (e Estimate) Top() float64 { return highest(e.Bounds) }

// highest is the highest finite end of bs.
func highest(bs []Bounds) float64 {
	top := 0.0
	for _, b := range bs {
		top = max(top, b.Lo)
		if !math.IsInf(b.Hi, 1) {
			top = max(top, b.Hi)
		}
	}
	return top
}

// TooFew reports whether e has too few counted runs for a 95% interval.
func (e Estimate) TooFew() bool { return math.IsInf(e.Lo, -1) }

// Across summarises the saturation throughput of several runs' sweeps,
// every censored run counted (package comment).
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
		}
		if !sw.Counted() {
			continue
		}
		e.Bounds = append(e.Bounds, sw.Bounds)
		if sw.OK {
			e.Rates = append(e.Rates, sw.Rate)
		}
	}
	e.Runs, e.Exact = len(e.Bounds), len(e.Rates)
	if e.Runs == 0 {
		return e
	}
	lower, upper, top := ends(e.Bounds)
	lo, hi := medianCI(lower, top), medianCI(upper, top)
	e.MedianLo, e.Lo = lo.Center, lo.Lo
	e.MedianHi, e.Hi = hi.Center, hi.Hi
	return e
}

// ends returns the lower and the upper ends of bs, in bs's order, and
// top, the highest finite end; an upper end of +Inf is replaced by a
// finite stand-in above top. benchmath interpolates the median of an even
// number of values, and +Inf−(+Inf) is NaN; the stand-in keeps the ranks,
// which are all the median's interval and Mann-Whitney use, and a median
// or limit above top is +Inf again (medianCI).
func ends(bs []Bounds) (lower, upper []float64, top float64) {
	top = highest(bs)
	for _, b := range bs {
		lower = append(lower, b.Lo)
		if math.IsInf(b.Hi, 1) {
			upper = append(upper, 2*top+1)
			continue
		}
		upper = append(upper, b.Hi)
	}
	return lower, upper, top
}

// medianCI is benchmath's median of xs with its 95% order-statistic
// interval (AssumeNothing, as benchstat), a median or limit above top (a
// stand-in for +Inf, see ends) returned to +Inf.
func medianCI(xs []float64, top float64) benchmath.Summary {
	s := benchmath.AssumeNothing.Summary(benchmath.NewSample(slices.Clone(xs), &benchmath.DefaultThresholds), 0.95)
	for _, v := range []*float64{&s.Center, &s.Lo, &s.Hi} {
		if *v > top {
			*v = math.Inf(1)
		}
	}
	return s
}

// fmtRate formats a rate for String: "40000", or "∞".
func fmtRate(v float64) string {
	if math.IsInf(v, 1) {
		return "∞"
	}
	return fmt.Sprintf("%.0f", v)
}

// MedianString formats e's median: "45200/s", a range "40000–63500/s"
// when censoring makes it ambiguous, "≥ 50400/s" when it is open above,
// "≤ 10000/s" when it reaches down to 0.
func (e Estimate) MedianString() string {
	switch {
	case e.MedianLo == e.MedianHi:
		return fmtRate(e.MedianLo) + "/s"
	case math.IsInf(e.MedianHi, 1):
		return "≥ " + fmtRate(e.MedianLo) + "/s"
	case e.MedianLo == 0:
		return "≤ " + fmtRate(e.MedianHi) + "/s"
	}
	return fmtRate(e.MedianLo) + "–" + fmtRate(e.MedianHi) + "/s"
}

// String formats e for a table: "60000/s (40000–80000, 9 of 10 runs)",
// with how many counted runs are censored, "≥ 50400/s (31700–∞, 6 of 6
// runs, 3 censored)", and "no interval" with too few runs.
func (e Estimate) String() string {
	if e.Runs == 0 {
		return fmt.Sprintf("no estimate (0 of %d runs)", e.Of)
	}
	ci := "no interval"
	if !e.TooFew() {
		ci = fmtRate(e.Lo) + "–" + fmtRate(e.Hi)
	}
	runs := fmt.Sprintf("%d of %d runs", e.Runs, e.Of)
	if c := e.Runs - e.Exact; c > 0 {
		runs += fmt.Sprintf(", %d censored", c)
	}
	return fmt.Sprintf("%s (%s, %s)", e.MedianString(), ci, runs)
}

// Agree reports whether two estimates of one design, from independent
// sweeps of one commit, agree: each has an interval, and each one's whole
// median range (MedianLo to MedianHi) lies inside the other's 95%
// interval, so that each median is inside the other interval however the
// censored runs resolve. An interval open above (Hi = +Inf, too many
// right-censored runs) holds any median range above its lower limit; the
// claim can still fail on the lower limits. why says how they differ when
// they do not agree.
func Agree(a, b Estimate) (ok bool, why string) {
	inside := func(m Estimate, in Estimate) bool { return m.MedianLo >= in.Lo && m.MedianHi <= in.Hi }
	switch {
	case a.Runs == 0 || b.Runs == 0:
		return false, "a sweep gave no estimate"
	case a.TooFew() || b.TooFew():
		return false, "too few runs for an interval"
	case !inside(a, b):
		return false, fmt.Sprintf("the first median, %s, is not inside the second interval, %s–%s", a.MedianString(), fmtRate(b.Lo), fmtRate(b.Hi))
	case !inside(b, a):
		return false, fmt.Sprintf("the second median, %s, is not inside the first interval, %s–%s", b.MedianString(), fmtRate(a.Lo), fmtRate(a.Hi))
	}
	return true, ""
}

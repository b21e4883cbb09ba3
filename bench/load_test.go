package bench

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"chanbench/designs"
)

// loadRates are the offered loads of BenchmarkLoad, in streams per second,
// from light load to past every design's saturation on a 2-core machine
// (each stream is 4 chunks then an error): steps of 5000 up to 30000 and
// of 10000 up to 80000, where the designs saturate (the closed-loop
// reference and the sweeps in results/full put every design's knee
// between 15000 and 80000), so that a saturation throughput is resolved to within a step
// there, then coarser steps to 160000.
func loadRates() []int {
	return pick([]int{5000, 10000, 15000, 20000, 25000, 30000, 40000, 50000, 60000, 70000, 80000, 100000, 120000, 160000}, []int{10000, 80000})
}

// Load generator checks: a point is reliable only if the generator started
// the streams at its schedule's rate, within loadRateTolerance, and
// started 99% of them no later than loadLateBound after their arrival.
const (
	loadRateTolerance = 0.01
	loadLateBound     = time.Millisecond
)

// BenchmarkLoad offers each design an open load: b.N streams (4 chunks of
// 64 bytes, window 1, then an error), all sharing one router and one
// script, arriving as a seeded Poisson process at R streams per second
// (designs.Workflow.RunOpen). One op is one stream. rate=closed is the
// closed-loop reference: every stream at once, which gives the design's
// capacity (completed-streams/s) to place the knee of the sweep.
//
// A stream's latency runs from its intended arrival to its net's end, not
// from when the generator got round to starting it, so a stall of the
// design is never hidden by the generator waiting for it (no coordinated
// omission). Per point:
//
//	offered-streams/s     the rate asked for
//	arrived-streams/s     the rate the generator achieved: streams
//	                      started per second over the middle 90% of
//	                      starts (middleRate)
//	completed-streams/s   streams ended per second over the middle 90%
//	                      of ends, so that it is the rate at which the
//	                      design completes streams, not the latency of
//	                      the last one (middleRate); for rate=closed,
//	                      every stream over the time to the last end
//	latency-p50-ns/op, latency-p99-ns/op, latency-p99.9-ns/op
//	                      stream latency from intended arrival to end
//	chunk-p99-ns/op       chunk latency, request to delivery
//	start-late-p99-ns/op  how late the generator started streams
//	unreliable/op         1 when the generator fell behind its schedule
//	                      (the rate it started streams at more than 1%
//	                      below the schedule's own, or its p99 lateness
//	                      over 1ms): the point must not be reported as a
//	                      measurement; always 0 for rate=closed
//	violations/op         streams with a violation, over b.N, and
//	                      <kind>/op for each kind seen
//	leaked/op             1 when an actor was left behind (a leak is an
//	                      undeclared violation for every design, so it
//	                      also fails the benchmark: a published run
//	                      has 0 here)
//
// A violation the design does not declare fails the benchmark, as
// everywhere. Run with -cpu 1,2 for both GOMAXPROCS settings, and with
// -benchtime Nx for N streams per point.
func BenchmarkLoad(b *testing.B) {
	for _, d := range designs.All() {
		b.Run("design="+d.Name(), func(b *testing.B) {
			if why := designs.NotApplicable(d, designs.OfferedLoad); why != "" {
				b.Skip(why)
			}
			b.Run("rate=closed", func(b *testing.B) { benchLoad(b, d, 0) })
			for _, rate := range loadRates() {
				b.Run(fmt.Sprintf("rate=%d", rate), func(b *testing.B) { benchLoad(b, d, rate) })
			}
		})
	}
}

// loadActorsMax bounds the goroutines a Load point runs besides its nets:
// the router, the script, the generator, the harness's and a design's
// helpers.
const loadActorsMax = 16

// growGoroutines runs n goroutines at once, then lets them all exit, so
// that the runtime has had at least n goroutines before a Load point
// starts. The runtime keeps every goroutine it has made, dead ones for
// reuse, and a process's history of them showed in the tail: run after
// the closed-loop point (every stream at once), unbuffered at 30000
// streams/s and GOMAXPROCS 1 had a p99 of 0.86–1.14 ms, against
// 47–54µs in a process that had not run it; with GOGC=off the difference
// was gone, so it acts through the garbage collector. Growing the
// runtime's goroutines to the point's own most (b.N nets and at most
// loadActorsMax others) before every point removed it (42–52µs after the
// closed point, 55–69µs without), so that no point's latency depends on
// the points run before it in the same process. (A few runs of each, by
// hand, not committed: see the README's "Latency under offered load".)
func growGoroutines(n int) {
	var wg sync.WaitGroup
	release := make(chan struct{})
	wg.Add(n)
	for range n {
		go func() {
			defer wg.Done()
			<-release
		}()
	}
	close(release)
	wg.Wait()
}

// poissonArrivals returns n arrival times of a Poisson process at rate
// per second, from a fixed seed; rate 0 puts every arrival at 0.
func poissonArrivals(n, rate int) []time.Duration {
	a := make([]time.Duration, n)
	if rate == 0 {
		return a
	}
	r := rand.New(rand.NewPCG(1, uint64(rate)))
	t := 0.0
	for i := range a {
		a[i] = time.Duration(t * 1e9)
		t += r.ExpFloat64() / float64(rate)
	}
	return a
}

func benchLoad(b *testing.B, d designs.Design, rate int) {
	if b.N > designs.MaxStreams {
		b.Fatalf("BenchmarkLoad runs b.N streams at once, at most %d: run it with -benchtime Nx, N ≤ %d", designs.MaxStreams, designs.MaxStreams)
	}
	cfg := designs.DefaultConfig()
	cfg.Streams, cfg.Chunks = b.N, 4
	cfg.Outcome = designs.Outcome{Kind: designs.Fail, At: 4}
	arrivals := poissonArrivals(b.N, rate)
	w, err := designs.New(d, cfg)
	if err != nil {
		b.Fatal(err)
	}
	growGoroutines(b.N + loadActorsMax)
	runtime.GC()
	b.ResetTimer()
	res, err := w.RunOpen(context.Background(), arrivals)
	b.StopTimer()
	if err != nil {
		b.Fatal(err)
	}
	failOnUndeclared(b, d, cfg, res)
	m := loadMetrics(res, arrivals)
	b.ReportMetric(0, "ns/op") // an open run has no time per op
	b.ReportMetric(float64(rate), "offered-streams/s")
	for _, unit := range slices.Sorted(maps.Keys(m)) {
		b.ReportMetric(m[unit], unit)
	}
	b.ReportMetric(unreliable(rate, arrivals, m), "unreliable/op")
}

// unreliable is 1 when the load generator did not deliver the schedule it
// was given, 0 when it did. It judges the generator against its own
// schedule, not against the offered rate: a Poisson schedule of N arrivals
// is off its rate by about 1/√N by chance (2% at 2000), and that is the
// offer, not the generator's failing. The closed-loop reference (rate 0)
// starts every stream at once and has no schedule to keep.
func unreliable(rate int, arrivals []time.Duration, m map[string]float64) float64 {
	n := len(arrivals)
	if rate == 0 || n < 2 {
		return 0
	}
	scheduled := middleRate(arrivals)
	if m["arrived-streams/s"] < (1-loadRateTolerance)*scheduled || m["start-late-p99-ns/op"] > float64(loadLateBound) {
		return 1
	}
	return 0
}

// middleRate returns how many of times happened per second over their
// middle 90%: sorted, from the one at 5% to the one at 95% (over all of
// them when there are fewer than 20), and 0 when that span is empty. A
// rate taken from the first event to the last would be the rate of the
// run's two ends: at 80000 streams/s, 2000 streams arrive in 25 ms, and a
// last stream 0.25 ms slower than the first would put the completed rate
// 1% below the arrival rate of a design that keeps up. Over the middle
// 90% a steady latency cancels out, and a backlog that grows, the mark of
// saturation, does not.
func middleRate(times []time.Duration) float64 {
	t := slices.Clone(times)
	slices.Sort(t)
	lo, hi := 0, len(t)-1
	if len(t) >= 20 {
		lo, hi = len(t)/20, len(t)-1-len(t)/20
	}
	if hi <= lo || t[hi] <= t[lo] {
		return 0
	}
	return float64(hi-lo) / (t[hi] - t[lo]).Seconds()
}

// loadMetrics computes BenchmarkLoad's metrics (all but offered-streams/s
// and unreliable/op) from an open run's result and its arrivals.
func loadMetrics(res *designs.Result, arrivals []time.Duration) map[string]float64 {
	n := len(res.Records)
	m := map[string]float64{}
	lat, late, chunks := newHistogram(), newHistogram(), newHistogram()
	var ends []time.Duration
	for s, r := range res.Records {
		record(late, res.Started[s]-arrivals[s])
		if end, ok := r.End(); ok {
			record(lat, end.At-arrivals[s])
			ends = append(ends, end.At)
		}
	}
	recordChunkLatencies(chunks, res)
	m["latency-p50-ns/op"] = float64(lat.ValueAtQuantile(50))
	m["latency-p99-ns/op"] = float64(lat.ValueAtQuantile(99))
	m["latency-p99.9-ns/op"] = float64(lat.ValueAtQuantile(99.9))
	m["chunk-p99-ns/op"] = float64(chunks.ValueAtQuantile(99))
	m["start-late-p99-ns/op"] = float64(late.ValueAtQuantile(99))
	m["arrived-streams/s"] = middleRate(res.Started)
	m["completed-streams/s"] = middleRate(ends)
	if arrivals[n-1] == arrivals[0] && len(ends) > 0 {
		// Closed loop: every stream starts at once and their ends come
		// in bursts, not at a steady rate; the capacity is the batch's,
		// every stream over the time to the last end.
		m["completed-streams/s"] = float64(n) / (slices.Max(ends) - arrivals[0]).Seconds()
	}
	streams := map[int]bool{}
	kinds := map[designs.ViolationKind]map[int]bool{}
	leaked := 0.0
	for _, v := range res.Violations {
		streams[v.Stream] = true
		if kinds[v.Kind] == nil {
			kinds[v.Kind] = map[int]bool{}
		}
		kinds[v.Kind][v.Stream] = true
		if v.Kind == designs.GoroutineLeak {
			leaked = 1
		}
	}
	m["violations/op"] = float64(len(streams)) / float64(n)
	for k, ss := range kinds {
		m[k.String()+"/op"] = float64(len(ss)) / float64(n)
	}
	m["leaked/op"] = leaked
	return m
}

// TestUnreliableJudgesTheGeneratorByItsSchedule: a schedule whose own rate
// is off the offered rate by chance is no failing of the generator; a
// generator that started streams slower than its schedule, or late, is.
func TestUnreliableJudgesTheGeneratorByItsSchedule(t *testing.T) {
	arrivals := poissonArrivals(2000, 80000)
	scheduled := middleRate(arrivals)
	if scheduled > 0.99*80000 && scheduled < 1.01*80000 {
		t.Fatalf("the test needs a schedule off its rate by more than 1%%; this one runs at %.0f/s", scheduled)
	}
	onTime := map[string]float64{"arrived-streams/s": scheduled, "start-late-p99-ns/op": 50e3}
	if unreliable(80000, arrivals, onTime) != 0 {
		t.Errorf("a generator that kept its schedule (%.0f/s for 80000/s offered) was called unreliable", scheduled)
	}
	slow := map[string]float64{"arrived-streams/s": 0.95 * scheduled, "start-late-p99-ns/op": 50e3}
	if unreliable(80000, arrivals, slow) != 1 {
		t.Errorf("a generator 5%% behind its schedule was called reliable")
	}
	late := map[string]float64{"arrived-streams/s": scheduled, "start-late-p99-ns/op": 2e6}
	if unreliable(80000, arrivals, late) != 1 {
		t.Errorf("a generator 2ms late at p99 was called reliable")
	}
	if unreliable(0, poissonArrivals(2000, 0), late) != 0 {
		t.Errorf("the closed-loop reference was called unreliable")
	}
}

// TestMiddleRateIsTheRateOfCompletionsNotOfTheLastOne: a design that ends
// every stream a fixed time after its arrival completes them at the
// arrival rate, however slow its last stream; one whose backlog grows
// completes them at its own pace.
func TestMiddleRateIsTheRateOfCompletionsNotOfTheLastOne(t *testing.T) {
	arrivals := poissonArrivals(2000, 80000)
	arrived := middleRate(arrivals)
	steady := make([]time.Duration, len(arrivals))
	for i, a := range arrivals {
		steady[i] = a + 30*time.Microsecond
	}
	steady[len(steady)-1] += 2 * time.Millisecond // one straggler at the end
	assert.InEpsilon(t, arrived, middleRate(steady), 1e-9, "a steady latency and one straggler changed the completed rate")

	backlog := make([]time.Duration, len(arrivals)) // served one at a time, 40000/s
	for i, a := range arrivals {
		backlog[i] = a + 25*time.Microsecond
		if i > 0 {
			backlog[i] = max(backlog[i], backlog[i-1]+25*time.Microsecond)
		}
	}
	assert.InEpsilon(t, 40000, middleRate(backlog), 0.01, "a design that ends one stream every 25µs completes 40000/s")
	assert.Less(t, middleRate(backlog), 0.99*arrived)

	assert.Zero(t, middleRate(nil))
	assert.Zero(t, middleRate(make([]time.Duration, 100)), "every event at once has no rate")
	assert.InEpsilon(t, 1e6, middleRate([]time.Duration{0, time.Microsecond, 2 * time.Microsecond}), 1e-9)
}

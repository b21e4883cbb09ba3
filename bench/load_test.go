package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"chanbench/designs"
)

// loadRates are the offered loads of BenchmarkLoad, in streams per second:
// a log scale from light load to past every design's saturation on a
// 2-core machine (each stream is 4 chunks then an error).
func loadRates() []int {
	return pick([]int{5000, 10000, 20000, 40000, 60000, 80000, 120000, 160000}, []int{10000, 80000})
}

// Load generator checks: a point is reliable only if the generator started
// the streams at the rate it was asked for, within loadRateTolerance, and
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
//	arrived-streams/s     the rate the generator achieved
//	completed-streams/s   streams ended over the time from the first
//	                      arrival to the last end
//	latency-p50-ns/op, latency-p99-ns/op, latency-p99.9-ns/op
//	                      stream latency from intended arrival to end
//	chunk-p99-ns/op       chunk latency, request to delivery
//	start-late-p99-ns/op  how late the generator started streams
//	unreliable/op         1 when the generator fell behind (its rate off
//	                      by more than 1%, or its p99 lateness over 1ms):
//	                      the point must not be reported as a measurement
//	violations/op         streams with a violation, over b.N, and
//	                      <kind>/op for each kind seen
//	leaked/op             1 when an actor was left behind
//
// A violation the design does not declare fails the benchmark, as
// everywhere. Run with -cpu 1,2 for both GOMAXPROCS settings, and with
// -benchtime Nx for N streams per point.
func BenchmarkLoad(b *testing.B) {
	for _, d := range designs.All() {
		b.Run("design="+d.Name(), func(b *testing.B) {
			b.Run("rate=closed", func(b *testing.B) { benchLoad(b, d, 0) })
			for _, rate := range loadRates() {
				b.Run(fmt.Sprintf("rate=%d", rate), func(b *testing.B) { benchLoad(b, d, rate) })
			}
		})
	}
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
	cfg := designs.DefaultConfig()
	cfg.Streams, cfg.Chunks = b.N, 4
	cfg.Outcome = designs.Outcome{Kind: designs.Fail, At: 4}
	arrivals := poissonArrivals(b.N, rate)
	w, err := designs.New(d, cfg)
	if err != nil {
		b.Fatal(err)
	}
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
	for _, unit := range slices.Sorted(func(yield func(string) bool) {
		for u := range m {
			if !yield(u) {
				return
			}
		}
	}) {
		b.ReportMetric(m[unit], unit)
	}
	if rate > 0 && m["arrived-streams/s"] < (1-loadRateTolerance)*float64(rate) || m["start-late-p99-ns/op"] > float64(loadLateBound) {
		b.ReportMetric(1, "unreliable/op")
	} else {
		b.ReportMetric(0, "unreliable/op")
	}
}

// loadMetrics computes BenchmarkLoad's metrics (all but offered-streams/s
// and unreliable/op) from an open run's result and its arrivals.
func loadMetrics(res *designs.Result, arrivals []time.Duration) map[string]float64 {
	n := len(res.Records)
	m := map[string]float64{}
	lat, late, chunks := newHistogram(), newHistogram(), newHistogram()
	lastEnd := time.Duration(0)
	for s, r := range res.Records {
		record(late, res.Started[s]-arrivals[s])
		if end, ok := r.End(); ok {
			record(lat, end.At-arrivals[s])
			lastEnd = max(lastEnd, end.At)
		}
	}
	recordChunkLatencies(chunks, res)
	m["latency-p50-ns/op"] = float64(lat.ValueAtQuantile(50))
	m["latency-p99-ns/op"] = float64(lat.ValueAtQuantile(99))
	m["latency-p99.9-ns/op"] = float64(lat.ValueAtQuantile(99.9))
	m["chunk-p99-ns/op"] = float64(chunks.ValueAtQuantile(99))
	m["start-late-p99-ns/op"] = float64(late.ValueAtQuantile(99))
	if span := res.Started[n-1] - res.Started[0]; n > 1 && span > 0 {
		m["arrived-streams/s"] = float64(n-1) / span.Seconds()
	}
	if span := lastEnd - arrivals[0]; span > 0 {
		m["completed-streams/s"] = float64(n) / span.Seconds()
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

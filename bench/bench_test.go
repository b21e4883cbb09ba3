package bench

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"

	"chanbench/designs"
)

// The sweeps, each with a small -short subset (see the package comment).

func chunkSizes() []int   { return pick([]int{64, 4096, 65536}, []int{64}) }
func windows() []int      { return pick([]int{1, 16}, []int{1}) }
func streamCounts() []int { return pick([]int{1, 16, 256, 4096}, []int{1, 16}) }
func regimes() []designs.Regime {
	return []designs.Regime{designs.Natural, designs.Yield, designs.Forced}
}
func works() []time.Duration {
	return pick([]time.Duration{0, time.Microsecond, 20 * time.Microsecond, 100 * time.Microsecond},
		[]time.Duration{0, 20 * time.Microsecond})
}
func outcomes() []designs.Outcome {
	return []designs.Outcome{{Kind: designs.Done}, {Kind: designs.Fail, At: 4}}
}

// pick returns short under -short, full otherwise.
func pick[T any](full, short []T) []T {
	if testing.Short() {
		return short
	}
	return full
}

// BenchmarkStream measures one stream of b.N chunks (outcome done): one op
// is one chunk delivered. The workflow is prepared by designs.New outside
// the timer and timed until its net ends. A few chunks may be lost at the
// very end by a design that loses them (explicit with a window: that is
// BenchmarkOrdering's subject); any other violation fails the benchmark.
func BenchmarkStream(b *testing.B) {
	for _, d := range designs.All() {
		b.Run("design="+d.Name(), func(b *testing.B) {
			for _, chunk := range chunkSizes() {
				b.Run(fmt.Sprintf("chunk=%d", chunk), func(b *testing.B) {
					for _, window := range windows() {
						b.Run(fmt.Sprintf("window=%d", window), func(b *testing.B) {
							cfg := designs.DefaultConfig()
							cfg.ChunkSize, cfg.Window = chunk, window
							b.Run("impl=workflow", func(b *testing.B) {
								b.SetBytes(int64(chunk))
								b.ReportAllocs()
								cfg := cfg
								cfg.Chunks = b.N
								res := runTimed(b, d, cfg)
								h := newHistogram()
								recordChunkLatencies(h, res)
								b.ReportMetric(float64(h.ValueAtQuantile(50)), "p50-ns/op")
								b.ReportMetric(float64(h.ValueAtQuantile(99)), "p99-ns/op")
								b.ReportMetric(float64(h.ValueAtQuantile(99.9)), "p99.9-ns/op")
							})
							b.Run("impl=floor", func(b *testing.B) {
								b.SetBytes(int64(chunk))
								b.ReportAllocs()
								runFloor(b, d, cfg, 1, b.N)
							})
						})
					}
				})
			}
		})
	}
}

// BenchmarkStreams measures N streams sharing one router (chunk 64, window
// 1): one op is one chunk, over all streams. Each stream carries
// ceil(b.N/N) chunks, so ns/op is reported as the timed time over the
// chunks actually moved.
func BenchmarkStreams(b *testing.B) {
	for _, d := range designs.All() {
		b.Run("design="+d.Name(), func(b *testing.B) {
			for _, n := range streamCounts() {
				b.Run(fmt.Sprintf("streams=%d", n), func(b *testing.B) {
					cfg := designs.DefaultConfig()
					cfg.Streams = n
					b.Run("impl=workflow", func(b *testing.B) {
						perStream := (b.N + n - 1) / n
						cfg := cfg
						cfg.Chunks = perStream
						res := runTimed(b, d, cfg)
						b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n*perStream), "ns/op")
						h := newHistogram()
						recordChunkLatencies(h, res)
						b.ReportMetric(float64(h.ValueAtQuantile(99)), "p99-ns/op")
					})
					b.Run("impl=floor", func(b *testing.B) {
						perStream := (b.N + n - 1) / n
						runFloor(b, d, cfg, n, perStream)
						b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n*perStream), "ns/op")
					})
				})
			}
		})
	}
}

// BenchmarkWorkflow measures whole workflows of 4 chunks then done or an
// error: one op is one workflow, from designs.New to Run's return. The
// shutdown latency of a workflow is the time from the source's last
// outcome (Truth.TerminalAt) to net's end event.
func BenchmarkWorkflow(b *testing.B) {
	for _, d := range designs.All() {
		b.Run("design="+d.Name(), func(b *testing.B) {
			for _, o := range outcomes() {
				b.Run("outcome="+o.Kind.String(), func(b *testing.B) {
					cfg := designs.DefaultConfig()
					cfg.Chunks, cfg.Outcome = 4, o
					shutdown := make([]time.Duration, 0, b.N)
					violated := 0
					ctx := context.Background()
					b.ResetTimer()
					for range b.N {
						w, err := designs.New(d, cfg)
						if err != nil {
							b.Fatal(err)
						}
						res := w.Run(ctx)
						if !res.OK() {
							violated++
						}
						if lat, ok := shutdownLatency(res); ok {
							shutdown = append(shutdown, lat)
						}
					}
					b.StopTimer()
					h := newHistogram()
					for _, lat := range shutdown {
						record(h, lat)
					}
					b.ReportMetric(float64(h.ValueAtQuantile(50)), "shutdown-p50-ns/op")
					b.ReportMetric(float64(h.ValueAtQuantile(99)), "shutdown-p99-ns/op")
					b.ReportMetric(float64(violated)/float64(b.N), "violations/op")
				})
			}
		})
	}
}

// BenchmarkOrdering counts ordering violations: one op is one workflow of
// one stream, window 1, 4 chunks then an error, with net's work X per
// chunk under regime R. violations/op is the share of workflows with at
// least one violation, and <kind>/op the share with a violation of that
// kind; times b.N, each is a count x out of N, for a Wilson interval.
//
// scripts/bench fixes b.N with -benchtime NNNx. The 95% Wilson interval
// from N workflows (pooled over -count runs) is, for an observed rate p:
//
//	    N   0 seen: rate ≤   p=1%      p=10%     p=50%
//	 1000           0.38%   ±0.64%    ±1.86%    ±3.09%
//	 2000           0.19%   ±0.45%    ±1.32%    ±2.19%
//	 6000           0.064%  ±0.25%    ±0.76%    ±1.26%
//	10000           0.038%  ±0.20%    ±0.59%    ±0.98%
//	20000           0.019%  ±0.14%    ±0.42%    ±0.69%
//	60000           0.0064% ±0.08%    ±0.24%    ±0.40%
//
// Keep b.N ≤ 10000 per run: a rate is printed with four significant
// digits, which gives back the exact count x only up to there.
func BenchmarkOrdering(b *testing.B) {
	for _, d := range designs.All() {
		b.Run("design="+d.Name(), func(b *testing.B) {
			for _, work := range works() {
				b.Run("work="+work.String(), func(b *testing.B) {
					for _, regime := range regimes() {
						b.Run("regime="+regime.String(), func(b *testing.B) {
							cfg := designs.DefaultConfig()
							cfg.Chunks, cfg.Outcome = 4, designs.Outcome{Kind: designs.Fail, At: 4}
							cfg.Work, cfg.Regime = work, regime
							benchOrdering(b, d, cfg)
						})
					}
				})
			}
		})
	}
}

func benchOrdering(b *testing.B, d designs.Design, cfg designs.Config) {
	ctx := context.Background()
	violated := 0
	var byKind [256]int // workflows with a violation of each kind
	for range b.N {
		res, err := designs.Run(ctx, d, cfg)
		if err != nil {
			b.Fatal(err)
		}
		if !res.OK() {
			violated++
		}
		var seen [256]bool
		for _, v := range res.Violations {
			if !seen[v.Kind] {
				seen[v.Kind] = true
				byKind[v.Kind]++
			}
		}
	}
	n := float64(b.N)
	b.ReportMetric(float64(violated)/n, "violations/op")
	for _, k := range designs.ViolationKinds() {
		b.ReportMetric(float64(byKind[k])/n, k.String()+"/op")
	}
}

// runTimed prepares a workflow of d (outside the timer), then times it from
// its start to the end of its last net, and returns its result. It fails
// b if the workflow deadlocked, left a goroutine behind, or delivered a
// chunk duplicated, out of order or corrupted.
func runTimed(b *testing.B, d designs.Design, cfg designs.Config) *designs.Result {
	b.StopTimer()
	w, err := designs.New(d, cfg)
	if err != nil {
		b.Fatal(err)
	}
	w.OnNetsEnded(b.StopTimer)
	// New may have allocated a large record: collect now, so that no
	// garbage collection started by it runs in the timed region.
	runtime.GC()
	b.ResetTimer()
	b.StartTimer()
	res := w.Run(context.Background())
	b.StopTimer()
	for _, v := range res.Violations {
		switch v.Kind {
		case designs.ChunkLost, designs.ErrorLost, designs.ErrorAfterEnd:
			// Ordering, counted by BenchmarkOrdering; at most a window of
			// chunks at the very end of the stream.
		default:
			b.Fatalf("%s: %v\n%s", d.Name(), v, res.Dump)
		}
	}
	return res
}

// runFloor times d's floor moving chunks chunks on each of streams streams
// of cfg, from the start of the run to the end of its last net. It skips b
// if d declares no floor, and fails b if a chunk went missing, out of
// order or corrupted.
func runFloor(b *testing.B, d designs.Design, cfg designs.Config, streams, chunks int) {
	f, err := FloorOf(d, cfg)
	if err != nil {
		b.Skip(err)
	}
	cfg.Streams, cfg.Chunks = streams, chunks
	runtime.GC()
	b.ResetTimer()
	moved, err := f.Run(cfg, b.StopTimer)
	b.StopTimer()
	if err != nil {
		b.Fatal(err)
	}
	if moved != streams*chunks {
		b.Fatalf("floor of %s moved %d chunks, want %d", d.Name(), moved, streams*chunks)
	}
}

// newHistogram returns a histogram of nanoseconds from 1ns to a minute, at
// three significant digits.
func newHistogram() *hdrhistogram.Histogram {
	return hdrhistogram.New(1, int64(time.Minute), 3)
}

// record adds d to h, clamped into h's range.
func record(h *hdrhistogram.Histogram, d time.Duration) {
	v := min(max(int64(d), h.LowestTrackableValue()), h.HighestTrackableValue())
	if err := h.RecordValue(v); err != nil {
		panic(err) // v is in range
	}
}

// recordChunkLatencies adds to h the latency of every chunk net received
// before its end: from the request it answers to its receipt.
func recordChunkLatencies(h *hdrhistogram.Histogram, res *designs.Result) {
	for _, r := range res.Records {
		for _, e := range r.Events {
			if e.Kind == designs.EventChunk && !e.Late {
				record(h, e.At-e.Asked)
			}
		}
	}
}

// shutdownLatency is the time from the source's last outcome to net's end,
// for a workflow of one stream whose source ended and whose net ended.
func shutdownLatency(res *designs.Result) (time.Duration, bool) {
	if len(res.Records) != 1 || len(res.Truth) != 1 || !res.Truth[0].Ended {
		return 0, false
	}
	end, ok := res.Records[0].End()
	if !ok {
		return 0, false
	}
	return end.At - res.Truth[0].TerminalAt, true
}

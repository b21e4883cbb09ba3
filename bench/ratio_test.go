package bench

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/perf/benchmath"

	"chanbench/designs"
)

// referenceDesign is the design every other is compared with in
// BenchmarkRatio: the article's original, correct, topology.
const referenceDesign = "unbuffered"

// sliceChunks is how many chunks one slice of BenchmarkRatio moves: long
// enough that a workflow's start-up is under 1% of it, short enough (a few
// milliseconds at chunk 64) that the machine's state changes little
// between the two slices of a pair.
const sliceChunks = 4096

// BenchmarkRatio measures a design's cost relative to a comparator V in one
// process, so that the machine's drift between runs cancels out:
//
//	BenchmarkRatio/design=D/vs=V/chunk=64/window=1
//
// V is floor (D's own floor, see Floor) or unbuffered (the reference
// design; there is no design=unbuffered/vs=unbuffered). One op is one pair
// of slices, each one stream of sliceChunks chunks: a slice of D's
// workflow and a slice of V, alternating which goes first (ABBA…) so that
// a trend within a pair cancels too. Each slice is timed as
// BenchmarkStream times a stream: from the start of the run to the end of
// its last net, the preparation (designs.New) and the teardown left out.
// With -benchtime 20x a run is exactly 20 pairs; the default benchtime
// gives about a second of pairs. Units:
//
//	ratio  the median over the run's pairs of D's time over V's
//	ns/op  D's ns per chunk over all its slices (not per pair)
//
// A violation of a kind D does not declare (designs.KnownFlaws) fails the
// benchmark.
func BenchmarkRatio(b *testing.B) {
	ref, err := designs.ByName(referenceDesign)
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range designs.All() {
		b.Run("design="+d.Name(), func(b *testing.B) {
			for _, vs := range []string{"floor", ref.Name()} {
				if vs == d.Name() {
					continue
				}
				b.Run("vs="+vs, func(b *testing.B) {
					b.Run("chunk=64", func(b *testing.B) {
						b.Run("window=1", func(b *testing.B) {
							cfg := designs.DefaultConfig()
							cfg.ChunkSize, cfg.Window = 64, 1
							design := func(chunks int) (time.Duration, error) { return timeWorkflow(d, cfg, chunks) }
							comparator := design
							if vs == "floor" {
								f, err := FloorOf(d, cfg)
								if err != nil {
									b.Skip(err)
								}
								comparator = func(chunks int) (time.Duration, error) { return timeFloor(f, cfg, chunks) }
							} else {
								comparator = func(chunks int) (time.Duration, error) { return timeWorkflow(ref, cfg, chunks) }
							}
							benchRatio(b, design, comparator)
						})
					})
				})
			}
		})
	}
}

// benchRatio times b.N alternating pairs of slices of design and
// comparator, each a func that moves the given number of chunks and
// returns its timed duration, and reports the median ratio and design's
// ns per chunk.
func benchRatio(b *testing.B, design, comparator func(chunks int) (time.Duration, error)) {
	// One pair untimed, so that the first timed slice does not pay for a
	// cold start the second does not.
	if _, err := design(sliceChunks); err != nil {
		b.Fatal(err)
	}
	if _, err := comparator(sliceChunks); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	ratios := make([]float64, 0, b.N)
	var total time.Duration
	for i := range b.N {
		first, second := design, comparator
		if i%2 == 1 {
			first, second = comparator, design
		}
		t1, err := first(sliceChunks)
		if err != nil {
			b.Fatal(err)
		}
		t2, err := second(sliceChunks)
		if err != nil {
			b.Fatal(err)
		}
		if i%2 == 1 {
			t1, t2 = t2, t1
		}
		ratios = append(ratios, float64(t1)/float64(t2))
		total += t1
	}
	b.StopTimer()
	summary := benchmath.AssumeNothing.Summary(benchmath.NewSample(ratios, &benchmath.DefaultThresholds), 0.95)
	b.ReportMetric(summary.Center, "ratio")
	b.ReportMetric(float64(total.Nanoseconds())/float64(b.N*sliceChunks), "ns/op")
}

// timeWorkflow runs one stream of chunks chunks of design d under cfg and
// returns the time from the start of its run to the end of its net,
// excluding designs.New and the teardown. A violation d does not declare
// for cfg is an error.
func timeWorkflow(d designs.Design, cfg designs.Config, chunks int) (time.Duration, error) {
	cfg.Chunks = chunks
	w, err := designs.New(d, cfg)
	if err != nil {
		return 0, fmt.Errorf("time %s: %w", d.Name(), err)
	}
	var end time.Time
	w.OnNetsEnded(func() { end = time.Now() })
	runtime.GC() // as runTimed: no collection started by New in the timed region
	start := time.Now()
	res := w.Run(context.Background())
	if err := undeclared(d, cfg, res); err != nil {
		return 0, fmt.Errorf("time %s: %w", d.Name(), err)
	}
	if end.IsZero() {
		return 0, fmt.Errorf("time %s: its nets never ended", d.Name())
	}
	return end.Sub(start), nil
}

// timeFloor runs f on one stream of chunks chunks under cfg and returns the
// time from the start of its run to the end of its net.
func timeFloor(f Floor, cfg designs.Config, chunks int) (time.Duration, error) {
	cfg.Chunks = chunks
	var end time.Time
	runtime.GC()
	start := time.Now()
	moved, err := f.Run(cfg, func() { end = time.Now() })
	if err != nil {
		return 0, fmt.Errorf("time %v: %w", f.Path, err)
	}
	if moved != chunks {
		return 0, fmt.Errorf("time %v: moved %d chunks, want %d", f.Path, moved, chunks)
	}
	return end.Sub(start), nil
}

// undeclared returns an error listing res's violations of kinds d does not
// declare for cfg (designs.KnownFlaws), and res.Err; nil if there are none.
func undeclared(d designs.Design, cfg designs.Config, res *designs.Result) error {
	if res.Err != nil {
		return fmt.Errorf("workflow not run as configured: %w", res.Err)
	}
	known := designs.KnownFlaws(d, cfg)
	var bad []string
	for _, v := range res.Violations {
		if !slices.Contains(known, v.Kind) {
			bad = append(bad, v.String())
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("%d undeclared violations: %s\n%s", len(bad), strings.Join(bad, "; "), res.Dump)
	}
	return nil
}

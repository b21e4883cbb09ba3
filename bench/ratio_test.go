package bench

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
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
//	ratio      the median over the run's pairs of D's time over V's
//	cpu-ratio  the same with the process's CPU time (user and system, all
//	           threads) over the same interval instead of the wall clock:
//	           blind to the time the machine's other processes take from
//	           this one, which the wall clock counts; it does count the
//	           runtime's own threads (idle Ps spinning for work, background
//	           GC), so it is tightest at -cpu 1 (not reported where the CPU
//	           time cannot be read)
//	ns/op      D's ns per chunk over all its slices (not per pair)
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
							design := func(chunks int) (span, error) { return timeWorkflow(d, cfg, chunks) }
							var comparator func(chunks int) (span, error)
							if vs == "floor" {
								f, err := FloorOf(d, cfg)
								if err != nil {
									b.Skip(err)
								}
								comparator = func(chunks int) (span, error) { return timeFloor(f, cfg, chunks) }
							} else {
								comparator = func(chunks int) (span, error) { return timeWorkflow(ref, cfg, chunks) }
							}
							benchRatio(b, design, comparator)
						})
					})
				})
			}
		})
	}
}

// A span is what one slice took: wall-clock time, and the process's CPU
// time over the same interval (0 when it cannot be read).
type span struct {
	wall, cpu time.Duration
}

// A stopwatch times one slice, by the wall clock and by the process's CPU
// time, from start to stop.
type stopwatch struct {
	wall0, wall1 time.Time
	cpu0, cpu1   time.Duration
	cpuOK        bool
}

func (s *stopwatch) start() {
	s.cpu0, s.cpuOK = processCPU()
	s.wall0 = time.Now()
}

func (s *stopwatch) stop() {
	s.wall1 = time.Now()
	cpu1, ok := processCPU()
	s.cpu1, s.cpuOK = cpu1, s.cpuOK && ok
}

// span returns the times from start to stop, and false if stop was never
// called.
func (s *stopwatch) span() (span, bool) {
	if s.wall1.IsZero() {
		return span{}, false
	}
	sp := span{wall: s.wall1.Sub(s.wall0)}
	if s.cpuOK {
		sp.cpu = s.cpu1 - s.cpu0
	}
	return sp, true
}

// benchRatio times b.N alternating pairs of slices of design and
// comparator, each a func that moves the given number of chunks and
// returns what its timed region took, and reports the median ratios and
// design's ns per chunk.
func benchRatio(b *testing.B, design, comparator func(chunks int) (span, error)) {
	// One pair untimed, so that the first timed slice does not pay for a
	// cold start the second does not.
	if _, err := design(sliceChunks); err != nil {
		b.Fatal(err)
	}
	if _, err := comparator(sliceChunks); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	walls := make([]float64, 0, b.N)
	cpus := make([]float64, 0, b.N)
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
		walls = append(walls, float64(t1.wall)/float64(t2.wall))
		if t1.cpu > 0 && t2.cpu > 0 {
			cpus = append(cpus, float64(t1.cpu)/float64(t2.cpu))
		}
		total += t1.wall
	}
	b.StopTimer()
	b.ReportMetric(median(walls), "ratio")
	if len(cpus) == b.N {
		b.ReportMetric(median(cpus), "cpu-ratio")
	}
	b.ReportMetric(float64(total.Nanoseconds())/float64(b.N*sliceChunks), "ns/op")
}

// median is the median of xs, as benchmath summarises a sample that
// assumes nothing of its distribution.
func median(xs []float64) float64 {
	return benchmath.AssumeNothing.Summary(benchmath.NewSample(xs, &benchmath.DefaultThresholds), 0.95).Center
}

// timeWorkflow runs one stream of chunks chunks of design d under cfg and
// returns what it took from the start of its run to the end of its net,
// excluding designs.New and the teardown. A violation d does not declare
// for cfg is an error.
func timeWorkflow(d designs.Design, cfg designs.Config, chunks int) (span, error) {
	cfg.Chunks = chunks
	w, err := designs.New(d, cfg)
	if err != nil {
		return span{}, fmt.Errorf("time %s: %w", d.Name(), err)
	}
	var sw stopwatch
	w.OnNetsEnded(sw.stop)
	runtime.GC() // as runTimed: no collection started by New in the timed region
	sw.start()
	res := w.Run(context.Background())
	if err := undeclared(d, cfg, res); err != nil {
		return span{}, fmt.Errorf("time %s: %w", d.Name(), err)
	}
	sp, ok := sw.span()
	if !ok {
		return span{}, fmt.Errorf("time %s: its nets never ended", d.Name())
	}
	return sp, nil
}

// timeFloor runs f on one stream of chunks chunks under cfg and returns
// what it took from the start of its run to the end of its net.
func timeFloor(f Floor, cfg designs.Config, chunks int) (span, error) {
	cfg.Chunks = chunks
	var sw stopwatch
	runtime.GC()
	moved, err := f.Run(cfg, sw.start, sw.stop)
	if err != nil {
		return span{}, fmt.Errorf("time %v: %w", f.Path, err)
	}
	if moved != chunks {
		return span{}, fmt.Errorf("time %v: moved %d chunks, want %d", f.Path, moved, chunks)
	}
	sp, ok := sw.span()
	if !ok {
		return span{}, fmt.Errorf("time %v: its net never ended", f.Path)
	}
	return sp, nil
}

// TestUndeclared: BenchmarkRatio tolerates exactly the violations a design
// declares for its configuration, and a workflow not run as configured.
func TestUndeclared(t *testing.T) {
	window2 := designs.DefaultConfig()
	window2.Window = 2
	lost := []designs.Violation{{Kind: designs.ChunkLost}}
	for _, tc := range []struct {
		name    string
		d       designs.Design
		cfg     designs.Config
		res     designs.Result
		wantErr string
	}{
		{"no violation", designs.RouterSerialized{}, designs.DefaultConfig(), designs.Result{}, ""},
		{"a declared flaw", designs.TerminalRouted{}, window2, designs.Result{Violations: lost}, ""},
		{"the same flaw where it is not declared", designs.TerminalRouted{}, designs.DefaultConfig(),
			designs.Result{Violations: lost}, "1 undeclared violations"},
		{"a correct design's violation", designs.RouterSerialized{}, window2,
			designs.Result{Violations: lost}, "1 undeclared violations"},
		{"a regime not applied", designs.RouterSerialized{}, designs.DefaultConfig(),
			designs.Result{Err: errors.New("blocked outside a channel")}, "not run as configured"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := undeclared(tc.d, tc.cfg, &tc.res)
			if tc.wantErr == "" {
				assert.NoError(t, err)
			} else {
				assert.ErrorContains(t, err, tc.wantErr)
			}
		})
	}
}

package bench

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"chanbench/bench/metric"
	"chanbench/designs"
)

// sliceChunks is how many chunks one slice of BenchmarkRatio moves: long
// enough that a workflow's start-up is under 1% of it, short enough (a few
// milliseconds at chunk 64) that the machine's state changes little
// between the two slices of a pair.
const sliceChunks = 4096

// BenchmarkRatio measures a design's cost relative to a comparator V in one
// process, so that the machine's drift between runs cancels out:
//
//	BenchmarkRatio/design=D/vs=V/chunk=C/window=W
//
// V is floor (D's own floor, see Floor; at chunk 64, window 1 only), the
// baseline unbuffered (the first registered design), or a reference design
// such as pull (the cost of no hand-off at all); there is no
// design=unbuffered/vs=unbuffered. Chunk 4096 and window 16 run with
// -grid=full (ratioChunks, ratioWindows). Each slice is one
// stream of sliceChunks chunks of D's workflow or of V, timed as
// BenchmarkStream times a stream: from the workflow's start hook
// (designs.Workflow.OnStart, the floor's start) to the end of its last
// net, the preparation and the teardown left out.
//
// One op is one ABBA quad of slices, D V V D and V D D V in turn, so that
// a run holds an even number of pairs, each order of a pair as often as
// the other, and D's and V's slices have the same mean position in time
// in every quad: a drift of the machine that is linear over a quad
// cancels exactly, and no order is favoured. With -benchtime Nx a run is
// exactly N quads (2N pairs); the default benchtime gives about a second
// of quads. Units:
//
//	ratio      the ratio of costs: D's total time over V's total time,
//	           over every quad of the run, Σ(D1+D2)/Σ(V1+V2). Unlike a
//	           median of per-slice ratios (the ratio of a typical slice),
//	           it counts a design's occasional slow slice at its full cost
//	cpu-ratio  the same with the process's CPU time (user and system, all
//	           threads) over the same intervals instead of the wall clock:
//	           blind to the time the machine's other processes take from
//	           this one, which the wall clock counts; it does count the
//	           runtime's own threads (idle Ps spinning for work, background
//	           GC), so it is tightest at -cpu 1 (not reported where the CPU
//	           time cannot be read)
//	ns/op      D's ns per chunk over all its slices (not per quad)
//
// The interval of a ratio is over runs: benchstat (and report/summary)
// give the median of the -count runs' ratios with its 95% interval
// (benchmath's distribution-free interval of the median, by order
// statistics: at 10 runs, the 2nd to the 9th smallest).
//
// A violation of a kind D does not declare (designs.KnownFlaws) fails the
// benchmark.
func BenchmarkRatio(b *testing.B) { runCases(b, ratioCases(ratioComparators(), designs.All())) }

// ratioComparators are the designs BenchmarkRatio compares every design
// with, beside its floor: the baseline and the references.
func ratioComparators() []designs.Design {
	comparators := []designs.Design{designs.All()[0]} // the baseline, unbuffered
	for _, d := range designs.All() {
		if designs.IsReference(d) {
			comparators = append(comparators, d) // pull: × the cost of no hand-off
		}
	}
	return comparators
}

// ratioCases are BenchmarkRatio's cases for ds: each design against its
// floor and against each of comparators but itself.
func ratioCases(comparators, ds []designs.Design) []benchCase {
	var cs []benchCase
	for _, d := range ds {
		for _, vs := range append([]designs.Design{nil}, comparators...) {
			name := "floor"
			if vs != nil {
				name = vs.Name()
			}
			if name == d.Name() {
				continue
			}
			chunks, windows := ratioChunks(), ratioWindows()
			if vs == nil { // × its floor at the reference configuration only
				chunks, windows = chunks[:1], windows[:1]
			}
			for _, chunk := range chunks {
				for _, window := range windows {
					at := []string{"design=" + d.Name(), "vs=" + name, fmt.Sprintf("chunk=%d", chunk), fmt.Sprintf("window=%d", window)}
					cs = append(cs, benchCase{at, func(b *testing.B) {
						cfg := designs.DefaultConfig()
						cfg.ChunkSize, cfg.Window = chunk, window
						design := func(chunks int) (span, error) { return timeWorkflow(d, cfg, chunks) }
						var comparator func(chunks int) (span, error)
						if vs == nil {
							f, err := FloorOf(d, cfg)
							if err != nil {
								b.Skip(err)
							}
							comparator = func(chunks int) (span, error) { return timeFloor(f, cfg, chunks) }
						} else {
							comparator = func(chunks int) (span, error) { return timeWorkflow(vs, cfg, chunks) }
						}
						benchRatio(b, design, comparator)
					}})
				}
			}
		}
	}
	return cs
}

// ratioChunks and ratioWindows are BenchmarkRatio's configurations: the
// reference one (chunk 64, window 1) by default, and with -grid=full also
// chunk 4096 and window 16, against unbuffered and the references.
func ratioChunks() []int  { return pick([]int{64, 4096}, []int{64}, []int{64}) }
func ratioWindows() []int { return pick([]int{1, 16}, []int{1}, []int{1}) }

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

// benchRatio times b.N ABBA quads of slices of design and comparator,
// each a func that moves the given number of chunks and returns what its
// timed region took, and reports the ratios of their total times and
// design's ns per chunk (see BenchmarkRatio).
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
	d, v, err := quads(b.N, design, comparator)
	b.StopTimer()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(d.wall.Seconds()/v.wall.Seconds(), metric.UnitRatio)
	if d.cpuOK && v.cpuOK && v.cpu > 0 {
		b.ReportMetric(d.cpu.Seconds()/v.cpu.Seconds(), metric.UnitCPURatio)
	}
	b.ReportMetric(float64(d.wall.Nanoseconds())/float64(2*b.N*sliceChunks), metric.UnitNs)
}

// quads runs n ABBA quads of slices of sliceChunks chunks, D V V D when
// the quad's index is even and V D D V when odd, and returns the totals of
// design's slices (D) and of comparator's (V).
func quads(n int, design, comparator func(chunks int) (span, error)) (d, v quadSums, err error) {
	for i := range n {
		for j, dFirst := range [4]bool{true, false, false, true} {
			f, into := comparator, &v
			if dFirst == (i%2 == 0) {
				f, into = design, &d
			}
			t, err := f(sliceChunks)
			if err != nil {
				return d, v, fmt.Errorf("quad %d, slice %d: %w", i, j, err)
			}
			into.add(t)
		}
	}
	return d, v, nil
}

// quadSums totals one side's slices over a run.
type quadSums struct {
	wall, cpu time.Duration
	cpuOK     bool // every slice's CPU time was read
	n         int
}

func (q *quadSums) add(t span) {
	q.cpuOK = (q.n == 0 || q.cpuOK) && t.cpu > 0
	q.n++
	q.wall += t.wall
	q.cpu += t.cpu
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
	w.OnStart(sw.start) // as runTimed: the harness's setup outside the clock
	w.OnNetsEnded(sw.stop)
	runtime.GC() // as runTimed: no collection started by New in the timed region
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

// TestQuadsCancelDriftAndOrder: BenchmarkRatio's estimator gives back a
// known ratio of costs exactly when the machine slows down linearly over
// the run (every slice a fraction slower than the one before) and when
// the second slice of every pair pays an order effect, each alone at any
// number of quads and both together at an even number (D V V D and
// V D D V cancel the cross term). Alternating pairs with an odd count
// would not: one order would have an extra pair.
func TestQuadsCancelDriftAndOrder(t *testing.T) {
	const want = 1.25 // the design's cost over the comparator's
	for _, tc := range []struct {
		name   string
		quads  int
		drift  float64 // the slowdown per slice, a linear trend over the run
		second float64 // the second slice of each pair is slower by this fraction
	}{
		{"no drift", 10, 0, 0},
		{"a linear drift", 10, 0.01, 0},
		{"a linear drift, odd quads", 11, 0.01, 0},
		{"an order effect", 10, 0, 0.05},
		{"an order effect, odd quads", 11, 0, 0.05},
		{"both", 10, 0.01, 0.05},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			slice := func(cost float64) func(int) (span, error) {
				return func(int) (span, error) {
					ns := cost * (1 + tc.drift*float64(calls))
					if calls%2 == 1 {
						ns *= 1 + tc.second
					}
					calls++
					return span{wall: time.Duration(ns), cpu: time.Duration(ns)}, nil
				}
			}
			d, v, err := quads(tc.quads, slice(1e6*want), slice(1e6))
			require.NoError(t, err)
			assert.Equal(t, 4*tc.quads, calls)
			assert.Equal(t, 2*tc.quads, d.n)
			assert.Equal(t, 2*tc.quads, v.n)
			assert.InDelta(t, want, d.wall.Seconds()/v.wall.Seconds(), 1e-6, "wall")
			assert.True(t, d.cpuOK && v.cpuOK)
			assert.InDelta(t, want, d.cpu.Seconds()/v.cpu.Seconds(), 1e-6, "cpu")
		})
	}
}

// TestQuadsStopAtAnError: a slice's error ends the run, saying where.
func TestQuadsStopAtAnError(t *testing.T) {
	ok := func(int) (span, error) { return span{wall: time.Microsecond}, nil }
	calls := 0
	bad := func(int) (span, error) {
		calls++
		if calls == 3 {
			return span{}, errors.New("undeclared violation")
		}
		return span{wall: time.Microsecond}, nil
	}
	_, _, err := quads(4, ok, bad)
	assert.ErrorContains(t, err, "quad 1, slice 0: undeclared violation")
}

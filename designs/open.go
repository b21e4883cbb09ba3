package designs

import (
	"context"
	"fmt"
	"runtime"
	"time"
)

// RunOpen runs the workflow as an open system: the net of stream s starts
// arrivals[s] after the workflow's start, whatever the streams before it
// are doing, so that a design is offered work at the rate the arrivals
// set, not at the rate it completes it. The arrivals must be one per
// stream, non-negative and in increasing order; the Forced regime is
// refused (it waits for every actor, which an arrival schedule does not
// allow). Result.Started holds when each net actually started: a start
// later than its arrival is the load generator falling behind, and the
// caller should judge latency from the arrival, not from the start.
//
// The nets run on goroutines made before the clock starts and parked, each
// on its own gate (see generator): at an arrival the generator only wakes
// one, and a goroutine whose net has ended parks again for a later
// arrival, so that the goroutines in use are bounded by the streams in
// flight, not by the streams of the run.
func (w *Workflow) RunOpen(ctx context.Context, arrivals []time.Duration) (*Result, error) {
	if len(arrivals) != len(w.nets) {
		return nil, fmt.Errorf("run open %s workflow: %d arrivals for %d streams", w.design.Name(), len(arrivals), len(w.nets))
	}
	for s, at := range arrivals {
		if at < 0 || (s > 0 && at < arrivals[s-1]) {
			return nil, fmt.Errorf("run open %s workflow: arrival %d at %v: arrivals must be non-negative and in increasing order", w.design.Name(), s, at)
		}
	}
	if w.cfg.Regime == Forced || w.cfg.Regime == Scheduled {
		return nil, fmt.Errorf("run open %s workflow: the %v regime cannot be used with arrivals", w.design.Name(), w.cfg.Regime)
	}
	return w.run(ctx, arrivals), nil
}

// OpenSlots is how many net goroutines RunOpen parks before the clock
// (fewer when the run has fewer streams). Below saturation the streams in
// flight at once are a handful (the rate times the latency: 40 000/s ×
// 100 µs is 4); past it the backlog grows, and an arrival that finds every
// slot busy gets a new one, started by the generator (Result.Spawned).
const OpenSlots = 1024

// A slot is a goroutine that runs one net after another: parked on its
// gate, it runs the stream it is handed, then offers itself again.
type slot struct {
	gate chan int // the next stream to run; closed when there is none
}

// generator is the open-loop load generator of one run: it hands each
// stream to a parked slot at the stream's arrival.
type generator struct {
	w        *Workflow
	ctx      context.Context
	arrivals []time.Duration
	res      *Result
	runNet   func(int)
	slots    []*slot
	free     chan *slot // slots whose net has ended (or never started)
}

// newGenerator makes the generator of a run and parks its first slots, so
// that the goroutines exist before the clock starts. runNet runs the net
// of one stream to its end.
func (w *Workflow) newGenerator(ctx context.Context, arrivals []time.Duration, res *Result, runNet func(int)) *generator {
	g := &generator{w: w, ctx: ctx, arrivals: arrivals, res: res, runNet: runNet,
		free: make(chan *slot, len(arrivals))}
	for range min(len(arrivals), OpenSlots) {
		g.free <- g.newSlot()
	}
	return g
}

// newSlot starts a parked slot.
func (g *generator) newSlot() *slot {
	sl := &slot{gate: make(chan int, 1)}
	g.slots = append(g.slots, sl)
	go func() {
		for s := range sl.gate {
			g.runNet(s)
			g.free <- sl // never blocks: free holds every slot
		}
	}()
	return sl
}

// release hands stream s to a free slot, or to a new one when none is
// free.
func (g *generator) release(s int) {
	select {
	case sl := <-g.free:
		sl.gate <- s // wakes the slot: never blocks, its gate is empty
	default:
		g.res.Spawned++
		g.newSlot().gate <- s
	}
}

// run releases the net of stream s at arrivals[s], recording when it did
// in Result.Started, then closes every slot's gate (each slot returns once
// its net has ended). It sleeps until about a millisecond before each
// arrival and spins from there, since a Go sleep can overshoot by about
// that much (1.1 ms at the median for a time.Sleep of 20 µs, over 2000
// sleeps on the reference machine, not committed: the runtime's idle wait
// has millisecond resolution). Once ctx is cancelled it releases every
// remaining net at once (each then ends cancelled).
//
// Its work at an arrival is one channel send that wakes a parked
// goroutine, not a goroutine start: what it costs is measured by the null
// design (Null), whose net ends at once, at every rate.
//
// The spin must not take time from the design, at the Go level or at the
// kernel's:
//
//   - Each turn calls runtime.Gosched, so that every runnable actor on the
//     generator's P goes first and the generator takes only idle time: at
//     GOMAXPROCS 1 the generator and the design share the one P.
//   - At least every yieldEvery of spinning it also calls sched_yield
//     (yieldThread). Without it, at GOMAXPROCS 2, the spinning generator's
//     thread could be put by the kernel on the CPU of a thread running the
//     design and keep it off that CPU until the kernel's next rebalance, a
//     4 ms scheduler tick; the actors that thread's P had made runnable
//     (the router, a script) then waited with it, since the generator's P,
//     always finding the generator in the global run queue, never steals.
//     A runtime trace of BenchmarkLoad at 5000 streams/s showed exactly
//     this: a net "running" for 4.05 ms with no event while the router
//     waited runnable on its P for 4.06 ms. In the reference runs at
//     5000 streams/s and GOMAXPROCS 2, the designs' p99 was 3.4–4.0 ms
//     without the yield (4c138ec) and 69–100 µs (1361551) and 82–108 µs
//     (503a444) with it; p50 11.5–13.3 µs without, 12.6–17.8 and
//     15.4–19.6 µs with.
func (g *generator) run() {
	w, ctx := g.w, g.ctx
	defer func() {
		for _, sl := range g.slots {
			close(sl.gate)
		}
	}()
	lastYield := w.now()
	var sleep *time.Timer // one timer for every long gap, made on the first
	defer func() {
		if sleep != nil {
			sleep.Stop()
		}
	}()
	for s, at := range g.arrivals {
		for ctx.Err() == nil {
			now := w.now()
			ahead := at - now
			if ahead <= 0 {
				break
			}
			if ahead > 2*time.Millisecond {
				if sleep == nil {
					sleep = time.NewTimer(ahead - time.Millisecond)
				} else {
					sleep.Reset(ahead - time.Millisecond) // no stale tick since Go 1.23
				}
				select {
				case <-sleep.C:
				case <-ctx.Done():
					sleep.Stop()
				}
				lastYield = w.now()
				continue
			}
			runtime.Gosched()
			if now-lastYield >= yieldEvery {
				yieldThread()
				lastYield = now
			}
		}
		g.res.Started[s] = w.now()
		g.release(s)
	}
}

// yieldEvery is how long the load generator spins at most before it gives
// its CPU to another thread (generator.run): the longest a design thread
// that shares the generator's CPU waits for it.
const yieldEvery = 20 * time.Microsecond

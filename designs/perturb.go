package designs

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// perturbation returns the function net calls at each scheduling point
// (Net.Perturb) under the workflow's regime, or nil for the natural
// scheduler, so that the natural per-chunk path pays one nil check.
func (w *Workflow) perturbation() func() {
	switch w.cfg.Regime {
	case Yield:
		return runtime.Gosched
	case Scheduled:
		return w.sched.point
	case Forced:
		if w.cfg.Quiesce != nil {
			return w.cfg.Quiesce
		}
		var buf []byte
		failed := false
		return func() {
			if failed {
				return // already reported: the workflow runs on unforced
			}
			var err error
			if buf, err = w.forced.quiesce(buf, nil); err != nil {
				failed = true
				w.fail(fmt.Errorf("forced regime: %w", err))
			}
		}
	}
	return nil
}

// ForcedBound is how long the Forced regime waits for an actor that is
// blocked on something other than a channel (a sleep, a mutex, a system
// call) before it gives up on the workflow with an error. Such a block
// ends by itself or not at all, so waiting for it cannot force the state
// the regime promises.
const ForcedBound = 200 * time.Millisecond

// forcing is the Forced regime's view of one workflow: the goroutine ids of
// its actors, as each registers when it starts.
type forcing struct {
	want    int          // actors the workflow starts: every net, the router, script
	started atomic.Int32 // actors registered so far
	mu      sync.Mutex
	roles   map[uint64]string // goroutine id → the actor's role
}

func newForcing(actors int) *forcing {
	return &forcing{want: actors, roles: make(map[uint64]string, actors)}
}

// register records the calling goroutine as the actor role, and returns
// its goroutine id.
func (f *forcing) register(role string) uint64 {
	id := currentGoroutine()
	f.mu.Lock()
	f.roles[id] = "the " + role
	f.mu.Unlock()
	f.started.Add(1)
	return id
}

// currentGoroutine returns the calling goroutine's id, from the header of
// its own stack trace.
func currentGoroutine() uint64 {
	var buf [64]byte
	id, _ := goroutineID(buf[:runtime.Stack(buf[:], false)])
	return id
}

// errStopped is what quiesce returns when its stop channel is closed.
var errStopped = errors.New("quiesce stopped")

// quiesce returns once every other goroutine of this workflow (its actors,
// and every goroutine an actor started, transitively) is blocked on a
// channel operation, has returned, or is itself waiting in quiesce. Then
// every message that can reach the caller without its help has been sent.
// It waits first for every actor to have started.
//
// The state of every goroutine comes from one runtime.Stack snapshot,
// which stops the world, so the snapshot is consistent: a goroutine that a
// send has woken shows as runnable, not as blocked. A snapshot is dear
// (it stops the world and symbolises every frame; snapshots are most of
// the 1.3–2.4 ms a forced workflow takes in results/full), so before each
// one quiesce yields until the runtime's
// own count of running and runnable goroutines says that nothing but the
// caller is busy (runtime/metrics; approximate, so it only decides when to
// look, never what is seen), or until it has yielded 64 times, so that a
// busy goroutine elsewhere in the process cannot hold it up. An actor seen
// blocked on anything but a channel for ForcedBound is an error. buf is
// reused between calls. Closing stop (nil: never) makes it return
// errStopped; the scheduled regime's scheduler waits here too.
func (f *forcing) quiesce(buf []byte, stop <-chan struct{}) ([]byte, error) {
	count := newRunCount()
	// The goroutine being watched because it was seen blocked elsewhere,
	// since when, and how. It is let go once it is seen blocked on a
	// channel or gone; a poller that sleeps shows as runnable between its
	// sleeps, so a busy sighting does not let it go.
	var watched uint64
	var watchedSince time.Time
	var watchedHow string
	lockedSince := map[uint64]time.Time{} // goroutines seen waiting for a mutex in every snapshot since
	for {
		select {
		case <-stop:
			return buf, errStopped
		default:
		}
		for range 64 {
			runtime.Gosched()
			if int(f.started.Load()) < f.want {
				continue
			}
			if count.busy() <= 1 {
				break
			}
		}
		if int(f.started.Load()) < f.want {
			continue
		}
		var dump []byte
		buf, dump = snapshot(buf)
		settled, elsewhere, locked := f.settled(dump)
		if settled {
			return buf, nil
		}
		// A goroutine waiting for a mutex is busy while the holder runs;
		// one seen waiting in every snapshot for ForcedBound waits for a
		// holder that does not let go (net itself, waiting here with the
		// lock held): the regime cannot force that state.
		for id := range lockedSince {
			if _, still := locked[id]; !still {
				delete(lockedSince, id)
			}
		}
		for id, how := range locked {
			if since, seen := lockedSince[id]; !seen {
				lockedSince[id] = time.Now()
			} else if time.Since(since) > ForcedBound {
				return buf, fmt.Errorf("%s for %v: a goroutine of the workflow holds that mutex while net waits, and the regime can wait only for goroutines blocked on channels or conditions", how, ForcedBound)
			}
		}
		if watched != 0 {
			if how, still := elsewhere[watched]; still {
				watchedHow = how
			} else if !stillBusy(dump, watched) {
				watched = 0
			}
		}
		if watched == 0 {
			for id, how := range elsewhere {
				watched, watchedSince, watchedHow = id, time.Now(), how
				break
			}
		}
		if watched != 0 && time.Since(watchedSince) > ForcedBound {
			return buf, fmt.Errorf("%s, and has not been blocked on a channel for %v: the regime can wait only for goroutines blocked on channels or conditions", watchedHow, ForcedBound)
		}
	}
}

// snapshot takes a stack dump of every goroutine (runtime.Stack, which
// stops the world) into buf, grown as needed, and returns buf and the
// dump, a prefix of it.
func snapshot(buf []byte) (grown, dump []byte) {
	if len(buf) == 0 {
		buf = make([]byte, 64<<10)
	}
	for {
		if n := runtime.Stack(buf, true); n < len(buf) {
			return buf, buf[:n]
		}
		buf = make([]byte, 2*len(buf))
	}
}

// stillBusy reports whether goroutine id is in dump, busy (running,
// runnable or in a transient wait).
func stillBusy(dump []byte, id uint64) bool {
	for _, g := range parseGoroutines(dump) {
		if g.id == id {
			return classify(g.state) == busy
		}
	}
	return false
}

// A goroutine as a runtime.Stack dump shows it.
type goroutine struct {
	id, parent uint64 // parent: the goroutine that started it
	state      string // "chan receive", "select", "runnable", "sleep", …
	quiescing  bool   // it is itself in quiesce
}

// How a goroutine of the workflow stands in a snapshot.
const (
	blockedOnChannel = iota // it can send nothing until something else does: a channel, a sync.Cond, a coroutine
	busy                    // running, runnable, or in a brief wait of the runtime's own: look again
	blockedElsewhere        // asleep, on I/O: the regime cannot wait for it
	waitingForLock          // on a sync.Mutex another goroutine holds: busy, unless it stays so for ForcedBound
)

// settled reads dump (the caller's goroutine first) and reports whether
// every goroutine of the workflow but the caller is blocked on a channel
// (or as classify counts it blocked) or in quiesce. elsewhere maps each
// one blocked on something else to a description naming it and its
// state; locked does the same for each one waiting for a mutex.
func (f *forcing) settled(dump []byte) (ok bool, elsewhere, locked map[uint64]string) {
	gs := parseGoroutines(dump)
	if len(gs) == 0 {
		return false, nil, nil
	}
	self := gs[0].id
	f.mu.Lock()
	defer f.mu.Unlock()
	// The workflow's goroutines: its actors and, transitively, what they
	// started. A dump lists a goroutine after its parent only by chance, so
	// repeat until nothing is added.
	ours := make(map[uint64]string, len(f.roles))
	for id, role := range f.roles {
		ours[id] = role
	}
	for grew := true; grew; {
		grew = false
		for _, g := range gs {
			if _, in := ours[g.id]; in {
				continue
			}
			if role, in := ours[g.parent]; in {
				ours[g.id] = "a goroutine started by " + role
				grew = true
			}
		}
	}
	ok = true
	for _, g := range gs {
		role, in := ours[g.id]
		if !in || g.id == self || g.quiescing {
			continue
		}
		switch classify(g.state) {
		case busy:
			ok = false
		case waitingForLock:
			ok = false
			if locked == nil {
				locked = map[uint64]string{}
			}
			locked[g.id] = fmt.Sprintf("%s (goroutine %d) is blocked in [%s]", role, g.id, g.state)
		case blockedElsewhere:
			ok = false
			if elsewhere == nil {
				elsewhere = map[uint64]string{}
			}
			elsewhere[g.id] = fmt.Sprintf("%s (goroutine %d) is blocked in [%s]", role, g.id, g.state)
		}
	}
	return ok, elsewhere, locked
}

// classify sorts a goroutine's wait state. Besides running and runnable,
// the runtime puts a goroutine for a moment in waits of its own (a GC
// assist, one of its semaphores), which end by themselves: such a
// goroutine is busy, not blocked.
//
// Blocked, as testing/synctest counts a goroutine durably blocked: on a
// channel or a select, in sync.Cond.Wait or sync.WaitGroup.Wait (which
// only another goroutine's Signal, Broadcast or Done ends), and a
// coroutine of iter.Pull waiting for its caller to resume it. An io.Pipe
// blocks on channels inside, so its reader and writer show as "select" or
// "chan receive". A goroutine waiting for a sync.Mutex is not blocked:
// the holder runs and will let it go, so it is waitingForLock, which
// quiesce judges apart.
func classify(state string) int {
	switch {
	case strings.HasPrefix(state, "chan ") || strings.HasPrefix(state, "select"):
		return blockedOnChannel
	}
	switch state {
	case "sync.Cond.Wait", "sync.WaitGroup.Wait", "coroutine":
		return blockedOnChannel
	case "sync.Mutex.Lock", "sync.RWMutex.Lock", "sync.RWMutex.RLock":
		return waitingForLock
	}
	switch state {
	case "runnable", "running", "syscall", "preempted", "",
		"GC assist wait", "GC assist marking", "GC sweep wait", "GC scavenge wait",
		"semacquire", "debug call", "trace reader (blocked)":
		return busy
	}
	return blockedElsewhere
}

// parseGoroutines reads the goroutines of a runtime.Stack(all) dump: their
// headers ("goroutine 7 [select, 2 minutes]:"), the "created by … in
// goroutine N" line, and whether quiesce is on the stack.
func parseGoroutines(dump []byte) []goroutine {
	var gs []goroutine
	for block := range bytes.SplitSeq(dump, []byte("\n\n")) {
		header, rest, _ := bytes.Cut(block, []byte("\n"))
		id, ok := goroutineID(header)
		if !ok {
			continue
		}
		g := goroutine{id: id}
		if i, j := bytes.IndexByte(header, '['), bytes.LastIndexByte(header, ']'); i >= 0 && j > i {
			// "select", "chan receive, 2 minutes", "select, locked to thread",
			// "chan send (durable)": the state is what comes before any ", "
			// and " (durable)".
			state, _, _ := strings.Cut(string(header[i+1:j]), ", ")
			g.state = strings.TrimSuffix(state, " (durable)")
		}
		if k := bytes.LastIndex(rest, []byte(" in goroutine ")); k >= 0 {
			line := rest[k+len(" in goroutine "):]
			if e := bytes.IndexByte(line, '\n'); e >= 0 {
				line = line[:e]
			}
			g.parent, _ = strconv.ParseUint(string(bytes.TrimSpace(line)), 10, 64)
		}
		g.quiescing = bytes.Contains(rest, []byte(quiesceFrame))
		gs = append(gs, g)
	}
	return gs
}

// goroutineID reads N from a dump header "goroutine N [...".
func goroutineID(header []byte) (uint64, bool) {
	rest, ok := bytes.CutPrefix(header, []byte("goroutine "))
	if !ok {
		return 0, false
	}
	end := bytes.IndexByte(rest, ' ')
	if end < 0 {
		return 0, false
	}
	id, err := strconv.ParseUint(string(rest[:end]), 10, 64)
	return id, err == nil
}

// quiesceFrame marks a goroutine waiting in quiesce in a stack dump.
const quiesceFrame = "chanbench/designs.(*forcing).quiesce("

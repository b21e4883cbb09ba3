package designs

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
)

// The scheduled regime (Scheduled) runs the real code of a design one actor
// at a time, in an order a seed chooses.
//
// Every actor calls Perturb (Net.Perturb, Actor.Perturb) just before each
// select, blocking channel step, close and wait of its loop, and of any
// goroutine it starts (TestSchedulingPoints holds every design and every
// mutant to that); Actor.ToNet calls it itself. There the actor parks on
// a channel of its own and asks to run. One scheduler goroutine per
// workflow waits until every goroutine of the workflow is parked, blocked
// on a channel, a sync.Cond, a WaitGroup or a coroutine, or returned
// (scheduler.quiet: read from the runtime's count of running and runnable
// goroutines when the process has nothing else to do, else from a stack
// snapshot as the forced regime does), and then releases exactly one parked actor: the
// enabled actor of highest PCT priority, or one chosen uniformly at random
// (Config.SchedDepth 0). The released actor runs to its next scheduling
// point: local work and one channel step (or wait), plus the harness's
// own non-blocking request send inside Net.Handle and the drains inside
// Net.End. A goroutine the step wakes (a receiver blocked in a select)
// runs concurrently with it, but only to its own next scheduling point,
// and the scheduler waits for both before it chooses again. So the effects
// on channels are serialised at that granularity, and each choice is made
// in a state where nothing moves.
//
// An actor released at a select with no ready case blocks there; it is
// then not enabled until another actor's step wakes it. When nothing is
// parked and a net has not ended, no goroutine of the workflow can move:
// a deadlock, reported at once (with a goroutine dump) instead of after
// the watchdog's timeout.
//
// PCT (Burckhardt, Kothari, Musuvathi, Nagarakatte, "A randomized
// scheduler with probabilistic guarantees of finding bugs", ASPLOS 2010):
// the n actors get distinct random priorities, all above d−1 (a goroutine
// an actor starts gets a random rank among the actors not yet lowered
// when it first reaches a scheduling point); d−1 change points are drawn
// uniformly among the steps 1…k; at step s the enabled actor of highest
// priority runs, and when s is the i-th change point the actor that ran
// the step before has its priority lowered to d−i first, below every
// other (the paper's rule; each later change point lowers further, as
// Shuttle and Coyote do). A bug of depth d (d orderings between steps that
// must hold for it to show) is then found by one run with probability at
// least 1/(n·k^(d−1)) (Schedule.FindProbability), provided the run takes
// no more than k steps.
//
// What a seed cannot control in Go, and so what a replay may not
// reproduce:
//   - which ready case a select picks: the runtime chooses uniformly at
//     random, with its own randomness, which no seed reaches. That is
//     explicit's bug itself (the error and the shutdown both ready), so a
//     seed that lost the error replays the state but loses the error again
//     only about half the time; and a different pick can change what is
//     enabled later, so the rest of the schedule can differ.
//   - the interleaving of the goroutines that run at once between two
//     choices: the released actor and those its step woke, each until
//     its next scheduling point. They take no blocking step there, but
//     the non-blocking ones they may take (the request Net.Handle sends
//     without waiting, the drains of Net.End, a lock design's puts,
//     Signals and Broadcasts, a mutex taken) happen in whichever order
//     the runtime runs them.
//   - goroutine ids, timing, and anything a design reads from the clock.
//
// Replaying a seed therefore reruns the same choices from the same seed,
// and the recorded schedule (Schedule.Taken) says whether the same
// schedule was met; Replay reruns until it is. TestScheduledSeedReplays
// measures how often a failing seed reproduces its failure and its
// schedule.

// Schedule is what the scheduled regime did in one workflow: the seed of
// its choices, its PCT parameters, the actors it scheduled and the
// schedule it took (Result.Schedule).
type Schedule struct {
	// Seed seeds every choice of the scheduler: Config.SchedSeed, or the
	// one derived from Config.Seed when that is 0. Run the workflow again
	// with Config.SchedSeed set to it to replay the choices.
	Seed uint64
	// Depth is PCT's depth d; 0 when the actors were chosen uniformly at
	// random.
	Depth int
	// Steps is k, the steps the change points were drawn from.
	Steps int
	// ChangePoints are the steps at which the priority of the actor that
	// ran the step before is lowered, in order.
	ChangePoints []int
	// Actors names the scheduled goroutines by id: the nets of streams
	// 0…Streams−1, the router, script, then each goroutine an actor
	// started, in the order they first reached a scheduling point.
	Actors []string
	// Taken is the schedule: the id of the actor released at each step.
	Taken []int32
}

// String describes the schedule in one line: the seed, the strategy and
// the steps taken, as "n0 r s n0 …" (net of stream 0, router, script,
// gN for the N-th goroutine an actor started), the first 64 of them.
func (s *Schedule) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "seed %d, ", s.Seed)
	if s.Depth == 0 {
		b.WriteString("uniformly random")
	} else {
		fmt.Fprintf(&b, "PCT depth %d over %d steps (change points %v)", s.Depth, s.Steps, s.ChangePoints)
	}
	fmt.Fprintf(&b, ", %d actors, %d steps taken:", len(s.Actors), len(s.Taken))
	streams := 0
	for _, a := range s.Actors {
		if strings.HasPrefix(a, "net of stream ") {
			streams++
		}
	}
	for i, id := range s.Taken {
		if i == 64 {
			b.WriteString(" …")
			break
		}
		switch {
		case int(id) < streams:
			fmt.Fprintf(&b, " n%d", id)
		case int(id) == streams:
			b.WriteString(" r")
		case int(id) == streams+1:
			b.WriteString(" s")
		default:
			fmt.Fprintf(&b, " g%d", int(id)-streams-2)
		}
	}
	return b.String()
}

// FindProbability is PCT's guarantee for this workflow: a bug of depth
// s.Depth shows in one run with probability at least 1/(n·k^(d−1)), n
// the actors scheduled and k = s.Steps. ok is false where no bound holds:
// a uniformly random schedule (Depth 0), or a run that took more than k
// steps (a change point could not fall on the later ones).
func (s *Schedule) FindProbability() (p float64, ok bool) {
	if s.Depth == 0 || len(s.Taken) > s.Steps || len(s.Actors) == 0 {
		return 0, false
	}
	return 1 / (float64(len(s.Actors)) * math.Pow(float64(s.Steps), float64(s.Depth-1))), true
}

// MissProbability bounds the chance that runs independent runs, each
// finding a bug with probability at least p, all miss it: (1−p)^runs.
// With p from Schedule.FindProbability (the smallest over the runs), it
// is what N clean PCT runs say about a depth-d bug.
func MissProbability(p float64, runs int) float64 {
	return math.Pow(1-p, float64(runs))
}

// schedSteps is k for c: Config.SchedSteps, or an estimate from the size
// of the workflow: twelve scheduling points per message of each stream (a
// net's request and receipt, the router's two or four channel steps,
// script's two, and the releases of actors whose select then blocks,
// which count as steps too; the router design, the busiest, takes about
// ten at window 16), which TestScheduledKeepsDeclarations and
// TestScheduledBoundAtScale hold Schedule.Taken to.
func (c Config) schedSteps() int {
	if c.SchedSteps > 0 {
		return c.SchedSteps
	}
	return 12*c.Streams*(c.Chunks+2) + 16
}

// schedSeed is the seed of c's scheduler: Config.SchedSeed, or one mixed
// from Config.Seed (SplitMix64's finaliser), never 0.
func (c Config) schedSeed() uint64 {
	if c.SchedSeed != 0 {
		return c.SchedSeed
	}
	z := c.Seed + 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	z ^= z >> 31
	if z == 0 {
		z = 1
	}
	return z
}

// A thread is one goroutine the scheduler schedules: an actor, or a
// goroutine an actor started that reached a scheduling point.
type thread struct {
	id     int
	parked bool          // waiting at a scheduling point to be released
	wake   chan struct{} // capacity 1: the release
}

// scheduler is the scheduled regime's view of one workflow.
type scheduler struct {
	f        *forcing           // the workflow's actors, for quiescence
	streams  int                // nets: threads 0…streams−1, then router, script
	stop     <-chan struct{}    // the workflow's quit: the schedule is over
	netsDone <-chan struct{}    // every net has returned
	stuck    chan struct{}      // closed when nothing can move and a net has not ended
	exited   chan struct{}      // closed when run returns
	kick     chan struct{}      // capacity 1: an actor parked
	fail     func(error)        // the regime could not be applied
	rng      *rand.Rand         // every choice, from rec.Seed
	change   map[int]int        // step → its index i among the change points (1…d−1)
	mu       sync.Mutex         // guards what follows
	free     bool               // the schedule is over: Perturb returns at once
	threads  []*thread          // by id
	byGID    map[uint64]*thread // by goroutine id
	high     []int              // threads not yet lowered, highest priority first
	low      []int              // threads lowered at a change point, in the order lowered (each below the last)
	last     int                // the thread released at the previous step, or -1
	rec      Schedule
	count    *runCount // the runtime's counts, for quiet
	buf      []byte    // quiet's stack snapshots
	audit    bool      // Config.SchedAudit
}

// newScheduler prepares w's scheduler: its actors' priorities and its
// change points, from w's seed. run starts it.
func newScheduler(w *Workflow, f *forcing) *scheduler {
	c := w.cfg
	s := &scheduler{
		f: f, streams: c.Streams, stop: w.quit,
		stuck: make(chan struct{}), exited: make(chan struct{}), kick: make(chan struct{}, 1),
		fail: w.fail, change: map[int]int{}, byGID: map[uint64]*thread{}, last: -1,
		rec:   Schedule{Seed: c.schedSeed(), Depth: c.SchedDepth, Steps: c.schedSteps()},
		count: newRunCount(),
		audit: c.SchedAudit,
	}
	s.rng = rand.New(rand.NewPCG(s.rec.Seed, s.rec.Seed^0x5ced5ced5ced5ced))
	for i := range c.Streams + 2 {
		s.threads = append(s.threads, &thread{id: i, wake: make(chan struct{}, 1)})
		s.rec.Actors = append(s.rec.Actors, roleName(s.role(i)))
	}
	s.high = s.rng.Perm(len(s.threads))
	if s.rec.Depth > 1 {
		// d−1 distinct change points in 1…k (all of them if k < d−1).
		for len(s.change) < min(s.rec.Depth-1, s.rec.Steps) {
			at := 1 + s.rng.IntN(s.rec.Steps)
			if _, dup := s.change[at]; !dup {
				s.change[at] = 0
				s.rec.ChangePoints = append(s.rec.ChangePoints, at)
			}
		}
		slices.Sort(s.rec.ChangePoints)
		for i, at := range s.rec.ChangePoints {
			s.change[at] = i + 1
		}
	}
	return s
}

// role is the runActor role of thread id, an actor's.
func (s *scheduler) role(id int) int {
	switch id {
	case s.streams:
		return roleRouter
	case s.streams + 1:
		return roleScript
	}
	return id
}

// adopt records gid as the goroutine of the actor role (runActor's).
func (s *scheduler) adopt(role int, gid uint64) {
	id := role
	switch role {
	case roleRouter:
		id = s.streams
	case roleScript:
		id = s.streams + 1
	}
	s.mu.Lock()
	s.byGID[gid] = s.threads[id]
	s.mu.Unlock()
}

// point is the scheduling point under the scheduled regime: the calling
// goroutine parks until the scheduler releases it (at once once the
// schedule is over). A goroutine it does not know (one an actor started)
// becomes a thread of its own.
func (s *scheduler) point() {
	gid := currentGoroutine()
	s.mu.Lock()
	if s.free {
		s.mu.Unlock()
		return
	}
	t := s.byGID[gid]
	if t == nil {
		t = s.spawned(gid)
	}
	t.parked = true
	s.mu.Unlock()
	select {
	case s.kick <- struct{}{}:
	default:
	}
	<-t.wake
}

// spawned makes a thread of goroutine gid, the caller's, which an actor
// started: named after its parent, at a random rank among the threads not
// yet lowered. s.mu is held.
func (s *scheduler) spawned(gid uint64) *thread {
	t := &thread{id: len(s.threads), wake: make(chan struct{}, 1)}
	name := "a goroutine started by an actor"
	buf := make([]byte, 4096)
	if gs := parseGoroutines(buf[:runtime.Stack(buf, false)]); len(gs) == 1 {
		if p := s.byGID[gs[0].parent]; p != nil {
			name = "a goroutine started by the " + s.rec.Actors[p.id]
		}
	}
	s.threads = append(s.threads, t)
	s.byGID[gid] = t
	s.rec.Actors = append(s.rec.Actors, name)
	s.high = slices.Insert(s.high, s.rng.IntN(len(s.high)+1), t.id)
	return t
}

// quietFor is how long scheduler.quiet reads the runtime's goroutine
// counts before it falls back to a stack snapshot.
const quietFor = 2 * time.Millisecond

// quiet waits until nothing of the workflow moves, as forcing.quiesce
// does, but cheaply when it can. A stack snapshot stops the world and
// symbolises every frame of every goroutine: about 90 µs a step, most of
// the 60–100 ms a PCT workflow of 16 chunks, window 16 and 4 streams took
// with one a step. So quiet first yields and reads the runtime's own count
// (runtime/metrics) of goroutines running (on a P, including a P whose
// thread looks for work) or runnable (in a run queue), read under the
// runtime's scheduler lock. When that count is 1, the scheduler itself,
// no goroutine of the process is running or runnable: the released actor
// and every goroutine its step woke have parked or blocked again (a
// goroutine a step wakes goes on a run queue before the waker moves on,
// so it is counted from its wake to its next block), and nothing else can
// move them. What the count cannot see is a goroutine blocked on what
// ends by itself (a sleep, a system call, one of the runtime's own short
// waits): the designs and mutants take none between scheduling points,
// but the runtime puts an allocating goroutine in such waits around a GC,
// so quiet asks the count for two calm reads in a row and takes a
// snapshot while a GC marks (runCount.calm says why). Config.SchedAudit
// checks each quiet answer against a snapshot (TestScheduledQuietAgrees,
// every design and mutant; with one read it failed in about 1 run in 20
// under -race). When the count is not calm for quietFor (another workflow
// in the same process) or exact is set, quiet takes the snapshot
// (forcing.quiesce).
// The scheduler asks for exact before it calls the workflow deadlocked
// (a deadlock is declared only on a snapshot) and at every look after.
func (s *scheduler) quiet(exact bool) error {
	var err error
	if !exact {
		s.count.forget()
		deadline := time.Now().Add(quietFor)
	look:
		for i := 0; i%64 != 0 || time.Now().Before(deadline); i++ {
			select {
			case <-s.stop:
				return errStopped
			default:
			}
			runtime.Gosched()
			if int(s.f.started.Load()) < s.f.want {
				continue
			}
			switch calm, marking := s.count.calm(); {
			case marking:
				break look
			case !calm:
				continue
			}
			if !s.audit {
				return nil
			}
			var dump []byte
			s.buf, dump = snapshot(s.buf)
			if ok, _, _ := s.f.settled(dump); !ok {
				return fmt.Errorf("the runtime counted no goroutine but the scheduler running or runnable, yet a stack snapshot shows the workflow moving:\n%s", dump)
			}
			return nil
		}
	}
	s.buf, err = s.f.quiesce(s.buf, s.stop)
	return err
}

// choose returns the thread to release at the next step, or nil when none
// is parked, and records the step. s.mu is held.
func (s *scheduler) choose() *thread {
	step := len(s.rec.Taken) + 1
	if i := s.change[step]; i > 0 && s.last >= 0 {
		s.high = slices.DeleteFunc(s.high, func(id int) bool { return id == s.last })
		s.low = slices.DeleteFunc(s.low, func(id int) bool { return id == s.last })
		s.low = append(s.low, s.last)
	}
	var pick *thread
	if s.rec.Depth == 0 {
		var parked []*thread
		for _, t := range s.threads {
			if t.parked {
				parked = append(parked, t)
			}
		}
		if len(parked) > 0 {
			pick = parked[s.rng.IntN(len(parked))]
		}
	} else {
		for _, id := range slices.Concat(s.high, s.low) {
			if s.threads[id].parked {
				pick = s.threads[id]
				break
			}
		}
	}
	if pick != nil {
		pick.parked = false
		s.last = pick.id
		s.rec.Taken = append(s.rec.Taken, int32(pick.id))
	}
	return pick
}

// run schedules the workflow until its quit signal: it waits for
// quiescence, then releases one parked thread, and so on. When nothing is
// parked it closes stuck if a net has not returned (a deadlock), and waits
// for a thread to park. Once the workflow quits, or the regime cannot be
// applied, it releases every parked thread and lets every later
// scheduling point pass.
func (s *scheduler) run() {
	defer close(s.exited)
	defer s.release()
	// exact: the next look is on a snapshot. deadlocked: stuck is closed,
	// and the harness, waking from its timers, now cancels and drains the
	// workflow: a wake the runtime's counts cannot see coming, so every
	// later look is on a snapshot.
	exact, deadlocked := false, false
	for {
		if err := s.quiet(exact || deadlocked); err != nil {
			if !errors.Is(err, errStopped) {
				s.fail(fmt.Errorf("scheduled regime: %w", err))
			}
			return
		}
		s.mu.Lock()
		t := s.choose()
		s.mu.Unlock()
		if t != nil {
			t.wake <- struct{}{}
			exact = false
			continue
		}
		if !exact {
			exact = true // nothing parked: look again, on a snapshot
			continue
		}
		exact = false
		select {
		case <-s.netsDone:
		case <-s.stuck:
		default:
			close(s.stuck)
			deadlocked = true
		}
		select {
		case <-s.kick:
		case <-s.stop:
			return
		}
	}
}

// release ends the schedule: every parked thread goes, and every later
// scheduling point passes at once.
func (s *scheduler) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.free = true
	for _, t := range s.threads {
		if t.parked {
			t.parked = false
			t.wake <- struct{}{}
		}
	}
}

// schedule returns what the scheduler did; call it once run has returned.
func (s *scheduler) schedule() *Schedule {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := s.rec
	return &rec
}

// Replay reruns a scheduled workflow of d: cfg with the seed of want (a
// Result.Schedule), until a run takes want's schedule, at most tries
// times. It returns the last run, how many ran, and whether its schedule
// was want's. Which ready case a select picks is the runtime's choice,
// not the seed's (see Schedule), so one run may leave the recorded
// schedule where another keeps to it: the replay copes by running again.
func Replay(ctx context.Context, d Design, cfg Config, want *Schedule, tries int) (res *Result, runs int, met bool, err error) {
	if cfg.Regime != Scheduled || want == nil {
		return nil, 0, false, fmt.Errorf("replay %s: want the scheduled regime and a recorded schedule", d.Name())
	}
	cfg.SchedSeed, cfg.SchedDepth, cfg.SchedSteps = want.Seed, want.Depth, want.Steps
	for runs < max(tries, 1) {
		runs++
		if res, err = Run(ctx, d, cfg); err != nil {
			return res, runs, false, fmt.Errorf("replay %s, seed %d: %w", d.Name(), want.Seed, err)
		}
		if slices.Equal(res.Schedule.Taken, want.Taken) {
			return res, runs, true, nil
		}
	}
	return res, runs, false, nil
}

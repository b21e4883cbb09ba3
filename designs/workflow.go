package designs

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Workflow is one run of a design: its sources, its nets and their records.
// Make it with New (which allocates everything the run needs, so that a
// benchmark can stop its timer around it), run it once with Run.
type Workflow struct {
	design  Design
	cfg     Config
	start   time.Time
	sources []*Source
	nets    []*Net
	records []Record
	quit    chan struct{}
	ran     bool
	started func() // see OnStart
	ended   func() // see OnNetsEnded

	caller context.Context    // Run's context: its cancellation is the caller's stop
	abort  context.CancelFunc // cancels every net: the watchdog's and a panic's way out
	forced *forcing           // the Forced and Scheduled regimes' view of this workflow's actors, or nil
	sched  *scheduler         // the Scheduled regime's scheduler, or nil
	label  string             // this workflow's value of workflowLabel
	labels context.Context    // carries the label, for pprof.SetGoroutineLabels

	mu          sync.Mutex  // guards what follows, written by actors
	panics      []Violation // actor panics, recovered
	netPanicked []bool      // per stream: its net's loop panicked
	regimeErr   error       // the regime could not be applied
}

// New validates cfg and prepares a workflow of design d.
func New(d Design, cfg Config) (*Workflow, error) {
	if d == nil {
		return nil, fmt.Errorf("new workflow: no design")
	}
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("new %s workflow: %w", d.Name(), err)
	}
	w := &Workflow{design: d, cfg: cfg, quit: make(chan struct{})}
	// The workflow's address alone is no unique name: a goroutine a
	// finished workflow left behind may outlive it, and a new workflow can
	// be allocated where the old one was. Address and time together are
	// unique: the old one was freed before the new one was made.
	w.label = fmt.Sprintf("%p@%d", w, time.Now().UnixNano())
	w.labels = pprof.WithLabels(context.Background(), pprof.Labels(workflowLabel, w.label))
	w.sources = make([]*Source, cfg.Streams)
	w.nets = make([]*Net, cfg.Streams)
	w.records = make([]Record, cfg.Streams)
	// One backing array for every stream's events: Chunks + error + end,
	// plus room for late messages, so recording never allocates.
	perStream := cfg.Chunks + 3 + cfg.Window
	events := make([]Event, cfg.Streams*perStream)
	// Touch every page of it now, so that the first write to each is not
	// a page fault in the timed region (a large allocation comes from the
	// OS untouched).
	clear(events)
	for s := range cfg.Streams {
		w.sources[s] = newSource(s, cfg, &w.start)
		w.records[s] = Record{Stream: s, Events: events[s*perStream : s*perStream : (s+1)*perStream]}
		w.nets[s] = &Net{Stream: s, w: w, rec: &w.records[s], window: cfg.Window, wanted: make([]time.Duration, cfg.Window)}
	}
	return w, nil
}

// Config is the workflow's configuration.
func (w *Workflow) Config() Config { return w.cfg }

func (w *Workflow) now() time.Duration { return time.Since(w.start) }

// OnStart sets f to be called by Run, on Run's goroutine, once everything
// the harness needs is made (contexts, the watchdog, the actors' state),
// just before the design wires its channels and the actors start. A
// benchmark passes a function that starts its timer, so that it times the
// workflow and not its setup, as Floor.Run's start does. Call it before
// Run; nil (the default) calls nothing.
func (w *Workflow) OnStart(f func()) { w.started = f }

// OnNetsEnded sets f to be called by Run, on Run's goroutine, as soon as
// every net has ended (or the watchdog has given up on them), before Run
// stops the router and script and checks the records. A benchmark passes
// b.StopTimer, so that it times the workflow and not its teardown. Call it
// before Run; nil (the default) calls nothing.
func (w *Workflow) OnNetsEnded(f func()) { w.ended = f }

// Result is what one workflow did: net's records, the sources' truth, and
// every violation found in them.
type Result struct {
	Design     string
	Config     Config
	Records    []Record
	Truth      []Truth
	Violations []Violation
	Elapsed    time.Duration // from the start of the actors to the last net's end
	// DesignTime is the design's own time: Wire (making its channels), then
	// from the first actor's start to the last net's return, then from the
	// quit signal until the router and script have returned, every instant
	// but the quit signal read by the actors themselves (see designTime).
	// What the harness adds around it (New, contexts, the watchdog, its
	// own wake-ups, the check) is not in it; what it cannot leave out (a
	// goroutine's start, the router and script waking to the quit signal)
	// is what designs.Null's DesignTime measures. Zero when the watchdog
	// fired or the router or script did not return within 1s of the nets
	// ending (a goroutine an actor started and left running does not zero
	// it: the GoroutineLeak violation says so).
	DesignTime time.Duration
	// Started holds, for a workflow run with RunOpen, when each stream's
	// net started, since the workflow began; nil for Run.
	Started []time.Duration
	// Spawned counts, for RunOpen, the arrivals that found no parked net
	// slot free, so that the generator started a goroutine for them (see
	// generator); 0 for Run.
	Spawned int
	// Dump holds every goroutine's stack when the watchdog fired or a
	// goroutine was left behind; it is empty otherwise.
	Dump string
	// Err is set when the harness could not apply the configured regime
	// (the Forced regime found an actor blocked on something other than a
	// channel): the workflow's violations then say nothing about the
	// regime, and a test or benchmark must fail on it.
	Err error
	// Schedule is what the scheduled regime did: its seed and the
	// schedule taken; nil under the other regimes.
	Schedule *Schedule
}

// OK reports whether the workflow had no violation.
func (r *Result) OK() bool { return len(r.Violations) == 0 }

// Run runs the workflow until every net has ended, then stops the router and
// script, checks every stream, and returns what happened. A workflow that
// does not end within the configured timeout is stopped (every net's
// context is cancelled) and reported as a deadlock with a goroutine dump;
// an actor still running after the nets have ended is reported as left
// behind. Cancelling ctx cancels every stream. Run may be called once.
func (w *Workflow) Run(ctx context.Context) *Result { return w.run(ctx, nil) }

func (w *Workflow) run(ctx context.Context, arrivals []time.Duration) *Result {
	if w.ran {
		panic("designs: Workflow.Run called twice")
	}
	w.ran = true
	res := &Result{Design: w.design.Name(), Config: w.cfg}

	w.caller = ctx
	ctx, cancelAll := context.WithCancel(ctx)
	defer cancelAll()
	w.abort = cancelAll
	w.netPanicked = make([]bool, len(w.nets))
	if w.cfg.Regime == Forced && w.cfg.Quiesce == nil || w.cfg.Regime == Scheduled {
		w.forced = newForcing(len(w.nets) + 2)
	}
	var point func() // the router's and script's scheduling point
	if w.cfg.Regime == Scheduled {
		w.sched = newScheduler(w, w.forced)
		point = w.sched.point
	}
	for _, n := range w.nets {
		n.ctx, n.cancel = context.WithCancel(ctx)
		n.before = w.perturbation()
	}

	// Everything the harness needs is made before the clock starts, so
	// that Elapsed and the arrivals count only the workflow.
	exited := make([]atomic.Bool, len(w.nets))
	spans := make([]actorSpan, len(w.nets)+2) // the nets', then the router's and script's
	netsDone := newLatch(len(w.nets))
	othersDone := newLatch(2)
	router := &Router{Actor: Actor{w: w, point: point}, queue: newQueue(w.cfg)}
	script := &Script{Actor: Actor{w: w, point: point}}
	var stuck <-chan struct{} // never ready, but under the scheduled regime
	if w.sched != nil {
		w.sched.netsDone = netsDone.c
		stuck = w.sched.stuck
	}
	timeout := w.cfg.timeout()
	if arrivals != nil {
		res.Started = make([]time.Duration, len(arrivals))
		timeout += arrivals[len(arrivals)-1]
	}
	// One timer serves as the watchdog and then as the bounds of the
	// waits after it.
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	if w.started != nil {
		w.started()
	}
	wireStart := time.Now()
	actors := w.design.Wire(w)
	wired := time.Since(wireStart)
	before := runtime.NumGoroutine()
	runNet := func(s int) {
		defer netsDone.done()
		n := w.nets[s]
		w.runActor(s, func() {
			defer spans[s].end(w)
			n.begin(spans[s].begin(w))
			actors.Net(n)
		})
		exited[s].Store(true)
	}
	var gen *generator
	if arrivals != nil {
		gen = w.newGenerator(ctx, arrivals, res, runNet) // its nets parked before the clock
	}
	w.start = time.Now()
	if arrivals == nil {
		for s := range w.nets {
			go runNet(s)
		}
	} else {
		go gen.run()
	}
	routerSpan, scriptSpan := &spans[len(w.nets)], &spans[len(w.nets)+1]
	go func() {
		defer othersDone.done()
		w.runActor(roleRouter, func() {
			defer routerSpan.end(w)
			routerSpan.begin(w)
			actors.Router(router)
		})
	}()
	go func() {
		defer othersDone.done()
		w.runActor(roleScript, func() {
			defer scriptSpan.end(w)
			scriptSpan.begin(w)
			actors.Script(script)
		})
	}()

	if w.sched != nil {
		go w.sched.run()
	}

	fired := time.Duration(-1) // when the watchdog (or the scheduler) gave up, if it did
	stalled := fmt.Sprintf("within %v", w.cfg.timeout())
	select {
	case <-netsDone.c:
	case <-stuck:
		fired = w.now()
		stalled = "(every goroutine of the workflow was blocked, none at a scheduling point: a deadlock, seen by the scheduled regime)"
	case <-timer.C:
		fired = w.now()
	}
	if fired >= 0 {
		res.Dump = stacks()
		cancelAll() // give every net that selects on Done a way out
		timer.Reset(time.Second)
		select {
		case <-netsDone.c:
		case <-timer.C:
		}
	}
	res.Elapsed = w.now()
	if w.ended != nil {
		w.ended()
	}
	quitAt := w.now()
	close(w.quit)
	if w.sched != nil {
		// The schedule is over: the scheduler lets every actor go and
		// returns at its next look.
		<-w.sched.exited
	}
	othersOver := true
	timer.Reset(time.Second + w.cfg.Work)
	select {
	case <-othersDone.c:
		if fired < 0 { // every net has returned: their spans are ours to read
			res.DesignTime = designTime(wired, spans, len(w.nets), quitAt)
		}
		if left := w.leftBehind(before); left != "" {
			res.Dump = left
			res.Violations = append(res.Violations, Violation{
				Kind: GoroutineLeak, Stream: -1,
				Detail: "a goroutine an actor started was still running 1s after the router and script had returned",
				Trace:  []string{"see the goroutine dump"},
			})
		}
	case <-timer.C:
		othersOver = false
		if res.Dump == "" {
			res.Dump = stacks()
		}
		res.Violations = append(res.Violations, Violation{
			Kind: GoroutineLeak, Stream: -1,
			Detail: "the router or script loop did not return within 1s of every net ending",
			Trace:  []string{"see the goroutine dump"},
		})
	}

	w.mu.Lock()
	res.Violations = append(res.Violations, w.panics...)
	res.Err = w.regimeErr
	netPanicked := w.netPanicked
	w.mu.Unlock()

	res.Truth = make([]Truth, len(w.sources))
	res.Records = make([]Record, len(w.records))
	for s := range w.nets {
		res.Truth[s] = Truth{Stream: s, Outcome: w.cfg.Outcome}
		if othersOver { // else script still owns the sources
			res.Truth[s] = w.sources[s].truth
		}
		if !exited[s].Load() { // net still runs: its record is not ours to read
			res.Records[s] = Record{Stream: s}
			res.Violations = append(res.Violations, Violation{
				Kind: Deadlock, Stream: s,
				Detail: fmt.Sprintf("net of stream %d did not end %s, nor return when cancelled", s, stalled),
				Trace:  []string{"see the goroutine dump"},
			})
			continue
		}
		res.Records[s] = w.records[s]
		if netPanicked[s] {
			continue // its ActorPanic says it; the record stops mid-message
		}
		if _, ended := res.Records[s].End(); !ended && fired < 0 {
			res.Violations = append(res.Violations, Violation{
				Kind: EndWrong, Stream: s,
				Detail: fmt.Sprintf("net of stream %d returned from its loop without ending the workflow", s),
				Trace:  traceOf(res.Records[s], res.Truth[s], len(res.Records[s].Events)),
			})
			continue
		}
		if e, ended := res.Records[s].End(); fired >= 0 && (!ended || e.At >= fired) {
			res.Violations = append(res.Violations, Violation{
				Kind: Deadlock, Stream: s,
				Detail: fmt.Sprintf("stream %d did not end %s; the watchdog cancelled it", s, stalled),
				Trace:  traceOf(res.Records[s], res.Truth[s], len(res.Records[s].Events)),
			})
			continue
		}
		if othersOver {
			res.Violations = append(res.Violations, Check(w.cfg, res.Truth[s], res.Records[s])...)
		}
	}
	if w.sched != nil {
		res.Schedule = w.sched.schedule()
		// Every violation carries what replays it.
		replay := fmt.Sprintf("scheduled regime: %v; replay with Config.SchedSeed = %d", res.Schedule, res.Schedule.Seed)
		for i := range res.Violations {
			res.Violations[i].Trace = append(slices.Clip(res.Violations[i].Trace), replay)
		}
	}
	return res
}

// An actorSpan is when one actor's loop began and returned, since the
// workflow's start, each read by the actor itself: so that the design's
// own time leaves out how long the goroutine that waits for the actors
// takes to wake up.
type actorSpan struct {
	began, returned time.Duration
}

// begin notes the loop's start and returns it.
func (a *actorSpan) begin(w *Workflow) time.Duration {
	a.began = w.now()
	return a.began
}

// end notes the loop's return (deferred, so that a panic's is noted too).
func (a *actorSpan) end(w *Workflow) { a.returned = w.now() }

// designTime is the design's own time (Result.DesignTime) from the actors'
// spans, the nets' first (nets of them) then the router's and script's:
// wired, plus the first actor's start to the last net's return, plus the
// quit signal (quitAt) to the router's or script's return, whichever is
// later. The gap between the last net's return and quitAt is the harness
// waking up to the nets' end, and is left out.
func designTime(wired time.Duration, spans []actorSpan, nets int, quitAt time.Duration) time.Duration {
	first := spans[0].began
	for _, a := range spans {
		first = min(first, a.began)
	}
	var netsOver, othersOver time.Duration
	for _, a := range spans[:nets] {
		netsOver = max(netsOver, a.returned)
	}
	for _, a := range spans[nets:] {
		othersOver = max(othersOver, a.returned)
	}
	return wired + max(netsOver-first, 0) + max(othersOver-quitAt, 0)
}

// Run validates cfg, runs one workflow of design d and returns its result.
// The error is cfg's, or the result's Err when the regime could not be
// applied (the result is returned with it).
func Run(ctx context.Context, d Design, cfg Config) (*Result, error) {
	w, err := New(d, cfg)
	if err != nil {
		return nil, err
	}
	res := w.Run(ctx)
	return res, res.Err
}

// Roles of the actors that serve every stream, for runActor; a net's role
// is its stream, 0 or more.
const (
	roleRouter = -1
	roleScript = -2
)

// roleName names an actor in messages: "net of stream 3", "router",
// "script".
func roleName(role int) string {
	switch role {
	case roleRouter:
		return "router"
	case roleScript:
		return "script"
	}
	return fmt.Sprintf("net of stream %d", role)
}

// runActor runs an actor's loop (role: its stream for a net, or roleRouter
// or roleScript) in the calling goroutine. A panic in the loop is
// recovered: it becomes an ActorPanic violation with the panic value and
// the actor's stack, and every net is cancelled so that the workflow winds
// down; the process, the test and the benchmark go on. Its name marks
// actor goroutines in stack dumps.
func (w *Workflow) runActor(role int, loop func()) {
	if w.forced != nil {
		gid := w.forced.register(roleName(role))
		if w.sched != nil {
			w.sched.adopt(role, gid)
		}
	}
	// The label marks every goroutine the actor starts, which inherits it;
	// the actor's own goroutine drops it when its loop is over.
	pprof.SetGoroutineLabels(w.labels)
	defer pprof.SetGoroutineLabels(context.Background())
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		trace := strings.Split(strings.TrimSpace(string(debug.Stack())), "\n")
		stream := max(role, -1)
		w.mu.Lock()
		w.panics = append(w.panics, Violation{
			Kind: ActorPanic, Stream: stream,
			Detail: fmt.Sprintf("the %s panicked: %v", roleName(role), v),
			Trace:  trace,
		})
		if stream >= 0 {
			w.netPanicked[stream] = true
		}
		w.mu.Unlock()
		w.abort()
	}()
	loop()
}

// workflowLabel is the pprof goroutine label that marks the goroutines of
// one workflow: its actors while their loops run, and every goroutine they
// start.
const workflowLabel = "chanbench-workflow"

// leftBehind looks, once the router and script have returned and every net
// has ended, for goroutines an actor started that are still running: the
// goroutines labelled with this workflow. It costs one goroutine count
// when the process has no more goroutines than it had before the actors
// started (the usual case); otherwise it reads the goroutine profile,
// which carries labels, and gives a goroutine it finds there a second to
// finish. It returns the profile's entries for those still running, or "".
func (w *Workflow) leftBehind(before int) string {
	for range 3 {
		if runtime.NumGoroutine() <= before {
			return ""
		}
		runtime.Gosched() // an actor's goroutine may be on its way out
	}
	mark := fmt.Sprintf("%q:%q", workflowLabel, w.label)
	deadline := time.Now().Add(time.Second)
	for {
		var b strings.Builder
		if err := pprof.Lookup("goroutine").WriteTo(&b, 1); err != nil {
			return ""
		}
		var ours []string
		for entry := range strings.SplitSeq(b.String(), "\n\n") {
			if strings.Contains(entry, mark) {
				ours = append(ours, entry)
			}
		}
		if len(ours) == 0 {
			return ""
		}
		if time.Now().After(deadline) {
			return strings.Join(ours, "\n\n")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// fail records that the regime could not be applied; the first error wins.
func (w *Workflow) fail(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.regimeErr == nil {
		w.regimeErr = err
	}
}

func newQueue(c Config) RequestQueue { return RequestQueue{buf: make([]Request, c.Streams*c.Window)} }

// latch is a countdown: c is closed once done has been called n times.
// It stands in for a WaitGroup and the goroutine that would wait on it.
type latch struct {
	left atomic.Int32
	c    chan struct{}
}

func newLatch(n int) *latch {
	l := &latch{c: make(chan struct{})}
	l.left.Store(int32(n))
	return l
}

func (l *latch) done() {
	if l.left.Add(-1) == 0 {
		close(l.c)
	}
}

// stacks returns every goroutine's stack.
func stacks() string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return string(buf[:n])
		}
		buf = make([]byte, 2*len(buf))
	}
}

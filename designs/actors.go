package designs

import (
	"context"
	"time"
)

// Actors are the event loops a Design wires for one workflow. The harness
// runs Net once per stream, and Router and Script once, each in its own
// goroutine. Every loop must return once its work is over: Net when it has
// ended its stream, Router and Script when Quit is closed.
type Actors struct {
	Net    func(n *Net)
	Router func(r *Router)
	Script func(s *Script)
}

// Net is the consumer's state for one stream, with the steps every design's
// net loop shares: pull, handle a message, end. A design's loop decides
// which channels net listens to and what ends the workflow.
type Net struct {
	Stream int

	w      *Workflow
	ctx    context.Context
	cancel context.CancelFunc
	rec    *Record
	before func() // the regime's perturbation, nil when natural

	window      int
	outstanding int
	// wanted holds, per window slot, the instant net wanted the chunk that
	// slot asks for: net's start for the first Window chunks, then the
	// receipt of the chunk that freed the slot. It is a ring of Window
	// instants whose oldest outstanding request is at wantedHead; the
	// slots after the outstanding ones are free and not yet asked for. So
	// a chunk's latency starts when net wanted it, not when its request
	// was handed over: the time net waits to hand it over (a rendezvous,
	// a full req) counts, for every design alike, and no clock is read to
	// know it.
	wanted     []time.Duration
	wantedHead int
	received   int
	failed     bool // net has recorded an error: it asks for nothing more
	ended      bool
}

// Perturb is net's scheduling point: call it just before each select,
// each blocking channel step, each close and each wait (a Cond.Wait, a
// pipe read) of the loop. Under the scheduled regime net waits there
// until the scheduler lets it run (see Scheduled). Under the yield and
// forced regimes it applies the regime's perturbation until net has
// ended: they shape the state in which net chooses what to receive, and
// once it has ended it only drains. Under the natural regime it does
// nothing but a nil check.
func (n *Net) Perturb() {
	if n.before != nil && (!n.ended || n.w.cfg.Regime == Scheduled) {
		n.before()
	}
}

// Pull returns req while net may ask for another chunk, and nil (a channel
// never ready) once Window requests are outstanding or net wants no more.
// Use it as the send case of net's select: `case n.Pull(req) <- n.Request():`
// so that a request net cannot send yet never stops it receiving.
func (n *Net) Pull(req chan<- Request) chan<- Request {
	if n.MayPull() {
		return req
	}
	return nil
}

// MayPull reports whether net may ask for another chunk: fewer than
// Window requests outstanding, and net wants more. It is Pull for a design
// whose requests do not travel on a channel.
func (n *Net) MayPull() bool { return n.outstanding < n.window && !n.failed && !n.ended }

// Request is net's request message.
func (n *Net) Request() Request { return Request{Stream: int32(n.Stream)} }

// Pulled notes that a request was sent. It reads no clock: the request's
// chunk was wanted when its window slot freed (see Net.wanted).
func (n *Net) Pulled() { n.outstanding++ }

// begin notes net's start, at: every window slot is free, and wanted, from
// then.
func (n *Net) begin(at time.Duration) {
	for i := range n.wanted {
		n.wanted[i] = at
	}
}

// Handle handles one message received on a channel into net: a chunk is
// verified, recorded, answered by asking for the next (if req is ready
// without waiting) and worked on; an error is recorded; a shutdown (or a
// done, for a design that sends it to net) ends the workflow. It returns false once net has ended (shutdown, or net cancelling
// at its configured chunk); the loop must then return.
func (n *Net) Handle(m Msg, req chan<- Request) bool { return n.handle(m, req, nil) }

// HandleAsk is Handle for a design whose requests do not travel on a
// channel (locks, pull): after a chunk, while net may ask for another,
// it calls ask, which must send the next request without waiting, and
// notes the request sent. A nil ask asks for nothing: the loop asks.
func (n *Net) HandleAsk(m Msg, ask func()) bool { return n.handle(m, nil, ask) }

func (n *Net) handle(m Msg, req chan<- Request, ask func()) bool {
	switch m.Kind {
	case MsgChunk:
		n.chunk(m, req, ask)
		if n.w.cfg.Outcome.Kind == Cancel && n.received == n.w.cfg.Outcome.At {
			n.cancel()
			n.End(EndCancelled)
			return false
		}
	case MsgError:
		n.failed = true
		n.rec.Errors = append(n.rec.Errors, m.Err)
		n.rec.Events = append(n.rec.Events, Event{Kind: EventError, At: n.w.now()})
	case MsgShutdown, MsgDone:
		n.End(EndShutdown)
		return false
	}
	return true
}

// chunk reads the clock once, the chunk's receipt, which is also when the
// window slot it frees is wanted again: net's one clock read per chunk.
func (n *Net) chunk(m Msg, req chan<- Request, ask func()) {
	at := n.w.now()
	var asked time.Duration
	if n.outstanding > 0 {
		asked = n.wanted[n.wantedHead]
		n.wanted[n.wantedHead] = at // the slot is free, and wanted, from now
		n.wantedHead = (n.wantedHead + 1) % len(n.wanted)
		n.outstanding--
	}
	ok := intact(m.Data, n.w.cfg.ChunkSize, n.w.cfg.Seed, n.Stream, m.Seq)
	n.rec.Events = append(n.rec.Events, Event{Kind: EventChunk, Seq: m.Seq, Intact: ok, Asked: asked, At: at})
	n.received++
	// Ask for the next chunk before working on this one, as network code
	// does; if the request cannot go without waiting, the loop sends it.
	if n.Pull(req) != nil {
		select {
		case req <- n.Request():
			n.Pulled()
		default:
		}
	} else if ask != nil && n.MayPull() {
		ask()
		n.Pulled()
	}
	if n.w.cfg.Work > 0 {
		spin(n.w.cfg.Work)
	}
}

// spin keeps the goroutine busy for d: net's per-chunk work is CPU work, not
// a sleep, so net is really not at its select while it works.
func spin(d time.Duration) {
	for start := time.Now(); time.Since(start) < d; {
	}
}

// End ends the workflow for this stream: it records the end, cancels net's
// context (so no actor blocks sending to net any more), and then looks once,
// without waiting, into each channel in late, recording what it finds as
// arrived after the end. Those are the messages the design delivered too
// late; a design that closes its channels passes none.
func (n *Net) End(reason EndReason, late ...<-chan Msg) {
	n.ended = true
	n.rec.Stopped = n.rec.Stopped || n.w.caller.Err() != nil
	n.rec.Events = append(n.rec.Events, Event{Kind: EventEnd, End: reason, At: n.w.now()})
	n.cancel()
	for _, ch := range late {
		n.drain(ch)
	}
}

func (n *Net) drain(ch <-chan Msg) {
	for {
		select {
		case m, ok := <-ch:
			if !ok {
				return
			}
			n.Late(m)
		default:
			return
		}
	}
}

// Late records m as found after the end, as End does for what it finds
// in its channels: for a design whose messages to net do not travel on a
// channel, or that looks for them itself.
func (n *Net) Late(m Msg) {
	switch m.Kind {
	case MsgChunk:
		n.rec.Events = append(n.rec.Events, Event{Kind: EventChunk, Seq: m.Seq, Late: true, At: n.w.now()})
	case MsgError:
		n.rec.Errors = append(n.rec.Errors, m.Err)
		n.rec.Events = append(n.rec.Events, Event{Kind: EventError, Late: true, At: n.w.now()})
	}
}

// Cancelled reports whether net's context is cancelled (by net itself or
// its caller): Done, read without a channel operation.
func (n *Net) Cancelled() bool { return n.ctx.Err() != nil }

// AfterDone arranges for f to run in its own goroutine once net's context
// is cancelled (context.AfterFunc): how a design whose net waits on
// something other than a channel (a sync.Cond, an io.Pipe) wakes it. stop
// undoes it, as context.AfterFunc's stop does.
func (n *Net) AfterDone(f func()) (stop func() bool) { return context.AfterFunc(n.ctx, f) }

// Done is closed once net has ended or its caller cancelled the workflow.
// Net's loop selects on it; it ends with EndCancelled when it fires.
func (n *Net) Done() <-chan struct{} { return n.ctx.Done() }

// Actor is what the router and script loops share: the workflow's quit
// signal, sends to net that give up once net has ended, and the
// scheduling point.
type Actor struct {
	w     *Workflow
	point func() // the scheduled regime's scheduling point, nil under the others
}

// Perturb is the router's or script's scheduling point, as Net.Perturb is
// net's: call it just before each select, each blocking channel step, each
// close of a channel and each wait of the loop, and of any goroutine the
// loop starts. It does nothing (a nil check) but under the scheduled
// regime, where the caller waits there until the scheduler lets it run.
// ToNet calls it itself.
func (a Actor) Perturb() {
	if a.point != nil {
		a.point()
	}
}

// Quit is closed when every net has ended: the loop must then return.
func (a Actor) Quit() <-chan struct{} { return a.w.quit }

// Quitting reports whether Quit is closed, without a channel step of the
// loop's own: for a loop that waits on something other than a channel (a
// sync.Cond) and looks at Quit under its lock, as net's looks at
// Cancelled.
func (a Actor) Quitting() bool {
	select {
	case <-a.w.quit:
		return true
	default:
		return false
	}
}

// ToNet sends m to the net of m.Stream on ch, unless that net has ended.
// It reports whether m was sent. It is a scheduling point (Perturb) of
// its own: the caller writes none before it.
func (a Actor) ToNet(ch chan<- Msg, m Msg) bool {
	a.Perturb()
	select {
	case ch <- m:
		return true
	case <-a.w.nets[m.Stream].Done():
		return false
	}
}

// NetDone is closed once the net of stream has ended.
func (a Actor) NetDone(stream int32) <-chan struct{} { return a.w.nets[stream].Done() }

// Source returns the source of stream, for a design with no script
// goroutine (pull), whose net reads its own stream's source. Only one
// goroutine may read a source: script, or that net, never both.
func (n *Net) Source() *Source { return n.w.sources[n.Stream] }

// Router is the router's state: a FIFO of requests waiting for script.
type Router struct {
	Actor
	queue RequestQueue
}

// Queue is the router's FIFO of requests not yet passed to script. Its
// capacity is every request that can be outstanding at once.
func (r *Router) Queue() *RequestQueue { return &r.queue }

// Script is script's state: the sources of every stream.
type Script struct {
	Actor
}

// Read runs the user code of the source of stream for one read. ok is false
// when the stream has already ended: the request is to be ignored.
func (s *Script) Read(stream int32) (Msg, bool) { return s.w.sources[stream].Read() }

// RequestQueue is a fixed-capacity ring of requests: the router's queue, with no
// allocation once made.
type RequestQueue struct {
	buf  []Request
	head int
	n    int
}

// Push appends r. The ring is sized for every request that can be
// outstanding, so a push beyond that is a protocol bug and panics.
func (q *RequestQueue) Push(r Request) {
	if q.n == len(q.buf) {
		panic("designs: router queue overflow: more requests outstanding than Streams×Window")
	}
	q.buf[(q.head+q.n)%len(q.buf)] = r
	q.n++
}

// Out returns ch while the queue holds a request, and nil otherwise: use it
// as a send case, `case q.Out(read) <- q.Head():`.
func (q *RequestQueue) Out(ch chan<- Request) chan<- Request {
	if q.n == 0 {
		return nil
	}
	return ch
}

// Head is the oldest request (the zero Request when empty).
func (q *RequestQueue) Head() Request {
	if q.n == 0 {
		return Request{}
	}
	return q.buf[q.head]
}

// Pop removes the oldest request.
func (q *RequestQueue) Pop() {
	q.head = (q.head + 1) % len(q.buf)
	q.n--
}

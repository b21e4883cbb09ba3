package bench

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"chanbench/designs"
)

// A Floor is what one design's per-chunk path costs with no workflow logic:
// the same channels, with the same capacities and element types
// (designs.Request and designs.Msg), the same goroutines handing each chunk
// on in the same order, the same select statements, and the same payload
// work. It is built from the path the design declares (designs.ChunkPath),
// so a design that declares one has a floor with no edit here.
//
// Kept from the design, per chunk:
//   - script fills the chunk, as the source does (designs.FillChunk), into a
//     ring of Window buffers per stream, chunk k reusing chunk k-Window's
//     buffer;
//   - net checks every byte and the sequence number of every chunk it
//     receives (designs.ChunkIntact), asks for the next chunk at once if it
//     can without waiting, then spins for Config.Work;
//   - the select cases that are idle while chunks flow: net's own Done (one
//     per stream), its ctrl (one per stream, where the path has one), the
//     router's stop (direct shape) and quit, script's quit, and the escape
//     from each send to net when that net's Done is closed.
//
// Kept from the workflow's measurement of itself, so that it is on both
// sides of a ratio and "× its floor" is the cost of the workflow logic
// alone:
//   - net reads the clock once per chunk, at its receipt, as
//     designs.Net does (time since the run's start, through a pointer);
//   - net keeps the same ring of the instants each window slot was
//     wanted (its start for the first Window chunks, then the receipt of
//     the chunk that freed the slot), the start of the chunk's latency;
//   - net appends one designs.Event per chunk (sequence number, intact,
//     wanted and received instants) to a record allocated and
//     pre-faulted before start, as designs.New does.
//
// Left out: the source's panic recovery, contexts, perturbation, the
// watchdog, the terminal outcome, the message kinds net switches on and
// the check. A design's time over its floor's is what that logic, and its
// way of ending, cost.
//
// Net keeps at most Window requests outstanding with a counter, offering a
// request in its select only while it may send one. The router keeps the
// requests it has not yet passed to script in a fixed ring and offers the
// oldest to script inside its select, so that no loop blocks on one channel
// alone and the cycle cannot deadlock, for any window and for capacity 0.
type Floor struct {
	Path designs.ChunkPath
}

// FloorOf returns the floor of design d under cfg, from the chunk path d
// declares. A design that declares none has no floor: the error says what
// to add, and the floor benchmarks skip it with that message.
func FloorOf(d designs.Design, cfg designs.Config) (Floor, error) {
	p, ok := designs.ChunkPathOf(d, cfg)
	if !ok {
		return Floor{}, fmt.Errorf("design %q has no floor: its file declares no chunk path "+
			"(add a method ChunkPath(designs.Config) designs.ChunkPath, see designs.Pathed)", d.Name())
	}
	return Floor{Path: p}, nil
}

// Run moves cfg.Chunks chunks of cfg.ChunkSize bytes on each of cfg.Streams
// streams through f's channels, net keeping cfg.Window requests
// outstanding and spinning cfg.Work on each chunk, and returns once every
// net has received all of its chunks and the router and script have
// returned. ended, if not nil, is called the moment the last net is done,
// before the teardown (a benchmark passes b.StopTimer). Run returns the
// number of chunks received intact and in order, over all streams, and an
// error if cfg is invalid or not a stream that ends with done, or if a net
// received a chunk out of order or corrupted. start, if not nil, is
// called once the chunk buffers (Streams×Window×ChunkSize bytes), the
// request ring, the nets' state and their pre-faulted records are
// allocated, just before the channels are made and the goroutines
// started: what designs.New allocates for a workflow before its timer
// starts, and the point where designs.Workflow.OnStart's function is
// called (a benchmark passes a function that resets and starts its
// timer).
func (f Floor) Run(cfg designs.Config, start, ended func()) (int, error) {
	if err := cfg.Validate(); err != nil {
		return 0, fmt.Errorf("floor: %w", err)
	}
	if cfg.Outcome.Kind != designs.Done || cfg.Regime != designs.Natural {
		return 0, fmt.Errorf("floor: outcome %v, regime %v: a floor only moves chunks, want done and natural", cfg.Outcome, cfg.Regime)
	}
	if f.Path.Capacity < 0 {
		return 0, fmt.Errorf("floor: capacity %d: want ≥ 0", f.Path.Capacity)
	}
	if f.Path.HandOff != designs.ByChannel {
		return f.runAlt(cfg, start, ended) // bench/floor_alt.go
	}
	c := f.Path.Capacity
	streams := cfg.Streams
	src := newFloorSource(cfg)
	q := newRing(streams * cfg.Window)
	nets := make([]floorNet, streams)
	perStream := cfg.Chunks + 3 + cfg.Window // as designs.New sizes a record
	events := make([]designs.Event, streams*perStream)
	clear(events) // touch every page before the clock starts, as designs.New does
	var t0 time.Time
	for s := range nets {
		nets[s] = floorNet{cfg: cfg, stream: int32(s), start: &t0,
			wanted: make([]time.Duration, cfg.Window), rec: events[s*perStream : s*perStream : (s+1)*perStream]}
	}
	if start != nil {
		start()
	}
	req := make(chan designs.Request, c)
	read := make(chan designs.Request, c)
	toNet := msgChans(streams, c) // data[s], or out[s] on the routed path
	var ctrl []chan designs.Msg
	if f.Path.NetCtrl {
		ctrl = msgChans(streams, c) // never sent on, only selected
	}
	done := make([]chan struct{}, streams) // net's Done, closed when it has all its chunks
	for s := range done {
		done[s] = make(chan struct{})
	}
	quit := make(chan struct{}) // the router's and script's, closed after the last net
	stop := make(chan int32, c) // direct path: script's stop to the router, never sent on
	var result chan designs.Msg // routed path: script → router
	if f.Path.ViaRouter {
		result = make(chan designs.Msg, c)
	}

	var netsDone, others sync.WaitGroup
	t0 = time.Now()
	for s := range nets {
		n := &nets[s]
		n.req, n.data, n.done = req, toNet[s], done[s]
		if ctrl != nil {
			n.ctrl = ctrl[s]
		}
		netsDone.Go(func() {
			defer close(n.done)
			n.begin()
			n.run()
		})
	}
	if f.Path.ViaRouter {
		others.Go(func() { routedRouter(q, req, read, result, toNet, done, quit) })
		others.Go(func() { routedScript(src, read, result, quit) })
	} else {
		others.Go(func() { directRouter(q, req, read, stop, quit) })
		others.Go(func() { directScript(src, read, toNet, done, quit) })
	}
	netsDone.Wait()
	if ended != nil {
		ended()
	}
	return teardown(f, nets, quit, &others)
}

// A tallied net is a floor's net once it has returned: the chunks it
// received intact and in order, and its first error.
type tallied interface {
	tally() (received int, err error)
}

// tally is what net received and its first error (see tallied).
func (n *floorNet) tally() (int, error) { return n.received, n.err }

// teardown ends a floor's run once every net has returned and the timer
// has stopped (Run and runAlt call it after ended, so nothing here is
// timed): it closes quit, waits for the router and script, and returns
// the chunks the nets received and their errors, joined and wrapped with
// f's path.
func teardown[N any, P interface {
	*N
	tallied
}](f Floor, nets []N, quit chan struct{}, others *sync.WaitGroup) (int, error) {
	close(quit)
	others.Wait()
	moved := 0
	var errs []error
	for s := range nets {
		received, err := P(&nets[s]).tally()
		moved += received
		if err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return moved, fmt.Errorf("floor %v: %w", f.Path, err)
	}
	return moved, nil
}

// msgChans makes one channel of capacity c per stream.
func msgChans(streams, c int) []chan designs.Msg {
	cs := make([]chan designs.Msg, streams)
	for s := range cs {
		cs[s] = make(chan designs.Msg, c)
	}
	return cs
}

// floorSource is script's payload state: per stream, the ring of Window
// buffers the source writes chunks into and the number of chunks written.
type floorSource struct {
	seed    uint64
	ring    [][][]byte // [stream][k % Window]
	written []int64
}

func newFloorSource(cfg designs.Config) *floorSource {
	src := &floorSource{seed: cfg.Seed, ring: make([][][]byte, cfg.Streams), written: make([]int64, cfg.Streams)}
	for s := range src.ring {
		src.ring[s] = make([][]byte, cfg.Window)
		for i := range src.ring[s] {
			src.ring[s][i] = make([]byte, cfg.ChunkSize)
		}
	}
	return src
}

// read fills the next chunk of stream, as the source does, and returns it.
func (src *floorSource) read(stream int32) designs.Msg {
	seq := src.written[stream]
	ring := src.ring[stream]
	buf := ring[seq%int64(len(ring))]
	designs.FillChunk(buf, src.seed, int(stream), seq)
	src.written[stream]++
	return designs.Msg{Kind: designs.MsgChunk, Stream: stream, Seq: seq, Data: buf}
}

// floorNet is one stream's net: its channels, its window counter, its
// record, and what it received.
type floorNet struct {
	cfg    designs.Config
	stream int32
	req    chan<- designs.Request
	data   <-chan designs.Msg // data[s] or out[s]
	ctrl   <-chan designs.Msg // nil when the path has none
	done   chan struct{}      // closed by the caller once run returns

	start      *time.Time      // the run's start, shared by every net
	wanted     []time.Duration // per window slot, when it was wanted (designs.Net's ring)
	wantedHead int
	rec        []designs.Event // what net received, as designs.Net records it

	outstanding, asked, received int
	err                          error // the first chunk out of order or corrupted
}

// begin notes net's start: every window slot is wanted from then.
func (n *floorNet) begin() {
	at := time.Since(*n.start)
	for i := range n.wanted {
		n.wanted[i] = at
	}
}

// pull returns req while net may ask for another chunk, nil otherwise.
func (n *floorNet) pull() chan<- designs.Request {
	if n.outstanding < n.cfg.Window && n.asked < n.cfg.Chunks {
		return n.req
	}
	return nil
}

func (n *floorNet) pulled() { n.outstanding++; n.asked++ }

// run is net's loop until it has received every chunk: with ctrl, the
// direct designs' four cases; without, the routed design's three. The
// done case is never ready while net runs (only net closes done), as a
// design's net's Done is not while its stream flows.
func (n *floorNet) run() {
	r := designs.Request{Stream: n.stream}
	if n.ctrl != nil {
		for n.received < n.cfg.Chunks {
			select {
			case n.pull() <- r:
				n.pulled()
			case m := <-n.data:
				n.got(m, r)
			case <-n.ctrl:
			case <-n.done:
				return
			}
		}
		return
	}
	for n.received < n.cfg.Chunks {
		select {
		case n.pull() <- r:
			n.pulled()
		case m := <-n.data:
			n.got(m, r)
		case <-n.done:
			return
		}
	}
}

// got does net's work on a chunk, in the designs' order: check it, count
// it, ask for the next one at once if that needs no waiting, then work.
func (n *floorNet) got(m designs.Msg, r designs.Request) {
	at := time.Since(*n.start)
	var asked time.Duration
	if n.outstanding > 0 {
		asked = n.wanted[n.wantedHead]
		n.wanted[n.wantedHead] = at
		n.wantedHead = (n.wantedHead + 1) % len(n.wanted)
		n.outstanding--
	}
	intact := designs.ChunkIntact(m.Data, n.cfg.ChunkSize, n.cfg.Seed, int(n.stream), m.Seq)
	n.rec = append(n.rec, designs.Event{Kind: designs.EventChunk, Seq: m.Seq, Intact: intact, Asked: asked, At: at})
	if n.err == nil && (!intact || m.Seq != int64(n.received)) {
		n.err = fmt.Errorf("stream %d: chunk %d received as chunk %d, intact %t", n.stream, m.Seq, n.received, intact)
	}
	n.received++
	if n.pull() != nil {
		select {
		case n.req <- r:
			n.pulled()
		default:
		}
	}
	if n.cfg.Work > 0 {
		spin(n.cfg.Work)
	}
}

// spin keeps the goroutine busy for d, as a design's net does for its
// per-chunk work.
func spin(d time.Duration) {
	for start := time.Now(); time.Since(start) < d; {
	}
}

// ring is the router's fixed FIFO of requests not yet passed to script.
type ring struct {
	buf     []designs.Request
	head, n int
}

func newRing(size int) *ring { return &ring{buf: make([]designs.Request, size)} }

func (q *ring) push(r designs.Request) { q.buf[(q.head+q.n)%len(q.buf)] = r; q.n++ }
func (q *ring) pop()                   { q.head = (q.head + 1) % len(q.buf); q.n-- }
func (q *ring) first() designs.Request { return q.buf[q.head] }

// out returns ch while the ring holds a request, nil otherwise.
func (q *ring) out(ch chan<- designs.Request) chan<- designs.Request {
	if q.n == 0 {
		return nil
	}
	return ch
}

// directRouter is the router's loop on the direct path: a request in, the
// oldest out to script, stop, quit.
func directRouter(q *ring, req <-chan designs.Request, read chan<- designs.Request, stop <-chan int32, quit <-chan struct{}) {
	for {
		select {
		case x := <-req:
			q.push(x)
		case q.out(read) <- q.first():
			q.pop()
		case <-stop:
		case <-quit:
			return
		}
	}
}

// routedRouter is the router's loop on the routed path: a request in, the
// oldest out to script, a chunk from script on to its net (giving up once
// that net is done), quit.
func routedRouter(q *ring, req <-chan designs.Request, read chan<- designs.Request, result <-chan designs.Msg,
	out []chan designs.Msg, done []chan struct{}, quit <-chan struct{}) {
	for {
		select {
		case x := <-req:
			q.push(x)
		case q.out(read) <- q.first():
			q.pop()
		case m := <-result:
			select {
			case out[m.Stream] <- m:
			case <-done[m.Stream]:
			}
		case <-quit:
			return
		}
	}
}

// directScript is script's loop on the direct path: a request in, the
// chunk filled and sent straight to its net (giving up once that net is
// done).
func directScript(src *floorSource, read <-chan designs.Request, data []chan designs.Msg, done []chan struct{}, quit <-chan struct{}) {
	for {
		select {
		case x := <-read:
			m := src.read(x.Stream)
			select {
			case data[x.Stream] <- m:
			case <-done[x.Stream]:
			}
		case <-quit:
			return
		}
	}
}

// routedScript is script's loop on the routed path: a request in, the
// chunk filled and sent to the router.
func routedScript(src *floorSource, read <-chan designs.Request, result chan<- designs.Msg, quit <-chan struct{}) {
	for {
		select {
		case x := <-read:
			m := src.read(x.Stream)
			select {
			case result <- m:
			case <-quit:
			}
		case <-quit:
			return
		}
	}
}

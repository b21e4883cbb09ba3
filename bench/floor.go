package bench

import (
	"fmt"
	"sync"

	"chanbench/designs"
)

// A Floor is the bare channel cost of one design's per-chunk path: the same
// channels, with the same capacities and element types (designs.Request and
// designs.Msg), the same goroutines handing each chunk on in the same
// order, and the same select statements, including the cases that are
// never ready while chunks flow (net's shutdown or closed-sender channel
// and its Done, the router's stop and quit, script's quit and its escape
// from a send to a net that has ended). What it leaves out is all the
// workflow logic: no source (no bytes are written, a chunk is one
// preallocated buffer sent again and again), no verification, no record,
// no clock reads, no context, no watchdog and no check.
//
// Two shapes cover the four designs:
//
//	Direct (unbuffered, explicit, dropsender), 3 hops, 3 hand-offs:
//	  net ──req──▶ router ──read──▶ script ──data[s]──▶ net
//	Routed (router), 4 hops, 4 hand-offs, the router handling both directions:
//	  net ──req──▶ router ──read──▶ script ──result──▶ router ──out[s]──▶ net
//
// Net keeps at most Window requests outstanding with a counter, offering a
// request in its select only while it may send one, and, like the designs,
// asking for the next chunk without waiting as soon as it has received one.
// The router keeps the requests it has not yet passed to script in a fixed
// ring (with one stream it only ever holds that stream's requests: a
// counter would do) and offers the oldest to script inside its select, so
// that no loop blocks on one channel alone and the cycle cannot deadlock,
// for any window and for capacity 0.
type Floor struct {
	Routed   bool // the router shape; false is the direct shape
	Capacity int  // every channel's capacity; 0 is a rendezvous
}

// FloorOf returns the floor of the design called name for cfg: the shape
// of its per-chunk path and its channels' capacity. A design missing here
// has no floor, and its impl=floor benchmarks are skipped, saying so.
func FloorOf(name string, cfg designs.Config) (Floor, error) {
	switch name {
	case "unbuffered":
		return Floor{Capacity: 0}, nil
	case "explicit", "dropsender":
		return Floor{Capacity: cfg.Capacity}, nil
	case "router":
		return Floor{Routed: true, Capacity: cfg.Capacity}, nil
	}
	return Floor{}, fmt.Errorf("design %q has no floor: add its channel shape to FloorOf in bench/floor.go", name)
}

// Run moves chunks chunks on each of streams streams through f's channels,
// with net keeping window requests outstanding, and returns once every net
// has received all of its chunks and the router and script have returned.
// ended, if not nil, is called the moment the last net is done, before the
// teardown (a benchmark passes b.StopTimer). buf is the chunk every message
// carries.
func (f Floor) Run(streams, window, chunks int, buf []byte, ended func()) {
	c := f.Capacity
	req := make(chan designs.Request, c)
	read := make(chan designs.Request, c)
	toNet := make([]chan designs.Msg, streams) // data[s] or out[s]
	for s := range toNet {
		toNet[s] = make(chan designs.Msg, c)
	}
	// never stands for net's Done, for script's and the router's escape
	// from a send to a net that has ended, and for their quit: it is closed
	// only after the last net is done. ctrl (net's shutdown or
	// closed-sender channel) and stop (script's stop to the router) are
	// never sent on; they are there to be selected on, as in the designs.
	never := make(chan struct{})
	ctrl := make(chan designs.Msg, c)
	stop := make(chan int32, c)
	var result chan designs.Msg // routed shape: script → router
	if f.Routed {
		result = make(chan designs.Msg, c)
	}

	var nets, others sync.WaitGroup
	for s := range streams {
		if f.Routed {
			nets.Go(func() { routedNet(int32(s), window, chunks, req, toNet[s], never) })
		} else {
			nets.Go(func() { directNet(int32(s), window, chunks, req, toNet[s], ctrl, never) })
		}
	}
	q := newRing(streams * window)
	if f.Routed {
		others.Go(func() { routedRouter(q, req, read, result, toNet, never) })
		others.Go(func() { routedScript(read, result, buf, never) })
	} else {
		others.Go(func() { directRouter(q, req, read, stop, never) })
		others.Go(func() { directScript(read, toNet, buf, never) })
	}
	nets.Wait()
	if ended != nil {
		ended()
	}
	close(never)
	others.Wait()
}

// netState is net's window: a counter of outstanding requests.
type netState struct {
	window, chunks               int
	outstanding, asked, received int
}

// pull returns req while net may ask for another chunk, nil otherwise.
func (n *netState) pull(req chan<- designs.Request) chan<- designs.Request {
	if n.outstanding < n.window && n.asked < n.chunks {
		return req
	}
	return nil
}

func (n *netState) pulled() { n.outstanding++; n.asked++ }

// got counts a chunk in and, like the designs' net, asks for the next one
// at once if it can without waiting.
func (n *netState) got(req chan<- designs.Request, r designs.Request) {
	n.outstanding--
	n.received++
	if n.pull(req) != nil {
		select {
		case req <- r:
			n.pulled()
		default:
		}
	}
}

// directNet is net's loop in the direct shape: request, data, ctrl, Done.
func directNet(stream int32, window, chunks int, req chan<- designs.Request, data <-chan designs.Msg, ctrl <-chan designs.Msg, done <-chan struct{}) {
	n := netState{window: window, chunks: chunks}
	r := designs.Request{Stream: stream}
	for n.received < chunks {
		select {
		case n.pull(req) <- r:
			n.pulled()
		case <-data:
			n.got(req, r)
		case <-ctrl:
		case <-done:
			return
		}
	}
}

// routedNet is net's loop in the routed shape: request, out, Done.
func routedNet(stream int32, window, chunks int, req chan<- designs.Request, out <-chan designs.Msg, done <-chan struct{}) {
	n := netState{window: window, chunks: chunks}
	r := designs.Request{Stream: stream}
	for n.received < chunks {
		select {
		case n.pull(req) <- r:
			n.pulled()
		case <-out:
			n.got(req, r)
		case <-done:
			return
		}
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

// directRouter is the router's loop in the direct shape: request in, the
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

// routedRouter is the router's loop in the routed shape: request in, the
// oldest out to script, a result on to its net, quit.
func routedRouter(q *ring, req <-chan designs.Request, read chan<- designs.Request, result <-chan designs.Msg, out []chan designs.Msg, quit <-chan struct{}) {
	for {
		select {
		case x := <-req:
			q.push(x)
		case q.out(read) <- q.first():
			q.pop()
		case m := <-result:
			select {
			case out[m.Stream] <- m:
			case <-quit:
			}
		case <-quit:
			return
		}
	}
}

// directScript is script's loop in the direct shape: a request in, a chunk
// straight to its net.
func directScript(read <-chan designs.Request, data []chan designs.Msg, buf []byte, quit <-chan struct{}) {
	for {
		select {
		case x := <-read:
			select {
			case data[x.Stream] <- designs.Msg{Kind: designs.MsgChunk, Stream: x.Stream, Data: buf}:
			case <-quit:
			}
		case <-quit:
			return
		}
	}
}

// routedScript is script's loop in the routed shape: a request in, a chunk
// to the router.
func routedScript(read <-chan designs.Request, result chan<- designs.Msg, buf []byte, quit <-chan struct{}) {
	for {
		select {
		case x := <-read:
			select {
			case result <- designs.Msg{Kind: designs.MsgChunk, Stream: x.Stream, Data: buf}:
			case <-quit:
			}
		case <-quit:
			return
		}
	}
}

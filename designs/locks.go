package designs

import "sync"

// Locks is the article's other answer: "only use locks (and then pair them
// with a condvar for signalling)". Every actor owns one inbox, a FIFO
// guarded by a sync.Mutex and signalled by a sync.Cond; no channel is on
// the workflow's path.
//
//	net ──req──▶ [router inbox] router ──read──▶ [script inbox] script
//	                                                              │
//	net ◀──────────── [net inbox of the stream] ◀─────────────────┘
//	                  (chunks; the error, then the shutdown)
//
// Script alone puts into a net's inbox, and on an error it puts the error
// and then the shutdown, in that order, from its one goroutine, under the
// inbox's lock: the FIFO hands them to net in that order, for any window
// and any schedule. Puts never wait (every inbox is sized for all that can
// be outstanding in it, and FIFO.Put panics beyond that), so the cycle net
// → router → script → net cannot deadlock; only a take waits, in a `for`
// loop around Cond.Wait that looks again at the inbox, and at whether the
// owner is to stop, each time it wakes. Each put signals the inbox's one
// waiter, its owner, after the unlock.
//
// The owner is to stop when net's context is cancelled (Net.Cancelled) or,
// for the router and script, when Quit is closed: neither is a put, so
// each wakes the waiter by itself, through a function run once it happens
// (net's through context.AfterFunc, Net.AfterDone; the router's and
// script's through a goroutine each, waiting on Quit off the workflow's
// path) that takes the inbox's lock, so that the owner is either still to
// look at the condition or already waiting, and broadcasts. The owner
// looks at the condition under the same lock: no wake-up is lost.
//
// The inboxes are written out in Wire, a mutex, a condition and a FIFO per
// inbox (one of each per stream for the nets', made in one loop), and each
// loop locks, waits, takes and signals in its own code: that is the design
// (the locking is what is compared with channels), and it is also the form
// the model generator translates, each mutex and condition with the
// standard Promela encodings (designs/model/gen).
type Locks struct{}

// Name is "locks".
func (Locks) Name() string { return "locks" }

// ChunkPath: the direct path, each hop a locked queue.
func (Locks) ChunkPath(Config) ChunkPath { return ChunkPath{HandOff: ByLock} }

// Wire makes the inboxes and the three loops.
func (Locks) Wire(w *Workflow) Actors {
	var routerMu, scriptMu sync.Mutex
	routerCond := sync.NewCond(&routerMu)
	scriptCond := sync.NewCond(&scriptMu)
	routerIn := NewFIFO[Request](w.cfg.Streams * w.cfg.Window)
	scriptIn := NewFIFO[Request](w.cfg.Streams * w.cfg.Window)
	netMu := make([]sync.Mutex, w.cfg.Streams)
	netCond := make([]*sync.Cond, w.cfg.Streams)
	netIn := make([]*FIFO[Msg], w.cfg.Streams)
	for s := range netIn {
		netCond[s] = sync.NewCond(&netMu[s])
		netIn[s] = NewFIFO[Msg](w.cfg.Window + 2) // every answer outstanding, the error, the shutdown
	}
	return Actors{
		Net: func(n *Net) {
			defer n.AfterDone(func() {
				netMu[n.Stream].Lock()
				netMu[n.Stream].Unlock()
				netCond[n.Stream].Broadcast()
			})()
			ask := func() {
				routerMu.Lock()
				routerIn.Put(n.Request())
				routerMu.Unlock()
				routerCond.Signal()
			}
			for {
				for n.MayPull() {
					ask()
					n.Pulled()
				}
				n.Perturb()
				netMu[n.Stream].Lock()
				for netIn[n.Stream].Len() == 0 && !n.Cancelled() {
					netCond[n.Stream].Wait()
				}
				if n.Cancelled() {
					netMu[n.Stream].Unlock()
					n.End(EndCancelled)
					return
				}
				m := netIn[n.Stream].Take()
				netMu[n.Stream].Unlock()
				if !n.HandleAsk(m, ask) {
					return
				}
			}
		},
		Router: func(r *Router) {
			go func() {
				r.Perturb()
				<-r.Quit()
				routerMu.Lock()
				routerMu.Unlock()
				routerCond.Broadcast()
			}()
			for {
				r.Perturb()
				routerMu.Lock()
				for routerIn.Len() == 0 && !r.Quitting() {
					routerCond.Wait()
				}
				if routerIn.Len() == 0 { // woken by quit, with nothing left to pass on
					routerMu.Unlock()
					return
				}
				x := routerIn.Take()
				routerMu.Unlock()
				scriptMu.Lock()
				scriptIn.Put(x)
				scriptMu.Unlock()
				scriptCond.Signal()
			}
		},
		Script: func(s *Script) {
			go func() {
				s.Perturb()
				<-s.Quit()
				scriptMu.Lock()
				scriptMu.Unlock()
				scriptCond.Broadcast()
			}()
			for {
				s.Perturb()
				scriptMu.Lock()
				for scriptIn.Len() == 0 && !s.Quitting() {
					scriptCond.Wait()
				}
				if scriptIn.Len() == 0 { // woken by quit, with nothing left to pass on
					scriptMu.Unlock()
					return
				}
				x := scriptIn.Take()
				scriptMu.Unlock()
				m, ok := s.Read(x.Stream)
				if !ok {
					continue // the stream has ended: ignore the request
				}
				netMu[x.Stream].Lock()
				if m.Kind != MsgDone {
					netIn[x.Stream].Put(m)
				}
				if m.Terminal() {
					netIn[x.Stream].Put(Msg{Kind: MsgShutdown, Stream: x.Stream})
				}
				netMu[x.Stream].Unlock()
				netCond[x.Stream].Signal()
			}
		},
	}
}

// FIFO is a fixed-capacity queue with no lock of its own, for a design
// that guards its queues itself (Locks): a ring of its capacity. Put
// panics beyond the capacity and Take on an empty FIFO: a design sizes
// its FIFOs for all that the protocol lets be outstanding in them, and
// takes only after it has seen Len above 0, so either is a protocol bug.
type FIFO[T any] struct {
	buf     []T
	head, n int
}

// NewFIFO returns an empty FIFO of the given capacity.
func NewFIFO[T any](capacity int) *FIFO[T] { return &FIFO[T]{buf: make([]T, capacity)} }

// Len is the number of elements in q.
func (q *FIFO[T]) Len() int { return q.n }

// Put appends x; it panics if q is full.
func (q *FIFO[T]) Put(x T) {
	if q.n == len(q.buf) {
		panic("designs: FIFO overflow: more outstanding than the protocol allows")
	}
	q.buf[(q.head+q.n)%len(q.buf)] = x
	q.n++
}

// Take removes the oldest element and returns it; it panics if q is empty.
func (q *FIFO[T]) Take() T {
	if q.n == 0 {
		panic("designs: FIFO empty: a take without an element")
	}
	x := q.buf[q.head]
	var zero T
	q.buf[q.head] = zero
	q.head = (q.head + 1) % len(q.buf)
	q.n--
	return x
}

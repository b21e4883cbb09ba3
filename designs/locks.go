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
// be outstanding in it), so the cycle net → router → script → net cannot
// deadlock; only a take waits, in a `for` loop around Cond.Wait. Net's
// cancellation reaches its Cond.Wait through context.AfterFunc (Net.
// AfterDone), which closes its inbox and broadcasts; the quit signal
// reaches the router's and script's through one goroutine each, waiting
// on Quit off the workflow's path, which does the same.
type Locks struct{}

// Name is "locks".
func (Locks) Name() string { return "locks" }

// ChunkPath: the direct path, each hop a locked queue.
func (Locks) ChunkPath(Config) ChunkPath { return ChunkPath{HandOff: ByLock} }

// ModelRefusal: the model generator translates channels, not the mutex and
// condition of an inbox (until it learns locks: then this goes).
func (Locks) ModelRefusal() string { return "call newInbox" }

// Wire makes the inboxes and the three loops.
func (Locks) Wire(w *Workflow) Actors {
	router := newInbox[Request](w.cfg.Streams * w.cfg.Window)
	script := newInbox[Request](w.cfg.Streams * w.cfg.Window)
	nets := make([]*inbox[Msg], w.cfg.Streams)
	for s := range nets {
		nets[s] = newInbox[Msg](w.cfg.Window + 2) // every answer outstanding, the error, the shutdown
	}
	return Actors{
		Net: func(n *Net) {
			in := nets[n.Stream]
			defer n.AfterDone(in.close)()
			ask := func() { router.put(n.Request()) }
			for {
				for n.MayPull() {
					ask()
					n.Pulled()
				}
				n.Perturb()
				m, ok := in.take()
				if !ok {
					n.End(EndCancelled)
					return
				}
				if !n.HandleAsk(m, ask) {
					return
				}
			}
		},
		Router: func(r *Router) {
			go closeOnQuit(r.Actor, router)
			for {
				r.Perturb()
				x, ok := router.take()
				if !ok {
					return
				}
				script.put(x)
			}
		},
		Script: func(s *Script) {
			go closeOnQuit(s.Actor, script)
			for {
				s.Perturb()
				x, ok := script.take()
				if !ok {
					return
				}
				m, ok := s.Read(x.Stream)
				if !ok {
					continue // the stream has ended: ignore the request
				}
				if m.Kind != MsgDone {
					nets[x.Stream].put(m)
				}
				if m.Terminal() {
					nets[x.Stream].put(Msg{Kind: MsgShutdown, Stream: x.Stream})
				}
			}
		},
	}
}

// closeOnQuit closes q once a's Quit is closed.
func closeOnQuit[T any](a Actor, q *inbox[T]) {
	<-a.Quit()
	q.close()
}

// inbox is a fixed-capacity FIFO guarded by mu, with one waiter (its
// owner) signalled through cond.
type inbox[T any] struct {
	mu      sync.Mutex
	cond    sync.Cond
	buf     []T
	head, n int
	closed  bool // the owner is to stop waiting: net cancelled, or quit
}

func newInbox[T any](size int) *inbox[T] {
	q := &inbox[T]{buf: make([]T, size)}
	q.cond.L = &q.mu
	return q
}

// put appends x and wakes the owner. It never waits: the inbox is sized for
// everything the protocol lets be outstanding in it, so an overflow is a
// protocol bug and panics.
func (q *inbox[T]) put(x T) {
	q.mu.Lock()
	if q.n == len(q.buf) {
		q.mu.Unlock()
		panic("designs: locks inbox overflow: more outstanding than the protocol allows")
	}
	q.buf[(q.head+q.n)%len(q.buf)] = x
	q.n++
	q.mu.Unlock()
	q.cond.Signal()
}

// take waits for the oldest element and removes it; ok is false once the
// inbox is closed, even if elements remain (the owner is to stop).
func (q *inbox[T]) take() (x T, ok bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.n == 0 && !q.closed {
		q.cond.Wait()
	}
	if q.closed {
		return x, false
	}
	x = q.buf[q.head]
	q.head = (q.head + 1) % len(q.buf)
	q.n--
	return x, true
}

// close wakes the owner for good.
func (q *inbox[T]) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

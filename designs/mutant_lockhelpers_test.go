package designs_test

import (
	"sync"

	"chanbench/designs"
)

// The locks design's parts, for the mutants of it: a request queue with
// one waiter, and net inboxes that every stream shares under one mutex and
// one condition (one "mailbox lock" for the process). Each mutant writes
// the wait or the wake-up it gets wrong in its own file.

// reqQueue is a FIFO of requests guarded by a mutex, its one waiter woken
// through a sync.Cond; closed once the workflow quits.
type reqQueue struct {
	mu     sync.Mutex
	cond   sync.Cond
	q      []designs.Request
	closed bool
}

func newReqQueue() *reqQueue {
	q := &reqQueue{}
	q.cond.L = &q.mu
	return q
}

func (q *reqQueue) put(x designs.Request) {
	q.mu.Lock()
	q.q = append(q.q, x)
	q.mu.Unlock()
	q.cond.Signal()
}

func (q *reqQueue) take() (designs.Request, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.q) == 0 && !q.closed {
		q.cond.Wait()
	}
	if q.closed {
		return designs.Request{}, false
	}
	x := q.q[0]
	q.q = q.q[1:]
	return x, true
}

func (q *reqQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

// closeOnQuit closes q once the workflow quits.
func closeOnQuit(quit <-chan struct{}, q *reqQueue) {
	<-quit
	q.close()
}

// sharedInboxes are every stream's net inbox under one mutex and one
// condition: every net waits on cond, so a put must wake them all.
type sharedInboxes struct {
	mu     sync.Mutex
	cond   sync.Cond
	q      [][]designs.Msg
	closed []bool
}

func newSharedInboxes(streams int) *sharedInboxes {
	b := &sharedInboxes{q: make([][]designs.Msg, streams), closed: make([]bool, streams)}
	b.cond.L = &b.mu
	return b
}

// close tells the net of stream s to stop waiting (its context was
// cancelled), and wakes it with wake.
func (b *sharedInboxes) close(s int, wake func(*sync.Cond)) {
	b.mu.Lock()
	b.closed[s] = true
	b.mu.Unlock()
	wake(&b.cond)
}

// put delivers m to its stream's inbox and wakes with wake.
func (b *sharedInboxes) put(m designs.Msg, wake func(*sync.Cond)) {
	b.mu.Lock()
	b.q[m.Stream] = append(b.q[m.Stream], m)
	b.mu.Unlock()
	wake(&b.cond)
}

// lockedActors are the locks design's loops over router and script
// request queues and shared net inboxes: take waits for stream s's next
// message (false once closed); wake is how a put or a close wakes the
// nets waiting on the one condition.
func lockedActors(router, script *reqQueue, b *sharedInboxes,
	take func(b *sharedInboxes, s int) (designs.Msg, bool), wake func(*sync.Cond)) designs.Actors {
	return designs.Actors{
		Net: func(n *designs.Net) {
			defer n.AfterDone(func() { b.close(n.Stream, wake) })()
			ask := func() { router.put(n.Request()) }
			for {
				for n.MayPull() {
					ask()
					n.Pulled()
				}
				n.Perturb()
				m, ok := take(b, n.Stream)
				if !ok {
					n.End(designs.EndCancelled)
					return
				}
				if !n.HandleAsk(m, ask) {
					return
				}
			}
		},
		Router: func(r *designs.Router) {
			go closeOnQuit(r.Quit(), router)
			for {
				r.Perturb()
				x, ok := router.take()
				if !ok {
					return
				}
				script.put(x)
			}
		},
		Script: func(s *designs.Script) {
			go closeOnQuit(s.Quit(), script)
			for {
				s.Perturb()
				x, ok := script.take()
				if !ok {
					return
				}
				m, ok := s.Read(x.Stream)
				if !ok {
					continue
				}
				if m.Kind != designs.MsgDone {
					b.put(m, wake)
				}
				if m.Terminal() {
					b.put(designs.Msg{Kind: designs.MsgShutdown, Stream: x.Stream}, wake)
				}
			}
		},
	}
}

// takeFor is the correct wait for stream s's next message: in a for loop.
func takeFor(b *sharedInboxes, s int) (designs.Msg, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for len(b.q[s]) == 0 && !b.closed[s] {
		b.cond.Wait()
	}
	if b.closed[s] {
		return designs.Msg{}, false
	}
	m := b.q[s][0]
	b.q[s] = b.q[s][1:]
	return m, true
}

// fifoRouter is the locks design's router loop (designs/locks.go), in the
// form the model generator translates: it waits on its inbox, a FIFO
// under routerMu signalled through routerCond, and passes each request
// on to script's; a goroutine wakes it once the workflow quits.
func fifoRouter(routerMu *sync.Mutex, routerCond *sync.Cond, routerIn *designs.FIFO[designs.Request],
	scriptMu *sync.Mutex, scriptCond *sync.Cond, scriptIn *designs.FIFO[designs.Request]) func(*designs.Router) {
	return func(r *designs.Router) {
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
	}
}

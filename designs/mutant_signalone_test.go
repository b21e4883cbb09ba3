package designs_test

import (
	"sync"

	"chanbench/designs"
)

// signalOne is Locks with script as a pool of two workers (one per stream,
// up to two) taking read requests from one queue, and the quit that closes
// that queue waking one waiter where two wait:
//
//	router ──put + Signal──▶ [script queue] ◀── worker 1 (script's loop)
//	                                        ◀── worker 2 (started by script)
//	quit: lock; closed = true; unlock; cond.Signal()   // not Broadcast
//
// Signal is right for a request (either worker serves it), wrong for the
// close: both workers wait for it, one is woken, and the other sleeps for
// ever. Each worker reads its request's source and answers under the
// queue's lock, so the pool keeps the order of the requests; the bug is
// the wake-up alone. With one stream there is one worker, and one waiter.
//
// Breaks: no goroutine is left behind (a worker, or script's own loop,
// never returns). Caught with two streams or more, in every layer; clean
// with one.
type signalOne struct {
	asleep *asleepQueues // where release finds the queues left asleep
}

func (signalOne) Name() string { return "signal-one" }

// KnownFlaws: with several streams, a worker asleep for ever.
func (signalOne) KnownFlaws(c designs.Config) []designs.ViolationKind {
	if c.Streams == 1 {
		return nil
	}
	return []designs.ViolationKind{designs.GoroutineLeak}
}

func (m signalOne) Wire(w *designs.Workflow) designs.Actors {
	router, script := newReqQueue(), newReqQueue()
	b := newSharedInboxes(w.Config().Streams)
	m.asleep.add(script)
	a := lockedActors(router, script, b, takeFor, (*sync.Cond).Broadcast)
	workers := min(w.Config().Streams, 2)
	a.Script = func(s *designs.Script) {
		go func() {
			s.Perturb()
			<-s.Quit()
			script.mu.Lock()
			script.closed = true
			script.mu.Unlock()
			script.cond.Signal() // the bug: two workers wait for the close
		}()
		work := func() {
			for {
				s.Perturb()
				script.mu.Lock()
				for len(script.q) == 0 && !script.closed {
					script.cond.Wait()
				}
				if script.closed {
					script.mu.Unlock()
					return
				}
				x := script.q[0]
				script.q = script.q[1:]
				if m, ok := s.Read(x.Stream); ok { // under the lock: one reader at a time, in order
					if m.Kind != designs.MsgDone {
						b.put(m, (*sync.Cond).Broadcast)
					}
					if m.Terminal() {
						b.put(designs.Msg{Kind: designs.MsgShutdown, Stream: x.Stream}, (*sync.Cond).Broadcast)
					}
				}
				script.mu.Unlock()
			}
		}
		if workers > 1 {
			go work()
		}
		work()
	}
	return a
}

// asleepQueues are the script queues of every signal-one workflow, so
// that release can wake the worker each left asleep before goleak looks.
type asleepQueues struct {
	mu sync.Mutex
	qs []*reqQueue
}

func (a *asleepQueues) add(q *reqQueue) {
	a.mu.Lock()
	a.qs = append(a.qs, q)
	a.mu.Unlock()
}

func (a *asleepQueues) wakeAll() {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, q := range a.qs {
		q.cond.Broadcast()
	}
}

func signalOneMutant() mutant {
	asleep := &asleepQueues{}
	return mutant{
		design:    signalOne{asleep: asleep},
		breaks:    "no goroutine left behind: the close of a queue two workers wait on wakes one of them with Signal",
		signature: []designs.ViolationKind{designs.GoroutineLeak},
		catch:     cfg(streams(2)),
		also:      []designs.Config{cfg(streams(8), window(4), failAt(5))},
		must:      everyLayer(),
		clean:     []designs.Config{cfg(), cfg(window(4)), cfg(failAt(5)), cfg(cancelAt(4))},
		release:   asleep.wakeAll,
	}
}

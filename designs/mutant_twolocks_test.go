package designs_test

import (
	"sync"

	"chanbench/designs"
)

// twoLocks is the archetype bug with locks: the error and the shutdown
// reach net under two different locks. Script puts chunks and the error in
// net's data inbox (lock A), then tells the router the stream is over; the
// router sets net's shutdown flag (lock B) and rings net's condition.
// Net looks at the flag first, "so that a stop preempts data":
//
//	net ──req──▶ router ──read──▶ script ──[data, lock A]──▶ net   (chunks, the error)
//	               ▲                 │
//	               └──────stop───────┘
//	router ──[shutdown flag, lock B]──▶ net                         (then cond A rung)
//
// Each lock orders what passes under it, and nothing orders the two: when
// net comes back to its loop after both have happened, it sees the flag
// first and ends with the error still in data (found there after the end,
// or never). It is explicit's select with a fixed priority instead of a
// random one.
//
// Breaks: error first. Caught wherever the source fails or panics, by the
// forced regime always (net waits until the router has set the flag), and
// by the others when net is slow to come back. Clean on done and cancel at
// window 1, where no chunk is left behind the flag.
type twoLocks struct{}

func (twoLocks) Name() string { return "two-locks" }

// KnownFlaws: the error seen after the end or lost, whenever there is one;
// above window 1, chunks left behind the flag too.
func (twoLocks) KnownFlaws(c designs.Config) []designs.ViolationKind {
	var ks []designs.ViolationKind
	if fails(c) {
		ks = append(ks, designs.ErrorAfterEnd, designs.ErrorLost)
	}
	if c.Window > 1 && c.Outcome.Kind != designs.Cancel {
		ks = append(ks, designs.ChunkLost)
	}
	return ks
}

func (twoLocks) Wire(w *designs.Workflow) designs.Actors {
	streams := w.Config().Streams
	router, script, stop := newReqQueue(), newReqQueue(), newReqQueue()
	data := newSharedInboxes(streams) // lock A
	var flags struct {                // lock B
		sync.Mutex
		shutdown []bool
	}
	flags.shutdown = make([]bool, streams)
	shut := func(s int) bool {
		flags.Lock()
		defer flags.Unlock()
		return flags.shutdown[s]
	}
	wake := (*sync.Cond).Broadcast
	a := lockedActors(router, script, data, takeFor, wake)
	a.Net = func(n *designs.Net) {
		defer n.AfterDone(func() { data.close(n.Stream, wake) })()
		ask := func() { router.put(n.Request()) }
		for {
			for n.MayPull() {
				ask()
				n.Pulled()
			}
			n.Perturb()
			if shut(n.Stream) { // the stop first: the bug
				n.End(designs.EndShutdown)
				data.mu.Lock()
				for _, m := range data.q[n.Stream] {
					n.Late(m)
				}
				data.mu.Unlock()
				return
			}
			data.mu.Lock()
			for len(data.q[n.Stream]) == 0 && !data.closed[n.Stream] && !shut(n.Stream) {
				data.cond.Wait()
			}
			var m designs.Msg
			ok := len(data.q[n.Stream]) > 0 && !data.closed[n.Stream]
			if ok {
				m = data.q[n.Stream][0]
				data.q[n.Stream] = data.q[n.Stream][1:]
			}
			closed := data.closed[n.Stream]
			data.mu.Unlock()
			switch {
			case closed:
				n.End(designs.EndCancelled)
				return
			case ok && !n.HandleAsk(m, ask):
				return
			}
		}
	}
	base := a.Router
	a.Router = func(r *designs.Router) {
		go closeOnQuit(r.Quit(), stop)
		go func() {
			for {
				r.Perturb()
				x, ok := stop.take()
				if !ok {
					return
				}
				flags.Lock()
				flags.shutdown[x.Stream] = true
				flags.Unlock()
				data.mu.Lock() // ring net's bell
				data.mu.Unlock()
				data.cond.Broadcast()
			}
		}()
		base(r)
	}
	a.Script = func(s *designs.Script) {
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
				data.put(m, wake)
			}
			if m.Terminal() {
				stop.put(designs.Request{Stream: x.Stream})
			}
		}
	}
	return a
}

func twoLocksMutant() mutant {
	return mutant{
		design:    twoLocks{},
		breaks:    "error first: the error and the shutdown reach net under two locks, and net looks under the shutdown's first",
		signature: []designs.ViolationKind{designs.ErrorAfterEnd, designs.ErrorLost},
		catch:     cfg(failAt(5)),
		also:      []designs.Config{cfg(panicAt(3)), cfg(failAt(5), streams(4), window(4))},
		must:      []layer{forced},
		clean:     []designs.Config{cfg(), cfg(cancelAt(4)), cfg(streams(4))},
	}
}

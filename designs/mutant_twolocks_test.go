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
	var routerMu, scriptMu, stopMu, dataMu, flagMu sync.Mutex
	routerCond := sync.NewCond(&routerMu)
	scriptCond := sync.NewCond(&scriptMu)
	stopCond := sync.NewCond(&stopMu)
	dataCond := sync.NewCond(&dataMu) // lock A: every net waits on it
	routerIn := designs.NewFIFO[designs.Request](w.Config().Streams * w.Config().Window)
	scriptIn := designs.NewFIFO[designs.Request](w.Config().Streams * w.Config().Window)
	stopIn := designs.NewFIFO[designs.Request](w.Config().Streams) // one stop per stream
	dataIn := make([]*designs.FIFO[designs.Msg], w.Config().Streams)
	for s := range dataIn {
		dataIn[s] = designs.NewFIFO[designs.Msg](w.Config().Window + 1) // the answers, the error
	}
	shutdown := make([]bool, w.Config().Streams) // lock B: flagMu
	return designs.Actors{
		Net: func(n *designs.Net) {
			defer n.AfterDone(func() {
				dataMu.Lock()
				dataMu.Unlock()
				dataCond.Broadcast()
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
				flagMu.Lock()
				shut := shutdown[n.Stream]
				flagMu.Unlock()
				if shut { // the stop first: the bug
					n.End(designs.EndShutdown)
					dataMu.Lock()
					for dataIn[n.Stream].Len() > 0 {
						late := dataIn[n.Stream].Take()
						n.Late(late)
					}
					dataMu.Unlock()
					return
				}
				dataMu.Lock()
				flagMu.Lock() // looked at again under dataMu, so that no wake-up is lost
				shut = shutdown[n.Stream]
				flagMu.Unlock()
				if !shut && dataIn[n.Stream].Len() == 0 && !n.Cancelled() {
					dataCond.Wait() // once: the loop looks at the flag, then the data, again
				}
				cancelled := n.Cancelled()
				ok := dataIn[n.Stream].Len() > 0 && !cancelled
				var m designs.Msg
				if ok {
					m = dataIn[n.Stream].Take()
				}
				dataMu.Unlock()
				if cancelled {
					n.End(designs.EndCancelled)
					return
				}
				if ok {
					if !n.HandleAsk(m, ask) {
						return
					}
				}
			}
		},
		Router: func(r *designs.Router) {
			go func() {
				r.Perturb()
				<-r.Quit()
				routerMu.Lock()
				routerMu.Unlock()
				routerCond.Broadcast()
				stopMu.Lock()
				stopMu.Unlock()
				stopCond.Broadcast()
			}()
			go func() { // the stops: set the flag (lock B), then ring net's bell (lock A)
				for {
					r.Perturb()
					stopMu.Lock()
					for stopIn.Len() == 0 && !r.Quitting() {
						stopCond.Wait()
					}
					if stopIn.Len() == 0 { // woken by quit, with nothing left to pass on
						stopMu.Unlock()
						return
					}
					x := stopIn.Take()
					stopMu.Unlock()
					flagMu.Lock()
					shutdown[x.Stream] = true
					flagMu.Unlock()
					dataMu.Lock()
					dataMu.Unlock()
					dataCond.Broadcast()
				}
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
		Script: func(s *designs.Script) {
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
					continue
				}
				if m.Kind != designs.MsgDone {
					dataMu.Lock()
					dataIn[x.Stream].Put(m)
					dataMu.Unlock()
					dataCond.Broadcast()
				}
				if m.Terminal() {
					stopMu.Lock()
					stopIn.Put(x)
					stopMu.Unlock()
					stopCond.Signal()
				}
			}
		},
	}
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

package designs_test

import (
	"sync"

	"chanbench/designs"
)

// ifWait is Locks with every stream's inbox under one mutex and one
// condition, woken by Broadcast on every put (correct so far), and net's
// wait guarded by `if` instead of `for`:
//
//	net[s]: lock; if inbox[s] empty { cond.Wait() }; take from inbox[s]
//	script: lock; put into inbox[t]; cond.Broadcast(); unlock
//
// A Broadcast for stream t wakes the net of stream s too, and with `if`
// it does not look again: it takes from an empty inbox. With one stream
// every wake-up is for the one net, and `if` happens to be enough: script
// broadcasts before it unlocks, so a net woken finds the put it was woken
// for. (Broadcasting after the unlock, as locks may, is a second way for
// `if` to fail even with one stream: net takes the put without waiting,
// waits again, and the late Broadcast wakes it to an empty inbox. Spin
// found that in an earlier form of this mutant; the Go layers never saw
// it, and a mutant carries one bug.)
//
// Breaks: it ends (the net takes from an empty FIFO and panics: an
// ActorPanic, after which the other nets are cancelled). Caught with more
// than one stream by the natural, yield and race layers; clean with one.
// The forced regime cannot catch it, by its nature: net waits before each
// take until script has put everything it can, so a net only waits when
// nothing more is coming, and no put wakes it for another stream. Spin
// refutes it with two streams (the take from an empty FIFO, an
// assertion), in the form of locks the model generator translates.
type ifWait struct{}

func (ifWait) Name() string { return "if-wait" }

// KnownFlaws: with several streams, net's panic and the wind-down after it.
func (ifWait) KnownFlaws(c designs.Config) []designs.ViolationKind {
	if c.Streams == 1 {
		return nil
	}
	return []designs.ViolationKind{designs.ActorPanic, designs.EndWrong, designs.EndedEarly, designs.ChunkLost, designs.ErrorLost}
}

func (ifWait) Wire(w *designs.Workflow) designs.Actors {
	var routerMu, scriptMu, netMu sync.Mutex
	routerCond := sync.NewCond(&routerMu)
	scriptCond := sync.NewCond(&scriptMu)
	netCond := sync.NewCond(&netMu) // every net waits on it
	routerIn := designs.NewFIFO[designs.Request](w.Config().Streams * w.Config().Window)
	scriptIn := designs.NewFIFO[designs.Request](w.Config().Streams * w.Config().Window)
	netIn := make([]*designs.FIFO[designs.Msg], w.Config().Streams)
	for s := range netIn {
		netIn[s] = designs.NewFIFO[designs.Msg](w.Config().Window + 2)
	}
	return designs.Actors{
		Net: func(n *designs.Net) {
			defer n.AfterDone(func() {
				netMu.Lock()
				netMu.Unlock()
				netCond.Broadcast()
			})()
			ask := func() {
				routerMu.Lock()
				routerIn.Put(n.Request())
				routerMu.Unlock()
				routerCond.Signal()
			}
			var m designs.Msg
			cancelled := false
			receive := func() { // its own scheduling point first: one per take, as in locks
				n.Perturb()
				netMu.Lock()
				defer netMu.Unlock()                              // the panic below unwinds through it
				if netIn[n.Stream].Len() == 0 && !n.Cancelled() { // the bug: if, not for
					netCond.Wait()
				}
				cancelled = n.Cancelled()
				if !cancelled {
					m = netIn[n.Stream].Take() // panics when the wake-up was for another stream
				}
			}
			for {
				for n.MayPull() {
					ask()
					n.Pulled()
				}
				receive()
				if cancelled {
					n.End(designs.EndCancelled)
					return
				}
				if !n.HandleAsk(m, ask) {
					return
				}
			}
		},
		Router: fifoRouter(&routerMu, routerCond, routerIn, &scriptMu, scriptCond, scriptIn),
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
				netMu.Lock()
				if m.Kind != designs.MsgDone {
					netIn[x.Stream].Put(m)
				}
				if m.Terminal() {
					netIn[x.Stream].Put(designs.Msg{Kind: designs.MsgShutdown, Stream: x.Stream})
				}
				netCond.Broadcast() // every net waits on netCond: wake them all
				netMu.Unlock()      // after the Broadcast: see the type's doc
			}
		},
	}
}

func ifWaitMutant() mutant {
	return mutant{
		design:    ifWait{},
		breaks:    "it ends: a wait guarded by if, not for, wakes for another stream's message and takes from an empty inbox",
		signature: []designs.ViolationKind{designs.ActorPanic},
		catch:     cfg(streams(8), chunks(64)),
		also:      []designs.Config{cfg(streams(8), window(4), chunks(64), failAt(33))},
		must:      []layer{natural, yield, raceSked},
		clean:     []designs.Config{cfg(), cfg(window(4)), cfg(failAt(5)), cfg(cancelAt(4))},
	}
}

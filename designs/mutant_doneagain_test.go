package designs_test

import "chanbench/designs"

// doneAgain is DropSender whose script answers a request for a stream that
// has already ended with a reminder, "so that a net that asks again is
// told the stream is over". But script closed that stream's data channel
// when the stream ended, so the reminder is a send on a closed channel,
// and script panics.
//
//	net ──req──▶ router ──read──▶ script ──data──▶ net     (chunks, error; closed at the end)
//	                ▲                │     └─ a request after the end: send done on data → panic
//	                └──────stop──────┘
//	router ──ctrl──▶ net                                     (closed on stop)
//
// At window 1 no request comes after the end (net has none left
// outstanding once the terminal outcome answers its last), so the bug
// hides. Above window 1 net has requests in flight when the stream ends,
// and script meets one of them unless the workflow winds down first.
//
// Breaks: an actor panics (send on closed channel). The harness recovers
// it as a violation with script's stack and cancels every net, so the
// streams still running end cancelled, early, and lose what was in flight.
// Caught above window 1; clean at window 1.
type doneAgain struct{}

func (doneAgain) Name() string { return "done-again" }

// KnownFlaws: above window 1, script's panic, and what cancelling the
// streams still running does to them.
func (doneAgain) KnownFlaws(c designs.Config) []designs.ViolationKind {
	if c.Window == 1 {
		return nil
	}
	return []designs.ViolationKind{designs.ActorPanic, designs.EndWrong, designs.EndedEarly, designs.ChunkLost, designs.ErrorLost}
}

func (doneAgain) Wire(w *designs.Workflow) designs.Actors {
	c := w.Config().Capacity
	req := make(chan designs.Request, c)
	read := make(chan designs.Request, c)
	stop := make(chan int32, c)
	data := mutantChans(w.Config().Streams, c)
	ctrl := mutantChans(w.Config().Streams, c)
	return designs.Actors{
		Net:    dropSenderNet(req, data, ctrl),
		Router: dropSenderRouter(req, read, stop, ctrl),
		Script: func(s *designs.Script) {
			for {
				s.Perturb()
				select {
				case x := <-read:
					m, ok := s.Read(x.Stream)
					if !ok {
						// The stream is over and net asks again: tell it.
						s.ToNet(data[x.Stream], designs.Msg{Kind: designs.MsgDone, Stream: x.Stream}) // the bug: data is closed
						continue
					}
					if m.Kind != designs.MsgDone {
						s.ToNet(data[x.Stream], m)
					}
					if m.Terminal() {
						s.Perturb()
						close(data[x.Stream])
						s.Perturb()
						select {
						case stop <- x.Stream:
						case <-s.Quit():
							return
						}
					}
				case <-s.Quit():
					return
				}
			}
		},
	}
}

func doneAgainMutant() mutant {
	return mutant{
		design:    doneAgain{},
		breaks:    "no actor panics: script sends on the data channel it has closed",
		signature: []designs.ViolationKind{designs.ActorPanic},
		catch:     cfg(window(4)),
		also:      []designs.Config{cfg(failAt(5), window(16)), cfg(window(4), streams(8))},
		must:      everyLayer(),
		clean:     []designs.Config{cfg(), cfg(failAt(5)), cfg(streams(8)), cfg(cancelAt(4))},
	}
}

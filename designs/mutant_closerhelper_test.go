package designs_test

import (
	"sync"

	"chanbench/designs"
)

// closerHelperMutant is DropSender whose script hands the close of each
// stream's data channel to a helper goroutine of its own, started on the
// stream's first request, which waits until script says the stream is
// over (or the server that owns it shuts down):
//
//	net ──req──▶ router ──read──▶ script ──data──▶ net
//	                ▲                │  └─ helper: close(data) once the stream is over
//	                └──────stop──────┘
//	router ──ctrl──▶ net            (closed on stop)
//
// "Closing is somebody else's job" reads well, but the helper waits for a
// terminal outcome that a cancelled stream never reaches, and is left
// behind after the workflow is over. The router and script loops both
// return: only a harness that follows the goroutines an actor starts sees
// it.
//
// Breaks: no goroutine is left behind. Caught on cancel, in every layer;
// clean on done, error and panic, where every stream reaches its end.
type closerHelperMutant struct {
	owner <-chan struct{} // closed when the server shuts down
}

func (closerHelperMutant) Name() string { return "closer-helper" }

// KnownFlaws: the helper left behind when a stream is cancelled.
func (closerHelperMutant) KnownFlaws(c designs.Config) []designs.ViolationKind {
	if c.Outcome.Kind == designs.Cancel {
		return []designs.ViolationKind{designs.GoroutineLeak}
	}
	return nil
}

func (h closerHelperMutant) Wire(w *designs.Workflow) designs.Actors {
	c := w.Config().Capacity
	req, read, stop := make(chan designs.Request, c), make(chan designs.Request, c), make(chan int32, c)
	data, ctrl := mutantChans(w.Config().Streams, c), mutantChans(w.Config().Streams, c)
	over := make([]chan struct{}, w.Config().Streams)
	return designs.Actors{
		Net:    dropSenderNet(req, data, ctrl),
		Router: dropSenderRouter(req, read, stop, ctrl),
		Script: func(s *designs.Script) {
			for {
				s.Perturb()
				select {
				case x := <-read:
					if over[x.Stream] == nil {
						done, d := make(chan struct{}), data[x.Stream]
						over[x.Stream] = done
						go func() { // the helper
							s.Perturb()
							select {
							case <-done:
								s.Perturb()
								close(d)
							case <-h.owner:
							}
						}()
					}
					m, ok := s.Read(x.Stream)
					if !ok {
						continue
					}
					if m.Kind != designs.MsgDone {
						s.ToNet(data[x.Stream], m)
					}
					if m.Terminal() {
						s.Perturb()
						close(over[x.Stream])
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

// newCloserHelperMutant's release shuts the "server" down, so that the
// helpers it left behind return before goleak looks.
func newCloserHelperMutant() mutant {
	owner := make(chan struct{})
	return mutant{
		design:    closerHelperMutant{owner: owner},
		breaks:    "no goroutine left behind: a helper script started waits for an end a cancelled stream never reaches",
		signature: []designs.ViolationKind{designs.GoroutineLeak},
		catch:     cfg(cancelAt(4)),
		also:      []designs.Config{cfg(cancelAt(4), streams(8), window(4))},
		must:      everyLayer(),
		clean:     []designs.Config{cfg(), cfg(failAt(5)), cfg(streams(8), window(4)), cfg(panicAt(3))},
		release:   sync.OnceFunc(func() { close(owner) }),
	}
}

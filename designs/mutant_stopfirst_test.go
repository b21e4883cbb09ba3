package designs_test

import "chanbench/designs"

// stopFirst is Unbuffered with two lines of script swapped: on the terminal
// outcome script tells the router the stream is over before it hands net
// the error, "so that the router can free the stream at once".
//
//	net ──req──▶ router ──read──▶ script ──data──▶ net     (chunks; the error, second)
//	                ▲                │
//	                └──────stop──────┘                       (first)
//	router ──ctrl──▶ net                                     (shutdown)
//
// Unbuffered is correct only because of the order it no longer has: the
// rendezvous on data completes once net has received the error, and only
// then is the stop sent. Swapped, the router offers net the shutdown while
// script offers it the error, both rendezvous waiting at once, and net's
// select picks one at random: half the time the shutdown wins. Net then
// ends, and its last look into data finds the error late (script is still
// offering it) or not at all.
//
// Breaks: error first (the error seen after the end, or lost). Caught
// wherever the source fails or panics, in every layer: on the project's
// 2-core machine nearly every workflow natural (195 of 200), about one in
// two under the yield and forced regimes (108 and 106 of 200), but only
// about one in fifty under the race detector (4 of 200; results/killmatrix,
// one run), whose instrumentation slows script and the router enough that
// the stop rarely overtakes. Clean on done and cancel, which send nothing
// to net after the stop.
type stopFirst struct{}

func (stopFirst) Name() string { return "stop-first" }

// KnownFlaws: the error lost or seen after the end, whenever there is one.
func (stopFirst) KnownFlaws(c designs.Config) []designs.ViolationKind {
	if fails(c) {
		return []designs.ViolationKind{designs.ErrorLost, designs.ErrorAfterEnd}
	}
	return nil
}

func (stopFirst) Wire(w *designs.Workflow) designs.Actors {
	req := make(chan designs.Request)
	read := make(chan designs.Request)
	stop := make(chan int32)
	data := mutantChans(w.Config().Streams, 0)
	ctrl := mutantChans(w.Config().Streams, 0)
	return designs.Actors{
		Net: shutdownMsgNet(req, data, ctrl),
		Router: func(r *designs.Router) {
			q := r.Queue()
			for {
				r.Perturb()
				select {
				case x := <-req:
					q.Push(x)
				case q.Out(read) <- q.Head():
					q.Pop()
				case s := <-stop:
					r.ToNet(ctrl[s], designs.Msg{Kind: designs.MsgShutdown, Stream: s})
				case <-r.Quit():
					return
				}
			}
		},
		Script: func(s *designs.Script) {
			for {
				s.Perturb()
				select {
				case x := <-read:
					m, ok := s.Read(x.Stream)
					if !ok {
						continue
					}
					if m.Terminal() { // the bug: the stop now goes before the error
						s.Perturb()
						select {
						case stop <- x.Stream:
						case <-s.Quit():
							return
						}
					}
					if m.Kind != designs.MsgDone {
						s.ToNet(data[x.Stream], m)
					}
				case <-s.Quit():
					return
				}
			}
		},
	}
}

func stopFirstMutant() mutant {
	return mutant{
		design:    stopFirst{},
		breaks:    "error first: the stop is sent before the error, so the shutdown can overtake it",
		signature: []designs.ViolationKind{designs.ErrorLost, designs.ErrorAfterEnd},
		catch:     cfg(failAt(5)),
		also:      []designs.Config{cfg(panicAt(3)), cfg(failAt(0), window(4))},
		must:      append(everyLayer(), sched),
		clean:     []designs.Config{cfg(), cfg(window(4)), cfg(cancelAt(4)), cfg(window(4), streams(8))},
	}
}

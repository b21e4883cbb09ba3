package designs_test

import (
	"slices"
	"time"

	"chanbench/designs"
)

// endThenDrain is Explicit with a fix that is the wrong way round: on the
// shutdown, net ends the workflow and then handles whatever is still
// waiting in data, "so that nothing the shutdown overtook is lost".
//
//	net ──req──▶ router ──read──▶ script ──data──▶ net     (chunks, error)
//	                ▲                │
//	                └──────stop──────┘
//	router ──ctrl──▶ net                                     (shutdown)
//	net on shutdown: End, then Handle everything left in data
//
// The error is no longer lost when the shutdown wins the select, but it is
// recorded after net has told its caller the workflow is over: the caller
// has already acted on a clean end. The error may still be lost outright
// when the shutdown arrives before script has sent it, as in Explicit.
//
// Breaks: nothing after the end (net handles messages after it has ended,
// so the error comes after the end). Caught where the shutdown can overtake
// something in data, that is where Explicit loses something: an error,
// with net busy for 20µs a chunk, in every layer (on the project's 2-core
// machine about one workflow in two under yield and forced, 94 and 89 of
// 200, one in ten natural, 21 of 200, one in twenty-five under the race
// detector, 8 of 200; results/killmatrix, one run).
// Clean on done at window 1, where nothing follows the last chunk into
// data.
type endThenDrain struct{}

func (endThenDrain) Name() string { return "end-then-drain" }

// KnownFlaws: Explicit's, and handling messages after the end.
func (endThenDrain) KnownFlaws(c designs.Config) []designs.ViolationKind {
	ks := slices.Clone(designs.Explicit{}.KnownFlaws(c))
	if fails(c) || c.Window > 1 {
		ks = append(ks, designs.AfterEnd)
	}
	if c.Outcome.Kind == designs.Done && c.Window == 1 {
		return nil
	}
	return ks
}

func (endThenDrain) Wire(w *designs.Workflow) designs.Actors {
	c := w.Config().Capacity
	req := make(chan designs.Request, c)
	read := make(chan designs.Request, c)
	stop := make(chan int32, c)
	data := mutantChans(w.Config().Streams, c)
	ctrl := mutantChans(w.Config().Streams, c)
	return designs.Actors{
		Net: func(n *designs.Net) {
			for {
				n.Perturb()
				select {
				case n.Pull(req) <- n.Request():
					n.Pulled()
				case m := <-data[n.Stream]:
					if !n.Handle(m, req) {
						return
					}
				case <-ctrl[n.Stream]:
					n.End(designs.EndShutdown)
					for { // the bug: handled after the end, not before it
						n.Perturb()
						select {
						case m := <-data[n.Stream]:
							n.Handle(m, req)
						default:
							return
						}
					}
				case <-n.Done():
					n.End(designs.EndCancelled)
					return
				}
			}
		},
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
		Script: shutdownMsgScript(read, stop, data),
	}
}

func endThenDrainMutant() mutant {
	return mutant{
		design:    endThenDrain{},
		breaks:    "nothing after the end: net ends on the shutdown, then handles what the shutdown overtook",
		signature: []designs.ViolationKind{designs.AfterEnd},
		catch:     cfg(failAt(5), work(20*time.Microsecond)),
		also:      []designs.Config{cfg(window(4), work(20*time.Microsecond)), cfg(panicAt(3), work(20*time.Microsecond))},
		must:      everyLayer(),
		clean:     []designs.Config{cfg(), cfg(streams(8)), cfg(work(20 * time.Microsecond))},
	}
}

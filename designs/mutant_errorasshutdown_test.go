package designs_test

import "chanbench/designs"

// errorAsShutdown is RouterSerialized with the error turned into a done: the
// router forwards chunks, and treats any terminal outcome as "the stream is
// over", sending net only the shutdown.
//
//	net ──req──▶ router ──read──▶ script
//	              ▲  │                │
//	              │  └──────out──────▶ net   (chunks, shutdown; the error is dropped)
//	              └──────result───────┘      (chunks, error, done)
//
// The plausible story: a refactor replaced `if m.Kind != MsgDone` with
// `if m.Kind == MsgChunk` ("only data goes to net"), so the error no longer
// travels in front of the shutdown. Net ends on a clean-looking shutdown
// and never hears that the source failed.
//
// Breaks: error first (the error is lost, every time the source fails).
// Caught wherever the source fails or panics, in every layer: the bug does
// not depend on the schedule. Clean on done and on cancel.
type errorAsShutdown struct{}

func (errorAsShutdown) Name() string { return "error-as-shutdown" }

// KnownFlaws: the error lost, whenever there is one.
func (errorAsShutdown) KnownFlaws(c designs.Config) []designs.ViolationKind {
	if fails(c) {
		return []designs.ViolationKind{designs.ErrorLost}
	}
	return nil
}

func (errorAsShutdown) Wire(w *designs.Workflow) designs.Actors {
	c := w.Config().Capacity
	req := make(chan designs.Request, c)
	read := make(chan designs.Request, c)
	result := make(chan designs.Msg, c)
	out := mutantChans(w.Config().Streams, c)
	return designs.Actors{
		Net: routedNet(req, out),
		Router: func(r *designs.Router) {
			q := r.Queue()
			for {
				r.Perturb()
				select {
				case x := <-req:
					q.Push(x)
				case q.Out(read) <- q.Head():
					q.Pop()
				case m := <-result:
					if m.Kind == designs.MsgChunk { // the bug: was m.Kind != MsgDone
						r.ToNet(out[m.Stream], m)
						continue
					}
					r.ToNet(out[m.Stream], designs.Msg{Kind: designs.MsgShutdown, Stream: m.Stream})
				case <-r.Quit():
					return
				}
			}
		},
		Script: routedScript(read, result),
	}
}

func errorAsShutdownMutant() mutant {
	return mutant{
		design:    errorAsShutdown{},
		breaks:    "error first: the error is lost (turned into a plain shutdown)",
		signature: []designs.ViolationKind{designs.ErrorLost},
		catch:     cfg(failAt(5)),
		also:      []designs.Config{cfg(panicAt(3), window(4)), cfg(failAt(0), streams(8))},
		must:      everyLayer(),
		clean:     []designs.Config{cfg(), cfg(window(4)), cfg(cancelAt(4))},
	}
}

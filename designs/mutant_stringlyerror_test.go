package designs_test

import (
	"errors"

	"chanbench/designs"
)

// stringlyError is RouterSerialized where the router rebuilds the error
// from its message before it forwards it, as a design does that carries
// errors across a process boundary as strings ("errors do not cross IPC").
//
//	net ──req──▶ router ──read──▶ script
//	              ▲  │                │
//	              │  └──────out──────▶ net   (chunks, errors.New(err.Error()), shutdown)
//	              └──────result───────┘      (chunks, error, done)
//
// Net records an error, first, once; but not the source's: its type and
// identity are gone (errors.Is and errors.As no longer find the
// *SourceError or the *PanicError, so a caller cannot tell a failed read
// from a panicking source).
//
// Breaks: error first, in the sense that matters: the error net records is
// not the source's. Caught wherever the source fails or panics, in every
// layer; clean on done and cancel.
type stringlyError struct{}

func (stringlyError) Name() string { return "stringly-error" }

// KnownFlaws: a wrong error, whenever there is one.
func (stringlyError) KnownFlaws(c designs.Config) []designs.ViolationKind {
	if fails(c) {
		return []designs.ViolationKind{designs.ErrorWrong}
	}
	return nil
}

func (stringlyError) Wire(w *designs.Workflow) designs.Actors {
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
					if m.Kind == designs.MsgError {
						m.Err = errors.New(m.Err.Error()) // the bug: only the text crosses
					}
					if m.Kind != designs.MsgDone {
						r.ToNet(out[m.Stream], m)
					}
					if m.Terminal() {
						r.ToNet(out[m.Stream], designs.Msg{Kind: designs.MsgShutdown, Stream: m.Stream})
					}
				case <-r.Quit():
					return
				}
			}
		},
		Script: routedScript(read, result),
	}
}

func stringlyErrorMutant() mutant {
	return mutant{
		design:    stringlyError{},
		breaks:    "error first: net records an error, but not the source's (rebuilt from its text)",
		signature: []designs.ViolationKind{designs.ErrorWrong},
		catch:     cfg(panicAt(3)),
		also:      []designs.Config{cfg(failAt(0), streams(8)), cfg(failAt(5), window(4))},
		must:      everyLayer(),
		clean:     []designs.Config{cfg(), cfg(cancelAt(4)), cfg(window(4))},
	}
}

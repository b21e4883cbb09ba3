package designs_test

import (
	"slices"

	"chanbench/designs"
)

// doubleError is a half-done migration from the original topology to
// TerminalRouted: the terminal outcome now goes to the router, which sends
// net the error and then the shutdown, but script still sends every
// outcome straight to net as it used to.
//
//	net ──req──▶ router ──read──▶ script ──data──▶ net     (chunks, and the error: the old path)
//	              ▲  │                │
//	              │  └──────ctrl─────▶ net                 (the error again, then shutdown)
//	              └──────result───────┘                    (error or done)
//
// Breaks: the error is delivered exactly once (net records it twice: once
// from data, once from ctrl; the data copy may be found only after the
// end, which still makes two). Caught wherever the source fails or panics,
// in every layer. Above window 1 it has TerminalRouted's own flaws too.
// Clean on done and cancel at window 1.
type doubleError struct{}

func (doubleError) Name() string { return "double-error" }

// KnownFlaws: the error twice, whenever there is one, and TerminalRouted's
// flaws.
func (doubleError) KnownFlaws(c designs.Config) []designs.ViolationKind {
	ks := slices.Clone(designs.TerminalRouted{}.KnownFlaws(c))
	if fails(c) {
		ks = append(ks, designs.ErrorDuplicated)
	}
	return ks
}

func (doubleError) Wire(w *designs.Workflow) designs.Actors {
	c := w.Config().Capacity
	req := make(chan designs.Request, c)
	read := make(chan designs.Request, c)
	result := make(chan designs.Msg, c)
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
				case m := <-ctrl[n.Stream]:
					if m.Kind == designs.MsgShutdown {
						n.End(designs.EndShutdown, data[n.Stream])
						return
					}
					if !n.Handle(m, req) {
						return
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
				case m := <-result:
					if m.Kind == designs.MsgError {
						r.ToNet(ctrl[m.Stream], m)
					}
					r.ToNet(ctrl[m.Stream], designs.Msg{Kind: designs.MsgShutdown, Stream: m.Stream})
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
					if m.Kind != designs.MsgDone { // the old path, left in place
						s.ToNet(data[x.Stream], m)
					}
					if !m.Terminal() {
						continue
					}
					s.Perturb()
					select {
					case result <- m:
					case <-s.Quit():
						return
					}
				case <-s.Quit():
					return
				}
			}
		},
	}
}

func doubleErrorMutant() mutant {
	return mutant{
		design:    doubleError{},
		breaks:    "the error is delivered exactly once: it is sent on two paths",
		signature: []designs.ViolationKind{designs.ErrorDuplicated},
		catch:     cfg(failAt(5)),
		also:      []designs.Config{cfg(panicAt(0)), cfg(failAt(5), streams(8))},
		must:      everyLayer(),
		clean:     []designs.Config{cfg(), cfg(cancelAt(4))},
	}
}

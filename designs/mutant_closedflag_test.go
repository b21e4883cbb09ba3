package designs_test

import (
	"sync"

	"chanbench/designs"
)

// closedFlag mixes the two styles the article says never to mix: chunks
// and the error travel as messages on net's channel, but the end of a
// stream is a "closed" flag under a mutex, which script sets as soon as
// the source ends ("so that nobody sends after the end"), before it sends
// the last message; net looks at the flag before each receive.
//
//	net ──req──▶ router ──read──▶ script ──data──▶ net   (chunks, the error)
//	script ──[closed[s] under mu]──▶ net                  (set first, on the end)
//
// The flag and the channel share no order: net can find the flag set
// while the error (or, above window 1, chunks) is still in the channel or
// not yet sent, and it ends there. The article's "combining shared state
// with event loops is usually a recipe for subtle disaster", in six lines.
//
// Breaks: error first (and, above window 1, chunks delivered before the
// end). Caught wherever the source fails or panics, by the forced regime
// always (script has set the flag when net looks), by the others when net
// is slow to come back. Clean on done and cancel at window 1.
type closedFlag struct{}

func (closedFlag) Name() string { return "closed-flag" }

// KnownFlaws: the error after the end or lost; chunks lost above window 1.
func (closedFlag) KnownFlaws(c designs.Config) []designs.ViolationKind {
	var ks []designs.ViolationKind
	if fails(c) {
		ks = append(ks, designs.ErrorAfterEnd, designs.ErrorLost)
	}
	if c.Window > 1 && c.Outcome.Kind != designs.Cancel {
		ks = append(ks, designs.ChunkLost)
	}
	return ks
}

func (closedFlag) Wire(w *designs.Workflow) designs.Actors {
	c := w.Config().Capacity
	req, read := make(chan designs.Request, c), make(chan designs.Request, c)
	data := mutantChans(w.Config().Streams, c)
	var mu sync.Mutex
	closed := make([]bool, w.Config().Streams)
	return designs.Actors{
		Net: func(n *designs.Net) {
			for {
				n.Perturb()
				mu.Lock()
				over := closed[n.Stream]
				mu.Unlock()
				if over {
					n.End(designs.EndShutdown, data[n.Stream])
					return
				}
				select {
				case n.Pull(req) <- n.Request():
					n.Pulled()
				case m := <-data[n.Stream]:
					if !n.Handle(m, req) {
						return
					}
				case <-n.Done():
					n.End(designs.EndCancelled)
					return
				}
			}
		},
		Router: func(r *designs.Router) { // passes requests on; the end is the flag's
			q := r.Queue()
			for {
				r.Perturb()
				select {
				case x := <-req:
					q.Push(x)
				case q.Out(read) <- q.Head():
					q.Pop()
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
					if m.Terminal() {
						mu.Lock()
						closed[x.Stream] = true // the bug: shared state beside the messages
						mu.Unlock()
					}
					s.ToNet(data[x.Stream], m) // the done too, to wake net
				case <-s.Quit():
					return
				}
			}
		},
	}
}

func closedFlagMutant() mutant {
	return mutant{
		design:    closedFlag{},
		breaks:    "error first: a closed flag under a mutex beside the channel's messages, set before the error is sent",
		signature: []designs.ViolationKind{designs.ErrorAfterEnd, designs.ErrorLost},
		catch:     cfg(failAt(5)),
		also:      []designs.Config{cfg(panicAt(3)), cfg(failAt(5), streams(4), window(4))},
		must:      []layer{forced},
		clean:     []designs.Config{cfg(), cfg(cancelAt(4)), cfg(streams(4))},
	}
}

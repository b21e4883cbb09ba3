package designs_test

import "chanbench/designs"

// shutdownFirst is RouterSerialized with its two terminal sends swapped:
// the router sends net the shutdown, then the error, "so that net stops
// asking for chunks as early as possible". Net, written with care, ends on
// the shutdown and looks into its channel once more, recording what it
// finds there as late.
//
//	net ──req──▶ router ──read──▶ script
//	              ▲  │                │
//	              │  └──────out──────▶ net   (chunks, shutdown, then the error)
//	              └──────result───────┘      (chunks, error, done)
//
// FIFO order is exactly what makes the real design correct, and here it
// makes this one wrong every time: the shutdown is always ahead of the
// error on one channel.
//
// Breaks: error first (the error seen only after the end; lost when net
// has looked before the router's second send lands). Caught wherever the
// source fails or panics, in every layer. Clean on done and on cancel.
type shutdownFirst struct{}

func (shutdownFirst) Name() string { return "shutdown-first" }

// KnownFlaws: the error after the end, or lost, whenever there is one.
func (shutdownFirst) KnownFlaws(c designs.Config) []designs.ViolationKind {
	if fails(c) {
		return []designs.ViolationKind{designs.ErrorAfterEnd, designs.ErrorLost}
	}
	return nil
}

func (shutdownFirst) Wire(w *designs.Workflow) designs.Actors {
	c := w.Config().Capacity
	req := make(chan designs.Request, c)
	read := make(chan designs.Request, c)
	result := make(chan designs.Msg, c)
	out := mutantChans(w.Config().Streams, c)
	return designs.Actors{
		Net: func(n *designs.Net) {
			for {
				n.Perturb()
				select {
				case n.Pull(req) <- n.Request():
					n.Pulled()
				case m := <-out[n.Stream]:
					if m.Kind == designs.MsgShutdown {
						n.End(designs.EndShutdown, out[n.Stream]) // record what arrives late
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
					if m.Terminal() { // the bug: the shutdown goes first
						r.ToNet(out[m.Stream], designs.Msg{Kind: designs.MsgShutdown, Stream: m.Stream})
					}
					if m.Kind != designs.MsgDone {
						r.ToNet(out[m.Stream], m)
					}
				case <-r.Quit():
					return
				}
			}
		},
		Script: routedScript(read, result),
	}
}

func shutdownFirstMutant() mutant {
	return mutant{
		design:    shutdownFirst{},
		breaks:    "error first: the shutdown is queued ahead of the error (seen after the end, or lost)",
		signature: []designs.ViolationKind{designs.ErrorAfterEnd, designs.ErrorLost},
		catch:     cfg(failAt(5)),
		also:      []designs.Config{cfg(panicAt(3), window(4)), cfg(failAt(5), streams(8))},
		must:      everyLayer(),
		clean:     []designs.Config{cfg(), cfg(window(4)), cfg(cancelAt(4))},
	}
}

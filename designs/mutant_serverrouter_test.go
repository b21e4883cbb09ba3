package designs_test

import (
	"sync"

	"chanbench/designs"
)

// serverRouter is Unbuffered whose router lives as long as its streams
// or its server: it returns once every stream has stopped, or when the
// server that owns it shuts down (owner). It never looks at the
// workflow's Quit: "the router knows when its streams are over".
//
//	net ──req──▶ router ──read──▶ script ──data──▶ net
//	                ▲                │
//	                └──────stop──────┘
//	router ──ctrl──▶ net
//	router returns on: a stop from every stream, or owner closed
//
// A stream that ends without a stop never counts: when net cancels, script
// never reads a terminal outcome, sends no stop, and the router waits for
// the server, long after the workflow is over.
//
// Breaks: no goroutine is left behind (the router outlives its workflow
// whenever a stream is cancelled). Caught on cancel, in every layer, once
// the harness has waited its second for the router; clean on done, error
// and panic, where every stream stops.
type serverRouter struct {
	owner <-chan struct{} // closed when the server shuts down
}

func (serverRouter) Name() string { return "server-router" }

// KnownFlaws: the router left behind when a stream is cancelled.
func (serverRouter) KnownFlaws(c designs.Config) []designs.ViolationKind {
	if c.Outcome.Kind == designs.Cancel {
		return []designs.ViolationKind{designs.GoroutineLeak}
	}
	return nil
}

func (sr serverRouter) Wire(w *designs.Workflow) designs.Actors {
	req := make(chan designs.Request)
	read := make(chan designs.Request)
	stop := make(chan int32)
	data := mutantChans(w.Config().Streams, 0)
	ctrl := mutantChans(w.Config().Streams, 0)
	streams := w.Config().Streams
	return designs.Actors{
		Net: shutdownMsgNet(req, data, ctrl),
		Router: func(r *designs.Router) {
			q := r.Queue()
			for stopped := 0; stopped < streams; { // the bug: no case for r.Quit()
				r.Perturb()
				select {
				case x := <-req:
					q.Push(x)
				case q.Out(read) <- q.Head():
					q.Pop()
				case s := <-stop:
					r.ToNet(ctrl[s], designs.Msg{Kind: designs.MsgShutdown, Stream: s})
					stopped++
				case <-sr.owner:
					return
				}
			}
		},
		Script: shutdownMsgScript(read, stop, data),
	}
}

// serverRouterMutant's release shuts the "server" down, so that the routers
// it left behind return before goleak looks.
func serverRouterMutant() mutant {
	owner := make(chan struct{})
	return mutant{
		design:    serverRouter{owner: owner},
		breaks:    "no goroutine left behind: the router waits for stops that a cancelled stream never sends",
		signature: []designs.ViolationKind{designs.GoroutineLeak},
		catch:     cfg(cancelAt(4)),
		also:      []designs.Config{cfg(cancelAt(4), streams(8), window(4))},
		must:      everyLayer(),
		clean:     []designs.Config{cfg(), cfg(failAt(5)), cfg(streams(8), window(4)), cfg(panicAt(3))},
		release:   sync.OnceFunc(func() { close(owner) }),
	}
}

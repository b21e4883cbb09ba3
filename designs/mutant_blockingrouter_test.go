package designs_test

import (
	"time"

	"chanbench/designs"
)

// blockingRouter is Unbuffered with a router that has no queue: it passes
// each request to script as it receives it, waiting until script takes it
// ("script is fast; a queue is overhead").
//
//	net ──req──▶ router ══read══▶ script ──data──▶ net     (every channel a rendezvous)
//	                ▲                │
//	                └──────stop──────┘
//	router ──ctrl──▶ net
//
// Net still sends its requests inside its select, as Unbuffered's does, so
// chunks flow. But at the end the cycle router → script → router closes:
// script, having read the terminal outcome, waits to hand the router its
// stop, while the router waits to hand script another request: net's next
// one (net keeps Window requests outstanding) or another stream's. Neither
// takes the other's message, and the stream never ends. With one stream
// at window 1 there is no other request when the outcome is read, so the
// router is free to take the stop.
//
// Breaks: it ends (a deadlock once the window is above 1, or several
// streams share the router, whenever the router has taken another request
// before script's stop; the watchdog reports it). Caught on done, error
// and panic by the natural, yield and race layers (natural: about one
// workflow in a hundred, 2 of 200; yield: about one in seventeen, 12 of
// 200; results/killmatrix, one run); clean with one stream
// at window 1, and on cancel, where no stop is ever sent. The forced
// regime cannot catch it: the deadlock needs net to send a request while
// script is reading the outcome, and forced net sends nothing until script
// is blocked again, by then at a rendezvous the router is free to take.
type blockingRouter struct{}

func (blockingRouter) Name() string { return "blocking-router" }

// KnownFlaws: a deadlock once the router can hold another request, unless
// net cancels the stream.
func (blockingRouter) KnownFlaws(c designs.Config) []designs.ViolationKind {
	if c.Window == 1 && c.Streams == 1 || c.Outcome.Kind == designs.Cancel {
		return nil
	}
	return []designs.ViolationKind{designs.Deadlock}
}

func (blockingRouter) Wire(w *designs.Workflow) designs.Actors {
	req := make(chan designs.Request)
	read := make(chan designs.Request)
	stop := make(chan int32)
	data := mutantChans(w.Config().Streams, 0)
	ctrl := mutantChans(w.Config().Streams, 0)
	return designs.Actors{
		Net: shutdownMsgNet(req, data, ctrl),
		Router: func(r *designs.Router) {
			for {
				r.Perturb()
				select {
				case x := <-req:
					r.Perturb()
					select { // the bug: the router waits on script, with no queue
					case read <- x:
					case <-r.Quit():
						return
					}
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

func blockingRouterMutant() mutant {
	return mutant{
		design:    blockingRouter{},
		breaks:    "it ends: the cycle router → script → router deadlocks once the window is above 1 (or streams share the router)",
		signature: []designs.ViolationKind{designs.Deadlock},
		catch:     cfg(window(2), timeout(300*time.Millisecond)),
		also:      []designs.Config{cfg(streams(8), timeout(300*time.Millisecond)), cfg(failAt(5), window(4), timeout(300*time.Millisecond))},
		must:      []layer{natural, yield, raceSked, sched},
		clean:     []designs.Config{cfg(), cfg(failAt(5)), cfg(cancelAt(4), window(4)), cfg(cancelAt(4), streams(8))},
	}
}

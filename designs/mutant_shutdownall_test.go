package designs_test

import (
	"time"

	"chanbench/designs"
)

// shutdownAll is Unbuffered whose router was written when it served one
// stream: "stop" meant "script is finished", so on a stop the router shuts
// down every stream's net, not just the one whose source ended.
//
//	net ──req──▶ router ──read──▶ script ──data──▶ net     (chunks, error)
//	                ▲                │
//	                └──────stop──────┘
//	router ══ctrl══▶ every net                               (shutdown, to all)
//
// With one stream that is exactly Unbuffered, and correct. With more, the
// first stream to end shuts down the others mid-stream.
//
// Breaks: it ends as configured (the other streams end early, losing their
// chunks and errors; a net that was to cancel is shut down instead).
// Caught with several streams; clean with one.
type shutdownAll struct{}

func (shutdownAll) Name() string { return "shutdown-all" }

// KnownFlaws: with several streams, what a premature shutdown does; none
// with one.
func (shutdownAll) KnownFlaws(c designs.Config) []designs.ViolationKind {
	if c.Streams == 1 {
		return nil
	}
	return []designs.ViolationKind{designs.EndedEarly, designs.ChunkLost, designs.ErrorLost, designs.ErrorAfterEnd, designs.EndWrong}
}

func (shutdownAll) Wire(w *designs.Workflow) designs.Actors {
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
				case <-stop: // the bug: which stream stopped is ignored
					for s := range ctrl {
						r.ToNet(ctrl[s], designs.Msg{Kind: designs.MsgShutdown, Stream: int32(s)})
					}
				case <-r.Quit():
					return
				}
			}
		},
		Script: shutdownMsgScript(read, stop, data),
	}
}

// shutdownMsgNet is the net of the original topology (Unbuffered,
// Explicit): it handles data and ends on a shutdown from ctrl, recording
// what is still in data as late.
func shutdownMsgNet(req chan<- designs.Request, data, ctrl []chan designs.Msg) func(*designs.Net) {
	return func(n *designs.Net) {
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
				n.End(designs.EndShutdown, data[n.Stream])
				return
			case <-n.Done():
				n.End(designs.EndCancelled)
				return
			}
		}
	}
}

// shutdownMsgScript is the script of the original topology: chunks and the
// error straight to net, then a stop to the router.
func shutdownMsgScript(read <-chan designs.Request, stop chan<- int32, data []chan designs.Msg) func(*designs.Script) {
	return func(s *designs.Script) {
		for {
			s.Perturb()
			select {
			case x := <-read:
				m, ok := s.Read(x.Stream)
				if !ok {
					continue
				}
				if m.Kind != designs.MsgDone {
					s.ToNet(data[x.Stream], m)
				}
				if m.Terminal() {
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
	}
}

func shutdownAllMutant() mutant {
	return mutant{
		design:    shutdownAll{},
		breaks:    "it ends as configured: one stream's end shuts down every stream",
		signature: []designs.ViolationKind{designs.EndedEarly, designs.EndWrong},
		catch:     cfg(streams(8)),
		also:      []designs.Config{cfg(failAt(5), streams(8)), cfg(streams(16), window(4), timeout(20*time.Second))},
		must:      everyLayer(),
		clean:     []designs.Config{cfg(), cfg(failAt(5)), cfg(cancelAt(4)), cfg(window(4))},
	}
}

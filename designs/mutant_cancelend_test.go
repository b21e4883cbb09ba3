package designs_test

import "chanbench/designs"

// cancelEnd is DropSender whose net, once every input is closed, ends the
// stream as cancelled: "the stream is over, so cancel it", mistaking the
// cancellation (the caller's or net's own decision to stop early) for the
// way every stream ends.
//
//	net ──req──▶ router ──read──▶ script ──data──▶ net     (chunks, error; closed at the end)
//	                ▲                │
//	                └──────stop──────┘
//	router ──ctrl──▶ net                                     (closed on stop)
//	net: both closed → End(EndCancelled)                     (should be EndClosed)
//
// Every chunk and the error arrive, in order; only the end reason is
// wrong, which is what a caller branches on (a cancelled transfer is
// retried or reported differently from a finished one).
//
// Breaks: it ends as configured (cancelled when nothing cancelled it).
// Caught on done, error and panic, in every layer; clean on cancel, where
// net cancels before its inputs close.
type cancelEnd struct{}

func (cancelEnd) Name() string { return "cancel-end" }

// KnownFlaws: a wrong end, unless the stream was to be cancelled.
func (cancelEnd) KnownFlaws(c designs.Config) []designs.ViolationKind {
	if c.Outcome.Kind == designs.Cancel {
		return nil
	}
	return []designs.ViolationKind{designs.EndWrong}
}

func (cancelEnd) Wire(w *designs.Workflow) designs.Actors {
	c := w.Config().Capacity
	req := make(chan designs.Request, c)
	read := make(chan designs.Request, c)
	stop := make(chan int32, c)
	data := mutantChans(w.Config().Streams, c)
	ctrl := mutantChans(w.Config().Streams, c)
	return designs.Actors{
		Net: func(n *designs.Net) {
			in, held := data[n.Stream], ctrl[n.Stream]
			for in != nil || held != nil {
				n.Perturb()
				select {
				case n.Pull(req) <- n.Request():
					n.Pulled()
				case m, ok := <-in:
					if !ok {
						in = nil
						continue
					}
					if !n.Handle(m, req) {
						return
					}
				case _, ok := <-held:
					if !ok {
						held = nil
					}
				case <-n.Done():
					n.End(designs.EndCancelled)
					return
				}
			}
			n.End(designs.EndCancelled) // the bug: was EndClosed
		},
		Router: dropSenderRouter(req, read, stop, ctrl),
		Script: dropSenderScript(read, stop, data),
	}
}

// dropSenderRouter is DropSender's router: it closes ctrl on a stop.
func dropSenderRouter(req <-chan designs.Request, read chan<- designs.Request, stop <-chan int32, ctrl []chan designs.Msg) func(*designs.Router) {
	return func(r *designs.Router) {
		q := r.Queue()
		for {
			r.Perturb()
			select {
			case x := <-req:
				q.Push(x)
			case q.Out(read) <- q.Head():
				q.Pop()
			case s := <-stop:
				r.Perturb()
				close(ctrl[s])
			case <-r.Quit():
				return
			}
		}
	}
}

// dropSenderScript is DropSender's script: it sends chunks and the error to
// net, closes data on the terminal outcome, then tells the router.
func dropSenderScript(read <-chan designs.Request, stop chan<- int32, data []chan designs.Msg) func(*designs.Script) {
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
					close(data[x.Stream])
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

func cancelEndMutant() mutant {
	return mutant{
		design:    cancelEnd{},
		breaks:    "it ends as configured: a finished stream reports itself cancelled",
		signature: []designs.ViolationKind{designs.EndWrong},
		catch:     cfg(),
		also:      []designs.Config{cfg(failAt(5), window(4)), cfg(panicAt(3), streams(8))},
		must:      everyLayer(),
		clean:     []designs.Config{cfg(cancelAt(4)), cfg(cancelAt(4), window(4), streams(8))},
	}
}

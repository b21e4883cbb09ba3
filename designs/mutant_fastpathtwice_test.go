package designs_test

import (
	"bytes"

	"chanbench/designs"
)

// fastPathTwice is DropSender with two changes to script's send. It hands
// net a copy of each chunk, so that the source's buffer is free at once
// (a defensive copy: net then never reads memory the source owns). And it
// tries a non-blocking send first, falling back to the blocking one when
// data is full; but the fast path lacks its `continue`, so every message
// that went the fast way goes the slow way too.
//
//	net ──req──▶ router ──read──▶ script ══data══▶ net     (every chunk and the error, twice; closed at the end)
//	                ▲                │
//	                └──────stop──────┘
//	router ──ctrl──▶ net                                     (closed on stop)
//
// Each duplicate also returns a credit net never spent, so net asks for
// more than its window; the copies keep that from overwriting a buffer net
// is reading (without them this mutant would be a data race too). The
// router's queue, sized for the window, then overflows: the harness's
// guard panics in the router, which is reported too, and every stream is
// cancelled, ending early and losing what was in flight.
//
// Breaks: exactly once (chunks duplicated; the error delivered twice).
// Caught wherever the source yields anything, in every layer. Clean when
// it yields nothing but done.
type fastPathTwice struct{}

func (fastPathTwice) Name() string { return "fastpath-twice" }

// KnownFlaws: duplicates of what the source yields, and once the chunks'
// duplicates have made net ask beyond its window, the router's panic and
// what cancelling every stream does (a net that cancels at chunk k counts
// the duplicates, and stops short too).
func (fastPathTwice) KnownFlaws(c designs.Config) []designs.ViolationKind {
	var ks []designs.ViolationKind
	if fails(c) {
		ks = append(ks, designs.ErrorDuplicated)
	}
	if chunksBefore(c) > 0 {
		ks = append(ks, designs.ChunkDuplicated, designs.ActorPanic, designs.EndWrong, designs.EndedEarly, designs.ChunkLost, designs.ErrorLost)
	}
	return ks
}

func (fastPathTwice) Wire(w *designs.Workflow) designs.Actors {
	c := w.Config().Capacity
	req := make(chan designs.Request, c)
	read := make(chan designs.Request, c)
	stop := make(chan int32, c)
	data := mutantChans(w.Config().Streams, c)
	ctrl := mutantChans(w.Config().Streams, c)
	return designs.Actors{
		Net:    dropSenderNet(req, data, ctrl),
		Router: dropSenderRouter(req, read, stop, ctrl),
		Script: func(s *designs.Script) {
			for {
				s.Perturb()
				select {
				case x := <-read:
					m, ok := s.Read(x.Stream)
					if !ok {
						continue
					}
					if m.Kind == designs.MsgChunk {
						m.Data = bytes.Clone(m.Data) // net's own copy
					}
					if m.Kind != designs.MsgDone {
						s.Perturb()
						select { // fast path: data has room
						case data[x.Stream] <- m:
							// the bug: no continue, so the slow path below sends m again
						default:
						}
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
		},
	}
}

// dropSenderNet is DropSender's net: it ends once data and ctrl are both
// closed.
func dropSenderNet(req chan<- designs.Request, data, ctrl []chan designs.Msg) func(*designs.Net) {
	return func(n *designs.Net) {
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
		n.End(designs.EndClosed)
	}
}

func fastPathTwiceMutant() mutant {
	return mutant{
		design:    fastPathTwice{},
		breaks:    "exactly once: every chunk, and the error, is sent twice",
		signature: []designs.ViolationKind{designs.ChunkDuplicated},
		catch:     cfg(chunks(4)),
		also:      []designs.Config{cfg(failAt(2)), cfg(chunks(4), window(2))},
		must:      everyLayer(),
		clean:     []designs.Config{cfg(chunks(0)), cfg(chunks(0), window(4))},
	}
}

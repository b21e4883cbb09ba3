package designs_test

import (
	"bytes"

	"chanbench/designs"
)

// goSend is RouterSerialized with script's send to the router moved into a
// goroutine of its own, "so that a busy router never stalls the user
// code". Each goroutine gets a copy of its chunk, since the source reuses
// its buffer (the author knew about that much), and gives up when the
// workflow quits, so none is left behind.
//
//	net ──req──▶ router ──read──▶ script ─┬─ go ─▶ router   (one goroutine per outcome)
//	              │                       └─ go ─▶ router
//	              └──────out──────▶ net   (in whatever order the goroutines ran)
//
// Nothing orders two goroutines: the router forwards outcomes in the order
// their goroutines happened to run, which is not the order script read
// them (the scheduler even runs the newest goroutine first). At window 1
// only one outcome is ever in flight, and the design is correct.
//
// Breaks: in order (chunks reordered, or after the error; a chunk that
// arrives behind the shutdown is lost; a net that cancels at chunk k may
// get chunk k first). Caught above window 1 by the natural, yield and race
// layers (nearly every workflow natural and under -race, 200 and 198 of
// 200, one in seven with yields, 27 of 200; results/killmatrix); clean at
// window 1. The forced regime cannot catch it, by its
// nature: net waits before each receive until every other goroutine is
// blocked, so each outcome's goroutine has delivered before net sends its
// next request, and no two are ever in flight together.
type goSend struct{}

func (goSend) Name() string { return "go-send" }

// KnownFlaws: above window 1, what reordering does.
func (goSend) KnownFlaws(c designs.Config) []designs.ViolationKind {
	if c.Window == 1 {
		return nil
	}
	return []designs.ViolationKind{designs.ChunkReordered, designs.ChunkLost, designs.EndWrong}
}

func (goSend) Wire(w *designs.Workflow) designs.Actors {
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
						m.Data = bytes.Clone(m.Data)
					}
					go func() { // the bug: nothing orders these sends
						s.Perturb()
						select {
						case result <- m:
						case <-s.Quit():
						}
					}()
				case <-s.Quit():
					return
				}
			}
		},
	}
}

func goSendMutant() mutant {
	return mutant{
		design:    goSend{},
		breaks:    "in order: outcomes reach net in the order their goroutines ran",
		signature: []designs.ViolationKind{designs.ChunkReordered, designs.ChunkLost},
		catch:     cfg(window(4)),
		also:      []designs.Config{cfg(window(16), streams(8)), cfg(failAt(5), window(4))},
		must:      []layer{natural, yield, raceSked, sched},
		clean:     []designs.Config{cfg(), cfg(failAt(5)), cfg(cancelAt(4)), cfg(streams(8))},
	}
}

package designs_test

import (
	"time"

	"chanbench/designs"
)

// dedupZero is RouterSerialized with a guard against redelivery: the router
// remembers the highest chunk it has forwarded on each stream and drops any
// chunk at or below it, "in case a retried read answers twice". The
// highest-so-far starts at its zero value, 0, so chunk 0 looks forwarded
// already and is dropped.
//
//	net ──req──▶ router ──read──▶ script
//	              ▲  │                │
//	              │  └──────out──────▶ net   (chunks from 1 on, error, shutdown)
//	              └──────result───────┘      (chunks, error, done)
//
// The dropped chunk also takes one of net's credits with it: net counts a
// request as outstanding until a chunk answers it, and none ever will. At
// window 1 that is net's only credit, so the stream stalls for good (a
// deadlock); above window 1 it goes on with one credit fewer and ends
// without chunk 0.
//
// Breaks: exactly once (chunk 0 is lost), or it ends (window 1: deadlock).
// Caught wherever the source yields a chunk, in every layer. Clean when it
// yields none (an error at chunk 0).
type dedupZero struct{}

func (dedupZero) Name() string { return "dedup-zero" }

// KnownFlaws: at window 1 a deadlock; above it, chunk 0 lost (and, when
// net is to cancel at k, chunk k delivered before it does, since it counts
// chunks 1…k).
func (dedupZero) KnownFlaws(c designs.Config) []designs.ViolationKind {
	switch {
	case chunksBefore(c) == 0:
		return nil
	case c.Window == 1:
		return []designs.ViolationKind{designs.Deadlock}
	case c.Outcome.Kind == designs.Cancel:
		return []designs.ViolationKind{designs.ChunkLost, designs.EndWrong}
	}
	return []designs.ViolationKind{designs.ChunkLost}
}

func (dedupZero) Wire(w *designs.Workflow) designs.Actors {
	c := w.Config().Capacity
	req := make(chan designs.Request, c)
	read := make(chan designs.Request, c)
	result := make(chan designs.Msg, c)
	out := mutantChans(w.Config().Streams, c)
	highest := make([]int64, w.Config().Streams) // the bug: 0 is a real chunk number
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
					if m.Kind == designs.MsgChunk {
						if m.Seq <= highest[m.Stream] {
							continue // already forwarded: drop the redelivery
						}
						highest[m.Stream] = m.Seq
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

func dedupZeroMutant() mutant {
	return mutant{
		design:    dedupZero{},
		breaks:    "exactly once: chunk 0 is lost (at window 1 the lost credit stalls the stream)",
		signature: []designs.ViolationKind{designs.ChunkLost, designs.Deadlock},
		catch:     cfg(window(4)),
		also:      []designs.Config{cfg(timeout(300 * time.Millisecond)), cfg(failAt(3), window(4), streams(8)), cfg(cancelAt(4), window(4))},
		must:      everyLayer(),
		clean:     []designs.Config{cfg(failAt(0)), cfg(failAt(0), window(4)), cfg(chunks(0))},
	}
}

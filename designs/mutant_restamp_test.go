package designs_test

import "chanbench/designs"

// restamp is RouterSerialized where the router numbers the chunks itself,
// "since it sees every chunk of a stream, in order, and user code's own
// numbering should not be trusted". The counter is incremented before it
// is used, so the numbers start at 1: net receives chunk k's bytes under
// the number k+1.
//
//	net ──req──▶ router ──read──▶ script
//	              ▲  │                │
//	              │  └──────out──────▶ net   (chunks numbered 1…n, error, shutdown)
//	              └──────result───────┘      (chunks numbered 0…n-1, error, done)
//
// Net checks every chunk's bytes against its number, so every chunk is
// reported corrupted (the last one as a chunk the source never produced),
// and chunk 0 as lost. No byte is touched: the only fault is the number.
//
// Breaks: intact (every chunk's bytes are not those of its number). Caught
// wherever the source yields a chunk, in every layer; clean where it yields
// none.
type restamp struct{}

func (restamp) Name() string { return "restamp" }

// KnownFlaws: chunks corrupted, chunk 0 lost; a net that cancels at chunk k
// receives "chunk k" (chunk k-1's bytes) before it does.
func (restamp) KnownFlaws(c designs.Config) []designs.ViolationKind {
	if chunksBefore(c) == 0 {
		return nil
	}
	return []designs.ViolationKind{designs.ChunkCorrupted, designs.ChunkLost, designs.EndWrong}
}

func (restamp) Wire(w *designs.Workflow) designs.Actors {
	c := w.Config().Capacity
	req := make(chan designs.Request, c)
	read := make(chan designs.Request, c)
	result := make(chan designs.Msg, c)
	out := mutantChans(w.Config().Streams, c)
	numbered := make([]int64, w.Config().Streams)
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
						numbered[m.Stream]++
						m.Seq = numbered[m.Stream] // the bug: incremented before it is used
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

func restampMutant() mutant {
	return mutant{
		design:    restamp{},
		breaks:    "intact: each chunk arrives under the next chunk's number",
		signature: []designs.ViolationKind{designs.ChunkCorrupted},
		catch:     cfg(),
		also:      []designs.Config{cfg(window(4), streams(8)), cfg(cancelAt(4))},
		must:      everyLayer(),
		clean:     []designs.Config{cfg(failAt(0)), cfg(chunks(0), window(4))},
	}
}

//go:build !race

package designs_test

import (
	"time"

	"chanbench/designs"
)

// prefetch is DropSender whose script reads ahead: after answering a
// request it reads the stream's next outcome at once, so that the next
// request is answered without waiting for the user code.
//
//	net ──req──▶ router ──read──▶ script ──data──▶ net     (chunk k, while chunk k+1 is already read)
//	                ▲                │
//	                └──────stop──────┘
//	router ──ctrl──▶ net                                     (closed on stop)
//
// The source writes chunk k+1 into the buffer of chunk k+1-Window, which
// the pull protocol frees only once net has received and checked that
// chunk, that is, once net has asked for chunk k+1. Reading ahead writes
// it one request early. At window 1 that is the buffer of the chunk script
// has just sent: net, checking its bytes, finds them overwritten.
//
// Breaks: intact (a buffer reused too early). It is a data race by
// construction (script writes the buffer net is reading), so this file is
// built only without -race: under the race detector the bug is a race
// report that fails the binary, not a violation the checks can count. The
// kill matrix's race column is "n/a" for it.
//
// Caught with two chunks or more, in the natural, yield and forced layers
// (forced is the surest: net waits until script has read ahead); clean
// with one chunk or none, where nothing is reused.
type prefetch struct{}

func (prefetch) Name() string { return "prefetch" }

// KnownFlaws: corrupted chunks, wherever a buffer is reused.
func (prefetch) KnownFlaws(c designs.Config) []designs.ViolationKind {
	if chunksBefore(c) <= 1 {
		return nil
	}
	return []designs.ViolationKind{designs.ChunkCorrupted}
}

func (prefetch) Wire(w *designs.Workflow) designs.Actors {
	c := w.Config().Capacity
	req := make(chan designs.Request, c)
	read := make(chan designs.Request, c)
	stop := make(chan int32, c)
	data := mutantChans(w.Config().Streams, c)
	ctrl := mutantChans(w.Config().Streams, c)
	ahead := make([]designs.Msg, w.Config().Streams) // each stream's outcome read ahead
	has := make([]bool, w.Config().Streams)
	return designs.Actors{
		Net:    dropSenderNet(req, data, ctrl),
		Router: dropSenderRouter(req, read, stop, ctrl),
		Script: func(s *designs.Script) {
			for {
				s.Perturb()
				select {
				case x := <-read:
					m, ok := ahead[x.Stream], has[x.Stream]
					if !ok {
						if m, ok = s.Read(x.Stream); !ok {
							continue
						}
					}
					has[x.Stream] = false
					if m.Kind != designs.MsgDone {
						s.ToNet(data[x.Stream], m)
					}
					if !m.Terminal() {
						ahead[x.Stream], has[x.Stream] = s.Read(x.Stream) // the bug: one read too early
						continue
					}
					s.Perturb()
					close(data[x.Stream])
					s.Perturb()
					select {
					case stop <- x.Stream:
					case <-s.Quit():
						return
					}
				case <-s.Quit():
					return
				}
			}
		},
	}
}

func prefetchMutant() mutant {
	return mutant{
		design:    prefetch{},
		breaks:    "intact: the source's buffer is reused one request too early",
		signature: []designs.ViolationKind{designs.ChunkCorrupted},
		catch:     cfg(),
		also:      []designs.Config{cfg(streams(8)), cfg(failAt(5), window(2), work(20*time.Microsecond))},
		must:      []layer{natural, yield, forced},
		clean:     []designs.Config{cfg(chunks(1)), cfg(failAt(1)), cfg(failAt(0), window(4))},
		raceGated: true,
	}
}

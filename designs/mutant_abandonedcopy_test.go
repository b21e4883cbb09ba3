package designs_test

import (
	"sync"

	"chanbench/designs"
)

// abandonedCopy re-expresses kubernetes#5316 (GoBench's GoKer kernel of
// it; a blocking bug of the ASPLOS 2019 study's kind "a child goroutine
// sends on a channel nobody receives from any more"). In Kubernetes,
// finishRequest ran fn in a goroutine that sent its result on an
// unbuffered channel, and selected on that channel and a timeout: after a
// timeout nobody received, and the goroutine blocked for ever. The fix
// made the channels buffered.
//
// Here RouterSerialized's script hands the copy of each chunk to a
// goroutine ("off the script thread") and waits for it, or for the net of
// the stream to end ("don't wait for a stream that has gone"):
//
//	script: go func() { ch <- copy(chunk) }()            // ch unbuffered
//	        select { case c := <-ch: forward c; case <-NetDone(s): }
//
// When net has ended, a request it left outstanding is still answered:
// script picks NetDone, and the child blocks on its send for ever.
//
// Breaks: no goroutine is left behind. Caught when net cancels with a
// request outstanding, in every layer (at once with several streams; with
// one, script rarely reads before net's cancel: first caught after 1234
// natural and 858 forced workflows in one run); clean on done and error,
// where the stream ends only after its last answer.
type abandonedCopy struct {
	owner <-chan struct{} // closed on release, so the children return before goleak looks
}

func (abandonedCopy) Name() string { return "abandoned-copy" }

// KnownFlaws: a child left behind when net cancels.
func (abandonedCopy) KnownFlaws(c designs.Config) []designs.ViolationKind {
	if c.Outcome.Kind == designs.Cancel {
		return []designs.ViolationKind{designs.GoroutineLeak}
	}
	return nil
}

func (a abandonedCopy) Wire(w *designs.Workflow) designs.Actors {
	c := w.Config().Capacity
	req, read := make(chan designs.Request, c), make(chan designs.Request, c)
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
						ch := make(chan []byte) // the bug: unbuffered (kubernetes#5316)
						go func(data []byte) {
							c := append([]byte(nil), data...)
							s.Perturb()
							select {
							case ch <- c:
							case <-a.owner:
							}
						}(m.Data)
						s.Perturb()
						select {
						case m.Data = <-ch:
						case <-s.NetDone(x.Stream):
							continue // the child is left sending
						}
					}
					s.Perturb()
					select {
					case result <- m:
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

func abandonedCopyMutant() mutant {
	owner := make(chan struct{})
	return mutant{
		design:    abandonedCopy{owner: owner},
		breaks:    "no goroutine left behind: a child's send on an unbuffered channel that script stopped receiving from (kubernetes#5316)",
		signature: []designs.ViolationKind{designs.GoroutineLeak},
		catch:     cfg(cancelAt(4), window(4), streams(8)),
		also:      []designs.Config{cfg(cancelAt(2), window(4), streams(4))},
		must:      everyLayer(),
		clean:     []designs.Config{cfg(), cfg(window(4)), cfg(failAt(5), window(4)), cfg(panicAt(3))},
		release:   sync.OnceFunc(func() { close(owner) }),
	}
}

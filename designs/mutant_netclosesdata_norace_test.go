//go:build !race

package designs_test

import "chanbench/designs"

// netClosesData re-expresses grpc#1687 (GoBench's GoKer kernel of it; a
// non-blocking "misuse of channel" of the ASPLOS 2019 study's kind: a
// send on a closed channel). In gRPC, the server handler transport closed
// its writes channel when the stream finished, while a writer goroutine
// could still send on it: "panic: send on closed channel".
//
// Here DropSender, with data a rendezvous, has a net that, when it
// cancels, closes its own data channel
// "so that script's sends to it fail fast": the receiver closes, while
// script, the sender, may still be answering a request net left
// outstanding.
//
//	net ──req──▶ router ──read──▶ script ──data──▶ net
//	net, on cancel: close(data[s])   // the receiver closes
//
// Script's send (a select with net's Done beside it) panics when it picks
// the send on the closed channel.
//
// Breaks: an actor that panics is a violation (script panics: send on
// closed channel). Caught when net cancels with a request outstanding, by
// the natural, yield and forced layers; clean on done and error. A send
// racing a close is a data race to the race detector, which reports it and
// fails the binary: so the mutant exists only in binaries built without
// -race (raceGated), and its race cell is n/a.
type netClosesData struct{}

func (netClosesData) Name() string { return "net-closes-data" }

// KnownFlaws: when net cancels, script's panic and the wind-down after it.
func (netClosesData) KnownFlaws(c designs.Config) []designs.ViolationKind {
	if c.Outcome.Kind == designs.Cancel {
		return []designs.ViolationKind{designs.ActorPanic, designs.EndWrong, designs.EndedEarly, designs.ChunkLost}
	}
	return nil
}

func (netClosesData) Wire(w *designs.Workflow) designs.Actors {
	c := w.Config().Capacity
	req, read, stop := make(chan designs.Request, c), make(chan designs.Request, c), make(chan int32, c)
	data, ctrl := mutantChans(w.Config().Streams, 0), mutantChans(w.Config().Streams, c) // data: a rendezvous
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
					if !n.Handle(m, req) { // net cancelled at its chunk
						n.Perturb()
						close(data[n.Stream]) // the bug: the receiver closes
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
		},
		Router: dropSenderRouter(req, read, stop, ctrl),
		Script: dropSenderScript(read, stop, data),
	}
}

func netClosesDataMutant() mutant {
	return mutant{
		design:    netClosesData{},
		breaks:    "an actor that panics is a violation: net closes the channel script still sends on (grpc#1687)",
		signature: []designs.ViolationKind{designs.ActorPanic},
		catch:     cfg(cancelAt(4), window(4)),
		also:      []designs.Config{cfg(cancelAt(2), window(4), streams(8))},
		must:      []layer{natural, yield, forced},
		clean:     []designs.Config{cfg(), cfg(window(4)), cfg(failAt(5), window(4)), cfg(panicAt(3))},
		raceGated: true,
	}
}

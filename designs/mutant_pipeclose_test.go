package designs_test

import (
	"errors"
	"io"

	"chanbench/designs"
)

// pipeClose is Pipe with script ending a failed stream's pipe with Close()
// where CloseWithError(err) was meant ("we are done with this pipe"):
//
//	net ──req──▶ router ──read──▶ script ──io.Pipe[s]──▶ net
//	script, on the error: pw.Close()   // not pw.CloseWithError(err)
//
// Close is CloseWithError(nil): net's reader sees io.EOF, the end of a
// stream that succeeded, and the error is gone. Nothing in the types
// tells the two apart.
//
// Breaks: error first (the error is lost). Caught wherever the source
// fails or panics, in every layer; clean on done and cancel.
type pipeClose struct{}

func (pipeClose) Name() string { return "pipe-close" }

// KnownFlaws: the error lost, whenever there is one.
func (pipeClose) KnownFlaws(c designs.Config) []designs.ViolationKind {
	if fails(c) {
		return []designs.ViolationKind{designs.ErrorLost}
	}
	return nil
}

// errPipeNetEnded closes a pipe's reader once its net has ended.
var errPipeNetEnded = errors.New("net has ended the stream")

func (pipeClose) Wire(w *designs.Workflow) designs.Actors {
	c := w.Config().Capacity
	req, read := make(chan designs.Request, c), make(chan designs.Request, c)
	readers := make([]*io.PipeReader, w.Config().Streams)
	writers := make([]*io.PipeWriter, w.Config().Streams)
	for s := range readers {
		readers[s], writers[s] = io.Pipe()
	}
	return designs.Actors{
		Net: func(n *designs.Net) {
			pr, buf := readers[n.Stream], make([]byte, w.Config().ChunkSize)
			defer n.AfterDone(func() { pr.CloseWithError(errPipeNetEnded) })()
			for seq := int64(0); ; seq++ {
				for n.MayPull() {
					n.Perturb()
					select {
					case req <- n.Request():
						n.Pulled()
					case <-n.Done():
						n.End(designs.EndCancelled)
						return
					}
				}
				n.Perturb()
				_, err := io.ReadFull(pr, buf)
				switch {
				case err == nil:
					if !n.Handle(designs.Msg{Kind: designs.MsgChunk, Stream: int32(n.Stream), Seq: seq, Data: buf}, req) {
						return
					}
				case n.Cancelled():
					n.End(designs.EndCancelled)
					return
				case err == io.EOF:
					n.End(designs.EndClosed)
					return
				default:
					n.Handle(designs.Msg{Kind: designs.MsgError, Stream: int32(n.Stream), Err: err}, req)
					n.End(designs.EndClosed)
					return
				}
			}
		},
		Router: dropSenderRouter(req, read, nil, nil),
		Script: func(s *designs.Script) {
			for {
				s.Perturb()
				select {
				case x := <-read:
					m, ok := s.Read(x.Stream)
					if !ok {
						continue
					}
					switch m.Kind {
					case designs.MsgChunk:
						s.Perturb()
						writers[x.Stream].Write(m.Data)
					default:
						s.Perturb()
						writers[x.Stream].Close() // the bug: the error is not passed on
					}
				case <-s.Quit():
					return
				}
			}
		},
	}
}

func pipeCloseMutant() mutant {
	return mutant{
		design:    pipeClose{},
		breaks:    "error first: the pipe is ended with Close where CloseWithError(err) was meant, so net reads EOF",
		signature: []designs.ViolationKind{designs.ErrorLost},
		catch:     cfg(failAt(5)),
		also:      []designs.Config{cfg(panicAt(3)), cfg(failAt(0), window(4), streams(4))},
		must:      everyLayer(),
		clean:     []designs.Config{cfg(), cfg(window(4)), cfg(cancelAt(4)), cfg(streams(4), window(4))},
	}
}

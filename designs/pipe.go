package designs

import (
	"errors"
	"io"
)

// Pipe is the standard library's own shape of this workflow: script writes
// each chunk of a stream to that stream's io.Pipe, and ends it with
// CloseWithError(err) on an error, or Close on done. Requests still go
// through the router, on channels.
//
//	net ──req──▶ router ──read──▶ script
//	 ▲                               │
//	 └──────────── io.Pipe[s] ◀──────┘   (chunk bytes; then err, or EOF)
//
// A pipe hands its reader every byte written, then the error given to
// CloseWithError, in order, by construction: net sees the error after the
// last chunk and before the end, for any window and any schedule. Chunk
// boundaries are kept by size: net reads each chunk with io.ReadFull of
// ChunkSize bytes into its own buffer, and numbers chunks by counting them,
// so a chunk lost or torn shows as a corrupted one. A pipe Write returns
// only once net has read every byte, so script (one goroutine for every
// stream) waits on each net in turn; that cannot deadlock, since net always
// comes back to its read (its request sends go to a router that is always
// ready to take them), and net's cancellation (context.AfterFunc, Net.
// AfterDone) closes its reader with an error, which ends any Write to it.
type Pipe struct{}

// Name is "pipe".
func (Pipe) Name() string { return "pipe" }

// ChunkPath: requests on the direct path's channels, chunks through a pipe.
func (Pipe) ChunkPath(c Config) ChunkPath { return ChunkPath{HandOff: ByPipe, Capacity: c.Capacity} }

// ModelRefusal: an io.Pipe is not one of the channels the model generator
// translates.
func (Pipe) ModelRefusal() string { return "make of []*io.PipeReader" }

// errNetEnded is what closes a pipe's reader once its net has ended: it is
// what a Write blocked on that pipe then returns.
var errNetEnded = errors.New("net has ended the stream")

// Wire makes the request channels, one pipe and one read buffer per stream,
// and the three loops.
func (Pipe) Wire(w *Workflow) Actors {
	c := w.cfg.Capacity
	req := make(chan Request, c)
	read := make(chan Request, c)
	readers := make([]*io.PipeReader, w.cfg.Streams)
	writers := make([]*io.PipeWriter, w.cfg.Streams)
	bufs := make([][]byte, w.cfg.Streams)
	for s := range readers {
		readers[s], writers[s] = io.Pipe()
		bufs[s] = make([]byte, w.cfg.ChunkSize)
	}
	return Actors{
		Net: func(n *Net) {
			pr, buf := readers[n.Stream], bufs[n.Stream]
			defer n.AfterDone(func() { pr.CloseWithError(errNetEnded) })()
			for seq := int64(0); ; seq++ {
				for n.MayPull() {
					n.Perturb()
					select {
					case req <- n.Request():
						n.Pulled()
					case <-n.Done():
						n.End(EndCancelled)
						return
					}
				}
				n.Perturb()
				_, err := io.ReadFull(pr, buf)
				switch {
				case err == nil:
					if !n.Handle(Msg{Kind: MsgChunk, Stream: int32(n.Stream), Seq: seq, Data: buf}, req) {
						return
					}
				case n.Cancelled():
					n.End(EndCancelled)
					return
				case err == io.EOF:
					n.End(EndClosed)
					return
				default:
					n.Handle(Msg{Kind: MsgError, Stream: int32(n.Stream), Err: err}, req)
					n.End(EndClosed)
					return
				}
			}
		},
		Router: func(r *Router) {
			q := r.Queue()
			for {
				r.Perturb()
				select {
				case x := <-req:
					q.Push(x)
				case q.Out(read) <- q.Head():
					q.Pop()
				case <-r.Quit():
					return
				}
			}
		},
		Script: func(s *Script) {
			for {
				s.Perturb()
				select {
				case x := <-read:
					m, ok := s.Read(x.Stream)
					if !ok {
						continue // the stream has ended: ignore the request
					}
					pw := writers[x.Stream]
					switch m.Kind {
					case MsgChunk:
						s.Perturb()
						pw.Write(m.Data) // returns once net has read it all, or has ended
					case MsgError:
						s.Perturb()
						pw.CloseWithError(m.Err)
					case MsgDone:
						s.Perturb()
						pw.Close()
					}
				case <-s.Quit():
					return
				}
			}
		},
	}
}

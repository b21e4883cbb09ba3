package designs

import "iter"

// Pull is a reference, not a contender: net pulls each chunk from its
// stream's source through iter.Pull2, which runs the source as a coroutine
// on net's own thread. There is no router and no script at work (their
// loops only wait for Quit), so no hand-off between threads at all.
//
//	net ──next()──▶ source   (a coroutine switch, not a goroutine hand-off)
//	net ◀─(chunk, nil)───┘   then (nil, err) on an error, or the end
//
// The source yields its chunks, then its error if it failed, then stops:
// net sees them in that order because it is the one reading them. What
// this design costs is the workflow's own work (filling, checking, the
// record) plus a coroutine switch per chunk: the floor under every design,
// which can then be read as × pull. It answers no question about a shared
// router or offered load, and says so (NotApplicable).
type Pull struct{}

// Name is "pull".
func (Pull) Name() string { return "pull" }

// ChunkPath: no hop.
func (Pull) ChunkPath(Config) ChunkPath { return ChunkPath{HandOff: ByCoroutine} }

// ModelRefusal: the generator models three actors on channels; net's
// deferred stop of its iter.Pull2 coroutine is the first thing it refuses.
func (Pull) ModelRefusal() string { return "a defer statement" }

// Reference: the cost of the workflow with no hand-off between threads.
func (Pull) Reference() string {
	return "the workflow's own work with no hand-off between threads: every design's cost can be read as × pull"
}

// NotApplicable: streams share no router, and nothing queues for one.
func (Pull) NotApplicable(q Question) string {
	switch q {
	case SharedRouter:
		return "pull has no router: each net pulls its own source, so streams share nothing"
	case OfferedLoad:
		return "pull has no router or script for arriving streams to queue at: each net runs alone on its own thread"
	}
	return ""
}

// Wire returns net's loop over iter.Pull2, and router and script loops
// that wait for Quit.
func (Pull) Wire(_ *Workflow) Actors {
	return Actors{
		Net: func(n *Net) {
			next, stop := iter.Pull2(chunksOf(n.Source()))
			defer stop()
			for seq := int64(0); ; seq++ {
				if n.Cancelled() {
					n.End(EndCancelled)
					return
				}
				if n.MayPull() {
					n.Pulled() // the "request": the time net asked
				}
				n.Perturb()
				data, err, ok := next()
				switch {
				case !ok:
					n.End(EndClosed)
					return
				case err != nil:
					n.HandleAsk(Msg{Kind: MsgError, Stream: int32(n.Stream), Err: err}, nil)
					n.End(EndClosed)
					return
				}
				if !n.HandleAsk(Msg{Kind: MsgChunk, Stream: int32(n.Stream), Seq: seq, Data: data}, nil) {
					return
				}
			}
		},
		Router: func(r *Router) {
			r.Perturb()
			<-r.Quit()
		},
		Script: func(s *Script) {
			s.Perturb()
			<-s.Quit()
		},
	}
}

// chunksOf is src as an iterator: each chunk's bytes, then (nil, err) if
// the source failed (or panicked); it stops after done.
func chunksOf(src *Source) iter.Seq2[[]byte, error] {
	return func(yield func([]byte, error) bool) {
		for {
			m, ok := src.Read()
			if !ok {
				return
			}
			switch m.Kind {
			case MsgChunk:
				if !yield(m.Data, nil) {
					return
				}
			case MsgError:
				yield(nil, m.Err)
				return
			default:
				return
			}
		}
	}
}

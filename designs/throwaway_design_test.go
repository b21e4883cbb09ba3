package designs_test

import "chanbench/designs"

// throwaway is a design that exists only for TestThrowawayDesign: the
// router design with every channel a rendezvous, written as a reviewer
// would write a new design, in a file of its own, registered nowhere.
//
//	net ──req──▶ router ──read──▶ script ──result──▶ router ──out──▶ net
//
// Every channel is unbuffered, so each hand-off is a rendezvous; the
// router sends net the error and then the shutdown on out, in order.
type throwaway struct{}

// Name is "throwaway".
func (throwaway) Name() string { return "throwaway" }

// ChunkPath: routed, every channel a rendezvous; net has one channel, out.
func (throwaway) ChunkPath(designs.Config) designs.ChunkPath {
	return designs.ChunkPath{ViaRouter: true, Capacity: 0}
}

// Wire makes the rendezvous channels and the three loops.
func (throwaway) Wire(w *designs.Workflow) designs.Actors {
	req := make(chan designs.Request)
	read := make(chan designs.Request)
	result := make(chan designs.Msg)
	out := mutantChans(w.Config().Streams, 0)
	return designs.Actors{
		Net: routedNet(req, out),
		Router: func(r *designs.Router) {
			q := r.Queue()
			for {
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
		Script: routedScript(read, result),
	}
}

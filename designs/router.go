package designs

// RouterSerialized is the article's fix: script sends every outcome to the
// router, and the router alone talks to net, on one channel.
//
//	net ──req──▶ router ──read──▶ script
//	              ▲  │                │
//	              │  └──────out──────▶ net   (chunks, error, shutdown)
//	              └──────result───────┘      (chunks, error, done)
//
// On an error the router enqueues the error and then the shutdown, from
// one goroutine on one channel, and FIFO order does the rest: net always
// handles the error first, for any window and any schedule. The cost is an
// extra hop for every chunk, and at scale one router carries all traffic.
type RouterSerialized struct{}

// Name is "router".
func (RouterSerialized) Name() string { return "router" }

// ChunkPath: routed, buffered; net has one channel, out.
func (RouterSerialized) ChunkPath(c Config) ChunkPath {
	return ChunkPath{ViaRouter: true, Capacity: c.Capacity}
}

// Wire makes the buffered channels and the three loops.
func (RouterSerialized) Wire(w *Workflow) Actors {
	c := w.cfg.Capacity
	req := make(chan Request, c)
	read := make(chan Request, c)
	result := make(chan Msg, c)
	out := chans(w.cfg.Streams, c)
	return Actors{
		Net: func(n *Net) {
			for {
				n.Perturb()
				select {
				case n.Pull(req) <- n.Request():
					n.Pulled()
				case m := <-out[n.Stream]:
					if !n.Handle(m, req) {
						return
					}
				case <-n.Done():
					n.End(EndCancelled)
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
				case m := <-result:
					if m.Kind != MsgDone {
						r.ToNet(out[m.Stream], m)
					}
					if m.Terminal() {
						r.ToNet(out[m.Stream], Msg{Kind: MsgShutdown, Stream: m.Stream})
					}
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

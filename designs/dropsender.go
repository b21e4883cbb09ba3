package designs

// DropSender has no shutdown message at all: each goroutine that sends to
// net closes its channel when it is finished ("dropping the sender", as
// Rust says), and net ends once all of its channels are closed.
//
//	net ──req──▶ router ──read──▶ script ──data──▶ net     (chunks, error; closed at the end)
//	                ▲                │
//	                └──────stop──────┘
//	router ──ctrl──▶ net                                     (never a value; closed on stop)
//
// On done or error script closes data (after the error, if any), then
// tells the router, which closes ctrl, the sender it holds to net. A value
// sent before a close is always received before the close is seen, so net
// sees the error before data reads as closed, whatever the schedule.
type DropSender struct{}

// Name is "dropsender".
func (DropSender) Name() string { return "dropsender" }

// ChunkPath: direct, buffered, net also on ctrl (the router's sender, never
// a value).
func (DropSender) ChunkPath(c Config) ChunkPath {
	return ChunkPath{Capacity: c.Capacity, NetCtrl: true}
}

// Wire makes the buffered channels and the three loops.
func (DropSender) Wire(w *Workflow) Actors {
	c := w.cfg.Capacity
	req := make(chan Request, c)
	read := make(chan Request, c)
	stop := make(chan int32, c)
	data := chans(w.cfg.Streams, c)
	ctrl := chans(w.cfg.Streams, c)
	return Actors{
		Net: func(n *Net) {
			in, held := data[n.Stream], ctrl[n.Stream]
			for in != nil || held != nil {
				n.Perturb()
				select {
				case n.Pull(req) <- n.Request():
					n.Pulled()
				case m, ok := <-in:
					if !ok {
						in = nil // a nil channel is never ready again
						continue
					}
					if !n.Handle(m, req) {
						return
					}
				case _, ok := <-held:
					if !ok {
						held = nil
					}
				case <-n.Done():
					n.End(EndCancelled)
					return
				}
			}
			n.End(EndClosed)
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
				case s := <-stop:
					r.Perturb()
					close(ctrl[s])
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
						continue // the stream has ended (and data is closed)
					}
					if m.Kind != MsgDone {
						s.ToNet(data[x.Stream], m)
					}
					if m.Terminal() {
						s.Perturb()
						close(data[x.Stream])
						s.Perturb()
						select {
						case stop <- x.Stream:
						case <-s.Quit():
							return
						}
					}
				case <-s.Quit():
					return
				}
			}
		},
	}
}

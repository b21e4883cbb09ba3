package designs

// wireShutdownMessage wires the article's original topology, shared by
// Unbuffered (capacity 0) and Explicit (capacity > 0): the capacity is the
// only difference between the two, and it is the difference between correct
// and broken.
//
//	net ──req──▶ router ──read──▶ script ──data──▶ net     (chunks, error)
//	                ▲                │
//	                └──────stop──────┘
//	router ──ctrl──▶ net                                     (shutdown)
//
// Script sends a chunk or the error straight to net; on done or error it
// then tells the router the stream is over, and the router sends net a
// shutdown on a second channel. Net records the error and ends on the
// shutdown.
//
// The cycle net → router → script → net would deadlock a naive loop once
// net keeps more than one request outstanding (net blocked sending a
// request, the router blocked passing one to script, script blocked sending
// a chunk to net). Here no loop blocks on one channel alone: net sends
// requests inside its select, and the router queues requests and offers
// the head to script inside its select.
func wireShutdownMessage(w *Workflow, capacity int) Actors {
	req := make(chan Request, capacity)
	read := make(chan Request, capacity)
	stop := make(chan int32, capacity)
	data := chans(w.cfg.Streams, capacity)
	ctrl := chans(w.cfg.Streams, capacity)
	return Actors{
		Net: func(n *Net) {
			for {
				n.Perturb()
				select {
				case n.Pull(req) <- n.Request():
					n.Pulled()
				case m := <-data[n.Stream]:
					if !n.Handle(m, req) {
						return
					}
				case <-ctrl[n.Stream]:
					// The shutdown ends the workflow, whatever may still be
					// waiting in data.
					n.End(EndShutdown, data[n.Stream])
					return
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
				case s := <-stop:
					r.ToNet(ctrl[s], Msg{Kind: MsgShutdown, Stream: s})
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
					if m.Kind != MsgDone {
						s.ToNet(data[x.Stream], m)
					}
					if m.Terminal() {
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

// chans makes one channel of capacity c per stream.
func chans(streams, c int) []chan Msg {
	cs := make([]chan Msg, streams)
	for i := range cs {
		cs[i] = make(chan Msg, c)
	}
	return cs
}

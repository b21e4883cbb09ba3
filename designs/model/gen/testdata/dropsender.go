// Package variants: DropClose is designs' DropSender; DropNoClose is the
// same with script's close(data[x.Stream]) left out, so that net, which
// ends once both of its channels are closed, never ends.
package variants

import "chanbench/designs"

func dropChans(streams, c int) []chan designs.Msg {
	cs := make([]chan designs.Msg, streams)
	for i := range cs {
		cs[i] = make(chan designs.Msg, c)
	}
	return cs
}

// DropClose is DropSender.
type DropClose struct{}

// Name is "drop-close".
func (DropClose) Name() string { return "drop-close" }

// Wire wires it.
func (DropClose) Wire(w *designs.Workflow) designs.Actors {
	c := w.Config().Capacity
	req := make(chan designs.Request, c)
	read := make(chan designs.Request, c)
	stop := make(chan int32, c)
	data := dropChans(w.Config().Streams, c)
	ctrl := dropChans(w.Config().Streams, c)
	return designs.Actors{
		Net: func(n *designs.Net) {
			in, held := data[n.Stream], ctrl[n.Stream]
			for in != nil || held != nil {
				select {
				case n.Pull(req) <- n.Request():
					n.Pulled()
				case m, ok := <-in:
					if !ok {
						in = nil
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
					n.End(designs.EndCancelled)
					return
				}
			}
			n.End(designs.EndClosed)
		},
		Router: func(r *designs.Router) {
			q := r.Queue()
			for {
				select {
				case x := <-req:
					q.Push(x)
				case q.Out(read) <- q.Head():
					q.Pop()
				case s := <-stop:
					close(ctrl[s])
				case <-r.Quit():
					return
				}
			}
		},
		Script: func(s *designs.Script) {
			for {
				select {
				case x := <-read:
					m, ok := s.Read(x.Stream)
					if !ok {
						continue
					}
					if m.Kind != designs.MsgDone {
						s.ToNet(data[x.Stream], m)
					}
					if m.Terminal() {
						close(data[x.Stream])
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

// DropNoClose is DropClose without close(data[x.Stream]).
type DropNoClose struct{}

// Name is "drop-noclose".
func (DropNoClose) Name() string { return "drop-noclose" }

// Wire wires it.
func (DropNoClose) Wire(w *designs.Workflow) designs.Actors {
	c := w.Config().Capacity
	req := make(chan designs.Request, c)
	read := make(chan designs.Request, c)
	stop := make(chan int32, c)
	data := dropChans(w.Config().Streams, c)
	ctrl := dropChans(w.Config().Streams, c)
	return designs.Actors{
		Net: func(n *designs.Net) {
			in, held := data[n.Stream], ctrl[n.Stream]
			for in != nil || held != nil {
				select {
				case n.Pull(req) <- n.Request():
					n.Pulled()
				case m, ok := <-in:
					if !ok {
						in = nil
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
					n.End(designs.EndCancelled)
					return
				}
			}
			n.End(designs.EndClosed)
		},
		Router: func(r *designs.Router) {
			q := r.Queue()
			for {
				select {
				case x := <-req:
					q.Push(x)
				case q.Out(read) <- q.Head():
					q.Pop()
				case s := <-stop:
					close(ctrl[s])
				case <-r.Quit():
					return
				}
			}
		},
		Script: func(s *designs.Script) {
			for {
				select {
				case x := <-read:
					m, ok := s.Read(x.Stream)
					if !ok {
						continue
					}
					if m.Kind != designs.MsgDone {
						s.ToNet(data[x.Stream], m)
					}
					if m.Terminal() {
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

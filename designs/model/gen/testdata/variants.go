// Package variants holds small designs that differ from one another in one
// construct, for the generator's own tests (designs/model/gen/gen_test.go):
// each pair must get different verdicts from Spin.
package variants

import "chanbench/designs"

func chans(streams, c int) []chan designs.Msg {
	cs := make([]chan designs.Msg, streams)
	for i := range cs {
		cs[i] = make(chan designs.Msg, c)
	}
	return cs
}

// routerNet and routerScript are RouterSerialized's net and script loops,
// shared by RouterFIFO and RouterSwapped.
func routerNet(req chan<- designs.Request, out []chan designs.Msg) func(*designs.Net) {
	return func(n *designs.Net) {
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
				n.End(designs.EndCancelled)
				return
			}
		}
	}
}

func routerScript(read <-chan designs.Request, result chan<- designs.Msg) func(*designs.Script) {
	return func(s *designs.Script) {
		for {
			select {
			case x := <-read:
				m, ok := s.Read(x.Stream)
				if !ok {
					continue
				}
				select {
				case result <- m:
				case <-s.Quit():
					return
				}
			case <-s.Quit():
				return
			}
		}
	}
}

// RouterFIFO is RouterSerialized: the router sends the error, then the
// shutdown, on one channel.
type RouterFIFO struct{}

// Name is "router-fifo".
func (RouterFIFO) Name() string { return "router-fifo" }

// Wire wires it.
func (RouterFIFO) Wire(w *designs.Workflow) designs.Actors {
	c := w.Config().Capacity
	req := make(chan designs.Request, c)
	read := make(chan designs.Request, c)
	result := make(chan designs.Msg, c)
	out := chans(w.Config().Streams, c)
	return designs.Actors{
		Net:    routerNet(req, out),
		Script: routerScript(read, result),
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
	}
}

// RouterSwapped is RouterFIFO with the router's two terminal sends swapped:
// the shutdown, then the error.
type RouterSwapped struct{}

// Name is "router-swapped".
func (RouterSwapped) Name() string { return "router-swapped" }

// Wire wires it.
func (RouterSwapped) Wire(w *designs.Workflow) designs.Actors {
	c := w.Config().Capacity
	req := make(chan designs.Request, c)
	read := make(chan designs.Request, c)
	result := make(chan designs.Msg, c)
	out := chans(w.Config().Streams, c)
	return designs.Actors{
		Net:    routerNet(req, out),
		Script: routerScript(read, result),
		Router: func(r *designs.Router) {
			q := r.Queue()
			for {
				select {
				case x := <-req:
					q.Push(x)
				case q.Out(read) <- q.Head():
					q.Pop()
				case m := <-result:
					if m.Terminal() {
						r.ToNet(out[m.Stream], designs.Msg{Kind: designs.MsgShutdown, Stream: m.Stream})
					}
					if m.Kind != designs.MsgDone {
						r.ToNet(out[m.Stream], m)
					}
				case <-r.Quit():
					return
				}
			}
		},
	}
}

// msgWire is the article's original topology (designs' wireShutdownMessage)
// with every channel of the given capacity.
func msgWire(w *designs.Workflow, capacity int) designs.Actors {
	req := make(chan designs.Request, capacity)
	read := make(chan designs.Request, capacity)
	stop := make(chan int32, capacity)
	data := chans(w.Config().Streams, capacity)
	ctrl := chans(w.Config().Streams, capacity)
	return designs.Actors{
		Net: func(n *designs.Net) {
			for {
				select {
				case n.Pull(req) <- n.Request():
					n.Pulled()
				case m := <-data[n.Stream]:
					if !n.Handle(m, req) {
						return
					}
				case <-ctrl[n.Stream]:
					n.End(designs.EndShutdown, data[n.Stream])
					return
				case <-n.Done():
					n.End(designs.EndCancelled)
					return
				}
			}
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
					r.ToNet(ctrl[s], designs.Msg{Kind: designs.MsgShutdown, Stream: s})
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

// MsgCap0 is the original topology with rendezvous channels (Unbuffered).
type MsgCap0 struct{}

// Name is "msg-cap0".
func (MsgCap0) Name() string { return "msg-cap0" }

// Wire wires it with capacity 0.
func (MsgCap0) Wire(w *designs.Workflow) designs.Actors { return msgWire(w, 0) }

// MsgCapCfg is the original topology with the configured capacity (Explicit).
type MsgCapCfg struct{}

// Name is "msg-capcfg".
func (MsgCapCfg) Name() string { return "msg-capcfg" }

// Wire wires it with w.Config().Capacity.
func (MsgCapCfg) Wire(w *designs.Workflow) designs.Actors { return msgWire(w, w.Config().Capacity) }

// RouterEndsCancelled is RouterFIFO whose net reports a shutdown as a
// cancellation: wrong whenever nothing cancelled the workflow, right when
// net itself cancels (it never sees the shutdown then).
type RouterEndsCancelled struct{}

// Name is "router-ends-cancelled".
func (RouterEndsCancelled) Name() string { return "router-ends-cancelled" }

// Wire wires it.
func (RouterEndsCancelled) Wire(w *designs.Workflow) designs.Actors {
	c := w.Config().Capacity
	req := make(chan designs.Request, c)
	read := make(chan designs.Request, c)
	result := make(chan designs.Msg, c)
	out := chans(w.Config().Streams, c)
	return designs.Actors{
		Net: func(n *designs.Net) {
			for {
				select {
				case n.Pull(req) <- n.Request():
					n.Pulled()
				case m := <-out[n.Stream]:
					if m.Kind == designs.MsgShutdown {
						n.End(designs.EndCancelled) // the bug: not EndShutdown
						return
					}
					if !n.Handle(m, req) {
						return
					}
				case <-n.Done():
					n.End(designs.EndCancelled)
					return
				}
			}
		},
		Script: routerScript(read, result),
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
	}
}

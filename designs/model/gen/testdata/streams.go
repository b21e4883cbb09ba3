// Package variants: StopOne and StopAll differ in one construct, which
// stream the router shuts down on a stop: the one that stopped, or every
// stream (a range loop). With one stream they are the same; with two,
// StopAll shuts a stream down before its error.
package variants

import "chanbench/designs"

func streamChans(streams, c int) []chan designs.Msg {
	cs := make([]chan designs.Msg, streams)
	for i := range cs {
		cs[i] = make(chan designs.Msg, c)
	}
	return cs
}

func stopNet(req chan<- designs.Request, data, ctrl []chan designs.Msg) func(*designs.Net) {
	return func(n *designs.Net) {
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
	}
}

func stopScript(read <-chan designs.Request, stop chan<- int32, data []chan designs.Msg) func(*designs.Script) {
	return func(s *designs.Script) {
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
	}
}

// StopOne is Unbuffered: the router shuts down the stream that stopped.
type StopOne struct{}

// Name is "stop-one".
func (StopOne) Name() string { return "stop-one" }

// Wire wires it with rendezvous channels.
func (StopOne) Wire(w *designs.Workflow) designs.Actors {
	req := make(chan designs.Request)
	read := make(chan designs.Request)
	stop := make(chan int32)
	data := streamChans(w.Config().Streams, 0)
	ctrl := streamChans(w.Config().Streams, 0)
	return designs.Actors{
		Net:    stopNet(req, data, ctrl),
		Script: stopScript(read, stop, data),
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
	}
}

// StopAll is StopOne whose router shuts down every stream on any stop.
type StopAll struct{}

// Name is "stop-all".
func (StopAll) Name() string { return "stop-all" }

// Wire wires it with rendezvous channels.
func (StopAll) Wire(w *designs.Workflow) designs.Actors {
	req := make(chan designs.Request)
	read := make(chan designs.Request)
	stop := make(chan int32)
	data := streamChans(w.Config().Streams, 0)
	ctrl := streamChans(w.Config().Streams, 0)
	return designs.Actors{
		Net:    stopNet(req, data, ctrl),
		Script: stopScript(read, stop, data),
		Router: func(r *designs.Router) {
			q := r.Queue()
			for {
				select {
				case x := <-req:
					q.Push(x)
				case q.Out(read) <- q.Head():
					q.Pop()
				case <-stop:
					for s := range ctrl {
						r.ToNet(ctrl[s], designs.Msg{Kind: designs.MsgShutdown, Stream: int32(s)})
					}
				case <-r.Quit():
					return
				}
			}
		},
	}
}

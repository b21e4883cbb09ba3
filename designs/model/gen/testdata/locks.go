// Package locks holds small designs that use a sync.Mutex and a
// sync.Cond, for the generator's tests of its lock translation
// (designs/model/gen/gen_test.go, TestLocks): RouterSerialized whose nets
// first wait, on a Cond, until script has started every stream. They
// differ in how script wakes the nets, and LockTwice in its router.
package locks

import (
	"sync"

	"chanbench/designs"
)

func chans(streams, c int) []chan designs.Msg {
	cs := make([]chan designs.Msg, streams)
	for i := range cs {
		cs[i] = make(chan designs.Msg, c)
	}
	return cs
}

// waitingNet is RouterSerialized's net, which first waits under mu until
// script has started its stream.
func waitingNet(req chan<- designs.Request, out []chan designs.Msg, started []bool, mu *sync.Mutex, cond *sync.Cond) func(*designs.Net) {
	return func(n *designs.Net) {
		mu.Lock()
		for !started[n.Stream] {
			cond.Wait()
		}
		mu.Unlock()
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

// router is RouterSerialized's router.
func router(req <-chan designs.Request, read chan<- designs.Request, result <-chan designs.Msg, out []chan designs.Msg) func(*designs.Router) {
	return func(r *designs.Router) {
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
	}
}

// CondHandoff: script starts every stream under the lock and wakes every net (Broadcast): correct for any number of streams.
type CondHandoff struct{}

// Name is "cond-handoff".
func (CondHandoff) Name() string { return "cond-handoff" }

// Wire wires it.
func (CondHandoff) Wire(w *designs.Workflow) designs.Actors {
	c := w.Config().Capacity
	req := make(chan designs.Request, c)
	read := make(chan designs.Request, c)
	result := make(chan designs.Msg, c)
	out := chans(w.Config().Streams, c)
	started := make([]bool, w.Config().Streams)
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	return designs.Actors{
		Net:    waitingNet(req, out, started, &mu, cond),
		Router: router(req, read, result, out),
		Script: func(s *designs.Script) {
			mu.Lock()
			for i := range started {
				started[i] = true
			}
			cond.Broadcast()
			mu.Unlock()
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
		},
	}
}

// CondSignalOne: Signal where every net waits: it wakes one net, and with two streams the other waits forever.
type CondSignalOne struct{}

// Name is "cond-signal-one".
func (CondSignalOne) Name() string { return "cond-signal-one" }

// Wire wires it.
func (CondSignalOne) Wire(w *designs.Workflow) designs.Actors {
	c := w.Config().Capacity
	req := make(chan designs.Request, c)
	read := make(chan designs.Request, c)
	result := make(chan designs.Msg, c)
	out := chans(w.Config().Streams, c)
	started := make([]bool, w.Config().Streams)
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	return designs.Actors{
		Net:    waitingNet(req, out, started, &mu, cond),
		Router: router(req, read, result, out),
		Script: func(s *designs.Script) {
			mu.Lock()
			for i := range started {
				started[i] = true
			}
			cond.Signal()
			mu.Unlock()
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
		},
	}
}

// CondNoNotify: script sets the flags and wakes nobody: a net that waits waits forever.
type CondNoNotify struct{}

// Name is "cond-no-notify".
func (CondNoNotify) Name() string { return "cond-no-notify" }

// Wire wires it.
func (CondNoNotify) Wire(w *designs.Workflow) designs.Actors {
	c := w.Config().Capacity
	req := make(chan designs.Request, c)
	read := make(chan designs.Request, c)
	result := make(chan designs.Msg, c)
	out := chans(w.Config().Streams, c)
	started := make([]bool, w.Config().Streams)
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	return designs.Actors{
		Net:    waitingNet(req, out, started, &mu, cond),
		Router: router(req, read, result, out),
		Script: func(s *designs.Script) {
			mu.Lock()
			for i := range started {
				started[i] = true
			}
			mu.Unlock()
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
		},
	}
}

// LockTwice: the router locks the mutex that script also locks, and never unlocks it: script blocks on Lock forever.
type LockTwice struct{}

// Name is "lock-twice".
func (LockTwice) Name() string { return "lock-twice" }

// Wire wires it.
func (LockTwice) Wire(w *designs.Workflow) designs.Actors {
	c := w.Config().Capacity
	req := make(chan designs.Request, c)
	read := make(chan designs.Request, c)
	result := make(chan designs.Msg, c)
	out := chans(w.Config().Streams, c)
	started := make([]bool, w.Config().Streams)
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	return designs.Actors{
		Net: waitingNet(req, out, started, &mu, cond),
		Router: func(r *designs.Router) {
			mu.Lock() // and never unlocks it
			q := r.Queue()
			for {
				select {
				case x := <-req:
					q.Push(x)
				case q.Out(read) <- q.Head():
					q.Pop()
				case m := <-result:
					r.ToNet(out[m.Stream], m)
				case <-r.Quit():
					return
				}
			}
		},
		Script: func(s *designs.Script) {
			mu.Lock()
			for i := range started {
				started[i] = true
			}
			cond.Broadcast()
			mu.Unlock()
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
		},
	}
}

// Package lockfifo holds variants of the locks design (designs/locks.go:
// inboxes that are designs.FIFOs under a sync.Mutex, signalled through a
// sync.Cond), for the generator's tests of its translation of them
// (designs/model/gen/gen_test.go, TestLockedFIFOs): each differs from
// locks in one construct, and each is refuted where locks is verified.
package lockfifo

import (
	"sync"

	"chanbench/designs"
)

// lockNet is locks' net loop.
func lockNet(routerMu *sync.Mutex, routerCond *sync.Cond, routerIn *designs.FIFO[designs.Request],
	netMu []sync.Mutex, netCond []*sync.Cond, netIn []*designs.FIFO[designs.Msg]) func(*designs.Net) {
	return func(n *designs.Net) {
		defer n.AfterDone(func() {
			netMu[n.Stream].Lock()
			netMu[n.Stream].Unlock()
			netCond[n.Stream].Broadcast()
		})()
		ask := func() {
			routerMu.Lock()
			routerIn.Put(n.Request())
			routerMu.Unlock()
			routerCond.Signal()
		}
		for {
			for n.MayPull() {
				ask()
				n.Pulled()
			}
			n.Perturb()
			netMu[n.Stream].Lock()
			for netIn[n.Stream].Len() == 0 && !n.Cancelled() {
				netCond[n.Stream].Wait()
			}
			if n.Cancelled() {
				netMu[n.Stream].Unlock()
				n.End(designs.EndCancelled)
				return
			}
			m := netIn[n.Stream].Take()
			netMu[n.Stream].Unlock()
			if !n.HandleAsk(m, ask) {
				return
			}
		}
	}
}

// lockRouter is locks' router loop, its quit goroutine broadcasting.
func lockRouter(routerMu *sync.Mutex, routerCond *sync.Cond, routerIn *designs.FIFO[designs.Request],
	scriptMu *sync.Mutex, scriptCond *sync.Cond, scriptIn *designs.FIFO[designs.Request]) func(*designs.Router) {
	return func(r *designs.Router) {
		go func() {
			<-r.Quit()
			routerMu.Lock()
			routerMu.Unlock()
			routerCond.Broadcast()
		}()
		for {
			routerMu.Lock()
			for routerIn.Len() == 0 {
				select {
				case <-r.Quit():
					routerMu.Unlock()
					return
				default:
				}
				routerCond.Wait()
			}
			x := routerIn.Take()
			routerMu.Unlock()
			scriptMu.Lock()
			scriptIn.Put(x)
			scriptMu.Unlock()
			scriptCond.Signal()
		}
	}
}

// lockScript is locks' script loop.
func lockScript(scriptMu *sync.Mutex, scriptCond *sync.Cond, scriptIn *designs.FIFO[designs.Request],
	netMu []sync.Mutex, netCond []*sync.Cond, netIn []*designs.FIFO[designs.Msg]) func(*designs.Script) {
	return func(s *designs.Script) {
		go func() {
			<-s.Quit()
			scriptMu.Lock()
			scriptMu.Unlock()
			scriptCond.Broadcast()
		}()
		for {
			scriptMu.Lock()
			for scriptIn.Len() == 0 {
				select {
				case <-s.Quit():
					scriptMu.Unlock()
					return
				default:
				}
				scriptCond.Wait()
			}
			x := scriptIn.Take()
			scriptMu.Unlock()
			m, ok := s.Read(x.Stream)
			if !ok {
				continue
			}
			netMu[x.Stream].Lock()
			if m.Kind != designs.MsgDone {
				netIn[x.Stream].Put(m)
			}
			if m.Terminal() {
				netIn[x.Stream].Put(designs.Msg{Kind: designs.MsgShutdown, Stream: x.Stream})
			}
			netMu[x.Stream].Unlock()
			netCond[x.Stream].Signal()
		}
	}
}

// LockedFIFOs is locks, from the helpers above: verified where locks is.
type LockedFIFOs struct{}

// Name is "locked-fifos".
func (LockedFIFOs) Name() string { return "locked-fifos" }

// Wire wires it.
func (LockedFIFOs) Wire(w *designs.Workflow) designs.Actors {
	var routerMu, scriptMu sync.Mutex
	routerCond := sync.NewCond(&routerMu)
	scriptCond := sync.NewCond(&scriptMu)
	routerIn := designs.NewFIFO[designs.Request](w.Config().Streams * w.Config().Window)
	scriptIn := designs.NewFIFO[designs.Request](w.Config().Streams * w.Config().Window)
	netMu := make([]sync.Mutex, w.Config().Streams)
	netCond := make([]*sync.Cond, w.Config().Streams)
	netIn := make([]*designs.FIFO[designs.Msg], w.Config().Streams)
	for s := range netIn {
		netCond[s] = sync.NewCond(&netMu[s])
		netIn[s] = designs.NewFIFO[designs.Msg](w.Config().Window + 2)
	}
	return designs.Actors{
		Net:    lockNet(&routerMu, routerCond, routerIn, netMu, netCond, netIn),
		Router: lockRouter(&routerMu, routerCond, routerIn, &scriptMu, scriptCond, scriptIn),
		Script: lockScript(&scriptMu, scriptCond, scriptIn, netMu, netCond, netIn),
	}
}

// SmallInbox: net's inbox holds Window messages, where the error and the
// shutdown can come behind Window-1 chunks: the put overflows (Go panics).
type SmallInbox struct{}

// Name is "small-inbox".
func (SmallInbox) Name() string { return "small-inbox" }

// Wire wires it.
func (SmallInbox) Wire(w *designs.Workflow) designs.Actors {
	var routerMu, scriptMu sync.Mutex
	routerCond := sync.NewCond(&routerMu)
	scriptCond := sync.NewCond(&scriptMu)
	routerIn := designs.NewFIFO[designs.Request](w.Config().Streams * w.Config().Window)
	scriptIn := designs.NewFIFO[designs.Request](w.Config().Streams * w.Config().Window)
	netMu := make([]sync.Mutex, w.Config().Streams)
	netCond := make([]*sync.Cond, w.Config().Streams)
	netIn := make([]*designs.FIFO[designs.Msg], w.Config().Streams)
	for s := range netIn {
		netCond[s] = sync.NewCond(&netMu[s])
		netIn[s] = designs.NewFIFO[designs.Msg](w.Config().Window) // the bug: not + 2
	}
	return designs.Actors{
		Net:    lockNet(&routerMu, routerCond, routerIn, netMu, netCond, netIn),
		Router: lockRouter(&routerMu, routerCond, routerIn, &scriptMu, scriptCond, scriptIn),
		Script: lockScript(&scriptMu, scriptCond, scriptIn, netMu, netCond, netIn),
	}
}

// NoQuitWake: the router's quit goroutine takes the lock and wakes
// nobody: the router, waiting on its condition when quit comes, waits for
// ever.
type NoQuitWake struct{}

// Name is "no-quit-wake".
func (NoQuitWake) Name() string { return "no-quit-wake" }

// Wire wires it.
func (NoQuitWake) Wire(w *designs.Workflow) designs.Actors {
	var routerMu, scriptMu sync.Mutex
	routerCond := sync.NewCond(&routerMu)
	scriptCond := sync.NewCond(&scriptMu)
	routerIn := designs.NewFIFO[designs.Request](w.Config().Streams * w.Config().Window)
	scriptIn := designs.NewFIFO[designs.Request](w.Config().Streams * w.Config().Window)
	netMu := make([]sync.Mutex, w.Config().Streams)
	netCond := make([]*sync.Cond, w.Config().Streams)
	netIn := make([]*designs.FIFO[designs.Msg], w.Config().Streams)
	for s := range netIn {
		netCond[s] = sync.NewCond(&netMu[s])
		netIn[s] = designs.NewFIFO[designs.Msg](w.Config().Window + 2)
	}
	return designs.Actors{
		Net: lockNet(&routerMu, routerCond, routerIn, netMu, netCond, netIn),
		Router: func(r *designs.Router) {
			go func() {
				<-r.Quit()
				routerMu.Lock()
				routerMu.Unlock() // the bug: no routerCond.Broadcast()
			}()
			for {
				routerMu.Lock()
				for routerIn.Len() == 0 {
					select {
					case <-r.Quit():
						routerMu.Unlock()
						return
					default:
					}
					routerCond.Wait()
				}
				x := routerIn.Take()
				routerMu.Unlock()
				scriptMu.Lock()
				scriptIn.Put(x)
				scriptMu.Unlock()
				scriptCond.Signal()
			}
		},
		Script: lockScript(&scriptMu, scriptCond, scriptIn, netMu, netCond, netIn),
	}
}

// ShutdownFirst: script puts the shutdown before the error: net ends
// with the error behind it (the archetype bug, with locks).
type ShutdownFirst struct{}

// Name is "shutdown-first".
func (ShutdownFirst) Name() string { return "shutdown-first" }

// Wire wires it.
func (ShutdownFirst) Wire(w *designs.Workflow) designs.Actors {
	var routerMu, scriptMu sync.Mutex
	routerCond := sync.NewCond(&routerMu)
	scriptCond := sync.NewCond(&scriptMu)
	routerIn := designs.NewFIFO[designs.Request](w.Config().Streams * w.Config().Window)
	scriptIn := designs.NewFIFO[designs.Request](w.Config().Streams * w.Config().Window)
	netMu := make([]sync.Mutex, w.Config().Streams)
	netCond := make([]*sync.Cond, w.Config().Streams)
	netIn := make([]*designs.FIFO[designs.Msg], w.Config().Streams)
	for s := range netIn {
		netCond[s] = sync.NewCond(&netMu[s])
		netIn[s] = designs.NewFIFO[designs.Msg](w.Config().Window + 2)
	}
	return designs.Actors{
		Net:    lockNet(&routerMu, routerCond, routerIn, netMu, netCond, netIn),
		Router: lockRouter(&routerMu, routerCond, routerIn, &scriptMu, scriptCond, scriptIn),
		Script: func(s *designs.Script) {
			go func() {
				<-s.Quit()
				scriptMu.Lock()
				scriptMu.Unlock()
				scriptCond.Broadcast()
			}()
			for {
				scriptMu.Lock()
				for scriptIn.Len() == 0 {
					select {
					case <-s.Quit():
						scriptMu.Unlock()
						return
					default:
					}
					scriptCond.Wait()
				}
				x := scriptIn.Take()
				scriptMu.Unlock()
				m, ok := s.Read(x.Stream)
				if !ok {
					continue
				}
				netMu[x.Stream].Lock()
				if m.Terminal() { // the bug: the shutdown first
					netIn[x.Stream].Put(designs.Msg{Kind: designs.MsgShutdown, Stream: x.Stream})
				}
				if m.Kind != designs.MsgDone {
					netIn[x.Stream].Put(m)
				}
				netMu[x.Stream].Unlock()
				netCond[x.Stream].Signal()
			}
		},
	}
}

// NoSignal: script puts into net's inbox and wakes nobody: net, waiting
// on its condition, waits for ever.
type NoSignal struct{}

// Name is "no-signal".
func (NoSignal) Name() string { return "no-signal" }

// Wire wires it.
func (NoSignal) Wire(w *designs.Workflow) designs.Actors {
	var routerMu, scriptMu sync.Mutex
	routerCond := sync.NewCond(&routerMu)
	scriptCond := sync.NewCond(&scriptMu)
	routerIn := designs.NewFIFO[designs.Request](w.Config().Streams * w.Config().Window)
	scriptIn := designs.NewFIFO[designs.Request](w.Config().Streams * w.Config().Window)
	netMu := make([]sync.Mutex, w.Config().Streams)
	netCond := make([]*sync.Cond, w.Config().Streams)
	netIn := make([]*designs.FIFO[designs.Msg], w.Config().Streams)
	for s := range netIn {
		netCond[s] = sync.NewCond(&netMu[s])
		netIn[s] = designs.NewFIFO[designs.Msg](w.Config().Window + 2)
	}
	return designs.Actors{
		Net:    lockNet(&routerMu, routerCond, routerIn, netMu, netCond, netIn),
		Router: lockRouter(&routerMu, routerCond, routerIn, &scriptMu, scriptCond, scriptIn),
		Script: func(s *designs.Script) {
			go func() {
				<-s.Quit()
				scriptMu.Lock()
				scriptMu.Unlock()
				scriptCond.Broadcast()
			}()
			for {
				scriptMu.Lock()
				for scriptIn.Len() == 0 {
					select {
					case <-s.Quit():
						scriptMu.Unlock()
						return
					default:
					}
					scriptCond.Wait()
				}
				x := scriptIn.Take()
				scriptMu.Unlock()
				m, ok := s.Read(x.Stream)
				if !ok {
					continue
				}
				netMu[x.Stream].Lock()
				if m.Kind != designs.MsgDone {
					netIn[x.Stream].Put(m)
				}
				if m.Terminal() {
					netIn[x.Stream].Put(designs.Msg{Kind: designs.MsgShutdown, Stream: x.Stream})
				}
				netMu[x.Stream].Unlock() // the bug: no netCond[x.Stream].Signal()
			}
		},
	}
}

// Package variants: designs the generator must refuse, each at the line
// marked "refused here".
package variants

import (
	"io"
	"sync"
	"time"

	"chanbench/designs"
)

// Sleeper's script sleeps: time is not in the model.
type Sleeper struct{}

// Name is "sleeper".
func (Sleeper) Name() string { return "sleeper" }

// Wire wires it.
func (Sleeper) Wire(w *designs.Workflow) designs.Actors {
	read := make(chan designs.Request, 1)
	return designs.Actors{
		Net:    func(n *designs.Net) { n.End(designs.EndShutdown) },
		Router: func(r *designs.Router) { <-r.Quit() },
		Script: func(s *designs.Script) {
			for {
				select {
				case <-read:
					time.Sleep(time.Millisecond) // refused here: sleeper
				case <-s.Quit():
					return
				}
			}
		},
	}
}

// Spawner's router sends from a goroutine of its own.
type Spawner struct{}

// Name is "spawner".
func (Spawner) Name() string { return "spawner" }

// Wire wires it.
func (Spawner) Wire(w *designs.Workflow) designs.Actors {
	out := make(chan designs.Msg, 1)
	return designs.Actors{
		Net: func(n *designs.Net) { n.End(designs.EndShutdown) },
		Router: func(r *designs.Router) {
			go func() { out <- designs.Msg{Kind: designs.MsgShutdown} }() // refused here: spawner
			<-r.Quit()
		},
		Script: func(s *designs.Script) { <-s.Quit() },
	}
}

// Breaker breaks out of a select, which in Go leaves the select only.
type Breaker struct{}

// Name is "breaker".
func (Breaker) Name() string { return "breaker" }

// Wire wires it.
func (Breaker) Wire(w *designs.Workflow) designs.Actors {
	data := make(chan designs.Msg)
	return designs.Actors{
		Net: func(n *designs.Net) {
			for {
				select {
				case <-data:
					break // refused here: breaker
				case <-n.Done():
					return
				}
			}
		},
		Router: func(r *designs.Router) { <-r.Quit() },
		Script: func(s *designs.Script) { <-s.Quit() },
	}
}

// Mapper makes a map in Wire: only channels are translated.
type Mapper struct{}

// Name is "mapper".
func (Mapper) Name() string { return "mapper" }

// Wire wires it.
func (Mapper) Wire(w *designs.Workflow) designs.Actors {
	seen := make(map[int32]bool) // refused here: mapper
	_ = seen
	return designs.Actors{}
}

// Piper's script writes into an io.Pipe: a pipe is not modelled.
type Piper struct{}

// Name is "piper".
func (Piper) Name() string { return "piper" }

// Wire wires it.
func (Piper) Wire(w *designs.Workflow) designs.Actors {
	pr, pw := io.Pipe() // refused here: piper
	_, _ = pr, pw
	return designs.Actors{}
}

// TryLocker's router tries its lock: of package sync, only Lock, Unlock,
// Wait, Signal and Broadcast are modelled.
type TryLocker struct{}

// Name is "try-locker".
func (TryLocker) Name() string { return "try-locker" }

// Wire wires it.
func (TryLocker) Wire(w *designs.Workflow) designs.Actors {
	var mu sync.Mutex
	return designs.Actors{
		Net: func(n *designs.Net) { n.End(designs.EndShutdown) },
		Router: func(r *designs.Router) {
			if mu.TryLock() { // refused here: try-locker
				mu.Unlock()
			}
			<-r.Quit()
		},
		Script: func(s *designs.Script) { <-s.Quit() },
	}
}

// CondOnNew's cond is made on a mutex Wire does not declare.
type CondOnNew struct{}

// Name is "cond-on-new".
func (CondOnNew) Name() string { return "cond-on-new" }

// Wire wires it.
func (CondOnNew) Wire(w *designs.Workflow) designs.Actors {
	cond := sync.NewCond(&sync.Mutex{}) // refused here: cond-on-new
	return designs.Actors{
		Net:    func(n *designs.Net) { n.End(designs.EndShutdown) },
		Router: func(r *designs.Router) { cond.Signal(); <-r.Quit() },
		Script: func(s *designs.Script) { <-s.Quit() },
	}
}

// EmptyFIFO's FIFO has capacity 0: every Put would panic.
type EmptyFIFO struct{}

// Name is "empty-fifo".
func (EmptyFIFO) Name() string { return "empty-fifo" }

// Wire wires it.
func (EmptyFIFO) Wire(w *designs.Workflow) designs.Actors {
	q := designs.NewFIFO[designs.Msg](0) // refused here: empty-fifo
	_ = q
	return designs.Actors{}
}

// AskReturner's ask returns early: a function literal's body is inlined
// at each call, where a return would leave the loop.
type AskReturner struct{}

// Name is "ask-returner".
func (AskReturner) Name() string { return "ask-returner" }

// Wire wires it.
func (AskReturner) Wire(w *designs.Workflow) designs.Actors {
	return designs.Actors{
		Net: func(n *designs.Net) {
			ask := func() {
				return // refused here: ask-returner
			}
			ask()
			n.End(designs.EndShutdown)
		},
		Router: func(r *designs.Router) { <-r.Quit() },
		Script: func(s *designs.Script) { <-s.Quit() },
	}
}

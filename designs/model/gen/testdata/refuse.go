// Package variants: designs the generator must refuse, each at the line
// marked "refused here".
package variants

import (
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

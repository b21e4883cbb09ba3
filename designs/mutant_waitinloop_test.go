package designs_test

import (
	"sync"

	"chanbench/designs"
)

// waitInLoop re-expresses moby#25384 (GoBench's GoKer kernel of it; a
// blocking "misuse of WaitGroup" of the ASPLOS 2019 study's kind). In
// Moby, the plugin manager did group.Add(n) for n plugins and then, in
// the loop that started one goroutine per plugin, called group.Wait()
// inside the loop instead of after it: "when n = 1 the location of
// group.Wait() doesn't matter; when n > 1" the first Wait waits for n
// Dones with one goroutine started, for ever.
//
// Here DropSender's router forwards the requests it finds waiting as a
// batch, one goroutine each, and waits for them:
//
//	wg.Add(len(batch))
//	for _, x := range batch { go func() { read <- x; wg.Done() }(); wg.Wait() }   // Wait inside
//
// A batch of one (window 1, one stream: net never has two requests out)
// works; a batch of two blocks the router for ever, and with it every
// stream.
//
// Breaks: it ends (the watchdog's deadlock; the router never returns, so
// the harness reports it left behind too). Caught above window 1 by the
// natural and race layers; clean at window 1 with one stream.
type waitInLoop struct {
	stuck *stuckGroups // where release finds the groups the routers wait on for ever
}

func (waitInLoop) Name() string { return "wait-in-loop" }

// KnownFlaws: above window 1 or with several streams, the router stuck.
func (waitInLoop) KnownFlaws(c designs.Config) []designs.ViolationKind {
	if c.Window == 1 && c.Streams == 1 {
		return nil
	}
	return []designs.ViolationKind{designs.Deadlock, designs.GoroutineLeak}
}

func (m waitInLoop) Wire(w *designs.Workflow) designs.Actors {
	c := w.Config().Capacity
	req, read, stop := make(chan designs.Request, c), make(chan designs.Request, c), make(chan int32, c)
	data, ctrl := mutantChans(w.Config().Streams, c), mutantChans(w.Config().Streams, c)
	return designs.Actors{
		Net: dropSenderNet(req, data, ctrl),
		Router: func(r *designs.Router) {
			var batch []designs.Request
			for {
				r.Perturb()
				select {
				case x := <-req:
					batch = append(batch[:0], x)
					for more := true; more; { // and whatever else is waiting
						r.Perturb()
						select {
						case y := <-req:
							batch = append(batch, y)
						default:
							more = false
						}
					}
					var wg sync.WaitGroup
					wg.Add(len(batch))
					for i, y := range batch {
						go func() {
							defer wg.Done()
							r.Perturb()
							select {
							case read <- y:
							case <-r.Quit():
							}
						}()
						m.stuck.waiting(&wg, len(batch)-1-i)
						r.Perturb()
						wg.Wait() // the bug: inside the loop (moby#25384)
						m.stuck.over(&wg)
						r.Perturb()
						select {
						case <-r.Quit():
							return
						default:
						}
					}
				case s := <-stop:
					r.Perturb()
					close(ctrl[s])
				case <-r.Quit():
					return
				}
			}
		},
		Script: dropSenderScript(read, stop, data),
	}
}

// stuckGroups are the WaitGroups routers wait on, with the Dones each
// lacks, so that release can let them go before goleak looks.
type stuckGroups struct {
	mu     sync.Mutex
	groups map[*sync.WaitGroup]int
}

func (g *stuckGroups) waiting(wg *sync.WaitGroup, lacking int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.groups == nil {
		g.groups = map[*sync.WaitGroup]int{}
	}
	g.groups[wg] = lacking
}

func (g *stuckGroups) over(wg *sync.WaitGroup) {
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.groups, wg)
}

// release gives each stuck group the Dones it lacks; its router then sees
// that the workflow has quit and returns.
func (g *stuckGroups) release() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for wg, lacking := range g.groups {
		if lacking > 0 {
			wg.Add(-lacking)
		}
		delete(g.groups, wg)
	}
}

func waitInLoopMutant() mutant {
	stuck := &stuckGroups{}
	return mutant{
		design:    waitInLoop{stuck: stuck},
		breaks:    "it ends: the router waits, inside its loop, for the Dones of goroutines it has not started yet (moby#25384)",
		signature: []designs.ViolationKind{designs.Deadlock},
		catch:     cfg(window(4)),
		also:      []designs.Config{cfg(window(4), streams(8), failAt(5))},
		must:      []layer{natural, raceSked},
		clean:     []designs.Config{cfg(), cfg(failAt(5)), cfg(panicAt(3)), cfg(cancelAt(4))},
		release:   stuck.release,
	}
}

package designs_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"chanbench/designs"
)

// pollingScript is the router design with a script that polls: between
// looks at its channel it sleeps, instead of blocking in a select. It is
// correct, but the forced regime cannot wait for a goroutine that is
// asleep rather than blocked on a channel: that must be a clear error
// within designs.ForcedBound, never a false deadlock.
type pollingScript struct{}

func (pollingScript) Name() string { return "polling-script" }

func (pollingScript) Wire(w *designs.Workflow) designs.Actors {
	c := w.Config().Capacity
	req, read := make(chan designs.Request, c), make(chan designs.Request, c)
	out := make(chan designs.Msg, c)
	return designs.Actors{
		Net: func(n *designs.Net) {
			for {
				n.Perturb()
				select {
				case n.Pull(req) <- n.Request():
					n.Pulled()
				case m := <-out:
					if !n.Handle(m, req) {
						return
					}
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
					if s.ToNet(out, m) && m.Terminal() {
						s.ToNet(out, designs.Msg{Kind: designs.MsgShutdown, Stream: x.Stream})
					}
				case <-s.Quit():
					return
				default:
					time.Sleep(50 * time.Microsecond) // the poll
				}
			}
		},
	}
}

func TestForcedRefusesANonChannelBlock(t *testing.T) {
	cfg := designs.DefaultConfig()
	cfg.Regime = designs.Forced
	cfg.Timeout = 10 * time.Second
	start := time.Now()
	res, err := designs.Run(context.Background(), pollingScript{}, cfg)
	require.Error(t, err)
	require.NotNil(t, res)
	assert.ErrorContains(t, err, "forced regime: the script (goroutine")
	assert.ErrorContains(t, err, "is blocked in [sleep]")
	assert.Less(t, time.Since(start), cfg.Timeout/2, "the error must come well before the watchdog")
	for _, v := range res.Violations {
		assert.NotEqual(t, designs.Deadlock, v.Kind, "a regime error is not a deadlock: %v", v)
	}
	// Unforced, the same design is correct.
	cfg.Regime = designs.Natural
	res, err = designs.Run(context.Background(), pollingScript{}, cfg)
	require.NoError(t, err)
	assert.Empty(t, res.Violations)
}

// TestForcedWorkflowsInParallel: each workflow's forced regime waits for
// its own actors only, so workflows forced side by side neither hold each
// other up nor change what each shows: explicit still loses its error about
// half the time, router never.
func TestForcedWorkflowsInParallel(t *testing.T) {
	const trials = 40
	cfg := designs.DefaultConfig()
	cfg.Outcome = designs.Outcome{Kind: designs.Fail, At: 4}
	cfg.Regime = designs.Forced
	var wg sync.WaitGroup
	var explicitBad, routerBad int
	var mu sync.Mutex
	for i := range trials {
		for _, d := range []designs.Design{designs.Explicit{}, designs.RouterSerialized{}} {
			wg.Go(func() {
				cfg := cfg
				cfg.Seed = uint64(i)
				res, err := designs.Run(context.Background(), d, cfg)
				assert.NoError(t, err)
				mu.Lock()
				defer mu.Unlock()
				if !res.OK() {
					if d.Name() == "explicit" {
						explicitBad++
					} else {
						routerBad++
						t.Errorf("router violated: %v", res.Violations[0])
					}
				}
			})
		}
	}
	wg.Wait()
	t.Logf("forced in parallel: explicit %d/%d, router %d/%d", explicitBad, trials, routerBad, trials)
	assert.Positive(t, explicitBad, "explicit never lost its error when forced: 2^-40 by chance")
	assert.Zero(t, routerBad)
}

// lockedAcrossReceive is the router design with a mutex shared by net and
// script that net holds across its perturbation: script takes it before
// each read. Natural, it is correct; forced, script waits for a mutex that
// net, waiting in quiesce, will never let go. That must be a clear error
// naming the mutex within about designs.ForcedBound, not a false "blocked
// off a channel" and not a hang.
//
// Net takes the mutex when a message arrives and keeps it through the
// request Handle sends and on across its next perturbation, so that
// request is on its way to script while net waits with the mutex held,
// and script must block on it: the bug shows at the first chunk on every
// schedule. (Taking the mutex only around the perturbation left a race:
// script, reading under the mutex, could finish before net took it, and
// 2 forced runs in 1000 under -race never showed the bug.)
type lockedAcrossReceive struct{}

func (lockedAcrossReceive) Name() string { return "locked-across-receive" }

func (lockedAcrossReceive) Wire(w *designs.Workflow) designs.Actors {
	c := w.Config().Capacity
	req, read := make(chan designs.Request, c), make(chan designs.Request, c)
	out := make(chan designs.Msg, c)
	var mu sync.Mutex
	a := pollingScript{}.Wire(w) // its router; net and script are replaced
	a.Net = func(n *designs.Net) {
		held := false
		for {
			if !held {
				mu.Lock()
			}
			n.Perturb() // the bug: a lock held across the receive
			mu.Unlock()
			held = false
			select {
			case n.Pull(req) <- n.Request():
				n.Pulled()
			case m := <-out:
				mu.Lock()
				held = true
				if !n.Handle(m, req) {
					mu.Unlock()
					return
				}
			case <-n.Done():
				n.End(designs.EndCancelled)
				return
			}
		}
	}
	a.Router = func(r *designs.Router) {
		q := r.Queue()
		for {
			select {
			case x := <-req:
				q.Push(x)
			case q.Out(read) <- q.Head():
				q.Pop()
			case <-r.Quit():
				return
			}
		}
	}
	a.Script = func(s *designs.Script) {
		for {
			select {
			case x := <-read:
				mu.Lock()
				m, ok := s.Read(x.Stream)
				mu.Unlock()
				if !ok {
					continue
				}
				if s.ToNet(out, m) && m.Terminal() {
					s.ToNet(out, designs.Msg{Kind: designs.MsgShutdown, Stream: x.Stream})
				}
			case <-s.Quit():
				return
			}
		}
	}
	return a
}

// TestForcedWaitsOutAMutexButNamesOneHeldForever: the locks design, whose
// actors take mutexes all the time, runs forced with no error (see
// TestDesignsKeepTheirDeclaration); a mutex held by net across its
// receive is named as such within the bound.
func TestForcedWaitsOutAMutexButNamesOneHeldForever(t *testing.T) {
	cfg := designs.DefaultConfig()
	cfg.Regime = designs.Forced
	cfg.Timeout = 10 * time.Second
	start := time.Now()
	res, err := designs.Run(context.Background(), lockedAcrossReceive{}, cfg)
	require.Error(t, err)
	require.NotNil(t, res)
	assert.ErrorContains(t, err, "forced regime: the script (goroutine")
	assert.ErrorContains(t, err, "is blocked in [sync.Mutex.Lock]")
	assert.ErrorContains(t, err, "holds that mutex while net waits")
	assert.Less(t, time.Since(start), cfg.Timeout/2, "the error must come well before the watchdog")
	for _, v := range res.Violations {
		assert.NotEqual(t, designs.Deadlock, v.Kind, "a regime error is not a deadlock: %v", v)
	}
	cfg.Regime = designs.Natural
	res, err = designs.Run(context.Background(), lockedAcrossReceive{}, cfg)
	require.NoError(t, err)
	assert.Empty(t, res.Violations)
	// The locks design: mutexes everywhere, held briefly, never an error.
	cfg.Regime = designs.Forced
	cfg.Streams, cfg.Window = 8, 4
	for i := range 10 {
		cfg.Seed = uint64(i)
		res, err = designs.Run(context.Background(), designs.Locks{}, cfg)
		require.NoError(t, err)
		assert.Empty(t, res.Violations)
	}
}

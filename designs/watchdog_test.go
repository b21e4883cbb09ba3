package designs_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"chanbench/designs"
)

// naiveUnbuffered is the trap Unbuffered avoids: net sends its requests with
// a blocking send, not inside its select. With window > 1 the cycle
// net → router → script → net fills up and every loop waits on the next.
type naiveUnbuffered struct{}

func (naiveUnbuffered) Name() string { return "naive-unbuffered" }

func (naiveUnbuffered) Wire(w *designs.Workflow) designs.Actors {
	req, read := make(chan designs.Request), make(chan designs.Request)
	data := make(chan designs.Msg)
	return designs.Actors{
		Net: func(n *designs.Net) {
			for {
				for n.Pull(req) != nil { // ask for a whole window first: the bug
					select {
					case req <- n.Request():
						n.Pulled()
					case <-n.Done():
						n.End(designs.EndCancelled)
						return
					}
				}
				select {
				case m := <-data:
					if !n.Handle(m, nil) {
						return
					}
				case <-n.Done():
					n.End(designs.EndCancelled)
					return
				}
			}
		},
		Router: func(r *designs.Router) {
			for {
				select {
				case x := <-req:
					select { // blocks until script takes it: the other half of the cycle
					case read <- x:
					case <-r.Quit():
						return
					}
				case <-r.Quit():
					return
				}
			}
		},
		Script: func(s *designs.Script) {
			for {
				select {
				case x := <-read:
					if m, ok := s.Read(x.Stream); ok {
						s.ToNet(data, m)
					}
				case <-s.Quit():
					return
				}
			}
		},
	}
}

// TestWatchdogTurnsDeadlockIntoViolation: the naive design deadlocks with
// window 4 (net blocks on a third request while the router holds the second
// and script a chunk); Run must return a deadlock violation with a goroutine dump
// within its bound, never hang.
func TestWatchdogTurnsDeadlockIntoViolation(t *testing.T) {
	cfg := designs.DefaultConfig()
	cfg.Window, cfg.Chunks = 4, 10
	cfg.Timeout = 300 * time.Millisecond
	start := time.Now()
	res, err := designs.Run(context.Background(), naiveUnbuffered{}, cfg)
	require.NoError(t, err)
	assert.Less(t, time.Since(start), 5*time.Second)
	require.NotEmpty(t, res.Violations)
	assert.Equal(t, designs.Deadlock, res.Violations[0].Kind, "%v", res.Violations[0])
	assert.Contains(t, res.Dump, "goroutine ")
	assert.Contains(t, res.Dump, "chanbench/designs.(*Workflow).runActor")
	assert.Contains(t, res.Violations[0].String(), "did not end within 300ms")

	// With a window of 1 the same design does not deadlock: the watchdog
	// fires only on a real hang.
	cfg.Window = 1
	res, err = designs.Run(context.Background(), naiveUnbuffered{}, cfg)
	require.NoError(t, err)
	assert.Empty(t, res.Violations)
}

// leaky is a design whose router ignores Quit until the test releases it.
type leaky struct{ release chan struct{} }

func (leaky) Name() string { return "leaky" }

func (l leaky) Wire(*designs.Workflow) designs.Actors {
	return designs.Actors{
		Net:    func(n *designs.Net) { n.End(designs.EndShutdown) },
		Router: func(*designs.Router) { <-l.release },
		Script: func(s *designs.Script) { <-s.Quit() },
	}
}

// TestLeftBehindRouterIsReported: an actor that does not return after the
// nets end is a goroutine-leak violation, with a dump.
func TestLeftBehindRouterIsReported(t *testing.T) {
	l := leaky{release: make(chan struct{})}
	defer close(l.release)
	cfg := designs.DefaultConfig()
	cfg.Chunks = 0
	res, err := designs.Run(context.Background(), l, cfg)
	require.NoError(t, err)
	require.Len(t, res.Violations, 1)
	assert.Equal(t, designs.GoroutineLeak, res.Violations[0].Kind)
	assert.Contains(t, res.Dump, "designs_test.leaky.Wire")
}

// TestBadConfigIsRefused: every field out of range is an error that names
// the field and its allowed range, and nothing runs.
func TestBadConfigIsRefused(t *testing.T) {
	ok := designs.DefaultConfig()
	cases := []struct {
		field string
		edit  func(*designs.Config)
	}{
		{"ChunkSize", func(c *designs.Config) { c.ChunkSize = 0 }},
		{"ChunkSize", func(c *designs.Config) { c.ChunkSize = designs.MaxChunkSize + 1 }},
		{"Chunks", func(c *designs.Config) { c.Chunks = -1 }},
		{"Window", func(c *designs.Config) { c.Window = 0 }},
		{"Window", func(c *designs.Config) { c.Window = -3 }},
		{"Capacity", func(c *designs.Config) { c.Capacity = 0 }},
		{"Streams", func(c *designs.Config) { c.Streams = 0 }},
		{"Streams", func(c *designs.Config) { c.Streams = designs.MaxStreams + 1 }},
		{"Work", func(c *designs.Config) { c.Work = -time.Microsecond }},
		{"Work", func(c *designs.Config) { c.Work = 2 * time.Second }},
		{"Regime", func(c *designs.Config) { c.Regime = 9 }},
		{"SchedDepth", func(c *designs.Config) { c.SchedDepth = -1 }},
		{"SchedDepth", func(c *designs.Config) { c.SchedDepth = designs.MaxSchedDepth + 1 }},
		{"SchedSteps", func(c *designs.Config) { c.SchedSteps = -1 }},
		{"Timeout", func(c *designs.Config) { c.Timeout = -1 }},
		{"Outcome.At", func(c *designs.Config) { c.Outcome = designs.Outcome{Kind: designs.Done, At: 2} }},
		{"Outcome.At", func(c *designs.Config) { c.Outcome = designs.Outcome{Kind: designs.Fail, At: 5} }},
		{"Outcome.At", func(c *designs.Config) { c.Outcome = designs.Outcome{Kind: designs.Panic, At: -1} }},
		{"Outcome.At", func(c *designs.Config) { c.Outcome = designs.Outcome{Kind: designs.Cancel, At: 0} }},
		{"Outcome.At", func(c *designs.Config) { c.Outcome = designs.Outcome{Kind: designs.Cancel, At: 4} }},
		{"Outcome.Kind", func(c *designs.Config) { c.Outcome = designs.Outcome{Kind: 7} }},
		{"Streams×Window×ChunkSize", func(c *designs.Config) { c.Streams, c.Window, c.ChunkSize = 4096, 16, 1<<20 }},
		{"Streams×(Chunks+2)", func(c *designs.Config) { c.Streams, c.Chunks = 4096, 1<<20 }},
	}
	for _, d := range designs.All() {
		t.Run(d.Name(), func(t *testing.T) {
			for _, tc := range cases {
				cfg := ok
				tc.edit(&cfg)
				res, err := designs.Run(context.Background(), d, cfg)
				require.Error(t, err, tc.field)
				assert.Nil(t, res)
				var ce *designs.ConfigError
				require.ErrorAs(t, err, &ce)
				assert.Equal(t, tc.field, ce.Field)
				assert.Contains(t, err.Error(), tc.field+" = ")
				assert.Contains(t, err.Error(), "want ")
				assert.Contains(t, err.Error(), d.Name())
			}
		})
	}
	_, err := designs.New(nil, ok)
	require.ErrorContains(t, err, "no design")
	_, err = designs.ParseRegime("chaos")
	require.ErrorContains(t, err, `unknown regime "chaos"`)
}

package designs_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"chanbench/designs"
)

// TestChunkWantedWhenItsSlotFreed holds every design to one start instant
// for a chunk's latency: the moment net wanted it. The first Window chunks
// were wanted at net's start, all at one instant; chunk k after them when
// chunk k−Window arrived and freed its slot. So a wait to hand the request
// over (a rendezvous, a full req) is inside every chunk's latency.
func TestChunkWantedWhenItsSlotFreed(t *testing.T) {
	for _, d := range designs.All() {
		for _, window := range []int{1, 4} {
			cfg := designs.DefaultConfig()
			cfg.Chunks, cfg.Window = 40, window
			if !designs.Correct(d, cfg) {
				continue // a lost chunk frees no slot in the truth's order
			}
			t.Run(fmt.Sprintf("%s/window=%d", d.Name(), window), func(t *testing.T) {
				res := run(t, d, cfg)
				require.Empty(t, res.Violations)
				events := res.Records[0].BeforeEnd()
				require.Len(t, events, cfg.Chunks)
				for k, e := range events {
					if k < window {
						assert.Equal(t, events[0].Asked, e.Asked, "chunk %d: the first %d chunks are wanted at net's start", k, window)
						continue
					}
					assert.Equal(t, events[k-window].At, e.Asked, "chunk %d: wanted when chunk %d arrived", k, k-window)
				}
			})
		}
	}
}

// startChecked wraps a design and fails the test if the workflow's start
// hook was not called, once, before the design wires its channels.
type startChecked struct {
	designs.Design
	t     *testing.T
	calls *int
}

func (s startChecked) Wire(w *designs.Workflow) designs.Actors {
	assert.Equal(s.t, 1, *s.calls, "the start hook must run once, before Wire")
	return s.Design.Wire(w)
}

// TestOnStartBeforeTheActors: OnStart's function runs once, before the
// design wires its channels and the actors start; a benchmark starts its
// timer there, so that the harness's setup is outside it.
func TestOnStartBeforeTheActors(t *testing.T) {
	for _, d := range designs.All() {
		t.Run(d.Name(), func(t *testing.T) {
			cfg := designs.DefaultConfig()
			calls := 0
			w, err := designs.New(startChecked{Design: d, t: t, calls: &calls}, cfg)
			require.NoError(t, err)
			w.OnStart(func() { calls++ })
			res := w.Run(context.Background())
			require.Empty(t, res.Violations)
			assert.Equal(t, 1, calls)
		})
	}
}

// TestDesignTimeWithinElapsed: the design's own time is measured by the
// actors, inside the harness's: it is positive, and no more than what the
// caller saw from the actors' start to the router's and script's return.
func TestDesignTimeWithinElapsed(t *testing.T) {
	for _, d := range append(designs.All(), designs.Null{}) {
		t.Run(d.Name(), func(t *testing.T) {
			cfg := designs.DefaultConfig()
			cfg.Chunks = 4
			w, err := designs.New(d, cfg)
			require.NoError(t, err)
			var start time.Time
			w.OnStart(func() { start = time.Now() })
			res := w.Run(context.Background())
			total := time.Since(start)
			assert.Positive(t, res.DesignTime)
			assert.LessOrEqual(t, res.DesignTime, total)
		})
	}
}

package designs_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"chanbench/bench"
	"chanbench/designs"
	"chanbench/designs/model"
	"chanbench/designs/model/gen"
)

// TestThrowawayDesign proves the promise of "one file and one line": a
// design written in a file of its own (throwaway, in
// throwaway_design_test.go) and registered only here goes, with no other
// edit, through the checks (designs.Run and Check, over outcomes, windows
// and regimes), the model generator (its model, and its chunk path held
// to its declaration as TestChunkPathMatchesWire holds the registered
// ones), the expected Spin verdicts (model.Expected) and the floor
// (bench.FloorOf and Floor.Run).
func TestThrowawayDesign(t *testing.T) {
	d := throwaway{}
	t.Run("checks", func(t *testing.T) {
		for _, oc := range []designs.Outcome{{Kind: designs.Done}, {Kind: designs.Fail, At: 3}, {Kind: designs.Cancel, At: 2}} {
			for _, window := range []int{1, 4} {
				for _, regime := range []designs.Regime{designs.Natural, designs.Forced} {
					cfg := designs.DefaultConfig()
					cfg.Chunks, cfg.Window, cfg.Streams, cfg.Outcome, cfg.Regime = 8, window, 2, oc, regime
					cfg.Timeout = 20 * time.Second
					res, err := designs.Run(context.Background(), d, cfg)
					require.NoError(t, err)
					require.Empty(t, res.Violations, "outcome %v, window %d, regime %v", oc, window, regime)
				}
			}
		}
	})
	t.Run("model", func(t *testing.T) {
		m, err := gen.Generate(gen.Options{Dir: ".", File: "throwaway_design_test.go", Type: "throwaway"})
		require.NoError(t, err)
		require.Equal(t, "throwaway", m.Design)
		require.Contains(t, string(m.Text), "chan result = [0] of { mtype, byte, byte }")
		checkChunkPath(t, d, m)
		for _, outcome := range []string{"done", "error"} {
			v, err := model.Expected(d, model.Point{Chunks: 1, Window: 2, Cap: 1, Outcome: outcome, At: 1, Streams: 1})
			require.NoError(t, err)
			require.Equal(t, "verified", v, "it declares no flaw")
		}
	})
	t.Run("floor", func(t *testing.T) {
		cfg := designs.DefaultConfig()
		cfg.Chunks, cfg.Streams = 50, 2
		f, err := bench.FloorOf(d, cfg)
		require.NoError(t, err)
		require.Equal(t, designs.ChunkPath{ViaRouter: true, Capacity: 0}, f.Path)
		n, err := f.Run(cfg, nil, nil)
		require.NoError(t, err)
		require.Equal(t, cfg.Chunks*cfg.Streams, n)
	})
}

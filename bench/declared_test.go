package bench

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"chanbench/designs"
)

// undeclaredExplicit is explicit without its declaration of flaws: the same
// channels and loops, claimed correct.
type undeclaredExplicit struct{}

func (undeclaredExplicit) Name() string { return "undeclared-explicit" }

func (undeclaredExplicit) Wire(w *designs.Workflow) designs.Actors {
	return designs.Explicit{}.Wire(w)
}

// recorder is a fataler that records instead of stopping.
type recorder struct{ msgs []string }

func (r *recorder) Fatalf(format string, args ...any) {
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}

// TestBenchmarksFailOnUndeclaredViolations: a benchmark publishes no number
// for a design that broke the workflow's rules without declaring it, and
// does publish for one that declares what it broke.
func TestBenchmarksFailOnUndeclaredViolations(t *testing.T) {
	cfg := designs.DefaultConfig()
	cfg.Outcome = designs.Outcome{Kind: designs.Fail, At: 4}
	cfg.Regime = designs.Forced // explicit loses the error about half the time
	var undeclared, declared recorder
	violated := 0
	for i := range 40 { // 2^-40 to see no violation by chance
		cfg.Seed = uint64(i)
		res, err := designs.Run(context.Background(), designs.Explicit{}, cfg)
		require.NoError(t, err)
		if !res.OK() {
			violated++
		}
		failOnUndeclared(&declared, designs.Explicit{}, cfg, res)
		failOnUndeclared(&undeclared, undeclaredExplicit{}, cfg, res)
	}
	require.Positive(t, violated)
	assert.Empty(t, declared.msgs, "explicit's declared violations must not fail a benchmark")
	require.Len(t, undeclared.msgs, violated, "every workflow with an undeclared violation fails the benchmark")
	assert.Contains(t, undeclared.msgs[0], "undeclared-explicit at window 1, outcome error@4: 1 undeclared violations")
}

// TestThroughputCountsDelivered: the chunks a design lost are not counted
// as moved. terminal-routed at window 16, forced, loses some of the last
// chunks behind the shutdown.
func TestThroughputCountsDelivered(t *testing.T) {
	cfg := designs.DefaultConfig()
	cfg.Window, cfg.Chunks, cfg.Regime = 16, 64, designs.Forced
	lost := false
	for i := range 20 {
		cfg.Seed = uint64(i)
		res, err := designs.Run(context.Background(), designs.TerminalRouted{}, cfg)
		require.NoError(t, err)
		delivered, produced := countDelivered(res)
		assert.Equal(t, 64, produced)
		chunks := 0
		for _, e := range res.Records[0].Events {
			if e.Kind == designs.EventChunk && !e.Late {
				chunks++
			}
		}
		assert.Equal(t, chunks, delivered)
		lost = lost || delivered < produced
	}
	assert.True(t, lost, "terminal-routed at window 16 never lost a chunk in 20 forced workflows")
}

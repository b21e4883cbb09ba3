package bench

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"chanbench/bench/metric"
	"chanbench/designs"
)

// TestScheduledBoundReports runs every design's BenchmarkScheduledBound
// case for a few workflows: each reports a find probability in (0, 1], the
// steps within k, and its base seed; a design correct at the
// configuration reports no violation. With k cut below the steps a
// workflow takes, no bound holds and the case fails instead of reporting
// one.
func TestScheduledBoundReports(t *testing.T) {
	setBenchtime(t, "3x")
	for _, c := range schedBoundCases(designs.All()) {
		d, err := designs.ByName(strings.TrimPrefix(c.path[0], "design="))
		require.NoError(t, err)
		t.Run(d.Name(), func(t *testing.T) {
			r := testing.Benchmark(c.run)
			require.Equal(t, 3, r.N, "the case failed")
			cfg := ScheduledBoundConfig()
			assert.Greater(t, r.Extra[metric.UnitFindP], 0.0)
			assert.LessOrEqual(t, r.Extra[metric.UnitFindP], 1.0)
			assert.Positive(t, r.Extra[metric.UnitSteps])
			assert.LessOrEqual(t, r.Extra[metric.UnitSteps], r.Extra[metric.UnitMaxSteps])
			assert.Contains(t, r.Extra, metric.UnitSchedBase)
			if designs.Correct(d, cfg) {
				assert.Zero(t, r.Extra[metric.UnitViolations])
			}
			short := cfg
			short.SchedSteps = 10
			r = testing.Benchmark(func(b *testing.B) { benchScheduledBound(b, d, short) })
			assert.Zero(t, r.N, "a workflow of more than k steps reported a bound")
		})
	}
}

// TestScheduledReplayReports runs each BenchmarkScheduledReplay case
// three times: each finds a failing seed, reruns it and reports shares in [0, 1].
func TestScheduledReplayReports(t *testing.T) {
	setBenchtime(t, "3x")
	for _, rc := range replayCases() {
		t.Run(rc.design, func(t *testing.T) {
			d, err := designs.ByName(rc.design)
			require.NoError(t, err)
			r := testing.Benchmark(func(b *testing.B) { benchScheduledReplay(b, d, replayConfig(rc)) })
			require.Equal(t, 3, r.N, "the case failed")
			for _, u := range []string{metric.UnitSameKinds, metric.UnitSameSchedule} {
				assert.Contains(t, r.Extra, u)
				assert.GreaterOrEqual(t, r.Extra[u], 0.0, u)
				assert.LessOrEqual(t, r.Extra[u], 1.0, u)
			}
			assert.GreaterOrEqual(t, r.Extra[metric.UnitScanned], 1.0)
		})
	}
}

package designs_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"chanbench/designs"
)

// arrivalsEvery returns n arrivals spaced gap apart.
func arrivalsEvery(n int, gap time.Duration) []time.Duration {
	a := make([]time.Duration, n)
	for i := range a {
		a[i] = time.Duration(i) * gap
	}
	return a
}

// TestRunOpenStartsEachStreamAtItsArrival: every design, offered streams
// at a steady rate, starts no net before its arrival, keeps its
// declaration, and ends every stream.
func TestRunOpenStartsEachStreamAtItsArrival(t *testing.T) {
	cfg := designs.DefaultConfig()
	cfg.Streams, cfg.Outcome = 100, designs.Outcome{Kind: designs.Fail, At: 4}
	arrivals := arrivalsEvery(cfg.Streams, 100*time.Microsecond)
	for _, d := range designs.All() {
		t.Run(d.Name(), func(t *testing.T) {
			w, err := designs.New(d, cfg)
			require.NoError(t, err)
			res, err := w.RunOpen(context.Background(), arrivals)
			require.NoError(t, err)
			ok, first := allowed(d, cfg, res.Violations)
			require.True(t, ok, first)
			require.Len(t, res.Started, cfg.Streams)
			// Judged by net's own record, not by Started, which the
			// generator writes itself.
			for s, rec := range res.Records {
				end, ended := rec.End()
				require.True(t, ended)
				assert.GreaterOrEqual(t, end.At, arrivals[s], "stream %d ended before its arrival", s)
				for _, e := range rec.Events {
					if e.Kind == designs.EventChunk {
						assert.GreaterOrEqual(t, e.Asked, arrivals[s], "stream %d asked for a chunk before its arrival", s)
					}
				}
			}
		})
	}
}

// TestRunOpenRefusesBadArrivals: arrivals that do not fit the workflow are
// a clear error, before anything runs.
func TestRunOpenRefusesBadArrivals(t *testing.T) {
	cfg := designs.DefaultConfig()
	cfg.Streams = 3
	for _, tc := range []struct {
		name     string
		regime   designs.Regime
		arrivals []time.Duration
		want     string
	}{
		{"too few", designs.Natural, []time.Duration{0, 1}, "2 arrivals for 3 streams"},
		{"out of order", designs.Natural, []time.Duration{0, 2, 1}, "arrival 2 at 1ns: arrivals must be non-negative and in increasing order"},
		{"negative", designs.Natural, []time.Duration{-1, 0, 1}, "arrival 0 at -1ns"},
		{"forced", designs.Forced, []time.Duration{0, 1, 2}, "the forced regime cannot be used with arrivals"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := cfg
			cfg.Regime = tc.regime
			w, err := designs.New(designs.RouterSerialized{}, cfg)
			require.NoError(t, err)
			_, err = w.RunOpen(context.Background(), tc.arrivals)
			require.ErrorContains(t, err, tc.want)
		})
	}
}

// TestRunOpenCallerCancels: cancelled while streams are still to arrive,
// an open workflow ends at once, every stream stopped, nothing left behind.
func TestRunOpenCallerCancels(t *testing.T) {
	cfg := designs.DefaultConfig()
	cfg.Streams = 50
	w, err := designs.New(designs.DropSender{}, cfg)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	start := time.Now()
	res, err := w.RunOpen(ctx, arrivalsEvery(cfg.Streams, time.Second)) // the last at 49s
	require.NoError(t, err)
	assert.Less(t, time.Since(start), 10*time.Second, "the generator went on after the cancel")
	assert.Empty(t, res.Violations)
}

// TestRunOpenReusesParkedSlots: streams that end before the next arrives
// run on the goroutines parked before the clock, whatever their number;
// arrivals that find every slot busy get a new one, counted, and still
// run.
func TestRunOpenReusesParkedSlots(t *testing.T) {
	for _, tc := range []struct {
		name    string
		streams int
		gap     time.Duration
		spawned func(t *testing.T, n int)
	}{
		{"steady: slots reused", designs.OpenSlots + 200, time.Millisecond, func(t *testing.T, n int) {
			assert.Zero(t, n, "the generator started goroutines though every net ended before the next arrival")
		}},
		{"burst: slots added", 2 * designs.OpenSlots, 0, func(t *testing.T, n int) {
			assert.Positive(t, n, "every stream at once fit in the parked slots")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := designs.DefaultConfig()
			cfg.Streams = tc.streams
			w, err := designs.New(designs.Null{}, cfg)
			require.NoError(t, err)
			arrivals := arrivalsEvery(cfg.Streams, tc.gap)
			res, err := w.RunOpen(context.Background(), arrivals)
			require.NoError(t, err)
			for s, rec := range res.Records {
				_, ended := rec.End()
				require.True(t, ended, "stream %d did not end", s)
			}
			tc.spawned(t, res.Spawned)
		})
	}
}

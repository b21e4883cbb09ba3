package designs_test

import (
	"context"
	"sync/atomic"
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

// gatedNull is the null design whose nets, before they end, wait until
// every stream of the workflow has started: all of them are then in
// flight at once, however fast the machine ends a null net. A generator
// that does not add a slot when every slot is busy deadlocks it, which
// the workflow's watchdog reports.
type gatedNull struct {
	streams int
	started *atomic.Int32
	all     chan struct{}
}

func newGatedNull(streams int) gatedNull {
	return gatedNull{streams: streams, started: new(atomic.Int32), all: make(chan struct{})}
}

func (gatedNull) Name() string { return "gated-null" }

func (g gatedNull) Wire(w *designs.Workflow) designs.Actors {
	a := designs.Null{}.Wire(w)
	end := a.Net
	a.Net = func(n *designs.Net) {
		if int(g.started.Add(1)) == g.streams {
			close(g.all)
		}
		<-g.all
		end(n)
	}
	return a
}

// TestRunOpenReusesParkedSlots: streams that end before the next arrives
// run on the goroutines parked before the clock, whatever their number;
// arrivals that find every slot busy get a new one, counted, and still
// run. The burst's nets hold their slots until every stream has started
// (gatedNull): with plain null nets, a generator slowed by a busy machine
// (go test -race ./... runs packages side by side) saw its early nets end
// before the later arrivals, and added no slot.
func TestRunOpenReusesParkedSlots(t *testing.T) {
	for _, tc := range []struct {
		name    string
		streams int
		gap     time.Duration
		design  func(streams int) designs.Design
		spawned func(t *testing.T, n int)
	}{
		{"steady: slots reused", designs.OpenSlots + 200, time.Millisecond, func(int) designs.Design { return designs.Null{} }, func(t *testing.T, n int) {
			assert.Zero(t, n, "the generator started goroutines though every net ended before the next arrival")
		}},
		{"burst: slots added", 2 * designs.OpenSlots, 0, func(n int) designs.Design { return newGatedNull(n) }, func(t *testing.T, n int) {
			assert.GreaterOrEqual(t, n, designs.OpenSlots, "every stream was in flight at once, but fewer slots were added than streams beyond the parked ones")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := designs.DefaultConfig()
			cfg.Streams = tc.streams
			cfg.Timeout = 20 * time.Second
			w, err := designs.New(tc.design(tc.streams), cfg)
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

package designs_test

import (
	"context"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"chanbench/designs"
	"chanbench/designs/model/gen"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// allowed reports whether every violation in vs is of a kind d declares
// for cfg (none, for a correct design), and names the first that is not.
func allowed(d designs.Design, cfg designs.Config, vs []designs.Violation) (bool, string) {
	known := designs.KnownFlaws(d, cfg)
	for _, v := range vs {
		if !slices.Contains(known, v.Kind) {
			return false, v.String()
		}
	}
	return true, ""
}

// outcomes covers every way a stream ends, with 8 chunks available.
var outcomes = []designs.Outcome{
	{Kind: designs.Done},
	{Kind: designs.Fail, At: 5},
	{Kind: designs.Fail, At: 0},
	{Kind: designs.Panic, At: 3},
	{Kind: designs.Cancel, At: 4},
}

// run runs cfg on d with a watchdog that fails the test (with the dump)
// instead of hanging it.
func run(t *testing.T, d designs.Design, cfg designs.Config) *designs.Result {
	t.Helper()
	if cfg.Timeout == 0 {
		cfg.Timeout = 20 * time.Second
	}
	res, err := designs.Run(context.Background(), d, cfg)
	require.NoError(t, err)
	if res.Dump != "" {
		t.Logf("goroutine dump:\n%s", res.Dump)
	}
	return res
}

// TestDesignsKeepTheirDeclaration runs every design over windows, stream
// counts, outcomes and schedule regimes, and requires every workflow to be
// free of violations, but for the kinds a flawed design declares for that
// configuration (designs.KnownFlaws).
func TestDesignsKeepTheirDeclaration(t *testing.T) {
	for _, d := range designs.All() {
		t.Run(d.Name(), func(t *testing.T) {
			for _, window := range []int{1, 4, 16} {
				for _, streams := range []int{1, 64} {
					for _, oc := range outcomes {
						for _, regime := range []designs.Regime{designs.Natural, designs.Yield, designs.Forced} {
							cfg := designs.DefaultConfig()
							cfg.Chunks, cfg.Window, cfg.Streams, cfg.Outcome, cfg.Regime = 8, window, streams, oc, regime
							reps := repetitions(streams, regime)
							for i := range reps {
								cfg.Seed = uint64(i + 1)
								res := run(t, d, cfg)
								ok, first := allowed(d, cfg, res.Violations)
								require.True(t, ok, "window=%d streams=%d outcome=%v regime=%v rep=%d: %s", window, streams, oc, regime, i, first)
							}
						}
					}
				}
			}
		})
	}
}

// repetitions keeps the race-detector run short: forced quiescence
// snapshots every stack before each receive.
func repetitions(streams int, r designs.Regime) int {
	switch {
	case r == designs.Forced && streams > 1:
		return 1
	case r == designs.Forced, streams > 1:
		return 4
	}
	return 25
}

// TestCorrectDesignsUnderWork repeats the error case with net busy for each
// chunk, the condition that exposes the archetype bug.
func TestCorrectDesignsUnderWork(t *testing.T) {
	cfg := designs.DefaultConfig()
	cfg.Outcome = designs.Outcome{Kind: designs.Fail, At: 4}
	cfg.Work = 20 * time.Microsecond
	for _, d := range designs.All() {
		if !designs.Correct(d, cfg) {
			continue
		}
		t.Run(d.Name(), func(t *testing.T) {
			for i := range 200 {
				cfg.Seed = uint64(i)
				require.Empty(t, run(t, d, cfg).Violations)
			}
		})
	}
}

// TestExplicitLosesErrorWhenForced proves the checker sees the bug the
// project is about. In the forced state both the error and the shutdown are
// waiting when net selects, and Go picks a ready case uniformly at random,
// so each workflow has the error lost or late with probability 1/2 (with
// one stream and window 1). With 40 workflows a pass by luck has
// probability 2^-40 < 1e-12.
func TestExplicitLosesErrorWhenForced(t *testing.T) {
	const trials = 40
	d, err := designs.ByName("explicit")
	require.NoError(t, err)
	cfg := designs.DefaultConfig()
	cfg.Outcome = designs.Outcome{Kind: designs.Fail, At: 4}
	cfg.Regime = designs.Forced
	bad := 0
	for i := range trials {
		cfg.Seed = uint64(i)
		res := run(t, d, cfg)
		for _, v := range res.Violations {
			assert.Contains(t, []designs.ViolationKind{designs.ErrorLost, designs.ErrorAfterEnd}, v.Kind, "%v", v)
		}
		if !res.OK() {
			bad++
			if bad == 1 {
				t.Logf("first violation:\n%v", res.Violations[0])
			}
		}
	}
	t.Logf("explicit, forced: %d of %d workflows lost the error or saw it after the end", bad, trials)
	require.Positive(t, bad, "the checker never saw the explicit design lose its error")
}

// TestExplicitLosesErrorUnderSynctest forces the same state with
// testing/synctest's Wait instead of the stack-snapshot quiescence: inside
// a bubble, Wait returns when every other goroutine is durably blocked.
func TestExplicitLosesErrorUnderSynctest(t *testing.T) {
	const trials = 40
	d, err := designs.ByName("explicit")
	require.NoError(t, err)
	bad := 0
	for i := range trials {
		synctest.Test(t, func(t *testing.T) {
			cfg := designs.DefaultConfig()
			cfg.Outcome = designs.Outcome{Kind: designs.Fail, At: 4}
			cfg.Regime = designs.Forced
			cfg.Quiesce = synctest.Wait
			cfg.Seed = uint64(i)
			if !run(t, d, cfg).OK() {
				bad++
			}
		})
	}
	t.Logf("explicit under synctest: %d of %d workflows lost the error", bad, trials)
	require.Positive(t, bad)
}

// TestCorrectDesignsUnderSynctest: the same forced state never breaks the
// correct designs.
func TestCorrectDesignsUnderSynctest(t *testing.T) {
	for _, d := range designs.All() {
		t.Run(d.Name(), func(t *testing.T) {
			for i := range 40 {
				synctest.Test(t, func(t *testing.T) {
					cfg := designs.DefaultConfig()
					cfg.Window = 1 + i%4
					cfg.Outcome = designs.Outcome{Kind: designs.Fail, At: 4}
					cfg.Regime = designs.Forced
					cfg.Quiesce = synctest.Wait
					// No Work: it spins on the clock, which stands still in a bubble.
					ok, first := allowed(d, cfg, run(t, d, cfg).Violations)
					require.True(t, ok, "window=%d: %s", cfg.Window, first)
				})
			}
		})
	}
}

// TestRecordsEveryChunkIntact checks, for every design, what net recorded
// against what the source produced: chunk numbers in order, every byte
// intact, the end after them, and request-to-delivery times that make sense.
func TestRecordsEveryChunkIntact(t *testing.T) {
	cfg := designs.DefaultConfig()
	cfg.Chunks, cfg.ChunkSize, cfg.Window = 50, 1000, 4
	for _, d := range designs.All() {
		if !designs.Correct(d, cfg) {
			continue // explicit and terminal-routed lose chunks when a shutdown overtakes them
		}
		t.Run(d.Name(), func(t *testing.T) {
			res := run(t, d, cfg)
			require.Empty(t, res.Violations)
			rec, truth := res.Records[0], res.Truth[0]
			assert.Equal(t, 50, truth.Produced)
			require.Len(t, rec.Events, 51)
			for i, e := range rec.Events[:50] {
				assert.Equal(t, designs.EventChunk, e.Kind)
				assert.Equal(t, int64(i), e.Seq)
				assert.True(t, e.Intact)
				assert.Positive(t, e.Asked)
				assert.GreaterOrEqual(t, e.At, e.Asked)
			}
			end, ok := rec.End()
			require.True(t, ok)
			assert.GreaterOrEqual(t, end.At, truth.TerminalAt, "net ended before the source did")
		})
	}
}

// TestPanicBecomesError: a panicking source reaches net as a *PanicError.
func TestPanicBecomesError(t *testing.T) {
	cfg := designs.DefaultConfig()
	cfg.Outcome = designs.Outcome{Kind: designs.Panic, At: 2}
	for _, d := range designs.All() {
		t.Run(d.Name(), func(t *testing.T) {
			res := run(t, d, cfg)
			if !res.OK() && !designs.Correct(d, cfg) {
				t.Skipf("%s lost the error this time, as it declares: %v", d.Name(), res.Violations[0])
			}
			require.Empty(t, res.Violations)
			require.Len(t, res.Records[0].Errors, 1)
			var pe *designs.PanicError
			require.ErrorAs(t, res.Records[0].Errors[0], &pe)
			assert.Equal(t, 2, pe.At)
			assert.Contains(t, pe.Error(), "panicked after 2 chunks")
		})
	}
}

// TestCallerCancels: cancelling Run's context mid-stream, or before the
// workflow starts, winds every design down cleanly: nets end cancelled,
// each record says the caller stopped it, nothing is left running, and no
// violation is reported for what the caller cut off.
func TestCallerCancels(t *testing.T) {
	for _, d := range designs.All() {
		t.Run(d.Name(), func(t *testing.T) {
			for _, oc := range outcomes {
				for _, after := range []time.Duration{0, 5 * time.Millisecond} {
					cfg := designs.DefaultConfig()
					cfg.Chunks, cfg.Streams, cfg.Window, cfg.Outcome = 1000, 4, 1, oc
					if oc.Kind != designs.Done {
						cfg.Outcome.At = 900 // well after the caller's cancel
					}
					cfg.Work = 50 * time.Microsecond
					ctx, cancel := context.WithCancel(context.Background())
					if after == 0 {
						cancel()
					} else {
						time.AfterFunc(after, cancel)
					}
					res, err := designs.Run(ctx, d, cfg)
					cancel()
					require.NoError(t, err)
					require.Empty(t, res.Violations, "outcome %v, cancelled after %v", oc, after)
					for _, rec := range res.Records {
						end, ok := rec.End()
						require.True(t, ok)
						assert.Equal(t, designs.EndCancelled, end.End)
						assert.True(t, rec.Stopped)
					}
				}
			}
		})
	}
}

// TestEveryDesignIsRegisteredOnce: names are unique and ByName finds each,
// and every design type of the package (a type with Name and Wire, as the
// model generator lists them) is registered in All, but the ones that are
// not contenders by intent (notRegistered).
func TestEveryDesignIsRegisteredOnce(t *testing.T) {
	seen := map[string]bool{}
	for _, d := range designs.All() {
		assert.False(t, seen[d.Name()], "duplicate design %q", d.Name())
		seen[d.Name()] = true
		got, err := designs.ByName(d.Name())
		require.NoError(t, err)
		assert.Equal(t, d.Name(), got.Name())
	}
	types, err := gen.List(".", "")
	require.NoError(t, err)
	for _, typ := range types {
		if why, ok := notRegistered[typ.Name]; ok {
			assert.False(t, seen[typ.Name], "%s is registered, and notRegistered says: %s", typ.Name, why)
			continue
		}
		assert.True(t, seen[typ.Name], "design %s (type %s, %s) is not in All: add its line", typ.Name, typ.Type, typ.File)
	}
	_, err = designs.ByName("fifth")
	require.ErrorContains(t, err, `unknown design "fifth"`)
}

// notRegistered are the design types of package designs that All leaves
// out by intent, with the reason.
var notRegistered = map[string]string{
	"null": "the harness's own cost, measured beside the designs, never one of them",
}

// TestStreamsShareOneRouter: at 64 streams each stream still gets its own
// chunks, intact and in order: for a design correct at this configuration,
// net's own record holds chunks 0 to 19, each once, intact, in order,
// before its end.
func TestStreamsShareOneRouter(t *testing.T) {
	for _, d := range designs.All() {
		t.Run(d.Name(), func(t *testing.T) {
			cfg := designs.DefaultConfig()
			cfg.Streams, cfg.Chunks, cfg.Window = 64, 20, 2
			res := run(t, d, cfg)
			ok, first := allowed(d, cfg, res.Violations)
			require.True(t, ok, first)
			if !designs.Correct(d, cfg) {
				return // its declared flaws are what allowed judged
			}
			for s, rec := range res.Records {
				var got []int64
				for _, e := range rec.BeforeEnd() {
					if e.Kind == designs.EventChunk && e.Intact {
						got = append(got, e.Seq)
					}
				}
				want := make([]int64, cfg.Chunks)
				for i := range want {
					want[i] = int64(i)
				}
				assert.Equal(t, want, got, "stream %d's chunks", s)
			}
		})
	}
}

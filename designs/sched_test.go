package designs_test

import (
	"context"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"chanbench/designs"
)

// schedConfig is a workflow of eight chunks under the scheduled regime at
// PCT depth depth (0: uniformly random), edited by edits, with a watchdog
// that turns a hang into a failure.
func schedConfig(depth int, edits ...func(*designs.Config)) designs.Config {
	c := designs.DefaultConfig()
	c.Chunks = 8
	c.Regime = designs.Scheduled
	c.SchedDepth = depth
	c.Timeout = 20 * time.Second
	for _, e := range edits {
		e(&c)
	}
	return c
}

// kindsOf returns the kinds of vs, in order, without repeats.
func kindsOf(vs []designs.Violation) []designs.ViolationKind {
	var ks []designs.ViolationKind
	for _, v := range vs {
		if !slices.Contains(ks, v.Kind) {
			ks = append(ks, v.Kind)
		}
	}
	return ks
}

// TestScheduledKeepsDeclarations runs every design under the scheduled
// regime, uniformly random and PCT at depth 3, over windows, streams and
// outcomes: clean where the design is declared correct, and only declared
// violations elsewhere; the schedule is recorded and fits in the k its
// change points were drawn from, so that PCT's bound holds.
func TestScheduledKeepsDeclarations(t *testing.T) {
	for _, d := range designs.All() {
		t.Run(d.Name(), func(t *testing.T) {
			for _, win := range []int{1, 4} {
				for _, st := range []int{1, 2} {
					for _, oc := range []designs.Outcome{{Kind: designs.Done}, {Kind: designs.Fail, At: 5}, {Kind: designs.Cancel, At: 4}} {
						for _, depth := range []int{0, 3} {
							for seed := uint64(1); seed <= 2; seed++ {
								cfg := schedConfig(depth, window(win), streams(st))
								cfg.Outcome, cfg.Seed = oc, seed
								res := run(t, d, cfg)
								at := fmt.Sprintf("window=%d streams=%d outcome=%v depth=%d seed=%d", win, st, oc, depth, seed)
								require.NotNil(t, res.Schedule, at)
								ok, first := allowed(d, cfg, res.Violations)
								require.True(t, ok, "%s: %s", at, first)
								if designs.Correct(d, cfg) {
									require.Empty(t, res.Violations, at)
								}
								require.NotEmpty(t, res.Schedule.Taken, at)
								require.LessOrEqual(t, len(res.Schedule.Taken), res.Schedule.Steps, "%s: more steps than k, the change points' range", at)
								require.Len(t, res.Schedule.ChangePoints, max(depth-1, 0), at)
							}
						}
					}
				}
			}
		})
	}
}

// TestScheduledQuietAgrees holds the scheduler's cheap quiescence (the
// runtime's count of running and runnable goroutines) to a stack snapshot
// at every step (Config.SchedAudit): every design, windows 1 and 16, one
// and four streams, an error mid-stream, PCT depth 2; and every mutant at
// its catch configuration, where the snapshot would see a goroutine that
// the count missed (a sleep, a system call) as a workflow that moves.
func TestScheduledQuietAgrees(t *testing.T) {
	audit := func(c designs.Config) designs.Config {
		c = sched.configure(c)
		c.SchedAudit = true
		return c
	}
	for _, d := range designs.All() {
		t.Run(d.Name(), func(t *testing.T) {
			for _, win := range []int{1, 16} {
				for _, st := range []int{1, 4} {
					for seed := uint64(1); seed <= 3; seed++ {
						cfg := audit(schedConfig(2, window(win), streams(st)))
						cfg.Outcome, cfg.Seed = designs.Outcome{Kind: designs.Fail, At: 5}, seed
						res := run(t, d, cfg)
						require.NotEmpty(t, res.Schedule.Taken, "window=%d streams=%d seed=%d", win, st, seed)
					}
				}
			}
		})
	}
	ms := mutants()
	t.Cleanup(func() { releaseAll(ms) })
	for _, m := range ms {
		t.Run("mutant="+m.design.Name(), func(t *testing.T) {
			c := audit(m.catch)
			for seed := uint64(1); seed <= 3; seed++ {
				c.Seed = seed
				_, err := designs.Run(context.Background(), m.design, c)
				require.NoError(t, err, "seed %d", seed)
			}
		})
	}
}

// TestScheduledShowsKnownFlaws: the scheduled regime shows what explicit
// and terminal-routed are known to do (their KnownFlaws) in a fixed
// number of workflows, every violation one they declare, each with the
// seed that replays it. The rates it logs are the scheduled regime's, and
// are meant to be the same on any machine.
func TestScheduledShowsKnownFlaws(t *testing.T) {
	const workflows = 100
	cases := []struct {
		design    string
		cfg       designs.Config
		signature []designs.ViolationKind
	}{
		{"explicit", schedConfig(schedDepth, failAt(4)), []designs.ViolationKind{designs.ErrorLost, designs.ErrorAfterEnd}},
		{"terminal-routed", schedConfig(schedDepth, window(16), chunks(16)), []designs.ViolationKind{designs.ChunkLost}},
	}
	for _, tc := range cases {
		t.Run(tc.design, func(t *testing.T) {
			d, err := designs.ByName(tc.design)
			require.NoError(t, err)
			require.NotEmpty(t, designs.KnownFlaws(d, tc.cfg))
			caught, first := 0, 0
			for i := 1; i <= workflows; i++ {
				cfg := tc.cfg
				cfg.Seed = uint64(i)
				res := run(t, d, cfg)
				ok, bad := allowed(d, cfg, res.Violations)
				require.True(t, ok, "seed %d: %s", i, bad)
				if !slices.ContainsFunc(res.Violations, func(v designs.Violation) bool { return slices.Contains(tc.signature, v.Kind) }) {
					continue
				}
				caught++
				if first == 0 {
					first = i
					require.Contains(t, res.Violations[0].String(), fmt.Sprintf("replay with Config.SchedSeed = %d", res.Schedule.Seed))
				}
			}
			require.Positive(t, caught, "the scheduled regime never showed the known flaw")
			t.Logf("%s: caught first after %d workflows, in %d of %d (%v)", tc.design, first, caught, workflows, kindNames(tc.signature))
		})
	}
}

// mutantNamed returns the mutant of the table called name.
func mutantNamed(t *testing.T, ms []mutant, name string) mutant {
	t.Helper()
	for _, m := range ms {
		if m.design.Name() == name {
			return m
		}
	}
	t.Fatalf("no mutant %q", name)
	return mutant{}
}

// TestScheduledCatchesMutants: the scheduled regime catches, at their
// catch configurations, the mutants the forced regime misses (go-send,
// blocking-router) and stop-first, which the race detector's scheduler
// catches in 4 of 200. It logs the workflows until the first catch and
// the rate over 200.
func TestScheduledCatchesMutants(t *testing.T) {
	ms := mutants()
	t.Cleanup(func() { releaseAll(ms) })
	for _, name := range []string{"go-send", "blocking-router", "stop-first"} {
		t.Run(name, func(t *testing.T) {
			m := mutantNamed(t, ms, name)
			v := hunt(m, m.catch, sched, 500)
			require.NoError(t, v.Err)
			require.Empty(t, v.Undeclared)
			require.True(t, v.Caught, "%s: %v", name, v)
			caught, ran, undeclared, err := rate(m, m.catch, sched, 200, 20*time.Second)
			require.NoError(t, err)
			require.Empty(t, undeclared)
			t.Logf("%s: %v (%s) in %v; caught in %d of %d", name, v, kindNames(v.Seen), v.Elapsed.Round(time.Millisecond), caught, ran)
		})
	}
}

// TestScheduledDeadlockIsReported: a deadlock under the scheduled regime
// (blocking-router's) is a Deadlock violation with a goroutine dump, seen
// as soon as nothing can move, long before the watchdog's bound.
func TestScheduledDeadlockIsReported(t *testing.T) {
	ms := mutants()
	t.Cleanup(func() { releaseAll(ms) })
	m := mutantNamed(t, ms, "blocking-router")
	c := sched.configure(m.catch)
	c.Timeout = time.Minute
	for i := 1; i <= 200; i++ {
		c.Seed = uint64(i)
		start := time.Now()
		res, err := designs.Run(t.Context(), m.design, c)
		require.NoError(t, err)
		if !slices.Contains(kindsOf(res.Violations), designs.Deadlock) {
			continue
		}
		require.Less(t, time.Since(start), 10*time.Second, "the deadlock waited for the watchdog")
		require.Contains(t, res.Dump, "goroutine ")
		v := res.Violations[slices.IndexFunc(res.Violations, func(v designs.Violation) bool { return v.Kind == designs.Deadlock })]
		require.Contains(t, v.String(), "none at a scheduling point")
		require.Contains(t, v.String(), "SchedSeed")
		t.Logf("seed %d: deadlock seen after %v", i, time.Since(start).Round(time.Millisecond))
		return
	}
	t.Fatal("no deadlock in 200 workflows")
}

// envInt reads a positive count from the environment, or def.
func envInt(t *testing.T, name string, def int) int {
	t.Helper()
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	require.NoError(t, err, name)
	require.Positive(t, n, name)
	return n
}

// TestScheduledSeedReplays measures what a seed reproduces: it finds the
// first failing workflow of explicit (the error lost or late) and of
// stop-first, reruns each with the seed its result recorded
// (SCHED_REPLAYS times, 20 by default), and counts how often the same
// violations and the same schedule come back. A select's choice among
// ready cases is the runtime's, not the seed's (see Schedule), so the
// failure itself is a coin flip away; the schedule up to it is not.
func TestScheduledSeedReplays(t *testing.T) {
	reruns := envInt(t, "SCHED_REPLAYS", 20)
	ms := mutants()
	t.Cleanup(func() { releaseAll(ms) })
	explicit, err := designs.ByName("explicit")
	require.NoError(t, err)
	cases := []struct {
		design designs.Design
		cfg    designs.Config
	}{
		{explicit, schedConfig(schedDepth, failAt(4))},
		{mutantNamed(t, ms, "stop-first").design, schedConfig(schedDepth, failAt(5), timeout(2*time.Second))},
	}
	for _, tc := range cases {
		t.Run(tc.design.Name(), func(t *testing.T) {
			var first *designs.Result
			cfg := tc.cfg
			for i := 1; i <= 200 && first == nil; i++ {
				cfg.Seed = uint64(i)
				if res := run(t, tc.design, cfg); len(res.Violations) > 0 {
					first = res
				}
			}
			require.NotNil(t, first, "no failing workflow in 200")
			cfg.SchedSeed = first.Schedule.Seed
			want := kindsOf(first.Violations)
			sameKinds, sameSchedule, both := 0, 0, 0
			for range reruns {
				res := run(t, tc.design, cfg)
				require.Equal(t, first.Schedule.Seed, res.Schedule.Seed)
				k := slices.Equal(kindsOf(res.Violations), want)
				s := slices.Equal(res.Schedule.Taken, first.Schedule.Taken)
				if k {
					sameKinds++
				}
				if s {
					sameSchedule++
				}
				if k && s {
					both++
				}
			}
			t.Logf("%s, seed %d (workflow seed %d, %d steps): the same violations (%s) in %d of %d reruns, the same schedule in %d, both in %d",
				tc.design.Name(), first.Schedule.Seed, cfg.Seed, len(first.Schedule.Taken), kindNames(want), sameKinds, reruns, sameSchedule, both)
			require.Positive(t, sameKinds, "the seed never reproduced its failure")
			res, runs, met, err := designs.Replay(t.Context(), tc.design, cfg, first.Schedule, reruns)
			require.NoError(t, err)
			require.Equal(t, met, slices.Equal(res.Schedule.Taken, first.Schedule.Taken))
			t.Logf("%s: Replay met the recorded schedule: %v, after %d runs", tc.design.Name(), met, runs)
		})
	}
}

// TestScheduledSeedDecides: the seed decides the schedule. With one
// actor doing all the work (pull: net alone, the router and script only
// waiting to quit) nothing but the seed chooses, and a seed gives the same
// schedule every time; across seeds, the router design's schedules
// differ.
func TestScheduledSeedDecides(t *testing.T) {
	pull, err := designs.ByName("pull")
	require.NoError(t, err)
	cfg := schedConfig(schedDepth, streams(2))
	var first []int32
	for i := range 5 {
		res := run(t, pull, cfg)
		require.Empty(t, res.Violations)
		if i == 0 {
			first = res.Schedule.Taken
			continue
		}
		require.Equal(t, first, res.Schedule.Taken, "the same seed, another schedule")
	}
	router, err := designs.ByName("router")
	require.NoError(t, err)
	seen := map[string]bool{}
	for i := 1; i <= 8; i++ {
		cfg := schedConfig(schedDepth, streams(2), window(4))
		cfg.SchedSeed = uint64(i)
		seen[fmt.Sprint(run(t, router, cfg).Schedule.Taken)] = true
	}
	require.Greater(t, len(seen), 1, "eight seeds, one schedule")
}

// TestScheduleBound checks PCT's bound and what N clean runs make of it.
func TestScheduleBound(t *testing.T) {
	three := []string{"net of stream 0", "router", "script"}
	cases := []struct {
		s    designs.Schedule
		p    float64
		okay bool
	}{
		{designs.Schedule{Depth: 3, Steps: 100, Actors: three, Taken: make([]int32, 50)}, 1.0 / (3 * 100 * 100), true},
		{designs.Schedule{Depth: 1, Steps: 100, Actors: three, Taken: make([]int32, 100)}, 1.0 / 3, true},
		{designs.Schedule{Depth: 2, Steps: 100, Actors: three, Taken: make([]int32, 101)}, 0, false},
		{designs.Schedule{Depth: 0, Steps: 100, Actors: three, Taken: make([]int32, 50)}, 0, false},
	}
	for _, tc := range cases {
		p, ok := tc.s.FindProbability()
		assert.Equal(t, tc.okay, ok, "%+v", tc.s)
		assert.InDelta(t, tc.p, p, 1e-15, "%+v", tc.s)
	}
	assert.InDelta(t, math.Pow(0.99, 100), designs.MissProbability(0.01, 100), 1e-12)
	assert.InDelta(t, 1, designs.MissProbability(0, 100), 0)
	s := designs.Schedule{Seed: 42, Depth: 2, Steps: 10, ChangePoints: []int{3}, Actors: three, Taken: []int32{0, 1, 2, 0}}
	assert.Equal(t, "seed 42, PCT depth 2 over 10 steps (change points [3]), 3 actors, 4 steps taken: n0 r s n0", s.String())
	assert.True(t, strings.HasPrefix((&designs.Schedule{Seed: 7}).String(), "seed 7, uniformly random"))
}

// TestParseScheduled: the regime's name round-trips.
func TestParseScheduled(t *testing.T) {
	for _, r := range designs.Regimes() {
		got, err := designs.ParseRegime(r.String())
		require.NoError(t, err)
		require.Equal(t, r, got)
	}
	require.Equal(t, "scheduled", designs.Scheduled.String())
}

// TestScheduledBoundAtScale runs every design declared correct at sizes
// the models cannot reach (16 chunks, window 16, 4 streams; done and an
// error) under PCT at depths 1 and 2, SCHED_BOUND_RUNS workflows each (4
// by default), requires every one clean within k steps, and logs what the
// clean runs bound: a bug of that depth would show in each run with
// probability at least p (Schedule.FindProbability), so all of them
// missed it with probability at most (1−p)^N.
func TestScheduledBoundAtScale(t *testing.T) {
	runs := envInt(t, "SCHED_BOUND_RUNS", 4)
	for _, d := range designs.All() {
		t.Run(d.Name(), func(t *testing.T) {
			for _, oc := range []designs.Outcome{{Kind: designs.Done}, {Kind: designs.Fail, At: 8}} {
				for _, depth := range []int{1, 2} {
					cfg := schedConfig(depth, chunks(16), window(16), streams(4))
					cfg.Outcome = oc
					if !designs.Correct(d, cfg) {
						continue
					}
					p := 1.0
					for i := 1; i <= runs; i++ {
						cfg.Seed = uint64(i)
						res := run(t, d, cfg)
						require.Empty(t, res.Violations, "%v depth %d seed %d", oc, depth, i)
						q, ok := res.Schedule.FindProbability()
						require.True(t, ok, "%v depth %d seed %d: %d steps, more than k = %d", oc, depth, i, len(res.Schedule.Taken), res.Schedule.Steps)
						p = min(p, q)
					}
					t.Logf("%s %v: %d clean PCT runs at depth %d; a depth-%d bug is found per run with probability ≥ %.3g, so missed by all with probability ≤ %.3g",
						d.Name(), oc, runs, depth, depth, p, designs.MissProbability(p, runs))
				}
			}
		})
	}
}

package summary

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/perf/benchmath"
)

// These tests use small hand-written inputs to pin down parsing and
// validation; the numbers of a real run are tested in package main on
// report/testdata.

const header = `goos: linux
goarch: amd64
pkg: chanbench/bench
cpu: Test CPU @ 1.00GHz
go: go1.26.8
gomaxprocs: 2
commit: abc123
profile: quick
`

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	return path
}

func TestReadGroupsRunsByConfig(t *testing.T) {
	path := writeFile(t, "bench.txt", header+`BenchmarkStream/design=router/chunk=64/window=1/impl=workflow-2 	 1000	  300 ns/op	 213.33 MB/s	 250 p99-ns/op
BenchmarkStream/design=router/chunk=64/window=1/impl=workflow-2 	 1000	  100 ns/op	 640.00 MB/s	 150 p99-ns/op
BenchmarkStream/design=router/chunk=64/window=1/impl=workflow-2 	 1000	  200 ns/op	 320.00 MB/s	 170 p99-ns/op
BenchmarkOrdering/design=explicit/work=20us/regime=forced-2 	 100	  0.05 violations/op	 0.05 error-lost/op
BenchmarkOrdering/design=explicit/work=20µs/regime=forced-2 	 300	  0.01 violations/op
PASS
ok  	chanbench/bench	1.0s
`)
	set, err := Read(path)
	require.NoError(t, err)

	c := Config{Benchmark: Stream, Design: "router", Chunk: "64", Window: "1", Impl: "workflow", Procs: "2"}
	st, ok := set.Stat(c, "ns/op")
	require.True(t, ok)
	want := benchmath.AssumeNothing.Summary(benchmath.NewSample([]float64{300, 100, 200}, &benchmath.DefaultThresholds), 0.95)
	assert.Equal(t, want.Center, st.Center)
	assert.Equal(t, 200.0, st.Center)
	assert.Equal(t, 3, st.N())
	assert.False(t, st.HasInterval(), "3 runs give no finite 95%% interval of a median")
	_, ok = set.Stat(c, "p99.9-ns/op")
	assert.False(t, ok, "a unit that was not reported is not measured")

	// "20us" and "20µs" are the same work; x = round(0.05×100) + round(0.01×300).
	o := Config{Benchmark: Ordering, Design: "explicit", Work: "20µs", Regime: "forced", Procs: "2"}
	r, ok := set.Count(o, "violations/op")
	require.True(t, ok)
	assert.Equal(t, 8, r.X)
	assert.Equal(t, 400, r.N)
	// A kind reported by only some runs still counts over all iterations.
	k, ok := set.Count(o, "error-lost/op")
	require.True(t, ok)
	assert.Equal(t, 5, k.X)
	assert.Equal(t, 400, k.N)

	assert.Equal(t, []string{"explicit", "router"}, set.Designs())
	assert.Equal(t, "go1.26.8", set.Env().Value("go"))
	assert.Equal(t, "Test CPU @ 1.00GHz", set.Env().Value("cpu"))
	assert.Equal(t, []string{"2"}, set.Procs())
	assert.Empty(t, set.Warnings())
}

func TestReadErrorsNameFileAndLine(t *testing.T) {
	for _, tc := range []struct {
		name, content, want string
	}{
		{"malformed", header + "BenchmarkStream/design=router/chunk=64/window=1/impl=workflow-2 	 1000	  abc ns/op\n",
			"malformed.txt:9: parsing measurement"},
		{"missing-unit", header + "BenchmarkStream/design=router/chunk=64/window=1/impl=workflow-2 	 1000	  300\n",
			"missing-unit.txt:9: missing units"},
		{"truncated", header + "BenchmarkStream/design=router/chunk=64/window=1/impl=workflow-2 	 1000	  300 ns/op\nBenchmarkStream/design=router/chu",
			"truncated.txt:10: truncated"},
		{"failed", header + "--- FAIL: BenchmarkStream/design=router\n",
			"failed.txt:9: the benchmark run failed"},
		{"nodesign", header + "BenchmarkStream/chunk=64/window=1/impl=workflow-2 	 1000	  300 ns/op\n",
			"nodesign.txt:9: BenchmarkStream/chunk=64/window=1/impl=workflow-2: no design= part"},
		{"badwork", header + "BenchmarkOrdering/design=router/work=soon/regime=natural-2 	 10	  0 violations/op\n",
			"badwork.txt:9: BenchmarkOrdering/design=router/work=soon/regime=natural-2: work=soon is not a non-negative duration"},
		{"badchunk", header + "BenchmarkStream/design=router/chunk=big/window=1/impl=workflow-2 	 1000	  300 ns/op\n",
			"badchunk.txt:9: BenchmarkStream/design=router/chunk=big/window=1/impl=workflow-2: chunk=big is not a positive integer"},
		{"nan", header + "BenchmarkStream/design=router/chunk=64/window=1/impl=workflow-2 	 1000	  NaN ns/op\n",
			"nan.txt:9:"},
		{"empty", "", "empty.txt: empty file"},
		{"blank", "\n\n  \n", "blank.txt: empty file"},
		{"headeronly", header, "headeronly.txt: no chanbench results"},
		{"unknown", header + "BenchmarkFoo-2 	 1000	  300 ns/op\nPASS\n", "unknown.txt: no chanbench results"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, tc.name+".txt", tc.content)
			set, err := Read(path)
			require.Error(t, err)
			assert.Nil(t, set)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestReadMissingFile(t *testing.T) {
	_, err := Read(filepath.Join(t.TempDir(), "nope.txt"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "read ")
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func TestReadWarnsAboutCombinedRuns(t *testing.T) {
	line := "BenchmarkStream/design=router/chunk=64/window=1/impl=workflow-2 	 1000	  300 ns/op\n"
	a := writeFile(t, "a.txt", header+line)
	b := writeFile(t, "b.txt", "commit: def456\n"+header[:len(header)-len("commit: abc123\nprofile: quick\n")]+"commit: def456\n"+line+"BenchmarkFoo 1 1 ns/op\n")
	set, err := Read(a, b)
	require.NoError(t, err)
	assert.Equal(t, []string{"abc123", "def456"}, set.Env().Values("commit"))
	warns := set.Warnings()
	assert.Contains(t, warns, "skipped 1 results of BenchmarkFoo, which is not a chanbench family")
	assert.Contains(t, warns, "1 configurations combine runs with different commit")
}

func TestOrderLeavesOutUnregisteredNames(t *testing.T) {
	got := Order([]string{"zeta", "router", "merged", Null(), "unbuffered", "router", "", "dropsender", "explicit"})
	assert.Equal(t, []string{"unbuffered", "explicit", "dropsender", "router"}, got)
}

func TestFilterAndProcs(t *testing.T) {
	path := writeFile(t, "procs.txt", header+`BenchmarkStreams/design=router/streams=16/impl=workflow-2 	 10	  300 ns/op
BenchmarkStreams/design=router/streams=16/impl=workflow-2 	 10	  300 ns/op
BenchmarkStreams/design=router/streams=16/impl=workflow 	 10	  500 ns/op
BenchmarkStreams/design=merged/streams=16/impl=workflow-2 	 10	  400 ns/op
`)
	set, err := Read(path)
	require.NoError(t, err)
	assert.Equal(t, []string{"2", ""}, set.Procs(), "most runs first")
	two := set.Filter(func(c Config) bool { return c.Procs == "2" })
	assert.Len(t, two.Configs(nil), 2)
	assert.Equal(t, []string{"router"}, two.Designs(), "merged is not registered: no design")
	assert.Equal(t, []string{"16"}, two.Distinct(nil, func(c Config) string { return c.Streams }))
	assert.Equal(t, 16, two.Configs(nil)[0].StreamCount())
}

func TestReadHeaderComments(t *testing.T) {
	line := "BenchmarkStream/design=router/chunk=64/window=1/impl=workflow-2 	 1000	  300 ns/op\n"
	head := "go: go1.26.8\nprofile: calibrate\n# commit: %s\n# date: 2026-11-27T08:00:00Z\n# Not A Key: x\n# loadavg-before: 0.10 0.20 0.30 1/99 123\n"
	a := writeFile(t, "a.txt", fmt.Sprintf(head, "abc123")+line)
	b := writeFile(t, "b.txt", fmt.Sprintf(head, "def456")+line)
	set, err := Read(a, b)
	require.NoError(t, err)
	assert.Equal(t, []string{"abc123", "def456"}, set.Env().Values("commit"))
	assert.Equal(t, "0.10 0.20 0.30 1/99 123", set.Env().Value("loadavg-before"))
	assert.Equal(t, "calibrate", set.Env().Value("profile"))
	assert.NotContains(t, set.Env().Keys(), "Not A Key")
	// A commit in a comment is not configuration: the two files' runs
	// are one configuration, as benchstat old.txt new.txt will see them.
	assert.Empty(t, set.Warnings())
	c := Config{Benchmark: Stream, Design: "router", Chunk: "64", Window: "1", Impl: "workflow", Procs: "2"}
	assert.Equal(t, 2, set.Runs(c))
}

func TestReadRatio(t *testing.T) {
	path := writeFile(t, "ratio.txt", header+`BenchmarkRatio/design=router/vs=floor/chunk=64/window=1-2 	 10	  1.25 ratio
BenchmarkRatio/design=router/vs=unbuffered/chunk=64/window=1-2 	 10	  1.10 ratio
`)
	set, err := Read(path)
	require.NoError(t, err)
	c := Config{Benchmark: Ratio, Design: "router", Vs: "floor", Chunk: "64", Window: "1", Procs: "2"}
	st, ok := set.Stat(c, "ratio")
	require.True(t, ok)
	assert.Equal(t, 1.25, st.Center)
}

func TestReadLoad(t *testing.T) {
	path := writeFile(t, "load.txt", header+`BenchmarkLoad/design=router/rate=80000 	 1000	 0 ns/op	 79000 completed-streams/s	 80000 offered-streams/s	 0 unreliable/op
BenchmarkLoad/design=router/rate=closed-2 	 1000	 0 ns/op	 61000 completed-streams/s	 0 offered-streams/s	 1 unreliable/op
BenchmarkLoad/design=router/rate=5000-2 	 1000	 0 ns/op	 5000 completed-streams/s	 5000 offered-streams/s	 0 unreliable/op
`)
	set, err := Read(path)
	require.NoError(t, err)
	c := Config{Benchmark: Load, Design: "router", Rate: "80000"}
	st, ok := set.Stat(c, "completed-streams/s")
	require.True(t, ok, "GOMAXPROCS 1 has no name suffix")
	assert.Equal(t, 79000.0, st.Center)
	assert.Equal(t, 80000, c.OfferedRate())
	assert.Equal(t, 0, Config{Rate: RateClosed}.OfferedRate())
	assert.Equal(t, -1, Config{}.OfferedRate())
	rates := set.Distinct(func(c Config) bool { return c.Benchmark == Load }, func(c Config) string { return c.Rate })
	assert.Equal(t, []string{"80000", "closed", "5000"}, rates, "input order")
	assert.Equal(t, []string{"closed", "5000", "80000"}, SortRates(rates), "closed, then numeric order")
	assert.ElementsMatch(t, []string{"2", ""}, set.Procs())

	for _, bad := range []string{"fast", "0", "-5", "1e4"} {
		path := writeFile(t, "bad.txt", header+"BenchmarkLoad/design=router/rate="+bad+"-2 	 1000	 0 ns/op\n")
		_, err := Read(path)
		require.Error(t, err, bad)
		assert.Contains(t, err.Error(), "bad.txt:9: BenchmarkLoad/design=router/rate="+bad+"-2: rate="+bad+" is neither closed nor a positive integer")
	}
}

func TestRunValuesKeepRunsAligned(t *testing.T) {
	path := writeFile(t, "runs.txt", header+`BenchmarkLoad/design=router/rate=closed-2 	 1000	 61000 completed-streams/s
BenchmarkLoad/design=router/rate=closed-2 	 1000	 62000 completed-streams/s	 1 unreliable/op
BenchmarkLoad/design=router/rate=closed-2 	 1000	 63000 completed-streams/s	 0 unreliable/op
`)
	set, err := Read(path)
	require.NoError(t, err)
	c := Config{Benchmark: Load, Design: "router", Rate: RateClosed, Procs: "2"}
	assert.Equal(t, []float64{61000, 62000, 63000}, set.RunValues(c, "completed-streams/s"))
	u := set.RunValues(c, "unreliable/op")
	require.Len(t, u, 3)
	assert.True(t, math.IsNaN(u[0]), "the first run did not report it")
	assert.Equal(t, []float64{1, 0}, u[1:])
	assert.Nil(t, set.RunValues(Config{Design: "nosuch"}, "unreliable/op"))
}

func TestHalves(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.txt")
	var b strings.Builder
	for i := 1; i <= 5; i++ {
		fmt.Fprintf(&b, "BenchmarkOrdering/design=router/work=20µs/regime=natural-2 100 %d ns/op %d violations/op\n", i, i%2)
	}
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	set, err := Read(path)
	require.NoError(t, err)
	first, second := set.Halves()
	c := set.Configs(nil)[0]
	assert.Equal(t, []float64{1, 2}, first.Values(c, "ns/op"))
	assert.Equal(t, []float64{3, 4, 5}, second.Values(c, "ns/op"))
	r1, _ := first.Count(c, "violations/op")
	r2, _ := second.Count(c, "violations/op")
	assert.Equal(t, []RunCount{{100, 100}, {0, 100}}, r1.Runs)
	assert.Equal(t, []RunCount{{100, 100}, {0, 100}, {100, 100}}, r2.Runs)
}

// TestHalvesByRound pins Halves on a knee search: four rounds (seeds 11,
// 22, 33, 44) run rates 1000 and 2000, refined rates run in some rounds
// only (1500 in rounds 2 and 4, 1200 in 1 to 3, 1800 in 3 and 4, 1700 in
// 3), so each run must go to the half of its round, not of its index in
// the cell. At GOMAXPROCS 1 the rounds have other seeds and the first
// Config in the input misses round 2, so the rounds must be ordered by
// where they appear in the input, not Config by Config. A Config without
// seeds is split by run index as before.
func TestHalvesByRound(t *testing.T) {
	var b strings.Builder
	line := func(rate, round int) {
		fmt.Fprintf(&b, "BenchmarkLoad/rate=%d/design=router-2 1 %d arrived-streams/s %d completed-streams/s %d seed\n", rate, 10*round, 10*round, 11*round)
	}
	for round := 1; round <= 4; round++ {
		line(1000, round)
		if round <= 3 {
			line(1200, round)
		}
		if round%2 == 0 {
			line(1500, round)
		}
		if round == 3 {
			line(1700, round)
		}
		if round >= 3 {
			line(1800, round)
		}
		line(2000, round)
		fmt.Fprintf(&b, "BenchmarkOrdering/design=router/work=20µs/regime=natural-2 100 %d ns/op\n", round)
		for _, rate := range []int{1000, 2000} {
			if (rate == 1000) != (round == 2) || round > 2 {
				fmt.Fprintf(&b, "BenchmarkLoad/rate=%d/design=router 1 %d arrived-streams/s %d seed\n", rate, 10*round, 7*round)
			}
		}
	}
	set, err := Read(writeFile(t, "b.txt", b.String()))
	require.NoError(t, err)
	first, second := set.Halves()
	load := func(rate string) Config {
		return Config{Benchmark: Load, Design: "router", Rate: rate, Procs: "2"}
	}
	ordering := Config{Benchmark: Ordering, Design: "router", Work: "20µs", Regime: "natural", Procs: "2"}
	for _, tc := range []struct {
		name          string
		c             Config
		unit          string
		first, second []float64 // nil: not in that half
	}{
		{"a rate of every round", load("1000"), "arrived-streams/s", []float64{10, 20}, []float64{30, 40}},
		{"round 2 goes with round 1, round 4 with round 3", load("1500"), "arrived-streams/s", []float64{20}, []float64{40}},
		{"rounds 1 to 3: round 2 is in the first half", load("1200"), "arrived-streams/s", []float64{10, 20}, []float64{30}},
		{"rounds 3 and 4: both in the second half", load("1800"), "arrived-streams/s", nil, []float64{30, 40}},
		{"one run is kept in its round's half", load("1700"), "completed-streams/s", nil, []float64{30}},
		{"the seeds go with their runs", load("2000"), "seed", []float64{11, 22}, []float64{33, 44}},
		{"GOMAXPROCS 1: rounds 1, 3 and 4", Config{Benchmark: Load, Design: "router", Rate: "1000"}, "arrived-streams/s", []float64{10}, []float64{30, 40}},
		{"GOMAXPROCS 1: rounds 2 to 4", Config{Benchmark: Load, Design: "router", Rate: "2000"}, "arrived-streams/s", []float64{20}, []float64{30, 40}},
		{"no seed: by run index", ordering, "ns/op", []float64{1, 2}, []float64{3, 4}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, set.Runs(tc.c), len(tc.first)+len(tc.second), "the case covers every run of %v", tc.c)
			assert.Equal(t, tc.first, first.RunValues(tc.c, tc.unit))
			assert.Equal(t, tc.second, second.RunValues(tc.c, tc.unit))
			assert.Equal(t, len(tc.first), first.Runs(tc.c))
			assert.Equal(t, len(tc.second), second.Runs(tc.c))
		})
	}
}

func TestOrderFromTheRegistry(t *testing.T) {
	assert.True(t, IsReference("pull"))
	assert.False(t, IsReference("router"))
	assert.False(t, IsReference("merged"))
	assert.Equal(t, []string{"unbuffered", "router", "locks", "pull"},
		Order([]string{"pull", "merged", "locks", "router", "unbuffered", "router"}))
	assert.Equal(t, "unbuffered", Baseline())
}

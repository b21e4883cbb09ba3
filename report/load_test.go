package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"chanbench/report/summary"
)

// sweepFile writes a BenchmarkLoad file at GOMAXPROCS 2 in which each
// design keeps up (completions equal to arrivals, p99 100µs) at every rate
// up to its saturation in every run, and falls behind above it (80% of
// arrivals, p99 5ms); runs is the number of runs, each with its seed, and
// the null design runs every rate beside them (p99 30µs, keeping up). It
// exercises the arithmetic of the section on a sweep whose answer is
// known; the real fixture, testdata/load.txt, is golden-tested.
func sweepFile(t *testing.T, runs int, sat map[string][]int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("go: go1.26.8\n")
	for run := 0; run < runs; run++ {
		for _, d := range []string{"unbuffered", "explicit", "router"} {
			fmt.Fprintf(&b, "BenchmarkLoad/rate=closed/design=%s-2 \t 1000\t 0 ns/op\t 30000 completed-streams/s\t 1 unreliable/op\t 0 violations/op\t 0 leaked/op\t %d seed\n", d, run+1)
		}
		for _, rate := range []int{5000, 10000, 20000, 40000, 80000} {
			fmt.Fprintf(&b, "BenchmarkLoad/rate=%d/design=null-2 \t 1000\t 0 ns/op\t %d arrived-streams/s\t %d completed-streams/s\t 10000 latency-p50-ns/op\t 30000 latency-p99-ns/op\t 0 unreliable/op\t 0 leaked/op\t %d seed\n",
				rate, rate, rate, run+1)
			for _, d := range []string{"unbuffered", "explicit", "router"} {
				completed, p99 := float64(rate), 100e3
				if rate > sat[d][run] {
					completed, p99 = 0.8*float64(rate), 5e6
				}
				fmt.Fprintf(&b, "BenchmarkLoad/rate=%d/design=%s-2 \t 1000\t 0 ns/op\t %d arrived-streams/s\t %.0f completed-streams/s\t 50000 latency-p50-ns/op\t %.0f latency-p99-ns/op\t 0 unreliable/op\t 0.002 violations/op\t 0.002 error-lost/op\t 0 leaked/op\t %d seed\n",
					rate, d, rate, completed, p99, run+1)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "load.txt")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	return path
}

func renderFile(t *testing.T, path string) string {
	t.Helper()
	opts, err := parseFlags([]string{"-model", "testdata/no-model", "-out", t.TempDir(), path}, io.Discard)
	require.NoError(t, err)
	rep, err := build(opts)
	require.NoError(t, err)
	doc := string(reportText(t, rep))
	assertRanksNothing(t, doc)
	return doc
}

func repeat(n, v int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = v
	}
	return out
}

func TestLoadSectionNamesWhoSaturatesFirstOnlyWhenSignificant(t *testing.T) {
	md := renderFile(t, sweepFile(t, 6, map[string][]int{
		"unbuffered": repeat(6, 20000), "explicit": repeat(6, 20000), "router": repeat(6, 10000),
	}))
	// Named in the whole run, but 3 runs a half cannot replicate it
	// (TestSaturatesFirstReplicates).
	assert.Contains(t, md, "At GOMAXPROCS 2 router saturates first in the whole run (at 10.00k/s [10.00k, 10.00k], largest p=0.0022) but not in every run the claim must replicate in: ")
	assert.Contains(t, md, "The halves of the reference run's rounds are too small to replicate the claim")
	assert.Contains(t, md, "*vs unbuffered*: the change of the median saturation throughput from unbuffered's, by an unadjusted Mann-Whitney U test over every counted run, censored runs at their worst for the claim in each direction (saturation.Versus; without censored runs, benchstat's comparison of the runs' estimates) (α = 0.05)")
	assert.Contains(t, md, "| unbuffered | 30.00k/s [30.00k, 30.00k] (n=6) | 20.00k/s [20.00k, 20.00k] | 6 of 6 | baseline | – |")
	assert.Contains(t, md, "| explicit | 30.00k/s [30.00k, 30.00k] (n=6) | 20.00k/s [20.00k, 20.00k] | 6 of 6 | ~ (p=1.000 n=6) | – |")
	assert.Contains(t, md, "| router | 30.00k/s [30.00k, 30.00k] (n=6) | 10.00k/s [10.00k, 10.00k] | 6 of 6 | -50.00% (p=0.002 n=6) | – |")
	// 50% and 90% of router's 10000/s: 5000 and 9000, so 5000/s both.
	assert.Contains(t, md, "| design | p50 at 50% (5.000k/s offered) | p99 at 50% (5.000k/s offered) | null's p99 at 50% (5.000k/s offered) | tail the design's at 50% (5.000k/s offered) | p50 at 90% (5.000k/s offered) | p99 at 90% (5.000k/s offered) | null's p99 at 90% (5.000k/s offered) | tail the design's at 90% (5.000k/s offered) | violations under load | kinds seen | runs that left goroutines behind |")
	assert.Contains(t, md, "| router | 50.00µs ± 0% | 100.0µs ± 0% | 30.00µs ± 0% | 6 of 6 | 50.00µs ± 0% | 100.0µs ± 0% | 30.00µs ± 0% | 6 of 6 | 60/36000 (")
	assert.Contains(t, md, "| error-lost 60 | 0 of 36 |", "5 open points × 6 runs × 2 streams; closed has none")

	// Runs spread so that explicit and router share the lowest median:
	// the first with it, explicit, is not below router, so no design is
	// named (router alone is significantly below unbuffered).
	md = renderFile(t, sweepFile(t, 6, map[string][]int{
		"unbuffered": repeat(6, 20000),
		"explicit":   {5000, 10000, 20000, 5000, 10000, 20000},
		"router":     {10000, 5000, 10000, 10000, 20000, 5000},
	}))
	assert.Contains(t, md, "At GOMAXPROCS 2 no design saturates significantly first (unadjusted Mann-Whitney U tests against each other design over every counted run, α = 0.05, with censored runs at their worst for the claim: the named design's at their upper ends, the others' at their lower ends): explicit (lowest median) is not below router (medians 10000/s and 10000/s).")
	assert.Contains(t, md, "| router | 30.00k/s [30.00k, 30.00k] (n=6) | 10.00k/s [5.000k, 20.00k] | 6 of 6 | -50.00% (p=0.015 n=6) | – |")
	assert.NotContains(t, md, "saturates first, at")
}

func TestLoadSectionWithoutTheBaseline(t *testing.T) {
	path := sweepFile(t, 6, map[string][]int{
		"unbuffered": repeat(6, 20000), "explicit": repeat(6, 20000), "router": repeat(6, 10000),
	})
	opts, err := parseFlags([]string{"-model", "testdata/no-model", "-out", t.TempDir(), "-design", "router,explicit", path}, io.Discard)
	require.NoError(t, err)
	rep, err := build(opts)
	require.NoError(t, err)
	md := string(reportText(t, rep))
	assert.Contains(t, md, "| router | 30.00k/s [30.00k, 30.00k] (n=6) | 10.00k/s [10.00k, 10.00k] | 6 of 6 | unbuffered not shown | – |")
	// Named in the whole run, but 3 runs a half cannot replicate it
	// (TestSaturatesFirstReplicates).
	assert.Contains(t, md, "At GOMAXPROCS 2 router saturates first in the whole run (at 10.00k/s [10.00k, 10.00k], largest p=0.0022) but not in every run the claim must replicate in: ")
	assert.Contains(t, md, "The halves of the reference run's rounds are too small to replicate the claim")
}

func TestLoadSectionWithoutEstimates(t *testing.T) {
	// Every design keeps up at every rate: the sweep did not reach
	// saturation, and every run is right-censored at 80000/s: each
	// design's median is at least 80000/s, its interval open above, and
	// none can be below another.
	md := renderFile(t, sweepFile(t, 6, map[string][]int{
		"unbuffered": repeat(6, 80000), "explicit": repeat(6, 80000), "router": repeat(6, 80000),
	}))
	assert.Contains(t, md, "At GOMAXPROCS 2 no design saturates significantly first (unadjusted Mann-Whitney U tests against each other design over every counted run, α = 0.05, with censored runs at their worst for the claim: the named design's at their upper ends, the others' at their lower ends): explicit (lowest median) is not below router (medians ≥ 80000/s and ≥ 80000/s).")
	assert.Contains(t, md, "| router | 30.00k/s [30.00k, 30.00k] (n=6) | ≥ 80.00k/s [80.00k, ∞] | 6 of 6 (6 censored) | ~ (censored runs leave the order open) | 6× kept up at every measured rate, up to 80000/s: the sweep did not reach saturation |")
	assert.Regexp(t, `(?m)^\| router \|.*\| GOMAXPROCS 2: ≥ 80\.00k/s \[80\.00k, ∞\] \|$`, mdSection(t, md, "## Decision"))
}

// TestLoadSectionCountsCensoredRuns: a design that kept up at every rate
// the sweep reached in every run (router) is counted, its median at least
// that rate; one that did in some runs only (unbuffered, 3 of 6) has a
// median range open above (its three censored runs may saturate anywhere
// above 80000/s), in the decision page, the saturation table and the
// sentence on who saturates first, which compares every design.
func TestLoadSectionCountsCensoredRuns(t *testing.T) {
	md := renderFile(t, sweepFile(t, 6, map[string][]int{
		"unbuffered": {20000, 20000, 20000, 80000, 80000, 80000}, "explicit": repeat(6, 10000), "router": repeat(6, 80000),
	}))
	decision := mdSection(t, md, "## Decision")
	assert.Regexp(t, `(?m)^\| unbuffered \|.*\| GOMAXPROCS 2: ≥ 50\.00k/s \[20\.00k, ∞\] \|$`, decision)
	assert.Regexp(t, `(?m)^\| router \|.*\| GOMAXPROCS 2: ≥ 80\.00k/s \[80\.00k, ∞\] \|$`, decision)
	assert.Regexp(t, `(?m)^\| explicit \|.*\| GOMAXPROCS 2: 10\.00k/s \[10\.00k, 10\.00k\] \|$`, decision, "a design that saturated in every run has a median, not a range")
	assert.Contains(t, md, "| unbuffered | 30.00k/s [30.00k, 30.00k] (n=6) | ≥ 50.00k/s [20.00k, ∞] | 6 of 6 (3 censored) | baseline |")
	assert.Contains(t, md, "| router | 30.00k/s [30.00k, 30.00k] (n=6) | ≥ 80.00k/s [80.00k, ∞] | 6 of 6 (6 censored) | ~ (censored runs leave the order open) |", "router's runs are all open above 80000/s, and three of unbuffered's: either may be the higher")
	assert.Contains(t, md, "| explicit | 30.00k/s [30.00k, 30.00k] (n=6) | 10.00k/s [10.00k, 10.00k] | 6 of 6 | earlier (p=0.002, censored runs at their worst) |", "explicit's 10000/s is below unbuffered's lowest end, 20000/s, however the censored runs resolve")
	// Named in the whole run, but 3 runs a half cannot replicate it
	// (TestSaturatesFirstReplicates).
	assert.Contains(t, md, "At GOMAXPROCS 2 explicit saturates first in the whole run (at 10.00k/s [10.00k, 10.00k], largest p=0.0022) but not in every run the claim must replicate in: ")
	assert.Contains(t, md, "The halves of the reference run's rounds are too small to replicate the claim")
}

// TestSaturationVsBaselineCountsCensoredRuns: a design whose every run
// kept up to the top of the sweep saturates later than a baseline that
// saturated at 20000/s in every run, whatever its censored runs hide; the
// cell said "no point estimate" while censored runs were left out.
func TestSaturationVsBaselineCountsCensoredRuns(t *testing.T) {
	md := renderFile(t, sweepFile(t, 6, map[string][]int{
		"unbuffered": repeat(6, 20000), "explicit": repeat(6, 20000), "router": repeat(6, 80000),
	}))
	assert.Contains(t, md, "| router | 30.00k/s [30.00k, 30.00k] (n=6) | ≥ 80.00k/s [80.00k, ∞] | 6 of 6 (6 censored) | later (p=0.002, censored runs at their worst) |")
	assert.Contains(t, md, "| explicit | 30.00k/s [30.00k, 30.00k] (n=6) | 20.00k/s [20.00k, 20.00k] | 6 of 6 | ~ (p=1.000 n=6) |", "without censored runs the cell is benchstat's")
}

// TestAtLoadTableLeavesOutFractionsBelowEveryRate: with router saturated
// at 10000/s, 50% of it (5000/s) is the lowest rate every design ran and
// is shown; with router at 5000/s, 50% and 90% of it are below every
// rate: those columns are left out with a note, not filled with "no
// measured rate".
func TestAtLoadTableLeavesOutFractionsBelowEveryRate(t *testing.T) {
	md := renderFile(t, sweepFile(t, 6, map[string][]int{
		"unbuffered": repeat(6, 20000), "explicit": repeat(6, 20000), "router": repeat(6, 10000),
	}))
	assert.Contains(t, md, "| p50 at 50% (5.000k/s offered) |")
	assert.NotContains(t, md, "Not shown:")
	md = renderFile(t, sweepFile(t, 6, map[string][]int{
		"unbuffered": repeat(6, 20000), "explicit": repeat(6, 20000), "router": repeat(6, 5000),
	}))
	assert.NotContains(t, md, "p50 at 50%")
	assert.NotContains(t, md, "p50 at 90%")
	assert.NotContains(t, md, "no measured rate")
	assert.Contains(t, md, "Not shown: 50% (2.500k/s) and 90% (4.500k/s) of the reference, below the lowest offered rate every design ran (5.000k/s): the knee search measured no rate there.")
	assert.Regexp(t, `(?m)^\| design \| violations under load \| kinds seen \| runs that left goroutines behind \|$`, md)
}

// nullFallsBehindAt20k rewrites the sweep file at path (sweepFile's) so
// that the null design completes 15000 of the 20000 streams/s offered it
// at GOMAXPROCS 2 in every round: the generator fell behind there.
func nullFallsBehindAt20k(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "BenchmarkLoad/rate=20000/design=null-2") {
			line = strings.Replace(line, "20000 completed-streams/s", "15000 completed-streams/s", 1)
		}
		out = append(out, line)
	}
	require.NoError(t, os.WriteFile(path, []byte(strings.Join(out, "\n")), 0o644))
}

func TestLoadSectionSaysNotMeasured(t *testing.T) {
	md := renderFile(t, "testdata/short.txt")
	assert.Contains(t, md, "## Latency under offered load\n\n*Not drawn: load latency: no BenchmarkLoad results at an offered rate: no data. The input has nothing to plot here (not measured).*")
	assert.NotContains(t, md, "Saturation at GOMAXPROCS")
}

func TestKindTotalsLeaveOutLoadFlags(t *testing.T) {
	set, err := summary.Read("testdata/load.txt")
	require.NoError(t, err)
	for _, k := range kindTotals(set, set.Configs(nil)) {
		assert.NotContains(t, []string{"unreliable", "leaked"}, k.kind)
	}
}

// TestLoadSectionJudgesTheTailAgainstTheNull: a null whose p99 is over
// half the design's leaves no run whose tail is the design's; a null that
// does not keep up at a rate leaves the designs' points there out of the
// sweeps, so that a failure there decides nothing.
func TestLoadSectionJudgesTheTailAgainstTheNull(t *testing.T) {
	path := sweepFile(t, 6, map[string][]int{
		"unbuffered": repeat(6, 20000), "explicit": repeat(6, 20000), "router": repeat(6, 10000),
	})
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	slowNull := strings.ReplaceAll(string(data), "10000 latency-p50-ns/op\t 30000 latency-p99-ns/op", "10000 latency-p50-ns/op\t 60000 latency-p99-ns/op")
	require.NotEqual(t, string(data), slowNull)
	require.NoError(t, os.WriteFile(path, []byte(slowNull), 0o644))
	md := renderFile(t, path)
	assert.Contains(t, md, "| router | 50.00µs ± 0% | 100.0µs ± 0% | 60.00µs ± 0% | 0 of 6 |")

	// The null falls behind at 20000/s: router's failure there is no
	// measurement, and its two failures are then 40000 and 80000.
	nullFallsBehindAt20k(t, path)
	md = renderFile(t, path)
	assert.Contains(t, md, "| router | 30.00k/s [30.00k, 30.00k] (n=6) | 10.00k/s [10.00k, 10.00k] | 6 of 6 |")
	assert.Contains(t, md, "| unbuffered | 30.00k/s [30.00k, 30.00k] (n=6) | 10.00k/s [10.00k, 10.00k] | 6 of 6 |", "unbuffered kept up at 20000, but that point is no measurement now")
}

// firstSentence is the load section's sentence on which design saturates
// first at GOMAXPROCS 2 in the report on path, with -replication replica
// when replica is not "".
func firstSentence(t *testing.T, path, replica string) string {
	t.Helper()
	args := []string{"-model", "testdata/no-model", "-out", t.TempDir()}
	if replica != "" {
		args = append(args, "-replication", replica)
	}
	opts, err := parseFlags(append(args, path), io.Discard)
	require.NoError(t, err)
	rep, err := build(opts)
	require.NoError(t, err)
	md := string(reportText(t, rep))
	i := strings.Index(md, "At GOMAXPROCS 2 ")
	require.GreaterOrEqual(t, i, 0, "no sentence on who saturates first")
	end := strings.Index(md[i:], "\n")
	require.Greater(t, end, 0)
	return md[i : i+end]
}

// TestSaturatesFirstReplicates: the load section names a design as
// saturating first only when saturation.FirstAnswer names it in the whole
// run and again in each run the findings replicate in (the two halves of
// the reference run's rounds, or the replication file); otherwise it
// says what each said, and that halves too small for any test to reach
// α cannot replicate the claim.
func TestSaturatesFirstReplicates(t *testing.T) {
	const method = " (unadjusted Mann-Whitney U tests against each other design over every counted run, α = 0.05, with censored runs at their worst for the claim: the named design's at their upper ends, the others' at their lower ends)."
	const notClaimed = ". Not a replicated claim: no design is named as saturating first" + method
	eight := map[string][]int{"unbuffered": repeat(8, 20000), "explicit": repeat(8, 20000), "router": repeat(8, 10000)}
	for _, c := range []struct {
		name    string
		runs    int
		sat     map[string][]int
		replica map[string][]int // the replication file's runs, nil for none
		want    string           // %[1]s is the replication file's name
	}{
		{
			name: "both halves name router: claimed",
			runs: 8, sat: eight,
			want: "At GOMAXPROCS 2 router saturates first, at 10.00k/s [10.00k, 10.00k], significantly below every other design with an estimate in the whole run (largest p=0.00016) and again in the first half of the reference run's rounds (largest p=0.029) and in the second half (largest p=0.029)" + method,
		},
		{
			name: "the second half names none: both answers shown",
			runs: 12,
			sat: map[string][]int{
				"unbuffered": repeat(12, 20000),
				"explicit":   append(repeat(9, 20000), 10000, 10000, 10000),
				"router":     repeat(12, 10000),
			},
			want: "At GOMAXPROCS 2 router saturates first in the whole run (at 10.00k/s [10.00k, 10.00k], largest p=0.00034) but not in every run the claim must replicate in: the first half of the reference run's rounds: router (largest p=0.0022); the second half: none (router (lowest median) is not significantly below explicit (p=0.182, censored runs at their worst for the claim))" + notClaimed,
		},
		{
			name: "three runs a half: too few to replicate",
			runs: 6, sat: map[string][]int{"unbuffered": repeat(6, 20000), "explicit": repeat(6, 20000), "router": repeat(6, 10000)},
			want: "At GOMAXPROCS 2 router saturates first in the whole run (at 10.00k/s [10.00k, 10.00k], largest p=0.0022) but not in every run the claim must replicate in: the first half of the reference run's rounds: too few runs to tell (router (lowest median) cannot be shown significantly below explicit from 3 runs against 3: the smallest p a Mann-Whitney U test of them can give is 0.100, above α = 0.05); the second half: too few runs to tell (router (lowest median) cannot be shown significantly below explicit from 3 runs against 3: the smallest p a Mann-Whitney U test of them can give is 0.100, above α = 0.05). The halves of the reference run's rounds are too small to replicate the claim; a replication file (-replication, e.g. a second sweep of the same commit) can" + notClaimed,
		},
		{
			name: "a replication file names router too: claimed",
			runs: 6, sat: map[string][]int{"unbuffered": repeat(6, 20000), "explicit": repeat(6, 20000), "router": repeat(6, 10000)},
			replica: map[string][]int{"unbuffered": repeat(6, 20000), "explicit": repeat(6, 20000), "router": repeat(6, 10000)},
			want:    "At GOMAXPROCS 2 router saturates first, at 10.00k/s [10.00k, 10.00k], significantly below every other design with an estimate in the reference run (largest p=0.0022) and again in the replication %[1]s (largest p=0.0022)" + method,
		},
		{
			name: "a replication file names explicit: both answers shown",
			runs: 6, sat: map[string][]int{"unbuffered": repeat(6, 20000), "explicit": repeat(6, 20000), "router": repeat(6, 10000)},
			replica: map[string][]int{"unbuffered": repeat(6, 20000), "explicit": repeat(6, 10000), "router": repeat(6, 20000)},
			want:    "At GOMAXPROCS 2 router saturates first in the reference run (at 10.00k/s [10.00k, 10.00k], largest p=0.0022) but not in every run the claim must replicate in: the replication %[1]s: explicit (largest p=0.0022)" + notClaimed,
		},
		{
			name: "a replication file of three runs: too few",
			runs: 6, sat: map[string][]int{"unbuffered": repeat(6, 20000), "explicit": repeat(6, 20000), "router": repeat(6, 10000)},
			replica: map[string][]int{"unbuffered": repeat(3, 20000), "explicit": repeat(3, 20000), "router": repeat(3, 10000)},
			want:    "At GOMAXPROCS 2 router saturates first in the reference run (at 10.00k/s [10.00k, 10.00k], largest p=0.0022) but not in every run the claim must replicate in: the replication %[1]s: too few runs to tell (router (lowest median) cannot be shown significantly below explicit from 3 runs against 3: the smallest p a Mann-Whitney U test of them can give is 0.100, above α = 0.05). The replication has too few runs to replicate the claim" + notClaimed,
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			path, replica := sweepFile(t, c.runs, c.sat), ""
			if c.replica != nil {
				replica = sweepFile(t, len(c.replica["router"]), c.replica)
			}
			want := c.want
			if replica != "" {
				want = fmt.Sprintf(c.want, code(filepath.ToSlash(replica)))
			}
			assert.Equal(t, want, firstSentence(t, path, replica))
		})
	}
}

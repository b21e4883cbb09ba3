package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// update makes TestGolden rewrite the golden file instead of comparing.
var update = flag.Bool("update", false, "rewrite ../testdata/calibration.md")

// Two real, short runs of scripts/calibrate (see ../testdata/README.md).
const (
	runA = "../testdata/calib-a.txt"
	runB = "../testdata/calib-b.txt"
)

func calibrate(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errs bytes.Buffer
	err := run(args, &out, &errs)
	return out.String(), err
}

// TestGolden compares the calibration of the two real runs with
// ../testdata/calibration.md, which REPORT.md's golden test embeds.
func TestGolden(t *testing.T) {
	got, err := calibrate(t, "-names", "results/calibration/a.txt,results/calibration/b.txt", runA, runB)
	require.NoError(t, err)
	const path = "../testdata/calibration.md"
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), got, "rerun with -update if the change is intended")
}

func TestSelfComparisonFindsNothing(t *testing.T) {
	got, err := calibrate(t, "../testdata/short.txt", "../testdata/short.txt")
	require.NoError(t, err)
	rows := ratioRows(got)
	// Against its floor: 4 designs (the fixture has no terminal-routed
	// floor); against unbuffered: the 4 others.
	require.Len(t, rows, 8)
	for _, r := range rows {
		assert.Equal(t, "0.0%", r[5], "drift of %v", r)
		assert.Equal(t, "yes", r[6])
		assert.Equal(t, "yes", r[7])
		assert.True(t, strings.HasPrefix(r[8], "~ "), "A vs B of %v", r)
	}
	assert.Contains(t, got, "| wall clock | ratio rows flagged different (Mann-Whitney, α = 0.05) | 0 of 8 (0.0%) | ≤ 1 of 8 (a calibrated pair: 0.33 expected, the test's true size 4.1% at 6 against 6 runs; at most 1 with probability 96.0%) | met |")
	assert.Contains(t, got, "| wall clock | intervals covering the other run's median | 16 of 16 (100.0%) | ≥ 12 of 16 (")
	// 25 of the fixture's 30 rates are 0/N in both runs: counted apart.
	assert.Contains(t, got, "Of the rates that can disagree (not 0/N in both runs), B's inside A's intervals: 5 of 5 (100.0%); goal ≥ 3 of 5 (")
	assert.Contains(t, got, "): met. Rows 0/N in both runs, which agree by construction and are not counted: 25 of 30.")
	assert.Contains(t, got, "flags as different between the runs: 0 of ")
}

func TestDetectsAShift(t *testing.T) {
	// Run B is run A with every floor ten times slower: each design's
	// ratio to its floor drops tenfold, its ratio to unbuffered does not.
	dir := t.TempDir()
	data, err := os.ReadFile("../testdata/short.txt")
	require.NoError(t, err)
	floor := regexp.MustCompile(`(?m)^(BenchmarkStream/\S+/impl=floor-2\s+\d+\s+)(\d+) ns/op`)
	slow := floor.ReplaceAllStringFunc(string(data), func(m string) string {
		sub := floor.FindStringSubmatch(m)
		ns, _ := strconv.Atoi(sub[2])
		return sub[1] + strconv.Itoa(10*ns) + " ns/op"
	})
	require.NotEqual(t, string(data), slow)
	b := filepath.Join(dir, "b.txt")
	require.NoError(t, os.WriteFile(b, []byte(slow), 0o644))

	got, err := calibrate(t, "../testdata/short.txt", b)
	require.NoError(t, err)
	flagged := 0
	for _, r := range ratioRows(got) {
		if r[1] == "floor" {
			assert.Equal(t, "-90.0%", r[5], "drift of %v", r)
			assert.Equal(t, "no", r[6], "A's interval does not cover B's median: %v", r)
			assert.False(t, strings.HasPrefix(r[8], "~"), "the test flags %v", r)
			flagged++
		} else {
			assert.Equal(t, "0.0%", r[5], "drift of %v", r)
		}
	}
	assert.Equal(t, 4, flagged)
	assert.Contains(t, got, "| wall clock | ratio rows flagged different (Mann-Whitney, α = 0.05) | 4 of 8 (50.0%) | ≤ 1 of 8 (")
	assert.Regexp(t, `\| wall clock \| ratio rows flagged different [^\n]*\| not met \|`, got)
	assert.Regexp(t, `\| wall clock \| intervals covering the other run's median \| 8 of 16 \(50.0%\) \| ≥ 12 of 16 [^\n]*\| not met \|`, got)
}

func TestBadInputWritesNothing(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "CALIBRATION.md")
	require.NoError(t, os.WriteFile(out, []byte("previous\n"), 0o644))
	bad := filepath.Join(dir, "bad.txt")
	require.NoError(t, os.WriteFile(bad, []byte("BenchmarkStream/design=router/chunk=64/window=1/impl=workflow-2 \t 10\t abc ns/op\n"), 0o644))
	noRatio := filepath.Join(dir, "noratio.txt")
	require.NoError(t, os.WriteFile(noRatio, []byte("BenchmarkWorkflow/design=router/outcome=done-2 \t 10\t 100 ns/op\n"), 0o644))

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-o", out, runA, bad}, bad + ":1: parsing measurement"},
		{[]string{"-o", out, runA, filepath.Join(dir, "missing.txt")}, "missing.txt: no such file"},
		{[]string{"-o", out, noRatio, noRatio}, "no ratio at chunk 64, window 1 in both"},
		{[]string{"-o", out, runA}, "want two files"},
		{[]string{"-o", out, "-names", "onlyone", runA, runB}, `-names "onlyone": want two names`},
		{[]string{"-o", out, "-benchstat", filepath.Join(dir, "nope.txt"), runA, runB}, "read benchstat output"},
	} {
		_, err := calibrate(t, tc.args...)
		require.Error(t, err, "%v", tc.args)
		assert.Contains(t, err.Error(), tc.want)
		got, err := os.ReadFile(out)
		require.NoError(t, err)
		assert.Equal(t, "previous\n", string(got), "%v changed the output", tc.args)
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 3, "no temporary file left")
}

func TestWritesOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "CALIBRATION.md")
	_, err := calibrate(t, "-o", out, runA, runB)
	require.NoError(t, err)
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(data), "# A/A calibration\n"))
	info, err := os.Stat(out)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), info.Mode().Perm())
}

// ratioRows returns the cells of the ratio table's rows.
func ratioRows(md string) [][]string {
	var rows [][]string
	in := false
	for _, line := range strings.Split(md, "\n") {
		switch {
		case strings.HasPrefix(line, "| design | vs | measure |"):
			in = true
		case in && strings.HasPrefix(line, "|---"):
		case in && strings.HasPrefix(line, "| "):
			cells := strings.Split(strings.Trim(line, "| "), " | ")
			rows = append(rows, cells)
		case in:
			return rows
		}
	}
	return rows
}

func TestBenchmarkRatioIsPreferredAndCPUTimeCompared(t *testing.T) {
	// Hand-written BenchmarkRatio runs (the form of bench/ratio_test.go):
	// wall-clock ratios that move between A and B, CPU-time ratios that
	// do not.
	dir := t.TempDir()
	write := func(name string, wall float64) string {
		var b strings.Builder
		for i := range 6 {
			jitter := 0.001 * float64(i)
			fmt.Fprintf(&b, "BenchmarkRatio/design=router/vs=floor/chunk=64/window=1-2 \t 20\t 900 ns/op\t %.4f ratio\t %.4f cpu-ratio\n", wall+jitter, 1.2+jitter)
			fmt.Fprintf(&b, "BenchmarkRatio/design=router/vs=unbuffered/chunk=64/window=1-2 \t 20\t 900 ns/op\t %.4f ratio\t %.4f cpu-ratio\n", wall+jitter, 1.1+jitter)
		}
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
		return path
	}
	got, err := calibrate(t, write("a.txt", 1.30), write("b.txt", 1.50))
	require.NoError(t, err)
	rows := ratioRows(got)
	require.Len(t, rows, 4)
	for _, r := range rows {
		assert.Equal(t, "router", r[0])
		switch r[2] {
		case "wall clock":
			assert.Equal(t, "+15.4%", r[5], "%v", r)
			assert.False(t, strings.HasPrefix(r[8], "~"), "%v", r)
		case "CPU time":
			assert.Equal(t, "0.0%", r[5], "%v", r)
			assert.True(t, strings.HasPrefix(r[8], "~"), "%v", r)
		default:
			t.Errorf("measure %q", r[2])
		}
	}
	assert.Contains(t, got, "(from BenchmarkRatio)")
	assert.Contains(t, got, "| wall clock | ratio rows flagged different (Mann-Whitney, α = 0.05) | 2 of 2 (100.0%) |")
	assert.Contains(t, got, "| CPU time | ratio rows flagged different (Mann-Whitney, α = 0.05) | 0 of 2 (0.0%) |")
}

// TestRatesThatDisagree: run B with every non-zero violation count tripled
// falls outside A's intervals; the rows 0/N in both runs stay 0/N and are
// counted apart, not as agreement.
func TestRatesThatDisagree(t *testing.T) {
	data, err := os.ReadFile("../testdata/short.txt")
	require.NoError(t, err)
	rate := regexp.MustCompile(`(?m)\t\s*([0-9.]+) violations/op$`)
	tripled := rate.ReplaceAllStringFunc(string(data), func(m string) string {
		v, err := strconv.ParseFloat(rate.FindStringSubmatch(m)[1], 64)
		require.NoError(t, err)
		return "\t" + strconv.FormatFloat(min(3*v, 1), 'f', 4, 64) + " violations/op"
	})
	require.NotEqual(t, string(data), tripled)
	b := filepath.Join(t.TempDir(), "b.txt")
	require.NoError(t, os.WriteFile(b, []byte(tripled), 0o644))
	got, err := calibrate(t, "../testdata/short.txt", b)
	require.NoError(t, err)
	assert.Regexp(t, `Of the rates that can disagree \(not 0/N in both runs\), B's inside A's intervals: [0-2] of 5 \([^)]*\); goal ≥ 3 of 5 \([^\n]*\): not met\. Rows 0/N in both runs, which agree by construction and are not counted: 25 of 30\.`, got)
}

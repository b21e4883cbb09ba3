package model

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// requireSpin skips the test when spin is not installed, except under CI
// (CI=true), where the model checks must run.
func requireSpin(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"spin", "gcc"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s not found, and CI=true: the model checks must run in CI (install with apt-get install spin)", tool)
			}
			t.Skipf("%s not found: install it with apt-get install spin", tool)
		}
	}
}

// wantVerdict is the verdict each design's model must get, written here
// independently of scripts/verify's own expectation: explicit is refuted
// where it can be (buffered channels, and something in data when the
// shutdown arrives: the error, or a chunk with window 2), terminal-routed
// where a chunk can still be in data behind the shutdown (buffered
// channels, window 2, and a chunk before the outcome), and every other
// design nowhere. Net cancelling is clean for every design at windows 1
// and 2.
func wantVerdict(design string, window, capacity int, outcome string, at int, ends string) string {
	switch {
	case ends == "cancel":
		return "verified"
	case design == "explicit" && capacity >= 1 && (outcome == "error" || window >= 2):
		return "refuted"
	case design == "terminal-routed" && capacity >= 1 && window >= 2 && at >= 1:
		return "refuted"
	}
	return "verified"
}

// verdictColumns is the header of results/model/verdicts.tsv.
const verdictColumns = "design\tchunks\twindow\tcap\toutcome\tat\tends\tstreams\tverdict\texpected\tstates\tdepth\tmemory_mb\tseconds\tsearch"

// runVerify runs scripts/verify with env into a temporary directory,
// checks every row's verdict against wantVerdict, and returns the output
// directory and the rows per design.
func runVerify(t *testing.T, env ...string) (string, map[string]int) {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	out := t.TempDir()
	cmd := exec.Command("bash", filepath.Join(root, "scripts", "verify"))
	cmd.Dir = root
	cmd.Env = append(append(os.Environ(), "VERIFY_OUT="+out), env...)
	log, err := cmd.CombinedOutput()
	require.NoError(t, err, "scripts/verify:\n%s", log)

	f, err := os.Open(filepath.Join(out, "verdicts.tsv"))
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	require.True(t, sc.Scan())
	require.Equal(t, verdictColumns, sc.Text())
	rows := map[string]int{}
	for sc.Scan() {
		col := strings.Split(sc.Text(), "\t")
		require.Len(t, col, 15, "row %q", sc.Text())
		require.Equal(t, "exhaustive", col[14], "search, row %q", sc.Text())
		design, outcome, ends, verdict := col[0], col[4], col[6], col[8]
		n := make([]int, 14)
		for _, i := range []int{1, 2, 3, 5, 7, 10, 11} {
			n[i], err = strconv.Atoi(col[i])
			require.NoError(t, err, "row %q, column %d", sc.Text(), i)
		}
		want := wantVerdict(design, n[2], n[3], outcome, n[5], ends)
		require.Equal(t, want, verdict, "row %q", sc.Text())
		require.Equal(t, want, col[9], "the runner's expected verdict, row %q", sc.Text())
		require.Equal(t, 1, n[7], "streams, row %q", sc.Text())
		require.Positive(t, n[10], "states, row %q", sc.Text())
		require.Positive(t, n[11], "depth, row %q", sc.Text())
		mem, err := strconv.ParseFloat(col[12], 64)
		require.NoError(t, err)
		require.Positive(t, mem, "memory, row %q", sc.Text())
		rows[design+"/"+ends]++
	}
	require.NoError(t, sc.Err())
	return out, rows
}

// TestVerify runs scripts/verify (models generated from the designs' Go
// code) over a small grid (every design, one chunk, windows 1 and 2,
// capacity 1, both outcomes) into a temporary directory and checks every
// verdict and the counterexamples.
func TestVerify(t *testing.T) {
	requireSpin(t)
	if testing.Short() {
		t.Skip("runs spin and gcc on 20 grid points: not in -short mode")
	}
	out, rows := runVerify(t,
		"VERIFY_CHUNKS=1",
		"VERIFY_WINDOWS=1 2",
		"VERIFY_CAPS=1",
		"VERIFY_OUTCOMES=done error",
		"VERIFY_BEYOND=0",
	)
	require.Equal(t, map[string]int{"unbuffered/outcome": 4, "explicit/outcome": 4, "dropsender/outcome": 4,
		"router/outcome": 4, "terminal-routed/outcome": 4}, rows)

	md, err := os.ReadFile(filepath.Join(out, "explicit-counterexample.md"))
	require.NoError(t, err)
	require.Contains(t, string(md), "# Counterexample: explicit (chunks 1, window 1, cap 1, error)")
	require.Contains(t, string(md), "net: receives shutdown from router on ctrl, while data still holds the error")
	require.Contains(t, string(md), "VIOLATED error first")
	md, err = os.ReadFile(filepath.Join(out, "terminal-routed-counterexample.md"))
	require.NoError(t, err)
	require.Contains(t, string(md), "# Counterexample: terminal-routed (chunks 1, window 2, cap 1, done)")
	require.Contains(t, string(md), "script: reads the source: done")
	require.Contains(t, string(md), "net: receives shutdown from router on ctrl, while data still holds chunk 0")
	require.Contains(t, string(md), "VIOLATED every chunk before the end")
	for _, design := range []string{"unbuffered", "dropsender", "router"} {
		require.NoFileExists(t, filepath.Join(out, design+"-counterexample.md"), "%s is verified everywhere", design)
	}
}

// TestVerifyBeyond runs scripts/verify on the points beyond the grid, for
// the two designs refuted on it: an error before the last chunk (at 0 and
// 1 of 2 chunks) and net cancelling after its first chunk, at window 2.
func TestVerifyBeyond(t *testing.T) {
	requireSpin(t)
	if testing.Short() {
		t.Skip("runs spin and gcc on 8 grid points: not in -short mode")
	}
	_, rows := runVerify(t,
		"VERIFY_DESIGNS=explicit terminal-routed",
		"VERIFY_CHUNKS=1",
		"VERIFY_WINDOWS=2",
		"VERIFY_CAPS=1",
		"VERIFY_OUTCOMES=done",
		"VERIFY_BEYOND=1",
		"VERIFY_BEYOND_CHUNKS=2",
		"VERIFY_STREAMS=1", // two streams take minutes: scripts/verify's own run has them
	)
	require.Equal(t, map[string]int{"explicit/outcome": 3, "explicit/cancel": 1,
		"terminal-routed/outcome": 3, "terminal-routed/cancel": 1}, rows)
}

// TestVerifyWithoutSpin checks that scripts/verify refuses to run, and says
// how to install spin, when spin is not on the PATH.
func TestVerifyWithoutSpin(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash not found")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	cmd := exec.Command(bash, filepath.Join(root, "scripts", "verify"))
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "PATH="+t.TempDir(), "VERIFY_OUT="+t.TempDir())
	log, err := cmd.CombinedOutput()
	require.Error(t, err)
	require.Contains(t, string(log), "spin not found: install it with apt-get install spin")
}

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

	"chanbench/designs"
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

// verdictColumns is the header of results/model/verdicts.tsv.
const verdictColumns = "design\tchunks\twindow\tcap\toutcome\tat\tends\tstreams\tverdict\texpected\tstates\tdepth\tmemory_mb\tseconds\tsearch"

// runVerify runs scripts/verify with env into a temporary directory,
// checks every row's verdict against Expected (the designs' KnownFlaws),
// and returns the output directory and the rows per design.
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
		if col[8] == "refused" {
			d, err := designs.ByName(col[0])
			require.NoError(t, err)
			require.NotEmpty(t, designs.ModelRefusal(d), "row %q: refused, and the design declares no refusal", sc.Text())
			require.Equal(t, "refused", col[9], "row %q", sc.Text())
			require.Contains(t, col[14], "the generator refuses "+designs.ModelRefusal(d)+"; evidence: the Go layers only", "row %q", sc.Text())
			rows[col[0]+"/refused"]++
			continue
		}
		require.Equal(t, "exhaustive", col[14], "search, row %q", sc.Text())
		design, ends, verdict := col[0], col[6], col[8]
		n := make([]int, 14)
		for _, i := range []int{1, 2, 3, 5, 7, 10, 11} {
			n[i], err = strconv.Atoi(col[i])
			require.NoError(t, err, "row %q, column %d", sc.Text(), i)
		}
		d, err := designs.ByName(design)
		require.NoError(t, err)
		want, err := Expected(d, pointOf(t, col))
		require.NoError(t, err)
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
	want := map[string]int{}
	for _, d := range designs.All() {
		if designs.ModelRefusal(d) != "" {
			want[d.Name()+"/refused"] = 1 // one row, where its verdicts would be
			continue
		}
		want[d.Name()+"/outcome"] = 4 // windows 1 and 2, done and error
	}
	require.Equal(t, want, rows)

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
	for _, d := range designs.All() {
		if designs.ModelRefusal(d) != "" {
			require.NoFileExists(t, filepath.Join(out, d.Name()+"-counterexample.md"), "%s is not modelled", d.Name())
			continue
		}
		refuted := false
		for _, w := range []int{1, 2} {
			for _, o := range []string{"done", "error"} {
				v, err := Expected(d, Point{Chunks: 1, Window: w, Cap: 1, Outcome: o, At: 1, Streams: 1})
				require.NoError(t, err)
				refuted = refuted || v == "refuted"
			}
		}
		if !refuted {
			require.NoFileExists(t, filepath.Join(out, d.Name()+"-counterexample.md"), "%s is verified everywhere", d.Name())
		}
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

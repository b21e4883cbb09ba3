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
// where a chunk can still be in data behind the shutdown (buffered channels
// and window 2), and every other design nowhere.
func wantVerdict(design string, window, capacity int, outcome string) string {
	switch {
	case design == "explicit" && capacity >= 1 && (outcome == "error" || window >= 2):
		return "refuted"
	case design == "terminal-routed" && capacity >= 1 && window >= 2:
		return "refuted"
	}
	return "verified"
}

// TestVerify runs scripts/verify over a small grid (every design, one chunk,
// windows 1 and 2, capacities 0 and 1, both outcomes) into a temporary
// directory and checks every verdict and the explicit design's
// counterexample.
func TestVerify(t *testing.T) {
	requireSpin(t)
	if testing.Short() {
		t.Skip("runs spin and gcc on 36 grid points: not in -short mode")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	out := t.TempDir()
	cmd := exec.Command("bash", filepath.Join(root, "scripts", "verify"))
	cmd.Dir = root
	cmd.Env = append(os.Environ(),
		"VERIFY_OUT="+out,
		"VERIFY_CHUNKS=1",
		"VERIFY_WINDOWS=1 2",
		"VERIFY_CAPS=0 1",
		"VERIFY_OUTCOMES=done error",
	)
	log, err := cmd.CombinedOutput()
	require.NoError(t, err, "scripts/verify:\n%s", log)

	f, err := os.Open(filepath.Join(out, "verdicts.tsv"))
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	require.True(t, sc.Scan())
	require.Equal(t, "design\tchunks\twindow\tcap\toutcome\tverdict\texpected\tstates\tdepth\tseconds", sc.Text())
	rows := map[string]int{}
	for sc.Scan() {
		col := strings.Split(sc.Text(), "\t")
		require.Len(t, col, 10, "row %q", sc.Text())
		design, outcome, verdict := col[0], col[4], col[5]
		window, err := strconv.Atoi(col[2])
		require.NoError(t, err)
		capacity, err := strconv.Atoi(col[3])
		require.NoError(t, err)
		want := wantVerdict(design, window, capacity, outcome)
		require.Equal(t, want, verdict, "row %q", sc.Text())
		require.Equal(t, want, col[6], "the runner's expected verdict, row %q", sc.Text())
		states, err := strconv.Atoi(col[7])
		require.NoError(t, err)
		require.Positive(t, states, "row %q", sc.Text())
		rows[design]++
	}
	require.NoError(t, sc.Err())
	require.Equal(t, map[string]int{"unbuffered": 4, "explicit": 8, "dropsender": 8, "router": 8, "terminal-routed": 8}, rows)

	md, err := os.ReadFile(filepath.Join(out, "explicit-counterexample.md"))
	require.NoError(t, err)
	require.Contains(t, string(md), "# Counterexample: explicit (chunks 1, window 1, cap 1, error)")
	require.Contains(t, string(md), "net: receives shutdown from router on ctrl, while data still holds the error")
	require.Contains(t, string(md), "VIOLATED error first")
	md, err = os.ReadFile(filepath.Join(out, "terminal-routed-counterexample.md"))
	require.NoError(t, err)
	require.Contains(t, string(md), "# Counterexample: terminal-routed (chunks 1, window 2, cap 1, done)")
	require.Contains(t, string(md), "net: receives shutdown from router on ctrl, while data still holds chunk 0")
	require.Contains(t, string(md), "VIOLATED every chunk before the end")
	for _, design := range []string{"unbuffered", "dropsender", "router"} {
		require.NoFileExists(t, filepath.Join(out, design+"-counterexample.md"), "%s is verified everywhere", design)
	}
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

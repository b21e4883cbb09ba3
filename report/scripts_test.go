package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/perf/benchfmt"
)

// These tests check scripts/bench and scripts/calibrate from the outside:
// their errors, and the form of what they write (testdata/calib-*.txt are
// real scripts/bench output).

// script runs one of the repository's scripts and returns its combined
// output and exit code.
func script(t *testing.T, name string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(filepath.Join("..", "scripts", name), args...)
	out, err := cmd.CombinedOutput()
	if exit, ok := err.(*exec.ExitError); ok {
		return string(out), exit.ExitCode()
	}
	require.NoError(t, err, string(out))
	return string(out), 0
}

func TestScriptsRejectBadArguments(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"bench", []string{"nope"}, 2, `unknown profile "nope": want one of quick full`},
		{"bench", []string{"-rounds", "0", "quick"}, 2, "-rounds 0: want a positive integer"},
		{"bench", []string{"-benchtime", "soon", "quick"}, 2, "-benchtime soon: want Nx or a duration"},
		{"bench", []string{"quick", "full"}, 2, "more than one profile"},
		{"run", []string{"nope"}, 2, `unknown profile "nope"`},
		{"report", []string{"-color", "x"}, 2, "unknown flag -color"},
		{"calibrate", []string{"-compare", "testdata/none-a.txt", "testdata/none-b.txt"}, 1, "no such file"},
		{"calibrate", []string{"-compare", "a.txt"}, 2, "-compare needs two files"},
		{"calibrate", []string{"-rounds", "2", "-compare", "x", "y"}, 2, "takes no -rounds"},
	} {
		out, code := script(t, tc.name, tc.args...)
		assert.Equal(t, tc.code, code, "scripts/%s %v: %s", tc.name, tc.args, out)
		assert.Contains(t, out, tc.want, "scripts/%s %v", tc.name, tc.args)
	}
}

// TestBenchHeaderKeepsRunValuesOutOfConfig reads a real scripts/bench
// file: what differs between two runs of one commit (commit, date, load,
// commands, round) must not be benchfmt configuration, or
// `benchstat old.txt new.txt` would split its tables.
func TestBenchHeaderKeepsRunValuesOutOfConfig(t *testing.T) {
	for _, path := range []string{"testdata/calib-a.txt", "testdata/calib-b.txt", "testdata/short.txt"} {
		f, err := os.Open(path)
		require.NoError(t, err)
		r := benchfmt.NewReader(f, path)
		results := 0
		for r.Scan() {
			res, ok := r.Result().(*benchfmt.Result)
			if !ok {
				continue
			}
			results++
			for _, cfg := range res.Config {
				if cfg.File {
					assert.Contains(t, []string{"go", "gomaxprocs", "profile", "goos", "goarch", "pkg", "cpu"}, cfg.Key,
						"%s: file configuration key %q", path, cfg.Key)
				}
			}
		}
		require.NoError(t, r.Err())
		f.Close()
		assert.Positive(t, results, path)
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		for _, key := range []string{"# commit: ", "# date: ", "# loadavg-before: ", "# loadavg-after: ", "# command: ", "# round: 1 of "} {
			assert.Contains(t, string(data), "\n"+key, "%s records %q", path, key)
		}
		assert.NotContains(t, string(data), "scripts/bench:", "%s: progress went into the file", path)
	}
}

// TestCalibrateCompare runs scripts/calibrate on two real runs: its files
// land in place, and benchstat compares the two runs in one table.
func TestCalibrateCompare(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the calibrate and benchstat commands")
	}
	out := t.TempDir()
	a, err := filepath.Abs("testdata/calib-a.txt")
	require.NoError(t, err)
	b, err := filepath.Abs("testdata/calib-b.txt")
	require.NoError(t, err)
	log, code := script(t, "calibrate", "-compare", a, b, "-out", out)
	require.Equal(t, 0, code, log)
	for _, name := range []string{"a.txt", "b.txt", "benchstat.txt", "CALIBRATION.md"} {
		assert.FileExists(t, filepath.Join(out, name))
	}
	entries, err := os.ReadDir(out)
	require.NoError(t, err)
	assert.Len(t, entries, 4, "no temporary directory left behind")
	bs := readFile(t, filepath.Join(out, "benchstat.txt"))
	assert.Equal(t, 1, strings.Count(bs, "│     sec/op     │"), "one time table, not one per run:\n%s", bs)
	assert.Contains(t, bs, "vs base")
	md := readFile(t, filepath.Join(out, "CALIBRATION.md"))
	assert.Contains(t, md, "<summary>go tool benchstat A B</summary>")
	assert.Contains(t, md, "| unbuffered | floor | ")
}

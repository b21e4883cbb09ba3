package main

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// update makes TestGolden rewrite the golden files instead of comparing.
var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenCases are the REPORT.md renderings kept in testdata/golden: each
// name with the command line that renders it (from report/).
func goldenCases() []struct {
	name string
	args []string
} {
	return []struct {
		name string
		args []string
	}{
		// A real short run, with model verdicts, a calibration and a kill
		// matrix.
		{"short", []string{"-model", "testdata/model", "-calibration", "testdata/calibration.md", "-killmatrix", "testdata/killmatrix.md", "testdata/short.txt"}},
		// A real short run of the benchmarks with BenchmarkRatio (wall
		// clock and CPU time), without model or calibration.
		{"ratio", []string{"-model", "testdata/no-model", "testdata/ratio.txt"}},
		// The Ordering window, which the benchmarks do not print yet.
		{"names", []string{"-model", "testdata/no-model", "testdata/names.txt"}},
		// A real short BenchmarkLoad sweep at GOMAXPROCS 1 and 2, alone.
		{"load", []string{"-model", "testdata/no-model", "testdata/load.txt"}},
		// Findings tested against a second run instead of the halves.
		{"replication", []string{"-model", "testdata/model", "-replication", "testdata/ratio.txt", "testdata/short.txt"}},
		// The scheduled regime alone: PCT's bound, the scheduled rates
		// and the replays.
		{"sched", []string{"-model", "testdata/model", "testdata/sched.txt"}},
		// Fewer designs and another GOMAXPROCS choice.
		{"designs", []string{"-model", "testdata/no-model", "-design", "router,explicit", "testdata/short.txt"}},
	}
}

// TestGolden renders REPORT.md and TABLES.md for each golden case and
// compares them, one after the other, with testdata/golden/<name>.md, as x/perf's benchstat compares its output
// with testdata/*.stdout. With -update it rewrites the golden files
// instead; review their diff before committing it.
func TestGolden(t *testing.T) {
	for _, tc := range goldenCases() {
		t.Run(tc.name, func(t *testing.T) {
			opts, err := parseFlags(tc.args, io.Discard)
			require.NoError(t, err)
			rep, err := build(opts)
			require.NoError(t, err)
			got := reportText(t, rep)
			assertRanksNothing(t, string(got))
			path := filepath.Join("testdata", "golden", tc.name+".md")
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
				require.NoError(t, os.WriteFile(path, got, 0o644))
				return
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "no golden file: run go test ./report -run TestGolden -update")
			if !bytes.Equal(want, got) {
				t.Errorf("REPORT.md for %s differs from %s (rerun with -update if the change is intended):\n%s",
					strings.Join(tc.args, " "), path, lineDiff(string(want), string(got)))
			}
		})
	}
}

// lineDiff lists the lines of want and got that differ, by line number,
// up to 20 of them.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 20; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			shown++
			b.WriteString("line " + strconv.Itoa(i+1) + ":\n  - " + wl + "\n  + " + gl + "\n")
		}
	}
	return b.String()
}

package main

import (
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"chanbench/bench"
	"chanbench/designs"
)

// TestScheduledSection renders the scheduled section from testdata/sched.txt
// and from copies broken on purpose: every design declared correct at
// bench.ScheduledBoundConfig gets a bound and every other its rate; a
// correct design with a violation gets no bound and the section says so;
// a malformed or missing min-find-p, or a cell of another configuration,
// is refused.
func TestScheduledSection(t *testing.T) {
	orig, err := os.ReadFile(filepath.Join("testdata", "sched.txt"))
	require.NoError(t, err)
	// boundLine matches router's BenchmarkScheduledBound result lines.
	boundLine := regexp.MustCompile(`(?m)^(BenchmarkScheduledBound/design=router/window=16/streams=4/outcome=error-2\s.*?)\s+0 violations/op`)
	require.Len(t, boundLine.FindAllIndex(orig, -1), 3, "sched.txt: router's bound lines")
	findP := regexp.MustCompile(`(?m)^(BenchmarkScheduledBound/design=router/.*?)\s+[0-9.]+ min-find-p`)
	require.True(t, findP.Match(orig))
	first := func(re *regexp.Regexp, repl string) func([]byte) []byte {
		return func(b []byte) []byte {
			done := false
			return re.ReplaceAllFunc(b, func(m []byte) []byte {
				if done {
					return m
				}
				done = true
				return re.ReplaceAll(m, []byte(repl))
			})
		}
	}
	cases := []struct {
		name    string
		edit    func([]byte) []byte
		wantErr string
		check   func(t *testing.T, text string)
	}{
		{"as run", func(b []byte) []byte { return b }, "", func(t *testing.T, text string) {
			cfg := bench.ScheduledBoundConfig()
			for _, d := range designs.All() {
				row := rowOf(t, text, d.Name())
				if designs.Correct(d, cfg) {
					assert.Regexp(t, `\| 30 clean PCT runs at depth 2 \(16 chunks, window 16, 4 streams\): a depth-2 bug is missed with probability ≤ 0\.99[0-9]* `, row, d.Name())
				} else {
					assert.Contains(t, row, "not correct here", d.Name())
					assert.Regexp(t, `scheduled violation rate [0-9]+/30 \(`, row, d.Name())
				}
			}
			assert.Contains(t, text, "| explicit | 1 | 2 | ")
			assert.Regexp(t, `\| router \| [^\n]*\| GOMAXPROCS 2: 30 clean runs: a depth-2 bug missed with probability ≤ 0\.99[0-9]* \|`, text[:strings.Index(text, "### Findings")])
			assert.Contains(t, text, "How often a failing seed reproduced its failure")
		}},
		{"a violation", first(boundLine, "$1 0.1000 violations/op"), "", func(t *testing.T, text string) {
			row := rowOf(t, text, "router")
			assert.Contains(t, row, "**violations in 1 of 30 runs**")
			assert.NotContains(t, row, "missed with probability")
			decision := text[:strings.Index(text, "### Findings")]
			assert.Regexp(t, `\| router \| [^\n]*\| GOMAXPROCS 2: \*\*violations in 1 of 30 runs\*\*: no bound \|`, decision)
		}},
		{"find probability above 1", first(findP, "$1 1.500 min-find-p"), "min-find-p 1.5 is no probability", nil},
		{"find probability missing", first(findP, "$1"), "min-find-p NaN is no probability", nil},
		{"another window", func(b []byte) []byte {
			return []byte(strings.Replace(string(b), "design=router/window=16", "design=router/window=8", 1))
		}, "window=8 streams=4 outcome=error, not the benchmark's", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "sched.txt")
			require.NoError(t, os.WriteFile(path, tc.edit(orig), 0o644))
			opts, err := parseFlags([]string{"-model", "testdata/model", path}, io.Discard)
			require.NoError(t, err)
			rep, err := build(opts)
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				return
			}
			require.NoError(t, err)
			text := string(outputData(t, rep, "REPORT.md"))
			require.Contains(t, text, "## Scheduled runs (PCT)")
			tc.check(t, text)
		})
	}
}

// rowOf returns the row of the BenchmarkScheduledBound table for design d.
func rowOf(t *testing.T, text, d string) string {
	t.Helper()
	i := strings.Index(text, "**PCT, BenchmarkScheduledBound**")
	require.GreaterOrEqual(t, i, 0, "no bound table")
	for _, line := range strings.Split(text[i:], "\n") {
		if strings.HasPrefix(line, "| "+d+" | ") {
			return line
		}
	}
	t.Fatalf("no row for %s in the bound table", d)
	return ""
}

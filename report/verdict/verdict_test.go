package verdict

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const table = "design\tchunks\twindow\tcap\toutcome\tverdict\texpected\tstates\tdepth\tseconds\n" +
	"explicit\t2\t1\t1\terror\trefuted\trefuted\t1234\t56\t0.12\n" +
	"explicit\t2\t1\t1\tdone\tverified\tverified\t1000\t50\t0.10\n" +
	"router\t2\t1\t1\terror\tverified\tverified\t2000\t70\t0.20\n" +
	"dropsender\t2\t1\t1\terror\trefuted\tverified\t2000\t70\t0.20\n"

func writeDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644))
	}
	return dir
}

// counterexample has the shape scripts/verify writes (see
// results/model/explicit-counterexample.md).
const counterexample = "# Counterexample: explicit (chunks 1, window 1, cap 1, error)\n\nWhy.\n\n## Legend\n\n- net: …\n\n## Trace\n\n" +
	"1. script: sends the error to net on data\n2. router: sends shutdown to net on ctrl\n" +
	"3. net: ends the workflow: VIOLATED error first\n\n## Replay\n\n```sh\nspin -t\n```\n"

func TestRead(t *testing.T) {
	dir := writeDir(t, map[string]string{FileName: table, "explicit-counterexample.md": counterexample})
	v, err := Read(dir)
	require.NoError(t, err)
	require.Len(t, v.Checks, 4)
	assert.Equal(t, Check{Design: "explicit", Chunks: 2, Window: 1, Cap: 1, Outcome: "error",
		Verdict: Refuted, Expected: Refuted, States: 1234, Depth: 56, Seconds: 0.12}, v.Checks[0])
	assert.Equal(t, filepath.Join(dir, "explicit-counterexample.md"), v.Counterexamples["explicit"])
	assert.NotContains(t, v.Counterexamples, "router")
	assert.Equal(t, Trace{
		Title: "Counterexample: explicit (chunks 1, window 1, cap 1, error)",
		Steps: []string{
			"1. script: sends the error to net on data",
			"2. router: sends shutdown to net on ctrl",
			"3. net: ends the workflow: VIOLATED error first",
		},
	}, v.Traces["explicit"])

	assert.Equal(t, "refuted (1 of 2 configs), as expected", v.Summary("explicit"))
	assert.Equal(t, "verified (1 config), as expected", v.Summary("router"))
	assert.Equal(t, "refuted (1 of 1 config), UNEXPECTED in 1", v.Summary("dropsender"))
	assert.Equal(t, "model not checked", v.Summary("unbuffered"))
}

// TestReadCommittedCounterexample reads the real committed trace.
func TestReadCommittedCounterexample(t *testing.T) {
	v, err := Read(filepath.Join("..", "..", "results", "model"))
	require.NoError(t, err)
	require.NotNil(t, v)
	tr, ok := v.Traces["explicit"]
	require.True(t, ok)
	assert.Contains(t, tr.Title, "explicit")
	assert.Contains(t, tr.Steps[len(tr.Steps)-1], "VIOLATED error first")
}

func TestReadMalformedCounterexample(t *testing.T) {
	_, err := Read(writeDir(t, map[string]string{FileName: table, "explicit-counterexample.md": "# trace\nno steps\n"}))
	require.ErrorContains(t, err, "explicit-counterexample.md: not a counterexample trace")
}

func TestReadAbsentIsNotChecked(t *testing.T) {
	v, err := Read(filepath.Join(t.TempDir(), "none"))
	require.NoError(t, err)
	assert.Nil(t, v)
	assert.Equal(t, "model not checked", v.Summary("router"))
}

func TestReadErrors(t *testing.T) {
	for name, tc := range map[string]struct{ content, want string }{
		"empty":       {"", "empty, want a header row"},
		"no column":   {"design\tchunks\n", `verdicts.tsv:1: no "window" column`},
		"bad verdict": {table + "router\t2\t1\t1\terror\tmaybe\t\t1\t1\t1\n", `verdicts.tsv:6: verdict "maybe" is not verified or refuted`},
		"bad number":  {table + "router\tx\t1\t1\terror\tverified\t\t1\t1\t1\n", `verdicts.tsv:6: chunks "x"`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Read(writeDir(t, map[string]string{FileName: tc.content}))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

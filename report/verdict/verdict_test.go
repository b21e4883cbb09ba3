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
	dir := writeDir(t, map[string]string{FileName: table, "explicit-counterexample.md": counterexample, "run.txt": "command: scripts/verify\ncommit: 1108e4c\n"})
	v, err := Read(dir)
	require.NoError(t, err)
	require.Len(t, v.Checks, 4)
	assert.Equal(t, Check{Design: "explicit", Chunks: 2, Window: 1, Streams: 1, Cap: 1, Outcome: "error",
		Verdict: Refuted, Expected: Refuted, States: 1234, Depth: 56, Seconds: 0.12}, v.Checks[0])
	assert.Equal(t, filepath.Join(dir, "explicit-counterexample.md"), v.Counterexamples["explicit"])
	assert.NotContains(t, v.Counterexamples, "router")
	assert.Equal(t, "1108e4c", v.Commit)

	assert.Equal(t, "refuted in 1 of 2; chunks ≤ 2, window ≤ 1, streams ≤ 1", v.Summarize("explicit").String())
	assert.Equal(t, "verified: exhaustive in 1; chunks ≤ 2, window ≤ 1, streams ≤ 1", v.Summarize("router").String())
	assert.Equal(t, "refuted in 1 of 1; chunks ≤ 2, window ≤ 1, streams ≤ 1; UNEXPECTED in 1", v.Summarize("dropsender").String())
	assert.Equal(t, "model not checked", v.Summarize("unbuffered").String())
}

// TestReadSearchAndBounds reads the streams and search columns: a
// bitstate check is named as such, and the bounds are the table's.
func TestReadSearchAndBounds(t *testing.T) {
	tsv := "design\tchunks\twindow\tcap\toutcome\tstreams\tverdict\texpected\tstates\tdepth\tseconds\tsearch\n" +
		"router\t3\t1\t0\tdone\t1\tverified\tverified\t10\t5\t0.1\texhaustive\n" +
		"router\t1\t2\t0\tdone\t2\tverified\tverified\t10\t5\t0.1\tbitstate, hash factor 29.1, safety only\n"
	v, err := Read(writeDir(t, map[string]string{FileName: tsv}))
	require.NoError(t, err)
	assert.True(t, v.Checks[1].Bitstate())
	assert.False(t, v.Checks[0].Bitstate())
	assert.Equal(t, Summary{Checks: 2, Exhaustive: 1, Bitstate: 1, Chunks: 3, Window: 2, Streams: 2}, v.Summarize("router"))
	assert.Equal(t, "verified: exhaustive in 1, bitstate (partial) in 1; chunks ≤ 3, window ≤ 2, streams ≤ 2", v.Summarize("router").String())
}

// TestReadCommitted reads the committed verdicts: every design's bounds
// come from the table.
func TestReadCommitted(t *testing.T) {
	v, err := Read(filepath.Join("..", "..", "results", "model"))
	require.NoError(t, err)
	require.NotNil(t, v)
	assert.Contains(t, v.Counterexamples, "explicit")
	assert.NotEmpty(t, v.Commit)
	s := v.Summarize("locks") // its two-stream point fell back to bitstate (scripts/verify at 873937d)
	assert.Positive(t, s.Bitstate)
	assert.Positive(t, s.Exhaustive)
	assert.Equal(t, s.Checks, s.Exhaustive+s.Bitstate)
}

func TestReadAbsentIsNotChecked(t *testing.T) {
	v, err := Read(filepath.Join(t.TempDir(), "none"))
	require.NoError(t, err)
	assert.Nil(t, v)
	assert.Equal(t, "model not checked", v.Summarize("router").String())
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

// TestReadSkipsRefusedRows: a design the generator refuses has one row
// of "-" counts and the verdict "refused" (scripts/verify); it reads as a
// design with no checks, and the rows around it read as before.
func TestReadSkipsRefusedRows(t *testing.T) {
	refused := "pipe\t-\t-\t-\t-\trefused\trefused\t-\t-\t-\n"
	dir := writeDir(t, map[string]string{FileName: table + refused, "run.txt": "command: scripts/verify\n"})
	v, err := Read(dir)
	require.NoError(t, err)
	require.Len(t, v.Checks, 4)
	assert.Empty(t, v.For("pipe"))
	broken := "pipe\t-\t-\t-\t-\tverified\tverified\t-\t-\t-\n"
	_, err = Read(writeDir(t, map[string]string{FileName: table + broken, "run.txt": "command: scripts/verify\n"}))
	require.Error(t, err, "a row of dashes that is not a refusal is malformed")
}

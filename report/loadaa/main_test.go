package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLoadAAOnTheCommittedSweeps: the two committed sweeps, compared:
// every design agrees, the answer at GOMAXPROCS 1 does not (see
// report/saturation's TestReplicate).
func TestLoadAAOnTheCommittedSweeps(t *testing.T) {
	a, b := "../saturation/testdata/full-503a444.txt", "../saturation/testdata/load-63f5f29.txt"
	var out bytes.Buffer
	require.NoError(t, run([]string{a, b}, &out))
	md := out.String()
	assert.Contains(t, md, "The method does not replicate on these two sweeps")
	assert.Contains(t, md, "| 2 | dropsender | 60000/s (50000–80000, 10 of 10 runs) | 70000/s (60000–80000, 10 of 10 runs) | yes |")
	assert.Contains(t, md, "| 1 | none: router (lowest median) is not significantly below unbuffered (p=0.254, censored runs at their worst for the claim) | router | no |")
	assert.NotContains(t, md, "| null |")
	assert.Regexp(t, `The rule then flags \d\.\d\d of the 10 designs on average; none in \d+\.\d%\. These two sweeps: 0 of 10\.`, md,
		"the calibration, and the count of the table's rows marked no")

	path := filepath.Join(t.TempDir(), "AA.md")
	require.NoError(t, run([]string{"-out", path, a, a}, &out))
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Contains(t, string(data), "The method replicates")
}

func TestLoadAARefusesBadInput(t *testing.T) {
	var out bytes.Buffer
	assert.ErrorContains(t, run([]string{"one.txt"}, &out), "want two benchmark files")
	empty := filepath.Join(t.TempDir(), "empty.txt")
	require.NoError(t, os.WriteFile(empty, []byte("BenchmarkStream/design=router/chunk=64/window=1 1 100 ns/op\n"), 0o644))
	assert.ErrorContains(t, run([]string{empty, empty}, &out), "no BenchmarkLoad results")
	assert.ErrorContains(t, run([]string{"/nonexistent/a.txt", empty}, &out), "read /nonexistent/a.txt")
}

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"chanbench/designs"
)

// TestReferenceRowIsMeasuredNotTheBaseline: the reference design's row on
// the decision page gives its own paired cost against the baseline (it is
// not the baseline), and says that an offered load does not apply to it,
// with the reason it declares (designs.NotApplicable), rather than "no
// estimate".
func TestReferenceRowIsMeasuredNotTheBaseline(t *testing.T) {
	var b strings.Builder
	b.WriteString("goos: linux\ngoarch: amd64\npkg: chanbench/bench\n")
	for run := range 6 {
		fmt.Fprintf(&b, "BenchmarkRatio/design=pull/vs=unbuffered/chunk=64/window=1-2 \t 10\t 130 ns/op\t %.3f ratio\n", 0.125+0.001*float64(run))
		fmt.Fprintf(&b, "BenchmarkLoad/rate=10000/design=unbuffered-2 \t 1000\t 0 ns/op\t 10000 arrived-streams/s\t 10000 completed-streams/s\t 50000 latency-p50-ns/op\t 100000 latency-p99-ns/op\t 0 unreliable/op\t 0 violations/op\t 0 leaked/op\t %d seed\n", run+1)
	}
	path := filepath.Join(t.TempDir(), "ref.txt")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	doc := renderFile(t, path)
	pull, err := designs.ByName("pull")
	require.NoError(t, err)
	var row string
	for _, line := range strings.Split(doc, "\n") {
		if strings.HasPrefix(line, "| pull (reference, not ranked) |") {
			row = line
		}
	}
	require.NotEmpty(t, row, "pull's decision row")
	assert.Contains(t, row, "| 0.128× [0.125, 0.130] (n=6) |", "its paired cost against unbuffered")
	assert.NotContains(t, row, "| baseline |")
	assert.Contains(t, row, "does not apply: "+designs.NotApplicable(pull, designs.OfferedLoad))
}

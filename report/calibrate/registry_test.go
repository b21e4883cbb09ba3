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
	"chanbench/report/summary"
)

// throwaway is the router design under another name, registered nowhere,
// as report's and bench's throwaway tests define it.
type throwaway struct{ designs.RouterSerialized }

// Name is "throwaway".
func (throwaway) Name() string { return "throwaway" }

// TestCompareReadsTheRegistry: the calibration takes its designs from the
// registry it is given, as the report does (options.registry): a design
// registered only there has its ratio rows; with designs.All() alone the
// same runs have none, and the calibration says so.
func TestCompareReadsTheRegistry(t *testing.T) {
	var b strings.Builder
	for i := range 6 {
		fmt.Fprintf(&b, "BenchmarkRatio/design=throwaway/vs=floor/chunk=64/window=1-2 \t 20\t 900 ns/op\t %.4f ratio\t %.4f cpu-ratio\n", 1.3+0.001*float64(i), 1.2)
		fmt.Fprintf(&b, "BenchmarkRatio/design=throwaway/vs=unbuffered/chunk=64/window=1-2 \t 20\t 900 ns/op\t %.4f ratio\t %.4f cpu-ratio\n", 1.1+0.001*float64(i), 1.1)
	}
	path := filepath.Join(t.TempDir(), "a.txt")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	set, err := summary.Read(path)
	require.NoError(t, err)

	data, err := compare(append(summary.Registered(), throwaway{}), set, set, "a.txt", "b.txt", "")
	require.NoError(t, err)
	var rows []string
	for _, r := range data.Ratios {
		rows = append(rows, r.Design+" vs "+r.Vs+", "+r.Measure)
	}
	assert.ElementsMatch(t, []string{
		"throwaway vs floor, wall clock", "throwaway vs unbuffered, wall clock",
		"throwaway vs floor, CPU time", "throwaway vs unbuffered, CPU time",
	}, rows)

	_, err = compare(summary.Registered(), set, set, "a.txt", "b.txt", "")
	assert.ErrorContains(t, err, "no ratio at chunk 64, window 1 in both a.txt and b.txt")
}

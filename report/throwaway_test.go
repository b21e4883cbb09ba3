package main

import (
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"chanbench/designs"
	"chanbench/report/summary"
)

// throwawayInput is bench's TestThrowawayBenchmarks's output: BenchmarkStream,
// Streams, Workflow, Ordering and Ratio of a design registered nowhere,
// throwaway, printed as go test prints them (go test -short -run
// '^TestThrowawayBenchmarks$' ./bench -update-throwaway rewrites it, and
// that test holds it to the benchmarks' names and units).
const throwawayInput = "testdata/throwaway.txt"

// throwaway is the design of throwawayInput, as bench's test defines it:
// the router design under another name, registered nowhere.
type throwaway struct{ designs.RouterSerialized }

// Name is "throwaway".
func (throwaway) Name() string { return "throwaway" }

// TestThrowawayDesign proves the report's half of "one file and one
// line": given the benchmarks' output for a design registered nowhere,
// and that design in its registry (options.registry, which only this test
// sets), the report shows it as a design row of the decision page, in
// its figures and in their tables. Without it in the registry, the same
// input gives no row (the control: the assertions below fail there).
func TestThrowawayDesign(t *testing.T) {
	opts, err := parseFlags([]string{"-model", filepath.Join(t.TempDir(), "none"), throwawayInput}, io.Discard)
	require.NoError(t, err)
	rs := readRuns(t, throwawayInput)
	// The decision page's N: every BenchmarkOrdering workflow of the
	// design; and the GOMAXPROCS of the runs.
	n, procs := 0, ""
	for _, r := range rs {
		name := r.Name.String()
		if strings.HasPrefix(name, "Ordering/design=throwaway/") {
			n += r.Iters
			procs = name[strings.LastIndex(name, "-")+1:]
		}
	}
	require.Positive(t, n, "%s has no BenchmarkOrdering results of throwaway", throwawayInput)
	decisionRow := regexp.MustCompile(fmt.Sprintf(`(?m)^\| throwaway \| yes: 0 of %d \(GOMAXPROCS %s\) \| model not checked \| ([^|]+) \| ([^|]+) \|$`, n, procs))

	t.Run("registered only here", func(t *testing.T) {
		opts := opts
		opts.registry = append(summary.Registered(), throwaway{})
		rep, err := build(opts)
		require.NoError(t, err)
		assert.Empty(t, rep.warnings)
		doc := string(reportText(t, rep))

		decision := mdSection(t, doc, "## Decision")
		m := decisionRow.FindStringSubmatch(decision)
		require.NotNil(t, m, "the decision page has no row for throwaway like %s:\n%s", decisionRow, decision)
		assert.NotEqual(t, notMeasured, strings.TrimSpace(m[1]), "its paired cost (BenchmarkRatio vs unbuffered)")
		assert.NotEqual(t, notMeasured, strings.TrimSpace(m[2]), "its shutdown latency (BenchmarkWorkflow, outcome error)")

		for _, fig := range []string{"throughput", "latency", "streams", "violations", "violations-window", "shutdown", "correctness"} {
			assert.Contains(t, string(outputData(t, rep, fig+".svg")), ">throwaway</text>", "%s.svg names throwaway", fig)
			assert.Contains(t, doc, "("+fig+".png)", "REPORT.md embeds %s.png", fig)
		}
		tables := string(outputData(t, rep, "TABLES.md"))
		for _, heading := range []string{"## Throughput", "## Chunk latency", "## Cost vs concurrent streams", "## Shutdown latency"} {
			assert.Regexp(t, `(?m)^\|(.*\|)? throwaway \|`, mdSection(t, tables, heading), "the table under %s in TABLES.md has a row for throwaway", heading)
		}
		assert.Regexp(t, `(?m)^\|(.*\|)? throwaway \|`, mdSection(t, doc, "## Cost (paired)"), "the paired cost table has a row for throwaway")
	})

	t.Run("registered nowhere", func(t *testing.T) {
		rep, err := build(opts)
		require.NoError(t, err)
		assert.Contains(t, rep.warnings, `design "throwaway" is not registered in designs.All(); the report leaves it out`)
		doc := string(reportText(t, rep))
		assert.NotRegexp(t, decisionRow, doc)
		assert.NotContains(t, doc, "| throwaway |")
	})
}

// mdSection returns the part of doc from the line heading (such as "##
// Decision") to the next heading of the same or a higher level.
func mdSection(t *testing.T, doc, heading string) string {
	t.Helper()
	i := strings.Index(doc, "\n"+heading)
	require.GreaterOrEqual(t, i, 0, "REPORT.md has no %q", heading)
	rest := doc[i+1:]
	end := regexp.MustCompile(fmt.Sprintf(`(?m)^#{1,%d} `, strings.Index(heading, " ")))
	if loc := end.FindStringIndex(rest[len(heading):]); loc != nil {
		return rest[:len(heading)+loc[0]]
	}
	return rest
}

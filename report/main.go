// Command report regenerates chanbench's plots and REPORT.md from the
// output of its benchmarks.
//
// Usage:
//
//	go run ./report [flags] FILE...
//
// FILE is the output of go test -bench on ./bench (several files are
// merged, as benchstat merges them), read with golang.org/x/perf's
// benchfmt, grouped by the key=value parts of the names with benchproc
// and summarised with benchmath as benchstat does; violation counts
// become rates, x of N workflows, with a run-aware interval (package
// summary).
//
// REPORT.md opens with the decision page: one row per design (correct or
// not and where, its Spin verdict with the search and bounds, its paired
// cost against unbuffered, shutdown latency, saturation under load), then
// the findings: claims made by rules over the data, stated only when they
// hold in two independent runs (-replication FILE, or else the two halves
// of the input's rounds) after a Benjamini–Hochberg correction. The body
// has one section per figure, whose comparisons are labelled unadjusted.
// The calibration, the kill matrix and the Spin checks are linked with a
// summary and the commit each names, not copied. After the Spin verdicts,
// a section on the scheduled regime (sched.go), shown when the input has
// it: for each design declared correct at bench.ScheduledBoundConfig,
// what its clean PCT runs, pooled, bound (designs.MissProbability of the
// smallest find probability), or that a run violated and no bound holds;
// the scheduled violation rate of the others there and
// BenchmarkOrdering's scheduled rates; how often a failing seed
// reproduced its failure. A cell with a find probability missing or
// outside (0, 1], or of another configuration, is an error. The figures (PNG and
// SVG) are drawn by package report/plots; a figure without data is not
// drawn, and an older file of that name is removed.
//
// REPORT.md is report.tmpl executed over a reportData (data.go), and
// TABLES.md, the tables behind each figure, is the template's "tables"
// over the same data, linked from each figure's section, so that REPORT.md
// stays short (at most 40 KB on the reference run, a test holds it);
// tables are grids keyed by row and column (grid.go) and their notes are
// in the template. The tests compare both with testdata/golden; after an intended
// change, regenerate them with
//
//	go test ./report -run TestGolden -update
//
// Every input is read and checked before anything is written: a malformed
// or empty file, a failed run, a bad verdicts table or an unknown -design
// is an error naming the file and line, the exit status is 1, and the
// output directory is not touched. Outputs are written to temporary files
// and renamed into place.
//
// Flags:
//
//	-out DIR            output directory (default: the first FILE's directory)
//	-model DIR          Spin verdicts (default results/model; absent: "model not checked")
//	-replication FILE   an independent second run for the findings
//	-design LIST        comma-separated designs to show (default: all in the input)
//	-procs N            GOMAXPROCS of the body when the input has several
//	-calibration FILE   the A/A calibration to link (default results/calibration/CALIBRATION.md)
//	-killmatrix FILE    the kill matrix to link (default results/killmatrix/KILLMATRIX.md)
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"chanbench/report/outfile"
)

func main() {
	err := run(os.Args[1:], os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		os.Exit(0)
	case errors.As(err, new(usageError)):
		fmt.Fprintf(os.Stderr, "report: %v\n", err)
		os.Exit(2)
	case err != nil:
		fmt.Fprintf(os.Stderr, "report: %v\n", err)
		os.Exit(1)
	}
}

// A usageError is a mistake in the command line.
type usageError struct{ msg string }

// Error implements error.
func (e usageError) Error() string { return e.msg }

// run is the command, with its arguments and a place for warnings.
func run(args []string, stderr io.Writer) error {
	opts, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	rep, err := build(opts)
	if err != nil {
		return err
	}
	for _, w := range rep.warnings {
		fmt.Fprintf(stderr, "report: warning: %s\n", w)
	}
	if err := outfile.Write(opts.out, rep.outputs, rep.stale); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "report: wrote %d files to %s\n", len(rep.outputs), opts.out)
	return nil
}

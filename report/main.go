// Command report regenerates chanbench's plots and REPORT.md from the
// output of its benchmarks.
//
// Usage:
//
//	go run ./report [flags] FILE...
//
// FILE is the output of go test -bench on ./bench (several files are
// merged, as benchstat merges them). The report reads it with
// golang.org/x/perf/benchfmt, groups it by the key=value parts of the
// benchmark names with benchproc, and summarises each group with benchmath:
// the median and its 95% confidence interval, exactly as benchstat does.
// Violation counts become rates, x out of N, with a 95% interval that
// allows for variation between runs and a χ² test of whether the runs share
// one rate (see package summary).
//
// It writes into the output directory:
//
//	REPORT.md                       environment, summary table, one section per question
//	throughput.png, throughput.svg  MB/s vs chunk size, per design and window, with floors
//	latency.png, latency.svg        chunk latency p50/p99/p99.9 per design
//	streams.png, streams.svg        time per chunk vs concurrent streams, with floors
//	violations.png, violations.svg  violation rate vs net's work, per regime
//	violations-window.png, .svg     violation rate vs net's window, per regime
//	shutdown.png, shutdown.svg      shutdown latency p50/p99 per design and outcome
//	correctness.png, correctness.svg  time per chunk vs violation rate
//	load-latency.png, .svg          stream latency p50/p99 vs offered load, per GOMAXPROCS
//	load-violations.png, .svg       streams with a violation vs offered load, per GOMAXPROCS
//
// A figure with no data is not written (an older file of that name is
// removed) and REPORT.md says why. Anything missing from the input shows as
// "not measured".
//
// All inputs are read and checked before anything is written: a malformed
// or truncated file, a failed run, an empty file, a file without chanbench
// results, a bad verdicts table or an unknown -design is an error that
// names the file and line, the exit status is 1, and the output directory
// is not touched. Each output is written to a temporary file in the output
// directory and renamed into place.
//
// BenchmarkLoad (offered load) is reported at every GOMAXPROCS of the
// input, -procs notwithstanding: per GOMAXPROCS, each design's closed-loop
// capacity and saturation throughput (report/saturation: completions
// within 1% of arrivals and p99 ≤ 1 ms), compared with unbuffered by
// Mann-Whitney; latency at 50% and 90% of the slowest design's
// saturation; violations and goroutines left behind under load. Points
// where the load generator fell behind are never shown as measurements.
//
// Designs are data: any design in the input is shown, the spec's five
// first (unbuffered, explicit, dropsender, router, terminal-routed),
// others after them in alphabetical order.
//
// # How REPORT.md is made
//
// REPORT.md is the template report.tmpl executed over a reportData (see
// data.go): a plain structure of formatted strings and tables, computed
// from the input and nothing else. Every comparison in it is benchstat's:
// the change of the median with a Mann-Whitney U test from benchmath, as
// "+28.00% (p=0.000 n=10)" or "~ (p=0.440 n=10)"; every design is compared
// with the baseline design, unbuffered, in a "vs unbuffered" column, and
// nothing is ranked or called fastest. The tests render REPORT.md for the
// files in testdata and compare it with the golden files in
// testdata/golden; after an intended change, regenerate them with
//
//	go test ./report -run TestGolden -update
//
// Flags:
//
//	-out DIR      output directory (default: the first FILE's directory)
//	-model DIR    Spin model results: verdicts.tsv and <design>-counterexample.md
//	              (default results/model; absent means "model not checked")
//	-design LIST  comma-separated designs to show (default: all in the input)
//	-procs N      GOMAXPROCS to report when the input has several (default:
//	              the one with the most runs)
//	-calibration FILE  the A/A calibration (scripts/calibrate) to link and
//	              embed in the method section (default
//	              results/calibration/CALIBRATION.md, skipped if absent)
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
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
	if err := writeAll(opts.out, rep.outputs, rep.stale); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "report: wrote %d files to %s\n", len(rep.outputs), opts.out)
	return nil
}

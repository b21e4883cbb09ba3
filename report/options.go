package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"chanbench/report/summary"
)

// options are the command line, parsed.
type options struct {
	files   []string
	out     string   // output directory
	model   string   // directory of the model checker's verdicts
	designs []string // designs to show; nil for all
	procs   string   // GOMAXPROCS to report; "" for the most common
	// calibration is the A/A calibration to link; a missing file is an
	// error unless it is the default.
	calibration string
	// killmatrix is the mutant kill matrix to link; a missing file is an
	// error unless it is the default.
	killmatrix string
	// replication is a second, independent run of the benchmarks; ""
	// to test the findings on the two halves of the reference's rounds.
	replication string
	ref         reference
	// registry is the designs the report knows, their order and which
	// are references: summary.Registered() (designs.All()), which
	// parseFlags sets; a test may give others.
	registry summary.Registry
}

// defaultCalibration is where scripts/calibrate writes its report.
func defaultCalibration() string { return filepath.Join("results", "calibration", "CALIBRATION.md") }

// defaultKillMatrix is where scripts/killmatrix writes its table.
func defaultKillMatrix() string { return filepath.Join("results", "killmatrix", "KILLMATRIX.md") }

// A reference is the configuration the summary table and the
// single-configuration charts take their numbers from.
type reference struct {
	chunk  string // BenchmarkStream chunk=, bytes
	window string // BenchmarkStream window=
	work   string // BenchmarkOrdering work=, time.Duration.String form
}

// defaultReference is the spec's: the article's strict pull of small
// chunks, and a consumer busy long enough for the race to show.
func defaultReference() reference {
	return reference{chunk: "64", window: "1", work: "20µs"}
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "output `directory` (default: the first FILE's directory)")
	model := fs.String("model", filepath.Join("results", "model"), "`directory` of the Spin model verdicts (verdicts.tsv)")
	designs := fs.String("design", "", "comma-separated `designs` to show (default: every design in the input)")
	procs := fs.String("procs", "", "`GOMAXPROCS` to report when the input has several (default: the one with most runs)")
	calib := fs.String("calibration", defaultCalibration(), "A/A calibration `file` to link (scripts/calibrate; the default may be absent)")
	repl := fs.String("replication", "", "an independent second run `file` to replicate the findings in (default: the two halves of the reference run's rounds)")
	kills := fs.String("killmatrix", defaultKillMatrix(), "mutant kill matrix `file` to link (scripts/killmatrix; the default may be absent)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: go run ./report [flags] FILE...\n\nRegenerates the plots and REPORT.md from go test -bench output.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return options{}, err
	}
	o := options{files: fs.Args(), out: *out, model: *model, procs: *procs, ref: defaultReference(), calibration: *calib, killmatrix: *kills, replication: *repl}
	o.registry = summary.Registered()
	if len(o.files) == 0 {
		fs.Usage()
		return options{}, usageError{"no input FILE"}
	}
	if o.out == "" {
		o.out = filepath.Dir(o.files[0])
	}
	if *designs != "" {
		for _, d := range strings.Split(*designs, ",") {
			if d = strings.TrimSpace(d); d != "" {
				o.designs = append(o.designs, d)
			}
		}
		if len(o.designs) == 0 {
			return options{}, usageError{fmt.Sprintf("-design %q names no design", *designs)}
		}
	}
	return o, nil
}

package main

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	_ "image/png"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchmath"

	"chanbench/report/summary"
)

// fixture is a real short run of ./bench; see testdata/README.md.
const fixture = "testdata/short.txt"

// figureNames are the figures the report draws.
func figureNames() []string {
	return []string{"throughput", "latency", "streams", "violations", "shutdown", "correctness"}
}

// runReport runs the command and returns its error and what it printed.
func runReport(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var stderr bytes.Buffer
	err := run(args, &stderr)
	return stderr.String(), err
}

func TestRunWritesEveryOutput(t *testing.T) {
	out := t.TempDir()
	log, err := runReport(t, "-out", out, "-model", filepath.Join(out, "no-model"), fixture)
	require.NoError(t, err, log)

	for _, name := range figureNames() {
		assertPNG(t, filepath.Join(out, name+".png"))
		assertSVG(t, filepath.Join(out, name+".svg"))
	}
	doc := readReport(t, out)
	for _, name := range figureNames() {
		assert.Regexp(t, regexp.MustCompile(`!\[[^\]]+\]\(`+name+`\.png\)`), doc, "REPORT.md embeds %s.png", name)
	}
	for _, section := range []string{"## Decision", "### Findings", "## Sources", "## Environment", "## Cost (paired)", "## Method", "## Reproduce", "## Model checking"} {
		assert.Contains(t, doc, section)
	}
	assert.Contains(t, doc, "| Go | go1.26.8 |")
	assert.Contains(t, doc, "| GOMAXPROCS | 2 (this report's body: results at 2) |")
	assert.Contains(t, doc, "Model not checked")
	assert.Contains(t, doc, "model not checked |")
	assert.Contains(t, doc, "go tool benchstat -col /design "+fixture)

	entries, err := os.ReadDir(out)
	require.NoError(t, err)
	for _, e := range entries {
		assert.NotContains(t, e.Name(), ".tmp-", "a temporary file was left behind")
		if !e.IsDir() {
			info, err := e.Info()
			require.NoError(t, err)
			assert.Equal(t, os.FileMode(0o644), info.Mode().Perm(), e.Name())
		}
	}
}

// TestDecisionMatchesBenchmath recomputes, straight from benchfmt and
// benchmath, each design's workflows with a violation (the decision
// page) and its throughput and comparison with the baseline (the body),
// and checks REPORT.md against them.
func TestDecisionMatchesBenchmath(t *testing.T) {
	runs := readRuns(t, fixture)
	opts, err := parseFlags([]string{"-model", filepath.Join(t.TempDir(), "none"), fixture}, io.Discard)
	require.NoError(t, err)
	rep, err := build(opts)
	require.NoError(t, err)
	doc := string(reportText(t, rep))

	sample := func(name, unit string) *benchmath.Sample {
		vals := runs.values(name, unit)
		require.NotEmpty(t, vals, "%s %s", name, unit)
		return benchmath.NewSample(vals, &benchmath.DefaultThresholds)
	}
	median := func(s *benchmath.Sample) benchmath.Summary {
		return benchmath.AssumeNothing.Summary(s, 0.95)
	}
	base := sample("Stream/design=unbuffered/chunk=64/window=1/impl=workflow-2", "MB/s")
	for _, d := range []string{"unbuffered", "explicit", "dropsender", "router", "terminal-routed"} {
		s := sample(fmt.Sprintf("Stream/design=%s/chunk=64/window=1/impl=workflow-2", d), "MB/s")
		m := median(s)
		mbs := fmtBytesPerSec(m.Center) + " ± " + strings.TrimSpace(m.PctRangeString())
		vsBase := "baseline"
		if d != "unbuffered" {
			c := benchmath.AssumeNothing.Compare(base, s)
			vsBase = c.FormatDelta(median(base).Center, m.Center) + " (" + c.String() + ")"
		}
		assert.Contains(t, doc, "| 64 B | 1 | "+d+" | "+mbs+" | "+vsBase+" | ", "REPORT.md's throughput row of %s", d)

		x, n := 0, 0
		for _, regime := range []string{"natural", "yield", "forced"} {
			for _, work := range []string{"0s", "20µs"} {
				rx, rn := runs.count(fmt.Sprintf("Ordering/design=%s/work=%s/regime=%s-2", d, work, regime), "violations/op")
				x, n = x+rx, n+rn
			}
		}
		require.NotZero(t, n)
		want := fmt.Sprintf("| %s | no: %d of %d; ", d, x, n)
		if x == 0 {
			want = fmt.Sprintf("| %s | yes: 0 of %d (GOMAXPROCS 2) |", d, n)
		}
		assert.Contains(t, doc, want, "%s's violations on the decision page", d)
	}
	assertRanksNothing(t, doc)
}

// assertRanksNothing checks that doc uses none of the ranking words a
// review found unfounded: a report names a winner only through a
// significance test ("saturates first"), never by a superlative.
func assertRanksNothing(t *testing.T, doc string) {
	t.Helper()
	for _, word := range []string{"fastest", "slowest", "widest", "the most", "the least"} {
		assert.NotContains(t, doc, word)
	}
}

func TestFigureWithoutDataIsSkipped(t *testing.T) {
	// Keep only the fixture's BenchmarkWorkflow lines: every other figure
	// has nothing to draw.
	dir := t.TempDir()
	in := filepath.Join(dir, "bench.txt")
	writeFile(t, in, filterLines(t, readFile(t, fixture), func(line string) bool {
		return !strings.HasPrefix(line, "Benchmark") || strings.HasPrefix(line, "BenchmarkWorkflow/")
	}))
	// An older run's plot of a figure that now has no data must go.
	writeFile(t, filepath.Join(dir, "throughput.png"), "old")

	log, err := runReport(t, "-model", filepath.Join(dir, "none"), in)
	require.NoError(t, err, log)
	doc := readReport(t, dir)
	assertPNG(t, filepath.Join(dir, "shutdown.png"))
	for _, name := range []string{"throughput", "latency", "streams", "violations", "correctness"} {
		assert.NoFileExists(t, filepath.Join(dir, name+".png"))
		assert.NoFileExists(t, filepath.Join(dir, name+".svg"))
		assert.NotContains(t, doc, "("+name+".png)")
	}
	assert.Contains(t, doc, "*Not drawn: throughput: no BenchmarkStream results in MB/s: no data.")
	assert.Contains(t, doc, "| unbuffered | not measured | model not checked | baseline | p50 ")
}

func TestUnregisteredDesignIsLeftOut(t *testing.T) {
	// A design the registry does not have: the fixture's unbuffered
	// results, renamed.
	dir := t.TempDir()
	in := filepath.Join(dir, "bench.txt")
	writeFile(t, in, strings.ReplaceAll(readFile(t, fixture), "design=unbuffered/", "design=merged/"))
	log, err := runReport(t, "-model", filepath.Join(dir, "none"), in)
	require.NoError(t, err, log)
	assert.Contains(t, log, `design "merged" is not registered in designs.All(); the report leaves it out`)
	doc := readReport(t, dir)
	assert.NotContains(t, doc, "| merged |")
	assert.Contains(t, doc, "| router | ")
	_, err = runReport(t, "-model", filepath.Join(dir, "none"), "-design", "merged", in)
	assert.ErrorContains(t, err, `unknown design "merged"`)
}

func TestNullIsTheHarnessZeroNeverADesign(t *testing.T) {
	// BenchmarkWorkflow's null beside the designs, as bench runs it: the
	// fixture's unbuffered Workflow lines, renamed.
	dir := t.TempDir()
	in := filepath.Join(dir, "bench.txt")
	var null []string
	for _, line := range strings.Split(readFile(t, fixture), "\n") {
		if strings.HasPrefix(line, "BenchmarkWorkflow/design=unbuffered/") {
			null = append(null, strings.Replace(line, "design=unbuffered/", "design=null/", 1))
		}
	}
	require.NotEmpty(t, null)
	writeFile(t, in, readFile(t, fixture)+strings.Join(null, "\n")+"\n")
	log, err := runReport(t, "-model", filepath.Join(dir, "none"), in)
	require.NoError(t, err, log)
	assert.NotContains(t, log, "null")
	doc := readReport(t, dir)
	assert.NotContains(t, doc, "| null |")
	assert.Regexp(t, `The harness's zero: design=null .* takes [0-9.]+[nµm]?s .* per workflow`, doc)
	assert.NotRegexp(t, `(?m)^\|.*\bnull\b`, doc, "no table row or cell names null")
}

func TestDesignFilter(t *testing.T) {
	out := t.TempDir()
	log, err := runReport(t, "-out", out, "-model", filepath.Join(out, "none"), "-design", "router,explicit", fixture)
	require.NoError(t, err, log)
	doc := readReport(t, out)
	assert.Contains(t, doc, "| explicit | ")
	assert.Contains(t, doc, "| router | ")
	assert.NotContains(t, doc, "| unbuffered | ")
	assert.Less(t, strings.Index(doc, "| explicit | "), strings.Index(doc, "| router | "), "display order, not flag order")
}

func TestModelVerdicts(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "results", "quick")
	model := filepath.Join(root, "results", "model")
	require.NoError(t, os.MkdirAll(model, 0o755))
	writeFile(t, filepath.Join(model, "verdicts.tsv"),
		"design\tchunks\twindow\tcap\toutcome\tverdict\texpected\tstates\tdepth\tseconds\n"+
			"explicit\t2\t1\t1\terror\trefuted\trefuted\t120\t40\t0.01\n"+
			"router\t2\t1\t1\terror\tverified\tverified\t300\t52\t0.02\n")
	writeFile(t, filepath.Join(model, "explicit-counterexample.md"),
		"# Counterexample: explicit\n\n## Trace\n\n1. router: sends shutdown to net on ctrl\n2. net: ends the workflow: VIOLATED error first\n")
	log, err := runReport(t, "-out", out, "-model", model, fixture)
	require.NoError(t, err, log)
	doc := readReport(t, out)
	assert.Contains(t, doc, "| explicit | no: ")
	assert.Contains(t, doc, " | refuted in 1 of 1; chunks ≤ 2, window ≤ 1, streams ≤ 1 ([trace](../model/explicit-counterexample.md)) | ")
	assert.Contains(t, doc, "| router | verified: exhaustive in 1; chunks ≤ 2, window ≤ 1, streams ≤ 1 | 300 states |")
	assert.Contains(t, doc, "| unbuffered | yes: ")
	assert.Contains(t, doc, " | model not checked | baseline | ")
	assert.Contains(t, doc, "[the table](../model/verdicts.tsv)")
	// Linked, not embedded: no trace step, no row of every check.
	assert.NotContains(t, doc, "VIOLATED error first")
	assert.NotContains(t, doc, "| 300 | 52 | 0.02 |")
}

// TestInputErrorsTouchNothing checks that each kind of bad input is an
// error naming the file (and line, where there is one), and that the
// output directory is left exactly as it was.
func TestInputErrorsTouchNothing(t *testing.T) {
	good := readFile(t, fixture)
	lines := strings.SplitAfter(good, "\n")
	firstBench := 0
	for i, l := range lines {
		if strings.HasPrefix(l, "Benchmark") {
			firstBench = i
			break
		}
	}
	malformed := strings.Join(lines[:firstBench], "") +
		strings.Replace(lines[firstBench], " ns/op", " ns/op 12x3 MB/s", 1) + strings.Join(lines[firstBench+1:], "")
	truncated := good[:strings.Index(good, "BenchmarkStreams/")+30]
	otherFamilies := regexp.MustCompile(`(?m)^Benchmark(Stream|Streams|Workflow|Ordering)/`).ReplaceAllString(good, "BenchmarkOther/")

	for _, tc := range []struct {
		name    string
		content string // the input file
		args    []string
		verdict string // a verdicts.tsv, if any
		want    string // in the error; {in} is the input's path
	}{
		{name: "malformed", content: malformed, want: fmt.Sprintf("{in}:%d: parsing measurement", firstBench+1)},
		{name: "truncated", content: truncated, want: fmt.Sprintf("{in}:%d: truncated", strings.Count(truncated, "\n")+1)},
		{name: "empty", content: "", want: "read {in}: empty file"},
		{name: "no chanbench results", content: otherFamilies, want: "read {in}: no chanbench results"},
		{name: "unknown -design", content: good, args: []string{"-design", "foo"}, want: `unknown design "foo": the input has unbuffered, explicit, dropsender, router, terminal-routed`},
		{name: "unknown -procs", content: good, args: []string{"-procs", "64"}, want: "no results at GOMAXPROCS 64"},
		{name: "bad verdicts", content: good, verdict: "design\tverdict\n", want: `verdicts.tsv:1: no "chunks" column`},
		{name: "missing -calibration", content: good, args: []string{"-calibration", "no/such/CALIBRATION.md"}, want: "read calibration: open no/such/CALIBRATION.md"},
		{name: "missing -killmatrix", content: good, args: []string{"-killmatrix", "no/such/KILLMATRIX.md"}, want: "read kill matrix: open no/such/KILLMATRIX.md"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			in := filepath.Join(dir, "bench.txt")
			writeFile(t, in, tc.content)
			model := filepath.Join(dir, "model")
			if tc.verdict != "" {
				require.NoError(t, os.MkdirAll(model, 0o755))
				writeFile(t, filepath.Join(model, "verdicts.tsv"), tc.verdict)
			}
			writeFile(t, filepath.Join(dir, "REPORT.md"), "previous report\n")
			before := snapshot(t, dir)

			args := append([]string{"-model", model}, tc.args...)
			_, err := runReport(t, append(args, in)...)
			require.Error(t, err)
			assert.Contains(t, err.Error(), strings.ReplaceAll(tc.want, "{in}", in))
			assert.Equal(t, before, snapshot(t, dir), "the output directory changed")
		})
	}
}

func TestUsageErrors(t *testing.T) {
	_, err := runReport(t)
	require.Error(t, err)
	assert.True(t, errors.As(err, new(usageError)))
	_, err = runReport(t, "-design", ",", fixture)
	assert.True(t, errors.As(err, new(usageError)))
	_, err = runReport(t, filepath.Join(t.TempDir(), "missing.txt"))
	assert.ErrorIs(t, err, os.ErrNotExist)
}

// runs are the fixture's results, read independently of package summary.
type runs []*benchfmt.Result

func readRuns(t *testing.T, path string) runs {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var rs runs
	r := benchfmt.NewReader(f, path)
	for r.Scan() {
		switch rec := r.Result().(type) {
		case *benchfmt.Result:
			rs = append(rs, rec.Clone())
		case *benchfmt.SyntaxError:
			t.Fatal(rec)
		}
	}
	require.NoError(t, r.Err())
	return rs
}

// values returns the measurements in unit (as printed) of the runs named
// name.
func (rs runs) values(name, unit string) []float64 {
	var out []float64
	for _, r := range rs {
		if r.Name.String() != name {
			continue
		}
		for _, v := range r.Values {
			if v.Unit == unit || v.OrigUnit == unit {
				val := v.Value
				if v.OrigUnit == unit {
					val = v.OrigValue
				}
				out = append(out, val)
			}
		}
	}
	return out
}

// count returns x = Σ round(value × iters) and N = Σ iters over the runs
// named name.
func (rs runs) count(name, unit string) (x, n int) {
	for _, r := range rs {
		if r.Name.String() != name {
			continue
		}
		n += r.Iters
		for _, v := range r.Values {
			if v.Unit == unit {
				x += int(v.Value*float64(r.Iters) + 0.5)
			}
		}
	}
	return x, n
}

func mustSelect(t *testing.T, opts options) selection {
	t.Helper()
	set, err := summary.Read(opts.files...)
	require.NoError(t, err)
	sel, err := selectData(set, opts)
	require.NoError(t, err)
	return sel
}

// reportText is the report's two Markdown files, REPORT.md then
// TABLES.md (the tables behind its figures), as one text: what a test of
// the report's content reads.
func reportText(t *testing.T, rep *report) []byte {
	t.Helper()
	return append(append(outputData(t, rep, "REPORT.md"), "\n=== TABLES.md ===\n"...), outputData(t, rep, "TABLES.md")...)
}

// readReport reads the report written to dir, REPORT.md then TABLES.md,
// as one text.
func readReport(t *testing.T, dir string) string {
	t.Helper()
	return readFile(t, filepath.Join(dir, "REPORT.md")) + "\n=== TABLES.md ===\n" + readFile(t, filepath.Join(dir, "TABLES.md"))
}

func outputData(t *testing.T, rep *report, name string) []byte {
	t.Helper()
	for _, o := range rep.outputs {
		if o.Name == name {
			return o.Data
		}
	}
	t.Fatalf("no output %s", name)
	return nil
}

func assertPNG(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	cfg, format, err := image.DecodeConfig(f)
	require.NoError(t, err, path)
	assert.Equal(t, "png", format, path)
	assert.Greater(t, cfg.Width, 100, path)
	assert.Greater(t, cfg.Height, 100, path)
}

func assertSVG(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	trimmed := bytes.TrimSpace(data)
	assert.True(t, bytes.HasPrefix(trimmed, []byte("<?xml")) || bytes.HasPrefix(trimmed, []byte("<svg")), "%s starts like SVG", path)
	dec := xml.NewDecoder(bytes.NewReader(data))
	sawSVG := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err, "%s is well-formed XML", path)
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "svg" {
			sawSVG = true
		}
	}
	assert.True(t, sawSVG, "%s has an <svg> element", path)
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(data)
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
}

func filterLines(t *testing.T, s string, keep func(string) bool) string {
	t.Helper()
	var b strings.Builder
	for _, line := range strings.SplitAfter(s, "\n") {
		if line != "" && keep(line) {
			b.WriteString(line)
		}
	}
	return b.String()
}

// snapshot maps each file under dir to its content.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := make(map[string]string)
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		files[path] = string(data)
		return err
	})
	require.NoError(t, err)
	return files
}

func lastWords(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s[strings.LastIndex(s, " ")+1:]
	}
	return out
}

func TestProcsOneIsTheUnsuffixedName(t *testing.T) {
	// go test -cpu 1,2 names the GOMAXPROCS 1 runs without a -1 suffix.
	dir := t.TempDir()
	in := filepath.Join(dir, "bench.txt")
	writeFile(t, in, "BenchmarkOrdering/design=explicit/work=20µs/regime=natural \t 100\t 0.05 violations/op\n"+
		"BenchmarkOrdering/design=explicit/work=20µs/regime=natural-2 \t 100\t 0.10 violations/op\n")
	log, err := runReport(t, "-model", filepath.Join(dir, "none"), "-procs", "1", in)
	require.NoError(t, err, log)
	doc := readReport(t, dir)
	// Rates are per GOMAXPROCS, every GOMAXPROCS of the input.
	assert.Contains(t, doc, "| explicit | natural | 1 | 5/100 ")
	assert.Contains(t, doc, "| explicit | natural | 2 | 10/100 ")
	assert.Contains(t, doc, "this report's body: results at 1 (no -N suffix)")
}

func TestOptionalColumns(t *testing.T) {
	// lost-chunks/op (BenchmarkStream) and harness-ns/op
	// (BenchmarkWorkflow) get a column only when the input has them.
	dir := t.TempDir()
	in := filepath.Join(dir, "bench.txt")
	var b strings.Builder
	for range 6 {
		b.WriteString("BenchmarkStream/design=unbuffered/chunk=64/window=1/impl=workflow-2 \t 1000\t 900 ns/op\t 71.1 MB/s\n")
		b.WriteString("BenchmarkStream/design=explicit/chunk=64/window=1/impl=workflow-2 \t 1000\t 800 ns/op\t 80.0 MB/s\t 0.0005 lost-chunks/op\n")
		b.WriteString("BenchmarkWorkflow/design=explicit/outcome=done-2 \t 100\t 20000 ns/op\t 1000 shutdown-p50-ns/op\t 15000 harness-ns/op\n")
		b.WriteString("BenchmarkRatio/design=explicit/vs=unbuffered/chunk=64/window=1-2 \t 20\t 800 ns/op\t 0.9 ratio\t 0.95 cpu-ratio\n")
	}
	writeFile(t, in, b.String())
	log, err := runReport(t, "-model", filepath.Join(dir, "none"), in)
	require.NoError(t, err, log)
	doc := readReport(t, dir)
	assert.Contains(t, doc, "| chunk | window | design | throughput | throughput vs unbuffered | lost chunks |")
	assert.Contains(t, doc, "| 64 B | 1 | explicit | 80.00MB/s ± 0% | +12.52% (p=0.002 n=6) | 6/6000 ")
	assert.Contains(t, doc, "| harness | harness vs unbuffered |")
	assert.Contains(t, doc, "| design | chunk | window | × unbuffered | × unbuffered, CPU time |")
	assert.Contains(t, doc, "| explicit | 64 | 1 | 0.900× [0.900, 0.900] (n=6) | 0.950× [0.950, 0.950] (n=6) |")
	assert.Contains(t, doc, "| done | explicit | 20.00µs ± 0% | not measured | 1.000µs ± 0% | not measured | 15.00µs ± 0% | not measured |")

	// Without them, no such column.
	plain := readFile(t, "testdata/golden/short.md")
	assert.NotContains(t, plain, " lost chunks |")
	assert.NotContains(t, plain, "| harness |")
	assert.NotContains(t, readFile(t, "testdata/golden/names.md"), "CPU time |")
}

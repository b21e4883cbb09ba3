package main

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"chanbench/report/plots"
	"chanbench/report/summary"
	"chanbench/report/verdict"
)

// A reportData is everything REPORT.md shows, as plain values: numbers are
// already formatted, tables are rows of cells. The template report.tmpl
// lays it out and computes nothing; the functions of this file compute
// it and interpret nothing (no "fastest", no "widest": a table has a
// "vs unbuffered" column with benchstat's significance instead).
type reportData struct {
	Inputs      []string    // input files, as code spans
	Env         []envRow    // the environment, in display order
	Ref         refData     // the reference configuration of the summary
	Ratios      table       // BenchmarkRatio: each design vs its floor and vs the baseline
	Summary     table       // one row per design
	Sections    []section   // one per figure, in display order
	Model       modelData   // the Spin verdicts
	Warnings    []string    // what the reader should know about the input
	Method      methodData  // how the numbers were made
	Calibration calibration // the A/A calibration, if one was given
	KillMatrix  calibration // the mutant kill matrix, if one was given
	Reproduce   []string    // shell lines
}

// An envRow is one line of the environment table.
type envRow struct{ Name, Value string }

// refData is the reference configuration, formatted.
type refData struct {
	Chunk, Window, Work, Baseline string
}

// A table is a Markdown table with notes under it. Empty, if set, is said
// instead of the table when it has no rows.
type table struct {
	Title  string // shown in bold above the table, if set
	Fold   bool   // the table is folded away under its Title
	Header []string
	Rows   [][]string
	Notes  []string
	Empty  string
}

// HasRows reports whether t has rows to show.
func (t table) HasRows() bool { return len(t.Rows) > 0 }

// A section is one figure of the report with the tables of its numbers.
type section struct {
	Name     string   // file name of the figure, without extension
	Title    string   // heading
	Drawn    bool     // false if the input had nothing to draw
	Missing  string   // why the figure was not drawn
	Alt      string   // the figure's title, as alt text
	NotShown string   // designs not in the figure, joined; "" if none
	Intro    []string // paragraphs between the figure and the tables
	Tables   []table
}

// modelData is the model checking section.
type modelData struct {
	Checked bool   // verdicts were found
	Missing string // the sentence shown when not
	Source  string // the verdicts file, as a code span
	Table   table  // one row per design
	Traces  []traceData
	Count   int   // number of checks
	Checks  table // every check
}

// A traceData is one counterexample, step by step.
type traceData struct {
	Title, Design, Link string
	Steps               []string
}

// methodData is what the method section computes.
type methodData struct {
	Runs        string // runs per configuration, e.g. "10" or "6 to 10"
	Interleaved bool   // the input records scripts/bench's rounds
	NotMeasured string
	Baseline    string
}

// calibration links to, and embeds, a document another tool wrote: an A/A
// calibration or the mutant kill matrix.
type calibration struct {
	Link string // relative link; "" if there is none
	Body string // the calibration file's content
}

// Units and name values of chanbench's benchmarks, as go test prints them.
const (
	unitNs         = "ns/op"
	unitMBs        = "MB/s"
	unitP50        = "p50-ns/op"
	unitP99        = "p99-ns/op"
	unitP999       = "p99.9-ns/op"
	unitShutP50    = "shutdown-p50-ns/op"
	unitShutP99    = "shutdown-p99-ns/op"
	unitViolations = "violations/op"
	unitRatio      = "ratio"
	unitCPURatio   = "cpu-ratio"
	unitLost       = "lost-chunks/op"
	unitHarness    = "harness-ns/op"

	implWorkflow = "workflow"
	implFloor    = "floor"

	// baseline is the design every other is compared with.
	baseline = "unbuffered"
)

// A dataBuilder computes a reportData from one selection of the input.
type dataBuilder struct {
	opts     options
	full     *summary.Set
	set      *summary.Set
	designs  []string
	procs    string
	verdicts *verdict.Verdicts
	calib    *embeddedFile // nil if there is none
	kills    *embeddedFile // the kill matrix; nil if there is none
}

// stat returns the Stat of unit for the first Config keep selects, or nil.
func (b *dataBuilder) stat(keep func(summary.Config) bool, unit string) *summary.Stat {
	c, ok := b.set.Find(keep)
	if !ok {
		return nil
	}
	st, ok := b.set.Stat(c, unit)
	if !ok {
		return nil
	}
	return &st
}

// rate returns the Rate of unit for the first Config keep selects, or nil.
func (b *dataBuilder) rate(keep func(summary.Config) bool, unit string) *summary.Rate {
	c, ok := b.set.Find(keep)
	if !ok {
		return nil
	}
	r, ok := b.set.Count(c, unit)
	if !ok || r.N == 0 {
		return nil
	}
	return &r
}

// stream selects BenchmarkStream of design d at chunk and window, impl.
func stream(d, chunk, window, impl string) func(summary.Config) bool {
	return func(c summary.Config) bool {
		return c.Benchmark == summary.Stream && c.Design == d && c.Chunk == chunk && c.Window == window && c.Impl == impl
	}
}

// ordering selects BenchmarkOrdering of design d at window, work and
// regime; a result without a window= part counts as any window.
func ordering(d, window, work, regime string) func(summary.Config) bool {
	return func(c summary.Config) bool {
		return c.Benchmark == summary.Ordering && c.Design == d && c.Work == work && c.Regime == regime &&
			(c.Window == "" || c.Window == window)
	}
}

// workflow selects BenchmarkWorkflow of design d and outcome; the impl=
// part, if any, must be "workflow".
func workflow(d, outcome string) func(summary.Config) bool {
	return func(c summary.Config) bool {
		return c.Benchmark == summary.Workflow && c.Design == d && c.Outcome == outcome &&
			(c.Impl == "" || c.Impl == implWorkflow)
	}
}

// data computes the whole reportData.
func (b *dataBuilder) data(figs []drawn) reportData {
	ref := b.opts.ref
	d := reportData{
		Ref:       refData{Chunk: ref.chunk, Window: ref.window, Work: ref.work, Baseline: baseline},
		Env:       b.environment(),
		Ratios:    b.ratioTable(),
		Summary:   b.summaryTable(),
		Model:     b.model(),
		Method:    b.method(),
		Reproduce: b.reproduce(),
	}
	for _, f := range b.opts.files {
		d.Inputs = append(d.Inputs, code(filepath.ToSlash(f)))
	}
	for _, f := range figs {
		d.Sections = append(d.Sections, b.section(f))
	}
	if b.calib != nil {
		d.Calibration = calibration{Link: b.link(b.calib.path), Body: b.calib.body}
	}
	if b.kills != nil {
		d.KillMatrix = calibration{Link: b.link(b.kills.path), Body: b.kills.body}
	}
	return d
}

func (b *dataBuilder) environment() []envRow {
	env := b.full.Env()
	val := func(key string) string {
		if v := env.Value(key); v != "" {
			return cell(v)
		}
		return "not recorded"
	}
	gmp := env.Value("gomaxprocs")
	if gmp == "" {
		gmp = "not recorded"
	}
	osarch := "not recorded"
	if env.Value("goos") != "" || env.Value("goarch") != "" {
		osarch = cell(env.Value("goos") + "/" + env.Value("goarch"))
	}
	var cmds []string
	for _, c := range env.Values("command") {
		cmds = append(cmds, cell(code(c)))
	}
	rows := []envRow{
		{"Go", val("go")},
		{"OS/arch", osarch},
		{"CPU", val("cpu")},
		{"GOMAXPROCS", cell(fmt.Sprintf("%s (this report: results at %s)", gmp, procsName(b.procs)))},
		{"-cpu list", val("cpu-list")},
		{"Date", val("date")},
		{"Commit", val("commit")},
		{"Load average before", val("loadavg-before")},
		{"Load average after", val("loadavg-after")},
		{"Rounds", val("rounds")},
		{"Command", orNotRecorded(strings.Join(cmds, "<br>"))},
		{"Profile", val("profile")},
		{"Package", val("pkg")},
	}
	return rows
}

func orNotRecorded(s string) string {
	if s == "" {
		return "not recorded"
	}
	return s
}

// ratioTable is BenchmarkRatio's table: each design's paired ratio to its
// floor and to the baseline, median and 95% interval over the runs, by the
// wall clock (ratio) and, where the input has it, by the process's CPU time
// (cpu-ratio).
func (b *dataBuilder) ratioTable() table {
	isRatio := func(c summary.Config) bool { return c.Benchmark == summary.Ratio }
	units := []string{unitRatio}
	t := table{
		Header: []string{"design", "chunk", "window", "× its floor", "× " + baseline},
		Empty:  "BenchmarkRatio: not measured in this input.",
	}
	if b.hasUnit(isRatio, unitCPURatio) {
		units = append(units, unitCPURatio)
		t.Header = append(t.Header, "× its floor, CPU time", "× "+baseline+", CPU time")
	}
	type point struct{ chunk, window string }
	var pts []point
	for _, c := range b.set.Configs(isRatio) {
		p := point{c.Chunk, c.Window}
		if !slices.Contains(pts, p) {
			pts = append(pts, p)
		}
	}
	for _, p := range pts {
		for _, d := range b.designs {
			row := []string{cell(d), p.chunk, p.window}
			for _, unit := range units {
				for _, vs := range []string{"floor", baseline} {
					st := b.stat(func(c summary.Config) bool {
						return isRatio(c) && c.Design == d && c.Vs == vs && c.Chunk == p.chunk && c.Window == p.window
					}, unit)
					switch {
					case st != nil:
						row = append(row, fmtRatioStat(st))
					case vs == d:
						row = append(row, "–")
					default:
						row = append(row, notMeasured)
					}
				}
			}
			t.Rows = append(t.Rows, row)
		}
	}
	t.Notes = []string{
		"Each run of BenchmarkRatio alternates short slices of the design and of its comparator in one process and reports the median of the per-slice ratios (design time ÷ comparator time); machine drift hits both sides of a ratio alike.",
		"Shown: the median of the runs' ratios with its 95% confidence interval, from benchmath (AssumeNothing), as benchstat computes it; \"(n=…)\" without an interval means too few runs for one.",
	}
	if len(units) > 1 {
		t.Notes = append(t.Notes, "*CPU time*: the same ratio from the process's CPU time over each slice instead of the wall clock (cpu-ratio), which time taken by other processes does not inflate.")
	}
	return t
}

// summaryTable is one row per design at the reference configuration.
func (b *dataBuilder) summaryTable() table {
	ref := b.opts.ref
	t := table{Header: []string{"design", "time per chunk", "vs " + baseline, "vs its floor", "p99 chunk latency",
		"vs " + baseline, "violations, natural", "runs agree? (χ² p)", "violations, forced", "model"}}
	base := b.stat(stream(baseline, ref.chunk, ref.window, implWorkflow), unitNs)
	baseP99 := b.stat(stream(baseline, ref.chunk, ref.window, implWorkflow), unitP99)
	for _, d := range b.designs {
		perChunk := b.stat(stream(d, ref.chunk, ref.window, implWorkflow), unitNs)
		floor := b.stat(stream(d, ref.chunk, ref.window, implFloor), unitNs)
		p99 := b.stat(stream(d, ref.chunk, ref.window, implWorkflow), unitP99)
		natural := b.rate(ordering(d, ref.window, ref.work, "natural"), unitViolations)
		forced := b.rate(ordering(d, ref.window, ref.work, "forced"), unitViolations)
		t.Rows = append(t.Rows, []string{
			cell(d), fmtStatNs(perChunk), vsBaseline(d, base, perChunk), vs(floor, perChunk),
			fmtStatNs(p99), vsBaseline(d, baseP99, p99),
			cell(fmtRate(natural)), fmtHomogeneity(natural), cell(fmtRate(forced)), b.modelCell(d),
		})
	}
	t.Notes = []string{
		fmt.Sprintf("Time, floor and p99 at chunk %s B, window %s (BenchmarkStream, one op is one chunk); violation rates at window %s, net's work %s (BenchmarkOrdering).", ref.chunk, ref.window, ref.window, ref.work),
		"*time per chunk*, *p99*: median of the runs ± its 95% interval, as benchstat prints it; \"(n=…)\" means too few runs for an interval.",
		fmt.Sprintf("*vs %s*, *vs its floor*: the change of the median from the comparator's to this design's, with benchstat's Mann-Whitney U test (α = 0.05): \"~\" means no significant difference. The floor runs the design's channel hops and the same payload work (fill and verify every byte) with no workflow logic.", baseline),
		"*violations*: x of N workflows with any violation, all runs pooled, with a 95% interval that allows for variation between runs; for 0/N, the upper bound.",
		"*runs agree?*: p-value of the χ² test that every run has the same violation rate; below 0.05 the runs do not share one rate (the interval is then widened for it); – when there is nothing to test (no violation, or one run).",
		"*model*: the Spin model checker's verdict over every interleaving (see [Model checking](#model-checking)).",
	}
	return t
}

// vsBaseline compares st with the baseline's, or says this is the
// baseline.
func vsBaseline(design string, base, st *summary.Stat) string {
	if design == baseline && st != nil {
		return "baseline"
	}
	return vs(base, st)
}

// vs formats the comparison of st against base as benchstat does:
// "+28.00% (p=0.000 n=10)", or "~ (p=0.440 n=10)" if not significant.
func vs(base, st *summary.Stat) string {
	if base == nil || st == nil {
		return notMeasured
	}
	c := base.Compare(*st)
	return c.FormatDelta(base.Center, st.Center) + " (" + c.String() + ")"
}

// modelCell is the summary table's model column for one design.
func (b *dataBuilder) modelCell(design string) string {
	s := cell(b.verdicts.Summary(design))
	if b.verdicts != nil {
		if path, ok := b.verdicts.Counterexamples[design]; ok {
			s += fmt.Sprintf(" ([trace](%s))", b.link(path))
		}
	}
	return s
}

// link returns a path relative to the output directory, for a Markdown
// link.
func (b *dataBuilder) link(path string) string {
	absOut, err1 := filepath.Abs(b.opts.out)
	absPath, err2 := filepath.Abs(path)
	if err1 == nil && err2 == nil {
		if rel, err := filepath.Rel(absOut, absPath); err == nil {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(path)
}

// section computes one figure's section.
func (b *dataBuilder) section(f drawn) section {
	s := section{Name: f.name, Title: f.title}
	if f.fig == nil {
		s.Missing = f.missing
	} else {
		s.Drawn = true
		s.Alt = f.fig.Title
		var missing []string
		for _, d := range b.designs {
			if !slices.Contains(f.fig.Designs, d) {
				missing = append(missing, d)
			}
		}
		s.NotShown = joinWords(missing)
	}
	switch f.name {
	case "throughput":
		s.Tables = []table{b.throughputTable()}
	case "latency":
		s.Tables = []table{b.latencyTable()}
	case "streams":
		s.Tables = []table{b.streamsTable()}
	case "violations":
		s.Tables = []table{b.violationTable(false)}
	case "violations-window":
		s.Tables = []table{b.violationTable(true)}
	case "shutdown":
		s.Tables = []table{b.shutdownTable()}
	case "load-latency":
		if s.Drawn {
			s.Intro, s.Tables = b.loadSection()
			s.Tables = append(s.Tables, b.everyPointTable())
		}
	}
	var tables []table
	for _, t := range s.Tables {
		if !t.HasRows() && !s.Drawn {
			continue // the section already says there is nothing
		}
		if t.Empty == "" {
			t.Empty = "Not measured in this input."
		}
		tables = append(tables, t)
	}
	s.Tables = tables
	return s
}

// throughputTable: MB/s at every chunk and window, each design against the
// baseline and against its floor.
func (b *dataBuilder) throughputTable() table {
	t := table{Header: []string{"chunk", "window", "design", "throughput", "vs " + baseline, "vs its floor"}}
	keep := func(c summary.Config) bool {
		return c.Benchmark == summary.Stream && c.Impl == implWorkflow && c.Chunk != "" && c.Window != ""
	}
	lost := b.hasUnit(keep, unitLost)
	if lost {
		t.Header = append(t.Header, "lost chunks")
	}
	chunks := sortedNumeric(b.set.Distinct(keep, func(c summary.Config) string { return c.Chunk }))
	windows := sortedNumeric(b.set.Distinct(keep, func(c summary.Config) string { return c.Window }))
	for _, w := range windows {
		for _, ch := range chunks {
			base := b.stat(stream(baseline, ch, w, implWorkflow), unitMBs)
			for _, d := range b.designs {
				st := b.stat(stream(d, ch, w, implWorkflow), unitMBs)
				if st == nil {
					continue
				}
				floor := b.stat(stream(d, ch, w, implFloor), unitMBs)
				row := []string{fmtBytes(atoiOr0(ch)), w, cell(d), fmtStatBytes(st), vsBaseline(d, base, st), vs(floor, st)}
				if lost {
					row = append(row, cell(orDash(b.rate(stream(d, ch, w, implWorkflow), unitLost))))
				}
				t.Rows = append(t.Rows, row)
			}
		}
	}
	t.Notes = []string{"Throughput: median MB/s of BenchmarkStream ± its 95% interval. Comparisons as in the summary (a positive change is more throughput)."}
	if lost {
		t.Notes = append(t.Notes, "*lost chunks*: chunks lost at the end of the stream by a design that loses them (lost-chunks/op), x of N chunks over all runs with the run-aware 95% interval; – where the design reports none.")
	}
	return t
}

// latencyTable: chunk latency percentiles at the reference point.
func (b *dataBuilder) latencyTable() table {
	ref := b.opts.ref
	t := table{Header: []string{"design", "p50", "vs " + baseline, "p99", "vs " + baseline, "p99.9", "vs " + baseline}}
	for _, d := range b.designs {
		row := []string{cell(d)}
		any := false
		for _, unit := range []string{unitP50, unitP99, unitP999} {
			st := b.stat(stream(d, ref.chunk, ref.window, implWorkflow), unit)
			base := b.stat(stream(baseline, ref.chunk, ref.window, implWorkflow), unit)
			any = any || st != nil
			row = append(row, fmtStatNs(st), vsBaseline(d, base, st))
		}
		if any {
			t.Rows = append(t.Rows, row)
		}
	}
	t.Notes = []string{fmt.Sprintf("Chunk latency from net's request to the chunk's delivery, at chunk %s B and window %s; each run computes its percentiles, the table shows their median over the runs ± its 95%% interval.", ref.chunk, ref.window)}
	return t
}

// streamsTable: time per chunk at every stream count.
func (b *dataBuilder) streamsTable() table {
	t := table{Header: []string{"streams", "design", "time per chunk", "vs " + baseline, "vs its floor"}}
	keep := func(c summary.Config) bool { return c.Benchmark == summary.Streams && c.Streams != "" }
	point := func(d, n, impl string) func(summary.Config) bool {
		return func(c summary.Config) bool { return keep(c) && c.Design == d && c.Streams == n && c.Impl == impl }
	}
	for _, n := range sortedNumeric(b.set.Distinct(keep, func(c summary.Config) string { return c.Streams })) {
		base := b.stat(point(baseline, n, implWorkflow), unitNs)
		for _, d := range b.designs {
			st := b.stat(point(d, n, implWorkflow), unitNs)
			if st == nil {
				continue
			}
			t.Rows = append(t.Rows, []string{n, cell(d), fmtStatNs(st), vsBaseline(d, base, st), vs(b.stat(point(d, n, implFloor), unitNs), st)})
		}
	}
	t.Notes = []string{"BenchmarkStreams: one op is one chunk over all streams sharing one router; median ± 95% interval, comparisons as in the summary (a negative change is less time)."}
	return t
}

// violationTable: every Ordering cell against net's work (at the
// reference window) or against the window (at the reference work).
func (b *dataBuilder) violationTable(byWindow bool) table {
	ref := b.opts.ref
	axis, axisName := func(c summary.Config) string { return c.Work }, "work"
	keep := func(c summary.Config) bool {
		return c.Benchmark == summary.Ordering && c.Regime != "" && c.Work != "" && (c.Window == "" || c.Window == ref.window)
	}
	if byWindow {
		axis, axisName = func(c summary.Config) string { return c.Window }, "window"
		keep = func(c summary.Config) bool {
			return c.Benchmark == summary.Ordering && c.Regime != "" && c.Window != "" && c.Work == ref.work
		}
	}
	xs := b.set.Distinct(keep, axis)
	if byWindow {
		xs = sortedNumeric(xs)
	} else {
		sort.SliceStable(xs, func(i, j int) bool {
			return summary.Config{Work: xs[i]}.WorkDuration() < summary.Config{Work: xs[j]}.WorkDuration()
		})
	}
	regimes := plots.OrderRegimes(b.set.Distinct(keep, func(c summary.Config) string { return c.Regime }))
	t := table{Header: []string{"design", "regime", axisName, "violations", "runs: lowest–highest rate", "runs agree? (χ² p)", "kinds seen"}}
	for _, d := range b.designs {
		for _, r := range regimes {
			for _, x := range xs {
				c, ok := b.set.Find(func(c summary.Config) bool { return keep(c) && c.Design == d && c.Regime == r && axis(c) == x })
				if !ok {
					continue
				}
				rate, ok := b.set.Count(c, unitViolations)
				if !ok || rate.N == 0 {
					continue
				}
				kinds := "none"
				if k := kindTotals(b.set, []summary.Config{c}); len(k) > 0 {
					parts := make([]string, len(k))
					for i, kt := range k {
						parts[i] = fmt.Sprintf("%s %d", kt.kind, kt.x)
					}
					kinds = strings.Join(parts, ", ")
				}
				t.Rows = append(t.Rows, []string{cell(d), cell(r), cell(x), cell(rate.String()), runSpread(rate), fmtHomogeneity(&rate), cell(kinds)})
			}
		}
	}
	at := fmt.Sprintf("at window %s (results without a window count as window %s)", ref.window, ref.window)
	if byWindow {
		at = fmt.Sprintf("at net's work %s", ref.work)
	}
	t.Notes = []string{
		"Workflows with a violation of any kind, " + at + ": x of N over all runs, with the 95% interval that allows for variation between runs (see Method).",
		"*runs agree?*: p-value of the χ² test of homogeneity of the runs' rates; – when there is nothing to test.",
		"*kinds seen*: workflows with each kind of violation, all runs pooled (one workflow can have several kinds).",
	}
	return t
}

// runSpread formats the lowest and highest per-run rate.
func runSpread(r summary.Rate) string {
	if len(r.Runs) == 0 {
		return "–"
	}
	lo, hi := r.Runs[0].P(), r.Runs[0].P()
	for _, run := range r.Runs {
		lo, hi = min(lo, run.P()), max(hi, run.P())
	}
	if lo == hi {
		return fmt.Sprintf("all %s (%d runs)", summary.Percent(hi), len(r.Runs))
	}
	return fmt.Sprintf("%s–%s (%d runs)", trimPct(lo), summary.Percent(hi), len(r.Runs))
}

// trimPct formats a proportion as a percentage without the sign.
func trimPct(p float64) string { return strings.TrimSuffix(summary.Percent(p), "%") }

// fmtHomogeneity formats a Rate's homogeneity p-value, or "–".
func fmtHomogeneity(r *summary.Rate) string {
	if r == nil {
		return notMeasured
	}
	if !r.Homogeneity.Tested() {
		return "–"
	}
	return fmt.Sprintf("p=%.3f", r.Homogeneity.P)
}

// shutdownTable: per-workflow time and shutdown latency by outcome.
func (b *dataBuilder) shutdownTable() table {
	t := table{Header: []string{"outcome", "design", "time per workflow", "vs " + baseline, "shutdown p50", "vs " + baseline, "shutdown p99", "vs " + baseline}}
	units := []string{unitNs, unitShutP50, unitShutP99}
	if b.hasUnit(func(c summary.Config) bool { return c.Benchmark == summary.Workflow }, unitHarness) {
		units = append(units, unitHarness)
		t.Header = append(t.Header, "harness per workflow", "vs "+baseline)
	}
	for _, outcome := range []string{"done", "error"} {
		for _, d := range b.designs {
			row := []string{outcome, cell(d)}
			any := false
			for _, unit := range units {
				st := b.stat(workflow(d, outcome), unit)
				any = any || st != nil
				row = append(row, fmtStatNs(st), vsBaseline(d, b.stat(workflow(baseline, outcome), unit), st))
			}
			if any {
				t.Rows = append(t.Rows, row)
			}
		}
	}
	t.Notes = []string{"BenchmarkWorkflow: one op is one whole workflow. Shutdown latency runs from the source's last outcome to net's end; each run computes its percentiles, the table shows their median ± 95% interval."}
	return t
}

// hasUnit reports whether any Config keep selects was measured in unit.
func (b *dataBuilder) hasUnit(keep func(summary.Config) bool, unit string) bool {
	for _, c := range b.set.Configs(keep) {
		if _, ok := b.set.Stat(c, unit); ok {
			return true
		}
	}
	return false
}

// orDash formats a Rate, or "–" if there is none.
func orDash(r *summary.Rate) string {
	if r == nil {
		return "–"
	}
	return r.String()
}

// model computes the model checking section.
func (b *dataBuilder) model() modelData {
	if b.verdicts == nil {
		return modelData{Missing: fmt.Sprintf("Model not checked: there is no %s in %s. Without it, a rate of 0 above is evidence from these runs (\"0 of N here\"), not a proof.",
			code(verdict.FileName), code(filepath.ToSlash(b.opts.model)))}
	}
	m := modelData{Checked: true, Source: code(filepath.ToSlash(filepath.Join(b.opts.model, verdict.FileName)))}
	m.Table.Header = []string{"design", "verdict", "verified", "refuted", "largest state space", "counterexample"}
	designs := summary.Order(designsOf(b.verdicts.Checks))
	for _, ds := range designs {
		verified, refuted := 0, 0
		var largest int64
		for _, c := range b.verdicts.For(ds) {
			if c.Verdict == verdict.Verified {
				verified++
			} else {
				refuted++
			}
			largest = max(largest, c.States)
		}
		trace := "–"
		if path, ok := b.verdicts.Counterexamples[ds]; ok {
			trace = fmt.Sprintf("[trace](%s), below", b.link(path))
		}
		m.Table.Rows = append(m.Table.Rows, []string{cell(ds), cell(b.verdicts.Summary(ds)), fmt.Sprint(verified), fmt.Sprint(refuted),
			fmt.Sprintf("%d states", largest), trace})
	}
	for _, ds := range designs {
		t, ok := b.verdicts.Traces[ds]
		if !ok {
			continue
		}
		m.Traces = append(m.Traces, traceData{Title: t.Title, Design: ds, Link: b.link(b.verdicts.Counterexamples[ds]), Steps: t.Steps})
	}
	checks := append([]verdict.Check(nil), b.verdicts.Checks...)
	order := make(map[string]int)
	for i, ds := range designs {
		order[ds] = i
	}
	sort.SliceStable(checks, func(i, j int) bool { return order[checks[i].Design] < order[checks[j].Design] })
	m.Count = len(checks)
	m.Checks.Header = []string{"design", "chunks", "window", "cap", "outcome", "verdict", "expected", "states", "depth", "seconds"}
	for _, c := range checks {
		v := c.Verdict
		if c.Unexpected() {
			v = "**" + v + " (UNEXPECTED)**"
		}
		m.Checks.Rows = append(m.Checks.Rows, []string{cell(c.Design), fmt.Sprint(c.Chunks), fmt.Sprint(c.Window), fmt.Sprint(c.Cap),
			cell(c.Outcome), v, cell(c.Expected), fmt.Sprint(c.States), fmt.Sprint(c.Depth), fmt.Sprintf("%.2f", c.Seconds)})
	}
	return m
}

func designsOf(checks []verdict.Check) []string {
	var out []string
	for _, c := range checks {
		out = append(out, c.Design)
	}
	return out
}

// method computes the few numbers the method section states.
func (b *dataBuilder) method() methodData {
	minRuns, maxRuns := 0, 0
	for i, c := range b.set.Configs(nil) {
		n := b.set.Runs(c)
		if i == 0 {
			minRuns, maxRuns = n, n
		}
		minRuns, maxRuns = min(minRuns, n), max(maxRuns, n)
	}
	runs := fmt.Sprint(minRuns)
	if minRuns != maxRuns {
		runs = fmt.Sprintf("%d to %d", minRuns, maxRuns)
	}
	return methodData{Runs: runs, Interleaved: b.full.Env().Value("rounds") != "", NotMeasured: notMeasured, Baseline: baseline}
}

// profiles are scripts/bench's named profiles.
func profiles() []string {
	return []string{"quick", "full", "forced", "load", "ordering-100k", "calibrate", "short"}
}

// reproduce computes the shell lines that remake the input and the report.
func (b *dataBuilder) reproduce() []string {
	env := b.full.Env()
	prof := env.Value("profile")
	cmds := env.Values("command")
	known := slices.Contains(profiles(), prof)
	var out []string
	switch {
	case known && len(cmds) > 0:
		out = append(out, fmt.Sprintf("# the benchmarks (profile %s: %s rounds), which ran, once per round:", prof, orNotRecorded(env.Value("rounds"))))
		for _, c := range cmds {
			out = append(out, "#   "+c)
		}
		out = append(out, "scripts/bench "+prof)
	case len(cmds) > 0:
		out = append(out, "# the benchmark run recorded in the input's header")
		out = append(out, cmds...)
	default:
		out = append(out, "# the input records no command; a typical run",
			fmt.Sprintf("go test -run '^$' -bench . -count 10 ./bench > %s", filepath.ToSlash(b.opts.files[0])))
	}
	out = append(out, "# this report")
	if known && len(b.opts.files) == 1 &&
		filepath.ToSlash(filepath.Clean(b.opts.files[0])) == "results/"+prof+"/bench.txt" {
		out = append(out, "scripts/report "+prof)
	}
	args := []string{"go run ./report"}
	if b.opts.out != filepath.Dir(b.opts.files[0]) {
		args = append(args, "-out "+filepath.ToSlash(b.opts.out))
	}
	if b.opts.model != filepath.Join("results", "model") {
		args = append(args, "-model "+filepath.ToSlash(b.opts.model))
	}
	if b.opts.killmatrix != defaultKillMatrix() {
		args = append(args, "-killmatrix "+filepath.ToSlash(b.opts.killmatrix))
	}
	if b.opts.calibration != defaultCalibration() {
		args = append(args, "-calibration "+filepath.ToSlash(b.opts.calibration))
	}
	if b.opts.designs != nil {
		args = append(args, "-design "+strings.Join(b.opts.designs, ","))
	}
	if b.opts.procs != "" {
		args = append(args, "-procs "+b.opts.procs)
	}
	for _, f := range b.opts.files {
		args = append(args, filepath.ToSlash(f))
	}
	out = append(out, strings.Join(args, " "),
		"# the raw numbers, designs side by side",
		"go tool benchstat -col /design "+strings.Join(toSlash(b.opts.files), " "))
	return out
}

func toSlash(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = filepath.ToSlash(p)
	}
	return out
}

// sortedNumeric sorts decimal strings by value.
func sortedNumeric(ss []string) []string {
	out := append([]string(nil), ss...)
	sort.SliceStable(out, func(i, j int) bool { return atoiOr0(out[i]) < atoiOr0(out[j]) })
	return out
}

func atoiOr0(s string) int {
	return summary.Config{Chunk: s}.ChunkBytes()
}

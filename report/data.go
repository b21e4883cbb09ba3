package main

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"chanbench/bench/metric"
	"chanbench/designs"
	"chanbench/report/plots"
	"chanbench/report/summary"
	"chanbench/report/verdict"
)

// A reportData is everything REPORT.md shows, as plain values: numbers are
// already formatted, tables are rendered grids. The template report.tmpl
// lays it out and writes the notes; the functions of this package compute
// it and rank nothing: a design is compared with the baseline, and a
// finding is stated only when a rule over the data says it held.
type reportData struct {
	Inputs      []string // input files, as code spans
	Env         []envRow // the environment, in display order
	Ref         refData  // the reference configuration
	Decision    table    // one row per design: the decision page
	Findings    findingsData
	Sources     table // each committed result cited, with its commit
	Ratios      table // BenchmarkRatio: each design vs its floor and vs the baseline
	Sections    []section
	Model       modelData
	Scheduled   schedData    // the scheduled regime: PCT's bound, rates, replays
	Linked      []linkedFile // the calibration and kill matrix, linked
	Warnings    []string
	Method      methodData
	Reproduce   []string // shell lines
	NotMeasured string
}

// findingsData is the findings list and what it was tested on.
type findingsData struct {
	Held, Failed []findingRow
	Alone        []string // claims significant in a run and not measured in the other
	Tested       int
	Floors       []string // rank tests' floors above Holm's threshold (family.floors)
	RunA, RunB   string   // what the two runs are
	Halves       bool     // the two runs are halves of one file's rounds
}

// A findingRow is one finding as the template shows it.
type findingRow struct {
	Claim, What, Method, Figure, A, B string
}

// An envRow is one line of the environment table.
type envRow struct{ Name, Value string }

// refData is the reference configuration, formatted.
type refData struct {
	Chunk, Window, Work, Baseline, Procs string
}

// A table is a Markdown table as the template shows it, rendered from a
// grid (or built by report/load.go). Note names the template that writes
// its notes; Notes are notes as text.
type table struct {
	Title  string
	Fold   bool
	Header []string
	Rows   [][]string
	Note   string
	Notes  []string
	Empty  string
}

// HasRows reports whether t has rows to show.
func (t table) HasRows() bool { return len(t.Rows) > 0 }

// A section is one figure of the report with the tables of its numbers.
type section struct {
	Name, Title, Missing, Alt, NotShown string
	Drawn                               bool
	Intro                               []string
	Tables                              []table
}

// modelData is the model checking section.
type modelData struct {
	Checked bool
	Missing string
	Source  string // the verdicts file, as a link
	Table   table
}

// A linkedFile is a committed document another tool wrote, linked with
// its first paragraph as a summary.
type linkedFile struct {
	What, Link, Summary string
}

// methodData is what the method section computes.
type methodData struct {
	Runs        string // runs per configuration, e.g. "10" or "6 to 10"
	Interleaved bool   // the input records scripts/bench's rounds
}

// A dataBuilder computes a reportData from one selection of the input.
type dataBuilder struct {
	opts     options
	full     *summary.Set // every result read
	set      *summary.Set // the designs shown, at the GOMAXPROCS shown
	all      *summary.Set // the designs shown, at every GOMAXPROCS
	designs  []string
	procs    string
	verdicts *verdict.Verdicts
	replica  *summary.Set      // the replication run; nil to use halves
	pct      map[string]string // by design: its BenchmarkScheduledBound result for the decision page (set by scheduled)
}

// statIn returns the Stat of unit for the first Config of set keep
// selects, or nil.
func statIn(set *summary.Set, keep func(summary.Config) bool, unit string) *summary.Stat {
	c, ok := set.Find(keep)
	if !ok {
		return nil
	}
	st, ok := set.Stat(c, unit)
	if !ok {
		return nil
	}
	return &st
}

func (b *dataBuilder) stat(keep func(summary.Config) bool, unit string) *summary.Stat {
	return statIn(b.set, keep, unit)
}

// stream selects BenchmarkStream of design d at chunk and window, impl.
func stream(d, chunk, window, impl string) func(summary.Config) bool {
	return func(c summary.Config) bool {
		return c.Benchmark == summary.Stream && c.Design == d && c.Chunk == chunk && c.Window == window && c.Impl == impl
	}
}

// workflow selects BenchmarkWorkflow of design d and outcome; the impl=
// part, if any, must be "workflow".
func workflow(d, outcome string) func(summary.Config) bool {
	return func(c summary.Config) bool {
		return c.Benchmark == summary.Workflow && c.Design == d && c.Outcome == outcome &&
			(c.Impl == "" || c.Impl == summary.ImplWorkflow)
	}
}

// ratio selects BenchmarkRatio of design d against vs at the reference
// chunk and window and GOMAXPROCS procs.
func (b *dataBuilder) ratio(d, vs, procs string) func(summary.Config) bool {
	return func(c summary.Config) bool {
		return c.Benchmark == summary.Ratio && c.Design == d && c.Vs == vs && c.Chunk == b.opts.ref.chunk &&
			c.Window == b.opts.ref.window && c.Procs == procs
	}
}

// data computes the whole reportData.
func (b *dataBuilder) data(figs []drawn) reportData {
	ref := b.opts.ref
	d := reportData{
		Ref:         refData{Chunk: ref.chunk, Window: ref.window, Work: ref.work, Baseline: summary.Baseline(), Procs: procsName(b.procs)},
		Env:         b.environment(),
		Decision:    b.decision().table(),
		Findings:    b.findings(),
		Sources:     b.sources().table(),
		Ratios:      b.ratioGrid().table(),
		Model:       b.model(),
		Method:      b.method(),
		Reproduce:   b.reproduce(),
		NotMeasured: notMeasured,
	}
	for _, f := range b.opts.files {
		d.Inputs = append(d.Inputs, code(filepath.ToSlash(f)))
	}
	for _, f := range figs {
		d.Sections = append(d.Sections, b.section(f))
	}
	for _, l := range []struct{ what, path string }{{"A/A calibration", b.opts.calibration}, {"Kill matrix", b.opts.killmatrix}} {
		if body, ok := readOptional(l.path); ok {
			sum := firstParagraph(body)
			if k := killSummary(filepath.Join(filepath.Dir(l.path), "killmatrix.tsv")); k != "" {
				sum = k
			}
			d.Linked = append(d.Linked, linkedFile{What: l.what, Link: b.link(l.path), Summary: sum})
		}
	}
	return d
}

func (b *dataBuilder) environment() []envRow {
	env := b.full.Env()
	val := func(key string) string { return orNotRecorded(cell(env.Value(key))) }
	var cmds []string
	for _, c := range env.Values("command") {
		cmds = append(cmds, cell(code(c)))
	}
	return []envRow{
		{"Go", val("go")},
		{"OS/arch", orNotRecorded(strings.Trim(cell(env.Value("goos")+"/"+env.Value("goarch")), "/"))},
		{"CPU", val("cpu")},
		{"GOMAXPROCS", fmt.Sprintf("%s (this report's body: results at %s)", val("gomaxprocs"), procsName(b.procs))},
		{"-cpu list", val("cpu-list")},
		{"Date", val("date")},
		{"Commit", val("commit")},
		{"Load average before / after", val("loadavg-before") + " / " + val("loadavg-after")},
		{"Rounds", val("rounds")},
		{"Command", orNotRecorded(strings.Join(cmds, "<br>"))},
		{"Profile", val("profile")},
	}
}

func orNotRecorded(s string) string {
	if s == "" {
		return "not recorded"
	}
	return s
}

// ratioGrid is BenchmarkRatio's table: each design's paired ratio to its
// floor and to the baseline, median and 95% interval over the runs, by
// the wall clock (ratio) and the process's CPU time (cpu-ratio).
func (b *dataBuilder) ratioGrid() *grid {
	g := newGrid("notes-ratio", []string{"design", "chunk", "window"})
	g.empty = "BenchmarkRatio: not measured in this input."
	for _, c := range b.set.Configs(func(c summary.Config) bool { return c.Benchmark == summary.Ratio }) {
		row := []string{c.Design, c.Chunk, c.Window}
		for _, u := range []string{metric.UnitRatio, metric.UnitCPURatio} {
			vs := "× its floor"
			if c.Vs != summary.ImplFloor {
				vs = "× " + c.Vs
			}
			if u == metric.UnitCPURatio {
				vs += ", CPU time"
			}
			if st, ok := b.set.Stat(c, u); ok {
				g.set(row, vs, st.RatioString())
			}
		}
	}
	sortRows(g, b.designs, 0)
	return g
}

// sortRows orders g's rows by the design in part i, in display order,
// keeping the order of rows of one design.
func sortRows(g *grid, designs []string, i int) {
	sort.SliceStable(g.rows, func(x, y int) bool {
		return slices.Index(designs, g.rows[x][i]) < slices.Index(designs, g.rows[y][i])
	})
}

// vs formats the comparison of st against base as benchstat does:
// "+28.00% (p=0.000 n=10)", or "~ (p=0.440 n=10)" if not significant
// (unadjusted: one test of a family the report does not correct).
func vs(base, st *summary.Stat) string {
	if base == nil || st == nil {
		return notMeasured
	}
	c := base.Compare(*st)
	return c.FormatDelta(base.Center, st.Center) + " (" + c.String() + ")"
}

// vsBaseline is vs against the baseline design, or "baseline".
func vsBaseline(design string, base, st *summary.Stat) string {
	if design == summary.Baseline() && st != nil {
		return "baseline"
	}
	return vs(base, st)
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
	s := section{Name: f.name, Title: f.title, Missing: f.missing, Drawn: f.fig != nil}
	if s.Drawn {
		s.Alt = f.fig.Title
		var missing []string
		for _, d := range b.designs {
			if !slices.Contains(f.fig.Designs, d) {
				missing = append(missing, d)
			}
		}
		s.NotShown = joinWords(missing)
	}
	var grids []*grid
	switch f.name {
	case "throughput":
		grids = []*grid{b.throughputGrid()}
	case "latency": // chunk latency percentiles at the reference point
		grids = []*grid{b.measureGrid("notes-latency", nil, [][]string{nil}, false,
			[]measureCol{{metric.UnitP50, "p50"}, {metric.UnitP99, "p99"}, {metric.UnitP999, "p99.9"}},
			func(_ []string, d, impl string) func(summary.Config) bool {
				return stream(d, b.opts.ref.chunk, b.opts.ref.window, impl)
			})}
	case "streams": // time per chunk at every stream count
		keep := func(c summary.Config) bool { return c.Benchmark == summary.Streams && c.Streams != "" }
		var keys [][]string
		for _, n := range summary.SortNumeric(b.set.Distinct(keep, func(c summary.Config) string { return c.Streams })) {
			keys = append(keys, []string{n})
		}
		grids = []*grid{b.measureGrid("notes-streams", []string{"streams"}, keys, true,
			[]measureCol{{metric.UnitNs, "time per chunk"}},
			func(k []string, d, impl string) func(summary.Config) bool {
				return func(c summary.Config) bool {
					return c.Benchmark == summary.Streams && c.Design == d && c.Streams == k[0] && c.Impl == impl
				}
			})}
	case "violations":
		grids = []*grid{b.violationGrid(false)}
	case "violations-window":
		grids = []*grid{b.violationGrid(true)}
	case "shutdown": // per-workflow time and shutdown latency by outcome
		grids = []*grid{b.measureGrid("notes-shutdown", []string{"outcome"}, [][]string{{"done"}, {"error"}}, false,
			[]measureCol{{metric.UnitNs, "per workflow"}, {metric.UnitShutdownP50, "shutdown p50"}, {metric.UnitShutdownP99, "shutdown p99"}, {metric.UnitHarness, "harness"}},
			func(k []string, d, _ string) func(summary.Config) bool { return workflow(d, k[0]) })}
		s.Intro = b.nullZero()
	case "load-latency":
		if s.Drawn {
			s.Intro, s.Tables = b.loadSection()
		}
	}
	for _, g := range grids {
		if len(g.rows) > 0 || s.Drawn {
			g.empty = "Not measured in this input."
			s.Tables = append(s.Tables, g.table())
		}
	}
	return s
}

// compare fills a design's value and its comparison with the baseline in
// row: value col, and "vs unbuffered" after it; floor, if not nil, adds
// "vs its floor".
func compare(g *grid, row []string, col, d string, st, base, floor *summary.Stat, format func(*summary.Stat) string) {
	if st == nil {
		return
	}
	g.set(row, col, format(st))
	g.set(row, col+" vs "+summary.Baseline(), vsBaseline(d, base, st))
	if floor != nil {
		g.set(row, col+" vs its floor", vs(floor, st))
	}
}

// A measureCol is one measure of a measureGrid: its unit and its name.
type measureCol struct{ unit, name string }

// measureGrid is a grid of times: a row per key of keys and design, and
// for each measure the design's value, its comparison with the baseline
// and, withFloor, with its floor. at selects the results of a key, a
// design and an impl (summary.ImplWorkflow or summary.ImplFloor).
func (b *dataBuilder) measureGrid(note string, head []string, keys [][]string, withFloor bool, cols []measureCol,
	at func(key []string, d, impl string) func(summary.Config) bool) *grid {
	g := newGrid(note, append(slices.Clone(head), "design"))
	for _, k := range keys {
		for _, d := range b.designs {
			for _, m := range cols {
				var floor *summary.Stat
				if withFloor {
					floor = b.stat(at(k, d, summary.ImplFloor), m.unit)
				}
				compare(g, append(slices.Clone(k), d), m.name, d, b.stat(at(k, d, summary.ImplWorkflow), m.unit),
					b.stat(at(k, summary.Baseline(), summary.ImplWorkflow), m.unit), floor, fmtStatNs)
			}
		}
	}
	return g
}

// throughputGrid: MB/s at every chunk and window, each design against the
// baseline and against its floor, and lost chunks.
func (b *dataBuilder) throughputGrid() *grid {
	g := newGrid("notes-throughput", []string{"chunk", "window", "design"})
	keep := func(c summary.Config) bool {
		return c.Benchmark == summary.Stream && c.Impl == summary.ImplWorkflow && c.Chunk != "" && c.Window != ""
	}
	configs := b.set.Configs(keep)
	sort.SliceStable(configs, func(i, j int) bool {
		x, y := configs[i], configs[j]
		if x.WindowSize() != y.WindowSize() {
			return x.WindowSize() < y.WindowSize()
		}
		if x.ChunkBytes() != y.ChunkBytes() {
			return x.ChunkBytes() < y.ChunkBytes()
		}
		return slices.Index(b.designs, x.Design) < slices.Index(b.designs, y.Design)
	})
	for _, c := range configs {
		row := []string{fmtBytes(c.ChunkBytes()), c.Window, c.Design}
		st := b.stat(stream(c.Design, c.Chunk, c.Window, summary.ImplWorkflow), metric.UnitMBs)
		compare(g, row, "throughput", c.Design, st, b.stat(stream(summary.Baseline(), c.Chunk, c.Window, summary.ImplWorkflow), metric.UnitMBs),
			b.stat(stream(c.Design, c.Chunk, c.Window, summary.ImplFloor), metric.UnitMBs), fmtStatBytes)
		if r, ok := b.set.Count(c, metric.UnitLost); ok && r.N > 0 {
			g.set(row, "lost chunks", r.String())
		}
	}
	return g
}

// violationGrid: every Ordering cell, a row per design and regime (and
// GOMAXPROCS, where the input has several: a rate depends on it), a
// column per net's work (at the reference window) or per window (at the
// reference work).
func (b *dataBuilder) violationGrid(byWindow bool) *grid {
	ref := b.opts.ref
	axis := func(c summary.Config) string { return "work " + c.Work }
	keep := func(c summary.Config) bool {
		return c.Benchmark == summary.Ordering && slices.Contains(b.designs, c.Design) && c.Regime != "" && c.Work != "" &&
			(c.Window == "" || c.Window == ref.window)
	}
	less := func(x, y summary.Config) bool { return x.WorkDuration() < y.WorkDuration() }
	if byWindow {
		axis = func(c summary.Config) string { return "window " + c.Window }
		keep = func(c summary.Config) bool {
			return c.Benchmark == summary.Ordering && slices.Contains(b.designs, c.Design) && c.Regime != "" && c.Window != "" &&
				c.Work == ref.work
		}
		less = func(x, y summary.Config) bool { return x.WindowSize() < y.WindowSize() }
	}
	configs := b.all.Configs(keep)
	procs := summary.SortProcs(b.all.Distinct(keep, func(c summary.Config) string { return c.Procs }))
	regimes := plots.OrderRegimes(b.all.Distinct(keep, func(c summary.Config) string { return c.Regime }))
	head := []string{"design", "regime"}
	if len(procs) > 1 {
		head = append(head, "GOMAXPROCS")
	}
	g := newGrid("notes-violations", head)
	sort.SliceStable(configs, func(i, j int) bool { return less(configs[i], configs[j]) })
	for _, c := range configs { // columns in axis order
		if !slices.Contains(g.cols, axis(c)) {
			g.cols = append(g.cols, axis(c))
		}
	}
	rank := func(c summary.Config) [3]int {
		return [3]int{slices.Index(b.designs, c.Design), slices.Index(regimes, c.Regime), slices.Index(procs, c.Procs)}
	}
	sort.SliceStable(configs, func(i, j int) bool {
		x, y := rank(configs[i]), rank(configs[j])
		return slices.Compare(x[:], y[:]) < 0
	})
	for _, c := range configs {
		if rate, ok := b.all.Count(c, metric.UnitViolations); ok && rate.N > 0 {
			row := []string{c.Design, c.Regime, fmt.Sprint(summary.GOMAXPROCS(c.Procs))}
			g.set(row[:len(head)], axis(c), rate.String())
		}
	}
	return g
}

// nullZero is the harness's zero beside BenchmarkWorkflow's figures: the
// null design's time per workflow for each outcome, if it was measured.
func (b *dataBuilder) nullZero() []string {
	var at []string
	for _, outcome := range []string{"done", "error"} {
		keep := func(c summary.Config) bool { return workflow(summary.Null(), outcome)(c) && c.Procs == b.procs }
		if st := statIn(b.all, keep, metric.UnitNs); st != nil {
			at = append(at, fmt.Sprintf("%s (outcome %s)", fmtStatNs(st), outcome))
		}
	}
	if at == nil {
		return nil
	}
	return []string{fmt.Sprintf("The harness's zero: design=null (designs.Null, a workflow that does nothing, run beside the designs) takes %s per workflow; a design's time per workflow less null's is what its channels and loops cost. Null is no design and has no row.", strings.Join(at, " and "))}
}

// model computes the model checking section: one row per design, its
// verdict with the search named and the bounds read from the table.
func (b *dataBuilder) model() modelData {
	if b.verdicts == nil {
		return modelData{Missing: fmt.Sprintf("Model not checked: there is no %s in %s. Without it, a rate of 0 is evidence from these runs (\"0 of N here\"), not a proof.",
			code(verdict.FileName), code(filepath.ToSlash(b.opts.model)))}
	}
	g := newGrid("notes-model", []string{"design"})
	for _, d := range summary.Order(designsOf(b.verdicts.Checks)) {
		g.set([]string{d}, "verdict", b.modelCell(d))
		var largest int64
		for _, c := range b.verdicts.For(d) {
			largest = max(largest, c.States)
		}
		g.set([]string{d}, "largest state space", fmt.Sprintf("%d states", largest))
	}
	return modelData{Checked: true, Source: b.link(filepath.Join(b.opts.model, verdict.FileName)), Table: g.table()}
}

// modelCell is a design's verdict, with a link to its counterexample.
func (b *dataBuilder) modelCell(d string) string {
	for _, reg := range b.opts.registry {
		if why := designs.ModelRefusal(reg); reg.Name() == d && why != "" {
			return fmt.Sprintf("not modelled: the generator refuses %s; evidence: the Go layers only", why)
		}
	}
	s := b.verdicts.Summarize(d).String()
	if b.verdicts != nil {
		if path, ok := b.verdicts.Counterexamples[d]; ok {
			s += fmt.Sprintf(" ([trace](%s))", b.link(path))
		}
	}
	return s
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
	return methodData{Runs: runs, Interleaved: b.full.Env().Value("rounds") != ""}
}

// reproduce computes the shell lines that remake the input and the report.
func (b *dataBuilder) reproduce() []string {
	env := b.full.Env()
	prof, cmds := env.Value("profile"), env.Values("command")
	known := prof != "" // the profile: header is scripts/bench's, which names its profile there
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
	if known && len(b.opts.files) == 1 && b.opts.replication == "" &&
		filepath.ToSlash(filepath.Clean(b.opts.files[0])) == "results/"+prof+"/bench.txt" {
		out = append(out, "scripts/report "+prof)
	}
	args := []string{"go run ./report"}
	for _, f := range []struct{ name, value, byDefault string }{
		{"out", b.opts.out, filepath.Dir(b.opts.files[0])},
		{"model", b.opts.model, filepath.Join("results", "model")},
		{"killmatrix", b.opts.killmatrix, defaultKillMatrix()},
		{"calibration", b.opts.calibration, defaultCalibration()},
		{"replication", b.opts.replication, ""},
		{"design", strings.Join(b.opts.designs, ","), ""},
		{"procs", b.opts.procs, ""},
	} {
		if f.value != f.byDefault {
			args = append(args, "-"+f.name+" "+filepath.ToSlash(f.value))
		}
	}
	files := toSlash(b.opts.files)
	args = append(args, files...)
	return append(out, strings.Join(args, " "), "# the raw numbers, designs side by side",
		"go tool benchstat -col /design "+strings.Join(files, " "))
}

func toSlash(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = filepath.ToSlash(p)
	}
	return out
}

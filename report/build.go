package main

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"text/template"
	"unicode"

	"chanbench/designs"
	"chanbench/report/outfile"
	"chanbench/report/plots"
	"chanbench/report/summary"
	"chanbench/report/verdict"
)

// A report is everything the command writes, built in memory before any
// of it is written.
type report struct {
	outputs  []outfile.File
	stale    []string // files of figures that have no data this time
	warnings []string
}

// A figureSpec names one figure and the function that draws it.
type figureSpec struct {
	name  string
	title string // the REPORT.md section heading
	draw  func(*summary.Set, plots.Options) (*plots.Figure, error)
	// allProcs draws from every GOMAXPROCS of the input (a panel each)
	// rather than the one the report shows.
	allProcs bool
}

// figureSpecs lists the figures in the order REPORT.md shows them.
func figureSpecs() []figureSpec {
	return []figureSpec{
		{"throughput", "Throughput vs chunk size", plots.Throughput, false},
		{"latency", "Chunk latency", plots.Latency, false},
		{"streams", "Cost vs concurrent streams", plots.Streams, false},
		{"violations", "Violation rate vs net's work", plots.Violations, false},
		{"violations-window", "Violation rate vs net's window", plots.ViolationsByWindow, false},
		{"shutdown", "Shutdown latency", plots.Shutdown, false},
		{"correctness", "Cost of correctness", plots.Correctness, false},
		{"load-latency", "Latency under offered load", plots.LoadLatency, true},
		{"load-violations", "Violations under offered load", plots.LoadViolations, true},
		{"scaling", "Scaling with GOMAXPROCS", plots.Scaling, true},
	}
}

// A drawn figure, or the reason it was not drawn.
type drawn struct {
	figureSpec
	fig     *plots.Figure // nil if there was no data
	missing string        // why fig is nil
}

// build reads and checks every input, then renders the report.
func build(opts options) (*report, error) {
	set, err := summary.Read(opts.files...)
	if err != nil {
		return nil, err
	}
	verdicts, err := verdict.Read(opts.model)
	if err != nil {
		return nil, err
	}
	sel, err := selectData(set, opts)
	if err != nil {
		return nil, err
	}

	popts := plots.Options{Designs: sel.designs, Chunk: opts.ref.chunk, Window: opts.ref.window, Work: opts.ref.work,
		Saturation: loadCriteria()}
	// References (pull) are drawn as reference lines, never as designs;
	// what they stand for and what does not apply to them is theirs to say.
	for _, d := range opts.registry {
		if r, ok := d.(designs.Reference); ok && slices.Contains(sel.designs, d.Name()) {
			popts.References = append(popts.References, plots.Reference{Name: d.Name(), What: r.Reference(),
				NotApplicable: map[string]string{summary.Streams: r.NotApplicable(designs.SharedRouter), summary.Load: r.NotApplicable(designs.OfferedLoad)}})
		}
	}
	rep := &report{warnings: append(set.Warnings(), sel.notes...)}
	var figs []drawn
	for _, spec := range figureSpecs() {
		from := sel.set
		if spec.allProcs {
			from = sel.all
		}
		fig, err := spec.draw(from, popts)
		if errors.Is(err, plots.ErrNoData) {
			figs = append(figs, drawn{figureSpec: spec, missing: err.Error()})
			rep.stale = append(rep.stale, spec.name+".png", spec.name+".svg")
			continue
		}
		if err != nil {
			return nil, err
		}
		png, err := fig.PNG()
		if err != nil {
			return nil, err
		}
		svg, err := fig.SVG()
		if err != nil {
			return nil, err
		}
		rep.outputs = append(rep.outputs, outfile.File{Name: spec.name + ".png", Data: png}, outfile.File{Name: spec.name + ".svg", Data: svg})
		figs = append(figs, drawn{figureSpec: spec, fig: fig})
	}

	for _, l := range []struct{ what, path, byDefault string }{
		{"calibration", opts.calibration, defaultCalibration()},
		{"kill matrix", opts.killmatrix, defaultKillMatrix()},
	} {
		if _, err := os.ReadFile(l.path); err != nil && !(errors.Is(err, fs.ErrNotExist) && l.path == l.byDefault) {
			return nil, fmt.Errorf("read %s: %w", l.what, err)
		}
	}
	b := dataBuilder{opts: opts, full: set, set: sel.set, all: sel.all, designs: sel.designs, procs: sel.procs, verdicts: verdicts}
	if opts.replication != "" {
		if b.replica, err = summary.Read(opts.replication); err != nil {
			return nil, err
		}
	}
	sched, err := b.scheduled() // before data: the decision page shows its bounds
	if err != nil {
		return nil, fmt.Errorf("scheduled runs: %w", err)
	}
	data := b.data(figs)
	data.Scheduled = sched
	data.Warnings = rep.warnings
	for _, o := range []struct{ name, tmpl string }{{"REPORT.md", "report.tmpl"}, {"TABLES.md", "tables"}} {
		md, err := render(data, o.tmpl)
		if err != nil {
			return nil, fmt.Errorf("render %s: %w", o.name, err)
		}
		rep.outputs = append(rep.outputs, outfile.File{Name: o.name, Data: md})
	}
	return rep, nil
}

// anchor is the anchor GitHub gives a Markdown heading: lower case,
// spaces as hyphens, punctuation other than hyphens dropped.
func anchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// render executes the template named name of report.tmpl over data
// ("report.tmpl" for REPORT.md, "tables" for TABLES.md). A table's notes
// are the template its Note names, executed over data too: "note" runs it.
func render(data reportData, name string) ([]byte, error) {
	var tmpl *template.Template
	note := func(name string) (string, error) {
		var buf bytes.Buffer
		err := tmpl.ExecuteTemplate(&buf, name, data)
		return strings.TrimSpace(buf.String()), err
	}
	tmpl, err := template.New("report.tmpl").Funcs(template.FuncMap{"join": joinWords, "note": note, "anchor": anchor}).ParseFS(templates, "report.tmpl")
	if err != nil {
		return nil, fmt.Errorf("parse report.tmpl: %w", err)
	}
	var buf bytes.Buffer
	if err := tmpl.ExecuteTemplate(&buf, name, data); err != nil {
		return nil, err
	}
	return squeezeBlankLines(buf.Bytes()), nil
}

// squeezeBlankLines turns every run of blank lines into one, so that the
// template need not track which optional block left a blank line.
func squeezeBlankLines(b []byte) []byte {
	for bytes.Contains(b, []byte("\n\n\n")) {
		b = bytes.ReplaceAll(b, []byte("\n\n\n"), []byte("\n\n"))
	}
	return b
}

//go:embed report.tmpl
var templates embed.FS

// A selection is the part of the input the report shows.
type selection struct {
	set     *summary.Set
	all     *summary.Set // the designs shown, at every GOMAXPROCS
	designs []string     // in display order
	procs   string
	notes   []string // what the reader should know about the choice
}

// selectData applies -design and -procs. An unknown design or GOMAXPROCS
// is an error that lists what the input has.
func selectData(set *summary.Set, opts options) (selection, error) {
	// The null design (BenchmarkLoad's harness cost) is no contender: the
	// load section shows it beside the designs, nothing else does.
	have := slices.DeleteFunc(opts.registry.Order(set.Distinct(nil, func(c summary.Config) string { return c.Design })), func(d string) bool { return d == summary.Null() })
	designs := have
	if opts.designs != nil {
		for _, d := range opts.designs {
			if !slices.Contains(have, d) {
				return selection{}, fmt.Errorf("unknown design %q: the input has %s", d, strings.Join(have, ", "))
			}
		}
		designs = opts.registry.Order(opts.designs)
	}
	var notes []string
	for _, d := range set.Distinct(nil, func(c summary.Config) string { return c.Design }) {
		if d != summary.Null() && !slices.Contains(have, d) {
			notes = append(notes, fmt.Sprintf("design %q is not registered in designs.All(); the report leaves it out", d))
		}
	}

	allProcs := set.Procs()
	procs := allProcs[0]
	if opts.procs != "" {
		if opts.procs == "1" && !slices.Contains(allProcs, "1") && slices.Contains(allProcs, "") {
			opts.procs = "" // go test prints no -1 suffix for GOMAXPROCS 1
		}
		if !slices.Contains(allProcs, opts.procs) {
			return selection{}, fmt.Errorf("no results at GOMAXPROCS %s: the input has %s", opts.procs, procsList(allProcs))
		}
		procs = opts.procs
	}
	if len(allProcs) > 1 {
		notes = append(notes, fmt.Sprintf("the input has results at GOMAXPROCS %s; this report shows %s (choose with -procs)",
			procsList(allProcs), procsName(procs)))
	}
	// all keeps the null design's results, for what reads them as the
	// harness's zero; no table or figure has a row for it.
	sub := set.Filter(func(c summary.Config) bool { return slices.Contains(designs, c.Design) && c.Procs == procs })
	all := set.Filter(func(c summary.Config) bool { return slices.Contains(designs, c.Design) || c.Design == summary.Null() })
	return selection{set: sub, all: all, designs: designs, procs: procs, notes: notes}, nil
}

func procsName(p string) string {
	if p == "" {
		return "1 (no -N suffix)"
	}
	return p
}

func procsList(ps []string) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = procsName(p)
	}
	return strings.Join(names, ", ")
}

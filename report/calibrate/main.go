// Command calibrate compares two independent benchmark runs of one commit
// (an A/A test) and writes the comparison as Markdown: how far the numbers
// the report leads with move when nothing but the run changes.
//
// Usage:
//
//	go run ./report/calibrate [-o FILE] [-benchstat FILE] [-names A,B] A.txt B.txt
//
// A.txt and B.txt are scripts/bench output (profile calibrate). For each
// ratio the report leads with, each design against its floor and against
// the reference design unbuffered at chunk 64, window 1, it gives both
// runs' median ratio with its 95% interval (benchmath), the drift of B's
// median from A's, whether each run's interval covers the other's median,
// and a Mann-Whitney U test of A's per-run ratios against B's; the share of
// rows that test flags is the A/A false-positive rate (nominal 5%). Each
// of those figures is held against what a calibrated pair of runs shows
// for the actual numbers of runs and rows (see expect.go): the number of
// flagged rows against the binomial distribution of the test's true size,
// the intervals covering the other run's median against their simulated
// coverage. The
// ratios come from BenchmarkRatio when the files have it, and otherwise
// from BenchmarkStream's runs paired by round (round i's design time over
// round i's comparator time; scripts/bench runs both in every round).
//
// For violation rates (BenchmarkOrdering) it gives the share of B's rates
// that fall inside A's 95% intervals, for the rates that can disagree (not
// 0/N in both runs) against what a calibrated pair shows, and the rows
// that are 0/N in both apart. For absolute times (every ns/op) it
// gives the share of configurations a Mann-Whitney test flags, and embeds
// benchstat's own A/A table if -benchstat names a file holding it.
//
// Nothing is written unless both files read cleanly; -o is written to a
// temporary file and renamed into place.
package main

import (
	"bytes"
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/template"

	"chanbench/bench/metric"
	"chanbench/report/outfile"
	"chanbench/report/summary"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintf(os.Stderr, "calibrate: %v\n", err)
		os.Exit(1)
	}
}

// run is the command with its arguments.
func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("calibrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "write the Markdown to `file` (default: standard output)")
	bstat := fs.String("benchstat", "", "`file` holding `go tool benchstat A.txt B.txt` output, to embed")
	names := fs.String("names", "", "`A,B`: the names to show for the two files (default: their paths)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: go run ./report/calibrate [-o FILE] [-benchstat FILE] [-names A,B] A.txt B.txt\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return fmt.Errorf("want two files, run A and run B; got %d", fs.NArg())
	}
	a, err := summary.Read(fs.Arg(0))
	if err != nil {
		return err
	}
	b, err := summary.Read(fs.Arg(1))
	if err != nil {
		return err
	}
	var benchstat string
	if *bstat != "" {
		data, err := os.ReadFile(*bstat)
		if err != nil {
			return fmt.Errorf("read benchstat output: %w", err)
		}
		benchstat = strings.TrimRight(string(data), "\n")
	}
	nameA, nameB := fs.Arg(0), fs.Arg(1)
	if *names != "" {
		var ok bool
		nameA, nameB, ok = strings.Cut(*names, ",")
		if !ok || nameA == "" || nameB == "" || strings.Contains(nameB, ",") {
			return fmt.Errorf("-names %q: want two names, A,B", *names)
		}
	}
	data, err := compare(summary.Registered(), a, b, nameA, nameB, benchstat)
	if err != nil {
		return err
	}
	md, err := render(data)
	if err != nil {
		return err
	}
	if *out == "" {
		_, err := stdout.Write(md)
		return err
	}
	return outfile.WriteFile(*out, md)
}

// Reference point and designs of the ratios the report leads with.
const (
	refChunk  = "64"
	refWindow = "1"
	alpha     = 0.05
)

// Goals of issue 9, on the 2-core machine. The goals on flagged rows and
// covering intervals are derived for each comparison (expect.go).
const (
	goalDrift = 0.05 // each ratio reproduces within ±5%
	goalHalf  = 0.03 // the headline interval is ±3% or tighter
)

// calData is everything CALIBRATION.md shows, formatted.
type calData struct {
	A, B      runInfo
	Alpha     string
	Ratios    []ratioRow
	RatioNote string // where the ratios came from
	Facts     []fact // the ratio figures against the goals
	Rates     []rateRow
	RatesIn   string // of the rates that can disagree: "12 of 14 (86%)"
	RatesGoal string // what a calibrated pair shows for them
	RatesMet  string
	RatesZero string // rows 0/N in both runs: "8 of 22"
	Times     string // "40 of 60 (67%)"
	TimeRows  int
	Benchstat string
}

// runInfo describes one input file.
type runInfo struct {
	Path, Commit, Date, LoadBefore, LoadAfter, Rounds, Profile, Procs string
}

// A ratioRow is one ratio in both runs.
type ratioRow struct {
	Design, Vs, Source, Measure string
	A, B                        string // "1.234× [1.200, 1.270] (n=10)"
	HalfA, HalfB                string // interval half-width, ±%
	Drift                       string // B's median over A's, "+1.2%"
	ACoversB, BCoversA, Differ  string // yes / no / –
	drift, halfA, halfB         float64
	flagged                     bool
	nA, nB                      int // runs
}

// A fact is one computed figure, over the ratio rows of one measure, with
// the goal it is held against.
type fact struct {
	Measure, Name, Value, Goal, Met string
}

// A rateRow is one violation rate in both runs.
type rateRow struct {
	Config, A, B, Inside string
}

// compare computes the calibration of b against a, for the designs of
// reg (summary.Registered(), designs.All(), but where a test gives
// others) in its order.
func compare(reg summary.Registry, a, b *summary.Set, pathA, pathB, benchstat string) (calData, error) {
	procs := a.Procs()[0]
	a = a.Filter(func(c summary.Config) bool { return c.Procs == procs })
	b = b.Filter(func(c summary.Config) bool { return c.Procs == procs })
	d := calData{A: info(a, pathA, procs), B: info(b, pathB, procs), Alpha: strconv.FormatFloat(alpha, 'f', -1, 64), Benchstat: benchstat}

	design := func(c summary.Config) string { return c.Design }
	designs := reg.Order(append(a.Distinct(nil, design), b.Distinct(nil, design)...)) // not Set.Designs: it orders by designs.All()
	sources := map[string]bool{}
	for _, m := range measures() {
		var rows []ratioRow
		for _, ds := range designs {
			for _, vs := range []string{summary.ImplFloor, summary.Baseline()} {
				if vs == ds {
					continue
				}
				ra, srcA := ratios(a, ds, vs, m.unit)
				rb, srcB := ratios(b, ds, vs, m.unit)
				if ra == nil || rb == nil {
					continue
				}
				src := srcA
				if srcA != srcB {
					src = srcA + " / " + srcB
				}
				sources[src] = true
				row := ratioRowOf(ds, vs, src, ra, rb)
				row.Measure = m.name
				rows = append(rows, row)
			}
		}
		if len(rows) > 0 {
			d.Ratios = append(d.Ratios, rows...)
			d.Facts = append(d.Facts, facts(rows, m.name)...)
		}
	}
	if len(d.Ratios) == 0 {
		return calData{}, fmt.Errorf("no ratio at chunk %s, window %s in both %s and %s: they need BenchmarkRatio or BenchmarkStream with impl=workflow and impl=floor (scripts/bench calibrate)",
			refChunk, refWindow, pathA, pathB)
	}
	d.RatioNote = ratioNote(sources)

	inside, total, zero, all := 0, 0, 0, 0
	expect := point()
	for _, c := range b.Configs(func(c summary.Config) bool { return c.Benchmark == summary.Ordering }) {
		rb, okB := b.Count(c, metric.UnitViolations)
		ra, okA := a.Count(c, metric.UnitViolations)
		if !okA || !okB || ra.N == 0 || rb.N == 0 {
			continue
		}
		in := ra.Lo <= rb.P() && rb.P() <= ra.Hi
		all++
		row := rateRow{Config: cell(configName(c)), A: cell(ra.String()), B: cell(rb.String()), Inside: yesNo(in)}
		if ra.X == 0 && rb.X == 0 {
			// 0/N against 0/N: inside by construction, it says
			// nothing of the intervals.
			zero++
			row.Inside = "0/N in both"
		} else {
			total++
			if in {
				inside++
			}
			expect = expect.convolve(bernoulli(rateInside(ra.N, rb.N)))
		}
		d.Rates = append(d.Rates, row)
	}
	d.RatesIn = share(inside, total)
	d.RatesZero = fmt.Sprintf("%d of %d", zero, all)
	if total > 0 {
		least := expect.atLeast(goalLevel)
		d.RatesGoal = fmt.Sprintf("≥ %d of %d (a calibrated pair: %.1f expected, about %s each by the normal approximation; at least %d with probability %s)",
			least, total, expect.mean(), pct(expect.mean()/float64(total)), least, pct(1-expect.cdf(least-1)))
		d.RatesMet = met(inside >= least)
	}

	flagged, rows := 0, 0
	for _, c := range a.Configs(nil) {
		sa, okA := a.Stat(c, metric.UnitNs)
		sb, okB := b.Stat(c, metric.UnitNs)
		if !okA || !okB {
			continue
		}
		rows++
		if sa.Compare(sb).P < alpha {
			flagged++
		}
	}
	d.TimeRows = rows
	d.Times = share(flagged, rows)
	return d, nil
}

// info describes one file from its header.
func info(s *summary.Set, path, procs string) runInfo {
	env := s.Env()
	v := func(k string) string {
		if x := env.Value(k); x != "" {
			return cell(x)
		}
		return "not recorded"
	}
	if procs == "" {
		procs = "1"
	}
	return runInfo{Path: filepath.ToSlash(path), Commit: v("commit"), Date: v("date"), LoadBefore: v("loadavg-before"),
		LoadAfter: v("loadavg-after"), Rounds: v("rounds"), Profile: v("profile"), Procs: procs}
}

// A measure is one way of timing a ratio.
type measure struct {
	unit string // BenchmarkRatio's unit
	name string // as the table shows it
}

// measures are the ratio measures, in display order: the wall clock, which
// the report leads with, then the process's CPU time where measured.
func measures() []measure {
	return []measure{{metric.UnitRatio, "wall clock"}, {metric.UnitCPURatio, "CPU time"}}
}

// ratios returns the per-run ratios of design ds against vs ("floor" or a
// design) at the reference point in unit, and where they came from:
// BenchmarkRatio if the file has it, else, for the wall clock only,
// BenchmarkStream's runs paired by round.
func ratios(s *summary.Set, ds, vs, unit string) ([]float64, string) {
	if c, ok := s.Find(func(c summary.Config) bool {
		return c.Benchmark == summary.Ratio && c.Design == ds && c.Vs == vs && c.Chunk == refChunk && c.Window == refWindow
	}); ok {
		if v := s.Values(c, unit); len(v) > 0 {
			return v, "BenchmarkRatio"
		}
	}
	if unit != metric.UnitRatio {
		return nil, ""
	}
	stream := func(design, impl string) []float64 {
		c, ok := s.Find(func(c summary.Config) bool {
			return c.Benchmark == summary.Stream && c.Design == design && c.Chunk == refChunk && c.Window == refWindow && c.Impl == impl
		})
		if !ok {
			return nil
		}
		return s.Values(c, metric.UnitNs)
	}
	num := stream(ds, summary.ImplWorkflow)
	den := stream(vs, summary.ImplWorkflow)
	if vs == summary.ImplFloor {
		den = stream(ds, summary.ImplFloor)
	}
	n := min(len(num), len(den))
	if n == 0 {
		return nil, ""
	}
	out := make([]float64, n)
	for i := range n {
		out[i] = num[i] / den[i]
	}
	return out, "Stream, paired by round"
}

// ratioRowOf compares the per-run ratios of one row.
func ratioRowOf(ds, vs, src string, ra, rb []float64) ratioRow {
	sa, sb := summary.NewStat(ra), summary.NewStat(rb)
	r := ratioRow{Design: cell(ds), Vs: cell(vs), Source: src, A: sa.RatioString(), B: sb.RatioString(), nA: len(ra), nB: len(rb)}
	r.drift = sb.Center/sa.Center - 1
	r.Drift = signedPct(r.drift)
	r.HalfA, r.halfA = half(sa)
	r.HalfB, r.halfB = half(sb)
	r.ACoversB, r.BCoversA = "–", "–"
	if sa.HasInterval() {
		r.ACoversB = yesNo(sa.Lo <= sb.Center && sb.Center <= sa.Hi)
	}
	if sb.HasInterval() {
		r.BCoversA = yesNo(sb.Lo <= sa.Center && sa.Center <= sb.Hi)
	}
	c := sa.Compare(sb)
	r.flagged = c.P < alpha
	r.Differ = c.FormatDelta(sa.Center, sb.Center) + " (" + c.String() + ")"
	return r
}

// half returns a Stat's interval half-width relative to its median.
func half(st summary.Stat) (string, float64) {
	if !st.HasInterval() || st.Center == 0 {
		return "–", math.NaN()
	}
	h := (st.Hi - st.Lo) / 2 / st.Center
	return "±" + pct(h), h
}

// facts holds the ratio rows of one measure against issue 9's goals, and
// against what a calibrated pair of runs shows for these rows and runs:
// the number of flagged rows against the distribution of a sum of
// Bernoulli trials at the test's true size (binomial when every row has
// the same numbers of runs), and the number of intervals covering the
// other run's median against its simulated distribution.
func facts(rows []ratioRow, measure string) []fact {
	flagged, maxDrift, maxHalf, covered, covers := 0, 0.0, 0.0, 0, 0
	halves := 0
	flagDist, coverage := point(), point()
	sizes := map[[2]int]float64{}
	covering := map[[2]int]dist{}
	for _, r := range rows {
		if r.flagged {
			flagged++
		}
		key := [2]int{r.nA, r.nB}
		if _, ok := sizes[key]; !ok {
			sizes[key] = mwSize(r.nA, r.nB, alpha)
			covering[key] = coverDist(r.nA, r.nB)
		}
		flagDist = flagDist.convolve(bernoulli(sizes[key]))
		coverage = coverage.convolve(covering[key])
		maxDrift = max(maxDrift, math.Abs(r.drift))
		for _, h := range []float64{r.halfA, r.halfB} {
			if !math.IsNaN(h) {
				maxHalf = max(maxHalf, h)
				halves++
			}
		}
		for _, c := range []string{r.ACoversB, r.BCoversA} {
			if c != "–" {
				covers++
				if c == "yes" {
					covered++
				}
			}
		}
	}
	n := len(rows)
	most := flagDist.atMost(goalLevel)
	flagGoal := fmt.Sprintf("≤ %d of %d (a calibrated pair: %.2f expected, the test's true size %s at %s runs; at most %d with probability %s)",
		most, n, flagDist.mean(), pct(flagDist.mean()/float64(n)), runCounts(sizes), most, pct(flagDist.cdf(most)))
	out := []fact{
		{measure, "ratio rows flagged different (Mann-Whitney, α = 0.05)", share(flagged, n), flagGoal, met(flagged <= most)},
		{measure, "largest drift of a ratio's median between the runs", pct(maxDrift), "≤ 5%", met(maxDrift <= goalDrift)},
	}
	if covers > 0 {
		least := coverage.atLeast(goalLevel)
		out = append(out, fact{measure, "intervals covering the other run's median", share(covered, covers),
			fmt.Sprintf("≥ %d of %d (a calibrated pair: %.1f expected, %s each; at least %d with probability %s)",
				least, covers, coverage.mean(), pct(coverage.mean()/float64(covers)), least, pct(1-coverage.cdf(least-1))),
			met(covered >= least)})
	} else {
		out = append(out, fact{measure, "intervals covering the other run's median", "no interval (fewer than 6 runs)", "–", "–"})
	}
	if halves > 0 {
		out = append(out, fact{measure, "largest half-width of a ratio's 95% interval", "±" + pct(maxHalf), "±3% or tighter", met(maxHalf <= goalHalf)})
	} else {
		out = append(out, fact{measure, "largest half-width of a ratio's 95% interval", "no interval (fewer than 6 runs)", "±3% or tighter", "not met"})
	}
	return out
}

// met says whether a goal is met.
func met(ok bool) string {
	if ok {
		return "met"
	}
	return "not met"
}

// runCounts names the numbers of runs of the rows: "10 against 10", or
// several joined with "or".
func runCounts(sizes map[[2]int]float64) string {
	var parts []string
	for k := range sizes {
		parts = append(parts, fmt.Sprintf("%d against %d", k[0], k[1]))
	}
	sort.Strings(parts)
	return strings.Join(parts, " or ")
}

// ratioNote says where the ratios came from, in a fixed order
// ("BenchmarkRatio" sorts before "Stream, paired by round").
func ratioNote(sources map[string]bool) string {
	return strings.Join(slices.Sorted(maps.Keys(sources)), "; ")
}

// configName is a Config as a benchmark name, without its procs.
func configName(c summary.Config) string {
	parts := []string{"Benchmark" + c.Benchmark, "design=" + c.Design}
	for _, kv := range [][2]string{{"window", c.Window}, {"work", c.Work}, {"regime", c.Regime}} {
		if kv[1] != "" {
			parts = append(parts, kv[0]+"="+kv[1])
		}
	}
	return strings.Join(parts, "/")
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// share formats k of n with its percentage.
func share(k, n int) string {
	if n == 0 {
		return "none measured"
	}
	return fmt.Sprintf("%d of %d (%s)", k, n, pct(float64(k)/float64(n)))
}

// pct formats a proportion as a percentage with one decimal: "4.2%".
func pct(p float64) string { return strconv.FormatFloat(100*p, 'f', 1, 64) + "%" }

// signedPct is pct with a sign: "+1.2%", "-0.4%".
func signedPct(p float64) string {
	s := pct(p)
	switch {
	case s == "0.0%" || s == "-0.0%":
		return "0.0%"
	case p > 0:
		return "+" + s
	}
	return s
}

// cell escapes s for a Markdown table cell.
func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

//go:embed calibration.tmpl
var templates embed.FS

// render executes calibration.tmpl over d.
func render(d calData) ([]byte, error) {
	tmpl, err := template.ParseFS(templates, "calibration.tmpl")
	if err != nil {
		return nil, fmt.Errorf("parse calibration.tmpl: %w", err)
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, d); err != nil {
		return nil, fmt.Errorf("render calibration: %w", err)
	}
	return buf.Bytes(), nil
}

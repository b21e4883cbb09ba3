package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"chanbench/bench/metric"
	"chanbench/designs"
	"chanbench/report/plots"
	"chanbench/report/saturation"
	"chanbench/report/summary"
)

// decision is the decision page's table: one row per design, in display
// order, the reference (if any) last and marked as such; no column is
// ranked. What each design is (a reference, what does not apply to it)
// is the report's registry's (options.registry), as in the rest of the
// report.
func (b *dataBuilder) decision() *grid {
	g := newGrid("notes-decision", []string{"design"})
	sat := saturations(b.all, b.designs)
	for _, d := range b.designs {
		row := []string{d}
		if b.opts.registry.IsReference(d) {
			row = []string{d + " (reference, not ranked)"}
		}
		g.set(row, "correct in the runs?", b.correctness(d))
		g.set(row, "Spin model", b.modelCell(d))
		if pct, ok := b.pct[d]; ok {
			g.set(row, pctColumn(), pct)
		}
		cost := notMeasured
		if d == summary.Baseline() {
			cost = "baseline"
		} else if st := statIn(b.all, b.ratio(d, summary.Baseline(), b.procs), metric.UnitRatio); st != nil {
			cost = st.RatioString()
		}
		g.set(row, "× "+summary.Baseline()+" per chunk (paired)", cost)
		shut := notMeasured
		if p50, p99 := b.stat(workflow(d, "error"), metric.UnitShutdownP50), b.stat(workflow(d, "error"), metric.UnitShutdownP99); p50 != nil && p99 != nil {
			shut = fmt.Sprintf("p50 %s, p99 %s", fmtNs(p50.Center), fmtNs(p99.Center))
		}
		g.set(row, "shutdown after an error", shut)
		var load []string
		if i := slices.IndexFunc(b.opts.registry, func(r designs.Design) bool { return r.Name() == d }); i >= 0 {
			if why := designs.NotApplicable(b.opts.registry[i], designs.OfferedLoad); why != "" {
				g.set(row, "saturation under load", "does not apply: "+why)
				continue
			}
		}
		for _, p := range summary.SortProcs(b.all.Distinct(isLoad, func(c summary.Config) string { return c.Procs })) {
			load = append(load, fmt.Sprintf("GOMAXPROCS %d: %s", summary.GOMAXPROCS(p), fmtSaturation(sat[[2]string{d, p}].est)))
		}
		if len(load) > 0 {
			g.set(row, "saturation under load", strings.Join(load, "; "))
		}
	}
	return g
}

// correctness says where design d broke the workflow's rules in
// BenchmarkOrdering, over every regime, window, work and GOMAXPROCS: the
// places it failed, its worst cell, and workflows affected by each kind,
// x of N; or that none of N workflows did.
func (b *dataBuilder) correctness(d string) string {
	configs := b.all.Configs(func(c summary.Config) bool { return c.Benchmark == summary.Ordering && c.Design == d })
	var windows, regimes, procs []string
	var worst summary.Rate
	var worstAt summary.Config
	x, n := 0, 0
	for _, c := range configs {
		r, ok := b.all.Count(c, metric.UnitViolations)
		if !ok {
			continue
		}
		x, n = x+r.X, n+r.N
		if r.X == 0 {
			continue
		}
		for _, v := range []struct {
			to   *[]string
			what string
		}{{&windows, c.Window}, {&regimes, c.Regime}, {&procs, fmt.Sprint(summary.GOMAXPROCS(c.Procs))}} {
			if v.what != "" && !slices.Contains(*v.to, v.what) {
				*v.to = append(*v.to, v.what)
			}
		}
		if r.P() > worst.P() {
			worst, worstAt = r, c
		}
	}
	ps := joinWords(summary.SortNumeric(b.all.Distinct(func(c summary.Config) bool {
		return c.Benchmark == summary.Ordering && c.Design == d
	}, func(c summary.Config) string { return fmt.Sprint(summary.GOMAXPROCS(c.Procs)) })))
	switch {
	case n == 0:
		return notMeasured
	case x == 0:
		return fmt.Sprintf("yes: 0 of %d (GOMAXPROCS %s)", n, ps)
	}
	var kinds []string
	for _, k := range kindTotals(b.all, configs) {
		kinds = append(kinds, fmt.Sprintf("%s in %d", k.kind, k.x))
	}
	at := ""
	if len(windows) > 0 {
		at = "window " + joinWords(summary.SortNumeric(windows)) + " · "
	}
	return fmt.Sprintf("no: %d of %d; fails at %s%s · GOMAXPROCS %s (of %s); worst %s (window %s, work %s, %s); workflows: %s",
		x, n, at, joinWords(plots.OrderRegimes(regimes)), joinWords(procs), ps,
		worst, orAny(worstAt.Window), worstAt.Work, worstAt.Regime, joinWords(kinds))
}

func orAny(s string) string {
	if s == "" {
		return "any"
	}
	return s
}

// saturations is the one use the decision page and the findings make of
// report/load.go: each design's saturation at each GOMAXPROCS of set's
// Load results, keyed by design and GOMAXPROCS, with the estimate that
// counts censored runs (est, saturation.Estimate, which the decision
// page shows and the findings test) and the Stat of the runs' point
// estimates (sat, nil where no run gave one; censored runs left out);
// absent where the design has no Load results there.
func saturations(set *summary.Set, designs []string) map[[2]string]loadDesign {
	out := make(map[[2]string]loadDesign)
	for _, lp := range loadData(set.Filter(isLoad), designs) {
		for _, d := range lp.designs {
			out[[2]string{d.name, lp.procs}] = d
		}
	}
	return out
}

// rules are the claims the report tests, for each design other than the
// baseline and the references: its paired cost, its shutdown latency
// after an error, its violations in each regime, and its saturation at
// each GOMAXPROCS.
func (b *dataBuilder) rules() []rule {
	var rules []rule
	sats := make(map[*summary.Set]map[[2]string]loadDesign)
	satOf := func(set *summary.Set) map[[2]string]loadDesign {
		if _, ok := sats[set]; !ok {
			sats[set] = saturations(set, b.designs)
		}
		return sats[set]
	}
	// The designs shown and the null, whose points the designs' are
	// judged beside (saturation.Sweeps), as in the load section.
	keep := func(set *summary.Set) *summary.Set {
		return set.Filter(func(c summary.Config) bool { return slices.Contains(b.designs, c.Design) || c.Design == summary.Null() })
	}
	loadProcs := summary.SortProcs(b.all.Distinct(isLoad, func(c summary.Config) string { return c.Procs }))
	for _, d := range b.designs {
		if d == summary.Baseline() || b.opts.registry.IsReference(d) {
			continue
		}
		rules = append(rules, rule{design: d, what: fmt.Sprintf("BenchmarkRatio, paired, chunk %s, window %s, GOMAXPROCS %s", b.opts.ref.chunk, b.opts.ref.window, procsName(b.procs)),
			more: "costs more per chunk than", less: "costs less per chunk than", method: "one-sample t test of log ratios", figure: "correctness",
			eval: func(set *summary.Set) test {
				c, ok := set.Find(b.ratio(d, summary.Baseline(), b.procs))
				if !ok || len(set.Values(c, metric.UnitRatio)) < 2 {
					return test{}
				}
				st, _ := set.Stat(c, metric.UnitRatio)
				p, dir := pairedRatio(set.Values(c, metric.UnitRatio))
				return test{ok: true, p: p, dir: dir, figure: st.RatioString()}
			}})
		rules = append(rules, rule{design: d, what: fmt.Sprintf("shutdown p50, BenchmarkWorkflow, GOMAXPROCS %s", procsName(b.procs)),
			more: "shuts down more slowly after an error than", less: "shuts down faster after an error than", method: "Mann-Whitney U", figure: "shutdown",
			eval: func(set *summary.Set) test {
				at := func(d string) func(summary.Config) bool {
					return func(c summary.Config) bool { return workflow(d, "error")(c) && c.Procs == b.procs }
				}
				return compareTest(statIn(set, at(summary.Baseline()), metric.UnitShutdownP50), statIn(set, at(d), metric.UnitShutdownP50), fmtNs)
			}})
		rules = append(rules, rule{design: d, what: "workflows with a violation, BenchmarkOrdering, every regime, window, work and GOMAXPROCS pooled",
			more: "breaks the workflow's rules more often than", less: "breaks the workflow's rules less often than",
			method: "Fisher exact", figure: "violations",
			eval: func(set *summary.Set) test {
				pool := func(d string) (x, n int) {
					for _, c := range set.Configs(func(c summary.Config) bool { return c.Benchmark == summary.Ordering && c.Design == d }) {
						if rt, ok := set.Count(c, metric.UnitViolations); ok {
							x, n = x+rt.X, n+rt.N
						}
					}
					return x, n
				}
				x, n := pool(d)
				bx, bn := pool(summary.Baseline())
				if n == 0 || bn == 0 {
					return test{}
				}
				return test{ok: true, p: fisherExact(x, n, bx, bn), dir: direction(float64(x)/float64(n), float64(bx)/float64(bn)),
					figure: fmt.Sprintf("%d of %d vs %d of %d", x, n, bx, bn)}
			}})
		for _, p := range loadProcs {
			rules = append(rules, rule{design: d, what: fmt.Sprintf("saturation throughput, BenchmarkLoad, GOMAXPROCS %d", summary.GOMAXPROCS(p)),
				more: fmt.Sprintf("saturates later (GOMAXPROCS %d) than", summary.GOMAXPROCS(p)), less: fmt.Sprintf("saturates earlier (GOMAXPROCS %d) than", summary.GOMAXPROCS(p)),
				method: "Mann-Whitney U over every counted run, censored runs at their worst for the claim in each direction (saturation.Versus)", figure: "load-latency",
				eval: func(set *summary.Set) test {
					sat := satOf(keep(set))
					base, est := sat[[2]string{summary.Baseline(), p}].est, sat[[2]string{d, p}].est
					pv, dir, ok := saturation.Versus(base, est)
					if !ok {
						return test{}
					}
					return test{ok: true, p: pv, dir: dir, figure: fmtSaturationMedian(est) + " vs " + fmtSaturationMedian(base), n: base.Runs, m: est.Runs}
				}})
		}
	}
	return rules
}

// compareTest is benchstat's comparison of st against base as a test.
func compareTest(base, st *summary.Stat, format func(float64) string) test {
	if base == nil || st == nil || base.N() < 2 || st.N() < 2 {
		return test{}
	}
	c := base.Compare(*st)
	return test{ok: true, p: c.P, dir: direction(st.Center, base.Center), figure: format(st.Center) + " vs " + format(base.Center), n: base.N(), m: st.N()}
}

// A replication is the pair of runs a claim of the report must hold in
// to be stated, and what to call them.
type replication struct {
	a, b         *summary.Set
	nameA, nameB string // "the reference run", "the replication `x.txt`"
	halves       bool   // a and b are the two halves of the reference's rounds
}

// replication is the pair of runs the report's claims are replicated in:
// the reference (b.all) and the replication file (-replication), or,
// without one, the two halves of the reference run's rounds. It is the one
// home of that choice, for the findings and for the load section's
// sentence on which design saturates first.
func (b *dataBuilder) replication() replication {
	if b.replica != nil {
		return replication{a: b.all, b: b.replica, nameA: "the reference run", nameB: "the replication " + code(filepath.ToSlash(b.opts.replication))}
	}
	first, second := b.all.Halves()
	return replication{a: first, b: second, nameA: "the first half of the reference run's rounds", nameB: "the second half", halves: true}
}

// findings tests the rules in two runs: the reference and the
// replication file, or the two halves of the reference's rounds
// (replication).
func (b *dataBuilder) findings() findingsData {
	r := b.replication()
	fd := findingsData{RunA: r.nameA, RunB: r.nameB, Halves: r.halves}
	fam := findings(b.rules(), r.a, r.b)
	fd.Tested, fd.Floors = fam.tested, fam.floors
	row := func(f finding) findingRow {
		show := func(t test) string {
			if !t.ok {
				return notMeasured
			}
			return fmt.Sprintf("%s, p%s (BH p%s)", t.figure, fmtP(t.p), fmtP(t.adj))
		}
		return findingRow{Claim: f.Claim(), What: f.what, Method: f.method, Figure: f.figure, A: show(f.a), B: show(f.b)}
	}
	for _, f := range fam.held {
		fd.Held = append(fd.Held, row(f))
	}
	for _, f := range fam.failed {
		fd.Failed = append(fd.Failed, row(f))
	}
	for _, f := range fam.alone {
		fd.Alone = append(fd.Alone, f.Claim())
	}
	return fd
}

// sources is every committed result the report cites, with the commit
// each names, and whether it differs from the reference run's.
func (b *dataBuilder) sources() *grid {
	g := newGrid("notes-sources", []string{"result"})
	ref := b.full.Env().Value("commit")
	add := func(path, commit string) {
		if commit == "" {
			commit = "not recorded"
		}
		row := []string{fmt.Sprintf("[%s](%s)", filepath.ToSlash(path), b.link(path))}
		g.set(row, "commit", commit)
		same := "the reference run's"
		if ref == "" {
			same = "the reference run's commit is not recorded"
		} else if commit != ref {
			same = "differs from the reference run's " + orNotRecorded(ref)
		}
		g.set(row, "against the reference", same)
	}
	for _, f := range b.opts.files {
		add(f, ref)
	}
	if b.replica != nil {
		add(b.opts.replication, b.replica.Env().Value("commit"))
	}
	if b.verdicts != nil {
		add(filepath.Join(b.opts.model, "verdicts.tsv"), b.verdicts.Commit)
	}
	for _, path := range []string{b.opts.calibration, b.opts.killmatrix} {
		if body, ok := readOptional(path); ok {
			add(path, commitIn(body))
		}
	}
	return g
}

// commitIn returns the first commit md names ("commit: db3655b",
// "| commit | ed60901 |"), or "".
func commitIn(md string) string {
	if m := regexp.MustCompile(`(?i)\bcommit\b[\s:|]*([0-9a-f]{7,40})\b`).FindStringSubmatch(md); m != nil {
		return m[1]
	}
	return ""
}

// readOptional reads the document at path; false if there is none.
func readOptional(path string) (string, bool) {
	if path == "" {
		return "", false
	}
	data, err := os.ReadFile(path)
	return string(data), err == nil
}

// firstParagraph is the first paragraph of md after its title: how the
// document describes itself, as its summary.
func firstParagraph(md string) string {
	var lines []string
	for line := range strings.Lines(md) {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "#"):
			if len(lines) > 0 {
				return strings.Join(lines, " ")
			}
		case line == "":
			if len(lines) > 0 {
				return strings.Join(lines, " ")
			}
		default:
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, " ")
}

// fmtP formats a p-value with two significant digits; one too small for
// a float64 is "<1e-300".
func fmtP(p float64) string {
	if p < 1e-300 {
		return "<1e-300"
	}
	return "=" + strconv.FormatFloat(p, 'g', 2, 64)
}

// killSummary sums up the kill matrix's raw table at path (a row per
// mutant and evidence layer, with must and result columns): how many
// mutants some layer caught, and how many of the cells their entries
// require were caught. It is "" if there is no such table.
func killSummary(path string) string {
	data, ok := readOptional(path)
	if !ok {
		return ""
	}
	lines := strings.Split(strings.TrimSpace(data), "\n")
	col := make(map[string]int)
	for i, name := range strings.Split(lines[0], "\t") {
		col[name] = i
	}
	caught := make(map[string]bool)
	var mutants []string
	must, mustCaught := 0, 0
	for _, line := range lines[1:] {
		f := strings.Split(line, "\t")
		if len(f) < len(col) {
			continue
		}
		m, hit := f[col["mutant"]], f[col["result"]] == "caught"
		if !slices.Contains(mutants, m) {
			mutants = append(mutants, m)
		}
		caught[m] = caught[m] || hit
		if f[col["must"]] == "true" {
			must++
			if hit {
				mustCaught++
			}
		}
	}
	n := 0
	for _, hit := range caught {
		if hit {
			n++
		}
	}
	return fmt.Sprintf("%d of %d mutant designs, each a plausible bug, caught by at least one evidence layer; %d of the %d cells their entries require caught (raw: %s).",
		n, len(mutants), mustCaught, must, code("killmatrix.tsv"))
}

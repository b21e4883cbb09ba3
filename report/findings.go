package main

import (
	"fmt"
	"sort"
	"strings"

	"chanbench/report/summary"
)

// This file writes the sentences under each figure. Every number in them
// is computed from the input; a finding with no data is left out.

// compared states whether two Stats differ as benchstat would decide it:
// a Mann-Whitney U test from benchmath at α = 0.05.
func compared(a, b summary.Stat) string {
	c := a.Compare(b)
	if c.P < c.Alpha {
		return fmt.Sprintf("(%s)", c)
	}
	return fmt.Sprintf("(not a significant difference at α=%.2g: %s)", c.Alpha, c)
}

// A designStat is one design's Stat at some point.
type designStat struct {
	design string
	st     summary.Stat
}

// statsAt returns, for each design that has one, the Stat of unit at the
// Config point(design) selects, in design order.
func statsAt(set *summary.Set, designs []string, point func(design string) func(summary.Config) bool, unit string) []designStat {
	var out []designStat
	for _, d := range designs {
		if st := stat(set, point(d), unit); st != nil {
			out = append(out, designStat{d, *st})
		}
	}
	return out
}

// extremes returns the designStats with the lowest and highest median.
func extremes(ds []designStat) (lo, hi designStat) {
	sorted := append([]designStat(nil), ds...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].st.Center < sorted[j].st.Center })
	return sorted[0], sorted[len(sorted)-1]
}

// throughputFindings compares the designs' MB/s at the smallest window and
// the largest chunk measured there, and each against its floor.
func throughputFindings(set *summary.Set, designs []string) []string {
	isStream := func(c summary.Config) bool {
		return c.Benchmark == summary.Stream && c.Impl == implWorkflow && c.Window != "" && c.Chunk != "" &&
			hasUnit(set, c, unitMBs)
	}
	configs := set.Configs(isStream)
	if len(configs) == 0 {
		return nil
	}
	window, chunk := configs[0].WindowSize(), 0
	for _, c := range configs {
		window = min(window, c.WindowSize())
	}
	for _, c := range configs {
		if c.WindowSize() == window {
			chunk = max(chunk, c.ChunkBytes())
		}
	}
	point := func(impl string) func(string) func(summary.Config) bool {
		return func(d string) func(summary.Config) bool {
			return func(c summary.Config) bool {
				return c.Benchmark == summary.Stream && c.Design == d && c.Impl == impl &&
					c.WindowSize() == window && c.ChunkBytes() == chunk
			}
		}
	}
	ds := statsAt(set, designs, point(implWorkflow), unitMBs)
	at := fmt.Sprintf("%s chunks and window %d", fmtBytes(chunk), window)
	var out []string
	if len(ds) == 1 {
		out = append(out, fmt.Sprintf("At %s, %s moves %s.", at, ds[0].design, fmtBytesPerSec(ds[0].st.Center)))
	} else {
		lo, hi := extremes(ds)
		out = append(out, fmt.Sprintf("At %s, %s moves the most data (%s), %s as much as %s, which moves the least (%s) %s.",
			at, hi.design, fmtBytesPerSec(hi.st.Center), fmtRatio(hi.st.Center/lo.st.Center), lo.design,
			fmtBytesPerSec(lo.st.Center), compared(hi.st, lo.st)))
	}
	floors := statsAt(set, designs, point(implFloor), unitMBs)
	var parts []string
	for _, f := range floors {
		for _, d := range ds {
			if d.design == f.design && f.st.Center > 0 {
				parts = append(parts, fmt.Sprintf("%s %s", d.design, summary.Percent(d.st.Center/f.st.Center)))
			}
		}
	}
	if len(parts) > 0 {
		out = append(out, fmt.Sprintf("Against its own floor at the same point (ratio of medians), each design reaches: %s.", joinWords(parts)))
	}
	return out
}

func hasUnit(set *summary.Set, c summary.Config, unit string) bool {
	_, ok := set.Stat(c, unit)
	return ok
}

// latencyFindings compares p99 chunk latency at the reference point and
// names the widest tail.
func latencyFindings(set *summary.Set, designs []string, ref reference) []string {
	point := func(d string) func(summary.Config) bool {
		return func(c summary.Config) bool {
			return c.Benchmark == summary.Stream && c.Design == d && c.Chunk == ref.chunk &&
				c.Window == ref.window && c.Impl == implWorkflow
		}
	}
	p99 := statsAt(set, designs, point, unitP99)
	if len(p99) == 0 {
		return nil
	}
	at := fmt.Sprintf("chunk %s B and window %s", ref.chunk, ref.window)
	var out []string
	if len(p99) == 1 {
		out = append(out, fmt.Sprintf("At %s, %s's p99 chunk latency is %s.", at, p99[0].design, fmtStatNs(&p99[0].st)))
	} else {
		lo, hi := extremes(p99)
		out = append(out, fmt.Sprintf("At %s, p99 chunk latency is lowest for %s (%s) and highest for %s (%s, %s) %s.",
			at, lo.design, fmtNs(lo.st.Center), hi.design, fmtNs(hi.st.Center), fmtRatio(hi.st.Center/lo.st.Center), compared(hi.st, lo.st)))
	}
	p50 := statsAt(set, designs, point, unitP50)
	p999 := statsAt(set, designs, point, unitP999)
	best, ratio := "", 0.0
	for _, a := range p50 {
		for _, b := range p999 {
			if a.design == b.design && a.st.Center > 0 && b.st.Center/a.st.Center > ratio {
				best, ratio = a.design, b.st.Center/a.st.Center
			}
		}
	}
	if best != "" {
		out = append(out, fmt.Sprintf("The widest tail is %s's: its p99.9 is %s its p50.", best, fmtRatio(ratio)))
	}
	return out
}

// streamsFindings compares the designs at the most streams measured and
// gives each one's growth from the fewest.
func streamsFindings(set *summary.Set, designs []string) []string {
	configs := set.Configs(func(c summary.Config) bool {
		return c.Benchmark == summary.Streams && c.Impl == implWorkflow && c.StreamCount() > 0 && hasUnit(set, c, unitNs)
	})
	if len(configs) == 0 {
		return nil
	}
	fewest, most := configs[0].StreamCount(), configs[0].StreamCount()
	for _, c := range configs {
		fewest, most = min(fewest, c.StreamCount()), max(most, c.StreamCount())
	}
	point := func(n int) func(string) func(summary.Config) bool {
		return func(d string) func(summary.Config) bool {
			return func(c summary.Config) bool {
				return c.Benchmark == summary.Streams && c.Design == d && c.Impl == implWorkflow && c.StreamCount() == n
			}
		}
	}
	atMost := statsAt(set, designs, point(most), unitNs)
	var out []string
	switch len(atMost) {
	case 0:
	case 1:
		out = append(out, fmt.Sprintf("At %d streams, %s takes %s per chunk.", most, atMost[0].design, fmtStatNs(&atMost[0].st)))
	default:
		lo, hi := extremes(atMost)
		out = append(out, fmt.Sprintf("At %d streams, %s is %s slower per chunk than %s (%s vs %s) %s.",
			most, hi.design, fmtRatio(hi.st.Center/lo.st.Center), lo.design, fmtNs(hi.st.Center), fmtNs(lo.st.Center), compared(hi.st, lo.st)))
	}
	if fewest < most {
		atFewest := statsAt(set, designs, point(fewest), unitNs)
		var parts []string
		for _, a := range atFewest {
			for _, b := range atMost {
				if a.design == b.design && a.st.Center > 0 {
					parts = append(parts, fmt.Sprintf("%s %s", a.design, fmtRatio(b.st.Center/a.st.Center)))
				}
			}
		}
		if len(parts) > 0 {
			out = append(out, fmt.Sprintf("From %d to %d streams the cost per chunk grows by: %s.", fewest, most, joinWords(parts)))
		}
	}
	return out
}

// violationsFindings names the designs that had violations, with their
// worst cell, and bounds the rate of those that had none.
func violationsFindings(set *summary.Set, designs []string) []string {
	var bad, clean []string
	for _, d := range designs {
		configs := set.Configs(func(c summary.Config) bool { return c.Benchmark == summary.Ordering && c.Design == d })
		x, n := 0, 0
		var worst summary.Rate
		var worstAt summary.Config
		for _, c := range configs {
			r, ok := set.Count(c, unitViolations)
			if !ok {
				continue
			}
			x, n = x+r.X, n+r.N
			if r.X > 0 && (worst.N == 0 || r.P() > worst.P()) {
				worst, worstAt = r, c
			}
		}
		switch {
		case n == 0:
		case x == 0:
			clean = append(clean, fmt.Sprintf("%s (%s)", d, summary.NewRate(0, n)))
		default:
			bad = append(bad, fmt.Sprintf("%s in %d of %d workflows, at most %s in regime %s at work %s%s",
				d, x, n, worst, worstAt.Regime, worstAt.Work, kindsNote(set, configs)))
		}
	}
	var out []string
	switch len(bad) {
	case 0:
	case 1:
		out = append(out, fmt.Sprintf("Only one design had violations: %s.", bad[0]))
	default:
		out = append(out, fmt.Sprintf("Designs with violations: %s.", strings.Join(bad, "; ")))
	}
	if len(clean) > 0 {
		out = append(out, fmt.Sprintf("No violation was observed in any regime or at any work for %s; all their runs pooled, the bound is the 95%% Wilson upper limit.",
			strings.Join(clean, "; ")))
	}
	return out
}

// kindsNote lists the violation kinds counted over configs, largest first:
// " (error-lost 12, error-after-end 3)".
func kindsNote(set *summary.Set, configs []summary.Config) string {
	kinds := kindTotals(set, configs)
	if len(kinds) == 0 {
		return ""
	}
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = fmt.Sprintf("%s %d", k.kind, k.x)
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// A kindTotal is the count of one kind of violation.
type kindTotal struct {
	kind string
	x    int
}

// isViolationKind reports whether unit counts one kind of violation, such
// as "error-lost/op": a per-op unit that is not a time, a size, an
// allocation count or the total violations/op.
func isViolationKind(unit string) bool {
	switch {
	case !strings.HasSuffix(unit, "/op"), unit == unitViolations, unit == "allocs/op",
		strings.HasSuffix(unit, "ns/op"), strings.HasSuffix(unit, "B/op"):
		return false
	}
	return true
}

// kindTotals adds up each violation kind (see isViolationKind) over
// configs, largest first, and leaves out kinds that never happened.
func kindTotals(set *summary.Set, configs []summary.Config) []kindTotal {
	totals := make(map[string]int)
	for _, c := range configs {
		for _, u := range set.Units(c) {
			if !isViolationKind(u) {
				continue
			}
			if r, ok := set.Count(c, u); ok && r.X > 0 {
				totals[strings.TrimSuffix(u, "/op")] += r.X
			}
		}
	}
	var out []kindTotal
	for k, x := range totals {
		out = append(out, kindTotal{k, x})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].x != out[j].x {
			return out[i].x > out[j].x
		}
		return out[i].kind < out[j].kind
	})
	return out
}

// shutdownFindings gives the range of median shutdown latency for each
// outcome.
func shutdownFindings(set *summary.Set, designs []string) []string {
	var out []string
	for _, outcome := range []string{"error", "done"} {
		point := func(d string) func(summary.Config) bool {
			return func(c summary.Config) bool {
				return c.Benchmark == summary.Workflow && c.Design == d && c.Outcome == outcome
			}
		}
		ds := statsAt(set, designs, point, unitShutP50)
		switch len(ds) {
		case 0:
		case 1:
			out = append(out, fmt.Sprintf("On %s, %s's p50 shutdown latency is %s.", outcome, ds[0].design, fmtStatNs(&ds[0].st)))
		default:
			lo, hi := extremes(ds)
			out = append(out, fmt.Sprintf("On %s, p50 shutdown latency ranges from %s (%s) to %s (%s, %s) %s.",
				outcome, fmtNs(lo.st.Center), lo.design, fmtNs(hi.st.Center), hi.design,
				fmtRatio(hi.st.Center/lo.st.Center), compared(hi.st, lo.st)))
		}
	}
	return out
}

// correctnessFindings sets the fastest design against the fastest one with
// no violation observed.
func correctnessFindings(rows []summaryRow, ref reference) []string {
	var measured []summaryRow
	for _, r := range rows {
		if r.perChunk != nil && (r.natural != nil || r.forced != nil) {
			measured = append(measured, r)
		}
	}
	if len(measured) == 0 {
		return nil
	}
	sort.SliceStable(measured, func(i, j int) bool { return measured[i].perChunk.Center < measured[j].perChunk.Center })
	clean := func(r summaryRow) bool {
		return (r.natural == nil || r.natural.X == 0) && (r.forced == nil || r.forced.X == 0)
	}
	fastest := measured[0]
	rates := func(r summaryRow) string {
		var parts []string
		if r.natural != nil {
			parts = append(parts, "natural "+r.natural.String())
		}
		if r.forced != nil {
			parts = append(parts, "forced "+r.forced.String())
		}
		return strings.Join(parts, "; ")
	}
	if clean(fastest) {
		return []string{fmt.Sprintf("At chunk %s B and window %s the fastest design is %s (%s per chunk), and it had no violation at work %s (%s): this run shows no speed cost for correctness.",
			ref.chunk, ref.window, fastest.design, fmtNs(fastest.perChunk.Center), ref.work, rates(fastest))}
	}
	out := []string{fmt.Sprintf("At chunk %s B and window %s the fastest design is %s (%s per chunk), with violations at work %s (%s).",
		ref.chunk, ref.window, fastest.design, fmtNs(fastest.perChunk.Center), ref.work, rates(fastest))}
	for _, r := range measured[1:] {
		if clean(r) {
			out = append(out, fmt.Sprintf("The fastest design with none observed is %s, at %s per chunk: correctness costs %s the time %s.",
				r.design, fmtNs(r.perChunk.Center), fmtRatio(r.perChunk.Center/fastest.perChunk.Center), compared(*r.perChunk, *fastest.perChunk)))
			return out
		}
	}
	return append(out, "Every measured design had violations at this point.")
}

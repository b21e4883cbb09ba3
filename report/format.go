package main

import (
	"fmt"
	"strings"

	"chanbench/report/summary"
	"golang.org/x/perf/benchunit"
)

// notMeasured is what a cell shows when the input has no number for it.
const notMeasured = "not measured"

// fmtNs formats a time in nanoseconds with an SI prefix, as benchstat
// does: "812.0ns", "23.46µs".
func fmtNs(ns float64) string {
	return benchunit.Scale(ns*1e-9, benchunit.Decimal) + "s"
}

// fmtStatNs formats a Stat of nanoseconds as its median and interval:
// "812.0ns ± 2%", or "812.0ns (n=3)" when there are too few runs for an
// interval.
func fmtStatNs(st *summary.Stat) string {
	if st == nil {
		return notMeasured
	}
	return fmtNs(st.Center) + spread(st)
}

// fmtStatBytes formats a Stat of MB/s: "5.043GB/s ± 1%".
func fmtStatBytes(st *summary.Stat) string {
	if st == nil {
		return notMeasured
	}
	return fmtBytesPerSec(st.Center) + spread(st)
}

// fmtBytesPerSec formats a median in MB/s with an SI prefix: "5.043GB/s".
func fmtBytesPerSec(mbs float64) string {
	return benchunit.Scale(mbs*1e6, benchunit.Decimal) + "B/s"
}

// spread formats a Stat's interval as benchstat does, relative to the
// median, or the number of runs if there is no interval.
func spread(st *summary.Stat) string {
	if !st.HasInterval() {
		return fmt.Sprintf(" (n=%d)", st.N())
	}
	return " ± " + strings.TrimSpace(st.PctRangeString())
}

// fmtBytes formats a chunk size: "64 B", "4 KiB".
func fmtBytes(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

// cell escapes s for a Markdown table cell.
func cell(s string) string {
	return strings.ReplaceAll(s, "|", `\|`)
}

// code formats s as Markdown inline code, with a fence longer than any run
// of backquotes in s.
func code(s string) string {
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

// joinWords joins items as "a", "a and b", "a, b and c".
func joinWords(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

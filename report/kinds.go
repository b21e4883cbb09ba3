package main

import (
	"sort"
	"strings"

	"chanbench/report/summary"
)

// A kindTotal is the count of one kind of violation.
type kindTotal struct {
	kind string
	x    int
}

// isViolationKind reports whether unit counts one kind of violation, such
// as "error-lost/op": a per-op unit that is not a time, a size, an
// allocation count, the total violations/op, or one of BenchmarkLoad's
// per-run flags (unreliable/op, leaked/op).
func isViolationKind(unit string) bool {
	switch {
	case !strings.HasSuffix(unit, "/op"), unit == unitViolations, unit == "allocs/op",
		unit == unitUnreliable, unit == unitLeaked,
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

package main

import (
	"sort"

	"chanbench/bench/metric"
	"chanbench/report/summary"
)

// A kindTotal is the count of one kind of violation.
type kindTotal struct {
	kind string
	x    int
}

// kindTotals adds up each violation kind (metric.KindUnit) over
// configs, largest first, and leaves out kinds that never happened.
func kindTotals(set *summary.Set, configs []summary.Config) []kindTotal {
	totals := make(map[string]int)
	for _, c := range configs {
		for _, u := range set.Units(c) {
			k, isKind := metric.KindOf(u)
			if r, ok := set.Count(c, u); isKind && ok && r.X > 0 {
				totals[k.String()] += r.X
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

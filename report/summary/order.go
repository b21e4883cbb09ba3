package summary

import (
	"slices"

	"chanbench/designs"
)

// A Registry is the designs a report knows, in their display order, with
// what each is (a contender or a reference). It is designs.All()
// (Registered) but where a caller gives others, as report's throwaway
// test does with a design registered nowhere.
type Registry []designs.Design

// Registered is designs.All(): the one home of the designs and their
// order.
func Registered() Registry { return designs.All() }

// Order returns the designs among names for display: the contenders in
// designs.All() order (the one home of that order), references (see
// IsReference) last. A name not registered in designs.All() is no design
// (see Null) and is left out; so are duplicates.
func Order(names []string) []string { return Registered().Order(names) }

// Order returns the designs among names for display: r's contenders in
// r's order, its references last. A name not in r is left out; so are
// duplicates.
func (r Registry) Order(names []string) []string {
	var out, refs []string
	for _, d := range r {
		switch {
		case !slices.Contains(names, d.Name()):
		case designs.IsReference(d):
			refs = append(refs, d.Name())
		default:
			out = append(out, d.Name())
		}
	}
	return append(out, refs...)
}

// Null is the null design's name (designs.Null, a workflow that does
// nothing). It is not in designs.All(): the report shows its figures
// beside BenchmarkWorkflow's as the harness's zero, never as a design.
func Null() string { return designs.Null{}.Name() }

// Baseline returns the design every other is compared with: the first
// registered design, unbuffered, the spec's plain rendezvous.
func Baseline() string { return designs.All()[0].Name() }

// IsReference reports whether design is a registered reference rather
// than a contender (designs.Reference, such as pull: the cost of the
// workflow's own work with no hand-off between goroutines). A reference
// is shown as a line to read other designs against, never ranked or
// compared in a finding.
func IsReference(design string) bool { return Registered().IsReference(design) }

// IsReference reports whether design is a reference in r (see the
// package function).
func (r Registry) IsReference(design string) bool {
	i := slices.IndexFunc(r, func(d designs.Design) bool { return d.Name() == design })
	return i >= 0 && designs.IsReference(r[i])
}

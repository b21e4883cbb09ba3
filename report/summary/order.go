package summary

import (
	"slices"

	"chanbench/designs"
)

// Order returns the designs among names for display: the contenders in
// designs.All() order (the one home of that order), references (see
// IsReference) last. A name not registered in designs.All() is no design
// (see Null) and is left out; so are duplicates.
func Order(names []string) []string {
	var out, refs []string
	for _, d := range designs.All() {
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
func IsReference(design string) bool {
	d, err := designs.ByName(design)
	return err == nil && designs.IsReference(d)
}

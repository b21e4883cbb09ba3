package summary

import (
	"slices"
	"sort"

	"chanbench/designs"
)

// Order sorts designs for display and returns them: the registered
// contenders first, in designs.All() order (the one home of that order),
// then any other in alphabetical order, references (see IsReference)
// last. Duplicates and "" are dropped.
func Order(names []string) []string {
	var out []string
	for _, d := range names {
		if d != "" && !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		ri, rj := designRank(out[i]), designRank(out[j])
		if ri != rj {
			return ri < rj
		}
		return out[i] < out[j]
	})
	return out
}

// designRank is a design's place in designs.All(); others come after,
// references last.
func designRank(name string) int {
	all := designs.All()
	for i, d := range all {
		if d.Name() == name && !designs.IsReference(d) {
			return i
		}
	}
	if IsReference(name) {
		return len(all) + 1
	}
	return len(all)
}

// IsKnownDesign reports whether design is registered in designs.All().
// Others are shown too, after these.
func IsKnownDesign(design string) bool {
	_, err := designs.ByName(design)
	return err == nil
}

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

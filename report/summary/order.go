package summary

import "sort"

// Order sorts designs for display and returns them: the five designs of
// chanbench's spec first, in the order the spec introduces them
// (unbuffered, explicit, dropsender, router, terminal-routed), then any
// other design in alphabetical order. Duplicates and "" are dropped.
func Order(designs []string) []string {
	seen := make(map[string]bool)
	var out []string
	for _, d := range designs {
		if d != "" && !seen[d] {
			seen[d] = true
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

// designRank gives the spec's designs their place; others come after.
func designRank(design string) int {
	switch design {
	case "unbuffered":
		return 0
	case "explicit":
		return 1
	case "dropsender":
		return 2
	case "router":
		return 3
	case "terminal-routed":
		return 4
	}
	return 5
}

// IsKnownDesign reports whether design is one of the five designs of
// chanbench's spec. Others are shown too, after these.
func IsKnownDesign(design string) bool { return designRank(design) < 5 }

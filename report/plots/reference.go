package plots

import (
	"fmt"
	"slices"
)

// A Reference is a design drawn as a line to read the designs against,
// such as a lower bound of cost, never as a contender: designs.Reference
// says which designs are references and why.
type Reference struct {
	// Name is the design's name in the benchmark results, e.g. "pull".
	Name string
	// What says what the reference stands for, e.g. "no hand-off". A
	// short one is part of the legend's label; a longer one is a note.
	What string
	// NotApplicable says, by benchmark family (summary.Streams,
	// summary.Load, ...), why the reference has no value there.
	NotApplicable map[string]string
}

// maxWhatInLabel is the longest What that goes into a legend label.
const maxWhatInLabel = 24

// label names r in a legend: "NAME (reference, WHAT)", or "NAME
// (reference)" if WHAT is long.
func (r Reference) label() string {
	if r.What == "" || len(r.What) > maxWhatInLabel {
		return r.Name + " (reference)"
	}
	return fmt.Sprintf("%s (reference, %s)", r.Name, r.What)
}

// reference returns the reference called name.
func (o Options) reference(name string) Reference {
	if i := slices.IndexFunc(o.References, func(r Reference) bool { return r.Name == name }); i >= 0 {
		return o.References[i]
	}
	return Reference{Name: name}
}

// refNotes are the notes on the references of a figure of benchmark
// family: what each drawn one stands for if its label could not say, and
// for each without a value, why (or that it has none), rather than leave
// the reader to wonder or invent one.
func (f *Figure) refNotes(opts Options, family string, drawn func(name string) bool) []string {
	var notes []string
	for _, r := range opts.References {
		switch why := r.NotApplicable[family]; {
		case drawn(r.Name) && len(r.What) > maxWhatInLabel:
			notes = append(notes, fmt.Sprintf("Dash-dot line: %s, %s; not a contender.", r.label(), r.What))
		case drawn(r.Name):
		case why != "":
			notes = append(notes, fmt.Sprintf("%s: no value here: %s.", r.label(), why))
		default:
			notes = append(notes, fmt.Sprintf("%s: no value here (this benchmark does not apply to it, or it was not run).", r.label()))
		}
	}
	return notes
}

// refSeries returns the line of reference r through pts: dash-dot, black,
// no glyphs, never among the designs.
func refSeries(r Reference, pts points) series {
	return series{label: r.label(), pts: pts, color: black(), dashes: refDashes(), line: true}
}

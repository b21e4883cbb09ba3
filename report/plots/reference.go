package plots

import (
	"fmt"
	"slices"
)

// reference returns the reference called name.
func (o Options) reference(name string) Reference {
	if i := slices.IndexFunc(o.References, func(r Reference) bool { return r.Name == name }); i >= 0 {
		return o.References[i]
	}
	return Reference{Name: name}
}

// refNotes says, for each reference that has no value in a figure, that
// it has none, rather than leave the reader to wonder or invent one.
func (f *Figure) refNotes(opts Options, drawn func(name string) bool) []string {
	var notes []string
	for _, r := range opts.References {
		if !drawn(r.Name) {
			notes = append(notes, fmt.Sprintf("%s: no value here (this benchmark does not apply to it, or it was not run).", r.label()))
		}
	}
	return notes
}

// refSeries returns the line of reference r through pts: dash-dot, black,
// no glyphs, never among the designs.
func refSeries(r Reference, pts points) series {
	return series{label: r.label(), pts: pts, color: colorAt(6), dashes: refDashes(), line: true}
}

package designs

import (
	"fmt"
	"strings"
)

// A Design is one way to carry the workflow over channels. Wire makes the
// design's channels for one workflow and returns its three event loops,
// which talk over those channels only.
type Design interface {
	// Name is the design's registry name, used in test and benchmark names.
	Name() string
	// Wire makes the channels for w and returns the actors' loops.
	Wire(w *Workflow) Actors
}

// All returns every registered design, in a stable order. A new design is
// one file and one line here.
func All() []Design {
	return []Design{
		Unbuffered{},
		Explicit{},
		DropSender{},
		RouterSerialized{},
		TerminalRouted{},
	}
}

// Flawed is implemented by a design that is known to break the workflow's
// rules in some configurations, such as the archetype bug itself. The
// declaration is what the tests and benchmarks hold the design to: a
// violation of a kind it does not declare for c fails them, and the
// declared ones are counted and reported, never hidden.
type Flawed interface {
	Design
	// KnownFlaws returns the kinds of violation the design may show under
	// c; nil where it is correct.
	KnownFlaws(c Config) []ViolationKind
}

// KnownFlaws returns the kinds of violation d is documented to show under
// c: nil for a design that must always be correct.
func KnownFlaws(d Design, c Config) []ViolationKind {
	if f, ok := d.(Flawed); ok {
		return f.KnownFlaws(c)
	}
	return nil
}

// Correct reports whether d is documented to be correct under c.
func Correct(d Design, c Config) bool { return len(KnownFlaws(d, c)) == 0 }

// ByName returns the registered design called name.
func ByName(name string) (Design, error) {
	var names []string
	for _, d := range All() {
		if d.Name() == name {
			return d, nil
		}
		names = append(names, d.Name())
	}
	return nil, fmt.Errorf("unknown design %q: want one of %s", name, strings.Join(names, ", "))
}

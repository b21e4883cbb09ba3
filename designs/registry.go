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
	}
}

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

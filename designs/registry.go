package designs

import (
	"fmt"
	"strings"
)

// A Design is one way to carry the workflow over channels (or, for Locks
// and Pipe, mutex-guarded queues and pipes). Wire makes the design's
// channels for one workflow and returns its three event loops, which talk
// over those channels only.
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
		Locks{},
		Pipe{},
		Pull{},
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

// A Question is one of the questions the benchmarks and the report ask of
// every design, that a reference may not be able to answer.
type Question string

const (
	// SharedRouter: what happens when many streams share one router and
	// one script (BenchmarkStreams).
	SharedRouter Question = "streams sharing one router"
	// OfferedLoad: how the design holds up when streams arrive at a rate
	// it does not set (BenchmarkLoad).
	OfferedLoad Question = "offered load"
)

// Reference is implemented by a design that is a reference line, not a
// contender: it is run and checked like every design, but tables and plots
// show it beside the designs, never ranked among them, and where one of
// the benchmarks' questions does not apply to it they say so instead of
// giving a number. This declaration is the one home of both facts.
type Reference interface {
	Design
	// Reference says what the design is a reference for.
	Reference() string
	// NotApplicable returns why q does not apply to the design, or ""
	// where it does.
	NotApplicable(q Question) string
}

// IsReference reports whether d is a reference rather than a contender.
func IsReference(d Design) bool {
	_, ok := d.(Reference)
	return ok
}

// NotApplicable returns why question q does not apply to d, or "" when it
// does (always, for a contender).
func NotApplicable(d Design, q Question) string {
	if r, ok := d.(Reference); ok {
		return r.NotApplicable(q)
	}
	return ""
}

// Unmodelled is implemented by a design that the model generator
// (designs/model/gen) refuses to translate, so that it has no Spin
// verdicts and its evidence is the Go layers only. ModelRefusal names the
// construct the generator refuses, as its *gen.Error does: a test holds
// the generator to refusing exactly that, so the declaration cannot drift
// from the code.
type Unmodelled interface {
	Design
	ModelRefusal() string
}

// ModelRefusal returns the construct of d that the model generator
// refuses, or "" for a design it is to translate.
func ModelRefusal(d Design) string {
	if u, ok := d.(Unmodelled); ok {
		return u.ModelRefusal()
	}
	return ""
}

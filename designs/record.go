package designs

import (
	"fmt"
	"time"
)

// EventKind tells what net observed.
type EventKind uint8

const (
	// EventChunk: net received a chunk.
	EventChunk EventKind = iota
	// EventError: net received (and recorded) the source's error.
	EventError
	// EventEnd: net ended the workflow.
	EventEnd
)

// EndReason is why net ended the workflow.
type EndReason uint8

const (
	// EndShutdown: net received an explicit shutdown message.
	EndShutdown EndReason = iota + 1
	// EndClosed: every channel into net was closed.
	EndClosed
	// EndCancelled: net's context was cancelled, by net itself or its caller.
	EndCancelled
)

func (r EndReason) String() string {
	switch r {
	case EndShutdown:
		return "shutdown"
	case EndClosed:
		return "channels closed"
	case EndCancelled:
		return "cancelled"
	}
	return "no end"
}

// Event is one thing net observed, with the time since the workflow began.
// It holds no pointers, so a record of millions of chunks costs the garbage
// collector nothing to scan.
type Event struct {
	Kind EventKind
	// Late marks a message net found in its channels only after it had
	// ended (it looks once, without blocking, when it ends).
	Late bool
	// Intact is true when every byte of the chunk was as the source wrote it.
	Intact bool
	End    EndReason // for EventEnd
	Seq    int64     // for EventChunk
	// Asked is, for EventChunk, when net wanted the chunk: when the window
	// slot its request took freed (net's start for the first Window
	// chunks, else the receipt of the chunk that freed the slot). At−Asked
	// is the chunk's latency, including any wait to hand the request over.
	Asked time.Duration
	At    time.Duration // when net received it
}

// Record is net's own account of one stream.
type Record struct {
	Stream int
	Events []Event
	Errors []error // the errors of the EventError events, in order
	// Stopped is set when the workflow's caller cancelled it (Run's
	// context) before this net ended: the stream may then end at any
	// point, and only what it delivered is judged.
	Stopped bool
}

// BeforeEnd returns the events net recorded before its first end event:
// what it received while the workflow ran (all of them if it never ended).
func (r *Record) BeforeEnd() []Event {
	for i, e := range r.Events {
		if e.Kind == EventEnd {
			return r.Events[:i]
		}
	}
	return r.Events
}

// End returns net's end event, if it ended: the event after BeforeEnd.
func (r *Record) End() (Event, bool) {
	if i := len(r.BeforeEnd()); i < len(r.Events) {
		return r.Events[i], true
	}
	return Event{}, false
}

// String renders an event as a line of a trace.
func (e Event) String() string {
	late := ""
	if e.Late {
		late = " (found after the end)"
	}
	switch e.Kind {
	case EventChunk:
		state := "intact"
		if !e.Intact {
			state = "CORRUPTED"
		}
		if e.Late {
			state = "not read"
		}
		return fmt.Sprintf("%10v net: chunk %d, %s%s", e.At, e.Seq, state, late)
	case EventError:
		return fmt.Sprintf("%10v net: records the source's error%s", e.At, late)
	case EventEnd:
		return fmt.Sprintf("%10v net: ends the workflow (%v)", e.At, e.End)
	}
	return fmt.Sprintf("%10v net: event %d", e.At, e.Kind)
}

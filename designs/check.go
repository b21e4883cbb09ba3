package designs

import (
	"errors"
	"fmt"
	"strings"
)

// ViolationKind names a way a workflow can be wrong.
type ViolationKind uint8

const (
	// ErrorLost: the source failed and net never saw the error.
	ErrorLost ViolationKind = iota + 1
	// ErrorAfterEnd: the source failed and the error reached net only after
	// net had ended the workflow.
	ErrorAfterEnd
	// ChunkLost: a chunk the source produced was not delivered before the end.
	ChunkLost
	// ChunkDuplicated: a chunk was delivered more than once.
	ChunkDuplicated
	// ChunkReordered: a chunk was delivered after a later one.
	ChunkReordered
	// ChunkCorrupted: a chunk's bytes were not what the source wrote, or it
	// is a chunk the source never produced.
	ChunkCorrupted
	// Deadlock: the workflow did not end within its bound.
	Deadlock
	// GoroutineLeak: an actor was still running after the workflow ended.
	GoroutineLeak
	// ErrorWrong: net recorded an error that is not the source's: another
	// error, or one when the source did not fail.
	ErrorWrong
)

// ViolationKinds returns every kind, in a stable order.
func ViolationKinds() []ViolationKind {
	return []ViolationKind{ErrorLost, ErrorAfterEnd, ChunkLost, ChunkDuplicated, ChunkReordered, ChunkCorrupted, Deadlock, GoroutineLeak, ErrorWrong}
}

// String is the kind's name as used in benchmark units: "error-lost", ….
func (k ViolationKind) String() string {
	switch k {
	case ErrorLost:
		return "error-lost"
	case ErrorAfterEnd:
		return "error-after-end"
	case ChunkLost:
		return "chunk-lost"
	case ChunkDuplicated:
		return "chunk-duplicated"
	case ChunkReordered:
		return "chunk-reordered"
	case ChunkCorrupted:
		return "chunk-corrupted"
	case Deadlock:
		return "deadlock"
	case GoroutineLeak:
		return "goroutine-leak"
	case ErrorWrong:
		return "error-wrong"
	}
	return fmt.Sprintf("ViolationKind(%d)", uint8(k))
}

// Violation is one way a workflow went wrong, with the trace of events that
// led to it.
type Violation struct {
	Kind   ViolationKind
	Stream int // -1 for the workflow as a whole
	Detail string
	Trace  []string
}

func (v Violation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v (stream %d): %s", v.Kind, v.Stream, v.Detail)
	for _, line := range v.Trace {
		b.WriteString("\n\t")
		b.WriteString(line)
	}
	return b.String()
}

// Check compares net's record of one stream with the source's truth and
// returns every violation, each with a trace.
//
// The rules: if the source failed, net records its error before it ends.
// Every chunk the source produced is delivered once, in order, intact,
// before the end; when net cancels at chunk k, exactly chunks 0…k-1 are
// delivered and the end is a cancellation.
func Check(c Config, t Truth, r Record) []Violation {
	var vs []Violation
	add := func(kind ViolationKind, upto int, format string, args ...any) {
		vs = append(vs, Violation{Kind: kind, Stream: r.Stream, Detail: fmt.Sprintf(format, args...), Trace: traceOf(r, t, upto)})
	}

	endAt := len(r.Events) // index of the end event
	for i, e := range r.Events {
		if e.Kind == EventEnd {
			endAt = i
			break
		}
	}
	if endAt == len(r.Events) {
		add(Deadlock, len(r.Events), "net never ended the workflow")
		return vs
	}
	end := r.Events[endAt]

	// Error first.
	errorAt, lateErrorAt := -1, -1
	for i, e := range r.Events {
		if e.Kind != EventError {
			continue
		}
		if i < endAt && errorAt < 0 {
			errorAt = i
		} else if i > endAt && lateErrorAt < 0 {
			lateErrorAt = i
		}
	}
	switch {
	case t.Failed() && errorAt < 0 && lateErrorAt >= 0:
		add(ErrorAfterEnd, lateErrorAt+1, "the source failed, and net saw the error only after it had ended (%v)", end.End)
	case t.Failed() && errorAt < 0:
		add(ErrorLost, endAt+1, "the source failed, and net ended (%v) without the error", end.End)
	case t.Failed() && !sameError(r.Errors, t.Err):
		add(ErrorWrong, errorAt+1, "net recorded %q, not the source's error %q", r.Errors[0], t.Err)
	case !t.Failed() && errorAt >= 0:
		add(ErrorWrong, errorAt+1, "net recorded an error %q but the source did not fail", r.Errors[0])
	}

	// Exactly once, in order, intact, before the end.
	want := t.Produced // chunks that must arrive before the end
	if t.Outcome.Kind == Cancel {
		want = t.Outcome.At
	}
	seen := make(bitset, (t.Produced+63)/64)
	next := int64(0) // the chunk expected next
	for i, e := range r.Events[:endAt] {
		if e.Kind != EventChunk {
			continue
		}
		switch {
		case e.Seq < 0 || e.Seq >= int64(t.Produced):
			add(ChunkCorrupted, i+1, "chunk %d was never produced (the source produced %d)", e.Seq, t.Produced)
			continue
		case seen.has(e.Seq):
			add(ChunkDuplicated, i+1, "chunk %d delivered again", e.Seq)
			continue
		case e.Seq < next:
			add(ChunkReordered, i+1, "chunk %d delivered after chunk %d", e.Seq, next-1)
		case !e.Intact:
			add(ChunkCorrupted, i+1, "chunk %d does not hold the bytes the source wrote", e.Seq)
		}
		seen.set(e.Seq)
		next = max(next, e.Seq+1)
	}
	for seq := range int64(want) {
		if !seen.has(seq) {
			add(ChunkLost, endAt+1, "chunk %d was produced but not delivered before the end (%v)", seq, end.End)
			break // one is enough: the trace shows the rest
		}
	}
	return vs
}

// bitset is a set of chunk numbers.
type bitset []uint64

func (b bitset) has(i int64) bool { return b[i/64]&(1<<(i%64)) != 0 }
func (b bitset) set(i int64)      { b[i/64] |= 1 << (i % 64) }

func sameError(got []error, want error) bool {
	if len(got) == 0 {
		return false
	}
	var pe *PanicError
	if errors.As(want, &pe) {
		var gp *PanicError
		return errors.As(got[0], &gp) && gp.Stream == pe.Stream && gp.At == pe.At
	}
	return errors.Is(got[0], want)
}

// traceOf renders the source's outcome and net's first upto events (the
// last ten of them) as readable lines.
func traceOf(r Record, t Truth, upto int) []string {
	upto = min(upto, len(r.Events))
	first := max(0, upto-10)
	lines := make([]string, 0, upto-first+2)
	lines = append(lines, fmt.Sprintf("source: %s", truthLine(t)))
	if first > 0 {
		lines = append(lines, fmt.Sprintf("… %d earlier events", first))
	}
	for _, e := range r.Events[first:upto] {
		lines = append(lines, e.String())
	}
	return lines
}

func truthLine(t Truth) string {
	switch {
	case t.Outcome.Kind == Cancel:
		return fmt.Sprintf("produced %d chunks; net is to cancel after %d", t.Produced, t.Outcome.At)
	case !t.Ended:
		return fmt.Sprintf("produced %d chunks and had not ended", t.Produced)
	case t.Err != nil:
		return fmt.Sprintf("produced %d chunks, then at %v the error %q", t.Produced, t.TerminalAt, t.Err)
	default:
		return fmt.Sprintf("produced %d chunks, then at %v done", t.Produced, t.TerminalAt)
	}
}

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
	// ChunkLost: a chunk the configuration says must arrive was not
	// delivered before the end.
	ChunkLost
	// ChunkDuplicated: a chunk was delivered more than once.
	ChunkDuplicated
	// ChunkReordered: a chunk was delivered after a later one, or after the
	// source's error.
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
	// ErrorDuplicated: net received the source's error more than once.
	ErrorDuplicated
	// EndedEarly: the workflow ended before the source reached the outcome
	// its configuration gives (all chunks then done, k chunks then the
	// error or the panic, k chunks delivered before net cancels), or net
	// ended before the source yielded its outcome.
	EndedEarly
	// EndWrong: net's end does not fit the configured outcome: cancelled
	// when nothing cancelled it, or shut down when it was to cancel, or
	// going on past its cancel point.
	EndWrong
	// AfterEnd: net handled a message, or ended again, after it had ended:
	// anything after the end but the messages it finds in its channels
	// when it ends (recorded as late).
	AfterEnd
	// ActorPanic: an actor's loop panicked (a bug in the design, such as a
	// send on a closed channel). The harness recovers it, with the actor's
	// stack, and winds the workflow down.
	ActorPanic
)

// ViolationKinds returns every kind, in a stable order.
func ViolationKinds() []ViolationKind {
	return []ViolationKind{ErrorLost, ErrorAfterEnd, ChunkLost, ChunkDuplicated, ChunkReordered, ChunkCorrupted, Deadlock, GoroutineLeak, ErrorWrong,
		ErrorDuplicated, EndedEarly, EndWrong, AfterEnd, ActorPanic}
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
	case ErrorDuplicated:
		return "error-duplicated"
	case EndedEarly:
		return "ended-early"
	case EndWrong:
		return "end-wrong"
	case AfterEnd:
		return "after-end"
	case ActorPanic:
		return "actor-panic"
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

// Check judges one stream: net's record r against what the configuration
// c says should have happened, cross-checked with what the source says it
// did (t). It returns every violation, each with a trace, and never panics,
// whatever the record holds.
//
// What c says should have happened, by outcome:
//
//   - done: the source yields all c.Chunks chunks, then done; net receives
//     every one, once, in order, intact, then ends (shut down or closed).
//   - error at k, panic at k: the source yields k chunks, then the error;
//     net receives the k chunks, then the error exactly once, then ends
//     (shut down or closed).
//   - cancel at k: net receives chunks 0…k-1 and cancels; its end is a
//     cancellation, and nothing past chunk k-1 arrives before it.
//
// After its end net looks once into its channels (see Net.End); what it
// finds there is recorded as late. A late chunk the configuration required
// is a lost chunk, a late error is an error after the end, and a late
// chunk net had already received is a duplicate. A workflow its caller
// stopped (r.Stopped) may end at any point and for any reason: only what
// it did deliver is judged.
func Check(c Config, t Truth, r Record) []Violation {
	var vs []Violation
	add := func(kind ViolationKind, upto int, format string, args ...any) {
		vs = append(vs, Violation{Kind: kind, Stream: r.Stream, Detail: fmt.Sprintf(format, args...), Trace: traceOf(r, t, upto)})
	}

	endAt := len(r.BeforeEnd()) // index of the first end event
	if endAt == len(r.Events) {
		add(Deadlock, len(r.Events), "net never ended the workflow")
		return vs
	}
	end := r.Events[endAt]
	oc := c.Outcome
	stopped := r.Stopped

	// Nothing but the late findings after the end.
	for i, e := range r.Events[endAt+1:] {
		if e.Kind == EventEnd || !e.Late {
			add(AfterEnd, endAt+2+i, "net went on after it had ended (%v): %s", end.End, strings.TrimSpace(e.String()))
			break
		}
	}

	// The source against its configuration.
	wantChunks := oc.At // chunks that must arrive before the end
	if oc.Kind == Done {
		wantChunks = c.Chunks
	}
	if !stopped {
		switch oc.Kind {
		case Done, Fail, Panic:
			if !t.Ended || t.Produced != wantChunks || (t.Err != nil) != (oc.Kind != Done) {
				add(EndedEarly, endAt+1, "the configured outcome is %v after %d chunks, but when net ended (%v) the source had %s", oc, wantChunks, end.End, truthLine(t))
			} else if end.At < t.TerminalAt {
				add(EndedEarly, endAt+1, "net ended (%v) at %v, before the source yielded its outcome at %v", end.End, end.At, t.TerminalAt)
			}
		case Cancel:
			if t.Produced < oc.At {
				add(EndedEarly, endAt+1, "net was to cancel after %d chunks, but the source had produced only %d when net ended (%v)", oc.At, t.Produced, end.End)
			}
		}
	}

	// The end against the outcome.
	if !stopped {
		switch {
		case oc.Kind == Cancel && end.End != EndCancelled:
			add(EndWrong, endAt+1, "net was to cancel after %d chunks, but it ended by %v", oc.At, end.End)
		case oc.Kind != Cancel && end.End == EndCancelled:
			add(EndWrong, endAt+1, "the outcome was %v and nothing cancelled the workflow, but net ended cancelled", oc)
		case oc.Kind != Cancel && end.End != EndShutdown && end.End != EndClosed:
			add(EndWrong, endAt+1, "net ended with %v, which is no end for outcome %v", end.End, oc)
		}
	}

	// Error first, exactly once.
	errorAt, lateErrorAt, nerr := -1, -1, 0
	for i, e := range r.Events {
		if e.Kind != EventError {
			continue
		}
		nerr++
		if i < endAt && errorAt < 0 {
			errorAt = i
		} else if i > endAt && lateErrorAt < 0 {
			lateErrorAt = i
		}
	}
	srcFailed := t.Err != nil
	mustFail := (oc.Kind == Fail || oc.Kind == Panic) && !stopped
	switch {
	case mustFail && errorAt < 0 && lateErrorAt >= 0:
		add(ErrorAfterEnd, lateErrorAt+1, "the source failed, and net saw the error only after it had ended (%v)", end.End)
	case mustFail && errorAt < 0:
		add(ErrorLost, endAt+1, "the source failed, and net ended (%v) without the error", end.End)
	case nerr > 0 && !srcFailed:
		add(ErrorWrong, firstOf(errorAt, lateErrorAt)+1, "net recorded an error %q but the source did not fail", errorAt0(r.Errors))
	case nerr > 0 && !sameError(r.Errors, t.Err):
		add(ErrorWrong, firstOf(errorAt, lateErrorAt)+1, "net recorded %q, not the source's error %q", errorAt0(r.Errors), t.Err)
	}
	if nerr > 1 {
		second := -1
		for i, e := range r.Events {
			if e.Kind == EventError && i != firstOf(errorAt, lateErrorAt) {
				second = i
				break
			}
		}
		add(ErrorDuplicated, second+1, "net received the error %d times", nerr)
	}

	// Exactly once, in order, intact, before the end.
	seen := make(bitset, (max(t.Produced, wantChunks, 0)+63)/64)
	next := int64(0)  // the chunk expected next
	last := int64(-1) // the highest chunk delivered before the end
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
		case errorAt >= 0 && i > errorAt:
			add(ChunkReordered, i+1, "chunk %d delivered after the source's error", e.Seq)
		case !e.Intact:
			add(ChunkCorrupted, i+1, "chunk %d does not hold the bytes the source wrote", e.Seq)
		}
		if oc.Kind == Cancel && !stopped && e.Seq >= int64(oc.At) {
			add(EndWrong, i+1, "chunk %d delivered, past the point where net was to cancel (after %d chunks)", e.Seq, oc.At)
		}
		seen.set(e.Seq)
		next = max(next, e.Seq+1)
		last = max(last, e.Seq)
	}
	// Late chunks: a chunk net had already received, or one never
	// produced, is a design's fault whatever the outcome.
	for i, e := range r.Events[endAt+1:] {
		if e.Kind != EventChunk || !e.Late {
			continue
		}
		switch {
		case e.Seq < 0 || e.Seq >= int64(t.Produced):
			add(ChunkCorrupted, endAt+2+i, "chunk %d, found after the end, was never produced (the source produced %d)", e.Seq, t.Produced)
		case seen.has(e.Seq):
			add(ChunkDuplicated, endAt+2+i, "chunk %d, delivered before the end, was found again after it", e.Seq)
		}
	}
	required := int64(wantChunks)
	if stopped {
		required = last + 1 // no gap below the last chunk delivered
	}
	for seq := range required {
		if !seen.has(seq) {
			add(ChunkLost, endAt+1, "chunk %d was produced but not delivered before the end (%v)", seq, end.End)
			break // one is enough: the trace shows the rest
		}
	}
	return vs
}

func firstOf(a, b int) int {
	if a >= 0 {
		return a
	}
	return b
}

func errorAt0(errs []error) any {
	if len(errs) == 0 {
		return "<no error value recorded>"
	}
	return errs[0]
}

// bitset is a set of chunk numbers.
type bitset []uint64

func (b bitset) has(i int64) bool {
	return i >= 0 && i/64 < int64(len(b)) && b[i/64]&(1<<(i%64)) != 0
}

func (b bitset) set(i int64) {
	if i >= 0 && i/64 < int64(len(b)) {
		b[i/64] |= 1 << (i % 64)
	}
}

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
	upto = max(0, min(upto, len(r.Events)))
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

package designs_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"chanbench/designs"
)

// Hand-made records, one per violation kind: a checker that never fires
// fails here.

func chunk(seq int64) designs.Event {
	return designs.Event{Kind: designs.EventChunk, Seq: seq, Intact: true, Asked: time.Duration(seq+1) * time.Microsecond, At: time.Duration(seq+2) * time.Microsecond}
}

var (
	errEv  = designs.Event{Kind: designs.EventError, At: 90 * time.Microsecond}
	lateEr = designs.Event{Kind: designs.EventError, Late: true, At: 110 * time.Microsecond}
	endEv  = designs.Event{Kind: designs.EventEnd, End: designs.EndShutdown, At: 100 * time.Microsecond}
)

func TestCheckFindsEveryKind(t *testing.T) {
	srcErr := &designs.SourceError{Stream: 0, At: 3}
	failed := designs.Truth{Outcome: designs.Outcome{Kind: designs.Fail, At: 3}, Produced: 3, Ended: true, Err: srcErr}
	done := designs.Truth{Outcome: designs.Outcome{Kind: designs.Done}, Produced: 3, Ended: true}
	cancelled := designs.Truth{Outcome: designs.Outcome{Kind: designs.Cancel, At: 2}, Produced: 3}
	corrupt := chunk(1)
	corrupt.Intact = false
	cancelEnd := endEv
	cancelEnd.End = designs.EndCancelled

	cases := []struct {
		name   string
		truth  designs.Truth
		events []designs.Event
		errs   []error
		want   []designs.ViolationKind
	}{
		{"error first", failed, []designs.Event{chunk(0), chunk(1), chunk(2), errEv, endEv}, []error{srcErr}, nil},
		{"done", done, []designs.Event{chunk(0), chunk(1), chunk(2), endEv}, nil, nil},
		{"cancel", cancelled, []designs.Event{chunk(0), chunk(1), cancelEnd}, nil, nil},
		{"error lost", failed, []designs.Event{chunk(0), chunk(1), chunk(2), endEv}, nil, []designs.ViolationKind{designs.ErrorLost}},
		{"error after end", failed, []designs.Event{chunk(0), chunk(1), chunk(2), endEv, lateEr}, []error{srcErr}, []designs.ViolationKind{designs.ErrorAfterEnd}},
		{"wrong error", failed, []designs.Event{chunk(0), chunk(1), chunk(2), errEv, endEv}, []error{errors.New("other")}, []designs.ViolationKind{designs.ErrorWrong}},
		{"error without failure", done, []designs.Event{chunk(0), chunk(1), chunk(2), errEv, endEv}, []error{srcErr}, []designs.ViolationKind{designs.ErrorWrong}},
		{"chunk lost", done, []designs.Event{chunk(0), chunk(2), endEv}, nil, []designs.ViolationKind{designs.ChunkLost}},
		{"chunk lost at the end", done, []designs.Event{chunk(0), chunk(1), endEv, {Kind: designs.EventChunk, Seq: 2, Late: true}}, nil, []designs.ViolationKind{designs.ChunkLost}},
		{"chunk lost before cancel", cancelled, []designs.Event{chunk(0), cancelEnd}, nil, []designs.ViolationKind{designs.ChunkLost}},
		{"chunk duplicated", done, []designs.Event{chunk(0), chunk(1), chunk(1), chunk(2), endEv}, nil, []designs.ViolationKind{designs.ChunkDuplicated}},
		{"chunk reordered", done, []designs.Event{chunk(0), chunk(2), chunk(1), endEv}, nil, []designs.ViolationKind{designs.ChunkReordered}},
		{"chunk corrupted", done, []designs.Event{chunk(0), corrupt, chunk(2), endEv}, nil, []designs.ViolationKind{designs.ChunkCorrupted}},
		{"chunk never produced", done, []designs.Event{chunk(0), chunk(1), chunk(2), chunk(3), endEv}, nil, []designs.ViolationKind{designs.ChunkCorrupted}},
		{"no end", done, []designs.Event{chunk(0), chunk(1)}, nil, []designs.ViolationKind{designs.Deadlock}},
		{"error lost and chunk lost", failed, []designs.Event{chunk(0), endEv}, nil, []designs.ViolationKind{designs.ErrorLost, designs.ChunkLost}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			vs := designs.Check(designs.DefaultConfig(), tc.truth, designs.Record{Events: tc.events, Errors: tc.errs})
			var got []designs.ViolationKind
			for _, v := range vs {
				got = append(got, v.Kind)
				assert.NotEmpty(t, v.Trace, "a violation must carry its trace")
				assert.Contains(t, v.Trace[0], "source:")
			}
			assert.Equal(t, tc.want, got, "%v", vs)
		})
	}
}

// TestViolationTraceReads: the trace says what the source did and what net
// saw, in order, in words.
func TestViolationTraceReads(t *testing.T) {
	srcErr := &designs.SourceError{Stream: 0, At: 1}
	truth := designs.Truth{Outcome: designs.Outcome{Kind: designs.Fail, At: 1}, Produced: 1, Ended: true, Err: srcErr, TerminalAt: 50 * time.Microsecond}
	vs := designs.Check(designs.DefaultConfig(), truth, designs.Record{Events: []designs.Event{chunk(0), endEv, lateEr}, Errors: []error{srcErr}})
	require.Len(t, vs, 1)
	got := vs[0].String()
	for _, want := range []string{
		"error-after-end (stream 0)",
		`source: produced 1 chunks, then at 50µs the error "source of stream 0 failed after 1 chunks"`,
		"net: chunk 0, intact",
		"net: ends the workflow (shutdown)",
		"net: records the source's error (found after the end)",
	} {
		assert.Contains(t, got, want)
	}
}

// TestPanicErrorMatches: a panic counts as the source's error only when it is
// the same panic (stream and chunk).
func TestPanicErrorMatches(t *testing.T) {
	pe := &designs.PanicError{Stream: 0, At: 2, Value: "boom"}
	truth := designs.Truth{Outcome: designs.Outcome{Kind: designs.Panic, At: 2}, Produced: 2, Ended: true, Err: pe}
	events := []designs.Event{chunk(0), chunk(1), errEv, endEv}
	assert.Empty(t, designs.Check(designs.DefaultConfig(), truth, designs.Record{Events: events, Errors: []error{&designs.PanicError{Stream: 0, At: 2, Value: "boom"}}}))
	vs := designs.Check(designs.DefaultConfig(), truth, designs.Record{Events: events, Errors: []error{&designs.PanicError{Stream: 0, At: 1}}})
	require.Len(t, vs, 1)
	assert.Equal(t, designs.ErrorWrong, vs[0].Kind)
}

func TestKindNames(t *testing.T) {
	var names []string
	for _, k := range designs.ViolationKinds() {
		names = append(names, k.String())
	}
	assert.Equal(t, []string{"error-lost", "error-after-end", "chunk-lost", "chunk-duplicated", "chunk-reordered", "chunk-corrupted", "deadlock", "goroutine-leak", "error-wrong"}, names)
}

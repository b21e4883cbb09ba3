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

// cfgFor is the configuration a truth was made under: 3 chunks (4 when
// cancelling), the truth's outcome.
func cfgFor(t designs.Truth) designs.Config {
	c := designs.DefaultConfig()
	c.Chunks, c.Outcome = 3, t.Outcome
	if t.Outcome.Kind == designs.Cancel {
		c.Chunks = 4
	}
	return c
}

func TestCheckFindsEveryKind(t *testing.T) {
	srcErr := &designs.SourceError{Stream: 0, At: 3}
	failed := designs.Truth{Outcome: designs.Outcome{Kind: designs.Fail, At: 3}, Produced: 3, Ended: true, Err: srcErr, TerminalAt: 50 * time.Microsecond}
	done := designs.Truth{Outcome: designs.Outcome{Kind: designs.Done}, Produced: 3, Ended: true, TerminalAt: 50 * time.Microsecond}
	cancelled := designs.Truth{Outcome: designs.Outcome{Kind: designs.Cancel, At: 2}, Produced: 3}
	// The source stopped short of its configured outcome: 1 of 3 chunks,
	// never reaching the error or done.
	failedShort := designs.Truth{Outcome: failed.Outcome, Produced: 1}
	doneShort := designs.Truth{Outcome: done.Outcome, Produced: 1}
	corrupt := chunk(1)
	corrupt.Intact = false
	cancelEnd := endEv
	cancelEnd.End = designs.EndCancelled
	closedEnd := endEv
	closedEnd.End = designs.EndClosed
	earlyEnd := endEv
	earlyEnd.At = 10 * time.Microsecond // before the source's outcome at 50µs
	lateChunk := func(seq int64) designs.Event {
		return designs.Event{Kind: designs.EventChunk, Seq: seq, Late: true, At: 120 * time.Microsecond}
	}
	type kinds = []designs.ViolationKind

	cases := []struct {
		name   string
		truth  designs.Truth
		events []designs.Event
		errs   []error
		want   kinds
	}{
		{"error first", failed, []designs.Event{chunk(0), chunk(1), chunk(2), errEv, endEv}, []error{srcErr}, nil},
		{"error first, channels closed", failed, []designs.Event{chunk(0), chunk(1), chunk(2), errEv, closedEnd}, []error{srcErr}, nil},
		{"done", done, []designs.Event{chunk(0), chunk(1), chunk(2), endEv}, nil, nil},
		{"cancel", cancelled, []designs.Event{chunk(0), chunk(1), cancelEnd}, nil, nil},
		{"cancel, a chunk in flight found late", cancelled, []designs.Event{chunk(0), chunk(1), cancelEnd, lateChunk(2)}, nil, nil},
		{"error lost", failed, []designs.Event{chunk(0), chunk(1), chunk(2), endEv}, nil, kinds{designs.ErrorLost}},
		{"error after end", failed, []designs.Event{chunk(0), chunk(1), chunk(2), endEv, lateEr}, []error{srcErr}, kinds{designs.ErrorAfterEnd}},
		{"wrong error", failed, []designs.Event{chunk(0), chunk(1), chunk(2), errEv, endEv}, []error{errors.New("other")}, kinds{designs.ErrorWrong}},
		{"error without failure", done, []designs.Event{chunk(0), chunk(1), chunk(2), errEv, endEv}, []error{srcErr}, kinds{designs.ErrorWrong}},
		{"error twice", failed, []designs.Event{chunk(0), chunk(1), chunk(2), errEv, errEv, endEv}, []error{srcErr, srcErr}, kinds{designs.ErrorDuplicated}},
		{"error again after the end", failed, []designs.Event{chunk(0), chunk(1), chunk(2), errEv, endEv, lateEr}, []error{srcErr, srcErr}, kinds{designs.ErrorDuplicated}},
		{"error before the last chunk", failed, []designs.Event{chunk(0), chunk(1), errEv, chunk(2), endEv}, []error{srcErr}, kinds{designs.ChunkReordered}},
		{"chunk lost", done, []designs.Event{chunk(0), chunk(2), endEv}, nil, kinds{designs.ChunkLost}},
		{"chunk lost at the end", done, []designs.Event{chunk(0), chunk(1), endEv, lateChunk(2)}, nil, kinds{designs.ChunkLost}},
		{"chunk lost before cancel", cancelled, []designs.Event{chunk(0), cancelEnd}, nil, kinds{designs.ChunkLost}},
		{"chunk duplicated", done, []designs.Event{chunk(0), chunk(1), chunk(1), chunk(2), endEv}, nil, kinds{designs.ChunkDuplicated}},
		{"chunk duplicated after the end", done, []designs.Event{chunk(0), chunk(1), chunk(2), endEv, lateChunk(1)}, nil, kinds{designs.ChunkDuplicated}},
		{"chunk reordered", done, []designs.Event{chunk(0), chunk(2), chunk(1), endEv}, nil, kinds{designs.ChunkReordered}},
		{"chunk corrupted", done, []designs.Event{chunk(0), corrupt, chunk(2), endEv}, nil, kinds{designs.ChunkCorrupted}},
		{"chunk never produced", done, []designs.Event{chunk(0), chunk(1), chunk(2), chunk(3), endEv}, nil, kinds{designs.ChunkCorrupted}},
		{"no end", done, []designs.Event{chunk(0), chunk(1)}, nil, kinds{designs.Deadlock}},
		{"error lost and chunk lost", failed, []designs.Event{chunk(0), endEv}, nil, kinds{designs.ErrorLost, designs.ChunkLost}},
		// Judged against the configuration, not the source's own account.
		{"error never produced: ended after 1 of 3 chunks", failedShort, []designs.Event{chunk(0), endEv}, nil, kinds{designs.EndedEarly, designs.ErrorLost, designs.ChunkLost}},
		{"done after 1 of 3 chunks", doneShort, []designs.Event{chunk(0), endEv}, nil, kinds{designs.EndedEarly, designs.ChunkLost}},
		{"net ended before the source's outcome", done, []designs.Event{chunk(0), chunk(1), chunk(2), earlyEnd}, nil, kinds{designs.EndedEarly}},
		{"cancel at 2, 3 delivered, shut down", cancelled, []designs.Event{chunk(0), chunk(1), chunk(2), endEv}, nil, kinds{designs.EndWrong, designs.EndWrong}},
		{"cancel at 2 but net shut down at 1", cancelled, []designs.Event{chunk(0), endEv}, nil, kinds{designs.EndWrong, designs.ChunkLost}},
		{"done, but net ended cancelled", done, []designs.Event{chunk(0), chunk(1), chunk(2), cancelEnd}, nil, kinds{designs.EndWrong}},
		{"net handled a chunk after its end", done, []designs.Event{chunk(0), chunk(1), chunk(2), endEv, chunk(2)}, nil, kinds{designs.AfterEnd}},
		{"net ended twice", done, []designs.Event{chunk(0), chunk(1), chunk(2), endEv, endEv}, nil, kinds{designs.AfterEnd}},
		{"cancelled when the source had produced too little", designs.Truth{Outcome: cancelled.Outcome, Produced: 1}, []designs.Event{chunk(0), cancelEnd}, nil, kinds{designs.EndedEarly, designs.ChunkLost}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			vs := designs.Check(cfgFor(tc.truth), tc.truth, designs.Record{Events: tc.events, Errors: tc.errs})
			var got kinds
			for _, v := range vs {
				got = append(got, v.Kind)
				assert.NotEmpty(t, v.Trace, "a violation must carry its trace")
				assert.Contains(t, v.Trace[0], "source:")
			}
			assert.Equal(t, tc.want, got, "%v", vs)
		})
	}
}

// TestCheckStoppedByCaller: a workflow its caller cancelled may end
// anywhere, but what it delivered is still judged, and Check never panics,
// even when the caller cancelled before anything was produced.
func TestCheckStoppedByCaller(t *testing.T) {
	cfg := designs.DefaultConfig()
	cfg.Chunks, cfg.Outcome = 8, designs.Outcome{Kind: designs.Cancel, At: 4}
	truth := designs.Truth{Outcome: cfg.Outcome}
	cancelEnd := endEv
	cancelEnd.End = designs.EndCancelled
	stopped := func(events ...designs.Event) designs.Record { return designs.Record{Events: events, Stopped: true} }
	assert.Empty(t, designs.Check(cfg, truth, stopped(cancelEnd)), "stopped before anything was produced")
	truth.Produced = 2
	assert.Empty(t, designs.Check(cfg, truth, stopped(chunk(0), chunk(1), cancelEnd)), "stopped after 2 chunks")
	vs := designs.Check(cfg, truth, stopped(chunk(1), cancelEnd))
	require.Len(t, vs, 1)
	assert.Equal(t, designs.ChunkLost, vs[0].Kind, "a gap below the last chunk delivered is still a loss")
	// The same records without the caller's stop are violations.
	vs = designs.Check(cfg, truth, designs.Record{Events: []designs.Event{cancelEnd}})
	require.NotEmpty(t, vs)
	assert.Equal(t, designs.EndedEarly, vs[0].Kind)
}

// TestViolationTraceReads: the trace says what the source did and what net
// saw, in order, in words.
func TestViolationTraceReads(t *testing.T) {
	srcErr := &designs.SourceError{Stream: 0, At: 1}
	truth := designs.Truth{Outcome: designs.Outcome{Kind: designs.Fail, At: 1}, Produced: 1, Ended: true, Err: srcErr, TerminalAt: 50 * time.Microsecond}
	cfg := designs.DefaultConfig()
	cfg.Chunks, cfg.Outcome = 1, truth.Outcome
	vs := designs.Check(cfg, truth, designs.Record{Events: []designs.Event{chunk(0), endEv, lateEr}, Errors: []error{srcErr}})
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
	cfg := designs.DefaultConfig()
	cfg.Outcome = truth.Outcome
	assert.Empty(t, designs.Check(cfg, truth, designs.Record{Events: events, Errors: []error{&designs.PanicError{Stream: 0, At: 2, Value: "boom"}}}))
	vs := designs.Check(cfg, truth, designs.Record{Events: events, Errors: []error{&designs.PanicError{Stream: 0, At: 1}}})
	require.Len(t, vs, 1)
	assert.Equal(t, designs.ErrorWrong, vs[0].Kind)
}

func TestKindNames(t *testing.T) {
	var names []string
	for _, k := range designs.ViolationKinds() {
		names = append(names, k.String())
	}
	assert.Equal(t, []string{"error-lost", "error-after-end", "chunk-lost", "chunk-duplicated", "chunk-reordered", "chunk-corrupted", "deadlock", "goroutine-leak", "error-wrong",
		"error-duplicated", "ended-early", "end-wrong", "after-end", "actor-panic"}, names)
}

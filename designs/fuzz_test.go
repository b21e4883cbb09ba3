package designs_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"chanbench/designs"
)

// FuzzCheck feeds designs.Check arbitrary configurations, source truths and
// net records, decoded from the fuzzer's bytes, and requires that it never
// panics, that it is deterministic, and that every violation it returns is
// well formed: a known kind, the record's stream, a detail and a trace that
// starts with the source's account. A record with no end is exactly one
// deadlock, whatever else it holds.
//
// The seed corpus in testdata/fuzz/FuzzCheck holds the record that used to
// crash Check (a cancel outcome whose source produced nothing, the caller
// having cancelled first) and inputs the fuzzer found interesting.
func FuzzCheck(f *testing.F) {
	// outcome kind, at, chunks, produced, ended, error kind, stopped, events
	f.Add(uint8(designs.Cancel), uint8(4), uint8(8), uint8(0), false, uint8(0), false, []byte{2, 0, 3})
	f.Add(uint8(designs.Fail), uint8(3), uint8(3), uint8(3), true, uint8(1), false, []byte{0, 0, 1, 0, 1, 1, 0, 2, 1, 1, 0, 0, 2, 0, 1})
	f.Add(uint8(designs.Done), uint8(0), uint8(3), uint8(1), true, uint8(0), false, []byte{0, 0, 1, 2, 0, 1, 0, 1, 5})
	f.Fuzz(func(t *testing.T, kind, at, chunks, produced uint8, ended bool, errKind uint8, stopped bool, events []byte) {
		cfg := designs.DefaultConfig()
		cfg.Chunks = int(chunks)
		cfg.Outcome = designs.Outcome{Kind: designs.OutcomeKind(kind % 5), At: int(int8(at))}
		srcErr := &designs.SourceError{Stream: 0, At: int(at)}
		truth := designs.Truth{Outcome: cfg.Outcome, Produced: int(int8(produced)), Ended: ended, TerminalAt: time.Duration(at) * time.Microsecond}
		switch errKind % 4 {
		case 1:
			truth.Err = srcErr
		case 2:
			truth.Err = &designs.PanicError{Stream: 0, At: int(at), Value: "boom"}
		case 3:
			truth.Err = errors.New("something else")
		}
		rec := designs.Record{Stream: int(errKind) % 3, Stopped: stopped}
		ends := 0
		for i := 0; i+2 < len(events); i += 3 {
			e := designs.Event{
				Kind:   designs.EventKind(events[i] % 4),
				Seq:    int64(int8(events[i+1])),
				Late:   events[i+2]&1 != 0,
				Intact: events[i+2]&2 != 0,
				End:    designs.EndReason(events[i+2] >> 2 % 5),
				At:     time.Duration(events[i+2]) * time.Microsecond,
			}
			rec.Events = append(rec.Events, e)
			switch e.Kind {
			case designs.EventError:
				// Not always: a record may hold fewer error values than
				// error events.
				if events[i+1]%3 != 0 {
					rec.Errors = append(rec.Errors, truth.Err)
				}
			case designs.EventEnd:
				ends++
			}
		}
		vs := designs.Check(cfg, truth, rec)
		again := designs.Check(cfg, truth, rec)
		if len(vs) != len(again) {
			t.Fatalf("Check is not deterministic: %d then %d violations", len(vs), len(again))
		}
		known := map[designs.ViolationKind]bool{}
		for _, k := range designs.ViolationKinds() {
			known[k] = true
		}
		for i, v := range vs {
			if !known[v.Kind] || v.Stream != rec.Stream || v.Detail == "" || len(v.Trace) == 0 || !strings.HasPrefix(v.Trace[0], "source: ") {
				t.Fatalf("malformed violation: %#v", v)
			}
			if v.String() != again[i].String() {
				t.Fatalf("Check is not deterministic: %v then %v", v, again[i])
			}
		}
		if ends == 0 && (len(vs) != 1 || vs[0].Kind != designs.Deadlock) {
			t.Fatalf("a record with no end must be one deadlock, got %v", vs)
		}
	})
}

package designs

import (
	"runtime"
	"strings"
)

// perturbation returns the function net calls before each receive under the
// workflow's regime, or nil for the natural scheduler, so that the natural
// per-chunk path pays one nil check.
func (w *Workflow) perturbation() func() {
	switch w.cfg.Regime {
	case Yield:
		return runtime.Gosched
	case Forced:
		if w.cfg.Quiesce != nil {
			return w.cfg.Quiesce
		}
		var buf []byte
		return func() { buf = quiesce(buf) }
	}
	return nil
}

// quiesce returns once every other actor goroutine in the process is
// blocked on a channel operation (or is itself waiting in quiesce). Then
// every message that can reach the caller without its help has been sent.
//
// It reads the state of every goroutine from one runtime.Stack snapshot,
// which stops the world, so the snapshot is consistent: a goroutine that a
// send has woken shows as runnable, not as blocked. Actor goroutines are the
// ones running runActor. buf is reused between calls.
func quiesce(buf []byte) []byte {
	if buf == nil {
		buf = make([]byte, 64<<10)
	}
	for {
		n := runtime.Stack(buf, true)
		if n == len(buf) {
			buf = make([]byte, 2*len(buf))
			continue
		}
		if othersBlocked(string(buf[:n])) {
			return buf
		}
		runtime.Gosched()
	}
}

// Markers in a runtime.Stack dump.
const (
	actorFrame   = "chanbench/designs.runActor("
	quiesceFrame = "chanbench/designs.quiesce("
)

// othersBlocked reports whether, in a runtime.Stack dump of every goroutine
// (the caller's first), every other actor goroutine is blocked on a channel.
func othersBlocked(dump string) bool {
	goroutines := strings.Split(dump, "\n\n")
	for _, g := range goroutines[1:] {
		if !strings.Contains(g, actorFrame) || strings.Contains(g, quiesceFrame) {
			continue
		}
		header, _, _ := strings.Cut(g, "\n")
		// "goroutine 7 [chan receive]:", "[select, 2 minutes]:", …
		if !strings.Contains(header, "[chan receive") && !strings.Contains(header, "[chan send") && !strings.Contains(header, "[select") {
			return false
		}
	}
	return true
}

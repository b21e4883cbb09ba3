package designs_test

import (
	"sync"

	"chanbench/designs"
)

// ifWait is Locks with every stream's inbox under one mutex and one
// condition, woken by Broadcast on every put (correct so far), and net's
// wait guarded by `if` instead of `for`:
//
//	net[s]: lock; if inbox[s] empty { cond.Wait() }; take inbox[s][0]
//	script: lock; append to inbox[t]; unlock; cond.Broadcast()
//
// A Broadcast for stream t wakes the net of stream s too, and with `if`
// it does not look again: it takes from an empty inbox. With one stream
// every wake-up is for the one net, and `if` happens to be enough.
//
// Breaks: it ends (the net takes from an empty slice and panics: an
// ActorPanic, after which the other nets are cancelled). Caught with more
// than one stream by the natural, yield and race layers; clean with one.
// The forced regime cannot catch it, by its nature: net waits before each
// take until script has put everything it can, so a net only waits when
// nothing more is coming, and no put wakes it for another stream.
type ifWait struct{}

func (ifWait) Name() string { return "if-wait" }

// KnownFlaws: with several streams, net's panic and the wind-down after it.
func (ifWait) KnownFlaws(c designs.Config) []designs.ViolationKind {
	if c.Streams == 1 {
		return nil
	}
	return []designs.ViolationKind{designs.ActorPanic, designs.EndWrong, designs.EndedEarly, designs.ChunkLost, designs.ErrorLost}
}

func (ifWait) Wire(w *designs.Workflow) designs.Actors {
	return lockedActors(newReqQueue(), newReqQueue(), newSharedInboxes(w.Config().Streams),
		func(b *sharedInboxes, s int) (designs.Msg, bool) {
			b.mu.Lock()
			defer b.mu.Unlock()
			if len(b.q[s]) == 0 && !b.closed[s] { // the bug: if, not for
				b.cond.Wait()
			}
			if b.closed[s] {
				return designs.Msg{}, false
			}
			m := b.q[s][0]
			b.q[s] = b.q[s][1:]
			return m, true
		},
		(*sync.Cond).Broadcast)
}

func ifWaitMutant() mutant {
	return mutant{
		design:    ifWait{},
		breaks:    "it ends: a wait guarded by if, not for, wakes for another stream's message and takes from an empty inbox",
		signature: []designs.ViolationKind{designs.ActorPanic},
		catch:     cfg(streams(8)),
		also:      []designs.Config{cfg(streams(4), window(4), failAt(5))},
		must:      []layer{natural, yield, raceSked},
		clean:     []designs.Config{cfg(), cfg(window(4)), cfg(failAt(5)), cfg(cancelAt(4))},
	}
}

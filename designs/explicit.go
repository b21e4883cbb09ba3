package designs

// Explicit is the archetype bug: the article's original topology (see
// wireShutdownMessage) with buffered channels of capacity Config.Capacity
// and an explicit shutdown message.
//
// Script enqueues the error for net, then tells the router to stop, and the
// router enqueues a shutdown for net. Two goroutines send two messages on
// two channels, and nothing orders them. When both are waiting, net's
// select picks one uniformly at random: half the time the shutdown wins and
// the error is lost (with a window above 1, buffered chunks are lost too).
// Whether both are waiting depends on whether net is busy when they arrive,
// so the bug is intermittent.
type Explicit struct{}

// Name is "explicit".
func (Explicit) Name() string { return "explicit" }

// ChunkPath: direct, buffered, net also on ctrl (the shutdown).
func (Explicit) ChunkPath(c Config) ChunkPath {
	return ChunkPath{Capacity: c.Capacity, NetCtrl: true}
}

// KnownFlaws: with buffered channels, the error lost or seen after the
// end; above window 1, chunks still in data behind the shutdown are lost
// too (whatever the outcome), and a net that was to cancel at chunk k can
// be shut down before it gets there, if it can have asked for the source's
// done before that (shutdownBeforeCancel). At window 1 a source that ends
// with done loses nothing: net asks for the done only once it has the last
// chunk, so data is empty when the shutdown comes. With capacity 0 (every
// channel a rendezvous, as the model checks it) the design is Unbuffered:
// the send of the error completes before script sends the stop.
//
// The model checker proves each clause where its grid reaches
// (designs/model.Expected derives its expected verdicts from this method).
func (Explicit) KnownFlaws(c Config) []ViolationKind {
	if c.Capacity == 0 {
		return nil
	}
	var ks []ViolationKind
	if c.Outcome.Kind == Fail || c.Outcome.Kind == Panic {
		ks = append(ks, ErrorLost, ErrorAfterEnd)
	}
	if (c.Outcome.Kind != Cancel && c.Window > 1) || shutdownBeforeCancel(c) {
		ks = append(ks, ChunkLost, EndWrong)
	}
	return ks
}

// shutdownBeforeCancel reports whether, with c's outcome Cancel, the
// source's done (and so a shutdown) can reach net before net cancels: net
// cancels as it handles chunk At, when it has received At-1 chunks and
// asked for at most At-1+Window; script reads done in answer to request
// Chunks+1.
func shutdownBeforeCancel(c Config) bool {
	return c.Outcome.Kind == Cancel && c.Outcome.At-1+c.Window >= c.Chunks+1
}

// Wire makes the buffered channels and the three loops.
func (Explicit) Wire(w *Workflow) Actors { return wireShutdownMessage(w, w.cfg.Capacity) }

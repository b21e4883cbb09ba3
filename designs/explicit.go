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

// KnownFlaws: the error lost or seen after the end; above window 1, chunks
// still in data behind the shutdown are lost too, and a net that was to
// cancel at chunk k can be shut down before it gets there.
func (Explicit) KnownFlaws(c Config) []ViolationKind {
	if c.Window > 1 {
		return []ViolationKind{ErrorLost, ErrorAfterEnd, ChunkLost, EndWrong}
	}
	return []ViolationKind{ErrorLost, ErrorAfterEnd}
}

// Wire makes the buffered channels and the three loops.
func (Explicit) Wire(w *Workflow) Actors { return wireShutdownMessage(w, w.cfg.Capacity) }

package designs

// Request is net's pull: "send me the next chunk of this stream". It goes
// from net to the router, and from the router to script.
type Request struct {
	Stream int32
}

// MsgKind tells what a Msg carries.
type MsgKind uint8

const (
	// MsgChunk carries chunk Seq in Data.
	MsgChunk MsgKind = iota
	// MsgError carries the source's error in Err.
	MsgError
	// MsgDone says the source has no more chunks.
	MsgDone
	// MsgShutdown tells net to end the workflow.
	MsgShutdown
)

func (k MsgKind) String() string {
	switch k {
	case MsgChunk:
		return "chunk"
	case MsgError:
		return "error"
	case MsgDone:
		return "done"
	case MsgShutdown:
		return "shutdown"
	}
	return "MsgKind(?)"
}

// Msg is what travels towards net: an outcome of the source, or a shutdown.
// It is passed by value; Data is a buffer owned by the source that net may
// read until it asks for the chunk that reuses it (see Source).
type Msg struct {
	Kind   MsgKind
	Stream int32
	Seq    int64
	Data   []byte
	Err    error
}

// Terminal reports whether m ends the source: done or error.
func (m Msg) Terminal() bool { return m.Kind == MsgDone || m.Kind == MsgError }

package designs

import "fmt"

// ChunkPath is the route a chunk takes through a design while chunks flow,
// as its channels see it: which hops it crosses, their capacity, and the
// idle channel net selects on beside it. It is declarative, written in the
// design's file next to its Wire, and it is all package bench needs to
// build the design's floor: the same hops, capacities and select cases,
// with the same payload work and no workflow logic.
//
// Every design shares the pull path, net ──req──▶ router ──read──▶ script,
// and answers each request with one chunk, either straight to net or back
// through the router:
//
//	direct (ViaRouter false), 3 hops:
//	  net ──req──▶ router ──read──▶ script ──data[s]──▶ net
//	routed (ViaRouter true), 4 hops, the router handling both directions:
//	  net ──req──▶ router ──read──▶ script ──result──▶ router ──out[s]──▶ net
//
// In the direct shape the router's select also has a channel from script
// that is idle while chunks flow (the stop, or the terminal outcome); in
// the routed shape that channel (result) is on the path itself.
//
// A design that hands chunks on by other means than channels says so in
// HandOff (the zero value is channels); its floor then has the same
// hand-offs by those means (bench/floor_alt.go):
//
//	ByLock:      net ─req→ router ─read→ script ─data→ net, each hop a
//	             queue guarded by a sync.Mutex and signalled by a sync.Cond
//	ByPipe:      net ─req→ router ─read→ script on channels (ViaRouter,
//	             NetCtrl and Capacity as above), then script ─io.Pipe→ net
//	ByCoroutine: no hop: net pulls each chunk from the source through
//	             iter.Pull2, with no router and no script at work
type ChunkPath struct {
	// HandOff is how a chunk passes from one goroutine to the next.
	HandOff HandOff
	// ViaRouter is true when script hands each chunk back to the router,
	// which sends it on to net; false when script sends it straight to
	// net.
	ViaRouter bool
	// Capacity is the capacity of every channel on the path; 0 is a
	// rendezvous.
	Capacity int
	// NetCtrl is true when net's select also has a second channel of its
	// own stream (a shutdown channel, or a sender that is closed at the
	// end), idle while chunks flow.
	NetCtrl bool
}

// HandOff is how a design hands a chunk from one goroutine to the next.
type HandOff uint8

const (
	// ByChannel: every hop is a channel.
	ByChannel HandOff = iota
	// ByLock: every hop is a queue guarded by a sync.Mutex and signalled
	// by a sync.Cond; no channel.
	ByLock
	// ByPipe: requests on channels, each chunk through an io.Pipe per
	// stream.
	ByPipe
	// ByCoroutine: net pulls from the source through iter.Pull2, on no
	// other goroutine.
	ByCoroutine
)

// String draws the path on one line, for example
// "net ─req→ router ─read→ script ─data→ net, net also on ctrl, capacity 16".
func (p ChunkPath) String() string {
	switch p.HandOff {
	case ByLock:
		return "net ─req→ router ─read→ script ─data→ net, each a locked queue with a sync.Cond"
	case ByPipe:
		return fmt.Sprintf("net ─req→ router ─read→ script (capacity %d) ─io.Pipe→ net", p.Capacity)
	case ByCoroutine:
		return "net ─iter.Pull2→ source, no hand-off"
	}
	s := "net ─req→ router ─read→ script ─data→ net"
	if p.ViaRouter {
		s = "net ─req→ router ─read→ script ─result→ router ─out→ net"
	}
	if p.NetCtrl {
		s += ", net also on ctrl"
	}
	return fmt.Sprintf("%s, capacity %d", s, p.Capacity)
}

// Pathed is implemented by a design that declares its chunk path, and so
// has a floor in package bench. Every registered design should: a design
// without one runs and is checked, but its floor benchmarks are skipped and
// package bench's tests fail, saying what to add.
type Pathed interface {
	Design
	// ChunkPath returns the path a chunk takes under c (its capacity may
	// depend on c.Capacity).
	ChunkPath(c Config) ChunkPath
}

// ChunkPathOf returns the chunk path d declares for c, and false if d
// declares none.
func ChunkPathOf(d Design, c Config) (ChunkPath, bool) {
	if p, ok := d.(Pathed); ok {
		return p.ChunkPath(c), true
	}
	return ChunkPath{}, false
}

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
type ChunkPath struct {
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

// String draws the path on one line, for example
// "net ─req→ router ─read→ script ─data→ net, net also on ctrl, capacity 16".
func (p ChunkPath) String() string {
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

// Pathless is implemented by a design whose chunks take no channel path
// (a design with only locks, an io.Pipe, a coroutine): it says why, in one
// place, so that the test that holds every ChunkPath to its Wire skips it
// with that reason instead of failing, and so that package bench knows it
// has no channel floor.
type Pathless interface {
	Design
	// NoChunkPath says why the design has no channel path.
	NoChunkPath() string
}

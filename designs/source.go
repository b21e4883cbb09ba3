package designs

import (
	"encoding/binary"
	"fmt"
	"time"
)

// SourceError is the error a source yields for an error outcome.
type SourceError struct {
	Stream int
	At     int // chunks yielded before the error
}

func (e *SourceError) Error() string {
	return fmt.Sprintf("source of stream %d failed after %d chunks", e.Stream, e.At)
}

// PanicError is the error net receives when the source panicked: bad user
// code becomes an error, never a crashed process.
type PanicError struct {
	Stream int
	At     int // chunks yielded before the panic
	Value  any // what the source panicked with
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("source of stream %d panicked after %d chunks: %v", e.Stream, e.At, e.Value)
}

// Source is the user code behind one stream: deterministic, seeded chunks
// whose bytes derive from (seed, stream, seq), then the configured outcome.
//
// Chunks are written into a ring of Window buffers, and chunk k reuses the
// buffer of chunk k-Window. That is exactly as early as the pull protocol
// allows: net checks a chunk's bytes as soon as it receives it, before it
// asks for another, and keeps at most Window requests outstanding, so when
// script reads chunk k (answering request k), net has received and checked
// chunk k-Window. A design that breaks the protocol by a single step
// overwrites a chunk net has not read yet, and net's byte check reports it
// as corrupted (the race detector reports it too). The Spin models check
// the same bound.
//
// A Source is owned by the script goroutine; Truth may be read once the
// workflow has ended.
type Source struct {
	stream  int
	seed    uint64
	chunks  int
	outcome Outcome
	ring    [][]byte
	err     error      // preallocated for Fail, so the read path does not allocate
	start   *time.Time // the workflow's start, set when it runs

	truth Truth
}

func newSource(stream int, c Config, start *time.Time) *Source {
	s := &Source{stream: stream, seed: c.Seed, chunks: c.Chunks, outcome: c.Outcome, start: start}
	s.ring = make([][]byte, c.Window)
	for i := range s.ring {
		s.ring[i] = make([]byte, c.ChunkSize)
	}
	if c.Outcome.Kind == Fail {
		s.err = &SourceError{Stream: stream, At: c.Outcome.At}
	}
	s.truth = Truth{Stream: stream, Outcome: c.Outcome}
	return s
}

// Read yields the stream's next outcome as a message: a chunk, done or an
// error. ok is false once the source has ended: a read after the end is
// ignored. A panic in the source comes back as a *PanicError.
func (s *Source) Read() (m Msg, ok bool) {
	if s.truth.Ended {
		return Msg{}, false
	}
	defer func() {
		if v := recover(); v != nil {
			m, ok = s.end(Msg{Kind: MsgError, Err: &PanicError{Stream: s.stream, At: s.truth.Produced, Value: v}}), true
		}
	}()
	return s.read(), true
}

// read is the "user code": it fills the next buffer or ends the stream.
func (s *Source) read() Msg {
	n := s.truth.Produced
	switch {
	case s.outcome.Kind == Fail && n == s.outcome.At:
		return s.end(Msg{Kind: MsgError, Err: s.err})
	case s.outcome.Kind == Panic && n == s.outcome.At:
		panic(fmt.Sprintf("user code failed reading chunk %d", n))
	case n == s.chunks:
		return s.end(Msg{Kind: MsgDone})
	}
	buf := s.ring[n%len(s.ring)]
	fill(buf, s.seed, s.stream, int64(n))
	s.truth.Produced++
	return Msg{Kind: MsgChunk, Stream: int32(s.stream), Seq: int64(n), Data: buf}
}

func (s *Source) end(m Msg) Msg {
	m.Stream = int32(s.stream)
	s.truth.Ended = true
	s.truth.Err = m.Err
	s.truth.TerminalAt = time.Since(*s.start)
	return m
}

// Truth is what the source actually did, to check net's Record against.
type Truth struct {
	Stream     int
	Outcome    Outcome       // the configured outcome
	Produced   int           // chunks yielded
	Ended      bool          // the source yielded done or an error
	Err        error         // the error it yielded, if any
	TerminalAt time.Duration // when it yielded done or the error, since the workflow began
}

// Failed reports whether the source yielded an error that net must record.
func (t Truth) Failed() bool { return t.Ended && t.Err != nil }

// fill writes the contents of chunk seq of stream into buf: word i (of 8
// bytes, little-endian) is key ^ i·φ, with key drawn from (seed, stream,
// seq). Every word depends on the chunk's identity and its position, so a
// chunk overwritten by another, shifted or torn is caught, and the words
// are independent of each other, so filling and checking run at memory
// speed rather than at the speed of a generator's dependency chain.
func fill(buf []byte, seed uint64, stream int, seq int64) {
	key := chunkKey(seed, stream, seq)
	i := 0
	for ; i+8 <= len(buf); i += 8 {
		binary.LittleEndian.PutUint64(buf[i:i+8], word(key, i))
	}
	if i < len(buf) {
		var tail [8]byte
		binary.LittleEndian.PutUint64(tail[:], word(key, i))
		copy(buf[i:], tail[:])
	}
}

// intact reports whether buf holds exactly the contents of chunk seq.
func intact(buf []byte, size int, seed uint64, stream int, seq int64) bool {
	if len(buf) != size {
		return false
	}
	key := chunkKey(seed, stream, seq)
	i := 0
	for ; i+8 <= len(buf); i += 8 {
		if binary.LittleEndian.Uint64(buf[i:i+8]) != word(key, i) {
			return false
		}
	}
	if i < len(buf) {
		var tail [8]byte
		binary.LittleEndian.PutUint64(tail[:], word(key, i))
		for j := range len(buf) - i {
			if buf[i+j] != tail[j] {
				return false
			}
		}
	}
	return true
}

// FillChunk writes into buf the contents of chunk seq of stream under
// seed, exactly as the source does (see fill): for a floor or a test that
// must do the source's payload work.
func FillChunk(buf []byte, seed uint64, stream int, seq int64) { fill(buf, seed, stream, seq) }

// ChunkIntact reports whether buf is size bytes long and holds exactly the
// contents of chunk seq of stream under seed: net's check of every chunk.
func ChunkIntact(buf []byte, size int, seed uint64, stream int, seq int64) bool {
	return intact(buf, size, seed, stream, seq)
}

// word is the content of the 8 bytes at offset i of a chunk with key.
func word(key uint64, i int) uint64 { return key ^ uint64(i)*0x9e3779b97f4a7c15 }

// chunkKey mixes (seed, stream, seq) into a 64-bit key (splitmix64's
// finaliser).
func chunkKey(seed uint64, stream int, seq int64) uint64 {
	z := seed + uint64(stream)*0x9e3779b97f4a7c15 + uint64(seq)*0xbf58476d1ce4e5b9
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

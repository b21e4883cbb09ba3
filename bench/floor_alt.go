package bench

import (
	"fmt"
	"io"
	"iter"
	"sync"

	"chanbench/designs"
)

// runAlt is Run for a path whose hand-offs are not channels
// (designs.ChunkPath.HandOff: locks, a pipe, a coroutine): the same
// goroutines handing each chunk on by the same means as the design, with
// the same payload work (script fills, net checks every byte and the
// sequence, asks for the next at once, then spins for Work), and no
// workflow logic.
//
//	ByLock:      net, router and script each take from an inbox guarded by
//	             a sync.Mutex and signalled by a sync.Cond, and put into the
//	             next one's; the router's and script's inboxes are closed
//	             after the last net, as the design's quit does.
//	ByPipe:      the direct path's request channels and router, then script
//	             writes each chunk to the stream's io.Pipe and net reads it
//	             with io.ReadFull into its own buffer (one copy, as in the
//	             design).
//	ByCoroutine: each net pulls from its own source through iter.Pull2; the
//	             router and script only wait for quit.
func (f Floor) runAlt(cfg designs.Config, start, ended func()) (int, error) {
	streams := cfg.Streams
	src := newFloorSource(cfg)
	nets := make([]altNet, streams)
	for s := range nets {
		nets[s] = altNet{cfg: cfg, stream: int32(s)}
	}
	var run func(quit chan struct{}, netsDone, others *sync.WaitGroup)
	switch f.Path.HandOff {
	case designs.ByLock:
		run = lockFloor(cfg, src, nets)
	case designs.ByPipe:
		run = pipeFloor(cfg, f.Path.Capacity, src, nets)
	case designs.ByCoroutine:
		run = coroutineFloor(src, nets)
	default:
		return 0, fmt.Errorf("floor %v: unknown hand-off %d", f.Path, f.Path.HandOff)
	}
	if start != nil {
		start()
	}
	quit := make(chan struct{})
	var netsDone, others sync.WaitGroup
	run(quit, &netsDone, &others)
	netsDone.Wait()
	if ended != nil {
		ended()
	}
	return teardown(f, nets, quit, &others)
}

// altNet is one stream's net on a path without channels into net: its
// window counter and what it received.
type altNet struct {
	cfg    designs.Config
	stream int32

	outstanding, asked, received int
	err                          error // the first chunk out of order or corrupted
}

func (n *altNet) mayPull() bool { return n.outstanding < n.cfg.Window && n.asked < n.cfg.Chunks }
func (n *altNet) pulled()       { n.outstanding++; n.asked++ }

// tally is what net received and its first error (see tallied).
func (n *altNet) tally() (int, error) { return n.received, n.err }

// got does net's work on chunk seq, as floorNet.got does: check it, count
// it, ask for the next one at once (ask, when not nil, reports whether it
// could without waiting), then work.
func (n *altNet) got(data []byte, seq int64, ask func() bool) {
	if n.err == nil && !(designs.ChunkIntact(data, n.cfg.ChunkSize, n.cfg.Seed, int(n.stream), seq) && seq == int64(n.received)) {
		n.err = fmt.Errorf("stream %d: chunk %d received as chunk %d, intact %t",
			n.stream, seq, n.received, designs.ChunkIntact(data, n.cfg.ChunkSize, n.cfg.Seed, int(n.stream), seq))
	}
	n.outstanding--
	n.received++
	if ask != nil && n.mayPull() && ask() {
		n.pulled()
	}
	if n.cfg.Work > 0 {
		spin(n.cfg.Work)
	}
}

// lockFloor wires the locks design's hand-offs: three kinds of inbox.
func lockFloor(cfg designs.Config, src *floorSource, nets []altNet) func(chan struct{}, *sync.WaitGroup, *sync.WaitGroup) {
	router := newLockedQueue[designs.Request](cfg.Streams * cfg.Window)
	script := newLockedQueue[designs.Request](cfg.Streams * cfg.Window)
	inboxes := make([]*lockedQueue[designs.Msg], cfg.Streams)
	for s := range inboxes {
		inboxes[s] = newLockedQueue[designs.Msg](cfg.Window + 2)
	}
	return func(quit chan struct{}, netsDone, others *sync.WaitGroup) {
		for s := range nets {
			n, in := &nets[s], inboxes[s]
			netsDone.Go(func() {
				r := designs.Request{Stream: n.stream}
				ask := func() bool { router.put(r); return true }
				for n.received < n.cfg.Chunks {
					for n.mayPull() {
						ask()
						n.pulled()
					}
					m, _ := in.take()
					n.got(m.Data, m.Seq, ask)
				}
			})
		}
		others.Go(func() { <-quit; router.close() })
		others.Go(func() { <-quit; script.close() })
		others.Go(func() {
			for {
				x, ok := router.take()
				if !ok {
					return
				}
				script.put(x)
			}
		})
		others.Go(func() {
			for {
				x, ok := script.take()
				if !ok {
					return
				}
				inboxes[x.Stream].put(src.read(x.Stream))
			}
		})
	}
}

// pipeFloor wires the pipe design's hand-offs: requests on channels
// through the router, chunks through a pipe per stream.
func pipeFloor(cfg designs.Config, c int, src *floorSource, nets []altNet) func(chan struct{}, *sync.WaitGroup, *sync.WaitGroup) {
	q := newRing(cfg.Streams * cfg.Window)
	readers := make([]*io.PipeReader, cfg.Streams)
	writers := make([]*io.PipeWriter, cfg.Streams)
	bufs := make([][]byte, cfg.Streams)
	done := make([]chan struct{}, cfg.Streams) // net's Done, closed when it has all its chunks
	for s := range readers {
		readers[s], writers[s] = io.Pipe()
		bufs[s] = make([]byte, cfg.ChunkSize)
		done[s] = make(chan struct{})
	}
	return func(quit chan struct{}, netsDone, others *sync.WaitGroup) {
		req := make(chan designs.Request, c)
		read := make(chan designs.Request, c)
		stop := make(chan int32, c) // idle, as the direct router's
		for s := range nets {
			n, pr, buf := &nets[s], readers[s], bufs[s]
			netsDone.Go(func() {
				defer close(done[s])
				defer pr.Close() // as the design's AfterDone: ends a Write to it
				r := designs.Request{Stream: n.stream}
				ask := func() bool {
					select {
					case req <- r:
						return true
					default:
						return false
					}
				}
				for seq := int64(0); n.received < n.cfg.Chunks; seq++ {
					for n.mayPull() {
						select {
						case req <- r:
							n.pulled()
						case <-done[s]:
							return
						}
					}
					if _, err := io.ReadFull(pr, buf); err != nil {
						n.err = fmt.Errorf("stream %d: read chunk %d: %w", n.stream, seq, err)
						return
					}
					n.got(buf, seq, ask)
				}
			})
		}
		others.Go(func() { directRouter(q, req, read, stop, quit) })
		others.Go(func() {
			for {
				select {
				case x := <-read:
					writers[x.Stream].Write(src.read(x.Stream).Data)
				case <-quit:
					return
				}
			}
		})
	}
}

// coroutineFloor wires the pull design: each net pulls from its own
// source through iter.Pull2; the router and script wait for quit.
func coroutineFloor(src *floorSource, nets []altNet) func(chan struct{}, *sync.WaitGroup, *sync.WaitGroup) {
	return func(quit chan struct{}, netsDone, others *sync.WaitGroup) {
		for s := range nets {
			n := &nets[s]
			netsDone.Go(func() {
				next, stop := iter.Pull2(floorChunks(src, n.stream, n.cfg.Chunks))
				defer stop()
				for n.received < n.cfg.Chunks {
					n.pulled()
					seq, data, ok := next()
					if !ok {
						n.err = fmt.Errorf("stream %d: the source ended after %d chunks", n.stream, n.received)
						return
					}
					n.got(data, seq, nil)
				}
			})
		}
		others.Go(func() { <-quit })
		others.Go(func() { <-quit })
	}
}

// floorChunks yields chunks chunks of stream from src, with their
// sequence numbers.
func floorChunks(src *floorSource, stream int32, chunks int) iter.Seq2[int64, []byte] {
	return func(yield func(int64, []byte) bool) {
		for range chunks {
			m := src.read(stream)
			if !yield(m.Seq, m.Data) {
				return
			}
		}
	}
}

// lockedQueue is the locks design's inbox: a fixed FIFO guarded by a
// mutex, its one waiter signalled through a sync.Cond.
type lockedQueue[T any] struct {
	mu      sync.Mutex
	cond    sync.Cond
	buf     []T
	head, n int
	closed  bool
}

func newLockedQueue[T any](size int) *lockedQueue[T] {
	q := &lockedQueue[T]{buf: make([]T, size)}
	q.cond.L = &q.mu
	return q
}

func (q *lockedQueue[T]) put(x T) {
	q.mu.Lock()
	q.buf[(q.head+q.n)%len(q.buf)] = x
	q.n++
	q.mu.Unlock()
	q.cond.Signal()
}

func (q *lockedQueue[T]) take() (x T, ok bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.n == 0 && !q.closed {
		q.cond.Wait()
	}
	if q.closed {
		return x, false
	}
	x = q.buf[q.head]
	q.head = (q.head + 1) % len(q.buf)
	q.n--
	return x, true
}

func (q *lockedQueue[T]) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

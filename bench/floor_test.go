package bench

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"chanbench/designs"
)

// TestEveryDesignDeclaresAFloor holds every registered design to declaring
// its chunk path, so that it has a floor beside it in every benchmark.
func TestEveryDesignDeclaresAFloor(t *testing.T) {
	for _, d := range designs.All() {
		t.Run(d.Name(), func(t *testing.T) {
			_, err := FloorOf(d, designs.DefaultConfig())
			require.NoError(t, err, "a new design needs, in its own file, a method "+
				"`func (%T) ChunkPath(c designs.Config) designs.ChunkPath` that says how a chunk travels "+
				"(see designs.ChunkPath), so that package bench can build its floor", d)
		})
	}
}

// pathless is a design that declares no chunk path.
type pathless struct{}

func (pathless) Name() string                            { return "pathless" }
func (pathless) Wire(w *designs.Workflow) designs.Actors { return designs.Actors{} }

func TestFloorOfADesignWithoutAPath(t *testing.T) {
	_, err := FloorOf(pathless{}, designs.DefaultConfig())
	require.Error(t, err)
	assert.ErrorContains(t, err, `design "pathless" has no floor`)
	assert.ErrorContains(t, err, "ChunkPath(designs.Config) designs.ChunkPath")
}

// TestFloorMovesEveryChunk runs the floor of every registered design, with
// its declared capacity and with rendezvous channels, at window 1 and 16,
// with one stream and several: each run must return, call ended once, and
// move exactly the chunks asked, every one checked intact and in order.
func TestFloorMovesEveryChunk(t *testing.T) {
	const chunks = 200
	for _, d := range designs.All() {
		for _, window := range []int{1, 16} {
			cfg := designs.DefaultConfig()
			cfg.Window, cfg.Chunks, cfg.ChunkSize = window, chunks, 100 // not a multiple of 8: the tail is checked too
			f, err := FloorOf(d, cfg)
			require.NoError(t, err)
			for _, capacity := range []int{f.Path.Capacity, 0} {
				for _, streams := range []int{1, 3} {
					name := fmt.Sprintf("design=%s/window=%d/capacity=%d/streams=%d", d.Name(), window, capacity, streams)
					t.Run(name, func(t *testing.T) {
						f := f
						f.Path.Capacity = capacity
						cfg := cfg
						cfg.Streams = streams
						started, ended := 0, 0
						type result struct {
							moved int
							err   error
						}
						got := make(chan result, 1)
						go func() {
							moved, err := f.Run(cfg, func() { started++ }, func() { ended++ })
							got <- result{moved, err}
						}()
						select {
						case r := <-got:
							require.NoError(t, r.err)
							assert.Equal(t, streams*chunks, r.moved, "chunks received intact and in order")
							assert.Equal(t, 1, started, "start must be called once")
							assert.Equal(t, 1, ended, "ended must be called once")
						case <-time.After(20 * time.Second):
							t.Fatalf("the floor %v did not return within 20s: deadlock", f.Path)
						}
					})
				}
			}
		}
	}
}

// TestFloorNetChecksEveryChunk feeds one floor net chunks directly: the
// right one passes, and one out of order or with a byte changed is caught.
func TestFloorNetChecksEveryChunk(t *testing.T) {
	cfg := designs.DefaultConfig()
	cfg.Chunks, cfg.Window = 3, 3
	chunk := func(seq int64) designs.Msg {
		buf := make([]byte, cfg.ChunkSize)
		designs.FillChunk(buf, cfg.Seed, 0, seq)
		return designs.Msg{Kind: designs.MsgChunk, Seq: seq, Data: buf}
	}
	for _, tc := range []struct {
		name    string
		msg     func() designs.Msg
		wantErr string
	}{
		{"the next chunk", func() designs.Msg { return chunk(0) }, ""},
		{"a later chunk", func() designs.Msg { return chunk(1) }, "chunk 1 received as chunk 0, intact true"},
		{"a changed byte", func() designs.Msg {
			m := chunk(0)
			m.Data[17] ^= 1
			return m
		}, "chunk 0 received as chunk 0, intact false"},
		{"a short chunk", func() designs.Msg {
			m := chunk(0)
			m.Data = m.Data[:cfg.ChunkSize-1]
			return m
		}, "intact false"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := make(chan designs.Request, cfg.Window)
			start := time.Now()
			n := floorNet{cfg: cfg, req: req, outstanding: 1, asked: 1, start: &start, wanted: make([]time.Duration, cfg.Window)}
			n.got(tc.msg(), designs.Request{})
			assert.Equal(t, 1, n.received)
			assert.Len(t, n.rec, 1, "net records every chunk, as a design's net does")
			assert.Len(t, req, 1, "net asks for the next chunk at once")
			if tc.wantErr == "" {
				assert.NoError(t, n.err)
			} else {
				assert.ErrorContains(t, n.err, tc.wantErr)
			}
		})
	}
}

// TestFloorRefusesAWorkflowItDoesNotModel: a floor moves chunks and ends;
// it has no error, panic, cancel or schedule perturbation to offer.
func TestFloorRefusesAWorkflowItDoesNotModel(t *testing.T) {
	f, err := FloorOf(designs.Unbuffered{}, designs.DefaultConfig())
	require.NoError(t, err)
	for _, tc := range []struct {
		name    string
		edit    func(*designs.Config)
		wantErr string
	}{
		{"an error outcome", func(c *designs.Config) { c.Outcome = designs.Outcome{Kind: designs.Fail, At: 2} }, "want done and natural"},
		{"the forced regime", func(c *designs.Config) { c.Regime = designs.Forced }, "want done and natural"},
		{"an invalid config", func(c *designs.Config) { c.Window = 0 }, "Window = 0 is out of range"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := designs.DefaultConfig()
			tc.edit(&cfg)
			_, err := f.Run(cfg, nil, nil)
			assert.ErrorContains(t, err, tc.wantErr)
		})
	}
}

// TestFloorNetMeasuresAsTheWorkflowDoes: the floor's net pays for what a
// design's net does to measure itself: one clock read per chunk, the ring
// of wanted instants and an event in its record, with the same meaning
// (chunk k wanted at net's start for k < Window, else when chunk k−Window
// arrived).
func TestFloorNetMeasuresAsTheWorkflowDoes(t *testing.T) {
	cfg := designs.DefaultConfig()
	cfg.Chunks, cfg.Window = 10, 3
	start := time.Now()
	req := make(chan designs.Request, cfg.Chunks)
	n := floorNet{cfg: cfg, req: req, start: &start, wanted: make([]time.Duration, cfg.Window)}
	n.begin()
	for range cfg.Window {
		n.pulled()
	}
	for k := range cfg.Chunks {
		buf := make([]byte, cfg.ChunkSize)
		designs.FillChunk(buf, cfg.Seed, 0, int64(k))
		time.Sleep(10 * time.Microsecond) // distinct instants
		n.got(designs.Msg{Kind: designs.MsgChunk, Seq: int64(k), Data: buf}, designs.Request{})
	}
	require.NoError(t, n.err)
	require.Len(t, n.rec, cfg.Chunks)
	for k, e := range n.rec {
		assert.True(t, e.Intact)
		assert.Equal(t, int64(k), e.Seq)
		assert.Greater(t, e.At, e.Asked, "chunk %d", k)
		if k < cfg.Window {
			assert.Equal(t, n.rec[0].Asked, e.Asked, "chunk %d: wanted at net's start", k)
		} else {
			assert.Equal(t, n.rec[k-cfg.Window].At, e.Asked, "chunk %d: wanted when chunk %d arrived", k, k-cfg.Window)
		}
	}
}

// TestTeardown: the one teardown both floors call (Run's channel floor and
// runAlt's) closes quit, waits for the router and script, sums the chunks
// the nets received and joins their errors under the floor's path; with
// no error it returns none.
func TestTeardown(t *testing.T) {
	f := Floor{Path: designs.ChunkPath{HandOff: designs.ByLock, Capacity: 2}}
	errA, errB := errors.New("stream 1: chunk 2 received as chunk 1"), errors.New("stream 2: read chunk 0: EOF")
	for _, tc := range []struct {
		name string
		errs bool
		run  func(quit chan struct{}, others *sync.WaitGroup) (int, error)
	}{
		{"channel nets", true, func(quit chan struct{}, others *sync.WaitGroup) (int, error) {
			return teardown(f, []floorNet{{received: 3}, {received: 4, err: errA}, {received: 5, err: errB}}, quit, others)
		}},
		{"nets without channels", true, func(quit chan struct{}, others *sync.WaitGroup) (int, error) {
			return teardown(f, []altNet{{received: 3}, {received: 4, err: errA}, {received: 5, err: errB}}, quit, others)
		}},
		{"channel nets, no error", false, func(quit chan struct{}, others *sync.WaitGroup) (int, error) {
			return teardown(f, []floorNet{{received: 3}, {received: 4}, {received: 5}}, quit, others)
		}},
		{"nets without channels, no error", false, func(quit chan struct{}, others *sync.WaitGroup) (int, error) {
			return teardown(f, []altNet{{received: 3}, {received: 4}, {received: 5}}, quit, others)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			quit := make(chan struct{})
			var others sync.WaitGroup
			returned := 0
			for range 2 { // the router and script, until quit
				others.Go(func() { <-quit })
			}
			others.Go(func() { <-quit; returned++ })
			done := make(chan struct{})
			var moved int
			var err error
			go func() { moved, err = tc.run(quit, &others); close(done) }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("teardown did not return within 10s: quit not closed")
			}
			assert.Equal(t, 1, returned, "teardown returns once the router and script have")
			assert.Equal(t, 12, moved, "every net's chunks, summed")
			if !tc.errs {
				assert.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, errA)
			assert.ErrorIs(t, err, errB)
			assert.ErrorContains(t, err, fmt.Sprintf("floor %v: ", f.Path))
		})
	}
}

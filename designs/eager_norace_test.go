//go:build !race

package designs_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"chanbench/designs"
)

// eager breaks the pull protocol by one step: on each request script reads
// two chunks, so the source reuses a buffer net has not read yet. It is a
// data race by construction, so this file is built without -race (the
// race detector reports the same bug its own way); scripts/test runs it.
type eager struct{}

func (eager) Name() string { return "eager" }

func (eager) Wire(w *designs.Workflow) designs.Actors {
	c := w.Config().Capacity
	req, read := make(chan designs.Request, c), make(chan designs.Request, c)
	data := make(chan designs.Msg, 2*c)
	return designs.Actors{
		Net: func(n *designs.Net) {
			for {
				select {
				case n.Pull(req) <- n.Request():
					n.Pulled()
				case m := <-data:
					if !n.Handle(m, req) {
						return
					}
				case <-n.Done():
					n.End(designs.EndCancelled)
					return
				}
			}
		},
		Router: func(r *designs.Router) {
			for {
				select {
				case x := <-req:
					read <- x
				case <-r.Quit():
					return
				}
			}
		},
		Script: func(s *designs.Script) {
			for {
				select {
				case x := <-read:
					for range 2 { // one read too many
						m, ok := s.Read(x.Stream)
						if !ok {
							break
						}
						if m.Kind == designs.MsgDone {
							m.Kind = designs.MsgShutdown
						}
						s.ToNet(data, m)
					}
				case <-s.Quit():
					return
				}
			}
		},
	}
}

// TestProtocolBreakIsCaught: a source buffer overwritten before net has
// read it is reported as a corrupted chunk, not missed.
func TestProtocolBreakIsCaught(t *testing.T) {
	cfg := designs.DefaultConfig()
	cfg.Chunks, cfg.ChunkSize = 200, 4096
	cfg.Work = 5 * time.Microsecond // net is slower than script
	res, err := designs.Run(context.Background(), eager{}, cfg)
	require.NoError(t, err)
	var kinds []designs.ViolationKind
	for _, v := range res.Violations {
		kinds = append(kinds, v.Kind)
	}
	assert.Contains(t, kinds, designs.ChunkCorrupted, "%v", res.Violations)
}

package bench

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"chanbench/designs"
)

// TestFloorOfEveryHandOff: each hand-off a design can declare has a floor
// that moves every chunk intact and in order, at window 1 and 4, one
// stream and several; a hand-off the floors do not know is an error, not
// a channel floor by default.
func TestFloorOfEveryHandOff(t *testing.T) {
	for _, h := range []designs.HandOff{designs.ByChannel, designs.ByLock, designs.ByPipe, designs.ByCoroutine} {
		for _, window := range []int{1, 4} {
			for _, streams := range []int{1, 5} {
				cfg := designs.DefaultConfig()
				cfg.Chunks, cfg.Window, cfg.Streams, cfg.ChunkSize = 50, window, streams, 72
				f := Floor{Path: designs.ChunkPath{HandOff: h, Capacity: 2}}
				moved, err := f.Run(cfg, nil, nil)
				require.NoError(t, err, "%v", f.Path)
				assert.Equal(t, 50*streams, moved, "%v", f.Path)
			}
		}
	}
	_, err := Floor{Path: designs.ChunkPath{HandOff: 99}}.Run(designs.DefaultConfig(), nil, nil)
	assert.ErrorContains(t, err, "unknown hand-off 99")
}

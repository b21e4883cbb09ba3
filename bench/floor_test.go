package bench

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"chanbench/designs"
)

func TestEveryDesignHasAFloor(t *testing.T) {
	for _, d := range designs.All() {
		_, err := FloorOf(d.Name(), designs.DefaultConfig())
		require.NoError(t, err)
	}
	_, err := FloorOf("no-such-design", designs.DefaultConfig())
	require.ErrorContains(t, err, "no floor")
}

// TestFloorRunsToTheEnd runs each floor shape with rendezvous and buffered
// channels, one and several streams, and windows up to above the capacity:
// every run must move all its chunks and return, never deadlock.
func TestFloorRunsToTheEnd(t *testing.T) {
	for _, f := range []Floor{{Capacity: 0}, {Capacity: 2}, {Routed: true, Capacity: 0}, {Routed: true, Capacity: 2}} {
		for _, streams := range []int{1, 3} {
			for _, window := range []int{1, 2, 5} {
				t.Run(fmt.Sprintf("routed=%t/capacity=%d/streams=%d/window=%d", f.Routed, f.Capacity, streams, window), func(t *testing.T) {
					ended := 0
					done := make(chan struct{})
					go func() {
						defer close(done)
						f.Run(streams, window, 100, make([]byte, 8), func() { ended++ })
					}()
					select {
					case <-done:
					case <-time.After(10 * time.Second):
						t.Fatal("the floor did not return within 10s: deadlock")
					}
					require.Equal(t, 1, ended, "ended must be called once")
				})
			}
		}
	}
}

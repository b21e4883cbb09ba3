package designs_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"chanbench/designs"
)

// TestFIFO holds designs.FIFO, the locks design's queue, to what its
// model (workflow.pml's fifoPut and fifoTake) assumes: first in, first
// out across the ring's wrap, Len counting, a Put beyond the capacity and
// a Take from an empty FIFO panicking.
func TestFIFO(t *testing.T) {
	for _, capacity := range []int{1, 2, 3} {
		q := designs.NewFIFO[int](capacity)
		require.Panics(t, func() { q.Take() }, "capacity %d: a take from an empty FIFO", capacity)
		next, want := 0, 0
		for round := 0; round < 3; round++ { // past the ring's wrap
			for q.Len() < capacity {
				q.Put(next)
				next++
			}
			require.Panics(t, func() { q.Put(-1) }, "capacity %d: a put beyond the capacity", capacity)
			require.Equal(t, capacity, q.Len())
			for range (capacity + 1) / 2 {
				require.Equal(t, want, q.Take(), "capacity %d, round %d", capacity, round)
				want++
			}
		}
		for q.Len() > 0 {
			require.Equal(t, want, q.Take())
			want++
		}
		require.Equal(t, next, want, "capacity %d: every element put was taken", capacity)
		require.Panics(t, func() { q.Take() })
	}
}

package designs_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"chanbench/designs"
	"chanbench/designs/model/gen"
)

// checkChunkPath compares the chunk path d declares with the one the
// model generator derives from its Wire (m's channel graph), at
// capacities 0, 1 and 2.
func checkChunkPath(t *testing.T, d designs.Design, m *gen.Model) {
	t.Helper()
	for _, capacity := range []int{0, 1, 2} {
		c := designs.DefaultConfig()
		c.Capacity = capacity
		want, ok := designs.ChunkPathOf(d, c)
		require.True(t, ok, "%s declares no ChunkPath: declare it (designs.Pathed)", d.Name())
		got, err := m.ChunkPath(c)
		require.NoError(t, err, "%s: the chunk path of its Wire", d.Name())
		require.Equal(t, want, got, "%s at capacity %d: ChunkPath declares %q, Wire makes %q", d.Name(), capacity, want, got)
	}
}

// TestChunkPathMatchesWire holds every registered design's ChunkPath to
// the channel graph the model generator derives from its Wire. A design
// the generator does not model (designs.Unmodelled: a design whose chunks
// go by lock, pipe or coroutine, ChunkPath.HandOff) is skipped with its
// reason: it has no channel graph to derive a path from.
func TestChunkPathMatchesWire(t *testing.T) {
	for _, d := range designs.All() {
		t.Run(d.Name(), func(t *testing.T) {
			if refusal := designs.ModelRefusal(d); refusal != "" {
				p, _ := designs.ChunkPathOf(d, designs.DefaultConfig())
				t.Skipf("not modelled (the generator refuses %s): its path, %v, is not derived from a channel graph", refusal, p)
			}
			m, err := gen.Generate(gen.Options{Dir: ".", Design: d.Name()})
			require.NoError(t, err)
			checkChunkPath(t, d, m)
		})
	}
}

// TestChunkPathLie checks that the comparison fails on a declaration that
// disagrees with its Wire: lyingPath declares the direct path and wires
// the routed one.
func TestChunkPathLie(t *testing.T) {
	m, err := gen.Generate(gen.Options{Dir: ".", File: "chunkpath_lie_test.go", Type: "lyingPath"})
	require.NoError(t, err)
	c := designs.DefaultConfig()
	got, err := m.ChunkPath(c)
	require.NoError(t, err)
	want, _ := designs.ChunkPathOf(lyingPath{}, c)
	require.NotEqual(t, want, got, "the lie must be caught")
	require.Equal(t, designs.ChunkPath{ViaRouter: true, Capacity: c.Capacity}, got)
}

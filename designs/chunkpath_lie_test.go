package designs_test

import "chanbench/designs"

// lyingPath is a test-only design whose declaration lies: it wires the
// router design (chunks back through the router) and declares the direct
// path. TestChunkPathLie (chunkpath_test.go) checks that the comparison catches it.
type lyingPath struct{ designs.RouterSerialized }

// Name is "lying-path".
func (lyingPath) Name() string { return "lying-path" }

// ChunkPath: direct, net also on ctrl (a lie: Wire routes every chunk).
func (lyingPath) ChunkPath(c designs.Config) designs.ChunkPath {
	return designs.ChunkPath{Capacity: c.Capacity, NetCtrl: true}
}

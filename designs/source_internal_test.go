package designs

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestChunkContents: a chunk verifies as itself and as no other chunk, and
// any changed byte, including in a tail shorter than a word, is caught.
func TestChunkContents(t *testing.T) {
	for _, size := range []int{1, 7, 8, 64, 1000, 4096} {
		buf := make([]byte, size)
		fill(buf, 1, 2, 3)
		assert.True(t, intact(buf, size, 1, 2, 3), "size %d", size)
		assert.False(t, intact(buf, size, 1, 2, 4), "another seq, size %d", size)
		assert.False(t, intact(buf, size, 1, 3, 3), "another stream, size %d", size)
		assert.False(t, intact(buf, size, 2, 2, 3), "another seed, size %d", size)
		assert.False(t, intact(buf[:size-1], size, 1, 2, 3), "short, size %d", size)
		for _, at := range []int{0, size / 2, size - 1} {
			buf[at] ^= 0x10
			assert.False(t, intact(buf, size, 1, 2, 3), "flipped byte %d of %d", at, size)
			buf[at] ^= 0x10
		}
	}
}

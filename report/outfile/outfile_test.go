package outfile

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWriteLeavesNoTempFileOnFailure(t *testing.T) {
	dir := t.TempDir()
	// A directory where the second output should go makes its rename fail.
	require.NoError(t, os.Mkdir(filepath.Join(dir, "b.txt"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "b.txt", "keep"), nil, 0o644))
	err := Write(dir, []File{{"a.txt", []byte("a")}, {"b.txt", []byte("b")}}, nil)
	require.Error(t, err)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		assert.NotContains(t, e.Name(), ".tmp-")
	}
}

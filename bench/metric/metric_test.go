package metric

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"chanbench/designs"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// metricNames are the unit names metric.go declares, and every KindUnit,
// read from the source so that a new constant is covered with no edit here.
func metricNames(t *testing.T) map[string]bool {
	f, err := parser.ParseFile(token.NewFileSet(), "metric.go", nil, 0)
	require.NoError(t, err)
	names := make(map[string]bool)
	ast.Inspect(f, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if s, err := strconv.Unquote(lit.Value); err == nil && s != "chanbench/designs" {
				names[s] = true
			}
		}
		return true
	})
	for _, k := range designs.ViolationKinds() {
		names[KindUnit(k)] = true
	}
	return names
}

// TestUnitsHaveOneHome fails when a unit name bench reports is spelled as a
// string anywhere but metric.go: in the benchmarks and their tests, or in
// report/'s non-test code, which must use the constants.
func TestUnitsHaveOneHome(t *testing.T) {
	names := metricNames(t)
	require.Contains(t, names, UnitViolations)
	require.Contains(t, names, "error-lost/op")
	var files []string
	for _, root := range []string{"..", "../../report"} {
		require.NoError(t, filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && path == "../metric" {
				return filepath.SkipDir // the home
			}
			test := strings.HasSuffix(path, "_test.go")
			if strings.HasSuffix(path, ".go") && (root == ".." || !test) {
				files = append(files, path)
			}
			return nil
		}))
	}
	require.Contains(t, files, "../load_test.go")
	require.Contains(t, files, "../../report/saturation/sweeps.go")
	for _, path := range files {
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil {
					assert.False(t, names[s], "%s spells the unit %q: use package metric's constant", path, s)
				}
			}
			return true
		})
	}
}

func TestKindOf(t *testing.T) {
	for _, k := range designs.ViolationKinds() {
		got, ok := KindOf(KindUnit(k))
		assert.True(t, ok, k)
		assert.Equal(t, k, got)
	}
	for _, u := range []string{UnitViolations, UnitUnreliable, UnitLeaked, UnitNs, UnitLatencyP99, UnitCompleted, "allocs/op", "error-lost"} {
		_, ok := KindOf(u)
		assert.False(t, ok, u)
	}
}

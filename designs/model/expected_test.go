package model

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"chanbench/designs"
)

// pointOf reads the grid point of a row of verdicts.tsv (columns as
// verdictColumns).
func pointOf(t *testing.T, col []string) Point {
	t.Helper()
	n := map[int]int{}
	for _, i := range []int{1, 2, 3, 5, 7} {
		v, err := strconv.Atoi(col[i])
		require.NoError(t, err, "row %q, column %d", col, i)
		n[i] = v
	}
	p := Point{Chunks: n[1], Window: n[2], Cap: n[3], Outcome: col[4], At: n[5], Streams: n[7]}
	if col[6] == "cancel" {
		p.Outcome = "cancel"
	}
	return p
}

// TestExpectedMatchesSpin holds Expected (from designs.KnownFlaws) to
// every verdict Spin gave in the committed run, results/model/verdicts.tsv:
// a design whose declaration says more or less than its model shows fails
// here, without running Spin. (A design added since that run has no rows
// yet: scripts/verify checks it against Expected when it runs.)
func TestExpectedMatchesSpin(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "results", "model", "verdicts.tsv"))
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	require.True(t, sc.Scan())
	require.Equal(t, verdictColumns, sc.Text())
	rows := map[string]int{}
	for sc.Scan() {
		col := strings.Split(sc.Text(), "\t")
		require.Len(t, col, 15, "row %q", sc.Text())
		if col[8] == "refused" {
			continue
		}
		d, err := designs.ByName(col[0])
		require.NoError(t, err)
		want, err := Expected(d, pointOf(t, col))
		require.NoError(t, err)
		require.Equal(t, want, col[8], "row %q: Spin's verdict against %s's KnownFlaws", sc.Text(), col[0])
		rows[col[0]]++
	}
	require.NoError(t, sc.Err())
	require.NotEmpty(t, rows)
}

package main

import (
	"slices"
	"strings"
)

// A grid is one table of the report as a model, as x/perf's
// benchstat/internal/benchtab keeps one: row keys and column keys in
// display order and the cells in a map keyed by both, apart from how they
// are shown (table renders it). A row key has one part per name in
// rowHead, so "chunk, window, design" rows need no nesting of loops in
// the code that fills them.
type grid struct {
	title   string
	rowHead []string            // the names of a row key's parts
	rows    [][]string          // row keys, in the order first set
	cols    []string            // column keys, in the order first set
	cells   map[string]string   // by rowID(row) + "\x00" + column
	note    string              // the template that writes the notes, "" for none
	empty   string              // said instead of the table when it has no rows
	fold    bool                // folded away under its title
	seen    map[string]struct{} // row IDs
}

// newGrid returns an empty grid whose rows have the parts rowHead and
// whose columns are cols, in order; set adds others as they come.
func newGrid(note string, rowHead []string, cols ...string) *grid {
	return &grid{note: note, rowHead: rowHead, cols: cols, cells: make(map[string]string), seen: make(map[string]struct{})}
}

func rowID(row []string) string { return strings.Join(row, "\x00") }

// set puts value in the cell at row and col, adding either key if new.
func (g *grid) set(row []string, col, value string) {
	id := rowID(row)
	if _, ok := g.seen[id]; !ok {
		g.seen[id] = struct{}{}
		g.rows = append(g.rows, slices.Clone(row))
	}
	if !slices.Contains(g.cols, col) {
		g.cols = append(g.cols, col)
	}
	g.cells[id+"\x00"+col] = value
}

// table renders g as the template's table: a cell never set shows "–",
// and "|" in a cell is escaped.
func (g *grid) table() table {
	t := table{Title: g.title, Fold: g.fold, Note: g.note, Empty: g.empty, Header: append(slices.Clone(g.rowHead), g.cols...)}
	for _, row := range g.rows {
		line := make([]string, 0, len(t.Header))
		for _, part := range row {
			line = append(line, cell(part))
		}
		for _, col := range g.cols {
			v, ok := g.cells[rowID(row)+"\x00"+col]
			if !ok {
				v = "–"
			}
			line = append(line, cell(v))
		}
		t.Rows = append(t.Rows, line)
	}
	return t
}

package main

import (
	"io"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"chanbench/designs"
	"chanbench/report/summary"
)

// throwawayReference is throwaway declared a reference, as pull is, to
// which offered load does not apply; it is registered nowhere.
type throwawayReference struct{ throwaway }

// Reference says what it is a reference for.
func (throwawayReference) Reference() string { return "a test's reference line" }

// NotApplicable says that offered load does not apply to it.
func (throwawayReference) NotApplicable(q designs.Question) string {
	if q == designs.OfferedLoad {
		return "the throwaway reference takes no offered load"
	}
	return ""
}

// TestDecisionReadsTheRegistry: the decision page takes what a design is
// from the report's registry (options.registry), as the rest of the
// report does, not from designs.All(): a design registered only there as
// a reference gets a reference's row, marked and not ranked, with the
// reason offered load does not apply to it in the saturation column.
func TestDecisionReadsTheRegistry(t *testing.T) {
	opts, err := parseFlags([]string{"-model", filepath.Join(t.TempDir(), "none"), throwawayInput}, io.Discard)
	require.NoError(t, err)
	opts.registry = append(summary.Registered(), throwawayReference{})
	rep, err := build(opts)
	require.NoError(t, err)
	assert.Empty(t, rep.warnings)
	decision := mdSection(t, string(reportText(t, rep)), "## Decision")
	assert.Regexp(t, `(?m)^\| throwaway \(reference, not ranked\) \| yes: 0 of \d+ \(GOMAXPROCS \d+\) \|[^\n]*\| does not apply: the throwaway reference takes no offered load \|$`, decision)
	assert.NotContains(t, decision, "| throwaway |", "the reference's row is marked as such")
}

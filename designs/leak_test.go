package designs_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"chanbench/designs"
)

// closerHelper is dropsender whose script hands the closing of each
// stream's data channel to a goroutine of its own, which waits for the
// stream to end; when net cancels, the stream never ends for script, and
// the helper is left waiting after the workflow is over. (The reproducer
// of a gap the mutants found: the harness waited only for the router and
// script loops themselves.)
type closerHelper struct{ release chan struct{} }

func (closerHelper) Name() string { return "closer-helper" }

func (h closerHelper) Wire(w *designs.Workflow) designs.Actors {
	a := designs.DropSender{}.Wire(w)
	inner := a.Script
	a.Script = func(s *designs.Script) {
		go func() { <-h.release }() // waits for what never comes while the workflow runs
		inner(s)
	}
	return a
}

// TestGoroutineAnActorStartedIsLeftBehind: a goroutine an actor started
// that outlives the workflow is a reported leak, with the goroutine
// profile entry that shows it; a correct design reports none.
func TestGoroutineAnActorStartedIsLeftBehind(t *testing.T) {
	h := closerHelper{release: make(chan struct{})}
	defer close(h.release) // let goleak see a clean exit
	res, err := designs.Run(context.Background(), h, designs.DefaultConfig())
	require.NoError(t, err)
	require.Len(t, res.Violations, 1, "%v", res.Violations)
	assert.Equal(t, designs.GoroutineLeak, res.Violations[0].Kind)
	assert.Contains(t, res.Dump, "closerHelper")

	res, err = designs.Run(context.Background(), designs.DropSender{}, designs.DefaultConfig())
	require.NoError(t, err)
	assert.Empty(t, res.Violations)
}

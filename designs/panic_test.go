package designs_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"chanbench/designs"
)

// panickingNet and panickingRouter wrap a correct design so that one of
// its actors panics once its loop has started: a design bug such as a
// close of a nil channel or a send on a closed one.
type (
	panickingNet    struct{}
	panickingRouter struct{}
)

func (panickingNet) Name() string    { return "panicking-net" }
func (panickingRouter) Name() string { return "panicking-router" }

func (panickingNet) Wire(w *designs.Workflow) designs.Actors {
	a := designs.RouterSerialized{}.Wire(w)
	a.Net = func(n *designs.Net) {
		var closed chan int
		close(closed) // close of a nil channel
	}
	return a
}

func (panickingRouter) Wire(w *designs.Workflow) designs.Actors {
	a := designs.RouterSerialized{}.Wire(w)
	a.Router = func(r *designs.Router) {
		c := make(chan int, 1)
		close(c)
		c <- 1 // send on a closed channel
	}
	return a
}

// TestActorPanicBecomesViolation: a panic in any actor is a reported
// violation with the panic value and the actor's stack; the process, the
// test and the other actors go on, and nothing is left running.
func TestActorPanicBecomesViolation(t *testing.T) {
	for _, tc := range []struct {
		design  designs.Design
		details []string // one per actor that panics, in stream order
	}{
		{panickingNet{}, []string{"the net of stream 0 panicked: close of nil channel", "the net of stream 1 panicked: close of nil channel"}},
		{panickingRouter{}, []string{"the router panicked: send on closed channel"}},
	} {
		t.Run(tc.design.Name(), func(t *testing.T) {
			cfg := designs.DefaultConfig()
			cfg.Streams = 2
			res, err := designs.Run(context.Background(), tc.design, cfg)
			require.NoError(t, err)
			var panics []designs.Violation
			for _, v := range res.Violations {
				if v.Kind == designs.ActorPanic {
					panics = append(panics, v)
				}
				assert.NotEqual(t, designs.Deadlock, v.Kind, "%v", v)
				assert.NotEqual(t, designs.GoroutineLeak, v.Kind, "%v", v)
			}
			var details []string
			for _, p := range panics {
				details = append(details, p.Detail)
			}
			slices.Sort(details)
			assert.Equal(t, tc.details, details, "%v", res.Violations)
			require.NotEmpty(t, panics)
			assert.Contains(t, strings.Join(panics[0].Trace, "\n"), "panic_test.go", "the trace is the actor's stack")
		})
	}
}

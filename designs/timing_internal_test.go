package designs

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestDesignTime: the design's own time is Wire, the first actor's start
// to the last net's return, and the quit signal to the router's or
// script's return, whichever is later; the harness's wake-up between the
// nets' end and the quit signal is left out.
func TestDesignTime(t *testing.T) {
	us := time.Microsecond
	for _, tc := range []struct {
		name   string
		wired  time.Duration
		spans  []actorSpan
		nets   int
		quitAt time.Duration
		want   time.Duration
	}{
		{"one net", 2 * us, []actorSpan{{1 * us, 10 * us}, {2 * us, 30 * us}, {3 * us, 32 * us}}, 1, 25 * us, 2*us + 9*us + 7*us},
		{"the router starts first", 0, []actorSpan{{4 * us, 10 * us}, {1 * us, 30 * us}, {3 * us, 31 * us}}, 1, 25 * us, 9*us + 6*us},
		{"the last net, not the first", 0, []actorSpan{{1 * us, 10 * us}, {1 * us, 20 * us}, {2 * us, 22 * us}, {2 * us, 23 * us}}, 2, 21 * us, 19*us + 2*us},
		{"a router that returned before the quit", 0, []actorSpan{{1 * us, 10 * us}, {1 * us, 5 * us}, {1 * us, 5 * us}}, 1, 12 * us, 9 * us},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, designTime(tc.wired, tc.spans, tc.nets, tc.quitAt))
		})
	}
}

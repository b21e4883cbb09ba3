package designs_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"chanbench/designs"
)

// TestNullEndsAtOnce holds the null design to what it promises: every net
// ends at once, without receiving a chunk, and nothing is left running.
func TestNullEndsAtOnce(t *testing.T) {
	cfg := designs.DefaultConfig()
	cfg.Streams = 4
	res, err := designs.Run(context.Background(), designs.Null{}, cfg)
	require.NoError(t, err)
	require.Len(t, res.Records, cfg.Streams)
	for _, r := range res.Records {
		require.Len(t, r.Events, 1, "stream %d: net must record its end and nothing else", r.Stream)
		require.Equal(t, designs.EventEnd, r.Events[0].Kind)
	}
	for _, v := range res.Violations {
		require.NotEqual(t, designs.Deadlock, v.Kind, "%v", v)
		require.NotEqual(t, designs.GoroutineLeak, v.Kind, "%v", v)
		require.NotEqual(t, designs.ActorPanic, v.Kind, "%v", v)
	}
}

package model

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return string(b)
}

func lines(steps []Step) []string {
	out := make([]string, len(steps))
	for i, s := range steps {
		out[i] = s.String()
	}
	return out
}

// The archetype bug, as Spin found it in explicit.pml: every step, in order.
func TestReadableTraceExplicitErrorLost(t *testing.T) {
	steps, err := ReadableTrace(readTestdata(t, "explicit-error-lost.txt"))
	require.NoError(t, err)
	require.Equal(t, []string{
		"1. net: sends a request to router on req",
		"2. router: receives a request from net on req",
		"3. router: sends a read request to script on read",
		"4. script: receives a read request from router on read",
		"5. script: reads chunk 0 from the source",
		"6. script: sends chunk 0 to net on data",
		"7. net: receives chunk 0 from script on data",
		"8. net: sends a request to router on req",
		"9. router: receives a request from net on req",
		"10. router: sends a read request to script on read",
		"11. script: receives a read request from router on read",
		"12. script: reads the source: it fails with the error",
		"13. script: sends the error to net on data",
		"14. script: sends stop to router on stop",
		"15. router: receives stop from script on stop",
		"16. router: sends shutdown to net on ctrl",
		"17. net: receives shutdown from router on ctrl, while data still holds the error",
		"18. net: ends the workflow: VIOLATED error first: the source failed, and net ends the workflow " +
			"without having recorded the error (error lost); never received: the error in data",
	}, lines(steps))

	last := steps[len(steps)-1]
	require.Equal(t, Violation, last.Kind)
	require.Equal(t, "net", last.Actor)
	require.Equal(t, 61, last.Spin, "the step number of Spin's replay")

	shutdown := steps[15]
	require.Equal(t, Step{N: 16, Spin: 55, Kind: Send, Actor: "router", Action: "sends", Value: "shutdown", Channel: "ctrl", Peer: "net"}, shutdown,
		"a send through the model's alias resolves to the Go channel and its receiver")
}

// Rendezvous sends and their receives are one handoff step; a trail that
// ends with processes blocked is a deadlock naming each of them.
func TestReadableTraceRendezvousDeadlock(t *testing.T) {
	steps, err := ReadableTrace(readTestdata(t, "unbuffered-blocking-deadlock.txt"))
	require.NoError(t, err)
	got := lines(steps)
	require.Equal(t, "1. net: hands a request to router on req (rendezvous)", got[0])
	require.Equal(t, "2. router: hands a read request to script on read (rendezvous)", got[1])
	require.Contains(t, got, "13. script: hands the error to net on data (rendezvous)")
	require.Contains(t, got, "14. net: records the error")
	for _, s := range steps {
		require.NotEqual(t, Receive, s.Kind, "every receive of a rendezvous is part of its handoff: %v", s)
	}

	last := steps[len(steps)-1]
	require.Equal(t, Deadlock, last.Kind)
	require.Contains(t, last.Note, "VIOLATED no deadlock")
	for _, actor := range []string{"net", "router", "script"} {
		require.Contains(t, last.Note, actor+" has not returned (blocked at ")
	}
}

// A liveness trail ends in a cycle: the steps after its start repeat, and
// the processes it leaves running are not a deadlock.
func TestReadableTraceCycle(t *testing.T) {
	steps, err := ReadableTrace(readTestdata(t, "dropsender-spinning-cycle.txt"))
	require.NoError(t, err)
	got := lines(steps)
	require.Contains(t, got, "13. script: closes data")
	require.Contains(t, got, "16. router: closes ctrl")

	var cycle int
	for i, s := range steps {
		require.NotEqual(t, Deadlock, s.Kind)
		if s.Kind == Cycle {
			cycle = i
		}
	}
	require.NotZero(t, cycle, "the cycle is marked")
	require.Contains(t, steps[cycle].Note, "VIOLATED the workflow ends")
	require.Equal(t, "net: finds data closed and empty (m, ok := <-in: !ok)",
		strings.SplitN(got[cycle+1], ". ", 2)[1], "what repeats: net's select on the closed channel")
}

func TestReadableTraceNoTrail(t *testing.T) {
	for name, out := range map[string]string{
		"empty":        "",
		"no trail":     "spin: cannot find trail file\n",
		"only chatter": "ltl ends: <> (netExited)\nusing statement merging\n",
	} {
		t.Run(name, func(t *testing.T) {
			steps, err := ReadableTrace(out)
			require.ErrorIs(t, err, ErrNoTrail)
			require.Nil(t, steps)
		})
	}
	_, err := ReadableTrace("spin: cannot find trail file\n")
	require.ErrorContains(t, err, "cannot find trail file", "spin's complaint is kept")
}

func TestReadableTraceUnknownChannel(t *testing.T) {
	out := "  1:\tproc  1 (net:1) x.pml:3 Send 1\t-> queue 9 (mystery)\n"
	_, err := ReadableTrace(out)
	require.ErrorContains(t, err, "line 1")
	require.ErrorContains(t, err, "mystery")
}

// A rendezvous offer that no receive completes, at the end of a trail, is
// still reported.
func TestReadableTraceUnansweredOffer(t *testing.T) {
	out := strings.Join([]string{
		"  1:\tproc  3 (script:1) m.pml:9 Sent ERROR,0\t-> queue 4 (data)",
		"spin: trail ends after 1 steps",
	}, "\n")
	steps, err := ReadableTrace(out)
	require.NoError(t, err)
	require.Equal(t, []string{"1. script: offers the error to net on data"}, lines(steps))
}

func TestStepString(t *testing.T) {
	for _, tc := range []struct {
		step Step
		want string
	}{
		{Step{N: 3, Kind: Send, Actor: "script", Action: "sends", Value: "the error", Channel: "data", Peer: "net"},
			"3. script: sends the error to net on data"},
		{Step{N: 4, Kind: Receive, Actor: "net", Action: "receives", Value: "chunk 1", Channel: "out", Peer: "router"},
			"4. net: receives chunk 1 from router on out"},
		{Step{N: 5, Kind: Handoff, Actor: "script", Action: "hands", Value: "chunk 0", Channel: "data", Peer: "net"},
			"5. script: hands chunk 0 to net on data (rendezvous)"},
		{Step{N: 6, Kind: Local, Actor: "router", Action: "closes ctrl"},
			"6. router: closes ctrl"},
		{Step{N: 7, Kind: Violation, Actor: "net", Action: "ends the workflow", Note: "VIOLATED error first"},
			"7. net: ends the workflow: VIOLATED error first"},
	} {
		require.Equal(t, tc.want, tc.step.String())
	}
}

func TestMarkdown(t *testing.T) {
	steps, err := ReadableTrace(readTestdata(t, "explicit-error-lost.txt"))
	require.NoError(t, err)
	c := Counterexample{Design: "explicit", Chunks: 1, Window: 1, Cap: 1, Outcome: "error", Steps: steps}
	require.NoError(t, c.Describe("..", ""))
	md := c.Markdown()
	for _, want := range []string{
		"# Counterexample: explicit (chunks 1, window 1, cap 1, error)\n",
		"`designs/explicit.go` and `designs/shutdownmsg.go`",
		"## The design\n\nIts doc comment, from its Go type:\n\nExplicit is the archetype bug",
		"two channels, and nothing orders them.",
		"## Legend\n",
		"## Trace\n\n1. net: sends a request to router on req\n",
		"\n17. net: receives shutdown from router on ctrl, while data still holds the error\n",
		"spin -DCHUNKS=1 -DWINDOW=1 -DCAP=1 -DOUTCOME=1 -a explicit.pml\n",
		"-t -p -s -r -k explicit.pml.trail explicit.pml\n",
	} {
		require.Contains(t, md, want)
	}
}

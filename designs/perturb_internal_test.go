package designs

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// selfID is the calling goroutine's id, as a dump shows it.
func selfID(t *testing.T) uint64 {
	var buf [64]byte
	id, ok := goroutineID(buf[:runtime.Stack(buf[:], false)])
	require.True(t, ok)
	return id
}

// TestParseGoroutinesReadsARealDump parses a real runtime.Stack dump with
// goroutines in known states, and the goroutine one of them started.
func TestParseGoroutinesReadsARealDump(t *testing.T) {
	var recv, sel, parent, child uint64
	started := make(chan struct{}, 4)
	block, stop := make(chan int), make(chan struct{})
	defer close(stop)
	defer close(block)
	go func() { recv = selfID(t); started <- struct{}{}; <-block }()
	go func() {
		sel = selfID(t)
		started <- struct{}{}
		select {
		case <-block:
		case <-stop:
		}
	}()
	go func() {
		parent = selfID(t)
		go func() { child = selfID(t); started <- struct{}{}; <-stop }()
		started <- struct{}{}
		<-stop
	}()
	for range 4 {
		<-started
	}
	// Let every goroutine reach its block.
	var gs []goroutine
	var self uint64
	require.Eventually(t, func() bool {
		self = selfID(t)
		buf := make([]byte, 1<<20)
		gs = parseGoroutines(buf[:runtime.Stack(buf, true)])
		states := map[uint64]string{}
		for _, g := range gs {
			states[g.id] = g.state
		}
		return states[recv] == "chan receive" && states[sel] == "select" && states[child] == "chan receive"
	}, 5*time.Second, time.Millisecond)
	assert.Equal(t, self, gs[0].id, "the caller comes first")
	assert.Equal(t, "running", gs[0].state)
	found := false
	for _, g := range gs {
		if g.id == child {
			found = true
			assert.Equal(t, parent, g.parent, "created by … in goroutine N")
		}
	}
	assert.True(t, found)
}

// TestSettledJudgesOnlyThisWorkflow: goroutines of other workflows and of
// the test framework are ignored; an actor's runnable child holds quiesce
// back; a block on anything but a channel is named.
func TestSettledJudgesOnlyThisWorkflow(t *testing.T) {
	f := newForcing(3)
	f.roles = map[uint64]string{1: "the net of stream 0", 2: "the router", 3: "the script"} // as register writes them
	dump := func(gs ...string) []byte { return []byte(strings.Join(gs, "\n\n")) }
	g := func(id int, state string, parent int, extra string) string {
		return fmt.Sprintf("goroutine %d [%s]:\nsome.frame()\n\t/x.go:1 +0x1%s\ncreated by some.starter in goroutine %d\n\t/x.go:2 +0x2", id, state, extra, parent)
	}
	self := g(1, "running", 9, "")
	cases := []struct {
		name  string
		dump  []byte
		ok    bool
		other string
	}{
		{"all blocked on channels", dump(self, g(2, "select", 9, ""), g(3, "chan receive, 2 minutes", 9, "")), true, ""},
		{"an actor runnable", dump(self, g(2, "runnable", 9, ""), g(3, "select", 9, "")), false, ""},
		{"another workflow's goroutine runnable", dump(self, g(2, "select", 9, ""), g(3, "select", 9, ""), g(40, "runnable", 9, "")), true, ""},
		{"an actor's child runnable", dump(self, g(2, "select", 9, ""), g(3, "select", 9, ""), g(41, "runnable", 3, "")), false, ""},
		{"an actor's grandchild listed before its parent", dump(self, g(42, "runnable", 41, ""), g(2, "select", 9, ""), g(3, "select", 9, ""), g(41, "chan send", 3, "")), false, ""},
		{"an actor asleep", dump(self, g(2, "sleep", 9, ""), g(3, "select", 9, "")), false, "the router (goroutine 2) is blocked in [sleep]"},
		{"an actor's child on a mutex", dump(self, g(2, "select", 9, ""), g(3, "select", 9, ""), g(43, "sync.Mutex.Lock", 2, "")), false, "a goroutine started by the router (goroutine 43) is blocked in [sync.Mutex.Lock]"},
		{"an actor in a GC assist is busy, not blocked", dump(self, g(2, "GC assist wait", 9, ""), g(3, "select", 9, "")), false, ""},
		{"an actor on a runtime semaphore is busy", dump(self, g(2, "select", 9, ""), g(3, "semacquire", 9, "")), false, ""},
		{"an actor blocked on a nil channel can send nothing", dump(self, g(2, "chan receive (nil chan)", 9, ""), g(3, "select (no cases)", 9, "")), true, ""},
		{"another net in quiesce", dump(self, g(2, "runnable", 9, "\n"+quiesceFrame+"0x0)"), g(3, "select", 9, "")), true, ""},
		{"an actor that has returned", dump(self, g(2, "select", 9, "")), true, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ok, elsewhere := f.settled(tc.dump)
			assert.Equal(t, tc.ok, ok)
			other := ""
			for _, how := range elsewhere {
				other = how
			}
			assert.LessOrEqual(t, len(elsewhere), 1)
			assert.Equal(t, tc.other, other)
		})
	}
}

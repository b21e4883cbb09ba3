package designs

import (
	"fmt"
	"io"
	"iter"
	"runtime"
	"strings"
	"sync"
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
// back; a block on a sync.Cond or in a coroutine counts as blocked, as
// testing/synctest counts it; a wait for a mutex holds quiesce back and is
// named apart (locked), never as a block elsewhere; a block on anything
// else is named.
func TestSettledJudgesOnlyThisWorkflow(t *testing.T) {
	f := newForcing(3)
	f.roles = map[uint64]string{1: "the net of stream 0", 2: "the router", 3: "the script"} // as register writes them
	dump := func(gs ...string) []byte { return []byte(strings.Join(gs, "\n\n")) }
	g := func(id int, state string, parent int, extra string) string {
		return fmt.Sprintf("goroutine %d [%s]:\nsome.frame()\n\t/x.go:1 +0x1%s\ncreated by some.starter in goroutine %d\n\t/x.go:2 +0x2", id, state, extra, parent)
	}
	self := g(1, "running", 9, "")
	cases := []struct {
		name   string
		dump   []byte
		ok     bool
		other  string
		locked string
	}{
		{"all blocked on channels", dump(self, g(2, "select", 9, ""), g(3, "chan receive, 2 minutes", 9, "")), true, "", ""},
		{"an actor runnable", dump(self, g(2, "runnable", 9, ""), g(3, "select", 9, "")), false, "", ""},
		{"another workflow's goroutine runnable", dump(self, g(2, "select", 9, ""), g(3, "select", 9, ""), g(40, "runnable", 9, "")), true, "", ""},
		{"an actor's child runnable", dump(self, g(2, "select", 9, ""), g(3, "select", 9, ""), g(41, "runnable", 3, "")), false, "", ""},
		{"an actor's grandchild listed before its parent", dump(self, g(42, "runnable", 41, ""), g(2, "select", 9, ""), g(3, "select", 9, ""), g(41, "chan send", 3, "")), false, "", ""},
		{"an actor asleep", dump(self, g(2, "sleep", 9, ""), g(3, "select", 9, "")), false, "the router (goroutine 2) is blocked in [sleep]", ""},
		{"an actor's child on a mutex", dump(self, g(2, "select", 9, ""), g(3, "select", 9, ""), g(43, "sync.Mutex.Lock", 2, "")), false, "", "a goroutine started by the router (goroutine 43) is blocked in [sync.Mutex.Lock]"},
		{"an actor on a mutex", dump(self, g(2, "sync.Cond.Wait", 9, ""), g(3, "sync.Mutex.Lock", 9, "")), false, "", "the script (goroutine 3) is blocked in [sync.Mutex.Lock]"},
		{"actors in sync.Cond.Wait are blocked", dump(self, g(2, "sync.Cond.Wait", 9, ""), g(3, "sync.Cond.Wait, 2 minutes", 9, "")), true, "", ""},
		{"net's iter.Pull coroutine is blocked", dump(self, g(2, "select", 9, ""), g(3, "select", 9, ""), g(44, "coroutine", 1, "")), true, "", ""},
		{"an actor on a read-write lock", dump(self, g(2, "sync.RWMutex.RLock", 9, ""), g(3, "select", 9, "")), false, "", "the router (goroutine 2) is blocked in [sync.RWMutex.RLock]"},
		{"an actor in a GC assist is busy, not blocked", dump(self, g(2, "GC assist wait", 9, ""), g(3, "select", 9, "")), false, "", ""},
		{"an actor on a runtime semaphore is busy", dump(self, g(2, "select", 9, ""), g(3, "semacquire", 9, "")), false, "", ""},
		{"an actor blocked on a nil channel can send nothing", dump(self, g(2, "chan receive (nil chan)", 9, ""), g(3, "select (no cases)", 9, "")), true, "", ""},
		{"another net in quiesce", dump(self, g(2, "runnable", 9, "\n"+quiesceFrame+"0x0)"), g(3, "select", 9, "")), true, "", ""},
		{"an actor that has returned", dump(self, g(2, "select", 9, "")), true, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ok, elsewhere, locked := f.settled(tc.dump)
			assert.Equal(t, tc.ok, ok)
			other, lock := "", ""
			for _, how := range elsewhere {
				other = how
			}
			for _, how := range locked {
				lock = how
			}
			assert.LessOrEqual(t, len(elsewhere), 1)
			assert.LessOrEqual(t, len(locked), 1)
			assert.Equal(t, tc.other, other)
			assert.Equal(t, tc.locked, lock)
		})
	}
}

// TestClassifyReadsRealLockAndPipeBlocks puts goroutines in every wait the
// locks, pipe and pull designs use, takes a real runtime.Stack dump, and
// checks what the runtime shows for each and how the forced regime counts
// it: sync.Cond.Wait, a pipe's blocked Write and Read (channels inside) and
// an iter.Pull coroutine are blocked; a wait for a held sync.Mutex is a
// wait for a lock, never a block elsewhere.
func TestClassifyReadsRealLockAndPipeBlocks(t *testing.T) {
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	woken := false
	held := sync.Mutex{}
	held.Lock()
	pr, pw := io.Pipe()
	pr2, pw2 := io.Pipe()
	type named struct {
		name string
		id   uint64
	}
	ids := make(chan named, 4)
	var wg sync.WaitGroup
	wg.Go(func() { // waits on the cond
		ids <- named{"cond", selfID(t)}
		mu.Lock()
		for !woken {
			cond.Wait()
		}
		mu.Unlock()
	})
	wg.Go(func() { ids <- named{"mutex", selfID(t)}; held.Lock(); held.Unlock() })     // waits for a held mutex
	wg.Go(func() { ids <- named{"pipe write", selfID(t)}; pw.Write([]byte("chunk")) }) // a pipe Write with no reader
	wg.Go(func() { ids <- named{"pipe read", selfID(t)}; pr2.Read(make([]byte, 8)) })  // a pipe Read with no writer
	next, stop := iter.Pull(func(yield func(int) bool) { yield(1) })                   // its coroutine starts on the first next
	next()
	byID := map[uint64]string{}
	for range 4 {
		n := <-ids
		byID[n.id] = n.name
	}
	want := map[string]struct {
		state string
		class int
	}{
		"cond":       {"sync.Cond.Wait", blockedOnChannel},
		"mutex":      {"sync.Mutex.Lock", waitingForLock},
		"pipe write": {"select", blockedOnChannel},
		"pipe read":  {"select", blockedOnChannel},
	}
	var got map[string]string
	coroutine := ""
	require.Eventually(t, func() bool {
		buf := make([]byte, 1<<20)
		got = map[string]string{}
		for _, g := range parseGoroutines(buf[:runtime.Stack(buf, true)]) {
			if n, ok := byID[g.id]; ok {
				got[n] = g.state
			}
			if g.state == "coroutine" {
				coroutine = g.state
			}
		}
		for n, w := range want {
			if got[n] != w.state {
				return false
			}
		}
		return coroutine != ""
	}, 5*time.Second, time.Millisecond)
	t.Logf("states seen: %v", got)
	for n, w := range want {
		assert.Equal(t, w.class, classify(got[n]), "%s in [%s]", n, got[n])
	}
	assert.Equal(t, blockedOnChannel, classify(coroutine), "iter.Pull's coroutine waiting for next")
	stop()
	mu.Lock()
	woken = true
	mu.Unlock()
	cond.Broadcast()
	held.Unlock()
	pr.Close()
	pw2.Close()
	wg.Wait()
}

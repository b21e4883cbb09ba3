package gen

import (
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"chanbench/designs"
)

// designsDir is the designs package, seen from this package's directory.
const designsDir = "../.."

// TestEveryDesignGenerates generates the model of every registered design
// (designs.All) and checks what each must hold: its three processes, its
// Go type as List finds it, and, for the designs named in want, channels
// with the capacity their Go code gives them and constructs of their
// loops. A registered design the generator cannot model declares so
// (designs.Unmodelled), and must be refused naming that construct.
func TestEveryDesignGenerates(t *testing.T) {
	ds, err := List(designsDir, "")
	require.NoError(t, err)
	types := map[string]string{}
	for _, d := range ds {
		types[d.Name] = d.Type
	}
	want := map[string][]string{
		"unbuffered": {"chan req = [0] of { byte }", "chan data[STREAMS] = [0] of { mtype, byte, byte }", "chan ctrl[STREAMS] = [0] of { mtype, byte, byte }"},
		"explicit":   {"chan req = [CAP] of { byte }", "chan data[STREAMS] = [CAP] of { mtype, byte, byte }", "chan stop = [CAP] of { byte }"},
		"dropsender": {"bool dataClosed[STREAMS];", "bool ctrlClosed[STREAMS];", "(in == data[stream] && dataClosed[stream] && empty(data[stream]))",
			"assert(!ctrlClosed[s]); ctrlClosed[s] = true"},
		"router": {"chan out[STREAMS] = [CAP] of { mtype, byte, byte }", "chan result = [CAP] of { mtype, byte, byte }",
			"toNet(out[m_stream], SHUTDOWN, 0, m_stream)"},
		"terminal-routed": {"chan data[STREAMS] = [CAP] of { mtype, byte, byte }", "chan ctrl[STREAMS] = [CAP] of { mtype, byte, byte }",
			"netDrain(data[stream])", "sourceRead(x, ok, m_kind, m_seq, m_stream)"},
		"locks": {"chan routerIn = [(STREAMS*WINDOW)] of { byte }", "chan netIn[STREAMS] = [(WINDOW+2)] of { mtype, byte, byte }",
			"byte netMu[STREAMS];", "condWait(netMu[stream], netCond_t[stream], netCond_n[stream], ticket)",
			"fifoPutMsg(netIn[x], (WINDOW+2), m_kind, m_seq, m_stream)", "condSignal(netCond_t[x], netCond_n[x])",
			"netHandleAsk(m_kind, m_seq, asking)", "run net_afterDone1(stream)", "proctype router_go2()", "quit ->"},
	}
	for name := range want {
		_, err := designs.ByName(name)
		require.NoError(t, err, "want names a design that is not registered")
	}
	for _, reg := range designs.All() {
		name := reg.Name()
		typ, ok := types[name]
		require.True(t, ok, "registered design %s: no type of package designs with Name and Wire returns it", name)
		m, err := Generate(Options{Dir: designsDir, Design: name})
		if refusal := designs.ModelRefusal(reg); refusal != "" {
			// designs.Unmodelled: refused, naming the construct it declares.
			var e *Error
			require.True(t, errors.As(err, &e), "%s declares the refusal %q: want a refusal, got %v", name, refusal, err)
			require.Contains(t, e.Construct, refusal, name)
			continue
		}
		require.NoError(t, err, name)
		text := string(m.Text)
		require.Equal(t, typ, m.Type)
		for _, p := range []string{"active [STREAMS] proctype net()", "active proctype router()", "active proctype script()", `#include "workflow.pml"`} {
			require.Contains(t, text, p, name)
		}
		for _, s := range want[name] {
			require.Contains(t, text, s, name)
		}
		again, err := Generate(Options{Dir: designsDir, Type: typ})
		require.NoError(t, err)
		require.Equal(t, text, string(again.Text), "%s: generated twice, the models differ", name)
	}
	_, err = Generate(Options{Dir: designsDir, Design: "no-such-design"})
	require.ErrorContains(t, err, `no design "no-such-design"`)
	require.ErrorContains(t, err, "explicit (Explicit)")
}

// TestRefusals checks that a construct the generator cannot translate is
// an error naming the file, the line and the construct, and that no model
// comes with it.
func TestRefusals(t *testing.T) {
	file := filepath.Join("testdata", "refuse.go")
	src, err := os.ReadFile(file)
	require.NoError(t, err)
	for _, c := range []struct{ typ, marker, construct string }{
		{"Sleeper", "sleeper", "call time.Sleep(time.Millisecond) (not a call of the harness API)"},
		{"Spawner", "spawner", "a go statement"},
		{"Breaker", "breaker", "break inside a select"},
		{"Mapper", "mapper", "make of map[int32]bool (only channels)"},
		{"Piper", "piper", "io.Pipe (a pipe is not modelled"},
		{"TryLocker", "try-locker", "expression mu.TryLock()"},
		{"CondOnNew", "cond-on-new", "sync.NewCond of other than &mu"},
		{"EmptyFIFO", "empty-fifo", "a FIFO of capacity 0"},
		{"AskReturner", "ask-returner", "a return inside a function literal"},
	} {
		t.Run(c.typ, func(t *testing.T) {
			m, err := Generate(Options{Dir: designsDir, File: file, Type: c.typ})
			require.Error(t, err)
			require.Nil(t, m)
			var e *Error
			require.True(t, errors.As(err, &e), "%v is not a refusal", err)
			require.Equal(t, lineOf(t, string(src), "refused here: "+c.marker), e.Pos.Line, "%v", err)
			require.Equal(t, file, e.Pos.Filename)
			require.Contains(t, e.Construct, c.construct)
			require.Contains(t, err.Error(), file+":"+strconv.Itoa(e.Pos.Line)+":")
		})
	}
}

func lineOf(t *testing.T, src, marker string) int {
	t.Helper()
	for i, l := range strings.Split(src, "\n") {
		if strings.Contains(l, marker) {
			return i + 1
		}
	}
	t.Fatalf("no line marked %q", marker)
	return 0
}

// TestOneConstructChangesTheVerdict generates the models of designs that
// differ in one construct and checks that Spin's verdicts differ as they
// should: a capacity (0 against the configured one), two sends swapped,
// a close left out. Each pair at one grid point: one chunk, window 1,
// capacity 1, the source failing.
func TestOneConstructChangesTheVerdict(t *testing.T) {
	requireSpin(t)
	for _, c := range []struct {
		file, typ, want string
	}{
		{"variants.go", "MsgCap0", "verified"},      // make(chan …, 0): the rendezvous orders error and shutdown
		{"variants.go", "MsgCapCfg", "refuted"},     // make(chan …, w.Config().Capacity): the archetype bug
		{"variants.go", "RouterFIFO", "verified"},   // the error, then the shutdown, on one channel
		{"variants.go", "RouterSwapped", "refuted"}, // the shutdown, then the error
		{"dropsender.go", "DropClose", "verified"},  // script closes data after its last value
		{"dropsender.go", "DropNoClose", "refuted"}, // it does not: net waits forever
	} {
		t.Run(c.typ, func(t *testing.T) {
			m, err := Generate(Options{Dir: designsDir, File: filepath.Join("testdata", c.file), Type: c.typ})
			require.NoError(t, err)
			require.Equal(t, c.want, verdict(t, m.Text, "-DCHUNKS=1", "-DWINDOW=1", "-DCAP=1", "-DOUTCOME=1"))
		})
	}
}

// TestHowNetEnds checks the end reason a design's net gives against how
// the workflow was to end: RouterEndsCancelled reports a shutdown as a
// cancellation, so it is refuted when the source ends (done) and verified
// when net itself cancels (after 1 of 2 chunks), where RouterFIFO is
// verified both ways.
func TestHowNetEnds(t *testing.T) {
	requireSpin(t)
	done := []string{"-DCHUNKS=2", "-DWINDOW=1", "-DCAP=1", "-DOUTCOME=0"}
	cancel := []string{"-DCHUNKS=2", "-DWINDOW=1", "-DCAP=1", "-DOUTCOME=2", "-DAT=1"}
	for _, c := range []struct {
		typ        string
		defs       []string
		want, name string
	}{
		{"RouterFIFO", done, "verified", "fifo/done"},
		{"RouterFIFO", cancel, "verified", "fifo/cancel"},
		{"RouterEndsCancelled", done, "refuted", "ends-cancelled/done"},
		{"RouterEndsCancelled", cancel, "verified", "ends-cancelled/cancel"},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, err := Generate(Options{Dir: designsDir, File: filepath.Join("testdata", "variants.go"), Type: c.typ})
			require.NoError(t, err)
			require.Equal(t, c.want, verdict(t, m.Text, c.defs...))
		})
	}
}

// TestStreamsChangeTheVerdict checks a construct that matters only with
// several streams: a router that shuts down every stream on one stream's
// stop (a range loop over the streams) is verified with one stream and
// refuted with two, where the router that shuts down the stream that
// stopped is verified both ways.
func TestStreamsChangeTheVerdict(t *testing.T) {
	requireSpin(t)
	point := []string{"-DCHUNKS=1", "-DWINDOW=1", "-DCAP=0", "-DOUTCOME=1"}
	for _, c := range []struct {
		typ, streams, want string
	}{
		{"StopOne", "1", "verified"},
		{"StopOne", "2", "verified"},
		{"StopAll", "1", "verified"},
		{"StopAll", "2", "refuted"},
	} {
		t.Run(c.typ+"/"+c.streams, func(t *testing.T) {
			m, err := Generate(Options{Dir: designsDir, File: filepath.Join("testdata", "streams.go"), Type: c.typ})
			require.NoError(t, err)
			require.Equal(t, c.want, verdict(t, m.Text, append([]string{"-DSTREAMS=" + c.streams}, point...)...))
		})
	}
}

// TestTwoStreams checks that every design's model is a valid Promela
// model for two streams sharing the router and script (spin -a accepts
// it), and that a design declaring a flaw there (explicit) is refuted
// there as with one stream.
func TestTwoStreams(t *testing.T) {
	requireSpin(t)
	for _, reg := range designs.All() {
		d := Design{Name: reg.Name()}
		if designs.ModelRefusal(reg) != "" {
			continue // not modelled: TestEveryDesignGenerates holds it to its refusal
		}
		m, err := Generate(Options{Dir: designsDir, Design: d.Name})
		require.NoError(t, err)
		dir := t.TempDir()
		lib, err := os.ReadFile(filepath.Join("..", "workflow.pml"))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, "workflow.pml"), lib, 0o644))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "m.pml"), m.Text, 0o644))
		cmd := exec.Command("spin", "-DSTREAMS=2", "-DCHUNKS=1", "-DWINDOW=1", "-DCAP=1", "-DOUTCOME=1", "-a", "m.pml")
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s:\n%s", d.Name, out)
		require.FileExists(t, filepath.Join(dir, "pan.c"), d.Name)
		cfg := designs.DefaultConfig()
		cfg.Streams, cfg.Chunks, cfg.Window, cfg.Capacity, cfg.Outcome = 2, 1, 1, 1, designs.Outcome{Kind: designs.Fail, At: 1}
		if !designs.Correct(reg, cfg) {
			require.Equal(t, "refuted", verdict(t, m.Text, "-DSTREAMS=2", "-DCHUNKS=1", "-DWINDOW=1", "-DCAP=1", "-DOUTCOME=1"), d.Name)
		}
	}
}

// requireSpin skips the test when spin or gcc is not installed, except
// under CI (CI=true), where the model checks must run.
func requireSpin(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"spin", "gcc"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s not found, and CI=true: the model checks must run in CI (install with apt-get install spin)", tool)
			}
			t.Skipf("%s not found: install it with apt-get install spin", tool)
		}
	}
}

var errorsRE = regexp.MustCompile(`errors: (\d+)`)

// verdict checks a model as scripts/verify does, safety (assertions and
// invalid end states) then liveness (the ltl claim, acceptance cycles),
// and says "refuted" if either finds an error.
func verdict(t *testing.T, model []byte, defs ...string) string {
	t.Helper()
	dir := t.TempDir()
	lib, err := os.ReadFile(filepath.Join("..", "workflow.pml"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "workflow.pml"), lib, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "m.pml"), model, 0o644))
	run := func(name string, args ...string) string {
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if name != "./pan" {
			require.NoError(t, err, "%s %v:\n%s", name, args, out)
		}
		return string(out)
	}
	run("spin", append(defs, "-a", "m.pml")...)
	errs := 0
	for _, mode := range [][]string{{"-DSAFETY", "-DNOCLAIM"}, {}} {
		run("gcc", append(append([]string{"-O0", "-DMEMLIM=512"}, mode...), "-o", "pan", "pan.c")...)
		args := []string{"-w20"}
		if len(mode) == 0 {
			args = append(args, "-a")
		}
		out := run("./pan", args...)
		m := errorsRE.FindStringSubmatch(out)
		require.NotNil(t, m, "pan said:\n%s", out)
		require.NotContains(t, out, "out of memory")
		require.NotContains(t, out, "reached -DMEMLIM bound", "an incomplete search is no verdict")
		n, _ := strconv.Atoi(m[1])
		errs += n
	}
	if errs > 0 {
		return "refuted"
	}
	return "verified"
}

// TestLockedFIFOs checks the translation of the locks design's
// constructs (designs.FIFO under a sync.Mutex, per-stream mutexes,
// conditions and FIFOs, n.HandleAsk with its ask, the goroutine waking
// on quit, net's AfterDone) by Spin's verdicts on variants of it
// (testdata/lockfifo.go), one chunk, window 1, the source failing:
// locks itself and its copy from helpers are verified (one stream: with
// two, locks' state space outgrows verdict's 512 MB, and pan stopping at
// its memory bound is no verdict); each variant is refuted: net's inbox one message too small
// (Go's panic on a full FIFO), the quit goroutine waking nobody (the
// router waits for ever), the shutdown put before the error (error
// first), and a put that wakes nobody (net waits for ever).
func TestLockedFIFOs(t *testing.T) {
	requireSpin(t)
	point := []string{"-DCHUNKS=1", "-DWINDOW=1", "-DCAP=0", "-DOUTCOME=1"}
	file := filepath.Join("testdata", "lockfifo.go")
	for _, c := range []struct {
		file, typ, streams, want string
	}{
		{"", "Locks", "1", "verified"},
		{file, "LockedFIFOs", "1", "verified"},
		{file, "SmallInbox", "1", "refuted"},
		{file, "NoQuitWake", "1", "refuted"},
		{file, "ShutdownFirst", "1", "refuted"},
		{file, "NoSignal", "1", "refuted"},
	} {
		t.Run(c.typ+"/"+c.streams, func(t *testing.T) {
			m, err := Generate(Options{Dir: designsDir, File: c.file, Type: c.typ})
			require.NoError(t, err)
			require.Equal(t, c.want, verdict(t, m.Text, append([]string{"-DSTREAMS=" + c.streams}, point...)...))
		})
	}
}

// TestMutantsGenerateOrAreRefused pins which of the test-only mutants
// (designs/mutant_*_test.go) the generator translates and which it refuses
// by name, without Spin: the kill matrix's Spin column, whose rows are all
// optional, would otherwise stay green if the generator came to refuse
// every mutant. A refusal must be an *Error naming the construct.
func TestMutantsGenerateOrAreRefused(t *testing.T) {
	refused := map[string]bool{ // constructs the generator does not translate
		"fastpath-twice": true, "go-send": true, "server-router": true,
		"closer-helper": true, "stringly-error": true, "prefetch": true,
		// signal-one's second worker, started only with two streams or
		// more (a condition on the configuration) from a queue type with
		// methods (reqQueue); pipe-close's io.Pipe; and the goroutines of
		// the GoKer re-expressions
		"signal-one": true, "pipe-close": true,
		"abandoned-copy": true, "wait-in-loop": true,
	}
	files, err := filepath.Glob(filepath.Join(designsDir, "mutant_*_test.go"))
	require.NoError(t, err)
	seen := map[string]bool{}
	for _, file := range files {
		ds, err := List(designsDir, file)
		require.NoError(t, err, file)
		for _, d := range ds {
			if !strings.HasPrefix(filepath.Base(d.File), "mutant_") || seen[d.Name] {
				continue // a design of the package or of another mutant file
			}
			seen[d.Name] = true
			m, err := Generate(Options{Dir: designsDir, File: file, Type: d.Type})
			if refused[d.Name] {
				var e *Error
				require.True(t, errors.As(err, &e), "mutant %s: want a refusal, got %v", d.Name, err)
				require.NotEmpty(t, e.Construct, "mutant %s", d.Name)
				continue
			}
			require.NoError(t, err, "mutant %s", d.Name)
			require.NotNil(t, m, "mutant %s", d.Name)
		}
	}
	require.Len(t, seen, 25, "every mutant file's mutant: %v", seen)
	for name := range refused {
		require.True(t, seen[name], "refused mutant %s not found", name)
	}
}

// TestInternalTestFile generates a design of package designs with an
// internal test file (package designs, importing testify) as the file: its
// module imports are resolved as the go command resolves them, and no
// unrelated internal test file stops the load.
func TestInternalTestFile(t *testing.T) {
	for _, file := range []string{"source_internal_test.go", "perturb_internal_test.go"} {
		m, err := Generate(Options{Dir: designsDir, File: filepath.Join(designsDir, file), Design: "explicit"})
		require.NoError(t, err, file)
		require.Contains(t, string(m.Text), "proctype net()", file)
	}
}

var update = flag.Bool("update", false, "rewrite the golden models in testdata/golden from the generator's output")

// TestGolden generates the model of every registered design the generator
// models, and of the test designs of testdata, and compares each with its
// golden file, testdata/golden/<name>.pml: Go in, Promela out, whole. After
// a deliberate change to the generator, refresh them with
//
//	go test ./designs/model/gen -run TestGolden -update
//
// and read the diff.
func TestGolden(t *testing.T) {
	type input struct{ name, file, typ string }
	var ins []input
	for _, d := range designs.All() {
		if designs.ModelRefusal(d) == "" {
			ins = append(ins, input{name: d.Name()})
		}
	}
	ins = append(ins,
		input{"variants-RouterFIFO", filepath.Join("testdata", "variants.go"), "RouterFIFO"},
		input{"dropsender-DropClose", filepath.Join("testdata", "dropsender.go"), "DropClose"},
		input{"streams-StopAll", filepath.Join("testdata", "streams.go"), "StopAll"},
		input{"locks-CondHandoff", filepath.Join("testdata", "locks.go"), "CondHandoff"},
	)
	for _, in := range ins {
		t.Run(in.name, func(t *testing.T) {
			o := Options{Dir: designsDir, Design: in.name}
			if in.file != "" {
				o = Options{Dir: designsDir, File: in.file, Type: in.typ}
			}
			m, err := Generate(o)
			require.NoError(t, err)
			golden := filepath.Join("testdata", "golden", in.name+".pml")
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
				require.NoError(t, os.WriteFile(golden, m.Text, 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "no golden model: go test ./designs/model/gen -run TestGolden -update")
			require.Equal(t, string(want), string(m.Text), "%s: the model differs from %s (after a deliberate change: -update, and read the diff)", in.name, golden)
		})
	}
}

// TestLocks checks the translation of sync.Mutex and sync.Cond on the
// designs of testdata/locks.go (RouterSerialized whose nets first wait on
// a Cond until script has started every stream) by Spin's verdicts, one
// chunk, window 1, capacity 1, the source failing: waking every net
// (Broadcast) is verified with one stream and two; Signal wakes one net,
// verified with one stream and refuted with two (the other net waits
// forever); waking nobody is refuted (a net that waits first waits
// forever); a mutex locked and never unlocked is refuted (script blocks
// on it).
func TestLocks(t *testing.T) {
	requireSpin(t)
	point := []string{"-DCHUNKS=1", "-DWINDOW=1", "-DCAP=1", "-DOUTCOME=1"}
	for _, c := range []struct {
		typ, streams, want string
	}{
		{"CondHandoff", "1", "verified"},
		{"CondHandoff", "2", "verified"},
		{"CondSignalOne", "1", "verified"},
		{"CondSignalOne", "2", "refuted"},
		{"CondNoNotify", "1", "refuted"},
		{"LockTwice", "1", "refuted"},
	} {
		t.Run(c.typ+"/"+c.streams, func(t *testing.T) {
			m, err := Generate(Options{Dir: designsDir, File: filepath.Join("testdata", "locks.go"), Type: c.typ})
			require.NoError(t, err)
			require.Equal(t, c.want, verdict(t, m.Text, append([]string{"-DSTREAMS=" + c.streams}, point...)...))
		})
	}
}

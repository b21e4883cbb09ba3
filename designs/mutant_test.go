package designs_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"chanbench/designs"
)

// Mutant designs check the checks. Each is a plausible bug in one of the
// real designs, written the way a real design is (a doc comment with its
// diagram, Name, Wire), and each declares, as KnownFlaws, the kinds of
// violation it may show under a configuration: nil where it must be clean.
// Its table entry (mutant) says which invariant it breaks, where it must be
// caught, by which evidence layers, and where it must be clean.
// TestMutantsAreCaught holds every mutant to its entry; TestKillMatrix (run
// by scripts/killmatrix) measures every mutant under every layer.

// layer is a kind of evidence: a schedule regime in a test binary built
// without -race, or the natural scheduler under the race detector.
type layer string

const (
	natural  layer = "natural"
	yield    layer = "yield"
	forced   layer = "forced"
	raceSked layer = "race" // the natural regime in a binary built with -race
	// sched is the scheduled regime, PCT at depth schedDepth, in a test
	// binary built without -race.
	sched layer = "scheduled"
)

// schedDepth is the PCT depth of the sched layer: two change points.
const schedDepth = 3

// everyLayer is what a deterministic mutant must be caught by.
func everyLayer() []layer { return []layer{natural, yield, forced, raceSked} }

// layersHere are the layers this test binary can run.
func layersHere() []layer {
	if raceEnabled {
		return []layer{raceSked}
	}
	return []layer{natural, yield, forced, sched}
}

// regime is the schedule regime a layer runs under.
func (l layer) regime() designs.Regime {
	switch l {
	case yield:
		return designs.Yield
	case forced:
		return designs.Forced
	case sched:
		return designs.Scheduled
	}
	return designs.Natural
}

// configure sets c's regime to l's, with l's PCT depth under sched.
func (l layer) configure(c designs.Config) designs.Config {
	c.Regime = l.regime()
	if l == sched {
		c.SchedDepth = schedDepth
	}
	return c
}

// mutant is one entry of the mutant table.
type mutant struct {
	design designs.Flawed
	// breaks names the invariant the bug breaks, in DESIGN.md's words.
	breaks string
	// signature: a workflow is caught when it shows a violation of one of
	// these kinds; each configuration where it must be caught declares at
	// least one of them. Every violation it shows must be one of
	// design.KnownFlaws(cfg), or the table (or the checker) is wrong.
	signature []designs.ViolationKind
	// catch is the configuration where the mutant must be caught, and
	// where the kill matrix measures it; also are other configurations
	// where it must be caught too (other windows, outcomes, streams).
	catch designs.Config
	also  []designs.Config
	// must are the layers that must catch it, at catch and at also, within
	// the bound; the others are measured at catch, not required.
	must []layer
	// clean are configurations where the bug cannot show: the mutant must
	// have no violation there, in every layer.
	clean []designs.Config
	// raceGated: the mutant is a data race by construction and exists only
	// in binaries built without -race.
	raceGated bool
	// release frees what the mutant may have left behind (a goroutine it
	// leaks on purpose); nil when there is nothing.
	release func()
}

// mutants returns the mutant table, fresh on each call (a mutant may hold
// a channel that its release closes). Adding a mutant is one file and one
// line here.
func mutants() []mutant {
	ms := []mutant{
		errorAsShutdownMutant(),
		stopFirstMutant(),
		shutdownFirstMutant(),
		doubleErrorMutant(),
		dedupZeroMutant(),
		fastPathTwiceMutant(),
		goSendMutant(),
		restampMutant(),
		shutdownAllMutant(),
		cancelEndMutant(),
		blockingRouterMutant(),
		serverRouterMutant(),
		newCloserHelperMutant(),
		doneAgainMutant(),
		stringlyErrorMutant(),
		endThenDrainMutant(),
		ifWaitMutant(),
		signalOneMutant(),
		twoLocksMutant(),
		closedFlagMutant(),
		pipeCloseMutant(),
		abandonedCopyMutant(),
		waitInLoopMutant(),
	}
	return append(ms, raceGatedMutants()...)
}

// cfg is the mutants' base configuration, edited by opts: one stream of
// eight 64-byte chunks, strict pull, done, and a 2 s watchdog, so that a
// mutant that deadlocks costs 2 s, not 20.
func cfg(opts ...func(*designs.Config)) designs.Config {
	c := designs.DefaultConfig()
	c.Chunks = 8
	c.Timeout = 2 * time.Second
	for _, o := range opts {
		o(&c)
	}
	return c
}

// Configuration edits for cfg.
func window(n int) func(*designs.Config) { return func(c *designs.Config) { c.Window = n } }

func streams(n int) func(*designs.Config) { return func(c *designs.Config) { c.Streams = n } }

func chunks(n int) func(*designs.Config) { return func(c *designs.Config) { c.Chunks = n } }

func work(d time.Duration) func(*designs.Config) { return func(c *designs.Config) { c.Work = d } }

func timeout(d time.Duration) func(*designs.Config) { return func(c *designs.Config) { c.Timeout = d } }

func failAt(k int) func(*designs.Config) {
	return func(c *designs.Config) { c.Outcome = designs.Outcome{Kind: designs.Fail, At: k} }
}

func panicAt(k int) func(*designs.Config) {
	return func(c *designs.Config) { c.Outcome = designs.Outcome{Kind: designs.Panic, At: k} }
}

func cancelAt(k int) func(*designs.Config) {
	return func(c *designs.Config) { c.Outcome = designs.Outcome{Kind: designs.Cancel, At: k} }
}

// fails reports whether c's source ends in an error net must record.
func fails(c designs.Config) bool {
	return c.Outcome.Kind == designs.Fail || c.Outcome.Kind == designs.Panic
}

// chunksBefore is the number of chunks the source yields before its
// outcome under c.
func chunksBefore(c designs.Config) int {
	if c.Outcome.Kind == designs.Done {
		return c.Chunks
	}
	return c.Outcome.At
}

// describeConfig names the knobs of c that the mutants vary.
func describeConfig(c designs.Config) string {
	return fmt.Sprintf("window=%d streams=%d chunks=%d outcome=%v work=%v capacity=%d", c.Window, c.Streams, c.Chunks, c.Outcome, c.Work, c.Capacity)
}

// kindNames joins kinds as "error-lost,chunk-lost".
func kindNames(ks []designs.ViolationKind) string {
	names := make([]string, len(ks))
	for i, k := range ks {
		names[i] = k.String()
	}
	return strings.Join(names, ",")
}

// verdict is what one hunt found: caught after Workflows, or not in
// Workflows (the bound).
type verdict struct {
	Caught    bool
	Workflows int
	Seen      []designs.ViolationKind // the kinds of the catching workflow
	Elapsed   time.Duration
	// Undeclared is the first violation of a kind the mutant does not
	// declare under the configuration: a wrong table entry, or a checker
	// bug. Empty when there is none.
	Undeclared string
	// Err is the harness's error: the regime could not be applied.
	Err error
}

// hunt runs m at c under layer l, seeds 1, 2, …, until a workflow shows a
// violation of m's signature or bound workflows have run. It stops early,
// with Undeclared or Err set, on the first violation m does not declare or
// on a harness error.
func hunt(m mutant, c designs.Config, l layer, bound int) verdict {
	start := time.Now()
	c = l.configure(c)
	known := m.design.KnownFlaws(c)
	var v verdict
	for i := 1; i <= bound; i++ {
		c.Seed = uint64(i)
		v.Workflows = i
		res, err := designs.Run(context.Background(), m.design, c)
		if err != nil {
			v.Err = err
			break
		}
		for _, x := range res.Violations {
			if !slices.Contains(known, x.Kind) && v.Undeclared == "" {
				v.Undeclared = x.String()
				if res.Dump != "" {
					v.Undeclared += "\n" + res.Dump
				}
			}
			if slices.Contains(m.signature, x.Kind) && !v.Caught {
				v.Caught = true
			}
			if !slices.Contains(v.Seen, x.Kind) {
				v.Seen = append(v.Seen, x.Kind)
			}
		}
		if v.Caught || v.Undeclared != "" {
			break
		}
		v.Seen = v.Seen[:0]
	}
	v.Elapsed = time.Since(start)
	return v
}

// String renders v as a kill-matrix cell.
func (v verdict) String() string {
	if v.Caught {
		return fmt.Sprintf("caught after %d", v.Workflows)
	}
	return fmt.Sprintf("not caught in %d", v.Workflows)
}

// mutantChans makes one channel of capacity c per stream.
func mutantChans(streams, c int) []chan designs.Msg {
	cs := make([]chan designs.Msg, streams)
	for i := range cs {
		cs[i] = make(chan designs.Msg, c)
	}
	return cs
}

// routedScript is RouterSerialized's script, shared by the mutants of that
// design whose bug is elsewhere: it answers each request with one read of
// the source, sent to the router on result.
func routedScript(read <-chan designs.Request, result chan<- designs.Msg) func(*designs.Script) {
	return func(s *designs.Script) {
		for {
			s.Perturb()
			select {
			case x := <-read:
				m, ok := s.Read(x.Stream)
				if !ok {
					continue // the stream has ended: ignore the request
				}
				s.Perturb()
				select {
				case result <- m:
				case <-s.Quit():
					return
				}
			case <-s.Quit():
				return
			}
		}
	}
}

// routedNet is RouterSerialized's net: it pulls on req and handles what
// arrives on out, ending on the shutdown (inside Handle).
func routedNet(req chan<- designs.Request, out []chan designs.Msg) func(*designs.Net) {
	return func(n *designs.Net) {
		for {
			n.Perturb()
			select {
			case n.Pull(req) <- n.Request():
				n.Pulled()
			case m := <-out[n.Stream]:
				if !n.Handle(m, req) {
					return
				}
			case <-n.Done():
				n.End(designs.EndCancelled)
				return
			}
		}
	}
}

// rate runs m at c under layer l, seeds 1, 2, …, for n workflows or until
// budget has passed, whichever comes first, and returns how many of them
// were caught and how many ran: the strength of a layer, where hunt gives
// only its first catch. undeclared is the first violation m does not
// declare under c, as in hunt.
func rate(m mutant, c designs.Config, l layer, n int, budget time.Duration) (caught, ran int, undeclared string, err error) {
	start := time.Now()
	c = l.configure(c)
	known := m.design.KnownFlaws(c)
	for i := 1; i <= n && time.Since(start) < budget; i++ {
		c.Seed = uint64(i)
		res, err := designs.Run(context.Background(), m.design, c)
		if err != nil {
			return caught, ran, undeclared, err
		}
		ran++
		hit := false
		for _, x := range res.Violations {
			if !slices.Contains(known, x.Kind) && undeclared == "" {
				undeclared = x.String()
			}
			hit = hit || slices.Contains(m.signature, x.Kind)
		}
		if hit {
			caught++
		}
	}
	return caught, ran, undeclared, nil
}

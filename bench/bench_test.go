package bench

import (
	"context"
	"flag"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"

	"chanbench/bench/metric"
	"chanbench/designs"
)

// gridFlag selects the sweeps (see the package comment): "full" for the
// profiles that need every cell (scripts/bench full and forced pass
// -grid=full), "default" for those that fit go test's 10-minute timeout.
var gridFlag = gridVar(flag.CommandLine)

// A grid is the -grid flag's value: which sweeps the benchmarks run.
type grid string

// The values of -grid.
const (
	gridDefault grid = "default"
	gridFull    grid = "full"
)

// gridVar defines the -grid flag in fs, default gridDefault, and returns
// its value. A value other than default or full is refused when fs parses
// it, so that go test stops with the flag package's "invalid value
// "bogus" for flag -grid: want default or full" and exit status 2 before
// any benchmark runs.
func gridVar(fs *flag.FlagSet) *grid {
	g := gridDefault
	fs.Var(&g, "grid", "the sweeps to run: default (fits go test's 10-minute timeout) or full")
	return &g
}

// String returns the value, as flag.Value requires.
func (g *grid) String() string {
	if g == nil {
		return ""
	}
	return string(*g)
}

// Set takes s as the value if it is default or full.
func (g *grid) Set(s string) error {
	switch grid(s) {
	case gridDefault, gridFull:
		*g = grid(s)
		return nil
	}
	return fmt.Errorf("want %s or %s", gridDefault, gridFull)
}

// The sweeps: full with -grid=full, a small subset under -short, and in
// between by default (see the package comment).

func chunkSizes() []int { return pick([]int{64, 4096, 65536}, []int{64, 65536}, []int{64}) }
func windows() []int    { return pick([]int{1, 16}, []int{1, 16}, []int{1}) }
func orderingWindows() []int {
	return pick([]int{1, 2, 4, 16}, []int{1, 16}, []int{1, 2})
}
func streamCounts() []int {
	return pick([]int{1, 16, 256, 4096}, []int{1, 16, 256}, []int{1, 16})
}

// regimesAt returns the schedule regimes BenchmarkOrdering runs at net's
// work w: the natural scheduler at every work; injected yields at no work
// and at 20µs, where net is busy as the archetype needs; the forced state
// at 20µs only, the summary's reference work (a forced workflow costs
// 1–2 ms, and the forced state does not depend on the work); and, with
// -grid=full only, the scheduled regime at 20µs (PCT at depth
// orderingSchedDepth, each workflow's scheduler seeded by its iteration,
// so that a rate is the same on any machine; a scheduled workflow costs
// a stack snapshot per step). So the grid is what the report reads, and a
// plain go test -bench . fits go test's default 10-minute timeout.
func regimesAt(w time.Duration) []designs.Regime {
	switch w {
	case 20 * time.Microsecond:
		if *gridFlag == "full" && !testing.Short() {
			return []designs.Regime{designs.Natural, designs.Yield, designs.Forced, designs.Scheduled}
		}
		return []designs.Regime{designs.Natural, designs.Yield, designs.Forced}
	case 0:
		return []designs.Regime{designs.Natural, designs.Yield}
	}
	return []designs.Regime{designs.Natural}
}
func works() []time.Duration {
	return pick([]time.Duration{0, time.Microsecond, 20 * time.Microsecond, 100 * time.Microsecond},
		[]time.Duration{0, 20 * time.Microsecond, 100 * time.Microsecond},
		[]time.Duration{0, 20 * time.Microsecond})
}
func outcomes() []designs.Outcome {
	return []designs.Outcome{{Kind: designs.Done}, {Kind: designs.Fail, At: 4}}
}

// pick returns short under -short, full with -grid=full, and def
// otherwise (-grid=default; gridVar refuses any other value).
func pick[T any](full, def, short []T) []T {
	switch {
	case testing.Short():
		return short
	case *gridFlag == gridFull:
		return full
	}
	return def
}

// A benchCase is one benchmark of a family (BenchmarkStream, …): the
// parts of its name below the family's, as go test prints them
// (design=D, chunk=64, …), and its body. A family's cases are made from
// a list of designs, designs.All() when the family runs as a benchmark,
// so that a test can run them on a design registered nowhere
// (TestThrowawayBenchmarks).
type benchCase struct {
	path []string
	run  func(b *testing.B)
}

// runCases runs cs as b's sub-benchmarks, a level of b.Run for each part
// of their paths, in the order of their first case, so that go test
// names, matches (-bench) and prints them as it would nested b.Run calls.
// A path is either a case's whole path or a prefix of others, never both.
func runCases(b *testing.B, cs []benchCase) {
	var heads []string
	for _, c := range cs {
		if !slices.Contains(heads, c.path[0]) {
			heads = append(heads, c.path[0])
		}
	}
	for _, h := range heads {
		var below []benchCase
		var leaf func(b *testing.B)
		for _, c := range cs {
			switch {
			case c.path[0] != h:
			case len(c.path) == 1:
				leaf = c.run
			default:
				below = append(below, benchCase{c.path[1:], c.run})
			}
		}
		if leaf != nil && len(below) > 0 {
			b.Fatalf("benchmark %s/%s is both a case and the prefix of others", b.Name(), h)
		}
		if leaf != nil {
			b.Run(h, leaf)
			continue
		}
		b.Run(h, func(b *testing.B) { runCases(b, below) })
	}
}

// BenchmarkStream measures one stream of b.N chunks (outcome done): one op
// is one chunk delivered. The workflow is prepared by designs.New outside
// the timer and timed until its net ends. ns/op and MB/s count the chunks
// delivered, not the chunks produced, so a design that drops chunks does
// not look faster for it. A design that declares it may lose chunks in this
// configuration (designs.KnownFlaws: explicit and terminal-routed above
// window 1) reports the share it lost as lost-chunks/op; any violation a
// design does not declare fails the benchmark.
func BenchmarkStream(b *testing.B) { runCases(b, streamCases(designs.All())) }

// streamCases are BenchmarkStream's cases for ds.
func streamCases(ds []designs.Design) []benchCase {
	var cs []benchCase
	for _, d := range ds {
		for _, chunk := range chunkSizes() {
			for _, window := range windows() {
				at := func(impl string) []string {
					return []string{"design=" + d.Name(), fmt.Sprintf("chunk=%d", chunk), fmt.Sprintf("window=%d", window), "impl=" + impl}
				}
				cfg := designs.DefaultConfig()
				cfg.ChunkSize, cfg.Window = chunk, window
				cs = append(cs, benchCase{at("workflow"), func(b *testing.B) {
					b.SetBytes(int64(chunk))
					b.ReportAllocs()
					cfg := cfg
					cfg.Chunks = b.N
					res := runTimed(b, d, cfg)
					reportDelivered(b, d, cfg, res, chunk)
					h := newHistogram()
					recordChunkLatencies(h, res)
					b.ReportMetric(float64(h.ValueAtQuantile(50)), metric.UnitP50)
					b.ReportMetric(float64(h.ValueAtQuantile(99)), metric.UnitP99)
					b.ReportMetric(float64(h.ValueAtQuantile(99.9)), metric.UnitP999)
				}}, benchCase{at("floor"), func(b *testing.B) {
					b.SetBytes(int64(chunk))
					b.ReportAllocs()
					runFloor(b, d, cfg, 1, b.N)
				}})
			}
		}
	}
	return cs
}

// BenchmarkStreams measures N streams sharing one router (chunk 64, window
// 1): one op is one chunk, over all streams. Each stream carries
// ceil(b.N/N) chunks, so ns/op is reported as the timed time over the
// chunks actually delivered.
func BenchmarkStreams(b *testing.B) { runCases(b, streamsCases(designs.All())) }

// streamsCases are BenchmarkStreams's cases for ds: a design that cannot
// share its router is one case, skipped with the reason.
func streamsCases(ds []designs.Design) []benchCase {
	var cs []benchCase
	for _, d := range ds {
		if why := designs.NotApplicable(d, designs.SharedRouter); why != "" {
			cs = append(cs, benchCase{[]string{"design=" + d.Name()}, func(b *testing.B) { b.Skip(why) }})
			continue
		}
		for _, n := range streamCounts() {
			at := func(impl string) []string {
				return []string{"design=" + d.Name(), fmt.Sprintf("streams=%d", n), "impl=" + impl}
			}
			cfg := designs.DefaultConfig()
			cfg.Streams = n
			cs = append(cs, benchCase{at("workflow"), func(b *testing.B) {
				perStream := (b.N + n - 1) / n
				cfg := cfg
				cfg.Chunks = perStream
				res := runTimed(b, d, cfg)
				reportDelivered(b, d, cfg, res, 0)
				h := newHistogram()
				recordChunkLatencies(h, res)
				b.ReportMetric(float64(h.ValueAtQuantile(99)), metric.UnitP99)
			}}, benchCase{at("floor"), func(b *testing.B) {
				perStream := (b.N + n - 1) / n
				runFloor(b, d, cfg, n, perStream)
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n*perStream), metric.UnitNs)
			}})
		}
	}
	return cs
}

// reportDelivered overrides ns/op (and MB/s, for chunk > 0) with the timed
// time over the chunks net delivered before its end, and, for a design
// that declares it may lose chunks in cfg, reports lost-chunks/op: the share of the
// chunks produced that were not delivered.
func reportDelivered(b *testing.B, d designs.Design, cfg designs.Config, res *designs.Result, chunk int) {
	delivered, produced := countDelivered(res)
	mayLose := slices.Contains(designs.KnownFlaws(d, cfg), designs.ChunkLost)
	per := delivered
	if delivered == 0 {
		if !mayLose || produced == 0 {
			b.Fatalf("%s: no chunk delivered in %d produced", d.Name(), produced)
		}
		// A design that may lose its last chunks can lose every one of
		// a stream this short (b.N = 1 at window 16: go test's first
		// probe, or -benchtime 1x). There is no time per delivered chunk
		// to give: the time is spread over the chunks produced, and
		// lost-chunks/op says all were lost.
		b.Logf("%s: all %d chunks lost; ns/op is over the chunks produced", d.Name(), produced)
		per = produced
	}
	elapsed := b.Elapsed()
	b.ReportMetric(float64(elapsed.Nanoseconds())/float64(per), metric.UnitNs)
	if chunk > 0 {
		b.ReportMetric(float64(delivered)*float64(chunk)/1e6/elapsed.Seconds(), metric.UnitMBs)
	}
	if mayLose {
		b.ReportMetric(float64(produced-delivered)/float64(max(produced, 1)), metric.UnitLost)
	}
}

// countDelivered returns the chunks net delivered before its end, and the
// chunks the sources produced, over every stream of res.
func countDelivered(res *designs.Result) (delivered, produced int) {
	for s, r := range res.Records {
		produced += res.Truth[s].Produced
		for _, e := range r.BeforeEnd() {
			if e.Kind == designs.EventChunk {
				delivered++
			}
		}
	}
	return delivered, produced
}

// BenchmarkWorkflow measures whole workflows of 4 chunks then done or an
// error: one op is one workflow. ns/op is the design's own time
// (designs.Result.DesignTime): making its channels, running its actors
// until the last net ends, and the router and script returning after the
// quit signal. What the harness adds around it (designs.New, the contexts,
// the watchdog, the check) is reported apart as harness-ns/op, so that the
// designs' own setup and shutdown costs are not hidden under it. The
// shutdown latency of a workflow is the time from the source's last
// outcome (Truth.TerminalAt) to net's end event.
//
// The design's own time is read by the actors themselves (see
// designs.Result.DesignTime), so the harness's wake-ups are not in it.
// What a workflow cannot leave out (its goroutines' start, the router and
// script waking to the quit signal) is measured beside the designs, in
// the same run, by design=null (designs.Null, a workflow that does
// nothing): its ns/op is the zero of every design's, and a design's
// ns/op minus null's is what its channels and loops cost. Null's records
// are not judged (it delivers nothing by construction), so it reports no
// violations/op and no shutdown latency.
func BenchmarkWorkflow(b *testing.B) { runCases(b, workflowCases(designs.All())) }

// workflowCases are BenchmarkWorkflow's cases for ds, and for design=null
// after them.
func workflowCases(ds []designs.Design) []benchCase {
	var cs []benchCase
	for _, d := range append(slices.Clip(ds), designs.Null{}) {
		for _, o := range outcomes() {
			cs = append(cs, benchCase{[]string{"design=" + d.Name(), "outcome=" + o.Kind.String()}, func(b *testing.B) { benchWorkflow(b, d, o) }})
		}
	}
	return cs
}

// benchWorkflow is one case of BenchmarkWorkflow: design d, outcome o.
func benchWorkflow(b *testing.B, d designs.Design, o designs.Outcome) {
	null := d.Name() == designs.Null{}.Name()
	cfg := designs.DefaultConfig()
	cfg.Chunks, cfg.Outcome = 4, o
	shutdown := make([]time.Duration, 0, b.N)
	violated := 0
	var own time.Duration
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		w, err := designs.New(d, cfg)
		if err != nil {
			b.Fatal(err)
		}
		res := w.Run(ctx)
		if res.DesignTime == 0 {
			b.Fatalf("%s: no design time: the watchdog fired or an actor did not return\n%s", d.Name(), res.Dump)
		}
		own += res.DesignTime
		if null {
			continue
		}
		if !res.OK() {
			violated++
		}
		failOnUndeclared(b, d, cfg, res)
		if lat, ok := shutdownLatency(res); ok {
			shutdown = append(shutdown, lat)
		}
	}
	b.StopTimer()
	n := float64(b.N)
	b.ReportMetric(float64(own.Nanoseconds())/n, metric.UnitNs)
	b.ReportMetric(float64((b.Elapsed()-own).Nanoseconds())/n, metric.UnitHarness)
	if null {
		return
	}
	h := newHistogram()
	for _, lat := range shutdown {
		record(h, lat)
	}
	b.ReportMetric(float64(h.ValueAtQuantile(50)), metric.UnitShutdownP50)
	b.ReportMetric(float64(h.ValueAtQuantile(99)), metric.UnitShutdownP99)
	b.ReportMetric(float64(violated)/n, metric.UnitViolations)
}

// BenchmarkOrdering counts ordering violations: one op is one workflow of
// one stream, 4 chunks then an error, with net keeping W requests
// outstanding and doing X of work per chunk, under regime R.
// violations/op is the share of workflows with at least one violation, and
// <kind>/op the share with a violation of that kind; times b.N, each is a
// count x out of N. The report pools the -count runs into x out of N and
// gives an interval that accounts for the variation between runs.
//
// The window is the axis of terminal-routed, Servo's merged shape: clean at
// window 1, it can lose a chunk above it. explicit's rate as a function of
// the window is worth seeing too.
//
// Keep b.N ≤ 10000 per run: a rate is printed with four significant
// digits, which gives back the exact count x only up to there.
func BenchmarkOrdering(b *testing.B) { runCases(b, orderingCases(designs.All())) }

// orderingCases are BenchmarkOrdering's cases for ds.
func orderingCases(ds []designs.Design) []benchCase {
	var cs []benchCase
	for _, d := range ds {
		for _, window := range orderingWindows() {
			for _, work := range works() {
				for _, regime := range regimesAt(work) {
					cfg := orderingConfig(window, work, regime)
					at := []string{"design=" + d.Name(), fmt.Sprintf("window=%d", window), "work=" + work.String(), "regime=" + regime.String()}
					cs = append(cs, benchCase{at, func(b *testing.B) { benchOrdering(b, d, cfg) }})
				}
			}
		}
	}
	return cs
}

// orderingConfig is BenchmarkOrdering's workflow at window, net's work
// and regime: one stream of 4 chunks then an error, and under the
// scheduled regime PCT at depth orderingSchedDepth.
func orderingConfig(window int, work time.Duration, regime designs.Regime) designs.Config {
	cfg := designs.DefaultConfig()
	cfg.Chunks, cfg.Outcome = 4, designs.Outcome{Kind: designs.Fail, At: 4}
	cfg.Window, cfg.Work, cfg.Regime = window, work, regime
	if regime == designs.Scheduled {
		cfg.SchedDepth = orderingSchedDepth
	}
	return cfg
}

// orderingSchedDepth is the PCT depth of BenchmarkOrdering's scheduled
// regime: two priority change points.
const orderingSchedDepth = 3

func benchOrdering(b *testing.B, d designs.Design, cfg designs.Config) {
	ctx := context.Background()
	var tally violationTally
	for i := range b.N {
		if cfg.Regime == designs.Scheduled {
			cfg.SchedSeed = uint64(i + 1) // workflow i's schedule, on any machine
		}
		res, err := designs.Run(ctx, d, cfg)
		if err != nil {
			b.Fatal(err)
		}
		failOnUndeclared(b, d, cfg, res)
		tally.add(res)
	}
	tally.report(b)
}

// A violationTally counts a benchmark's workflows with a violation, in
// all and of each kind (a workflow counts once per kind it shows).
type violationTally struct {
	violated int
	byKind   [256]int
}

// add counts res.
func (t *violationTally) add(res *designs.Result) {
	if !res.OK() {
		t.violated++
	}
	var seen [256]bool
	for _, v := range res.Violations {
		if !seen[v.Kind] {
			seen[v.Kind] = true
			t.byKind[v.Kind]++
		}
	}
}

// report reports the counts as shares of b.N: violations/op and one
// <kind>/op per violation kind.
func (t *violationTally) report(b *testing.B) {
	n := float64(b.N)
	b.ReportMetric(float64(t.violated)/n, metric.UnitViolations)
	for _, k := range designs.ViolationKinds() {
		b.ReportMetric(float64(t.byKind[k])/n, metric.KindUnit(k))
	}
}

// runTimed prepares a workflow of d (outside the timer), then times it from
// its start (designs.Workflow.OnStart) to the end of its last net, and
// returns its result. It fails
// b on any violation d does not declare for cfg, and if the regime could
// not be applied.
func runTimed(b *testing.B, d designs.Design, cfg designs.Config) *designs.Result {
	b.StopTimer()
	w, err := designs.New(d, cfg)
	if err != nil {
		b.Fatal(err)
	}
	// The timer starts once the harness has made what it needs (contexts,
	// the watchdog), just before the design wires its channels, as the
	// floor's does; it stops when the last net ends.
	w.OnStart(func() { b.ResetTimer(); b.StartTimer() })
	w.OnNetsEnded(b.StopTimer)
	// New may have allocated a large record: collect now, so that no
	// garbage collection started by it runs in the timed region.
	runtime.GC()
	res := w.Run(context.Background())
	b.StopTimer()
	failOnUndeclared(b, d, cfg, res)
	return res
}

// failOnUndeclared fails b on any violation in res of a kind that d does not
// declare for cfg (designs.KnownFlaws), and on a workflow not run as
// configured (undeclared): a correct design must have none. Designs' own
// tests hold them to the same declaration; a benchmark that hid a
// violation would publish a number for a workflow that went wrong.
func failOnUndeclared(b fataler, d designs.Design, cfg designs.Config, res *designs.Result) {
	if err := undeclared(d, cfg, res); err != nil {
		b.Fatalf("%s at window %d, outcome %v: %v", d.Name(), cfg.Window, cfg.Outcome, err)
	}
}

// undeclared returns an error listing res's violations of kinds d does not
// declare for cfg (designs.KnownFlaws), and res.Err; nil if there are none.
func undeclared(d designs.Design, cfg designs.Config, res *designs.Result) error {
	if res.Err != nil {
		return fmt.Errorf("workflow not run as configured: %w", res.Err)
	}
	known := designs.KnownFlaws(d, cfg)
	var bad []string
	for _, v := range res.Violations {
		if !slices.Contains(known, v.Kind) {
			bad = append(bad, v.String())
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("%d undeclared violations: %s\n%s", len(bad), strings.Join(bad, "; "), res.Dump)
	}
	return nil
}

// fataler is the part of testing.B that failOnUndeclared needs.
type fataler interface {
	Fatalf(format string, args ...any)
}

// runFloor times d's floor moving chunks chunks on each of streams streams
// of cfg, from the start of the run to the end of its last net. It skips b
// if d declares no floor, and fails b if a chunk went missing, out of
// order or corrupted.
func runFloor(b *testing.B, d designs.Design, cfg designs.Config, streams, chunks int) {
	f, err := FloorOf(d, cfg)
	if err != nil {
		b.Skip(err)
	}
	cfg.Streams, cfg.Chunks = streams, chunks
	b.StopTimer()
	runtime.GC()
	moved, err := f.Run(cfg, func() { b.ResetTimer(); b.StartTimer() }, b.StopTimer)
	b.StopTimer()
	if err != nil {
		b.Fatal(err)
	}
	if moved != streams*chunks {
		b.Fatalf("floor of %s moved %d chunks, want %d", d.Name(), moved, streams*chunks)
	}
}

// newHistogram returns a histogram of nanoseconds from 1ns to a minute, at
// three significant digits.
func newHistogram() *hdrhistogram.Histogram {
	return hdrhistogram.New(1, int64(time.Minute), 3)
}

// record adds d to h, clamped into h's range.
func record(h *hdrhistogram.Histogram, d time.Duration) {
	v := min(max(int64(d), h.LowestTrackableValue()), h.HighestTrackableValue())
	if err := h.RecordValue(v); err != nil {
		panic(err) // v is in range
	}
}

// recordChunkLatencies adds to h the latency of every chunk net received
// before its end: from the moment net wanted it (its window slot freed,
// designs.Event.Asked) to its receipt.
func recordChunkLatencies(h *hdrhistogram.Histogram, res *designs.Result) {
	for _, r := range res.Records {
		for _, e := range r.Events {
			if e.Kind == designs.EventChunk && !e.Late {
				record(h, e.At-e.Asked)
			}
		}
	}
}

// shutdownLatency is the time from the source's last outcome to net's end,
// for a workflow of one stream whose source ended and whose net ended.
func shutdownLatency(res *designs.Result) (time.Duration, bool) {
	if len(res.Records) != 1 || len(res.Truth) != 1 || !res.Truth[0].Ended {
		return 0, false
	}
	end, ok := res.Records[0].End()
	if !ok {
		return 0, false
	}
	return end.At - res.Truth[0].TerminalAt, true
}

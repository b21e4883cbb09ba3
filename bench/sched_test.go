package bench

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"chanbench/bench/metric"
	"chanbench/designs"
)

// schedSeedEnv names the environment variable that fixes the base seed of
// BenchmarkScheduledBound and BenchmarkScheduledReplay, to replay a run;
// by default every run draws a fresh one.
const schedSeedEnv = "CHANBENCH_SCHED_SEED"

// schedBase returns a run's base seed: CHANBENCH_SCHED_SEED if set, else
// a fresh one below 2^32, so that the sched-seed-base metric prints it
// exactly. Every run (every b.N of go test's ramp-up, every round, every
// -count) draws its own, so the runs the report pools are independent
// samples of seeds, unlike BenchmarkOrdering's scheduled cells, whose
// seeds are 1…N in every run.
func schedBase() (uint64, error) { return envSeed(schedSeedEnv) }

// BenchmarkScheduledBound measures what PCT's bound needs, for every
// design: one op is one scheduled workflow (ScheduledBoundConfig: 4 streams
// of 16 chunks, window 16, an error at chunk 8, PCT at depth 2; the name
// carries the window, streams and outcome, which the report checks
// against ScheduledBoundConfig), workflow
// i of a run seeded base+i, base drawn afresh by each run (set
// CHANBENCH_SCHED_SEED to replay one) and reported as sched-seed-base.
// It reports
//
//	violations/op        the share of workflows with any violation, and
//	                     <kind>/op each kind's, as BenchmarkOrdering does
//	min-find-p           the smallest per-workflow find probability
//	                     (designs.Schedule.FindProbability)
//	steps/op, max-steps  the scheduling steps a workflow took
//	sched-seed-base      the run's base seed
//
// A workflow that took more than k steps has no bound and fails the
// benchmark, as does any violation its design does not declare. For a
// design correct there (designs.Correct), N clean workflows pooled over
// the runs bound a missed depth-2 bug by designs.MissProbability(p, N),
// p the smallest min-find-p; explicit and terminal-routed, which are not
// correct at window 16, run too, and their violations/op is their
// scheduled rate there. The report states both.
func BenchmarkScheduledBound(b *testing.B) { runCases(b, schedBoundCases(designs.All())) }

// schedBoundCases are BenchmarkScheduledBound's cases for ds.
func schedBoundCases(ds []designs.Design) []benchCase {
	var cs []benchCase
	for _, d := range ds {
		cfg := ScheduledBoundConfig()
		at := []string{"design=" + d.Name(), fmt.Sprintf("window=%d", cfg.Window), fmt.Sprintf("streams=%d", cfg.Streams), "outcome=" + cfg.Outcome.Kind.String()}
		cs = append(cs, benchCase{at, func(b *testing.B) { benchScheduledBound(b, d, cfg) }})
	}
	return cs
}

// benchScheduledBound is one case of BenchmarkScheduledBound: design d
// under cfg.
func benchScheduledBound(b *testing.B, d designs.Design, cfg designs.Config) {
	base, err := schedBase()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	steps, most := 0, 0
	var tally violationTally
	p := 1.0
	for i := range b.N {
		cfg.SchedSeed = base + uint64(i) + 1
		res, err := designs.Run(ctx, d, cfg)
		if err != nil {
			b.Fatalf("%s, seed %d: %v", d.Name(), cfg.SchedSeed, err)
		}
		failOnUndeclared(b, d, cfg, res)
		if res.Schedule == nil {
			b.Fatalf("%s, seed %d: no schedule recorded", d.Name(), cfg.SchedSeed)
		}
		q, ok := res.Schedule.FindProbability()
		if !ok {
			b.Fatalf("%s, seed %d: %d steps, more than k = %d: no PCT bound", d.Name(), cfg.SchedSeed, len(res.Schedule.Taken), res.Schedule.Steps)
		}
		p = min(p, q)
		steps += len(res.Schedule.Taken)
		most = max(most, len(res.Schedule.Taken))
		tally.add(res)
	}
	n := float64(b.N)
	tally.report(b)
	b.ReportMetric(p, metric.UnitFindP)
	b.ReportMetric(float64(steps)/n, metric.UnitSteps)
	b.ReportMetric(float64(most), metric.UnitMaxSteps)
	b.ReportMetric(float64(base), metric.UnitSchedBase)
}

// schedReplayReruns is how often BenchmarkScheduledReplay reruns each
// failing seed.
const schedReplayReruns = 10

// schedReplayScan is the most workflows BenchmarkScheduledReplay runs to
// find one failing seed before it gives up.
const schedReplayScan = 5000

// A replayCase is a design and window whose scheduled workflows fail, for
// BenchmarkScheduledReplay.
type replayCase struct {
	design string
	window int
}

// replayCases are the designs BenchmarkScheduledReplay measures, each
// where it is known to fail: explicit at window 1 (the error lost or
// late) and terminal-routed at window 16 (a chunk lost).
func replayCases() []replayCase { return []replayCase{{"explicit", 1}, {"terminal-routed", 16}} }

// replayConfig is rc's workflow: BenchmarkOrdering's scheduled one at
// rc's window.
func replayConfig(rc replayCase) designs.Config {
	return orderingConfig(rc.window, 20*time.Microsecond, designs.Scheduled)
}

// BenchmarkScheduledReplay measures how often a failing seed reproduces
// its failure. The workflow is BenchmarkOrdering's scheduled one (one
// stream of 4 chunks then an error, net's work 20µs, PCT at depth 3) at
// the case's window. One op is one rerun of a failing seed: the benchmark
// takes the next failing seed (seeds base+1, base+2, … from a fresh base,
// until a workflow shows a violation) and reruns it with the same
// configuration, schedReplayReruns times before it takes the next one
// (the last seed of a run may get fewer). It reports
//
//	same-kinds/op        the share of reruns with the same kinds of
//	                     violation as the seed's failure
//	same-schedule/op     the share of reruns that took the same schedule
//	                     (designs.Schedule.Taken)
//	scanned-per-seed     workflows run to find each failing seed, over
//	                     the run (one over the scheduled violation rate)
//	sched-seed-base      the run's base seed
//
// Both shares are counts per op, so the report pools them over runs as it
// does violation rates. What a seed cannot control (which ready case a
// select picks, among others: see designs.Schedule) is why either can be
// below 1.
func BenchmarkScheduledReplay(b *testing.B) {
	for _, rc := range replayCases() {
		d, err := designs.ByName(rc.design)
		if err != nil {
			b.Fatal(err)
		}
		cfg := replayConfig(rc)
		b.Run(fmt.Sprintf("design=%s/window=%d", d.Name(), rc.window), func(b *testing.B) { benchScheduledReplay(b, d, cfg) })
	}
}

// benchScheduledReplay is one case of BenchmarkScheduledReplay: design d
// under cfg.
func benchScheduledReplay(b *testing.B, d designs.Design, cfg designs.Config) {
	base, err := schedBase()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	run := func(seed uint64) *designs.Result {
		cfg.SchedSeed = seed
		res, err := designs.Run(ctx, d, cfg)
		if err != nil {
			b.Fatalf("%s, seed %d: %v", d.Name(), seed, err)
		}
		failOnUndeclared(b, d, cfg, res)
		return res
	}
	next, scanned, seeds, sameKinds, sameSchedule := base, 0, 0, 0, 0
	var first *designs.Result
	var want []designs.ViolationKind
	for i := range b.N {
		if i%schedReplayReruns == 0 {
			first = nil
			for tried := 0; first == nil; tried++ {
				if tried == schedReplayScan {
					b.Fatalf("%s at window %d: no failing seed in %d workflows from seed %d", d.Name(), cfg.Window, tried, next-uint64(tried)+1)
				}
				next++
				scanned++
				if res := run(next); !res.OK() {
					first = res
				}
			}
			seeds++
			want = violationKinds(first)
		}
		res := run(first.Schedule.Seed)
		if slices.Equal(violationKinds(res), want) {
			sameKinds++
		}
		if slices.Equal(res.Schedule.Taken, first.Schedule.Taken) {
			sameSchedule++
		}
	}
	n := float64(b.N)
	b.ReportMetric(float64(sameKinds)/n, metric.UnitSameKinds)
	b.ReportMetric(float64(sameSchedule)/n, metric.UnitSameSchedule)
	b.ReportMetric(float64(scanned)/float64(seeds), metric.UnitScanned)
	b.ReportMetric(float64(base), metric.UnitSchedBase)
}

// violationKinds returns the kinds of res's violations, sorted, without
// repeats.
func violationKinds(res *designs.Result) []designs.ViolationKind {
	var ks []designs.ViolationKind
	for _, v := range res.Violations {
		ks = append(ks, v.Kind)
	}
	slices.Sort(ks)
	return slices.Compact(ks)
}

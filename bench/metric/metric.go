// Package metric names the units chanbench's benchmarks report, as go test
// prints them. It is their one home: package bench reports them and
// report/ reads them from here; a leaf package, so that the report's
// packages that bench's tests import (report/saturation) can use it too.
package metric

import "chanbench/designs"

// The units chanbench's benchmarks report.
const (
	UnitNs          = "ns/op"              // time per op: per chunk (Stream, Streams, Ratio) or per workflow (Workflow)
	UnitMBs         = "MB/s"               // chunk bytes delivered per second
	UnitP50         = "p50-ns/op"          // chunk latency, each run's percentile
	UnitP99         = "p99-ns/op"          //
	UnitP999        = "p99.9-ns/op"        //
	UnitLost        = "lost-chunks/op"     // chunks lost at the end of the stream, per chunk
	UnitHarness     = "harness-ns/op"      // the harness's own time per workflow
	UnitShutdownP50 = "shutdown-p50-ns/op" // from the source's last outcome to net's end
	UnitShutdownP99 = "shutdown-p99-ns/op" //
	UnitViolations  = "violations/op"      // workflows with any violation; each kind is KindUnit
	UnitRatio       = "ratio"              // BenchmarkRatio, by the wall clock
	UnitCPURatio    = "cpu-ratio"          // BenchmarkRatio, by the process's CPU time

	// BenchmarkLoad's.
	UnitOffered      = "offered-streams/s"
	UnitArrived      = "arrived-streams/s"
	UnitCompleted    = "completed-streams/s"
	UnitLatencyP50   = "latency-p50-ns/op"
	UnitLatencyP99   = "latency-p99-ns/op"
	UnitLatencyP999  = "latency-p99.9-ns/op"
	UnitChunkP99     = "chunk-p99-ns/op"
	UnitStartLateP99 = "start-late-p99-ns/op"
	UnitUnreliable   = "unreliable/op"
	UnitLeaked       = "leaked/op"
	UnitCut          = "cut-streams"        // streams cancelled with no completion (loadGrace)
	UnitSpawned      = "spawned-goroutines" // goroutines the run started
	UnitDuration     = "duration-s"         // from the first arrival to the last
	// UnitSeed is the seed of the round a point belongs to: every point of
	// one round (one process) has the same, and a round's points form one
	// sweep per design.
	UnitSeed = "seed"
)

// KindUnit is the unit counting the workflows with a violation of kind k,
// such as "error-lost/op".
func KindUnit(k designs.ViolationKind) string { return k.String() + "/op" }

// KindOf returns the violation kind unit counts, if unit is a KindUnit.
func KindOf(unit string) (designs.ViolationKind, bool) {
	for _, k := range designs.ViolationKinds() {
		if KindUnit(k) == unit {
			return k, true
		}
	}
	return 0, false
}

// The scheduled regime's units (BenchmarkScheduledBound and
// BenchmarkScheduledReplay).
const (
	// UnitFindP is the smallest, over a run's workflows, of PCT's
	// per-workflow find probability (designs.Schedule.FindProbability):
	// a bug of the run's depth shows in each workflow with at least this
	// probability.
	UnitFindP = "min-find-p"
	// UnitSteps is the scheduling steps a workflow took
	// (len(designs.Schedule.Taken)), averaged over the run.
	UnitSteps = "steps/op"
	// UnitMaxSteps is the most steps any workflow of the run took; PCT's
	// bound holds while it is at most k (designs.Schedule.Steps).
	UnitMaxSteps = "max-steps"
	// UnitSchedBase is the base seed of a run: its workflow i (from 1) is
	// scheduled by seed base+i, so a run is replayed from it. Every run
	// draws a fresh one, so that pooled runs are independent samples.
	UnitSchedBase = "sched-seed-base"
	// UnitScanned is the workflows run to find each failing seed
	// (BenchmarkScheduledReplay), over a run: one over the scheduled
	// violation rate.
	UnitScanned = "scanned-per-seed"
	// UnitSameKinds is the share of a failing seed's reruns (one op each)
	// that showed the same kinds of violation as its failure.
	UnitSameKinds = "same-kinds/op"
	// UnitSameSchedule is the share of a failing seed's reruns (one op
	// each) that took the same schedule (designs.Schedule.Taken) as its
	// failure.
	UnitSameSchedule = "same-schedule/op"
)

package bench

import "chanbench/designs"

// The units chanbench's benchmarks report, as go test prints them. This is
// the one home of these names: the benchmarks report them and report/
// reads them from here.
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

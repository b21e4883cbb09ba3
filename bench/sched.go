package bench

import "chanbench/designs"

// ScheduledBoundDepth is the PCT depth BenchmarkScheduledBound runs at:
// one priority change point, so that a clean run bounds a missed bug of
// depth 2 (two orderings that must hold for it to show).
const ScheduledBoundDepth = 2

// ScheduledBoundConfig is BenchmarkScheduledBound's workflow: 4 streams of
// 16 chunks at window 16, an error at chunk 8, under PCT at depth
// ScheduledBoundDepth; sizes Spin's models cannot reach. It is the one
// home of that configuration: the benchmark runs it and the report
// judges from it which designs are declared correct there
// (designs.Correct), so which have a bound to state.
func ScheduledBoundConfig() designs.Config {
	cfg := designs.DefaultConfig()
	cfg.Chunks, cfg.Window, cfg.Streams = 16, 16, 4
	cfg.Outcome = designs.Outcome{Kind: designs.Fail, At: 8}
	cfg.Regime, cfg.SchedDepth = designs.Scheduled, ScheduledBoundDepth
	return cfg
}

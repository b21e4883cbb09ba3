package main

import (
	"chanbench/report/summary"
	"chanbench/report/verdict"
)

// Units and name values of chanbench's benchmarks, as go test prints them.
const (
	unitNs         = "ns/op"
	unitMBs        = "MB/s"
	unitP50        = "p50-ns/op"
	unitP99        = "p99-ns/op"
	unitP999       = "p99.9-ns/op"
	unitShutP50    = "shutdown-p50-ns/op"
	unitShutP99    = "shutdown-p99-ns/op"
	unitViolations = "violations/op"

	implWorkflow = "workflow"
	implFloor    = "floor"
)

// A summaryRow is one design's line in REPORT.md's summary table. A nil
// field was not measured.
type summaryRow struct {
	design string
	// perChunk and floor are BenchmarkStream ns/op at the reference chunk
	// and window, for the design and for its floor.
	perChunk, floor *summary.Stat
	// p99 is BenchmarkStream's p99 chunk latency at the same point.
	p99 *summary.Stat
	// shutdownDone and shutdownError are BenchmarkWorkflow's median
	// shutdown-p50 for each outcome.
	shutdownDone, shutdownError *summary.Stat
	// natural and forced are BenchmarkOrdering's violation rates at the
	// reference work.
	natural, forced *summary.Rate
	// model summarises the model checker's verdicts.
	model string
}

// floorRatio is the design's median time per chunk over its floor's: a
// ratio of medians, without an interval. It is 0 if either is missing.
func (r summaryRow) floorRatio() float64 {
	if r.perChunk == nil || r.floor == nil || r.floor.Center == 0 {
		return 0
	}
	return r.perChunk.Center / r.floor.Center
}

// summaryRows computes the summary table.
func summaryRows(set *summary.Set, designs []string, ref reference, v *verdict.Verdicts) []summaryRow {
	rows := make([]summaryRow, 0, len(designs))
	for _, d := range designs {
		stream := func(impl string) func(summary.Config) bool {
			return func(c summary.Config) bool {
				return c.Benchmark == summary.Stream && c.Design == d && c.Chunk == ref.chunk &&
					c.Window == ref.window && c.Impl == impl
			}
		}
		workflow := func(outcome string) func(summary.Config) bool {
			return func(c summary.Config) bool {
				return c.Benchmark == summary.Workflow && c.Design == d && c.Outcome == outcome
			}
		}
		ordering := func(regime string) func(summary.Config) bool {
			return func(c summary.Config) bool {
				return c.Benchmark == summary.Ordering && c.Design == d && c.Work == ref.work && c.Regime == regime
			}
		}
		rows = append(rows, summaryRow{
			design:        d,
			perChunk:      stat(set, stream(implWorkflow), unitNs),
			floor:         stat(set, stream(implFloor), unitNs),
			p99:           stat(set, stream(implWorkflow), unitP99),
			shutdownDone:  stat(set, workflow("done"), unitShutP50),
			shutdownError: stat(set, workflow("error"), unitShutP50),
			natural:       count(set, ordering("natural"), unitViolations),
			forced:        count(set, ordering("forced"), unitViolations),
			model:         v.Summary(d),
		})
	}
	return rows
}

// stat returns the Stat of unit for the first Config keep selects, or nil.
func stat(set *summary.Set, keep func(summary.Config) bool, unit string) *summary.Stat {
	c, ok := set.Find(keep)
	if !ok {
		return nil
	}
	st, ok := set.Stat(c, unit)
	if !ok {
		return nil
	}
	return &st
}

// count returns the Rate of unit for the first Config keep selects, or
// nil.
func count(set *summary.Set, keep func(summary.Config) bool, unit string) *summary.Rate {
	c, ok := set.Find(keep)
	if !ok {
		return nil
	}
	r, ok := set.Count(c, unit)
	if !ok || r.N == 0 {
		return nil
	}
	return &r
}

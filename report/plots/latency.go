package plots

import (
	"fmt"

	"chanbench/report/summary"
	"gonum.org/v1/plot/vg/draw"
)

// Latency draws BenchmarkStream's chunk latency, from net's request to the
// chunk's delivery, at its p50, p99 and p99.9, for each design at the
// reference chunk size and window.
func Latency(set *summary.Set, opts Options) (*Figure, error) {
	f := newFigure("latency", fmt.Sprintf("Chunk latency percentiles per design, chunk %s B, window %s", opts.Chunk, opts.Window))
	at := func(d string) func(summary.Config) bool {
		return func(c summary.Config) bool {
			return c.Benchmark == summary.Stream && c.Design == d && c.Chunk == opts.Chunk &&
				c.Window == opts.Window && c.Impl == implWorkflow
		}
	}
	ms := []measure{
		{label: "p50", unit: "p50-ns/op", keep: at, color: colorAt(5), shape: draw.CircleGlyph{}},
		{label: "p99", unit: "p99-ns/op", keep: at, color: colorAt(0), shape: draw.TriangleGlyph{}},
		{label: "p99.9", unit: "p99.9-ns/op", keep: at, color: colorAt(6), shape: draw.SquareGlyph{}},
	}
	designs, stats := categoryData(set, opts.Designs, ms)
	f.Designs = designs
	if len(designs) == 0 {
		return nil, fmt.Errorf("latency: no BenchmarkStream latency percentiles at chunk=%s window=%s: %w", opts.Chunk, opts.Window, ErrNoData)
	}
	title := fmt.Sprintf("Chunk latency, request to delivery (chunk %s B, window %s)", opts.Chunk, opts.Window)
	note := "Each point: a percentile of one run's chunk latencies; the median of that percentile over the runs."
	if err := f.categoryPanel(title, "chunk latency", designs, ms, stats, note); err != nil {
		return nil, fmt.Errorf("latency: %w", err)
	}
	return f, nil
}

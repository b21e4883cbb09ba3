package plots

import (
	"fmt"
	"image/color"

	"chanbench/report/summary"
	"gonum.org/v1/plot/vg/draw"
)

// Shutdown draws BenchmarkWorkflow's shutdown latency, from the source's
// last outcome to net's end, at p50 and p99, per design and outcome.
func Shutdown(set *summary.Set, opts Options) (*Figure, error) {
	f := newFigure("shutdown", "Shutdown latency p50 and p99 per design, for each terminal outcome")
	isWorkflow := func(c summary.Config) bool {
		return c.Benchmark == summary.Workflow && c.Outcome != "" && (c.Impl == "" || c.Impl == implWorkflow)
	}
	outcomes := orderOutcomes(set.Distinct(isWorkflow, func(c summary.Config) string { return c.Outcome }))
	var ms []measure
	for i, o := range outcomes {
		at := func(d string) func(summary.Config) bool {
			return func(c summary.Config) bool { return isWorkflow(c) && c.Design == d && c.Outcome == o }
		}
		col := outcomeColor(o, i)
		ms = append(ms,
			measure{label: o + " p50", unit: "shutdown-p50-ns/op", keep: at, color: col, shape: draw.CircleGlyph{}},
			measure{label: o + " p99", unit: "shutdown-p99-ns/op", keep: at, color: col, shape: draw.TriangleGlyph{}})
	}
	designs, stats := categoryData(set, opts.Designs, ms)
	f.Designs = designs
	if len(designs) == 0 {
		return nil, fmt.Errorf("shutdown: no BenchmarkWorkflow shutdown latencies: %w", ErrNoData)
	}
	note := "Colour: the source's terminal outcome. Circle: p50, triangle: p99 of one run's workflows; the median over the runs."
	if err := f.categoryPanel("Shutdown latency: source's last outcome to net's end", "shutdown latency", designs, ms, stats, note); err != nil {
		return nil, fmt.Errorf("shutdown: %w", err)
	}
	return f, nil
}

// orderOutcomes puts done before error, then any other outcome.
func orderOutcomes(outcomes []string) []string {
	rank := func(o string) int {
		switch o {
		case "done":
			return 0
		case "error":
			return 1
		}
		return 2
	}
	out := append([]string(nil), outcomes...)
	sortBy(out, rank)
	return out
}

// outcomeColor gives done and error fixed colours.
func outcomeColor(o string, i int) color.Color {
	switch o {
	case "done":
		return colorAt(2)
	case "error":
		return colorAt(1)
	}
	return colorAt(3 + i)
}

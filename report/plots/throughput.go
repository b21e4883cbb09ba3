package plots

import (
	"fmt"

	"chanbench/report/summary"
)

// Throughput draws BenchmarkStream's bytes per second against chunk size
// (log scale): one panel per window, one solid line per design, and a
// dashed line of the same colour for the design's floor (its channel hops
// without workflow logic).
func Throughput(set *summary.Set, opts Options) (*Figure, error) {
	f := newFigure("throughput", "Throughput (MB/s) vs chunk size, one line per design and its floor, one panel per window")
	isStream := func(c summary.Config) bool { return c.Benchmark == summary.Stream && c.Window != "" }
	windows := sortNumeric(set.Distinct(isStream, func(c summary.Config) string { return c.Window }))

	type panel struct {
		window string
		series []series
	}
	var panels []panel
	var groups [][]xstat
	for _, w := range windows {
		pn := panel{window: w}
		for _, d := range opts.Designs {
			col, shape := opts.designStyle(d)
			for _, impl := range []string{implWorkflow, implFloor} {
				xs := statsOver(set, func(c summary.Config) bool {
					return isStream(c) && c.Window == w && c.Design == d && c.Impl == impl
				}, func(c summary.Config) float64 { return float64(c.ChunkBytes()) }, unitMBs)
				if len(xs) == 0 {
					continue
				}
				s := series{label: d, pts: toPoints(xs, 1), color: col, shape: shape, line: true}
				if impl == implFloor {
					s.label, s.dashes = d+" floor", dashed()
				}
				pn.series = append(pn.series, s)
				f.shows(d)
				groups = append(groups, xs)
			}
		}
		if len(pn.series) > 0 {
			dodgeLog(pn.series)
			panels = append(panels, pn)
		}
	}
	if len(panels) == 0 {
		return nil, fmt.Errorf("throughput: no BenchmarkStream results in MB/s: %w", ErrNoData)
	}

	chunks := distinctX(groups...)
	var all []points
	for _, pn := range panels {
		for _, s := range pn.series {
			all = append(all, s.pts)
		}
	}
	lo, hi := yRange(all...)
	seen := make(map[string]bool)
	missing := false
	for _, pn := range panels {
		p := newPanel(fmt.Sprintf("Throughput vs chunk size, window %s", pn.window),
			"chunk size (log scale)", "throughput (MB/s)")
		setLogX(p, chunks, byteSize)
		p.Add(newGrid())
		m, err := addSeries(p, &f.Legend, seen, pn.series, true, lo, hi)
		if err != nil {
			return nil, fmt.Errorf("throughput: %w", err)
		}
		missing = missing || m
		f.Panels = append(f.Panels, p)
	}
	f.Notes = []string{
		"Solid: the design. Dashed: its floor, the same channel hops and payload work, no workflow logic.",
		"Series are offset slightly sideways so that none hides another.",
		errorBarNote(missing),
	}
	return f, nil
}

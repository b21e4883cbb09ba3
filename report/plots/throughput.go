package plots

import (
	"fmt"
	"slices"
	"strings"

	"chanbench/bench/metric"
	"chanbench/report/summary"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Throughput draws BenchmarkStream's bytes per second against chunk size
// (log scale): one panel per window, one solid line per design, a dashed
// line of the same colour for the design's floor (its channel hops
// without workflow logic), and a reference's line. A point at which the
// design lost chunks in any run is ringed: its speed there is bought by
// losing data.
func Throughput(set *summary.Set, opts Options) (*Figure, error) {
	f := newFigure("throughput", "Throughput (MB/s) vs chunk size, one line per design and its floor, one panel per window; ringed: chunks lost")
	isStream := func(c summary.Config) bool { return c.Benchmark == summary.Stream }
	windows := summary.SortNumeric(set.Distinct(func(c summary.Config) bool { return isStream(c) && c.Window != "" },
		func(c summary.Config) string { return c.Window }))
	var panels []lineSet
	var drawnWindows []string
	var all []points
	var lost []string // "design (window w)"
	for _, w := range windows {
		at := func(d, impl string) func(summary.Config) bool {
			return func(c summary.Config) bool {
				return isStream(c) && c.Design == d && is(c.Window, w) && is(c.Impl, impl)
			}
		}
		chunk := func(c summary.Config) float64 { return float64(c.ChunkBytes()) }
		l := designLines(f, opts, func(d, impl string) []xstat { return statsOver(set, at(d, impl), chunk, metric.UnitMBs) }, summary.ImplWorkflow, summary.ImplFloor)
		if len(l.ss) == 0 {
			continue
		}
		all = append(all, l.scale(1)...)
		// Ring each design's point whose runs lost chunks, where scale put it, without its bars.
		var ringed points
		for k, s := range l.ss {
			for i, x := range l.xs[k] {
				c, _ := set.Find(func(c summary.Config) bool { return at(s.label, summary.ImplWorkflow)(c) && chunk(c) == x.x })
				if s.dashes == nil && s.shape != nil && slices.ContainsFunc(set.Values(c, metric.UnitLost), func(v float64) bool { return v > 0 }) {
					ringed = append(ringed, bare(s.pts[i].x, s.pts[i].y))
					if n := fmt.Sprintf("%s (window %s)", s.label, w); !slices.Contains(lost, n) {
						lost = append(lost, n)
					}
				}
			}
		}
		if len(ringed) > 0 {
			l.ss = append(l.ss, series{label: "ringed: chunks lost in some run", pts: ringed, color: black(), shape: draw.RingGlyph{}, radius: vg.Points(7)})
		}
		panels, drawnWindows = append(panels, l), append(drawnWindows, w)
	}
	if len(panels) == 0 {
		return nil, fmt.Errorf("throughput: no BenchmarkStream results in MB/s: %w", ErrNoData)
	}
	var xs [][]xstat
	for _, l := range panels {
		xs = append(xs, l.xs...)
	}
	chunks := distinctX(xs...)
	lo, hi := yRange(all...)
	seen := map[string]bool{}
	missing := false
	for i, l := range panels {
		m, err := f.linePanel(l, seen, fmt.Sprintf("Throughput vs chunk size, window %s", drawnWindows[i]), "chunk size (log scale)",
			"throughput (MB/s)", chunks, byteSize, func(p *plot.Plot) bool { return setY(p, lo, hi) })
		if err != nil {
			return nil, fmt.Errorf("throughput: %w", err)
		}
		missing = missing || m
	}
	f.Notes = []string{
		"Solid: the design. Dashed: its floor, the same channel hops and payload work, no workflow logic.",
		"Series are offset slightly sideways so that none hides another.",
		errorBarNote(missing),
	}
	if len(lost) > 0 {
		f.Notes = append(f.Notes, fmt.Sprintf("Ringed points: the design lost chunks in at least one run there (lost-chunks/op > 0): %s. That throughput is bought by losing data.",
			strings.Join(lost, ", ")))
	}
	f.Notes = append(f.Notes, f.refNotes(opts, summary.Stream, func(n string) bool { return slices.ContainsFunc(panels, func(l lineSet) bool { return l.refs[n] }) })...)
	return f, nil
}

package plots

import (
	"fmt"
	"slices"
	"strings"

	"chanbench/report/summary"
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
	windows := sortNumeric(set.Distinct(func(c summary.Config) bool { return isStream(c) && c.Window != "" },
		func(c summary.Config) string { return c.Window }))
	chunkOf := func(c summary.Config) float64 { return float64(c.ChunkBytes()) }
	type panel struct {
		window string
		ss     []series
		lost   [][]int // by series, the points with lost chunks
	}
	var panels []panel
	var groups [][]xstat
	drawnRefs := map[string]bool{}
	var lostBy []string // "design (window w)", in display order
	for _, w := range windows {
		pn := panel{window: w}
		at := func(d, impl string) func(summary.Config) bool {
			return func(c summary.Config) bool {
				return isStream(c) && c.Design == d && is(c.Window, w) && is(c.Impl, impl)
			}
		}
		for _, d := range opts.designs() {
			col, shape := opts.designStyle(d)
			for _, impl := range []string{implWorkflow, implFloor} {
				xs := statsOver(set, at(d, impl), chunkOf, unitMBs)
				if len(xs) == 0 {
					continue
				}
				s := series{label: d, pts: toPoints(xs, 1), color: col, shape: shape, line: true}
				if impl == implFloor {
					s.label, s.dashes = d+" floor", dashed()
				}
				var lost []int
				for i, x := range xs {
					c, _ := set.Find(func(c summary.Config) bool { return at(d, impl)(c) && chunkOf(c) == x.x })
					if slices.ContainsFunc(set.Values(c, unitLost), func(v float64) bool { return v > 0 }) {
						lost = append(lost, i)
					}
				}
				if len(lost) > 0 {
					lostBy = append(lostBy, fmt.Sprintf("%s (window %s)", d, w))
				}
				pn.ss, pn.lost = append(pn.ss, s), append(pn.lost, lost)
				f.shows(d)
				groups = append(groups, xs)
			}
		}
		if len(pn.ss) == 0 {
			continue
		}
		dodgeLog(pn.ss)
		for _, r := range opts.References {
			if xs := statsOver(set, at(r.Name, implWorkflow), chunkOf, unitMBs); len(xs) > 0 {
				pn.ss = append(pn.ss, refSeries(r, toPoints(xs, 1)))
				drawnRefs[r.Name] = true
				groups = append(groups, xs)
			}
		}
		panels = append(panels, pn)
	}
	if len(panels) == 0 {
		return nil, fmt.Errorf("throughput: no BenchmarkStream results in MB/s: %w", ErrNoData)
	}

	chunks := distinctX(groups...)
	var all []points
	for _, pn := range panels {
		for _, s := range pn.ss {
			all = append(all, s.pts)
		}
	}
	lo, hi := yRange(all...)
	seen := make(map[string]bool)
	missing, anyLost := false, false
	for _, pn := range panels {
		p := newPanel(fmt.Sprintf("Throughput vs chunk size, window %s", pn.window), "chunk size (log scale)", "throughput (MB/s)")
		setLogX(p, chunks, byteSize)
		p.Add(newGrid())
		logY := setY(p, lo, hi)
		m, err := addSeriesY(p, &f.Legend, seen, pn.ss, true, logY)
		if err != nil {
			return nil, fmt.Errorf("throughput: %w", err)
		}
		missing = missing || m
		// Ring each point with lost chunks where dodgeLog put it, without its bars.
		var ringed points
		for k, lost := range pn.lost {
			for _, i := range lost {
				pt := pn.ss[k].pts[i]
				ringed = append(ringed, point{x: pt.x, y: pt.y, xlo: pt.x, xhi: pt.x, ylo: pt.y, yhi: pt.y})
			}
		}
		if len(ringed) > 0 {
			ring := series{label: "ringed: chunks lost in some run", pts: ringed, color: colorAt(6), shape: draw.RingGlyph{}, radius: vg.Points(7)}
			if _, err := addSeriesY(p, &f.Legend, seen, []series{ring}, true, logY); err != nil {
				return nil, fmt.Errorf("throughput: %w", err)
			}
			anyLost = true
		}
		f.Panels = append(f.Panels, p)
	}
	f.Notes = []string{
		"Solid: the design. Dashed: its floor, the same channel hops and payload work, no workflow logic.",
		"Series are offset slightly sideways so that none hides another.",
		errorBarNote(missing),
	}
	if anyLost {
		f.Notes = append(f.Notes, fmt.Sprintf("Ringed points: the design lost chunks in at least one run there (lost-chunks/op > 0): %s. That throughput is bought by losing data.",
			strings.Join(lostBy, ", ")))
	}
	f.Notes = append(f.Notes, f.refNotes(opts, func(n string) bool { return drawnRefs[n] })...)
	return f, nil
}

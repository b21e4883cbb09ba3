package plots

import (
	"fmt"
	"image/color"

	"chanbench/report/summary"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"
)

// A measure is one quantity drawn for every design on a category chart:
// unit of the Config that keep selects for a design.
type measure struct {
	label string
	unit  string
	keep  func(design string) func(summary.Config) bool
	color color.Color
	shape draw.GlyphDrawer
}

// categoryData gathers the Stat of each measure for each design. It
// returns the designs that have at least one, in display order, and the
// stats by measure, then by design.
func categoryData(set *summary.Set, designs []string, ms []measure) ([]string, [][]*summary.Stat) {
	stats := make([][]*summary.Stat, len(ms))
	has := make(map[string]bool)
	for k, m := range ms {
		stats[k] = make([]*summary.Stat, len(designs))
		for i, d := range designs {
			c, ok := set.Find(m.keep(d))
			if !ok {
				continue
			}
			if st, ok := set.Stat(c, m.unit); ok {
				stats[k][i] = &st
				has[d] = true
			}
		}
	}
	var shown []string
	var idx []int
	for i, d := range designs {
		if has[d] {
			shown = append(shown, d)
			idx = append(idx, i)
		}
	}
	for k := range stats {
		row := make([]*summary.Stat, len(idx))
		for j, i := range idx {
			row[j] = stats[k][i]
		}
		stats[k] = row
	}
	return shown, stats
}

// categorySeries turns category data into one series per measure, each
// measure's points dodged around its design's x position, in time units
// of div.
func categorySeries(ms []measure, stats [][]*summary.Stat, div float64) []series {
	var ss []series
	for k, m := range ms {
		var pts points
		for i, st := range stats[k] {
			if st != nil {
				pts = append(pts, statPoint(float64(i)+dodge(k, len(ms)), *st, div))
			}
		}
		if len(pts) > 0 {
			ss = append(ss, series{label: m.label, pts: pts, color: m.color, shape: m.shape})
		}
	}
	return ss
}

// maxStat returns the largest median in stats.
func maxStat(stats [][]*summary.Stat) float64 {
	m := 0.0
	for _, row := range stats {
		for _, st := range row {
			if st != nil {
				m = max(m, st.Center)
			}
		}
	}
	return m
}

// categoryPanel fills f with one panel of time measures per design on a
// nominal x axis: the shape of the latency and shutdown figures. yLabel
// gets the time unit appended; note explains what a point is.
func (f *Figure) categoryPanel(title, yLabel string, designs []string, ms []measure, stats [][]*summary.Stat, note string) error {
	div, unit := timeUnit(maxStat(stats))
	ss := categorySeries(ms, stats, div)
	p := newPanel(title, "design", fmt.Sprintf("%s (%s)", yLabel, unit))
	nominalX(p, designs)
	p.Add(newNominalGrid())
	var pts []points
	for _, s := range ss {
		pts = append(pts, s.pts)
	}
	lo, hi := yRange(pts...)
	missing, err := addSeries(p, &f.Legend, make(map[string]bool), ss, false, lo, hi)
	if err != nil {
		return err
	}
	f.Panels = []*plot.Plot{p}
	f.Notes = []string{note, errorBarNote(missing)}
	return nil
}

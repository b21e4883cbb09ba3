package plots

import (
	"image/color"

	"chanbench/report/summary"
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

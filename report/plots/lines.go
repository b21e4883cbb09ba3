package plots

import (
	"strconv"

	"chanbench/report/summary"
	"gonum.org/v1/plot"
)

// A lineSet is the series of a line chart on a log X axis and the
// xstats behind each.
type lineSet struct {
	ss   []series
	xs   [][]xstat
	refs map[string]bool // the references drawn
}

// designLines gathers, for each design of opts, the xstats of(d, impl)
// returns for each impl (summary.ImplFloor drawn dashed as "design floor", any
// other solid as the design), then each reference's for impls[0], as a
// reference line. With no design's, it has no reference's either.
func designLines(f *Figure, opts Options, of func(d, impl string) []xstat, impls ...string) lineSet {
	l := lineSet{refs: map[string]bool{}}
	for _, d := range opts.designs() {
		col, shape := opts.designStyle(d)
		for _, impl := range impls {
			if xs := of(d, impl); len(xs) > 0 {
				s := series{label: d, color: col, shape: shape, line: true}
				if impl == summary.ImplFloor {
					s.label, s.dashes = d+" floor", dashed()
				}
				l.ss, l.xs = append(l.ss, s), append(l.xs, xs)
				f.shows(d)
			}
		}
	}
	for _, r := range opts.References {
		if xs := of(r.Name, impls[0]); len(xs) > 0 && len(l.ss) > 0 {
			l.ss, l.xs, l.refs[r.Name] = append(l.ss, refSeries(r, nil)), append(l.xs, xs), true
		}
	}
	return l
}

// scale places every series' points, in units of div, dodged sideways,
// and returns them.
func (l lineSet) scale(div float64) []points {
	all := make([]points, len(l.ss))
	for i := range l.ss {
		l.ss[i].pts = toPoints(l.xs[i], div)
	}
	dodgeLog(l.ss)
	for i, s := range l.ss {
		all[i] = s.pts
	}
	return all
}

// linePanel draws l, already scaled, on a new panel of f with a log X axis
// ticked at ticks (l's x values if nil), labelled by label (plain numbers
// if nil), and the Y axis setY sets up, and adds its series to f's legend
// once (seen). It reports whether a point had no interval.
func (f *Figure) linePanel(l lineSet, seen map[string]bool, title, xLabel, yLabel string, ticks []float64, label func(float64) string,
	setY func(*plot.Plot) bool) (bool, error) {
	if label == nil {
		label = func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	}
	p := newPanel(title, xLabel, yLabel)
	if ticks == nil {
		ticks = distinctX(l.xs...)
	}
	setLogX(p, ticks, label)
	p.Add(newGrid())
	missing, err := addSeriesY(p, &f.Legend, seen, l.ss, true, setY(p))
	if err == nil {
		f.Panels = append(f.Panels, p)
	}
	return missing, err
}

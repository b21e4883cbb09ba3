package plots

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"time"

	"chanbench/bench/metric"
	"chanbench/report/saturation"
	"chanbench/report/summary"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// LoadLatency draws BenchmarkLoad's stream latency, from each stream's
// intended arrival to its end, against the offered load, log-log: a row of
// panels for p50 and one for p99, a column per GOMAXPROCS, one line per
// design. A point summarises only the runs in which the load generator
// kept its schedule: their median, with its 95% interval as the error bar.
// A point whose every run was unreliable (the generator fell behind) is
// not a measurement: it is drawn as an unjoined × without an error bar, at
// the median of those runs, and the figure's notes say so.
// The closed-loop point has no offered rate and is not drawn.
func LoadLatency(set *summary.Set, opts Options) (*Figure, error) {
	load := set.Filter(func(c summary.Config) bool { return c.Benchmark == summary.Load && c.OfferedRate() > 0 })
	procs := summary.SortProcs(load.Distinct(nil, func(c summary.Config) string { return c.Procs }))
	f := newFigure("load-latency", "Stream latency (p50, p99) vs offered load, log-log, one line per design, one column per GOMAXPROCS")
	type panelData struct {
		title, unit, procs string
		ss                 []series
	}
	var panels []panelData
	var allPts []points
	nullDrawn := false
	var rates []float64
	maxNs := 0.0
	for _, pc := range []struct{ label, unit string }{{"p50", metric.UnitLatencyP50}, {"p99", metric.UnitLatencyP99}} {
		for _, p := range procs {
			pd := panelData{title: fmt.Sprintf("Stream latency %s, GOMAXPROCS %d", pc.label, summary.GOMAXPROCS(p)), unit: pc.unit, procs: p}
			for _, d := range opts.Designs {
				col, shape := opts.designStyle(d)
				var good, bad []loadPoint
				for _, c := range load.Configs(func(c summary.Config) bool { return c.Design == d && c.Procs == p }) {
					lp, ok := loadPointOf(load, c, pc.unit)
					if !ok {
						continue
					}
					if lp.unreliable {
						bad = append(bad, lp)
					} else {
						good = append(good, lp)
					}
					maxNs = max(maxNs, lp.st.Center)
					if !slices.Contains(rates, lp.x) {
						rates = append(rates, lp.x)
					}
				}
				if len(good)+len(bad) == 0 {
					continue
				}
				f.shows(d)
				pd.ss = append(pd.ss, loadSeries(d, col, shape, append(good, bad...))...)
			}
			if len(pd.ss) == 0 {
				continue
			}
			if ns := nullSeries(load, p, pc.unit); ns != nil {
				nullDrawn = true
				pd.ss = append(pd.ss, ns...)
				for _, s := range ns {
					for _, q := range s.pts {
						maxNs = max(maxNs, q.y)
					}
				}
			}
			panels = append(panels, pd)
		}
	}
	if len(panels) == 0 {
		return nil, fmt.Errorf("load latency: no BenchmarkLoad results at an offered rate: %w", ErrNoData)
	}
	div, unit := timeUnit(maxNs)
	for i := range panels {
		for k := range panels[i].ss {
			panels[i].ss[k].pts = scaleY(panels[i].ss[k].pts, div)
		}
		dodgeLogPairs(panels[i].ss)
		for _, s := range panels[i].ss {
			allPts = append(allPts, s.pts)
		}
	}
	slices.Sort(rates)
	crit := saturation.Standard()
	bound := crit.Bound / div
	allPts = append(allPts, points{bare(rates[0], bound)})
	lo, hi := positiveYRange(allPts...)
	sweeps := saturation.Sweeps(load)
	seen := make(map[string]bool)
	missing := false
	for _, pd := range panels {
		p := newPanel(pd.title, "offered load (streams/s, log scale)", fmt.Sprintf("stream latency (%s, log scale)", unit))
		setLogX(p, rates, sparseLabels(rates))
		p.Add(newGrid())
		ss := pd.ss
		if pd.unit == metric.UnitLatencyP99 {
			ss = append(ss, boundSeries(rates, bound))
			ss = append(ss, saturationSeries(sweeps, crit, pd.procs, opts, hi)...)
		}
		if _, err := addSeriesY(p, &f.Legend, seen, ss, true, setLogY(p, lo, hi)); err != nil {
			return nil, fmt.Errorf("load latency: %w", err)
		}
		for _, s := range pd.ss {
			for i := range s.pts {
				missing = missing || (s.line && !s.pts.hasYInterval(i))
			}
		}
		f.Panels = append(f.Panels, p)
	}
	f.Rows = 2
	if len(f.Panels) < 2 {
		f.Rows = 1
	}
	thumb, err := plotter.NewScatter(points{{}})
	if err != nil {
		return nil, fmt.Errorf("load latency: legend: %w", err)
	}
	thumb.GlyphStyle = draw.GlyphStyle{Color: colorAt(6), Radius: vg.Points(3.5), Shape: draw.CrossGlyph{}}
	f.Legend.Add("unreliable: generator fell behind", thumb)
	f.Notes = []string{
		"Latency of a stream: from its intended (scheduled) arrival to its end, so a stall is not hidden by a late start.",
		"Markers joined by a line: the median over the runs in which the load generator kept its schedule; error bars: its 95% interval (benchmath). Runs where it fell behind are left out.",
		"× markers (in the design's colour), never joined, without a bar: every run of that point was unreliable (the generator fell behind): not a measurement, shown only where it lies. A line breaks where such a point interrupts it.",
		"All panels share one vertical scale. Designs are offset slightly sideways so none hides another.",
		fmt.Sprintf("p99 panels: the black dotted line is the keep-up bound (p99 at most %s); at the top, each design's saturation throughput (median over the runs, two consecutive failing points deciding each run, censored runs counted: the lower end of the median's range, package report/saturation) with its 95%% interval as a horizontal bar, drawn as far as it is finite and above 0, in the design's colour.", time.Duration(crit.Bound)),
	}
	if nullDrawn {
		f.Notes = append(f.Notes, "Grey dashed line: the null design (a workflow that does nothing) through the same generator and harness, at every rate: what they and the machine cost. A design's tail near it is mostly theirs.")
	}
	if missing {
		f.Notes = append(f.Notes, "Points without a bar had fewer than 6 reliable runs, too few to bound a median at 95%.")
	}
	return f, nil
}

// loadSeries returns one design's series: its reliable points joined by a
// line in runs of consecutive rates (the first carries the design's
// legend entry), and its unreliable points as unjoined crosses.
func loadSeries(design string, col color.Color, shape draw.GlyphDrawer, ps []loadPoint) []series {
	sortLoad(ps)
	var ss []series
	var seg, bad []loadPoint
	flush := func() {
		if len(seg) > 0 {
			ss = append(ss, series{color: col, shape: shape, line: true, pts: loadPoints(seg)})
			seg = nil
		}
	}
	for _, p := range ps {
		if p.unreliable {
			flush()
			bad = append(bad, p)
			continue
		}
		seg = append(seg, p)
	}
	flush()
	if len(bad) > 0 {
		ss = append(ss, series{color: col, shape: draw.CrossGlyph{}, pts: loadPoints(bad), radius: vg.Points(3.5)})
	}
	if len(ss) == 0 || !ss[0].line {
		// Every point unreliable: an empty line still names the design.
		ss = append([]series{{color: col, shape: shape, line: true}}, ss...)
	}
	ss[0].label = design
	return ss
}

// sparseLabels labels the ticks of rates ("5k") so that labels do not
// crowd: the first and the last rate are labelled, and a rate between them
// only if it is at least 1.45 times the last labelled one; a labelled rate
// too close below the last is unlabelled.
func sparseLabels(rates []float64) func(float64) string {
	const gap = 1.45
	var labelled []float64
	for _, r := range rates {
		if len(labelled) == 0 || r >= gap*labelled[len(labelled)-1] {
			labelled = append(labelled, r)
		}
	}
	if n := len(rates); n > 0 && labelled[len(labelled)-1] != rates[n-1] {
		if rates[n-1] < gap*labelled[len(labelled)-1] && len(labelled) > 1 {
			labelled = labelled[:len(labelled)-1]
		}
		labelled = append(labelled, rates[n-1])
	}
	return func(x float64) string {
		if !slices.Contains(labelled, x) {
			return ""
		}
		return strconv.FormatFloat(x/1000, 'f', -1, 64) + "k"
	}
}

// A loadPoint is one design's summary at one offered rate.
type loadPoint struct {
	x          float64
	st         summary.Stat
	unreliable bool // every run was unreliable; st then summarises them all
}

// loadPointOf summarises c's runs in unit (those above zero, which a log
// axis can show) over the runs whose generator kept its schedule
// (saturation.Reliable), or over all of them, marked unreliable, if none
// did.
func loadPointOf(set *summary.Set, c summary.Config, unit string) (loadPoint, bool) {
	kept, behind := saturation.Reliable(set, c, unit)
	notPositive := func(v float64) bool { return v <= 0 }
	good := slices.DeleteFunc(kept, notPositive)
	all := append(slices.Clone(good), slices.DeleteFunc(behind, notPositive)...)
	switch {
	case len(all) == 0:
		return loadPoint{}, false
	case len(good) == 0:
		return loadPoint{x: float64(c.OfferedRate()), st: summary.NewStat(all), unreliable: true}, true
	}
	return loadPoint{x: float64(c.OfferedRate()), st: summary.NewStat(good)}, true
}

func sortLoad(ps []loadPoint) {
	slices.SortFunc(ps, func(a, b loadPoint) int { return int(a.x - b.x) })
}

// loadPoints converts loadPoints to points in ns; an unreliable point has
// no interval.
func loadPoints(ps []loadPoint) points {
	out := make(points, len(ps))
	for i, p := range ps {
		out[i] = statPoint(p.x, p.st, 1)
		if p.unreliable {
			out[i].ylo, out[i].yhi = out[i].y, out[i].y
		}
	}
	return out
}

// scaleY divides every y of ps by div.
func scaleY(ps points, div float64) points {
	out := append(points(nil), ps...)
	for i := range out {
		out[i].y, out[i].ylo, out[i].yhi = out[i].y/div, out[i].ylo/div, out[i].yhi/div
	}
	return out
}

// positiveYRange is yRange over the values above zero, which a log axis
// can show.
func positiveYRange(all ...points) (lo, hi float64) {
	lo = math.Inf(1)
	for _, ps := range all {
		for _, p := range ps {
			for _, v := range []float64{p.y, p.ylo, p.yhi} {
				if v > 0 {
					lo, hi = min(lo, v), max(hi, v)
				}
			}
		}
	}
	if math.IsInf(lo, 1) {
		return 1, 1
	}
	return lo, hi
}

// dodgeLogPairs offsets each design sideways on a log axis, its
// unreliable points (the unlabelled series after it) with it.
func dodgeLogPairs(ss []series) {
	var labelled int
	for _, s := range ss {
		if s.label != "" {
			labelled++
		}
	}
	k := -1
	for i := range ss {
		if ss[i].label != "" {
			k++
		}
		f := math.Exp(dodge(max(k, 0), labelled) * 0.3)
		pts := append(points(nil), ss[i].pts...)
		for j := range pts {
			pts[j].x *= f
			pts[j].xlo *= f
			pts[j].xhi *= f
		}
		ss[i].pts = pts
	}
}

// nullSeries returns the null design's line at one GOMAXPROCS, grey and
// dashed, or nil if the null did not run there.
func nullSeries(load *summary.Set, procs, unit string) []series {
	var ps []loadPoint
	for _, c := range load.Configs(func(c summary.Config) bool { return c.Design == summary.Null() && c.Procs == procs }) {
		if lp, ok := loadPointOf(load, c, unit); ok {
			ps = append(ps, lp)
		}
	}
	if len(ps) == 0 {
		return nil
	}
	ss := loadSeries("null (harness)", color.Gray{Y: 0x80}, draw.CircleGlyph{}, ps)
	for i := range ss {
		if ss[i].line {
			ss[i].dashes = dashed()
		}
	}
	return ss
}

// boundSeries is the keep-up bound, a dotted black line across the rates.
func boundSeries(rates []float64, bound float64) series {
	pts := points{bare(rates[0], bound), bare(rates[len(rates)-1], bound)}
	return series{label: "keep-up bound", pts: pts, color: color.Black, line: true, dashes: []vg.Length{vg.Points(1), vg.Points(2)}, radius: vg.Points(0.01)}
}

// saturationSeries marks each design's saturation throughput at one
// GOMAXPROCS at height y: its median (the lower end of its range when
// censored runs make it a range, saturation.Estimate; the upper end when
// the lower is 0), with its 95% interval as a horizontal bar, drawn only
// where it is finite and above 0 (the axis is logarithmic), in the
// design's colour; none for a design without an estimate. The legend
// already names the colours.
func saturationSeries(sweeps map[saturation.Key][][]saturation.Point, crit saturation.Criteria, procs string, opts Options, y float64) []series {
	var ss []series
	for k, d := range opts.Designs {
		est := crit.Across(sweeps[saturation.Key{Design: d, Procs: procs}])
		if est.Runs == 0 {
			continue
		}
		col, shape := opts.designStyle(d)
		// Stacked a little below the top, one height per design, so
		// that the bars do not overlap.
		at := y / math.Pow(1.35, float64(k))
		x := est.MedianLo
		if x <= 0 {
			if math.IsInf(est.MedianHi, 1) {
				continue
			}
			x = est.MedianHi
		}
		pt := point{x: x, y: at, xlo: x, xhi: x, ylo: at, yhi: at}
		if !est.TooFew() {
			if est.Lo > 0 {
				pt.xlo = est.Lo
			}
			if !math.IsInf(est.Hi, 1) {
				pt.xhi = est.Hi
			}
		}
		ss = append(ss, series{pts: points{pt}, color: col, shape: shape})
	}
	return ss
}

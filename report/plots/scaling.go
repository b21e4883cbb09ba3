package plots

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"chanbench/bench/metric"
	"chanbench/report/saturation"
	"chanbench/report/summary"
	"golang.org/x/perf/benchmath"
	"gonum.org/v1/plot"
)

// Scaling draws how each design scales with GOMAXPROCS, for a run with
// more than one -cpu value: its time per chunk (BenchmarkStream at the
// reference chunk and window) and its saturation throughput (BenchmarkLoad
// judged by opts.Saturation, see package saturation) against GOMAXPROCS,
// one line per design, a reference's line where it has a value. Each
// panel is drawn when its benchmark ran at two GOMAXPROCS or more; with
// neither, Scaling returns an error wrapping ErrNoData.
func Scaling(set *summary.Set, opts Options) (*Figure, error) {
	f := newFigure("scaling", fmt.Sprintf("Time per chunk (chunk %s B, window %s) and saturation throughput vs GOMAXPROCS, one line per design", opts.Chunk, opts.Window))
	procs := func(benchmark string) []string {
		keep := func(c summary.Config) bool {
			return c.Benchmark == benchmark && (benchmark != summary.Load || c.OfferedRate() > 0)
		}
		return summary.SortNumeric(set.Distinct(keep, func(c summary.Config) string { return strconv.Itoa(summary.GOMAXPROCS(c.Procs)) }))
	}
	var times, sats lineSet
	if len(procs(summary.Stream)) > 1 {
		times = designLines(f, opts, func(d, _ string) []xstat {
			return statsOver(set, func(c summary.Config) bool {
				return c.Benchmark == summary.Stream && c.Design == d && c.Chunk == opts.Chunk && is(c.Window, opts.Window) && is(c.Impl, summary.ImplWorkflow)
			}, func(c summary.Config) float64 { return float64(summary.GOMAXPROCS(c.Procs)) }, metric.UnitNs)
		}, summary.ImplWorkflow)
	}
	var noEstimate []string
	if loadProcs := procs(summary.Load); len(loadProcs) > 1 && opts.Saturation.Bound > 0 {
		sweeps := saturation.Sweeps(set)
		sats = designLines(f, opts, func(d, _ string) []xstat {
			xs, none := saturationOver(sweeps, opts.Saturation, d, loadProcs)
			noEstimate = append(noEstimate, none...)
			return xs
		}, summary.ImplWorkflow)
	}
	if len(times.ss)+len(sats.ss) == 0 {
		return nil, fmt.Errorf("scaling: no BenchmarkStream time at chunk=%s window=%s nor BenchmarkLoad saturation at two GOMAXPROCS or more: %w",
			opts.Chunk, opts.Window, ErrNoData)
	}
	f.Designs = slices.DeleteFunc(opts.designs(), func(d string) bool { return !slices.Contains(f.Designs, d) })
	seen := map[string]bool{}
	missing := false
	for _, pn := range []struct {
		l             lineSet
		title, yLabel string
		div           float64
	}{
		{times, fmt.Sprintf("Time per chunk vs GOMAXPROCS (chunk %s B, window %s)", opts.Chunk, opts.Window), "time per chunk (%s, log scale)", 0},
		{sats, "Saturation throughput vs GOMAXPROCS", "saturation throughput (%s, log scale)", 1000},
	} {
		if len(pn.l.ss) == 0 {
			continue
		}
		div, unit := pn.div, "k streams/s"
		if div == 0 {
			div, unit = timeUnit(maxCenter(pn.l.xs...))
		}
		lo, hi := yRange(pn.l.scale(div)...)
		m, err := f.linePanel(pn.l, seen, pn.title, "GOMAXPROCS (log scale)", fmt.Sprintf(pn.yLabel, unit), nil, nil,
			func(p *plot.Plot) bool { return setLogY(p, lo, hi) })
		if err != nil {
			return nil, fmt.Errorf("scaling: %w", err)
		}
		missing = missing || m
	}
	if len(times.ss) > 0 {
		f.Notes = append(f.Notes, "Time per chunk: BenchmarkStream's time per chunk at each GOMAXPROCS; falling to the right, the design gains from more cores.")
	}
	if len(sats.ss) > 0 {
		f.Notes = append(f.Notes, fmt.Sprintf("Saturation throughput: each run's highest offered load up to which the design kept up (completions within %g%% of arrivals, p99 at most %v; package saturation), median over the runs with its 95%% interval, censored runs counted as in the report's tables: a median that censored runs leave as a range is drawn at its lower end, and an interval open above at the highest rate the runs measured; rising to the right, the design gains from more cores.",
			100*opts.Saturation.Tolerance, time.Duration(opts.Saturation.Bound)))
	}
	f.Notes = append(f.Notes, "Series are offset slightly sideways so that none hides another.", errorBarNote(missing))
	if len(noEstimate) > 0 {
		f.Notes = append(f.Notes, "No saturation median to draw (no run with a measured point, or a median that can lie below every rate measured): "+strings.Join(noEstimate, ", ")+".")
	}
	if len(times.ss) > 0 {
		f.Notes = append(f.Notes, f.refNotes(opts, summary.Stream, func(n string) bool { return times.refs[n] })...)
	}
	if len(sats.ss) > 0 { // a reference's reason to have no saturation, if it says
		f.Notes = append(f.Notes, f.refNotes(opts, summary.Load, func(n string) bool {
			return sats.refs[n] || opts.reference(n).NotApplicable[summary.Load] == ""
		})...)
	}
	return f, nil
}

// saturationOver returns d's saturation throughput at each GOMAXPROCS of
// procs (decimal, "1" for no suffix) from sweeps (saturation.Sweeps), by
// crit.Across over every run, censored runs counted: the median, at the
// lower end of its range when censored runs leave one, and its 95%
// interval, drawn up to the highest rate the runs measured when it is open
// above. It also names the GOMAXPROCS at which d ran but has no median to
// draw (no run with a measured point, or a median that can be below every
// rate measured).
func saturationOver(sweeps map[saturation.Key][][]saturation.Point, crit saturation.Criteria, d string, procs []string) (xs []xstat, none []string) {
	for _, p := range procs {
		var runs [][]saturation.Point
		for k, sws := range sweeps {
			if k.Design == d && strconv.Itoa(summary.GOMAXPROCS(k.Procs)) == p {
				runs = append(runs, sws...)
			}
		}
		if len(runs) == 0 {
			continue
		}
		est := crit.Across(runs)
		if est.Runs == 0 || est.MedianLo <= 0 {
			none = append(none, fmt.Sprintf("%s at GOMAXPROCS %s", d, p))
			continue
		}
		st := summary.Stat{Summary: benchmath.Summary{Center: est.MedianLo, Lo: est.Lo, Hi: est.Hi, Confidence: summary.Confidence}}
		if math.IsInf(st.Hi, 1) && !math.IsInf(st.Lo, -1) {
			st.Hi = est.Top()
		}
		n, _ := strconv.Atoi(p)
		xs = append(xs, xstat{float64(n), st})
	}
	return xs, none
}

package saturation

import (
	"fmt"
	"math"
	"slices"

	"chanbench/bench/metric"
	"chanbench/report/summary"
)

// A Key names a sweep: a design at one GOMAXPROCS.
type Key struct {
	Design string
	Procs  string // as in summary.Config: "" for GOMAXPROCS 1
}

// Sweeps returns every design's sweeps in set's BenchmarkLoad results, by
// design and GOMAXPROCS, the null's included: one sweep per round. A
// point's round is its seed (metric.UnitSeed) when the results carry one, so
// that a knee search, which runs different rates in different rounds,
// still pairs each round's points; without seeds (runs before the seed
// was recorded) the i'th run of every rate is round i, as scripts/bench
// and go test -count order them. Each design's point has the null's at
// the same rate and round beside it (Point.Null) when the null ran. The
// closed-loop point (rate=closed) is in no sweep.
func Sweeps(set *summary.Set) map[Key][][]Point {
	type round struct {
		procs string
		id    string // the seed, or the run index
	}
	type at struct {
		round
		rate int
	}
	points := map[Key]map[round][]Point{}
	nulls := map[at]Point{}
	order := map[Key][]round{} // rounds in order of appearance
	for _, c := range set.Configs(func(c summary.Config) bool { return c.Benchmark == summary.Load && c.OfferedRate() > 0 }) {
		arrived, completed := set.RunValues(c, metric.UnitArrived), set.RunValues(c, metric.UnitCompleted)
		p99, unrel, seed := set.RunValues(c, metric.UnitLatencyP99), set.RunValues(c, metric.UnitUnreliable), set.RunValues(c, metric.UnitSeed)
		k := Key{c.Design, c.Procs}
		if points[k] == nil {
			points[k] = map[round][]Point{}
		}
		for i := range arrived {
			r := round{procs: c.Procs, id: fmt.Sprintf("run %d", i)}
			if !math.IsNaN(seed[i]) {
				r.id = fmt.Sprintf("seed %.0f", seed[i])
			}
			p := Point{Offered: float64(c.OfferedRate()), Arrived: arrived[i], Completed: completed[i], P99: p99[i],
				Unreliable: unrel[i] > 0 || math.IsNaN(completed[i]) || math.IsNaN(p99[i])}
			if math.IsNaN(p.Arrived) {
				p.Arrived = 0
			}
			if c.Design == summary.Null() {
				nulls[at{r, c.OfferedRate()}] = p
			}
			if _, seen := points[k][r]; !seen {
				order[k] = append(order[k], r)
			}
			points[k][r] = append(points[k][r], p)
		}
	}
	out := map[Key][][]Point{}
	for k, rounds := range points {
		for _, r := range order[k] {
			sw := rounds[r]
			if k.Design != summary.Null() {
				for i := range sw {
					if n, ok := nulls[at{r, int(sw[i].Offered)}]; ok {
						sw[i].Null = &n
					}
				}
			}
			slices.SortStableFunc(sw, func(a, b Point) int { return cmpFloat(a.Offered, b.Offered) })
			out[k] = append(out[k], sw)
		}
	}
	return out
}

// Reliable splits c's runs in unit by whether the load generator kept its
// schedule (metric.UnitUnreliable is 0): the values of the runs it kept
// it in, and of the runs it fell behind in. Runs that did not report unit
// are in neither.
func Reliable(set *summary.Set, c summary.Config, unit string) (kept, behind []float64) {
	unrel := set.RunValues(c, metric.UnitUnreliable)
	for i, v := range set.RunValues(c, unit) {
		switch {
		case math.IsNaN(v):
		case unrel[i] > 0:
			behind = append(behind, v)
		default:
			kept = append(kept, v)
		}
	}
	return kept, behind
}

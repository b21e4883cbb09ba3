package summary

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"chanbench/bench/metric"

	"golang.org/x/perf/benchmath"
	"golang.org/x/perf/benchproc"
)

// A Set holds the runs of every Config read from one or more files.
// A Set is not modified after Read returns it; Filter returns a new one.
type Set struct {
	files   []string
	configs []Config // in the order first seen
	cells   map[Config]*cell
	env     Env
	ignored map[string]int // results of other families, by family
	added   int            // results added so far, the next one's position in the input
}

// A cell holds the runs of one Config.
type cell struct {
	iters    int                 // iterations, summed over runs
	runs     int                 // number of results
	runIters []int               // each run's iterations, in input order
	runPos   []int               // each run's position among all results of the input
	samples  map[string][]sample // by unit
	residues []benchproc.Key     // distinct values of everything the Config leaves out
}

// A sample is one run's measurement in one unit.
type sample struct {
	value float64
	iters int
	run   int // index into the cell's runIters
}

func newSet() *Set {
	return &Set{cells: make(map[Config]*cell), env: Env{values: make(map[string][]string)}, ignored: make(map[string]int)}
}

func (s *Set) add(c Config, iters int, values map[string]float64, residue benchproc.Key) {
	cl, ok := s.cells[c]
	if !ok {
		cl = &cell{samples: make(map[string][]sample)}
		s.cells[c] = cl
		s.configs = append(s.configs, c)
	}
	cl.iters += iters
	cl.runIters = append(cl.runIters, iters)
	cl.runPos = append(cl.runPos, s.added)
	s.added++
	cl.runs++
	for unit, v := range values {
		cl.samples[unit] = append(cl.samples[unit], sample{v, iters, cl.runs - 1})
	}
	if !slices.Contains(cl.residues, residue) {
		cl.residues = append(cl.residues, residue)
	}
}

// Env returns the environment recorded in the files' headers.
func (s *Set) Env() Env { return s.env }

// Configs returns every Config that keep reports true for, in the order
// first seen in the input. A nil keep selects all.
func (s *Set) Configs(keep func(Config) bool) []Config {
	var out []Config
	for _, c := range s.configs {
		if keep == nil || keep(c) {
			out = append(out, c)
		}
	}
	return out
}

// Filter returns the subset of s whose Configs keep reports true for. The
// environment and warnings are shared with s.
func (s *Set) Filter(keep func(Config) bool) *Set {
	f := &Set{files: s.files, cells: make(map[Config]*cell), env: s.env, ignored: s.ignored}
	for _, c := range s.configs {
		if keep(c) {
			f.configs = append(f.configs, c)
			f.cells[c] = s.cells[c]
		}
	}
	return f
}

// Designs returns the designs in s in display order (see Order).
func (s *Set) Designs() []string {
	return Order(distinct(s.configs, func(c Config) string { return c.Design }))
}

// Procs returns the distinct GOMAXPROCS values in s, most runs first.
func (s *Set) Procs() []string {
	runs := make(map[string]int)
	for _, c := range s.configs {
		runs[c.Procs] += s.cells[c].runs
	}
	procs := distinct(s.configs, func(c Config) string { return c.Procs })
	sort.SliceStable(procs, func(i, j int) bool {
		if runs[procs[i]] != runs[procs[j]] {
			return runs[procs[i]] > runs[procs[j]]
		}
		return atoi(procs[i]) > atoi(procs[j])
	})
	return procs
}

// Runs returns how many runs (result lines) of c the Set holds.
func (s *Set) Runs(c Config) int {
	if cl, ok := s.cells[c]; ok {
		return cl.runs
	}
	return 0
}

// Stat summarises the runs of c in unit as benchstat does: the median and
// its 95% confidence interval under benchmath.AssumeNothing. It reports
// false if c was not measured in unit.
func (s *Set) Stat(c Config, unit string) (Stat, bool) {
	cl, ok := s.cells[c]
	if !ok || len(cl.samples[unit]) == 0 {
		return Stat{}, false
	}
	values := make([]float64, len(cl.samples[unit]))
	for i, smp := range cl.samples[unit] {
		values[i] = smp.value
	}
	return NewStat(values), true
}

// Count adds up a per-operation count in unit over the runs of c: in each
// run x = round(value × iterations) operations out of its iterations. It
// returns the runs' counts pooled into x out of N, with the interval that
// accounts for variation between runs and the test of whether the runs
// share one rate (see NewRunRate). A run of c that did not report unit
// counts as 0 events in its iterations. It reports false if no run of c
// reported unit.
func (s *Set) Count(c Config, unit string) (Rate, bool) {
	cl, ok := s.cells[c]
	if !ok || len(cl.samples[unit]) == 0 {
		return Rate{}, false
	}
	runs := make([]RunCount, len(cl.runIters))
	for i, n := range cl.runIters {
		runs[i].N = n
	}
	for _, smp := range cl.samples[unit] {
		runs[smp.run].X = int(math.Round(smp.value * float64(smp.iters)))
	}
	return NewRunRate(runs), true
}

// Units returns the units measured for c, sorted.
func (s *Set) Units(c Config) []string {
	cl, ok := s.cells[c]
	if !ok {
		return nil
	}
	units := make([]string, 0, len(cl.samples))
	for u := range cl.samples {
		units = append(units, u)
	}
	sort.Strings(units)
	return units
}

// Warnings returns what a reader of the numbers should know: results of
// other benchmark families that were skipped, and Configs whose runs differ
// in something the Config leaves out (another header value such as commit
// or date, or an unknown name part), which benchstat would also flag.
func (s *Set) Warnings() []string {
	var warns []string
	var families []string
	for f := range s.ignored {
		families = append(families, f)
	}
	sort.Strings(families)
	for _, f := range families {
		warns = append(warns, fmt.Sprintf("skipped %d results of Benchmark%s, which is not a chanbench family", s.ignored[f], f))
	}
	differ := make(map[string]int)
	for _, c := range s.configs {
		cl := s.cells[c]
		if len(cl.residues) < 2 {
			continue
		}
		for _, f := range benchproc.NonSingularFields(cl.residues) {
			differ[f.String()]++
		}
	}
	var fields []string
	for f := range differ {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, f := range fields {
		warns = append(warns, fmt.Sprintf("%d configurations combine runs with different %s", differ[f], f))
	}
	return warns
}

// distinct returns the distinct values of key over configs, in order.
func distinct(configs []Config, key func(Config) string) []string {
	var out []string
	seen := make(map[string]bool)
	for _, c := range configs {
		if k := key(c); !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// Distinct returns the distinct values of key over the Configs keep selects,
// in the order first seen.
func (s *Set) Distinct(keep func(Config) bool, key func(Config) string) []string {
	return distinct(s.Configs(keep), key)
}

// benchmathThresholds returns a fresh copy of benchmath's defaults, so that
// no Sample shares mutable state.
func benchmathThresholds() *benchmath.Thresholds {
	t := benchmath.DefaultThresholds
	return &t
}

// Find returns the first Config, in input order, that keep reports true
// for.
func (s *Set) Find(keep func(Config) bool) (Config, bool) {
	for _, c := range s.configs {
		if keep(c) {
			return c, true
		}
	}
	return Config{}, false
}

// Values returns the runs' measurements of c in unit in input order (for
// a scripts/bench file, round order), or nil if c was not measured in
// unit.
func (s *Set) Values(c Config, unit string) []float64 {
	cl, ok := s.cells[c]
	if !ok {
		return nil
	}
	var out []float64
	for _, smp := range cl.samples[unit] {
		out = append(out, smp.value)
	}
	return out
}

// RunValues returns the measurement of c in unit for each run of c, in
// input order, with NaN for a run that did not report unit, so that the
// i'th value of several units belongs to the same run. It returns nil if
// the Set has no run of c.
func (s *Set) RunValues(c Config, unit string) []float64 {
	cl, ok := s.cells[c]
	if !ok {
		return nil
	}
	out := make([]float64, cl.runs)
	for i := range out {
		out[i] = math.NaN()
	}
	for _, smp := range cl.samples[unit] {
		out[smp.run] = smp.value
	}
	return out
}

// Halves splits s into two Sets: a first and a second half of its rounds.
// Two halves of one run are the nearest thing to a replication that one
// file holds: they share the commit and the machine, not the rounds.
//
// A Config every run of which reports a round's seed (metric.UnitSeed, as
// BenchmarkLoad's do) is split by round: the rounds of a benchmark at one
// GOMAXPROCS are the distinct seeds of all such Configs of it, in order of
// first appearance in the input (for a scripts/bench file, round order);
// the first half of them, with the middle one of an odd number in the
// second, is the first half's, and each run goes to the half of its
// seed. A knee search runs refinement rates in some rounds only, so such
// a Config may have a single run, which is kept in its half, or runs in
// one half only, and is then in that half-set alone. The seed is the
// round's identity because every run of one process reports the same;
// metric.UnitSchedBase, which each run draws afresh, is not one.
//
// Any other Config is split by run index: the first half of its runs in
// input order and the second half, with the middle run of an odd number
// in the second; one with fewer than 2 runs is left out.
func (s *Set) Halves() (first, second *Set) {
	first, second = s.Filter(func(Config) bool { return false }), s.Filter(func(Config) bool { return false })
	inFirst := s.seedHalves()
	for _, c := range s.configs {
		cl := s.cells[c]
		half := make([]int, cl.runs) // 0 for the first half, 1 for the second
		if seeds, ok := cl.seeds(); ok {
			for i, seed := range seeds {
				if !inFirst[roundKey{c.Benchmark, c.Procs, seed}] {
					half[i] = 1
				}
			}
		} else {
			if cl.runs < 2 {
				continue
			}
			for i := cl.runs / 2; i < cl.runs; i++ {
				half[i] = 1
			}
		}
		for h, set := range []*Set{first, second} {
			if part := cl.part(func(run int) bool { return half[run] == h }); part != nil {
				set.configs = append(set.configs, c)
				set.cells[c] = part
			}
		}
	}
	return first, second
}

// A roundKey names a round of one benchmark at one GOMAXPROCS by its seed.
type roundKey struct {
	benchmark, procs string
	seed             float64
}

// seedHalves returns, for each round of a seeded Config of s (see Halves),
// whether it is in the first half of its benchmark's rounds at its
// GOMAXPROCS.
func (s *Set) seedHalves() map[roundKey]bool {
	type group struct{ benchmark, procs string }
	pos := make(map[roundKey]int) // a round's first position in the input
	for _, c := range s.configs {
		cl := s.cells[c]
		seeds, ok := cl.seeds()
		if !ok {
			continue
		}
		for i, seed := range seeds {
			k := roundKey{c.Benchmark, c.Procs, seed}
			if p, seen := pos[k]; !seen || cl.runPos[i] < p {
				pos[k] = cl.runPos[i]
			}
		}
	}
	rounds := make(map[group][]roundKey)
	for k := range pos {
		g := group{k.benchmark, k.procs}
		rounds[g] = append(rounds[g], k)
	}
	inFirst := make(map[roundKey]bool)
	for _, rs := range rounds {
		slices.SortFunc(rs, func(a, b roundKey) int { return pos[a] - pos[b] })
		for _, k := range rs[:len(rs)/2] {
			inFirst[k] = true
		}
	}
	return inFirst
}

// seeds returns the seed (metric.UnitSeed) of each of cl's runs, and
// false unless every run reported one.
func (cl *cell) seeds() ([]float64, bool) {
	smps := cl.samples[metric.UnitSeed]
	if len(smps) == 0 || len(smps) != cl.runs {
		return nil, false
	}
	out := make([]float64, cl.runs)
	for _, smp := range smps {
		out[smp.run] = smp.value
	}
	return out, true
}

// part returns a cell of the runs of cl that keep reports true for, in
// their order, or nil if there are none.
func (cl *cell) part(keep func(run int) bool) *cell {
	part := &cell{samples: make(map[string][]sample), residues: cl.residues}
	index := make([]int, cl.runs) // a run's index in part, or -1
	for i := range cl.runs {
		index[i] = -1
		if keep(i) {
			index[i] = part.runs
			part.runs++
			part.iters += cl.runIters[i]
			part.runIters = append(part.runIters, cl.runIters[i])
			part.runPos = append(part.runPos, cl.runPos[i])
		}
	}
	if part.runs == 0 {
		return nil
	}
	for unit, smps := range cl.samples {
		for _, smp := range smps {
			if index[smp.run] >= 0 {
				smp.run = index[smp.run]
				part.samples[unit] = append(part.samples[unit], smp)
			}
		}
	}
	return part
}

package summary

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"time"
)

// The benchmark families of chanbench, as they appear after "Benchmark" in
// a result's name. Results of any other family are ignored.
const (
	Stream   = "Stream"   // per chunk, one stream: time, bytes/s, allocations, latency
	Streams  = "Streams"  // per chunk, many streams sharing one router
	Workflow = "Workflow" // per whole workflow: time, shutdown latency, violations
	Ordering = "Ordering" // per workflow: violations by kind, by window, net's work and regime
	Ratio    = "Ratio"    // a design's time over a comparator's, paired in one process
	Load     = "Load"     // per stream, open loop: latency and completions at an offered rate

	ScheduledBound  = "ScheduledBound"  // per PCT workflow at 16 chunks, window 16, 4 streams: violations, find probability
	ScheduledReplay = "ScheduledReplay" // per rerun of a failing seed: the same violations, the same schedule
)

// Values of the impl= name part (and of BenchmarkRatio's vs=, whose
// comparator is a design or the design's floor).
const (
	ImplWorkflow = "workflow" // the design's workflow
	ImplFloor    = "floor"    // its bare channel hops, bench.Floor
)

// RateClosed is the rate= value of BenchmarkLoad's closed-loop reference
// point: every stream at once, no arrival schedule.
const RateClosed = "closed"

// IsFamily reports whether name is one of the benchmark families above.
func IsFamily(name string) bool {
	switch name {
	case Stream, Streams, Workflow, Ordering, Ratio, Load, ScheduledBound, ScheduledReplay:
		return true
	}
	return false
}

// A Config identifies one benchmark configuration: its family and the
// key=value parts of its name. A part absent from the name is "". Two runs
// with equal Configs are repeated measurements of the same thing.
//
// The numeric parts are validated by Read, so their accessors need no
// error result.
type Config struct {
	Benchmark string // family: Stream, Streams, Workflow, Ordering, Ratio, Load, ScheduledBound or ScheduledReplay
	Design    string // the channel design, e.g. "router"
	Chunk     string // bytes per chunk, a decimal integer
	Window    string // net's outstanding requests, a decimal integer
	Streams   string // concurrent streams, a decimal integer
	Work      string // net's work per chunk in time.Duration.String form, e.g. "20µs"
	Regime    string // scheduling regime: natural, yield, forced
	Outcome   string // the source's terminal outcome: done, error
	Impl      string // "workflow" (the design) or "floor" (its bare channel hops)
	Vs        string // BenchmarkRatio's comparator: "floor" or a design, e.g. "unbuffered"
	Rate      string // BenchmarkLoad's offered load: "closed" or streams per second, a decimal integer
	Procs     string // GOMAXPROCS, from the name's -N suffix
}

// ChunkBytes returns the chunk size in bytes, or 0 if the name has none.
func (c Config) ChunkBytes() int { return atoi(c.Chunk) }

// WindowSize returns net's window, or 0 if the name has none.
func (c Config) WindowSize() int { return atoi(c.Window) }

// StreamCount returns the number of concurrent streams, or 0 if the name
// has none.
func (c Config) StreamCount() int { return atoi(c.Streams) }

// OfferedRate returns BenchmarkLoad's offered load in streams per second:
// 0 for the closed-loop point (rate=closed), -1 if the name has no rate.
func (c Config) OfferedRate() int {
	switch c.Rate {
	case "":
		return -1
	case RateClosed:
		return 0
	}
	return atoi(c.Rate)
}

// SortRates sorts rate= values for display: "closed" first, then the
// offered rates in numeric order. It returns a sorted copy.
func SortRates(rates []string) []string {
	out := slices.Clone(rates)
	slices.SortStableFunc(out, func(a, b string) int {
		return cmp.Compare(Config{Rate: a}.OfferedRate(), Config{Rate: b}.OfferedRate())
	})
	return out
}

// WorkDuration returns net's work per chunk, or -1 if the name has none.
func (c Config) WorkDuration() time.Duration {
	if c.Work == "" {
		return -1
	}
	d, err := time.ParseDuration(c.Work)
	if err != nil {
		return -1
	}
	return d
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return n
}

// GOMAXPROCS is the GOMAXPROCS of a Config.Procs value, a name's -N
// suffix: none is 1.
func GOMAXPROCS(procs string) int {
	if n, err := strconv.Atoi(procs); err == nil {
		return n
	}
	return 1
}

// SortProcs returns Config.Procs values by increasing GOMAXPROCS.
func SortProcs(procs []string) []string {
	out := slices.Clone(procs)
	slices.SortStableFunc(out, func(a, b string) int { return cmp.Compare(GOMAXPROCS(a), GOMAXPROCS(b)) })
	return out
}

// SortNumeric returns name-part values (chunk, window, streams, GOMAXPROCS)
// in increasing numeric order, any that is not a number last.
func SortNumeric(vals []string) []string {
	num := func(s string) int {
		if n, err := strconv.Atoi(s); err == nil {
			return n
		}
		return math.MaxInt
	}
	out := slices.Clone(vals)
	slices.SortStableFunc(out, func(a, b string) int { return cmp.Compare(num(a), num(b)) })
	return out
}

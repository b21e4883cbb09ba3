package designs

import "runtime/metrics"

// runCount reads what the runtime counts of the process's goroutines
// (runtime/metrics): those running or runnable, and the stop-the-worlds,
// the GC's and the others', that have finished stopping the world. The
// scheduled regime decides from it when nothing moves (scheduler.quiet);
// the forced regime only when to look (forcing.quiesce).
//
// One read can miss a goroutine that is moving: the count sees running
// Ps and run queues, not the runtime's own short waits. Measured on
// go1.26.8 (2 cores), beside a goroutine that never blocks but allocates,
// a loop that yields and reads counted only itself in 7,787 of 24 million
// reads in 60 s; a stack snapshot taken at once found the goroutine in
// "semacquire", in "GC assist wait", or runnable after a stop-the-world.
// Two ways are known:
//
//   - A goroutine that starts a stop-the-world (a GC its allocation
//     triggered) marks its own P stopped and waits until the others stop:
//     until then the count sees neither it nor any P already stopped.
//     The world cannot finish stopping before the reader stops too, at its
//     next yield, and the stop is recorded before the reader runs again.
//   - While a GC marks, an allocating goroutine can park in "GC assist
//     wait", which the GC ends by itself. A GC marks between its two
//     stop-the-worlds (sweep termination, then mark termination), so an
//     odd count of the GC's stops says a GC may be marking.
//
// So calm asks for two reads in a row, a yield apart, that count nothing
// but the reader, with no stop-the-world finished between them, and says
// when the GC's stops are odd. Two such reads missed the goroutine once in
// about 23,000 single misses over every run of that measurement (one, two
// and three allocators, with and without -race); a GC whose mark
// termination restarts (Go issue 27993) stops once more, which shifts the
// parity until the next one does, and then only the pair is left.
// TestCalmMissesNoAllocatingGoroutine holds calm to that load.
type runCount struct {
	s    []metrics.Sample
	last struct {
		ok        bool   // the previous read counted nothing but the reader
		gc, other uint64 // stop-the-worlds finished stopping at that read
	}
}

func newRunCount() *runCount {
	return &runCount{s: []metrics.Sample{
		{Name: "/sched/goroutines/running:goroutines"},
		{Name: "/sched/goroutines/runnable:goroutines"},
		{Name: "/sched/pauses/stopping/gc:seconds"},
		{Name: "/sched/pauses/stopping/other:seconds"},
	}}
}

// busy reads the count of goroutines running or runnable, the reader
// included: an approximate hint, as forcing.quiesce uses it.
func (c *runCount) busy() uint64 {
	metrics.Read(c.s[:2])
	return c.s[0].Value.Uint64() + c.s[1].Value.Uint64()
}

// calm reads the counts and reports whether this read and the one before
// it (the caller yields between them) counted no goroutine but the reader
// running or runnable, with no stop-the-world finished between the two.
// marking reports that a GC may be marking: the counts cannot say, and
// only a stack snapshot can. A read that counts more than the reader
// costs one cheap read (about 70 ns); one that does not also reads the
// stops (about 330 ns more), and then the count again, so that its stops
// come before its count: a stop-the-world still stopping at that count
// is then missing from those stops, and counted in the next read's.
func (c *runCount) calm() (calm, marking bool) {
	if c.busy() > 1 {
		c.last.ok = false
		return false, false
	}
	metrics.Read(c.s[2:])
	gc, other := stops(c.s[2]), stops(c.s[3])
	ok := c.busy() <= 1
	calm = ok && c.last.ok && gc == c.last.gc && other == c.last.other
	c.last.ok, c.last.gc, c.last.other = ok, gc, other
	return calm, gc%2 == 1
}

// forget drops the previous read: the next calm needs two reads again.
func (c *runCount) forget() { c.last.ok = false }

// stops is the number of events a stop-the-world pause histogram holds.
func stops(s metrics.Sample) uint64 {
	var n uint64
	for _, k := range s.Value.Float64Histogram().Counts {
		n += k
	}
	return n
}

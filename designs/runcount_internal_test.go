package designs

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestCalmMissesNoAllocatingGoroutine: beside goroutines that never block
// but allocate (so GCs start, stop the world and ask for assists all the
// time), runCount.calm must never say calm outside a GC's marking: every
// such answer would be a quiescence the scheduled regime takes for real.
// One read of the count alone misses them often (logged); with that rule
// in calm this test fails.
func TestCalmMissesNoAllocatingGoroutine(t *testing.T) {
	const allocators = 2
	var stop atomic.Bool
	var wg sync.WaitGroup
	sinks := make([][]byte, allocators)
	for i := range allocators {
		wg.Go(func() {
			for !stop.Load() {
				sinks[i] = make([]byte, 4096)
			}
		})
	}
	c := newRunCount()
	reads, oneRead, wrong, marking := 0, 0, 0, 0
	gcs := gcCycles()
	for start := time.Now(); time.Since(start) < time.Second; reads++ {
		runtime.Gosched()
		calm, gcMarking := c.calm()
		if c.last.ok {
			oneRead++
		}
		switch {
		case gcMarking:
			marking++
		case calm:
			wrong++
		}
	}
	stop.Store(true)
	wg.Wait()
	gcs = gcCycles() - gcs
	t.Logf("%d reads, %d GC cycles: one read counted only the reader in %d, %d while a GC marked; calm said calm in %d", reads, gcs, oneRead, marking, wrong)
	assert.Positive(t, gcs, "the allocators started no GC: the test shows nothing")
	assert.Zero(t, wrong, "calm took goroutines that never block for quiet")
}

// gcCycles is the number of GC cycles the process has completed.
func gcCycles() uint32 {
	var s runtime.MemStats
	runtime.ReadMemStats(&s)
	return s.NumGC
}

package designs

import "syscall"

// yieldThread gives up the calling OS thread's CPU to any other thread the
// kernel has waiting on it (sched_yield), and returns at once when there is
// none. See generator.run for why the load generator needs it.
func yieldThread() { syscall.Syscall(syscall.SYS_SCHED_YIELD, 0, 0, 0) }

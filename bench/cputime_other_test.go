//go:build !unix

package bench

import "time"

// processCPU reports false: this system's process CPU time is not read
// here, and BenchmarkRatio reports no cpu-ratio.
func processCPU() (time.Duration, bool) { return 0, false }

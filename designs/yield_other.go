//go:build !linux

package designs

// yieldThread does nothing off Linux: the open-loop generator there yields
// only to the Go scheduler, and a design thread the kernel puts on the
// generator's CPU may wait for the kernel's next rebalance (see
// generator.run).
func yieldThread() {}

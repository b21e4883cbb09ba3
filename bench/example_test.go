package bench_test

import (
	"fmt"

	"chanbench/bench"
	"chanbench/designs"
)

// Each design declares the path its chunks take; its floor is built from
// that alone.
func ExampleFloorOf() {
	for _, d := range designs.All() {
		f, err := bench.FloorOf(d, designs.DefaultConfig())
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s: %v\n", d.Name(), f.Path)
	}
	// Output:
	// unbuffered: net ─req→ router ─read→ script ─data→ net, net also on ctrl, capacity 0
	// explicit: net ─req→ router ─read→ script ─data→ net, net also on ctrl, capacity 16
	// dropsender: net ─req→ router ─read→ script ─data→ net, net also on ctrl, capacity 16
	// router: net ─req→ router ─read→ script ─result→ router ─out→ net, capacity 16
	// terminal-routed: net ─req→ router ─read→ script ─data→ net, net also on ctrl, capacity 16
	// locks: net ─req→ router ─read→ script ─data→ net, each a locked queue with a sync.Cond
	// pipe: net ─req→ router ─read→ script (capacity 16) ─io.Pipe→ net
	// pull: net ─iter.Pull2→ source, no hand-off
}

// A floor moves the chunks and does the payload work of the workflow
// (every chunk filled by script and checked by net), with none of its
// logic: here four streams of 64 KiB chunks, 16 requests outstanding each.
func ExampleFloor_Run() {
	cfg := designs.DefaultConfig()
	cfg.Streams, cfg.Chunks, cfg.ChunkSize, cfg.Window = 4, 100, 64<<10, 16
	f, err := bench.FloorOf(designs.TerminalRouted{}, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	moved, err := f.Run(cfg, nil, nil)
	fmt.Println(moved, "chunks received intact and in order, error:", err)
	// Output:
	// 400 chunks received intact and in order, error: <nil>
}

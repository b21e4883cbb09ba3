package designs_test

import (
	"context"
	"fmt"

	"chanbench/designs"
)

// failing is one stream of four chunks, then the source's error.
func failing() designs.Config {
	cfg := designs.DefaultConfig()
	cfg.Outcome = designs.Outcome{Kind: designs.Fail, At: 4}
	return cfg
}

// describe runs d once on cfg and says what net saw.
func describe(d designs.Design, cfg designs.Config) {
	res, err := designs.Run(context.Background(), d, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	end, _ := res.Records[0].End()
	fmt.Printf("%s: %d chunks, error recorded before the end: %v, ended by %v, violations: %d\n",
		d.Name(), res.Truth[0].Produced, len(res.Records[0].Errors) == 1, end.End, len(res.Violations))
}

func ExampleRun() {
	for _, d := range designs.All() {
		if !designs.Correct(d, failing()) {
			continue // its result depends on the schedule: see ExampleExplicit
		}
		describe(d, failing())
	}
	// Output:
	// unbuffered: 4 chunks, error recorded before the end: true, ended by shutdown, violations: 0
	// dropsender: 4 chunks, error recorded before the end: true, ended by channels closed, violations: 0
	// router: 4 chunks, error recorded before the end: true, ended by shutdown, violations: 0
	// terminal-routed: 4 chunks, error recorded before the end: true, ended by shutdown, violations: 0
	// locks: 4 chunks, error recorded before the end: true, ended by shutdown, violations: 0
	// pipe: 4 chunks, error recorded before the end: true, ended by channels closed, violations: 0
	// pull: 4 chunks, error recorded before the end: true, ended by channels closed, violations: 0
}

func ExampleUnbuffered() {
	cfg := failing()
	cfg.Regime = designs.Forced // even with both terminal messages as ready as they can be
	describe(designs.Unbuffered{}, cfg)
	// Output:
	// unbuffered: 4 chunks, error recorded before the end: true, ended by shutdown, violations: 0
}

// In the forced state the error and the shutdown are both waiting when net
// selects, and Go picks either: in 40 workflows the shutdown wins at least
// once, except with probability 2^-40.
func ExampleExplicit() {
	cfg := failing()
	cfg.Regime = designs.Forced
	lost := 0
	var first designs.Violation
	for range 40 {
		res, err := designs.Run(context.Background(), designs.Explicit{}, cfg)
		if err != nil {
			fmt.Println(err)
			return
		}
		if !res.OK() {
			if lost == 0 {
				first = res.Violations[0]
			}
			lost++
		}
	}
	fmt.Println("the shutdown overtook the error:", lost > 0)
	fmt.Println("first violation:", first.Kind)
	// Output:
	// the shutdown overtook the error: true
	// first violation: error-after-end
}

func ExampleDropSender() {
	cfg := failing()
	cfg.Window = 4
	describe(designs.DropSender{}, cfg)
	// Output:
	// dropsender: 4 chunks, error recorded before the end: true, ended by channels closed, violations: 0
}

func ExampleRouterSerialized() {
	cfg := failing()
	cfg.Streams = 16 // one router for all of them
	res, err := designs.Run(context.Background(), designs.RouterSerialized{}, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("router: %d streams, violations: %d\n", len(res.Records), len(res.Violations))
	// Output:
	// router: 16 streams, violations: 0
}

// At window 1 the merged shape is correct even when forced; above it, the
// last chunks can sit in data while the error and the shutdown arrive on
// the router's channel, and the shutdown can overtake them.
func ExampleTerminalRouted() {
	cfg := failing()
	cfg.Regime = designs.Forced
	describe(designs.TerminalRouted{}, cfg)
	cfg.Window = 4
	lost := 0
	for range 40 {
		res, err := designs.Run(context.Background(), designs.TerminalRouted{}, cfg)
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, v := range res.Violations {
			if v.Kind == designs.ChunkLost {
				lost++
				break
			}
		}
	}
	fmt.Println("window 4: the shutdown overtook a chunk:", lost > 0)
	// Output:
	// terminal-routed: 4 chunks, error recorded before the end: true, ended by shutdown, violations: 0
	// window 4: the shutdown overtook a chunk: true
}

package summary_test

import (
	"fmt"

	"chanbench/report/summary"
)

// Reading a real run and asking for one number of each kind.
func ExampleRead() {
	set, err := summary.Read("../testdata/short.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("designs:", set.Designs())

	// A time: the median of the runs, with benchstat's interval.
	stream := summary.Config{Benchmark: summary.Stream, Design: "router", Chunk: "64", Window: "1", Impl: "workflow", Procs: "2"}
	st, _ := set.Stat(stream, "ns/op")
	fmt.Println("runs:", st.N(), "interval:", st.HasInterval())

	// A count: workflows with a violation, x out of N.
	ordering := summary.Config{Benchmark: summary.Ordering, Design: "router", Work: "20µs", Regime: "forced", Procs: "2"}
	r, _ := set.Count(ordering, "violations/op")
	fmt.Println(r)
	// Output:
	// designs: [unbuffered explicit dropsender router terminal-routed]
	// runs: 6 interval: true
	// 0/60, ≤ 6.02% at 95%
}

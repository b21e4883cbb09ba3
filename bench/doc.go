// Package bench measures the channel designs of package designs side by
// side: throughput, chunk latency, allocations, shutdown cost and ordering
// violation rates, each design beside its floor (see Floor).
//
// The benchmarks live in bench_test.go. Their names carry every parameter
// as a key=value part, so that `benchstat -col /design` puts the designs
// side by side:
//
//	BenchmarkStream/design=D/chunk=C/window=W/impl=I
//	    one stream of b.N chunks, outcome done; one op is one chunk.
//	    C is 64, 4096 or 65536 bytes, W is 1 or 16, I is workflow (the
//	    design) or floor (its bare channel hops). Units: ns/op, MB/s,
//	    B/op, allocs/op, and for the workflow p50-ns/op, p99-ns/op and
//	    p99.9-ns/op, the chunk latency from net's request to its receipt.
//	BenchmarkStreams/design=D/streams=N/impl=I
//	    N streams (1, 16, 256, 4096) sharing one router, chunk 64, window 1;
//	    one op is one chunk, over all streams. Units: ns/op, and p99-ns/op
//	    for the workflow.
//	BenchmarkWorkflow/design=D/outcome=O
//	    one whole workflow of 4 chunks then done or an error, from
//	    designs.New to Run's return; one op is one workflow. Units: ns/op,
//	    shutdown-p50-ns/op and shutdown-p99-ns/op (from the source's last
//	    outcome to net's end) and violations/op.
//	BenchmarkOrdering/design=D/work=X/regime=R
//	    one workflow of 4 chunks then an error, with net's work X per chunk
//	    (0s, 1µs, 20µs, 100µs) under scheduling regime R (natural, yield,
//	    forced); one op is one workflow. Units: violations/op (workflows
//	    with at least one violation, over b.N) and <kind>/op for every
//	    designs.ViolationKinds kind (workflows with that kind, over b.N).
//
// Timed regions: a Stream or Streams op is timed from the start of the
// workflow to the moment its last net ends (designs.Workflow.OnNetsEnded
// stops the timer), so neither the preparation (designs.New) nor the
// teardown and the check are in it; latencies are read from net's record
// after the timer has stopped. A Workflow or Ordering op is the whole
// workflow.
//
// With -short the benchmarks run a small subset (chunk 64, window 1,
// streams 1 and 16, work 0s and 20µs) so that
//
//	go test -run '^$' -bench . -benchtime 1x -short ./bench
//
// checks in seconds that every benchmark still runs. scripts/bench runs
// the real sweeps and writes results/<profile>/bench.txt.
package bench

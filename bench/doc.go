// Package bench measures the channel designs of package designs side by
// side: throughput, chunk latency, allocations, shutdown cost and ordering
// violation rates, each design beside its floor (see Floor).
//
// The benchmarks live in bench_test.go (the scheduled regime's in
// sched_test.go). Their names carry every parameter
// as a key=value part, so that `benchstat -col /design` puts the designs
// side by side:
//
//	BenchmarkStream/design=D/chunk=C/window=W/impl=I
//	    one stream of b.N chunks, outcome done; one op is one chunk
//	    delivered. C is 64, 4096 or 65536 bytes, W is 1 or 16, I is
//	    workflow (the design) or floor (its channel hops and payload work,
//	    no workflow logic). Units: ns/op and MB/s over the chunks delivered,
//	    B/op, allocs/op, and for the workflow p50-ns/op, p99-ns/op and
//	    p99.9-ns/op, the chunk latency (see Chunk latency below), and
//	    lost-chunks/op for a design that declares it may lose chunks.
//	BenchmarkStreams/design=D/streams=N/impl=I
//	    N streams (1, 16, 256, 4096) sharing one router, chunk 64, window 1;
//	    one op is one chunk, over all streams. Units: ns/op, and p99-ns/op
//	    for the workflow.
//	BenchmarkRatio/design=D/vs=V/chunk=64/window=1
//	    the design against its floor (V floor) or the reference design (V
//	    unbuffered), in ABBA quads of slices inside one process (D V V D,
//	    then V D D V), so that a linear drift of the machine cancels and no
//	    order is favoured; one op is one quad. Units: ratio and cpu-ratio
//	    (the ratio of costs, D's total time over V's, wall and CPU time),
//	    ns/op. The interval is over runs: the median of the -count runs'
//	    ratios with benchmath's distribution-free 95% interval.
//	BenchmarkWorkflow/design=D/outcome=O
//	    one whole workflow of 4 chunks then done or an error; one op is one
//	    workflow. D is every design and null (designs.Null, a workflow that
//	    does nothing: what no design can go below, measured beside them in
//	    the same run). Units: ns/op (the design's own time, read by its
//	    actors: its channels, the first actor's start to the last net's
//	    return, the quit signal to the router's and script's return),
//	    harness-ns/op (what the harness adds), shutdown-p50-ns/op and
//	    shutdown-p99-ns/op (from the source's last outcome to net's end)
//	    and violations/op (neither for null, whose records are not judged).
//	BenchmarkOrdering/design=D/window=W/work=X/regime=R
//	    one workflow of 4 chunks then an error, with W requests outstanding
//	    (1, 2, 4, 16) and net's work X per chunk (0s, 1µs, 20µs, 100µs)
//	    under scheduling regime R (natural at every X, yield at 0s and
//	    20µs, forced at 20µs, and with -grid=full scheduled at 20µs: see
//	    regimesAt); one op is one workflow. Units: violations/op (workflows with at least one
//	    violation, over b.N) and <kind>/op for every designs.ViolationKinds
//	    kind (workflows with that kind, over b.N).
//	BenchmarkLoad/rate=R/design=D
//	    an open load: streams arriving as a Poisson process at R per
//	    second for -benchtime (closed: all at once), every design and the
//	    null design at one rate back to back, the rates chosen by a knee
//	    search; one op is one stream. Units: see BenchmarkLoad.
//	BenchmarkScheduledBound/design=D/window=16/streams=4/outcome=error
//	    one workflow of ScheduledBoundConfig (4 streams of 16 chunks, an
//	    error at chunk 8) under PCT at depth 2, seeded from a base each
//	    run draws afresh; one op is one workflow. Units: violations/op
//	    and <kind>/op, min-find-p, steps/op, max-steps, sched-seed-base.
//	    The same config in every sweep (it costs a few ms a workflow).
//	BenchmarkScheduledReplay/design=D/window=W
//	    explicit at window 1, terminal-routed at 16, in BenchmarkOrdering's
//	    scheduled workflow: one op is one rerun of a failing seed. Units:
//	    same-kinds/op, same-schedule/op, scanned-per-seed,
//	    sched-seed-base.
//
// Every benchmark fails on a violation the design does not declare
// (designs.KnownFlaws): a number is published only for workflows that went
// as the design says they go.
//
// Timed regions: a Stream or Streams op is timed from the workflow's
// start hook (designs.Workflow.OnStart: once the harness's contexts,
// watchdog and state are made, just before the design wires its channels)
// to the moment its last net ends (designs.Workflow.OnNetsEnded stops the
// timer), so neither the preparation (designs.New, which also pre-faults
// the record) nor the harness's setup, the teardown and the check are in
// it; latencies are read from net's record after the timer has stopped.
// The floor's timed region starts and ends at the same points (see
// Floor.Run). A Workflow op's ns/op is the design's own time, measured
// by the actors themselves inside designs.Workflow.Run; an Ordering op is
// the whole workflow.
//
// What is measured, and what "× its floor" means: net reads the clock
// once per chunk, at its receipt, and appends one event to its record.
// The floor does the same (one clock read, the same ring of instants, one
// event to a pre-faulted record per chunk), so the workflow's measurement
// of itself is on both sides of a ratio to the floor, and "× its floor"
// is the cost of the workflow logic (message kinds, contexts, the
// perturbation hook, the terminal outcome, the design's way of ending),
// not of the measurement. scripts/profile shows where what remains goes.
//
// Chunk latency: from the moment net wanted the chunk to its receipt, for
// every design alike. Net wants a chunk when a window slot frees: at its
// start for the first Window chunks, then when the chunk Window before it
// arrived (designs.Event.Asked). So the time net waits to hand a request
// over (a rendezvous with a busy router, a full req channel) is inside
// the latency, and no clock is read to know it.
//
// Three sizes of sweep. By default (a plain go test -bench . ./bench) the
// benchmarks run the sweeps that fit go test's 10-minute timeout on two
// cores: chunk 64 and 65536 B, windows 1 and 16, streams 1, 16 and 256,
// work 0s, 20µs and 100µs. With -grid=full they run the full sweeps
// (chunk 4096 B, streams 4096, windows 2 and 4, work 1µs as well), which
// scripts/bench's full and forced profiles pass. With -short they run a
// small subset (chunk 64, window 1, streams 1 and 16, work 0s and 20µs)
// so that
//
//	go test -run '^$' -bench . -benchtime 1x -short ./bench
//
// checks in seconds that every benchmark still runs. scripts/bench runs
// the real sweeps and writes results/<profile>/bench.txt.
package bench

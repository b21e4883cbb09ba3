// Package summary reads chanbench's benchmark output and reduces it to the
// numbers a report shows.
//
// # From lines to cells
//
// A benchmark line such as
//
//	BenchmarkStream/design=router/chunk=4096/window=1/impl=workflow-2  100000  812 ns/op  5043 MB/s
//
// is one run of one Config: the benchmark family (Stream), the key=value
// parts of its name, and the GOMAXPROCS suffix (-2). Read parses the lines
// with benchfmt, extracts each Config with a benchproc projection, and
// gathers every run of the same Config into one cell of a Set, one sample
// per unit. Nothing here parses benchmark text by hand.
//
// # Two kinds of number
//
// A time or a throughput (ns/op, MB/s, p99-ns/op) varies from run to run.
// Set.Stat summarises its runs exactly as benchstat does: the median and a
// 95% confidence interval of the median, from benchmath.AssumeNothing. That
// interval needs at least 6 runs; with fewer it is infinite, and Stat says
// so rather than inventing one.
//
// A violation count (violations/op, error-lost/op, ...) is a proportion. In
// one run of b.N workflows, violations/op × b.N of them went wrong. Set.Count
// adds these up over the runs into x out of N and gives a Rate with a Wilson
// score interval, which stays meaningful when x is 0 (it then bounds the
// rate from above) and when N is small.
//
// # Designs are data
//
// The designs are whatever the input names. Order sorts them for display:
// the four designs of the spec first, in a fixed order, then any other in
// alphabetical order, so a fifth design shows up without a code change.
package summary

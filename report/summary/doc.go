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
// keeps each run's count and pools them into x out of N (a Rate).
//
// # Rates whose runs disagree
//
// Under the natural scheduler a violation rate depends on the machine's
// state, so runs differ far more than binomial chance allows: ten runs of
// 2000 workflows with one true rate of 12% would spread by about ±0.7%,
// while chanbench's runs spread over 11–16%. A pooled Wilson interval
// treats the rate as one binomial parameter and is then far too narrow.
//
// So a Rate carries two more things, both computed from the per-run counts:
//
//   - a test of homogeneity of the runs' proportions (a runs×2
//     contingency table), with its p-value: a small p says the runs do
//     not share one rate. It is Pearson's χ² test where every cell expects
//     at least 5 counts; where counts are sparse the χ² p misleads (2
//     events in one of 10 runs: χ² says 0.035, the exact answer is 0.10),
//     so it is the exact conditional test, by Monte Carlo over tables with
//     the observed margins, with a fixed seed (10 000 draws).
//   - a quasi-binomial interval. The dispersion φ = χ²/(runs-1) estimates
//     how many times the binomial variance the runs really show. The
//     interval is the Wilson interval of the pooled proportion at the
//     effective number of trials N/max(φ, 1) (Kish's design effect, never
//     more trials than there are), reduced further by (z/t)² with t the
//     97.5% quantile of Student's t with runs-1 degrees of freedom,
//     because φ is itself estimated from that many degrees of freedom
//     (Korn and Graubard 1998, "Confidence intervals for proportions with
//     small expected number of positive counts estimated from survey
//     data"). The shrink applies whenever φ is estimated, so the interval
//     is continuous in φ. When there is nothing to estimate (one run, at
//     most one event or at most one non-event: one event cannot show
//     variation between runs, yet gives a Pearson φ just above 1) it is
//     the plain Wilson interval of x out of N.
//
// Why this and not a bootstrap over runs: with the 6 to 10 runs a profile
// makes, a percentile bootstrap of runs is known to be too narrow (it
// cannot produce a value more extreme than the most extreme run, and has
// no small-sample correction), and it collapses to a point when x is 0.
// The quasi-binomial interval uses the same information (the spread of the
// runs) through one well-understood variance inflation, is deterministic
// without a seed, reduces to the Wilson interval when there is nothing to
// estimate, and
// keeps the Wilson upper bound for 0/N (about 3.84/N): with no event
// there is no spread to estimate. A beta-binomial fit would model the
// same overdispersion with one more parameter to estimate from 10 points.
// The package's tests simulate overdispersed runs and check that the
// interval covers the true rate about 95% of the time, where the pooled
// Wilson interval does not.
//
// # Designs are the registry's
//
// A design is a name registered in designs.All(), the one home of the
// designs, their order and the baseline (Order, Baseline, IsReference). Any
// other name in the input is no design: design=null (Null) is the
// harness's zero, read beside the designs' figures, and others are left out.
package summary

// Package plots draws chanbench's figures with gonum.org/v1/plot.
//
// Each figure comes from one function that reads a summary.Set:
// Throughput, Latency, Streams, Violations, ViolationsByWindow, Shutdown,
// Correctness, Scaling, LoadLatency and LoadViolations. It returns a
// Figure: one or more panels, and a legend column to their right, with
// notes on how to read the figure under it, so that no legend covers data
// (the figure grows taller if the notes need it). A Figure renders to PNG
// and to SVG.
//
// Every point is a summary, never a single run: a median with the
// benchmath 95% interval of the median as its error bar (there is none when
// fewer than 6 runs leave that interval unbounded, and the figure says so),
// or a violation rate x/N with its 95% interval (see summary.Rate). An axis is
// logarithmic when its values span a factor of 10 or more; its ticks are
// labelled at 1, 2 and 5 per decade, or at gonum's linear ticks where
// that would label fewer than three.
//
// Designs come in the caller's order (designs.All()'s), which gives each its
// colour, so a design has the same colour in every figure; the package
// names no design. A reference (Options.References, such as pull) is drawn
// as a black dash-dot line where its benchmark gives it a value, never
// ranked, dodged or counted among the designs; where it has none the notes
// say why.
//
// Scaling appears only for a run with more than one -cpu value: time per
// chunk and saturation throughput (package saturation, by
// Options.Saturation) against GOMAXPROCS.
//
// A figure that would have no data is not drawn: its function returns an
// error that wraps ErrNoData, and the caller says so instead of showing an
// empty plot.
//
// The figures whose look matters are held to golden PNGs
// (testdata/golden, compared with gonum's cmpimg); after a change of look,
// run go test -run TestGoldenImages -update ./report/plots and look at the
// new images before committing them. PLOTS_PNG=DIR go test ./report/plots
// writes every figure the tests draw into DIR, to be looked at.
package plots

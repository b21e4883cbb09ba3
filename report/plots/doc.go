// Package plots draws chanbench's figures with gonum.org/v1/plot.
//
// Each figure comes from one function, in a file of its own, that reads a
// summary.Set: Throughput, Latency, Streams, Violations, Shutdown,
// Correctness, LoadLatency and LoadViolations. It returns a Figure: one or
// more panels side by side (LoadLatency: in two rows), and a legend column
// to their right so that no legend covers data. A Figure renders to PNG
// and to SVG.
//
// Every point is a summary, never a single run: a median with the
// benchmath 95% interval of the median as its error bar (there is none when
// fewer than 6 runs leave that interval unbounded, and the figure says so),
// or a violation rate x/N with its 95% interval (see summary.Rate). An axis is
// logarithmic when its values span a factor of 10 or more. A BenchmarkLoad
// point summarises only the runs in which the load generator kept its
// schedule; a point with none is drawn as an unjoined cross, never as a
// measurement.
//
// A figure that would have no data is not drawn: its function returns an
// error that wraps ErrNoData, and the caller says so instead of showing an
// empty plot.
//
// Colours follow each design's place in the display order passed in
// Options.Designs, so a design has the same colour in every figure.
package plots

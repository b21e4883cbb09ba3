// Command spintrace turns Spin's replay of a counterexample trail of one of
// the chanbench models into the readable Markdown page committed in
// results/model/<design>-counterexample.md. scripts/verify runs it.
//
// Usage:
//
//	spin -t -p -s -r -k explicit.pml.trail explicit.pml |
//		spintrace -design explicit -chunks 1 -window 1 -cap 1 -outcome error
//
// It reads the replay on standard input and writes the page on standard
// output.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"chanbench/designs/model"
)

func main() {
	var c model.Counterexample
	flag.StringVar(&c.Design, "design", "", "the design whose model was refuted")
	flag.IntVar(&c.Chunks, "chunks", 0, "CHUNKS of the refuted grid point")
	flag.IntVar(&c.Window, "window", 0, "WINDOW of the refuted grid point")
	flag.IntVar(&c.Cap, "cap", 0, "CAP of the refuted grid point")
	flag.StringVar(&c.Outcome, "outcome", "", "OUTCOME of the refuted grid point: done or error")
	dir := flag.String("dir", "designs", "the designs package's directory: the design's Go files and doc comment are read there")
	file := flag.String("file", "", "a _test.go file holding the design (a test-only one), as for gen -file")
	flag.Parse()
	if c.Design == "" || (c.Outcome != "done" && c.Outcome != "error") {
		fmt.Fprintln(os.Stderr, "spintrace: need -design and -outcome done|error")
		flag.Usage()
		os.Exit(2)
	}
	if err := c.Describe(*dir, *file); err != nil {
		fmt.Fprintf(os.Stderr, "spintrace: %v\n", err)
		os.Exit(1)
	}
	in, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintf(os.Stderr, "spintrace: reading the replay: %v\n", err)
		os.Exit(1)
	}
	c.Steps, err = model.ReadableTrace(string(in))
	if err != nil {
		fmt.Fprintf(os.Stderr, "spintrace: %s: %v\n", c.Design, err)
		os.Exit(1)
	}
	if _, err := io.WriteString(os.Stdout, c.Markdown()); err != nil {
		fmt.Fprintf(os.Stderr, "spintrace: %v\n", err)
		os.Exit(1)
	}
}

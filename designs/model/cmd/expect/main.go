// Command expect prints the verdict Spin must give each grid point of
// scripts/verify, from the designs' own declarations (model.Expected, from
// designs.KnownFlaws): scripts/verify's only source of expected verdicts.
//
// It reads grid points from standard input, one a line,
//
//	DESIGN CHUNKS WINDOW CAP OUTCOME AT STREAMS
//
// (OUTCOME: done, error or cancel) and prints, for each, "verified" or
// "refuted" on a line of its own; a design that is not registered
// (designs.All) gets an empty line: a test-only design has no expectation.
//
// With -list it prints instead the registered designs' names, one a line,
// each followed, for a design the generator does not model
// (designs.Unmodelled), by a tab and the construct it refuses.
//
// Usage:
//
//	printf 'explicit 1 1 1 error 1 1\n' | go run ./designs/model/cmd/expect
//	go run ./designs/model/cmd/expect -list
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"

	"chanbench/designs"
	"chanbench/designs/model"
)

func main() {
	list := flag.Bool("list", false, "print the registered designs' names, one a line (and, after a tab, the construct the generator refuses in one it does not model)")
	flag.Parse()
	if *list {
		for _, d := range designs.All() {
			if r := designs.ModelRefusal(d); r != "" {
				fmt.Printf("%s\t%s\n", d.Name(), r)
				continue
			}
			fmt.Println(d.Name())
		}
		return
	}
	if err := run(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "expect:", err)
		os.Exit(1)
	}
}

func run(in io.Reader, out io.Writer) error {
	sc := bufio.NewScanner(in)
	w := bufio.NewWriter(out)
	for line := 1; sc.Scan(); line++ {
		var name string
		var p model.Point
		if _, err := fmt.Sscan(sc.Text(), &name, &p.Chunks, &p.Window, &p.Cap, &p.Outcome, &p.At, &p.Streams); err != nil {
			return fmt.Errorf("line %d %q: want DESIGN CHUNKS WINDOW CAP OUTCOME AT STREAMS: %w", line, sc.Text(), err)
		}
		d, err := designs.ByName(name)
		if err != nil {
			fmt.Fprintln(w)
			continue
		}
		v, err := model.Expected(d, p)
		if err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		fmt.Fprintln(w, v)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read grid points: %w", err)
	}
	return w.Flush()
}

// Command gen writes the Spin model of a chanbench design, generated from
// its Go source by package chanbench/designs/model/gen.
//
// Usage:
//
//	go run ./designs/model/cmd/gen -design explicit -o explicit.pml
//	go run ./designs/model/cmd/gen -file designs/mutant_x_test.go -type x -o x.pml
//	go run ./designs/model/cmd/gen -list
//
// -design names a design of package designs by its registry name; -type
// by its Go type name. -file adds a _test.go file (a test-only mutant
// design) to what is read. The model includes workflow.pml, so it is to be
// checked in a directory that holds a copy of designs/model/workflow.pml.
// A construct the generator cannot translate is reported as
// file:line: cannot translate …, with exit status 1, and nothing is written.
package main

import (
	"flag"
	"fmt"
	"os"

	"chanbench/designs/model/gen"
)

func main() {
	var o gen.Options
	out := flag.String("o", "", "write the model here (default: standard output)")
	list := flag.Bool("list", false, "list the designs (registry name, type and file, tab-separated), one a line, and exit")
	flag.StringVar(&o.Dir, "dir", "designs", "the designs package's directory")
	flag.StringVar(&o.File, "file", "", "a _test.go file holding a test-only design (a mutant)")
	flag.StringVar(&o.Design, "design", "", "the design's registry name")
	flag.StringVar(&o.Type, "type", "", "the design's Go type name")
	flag.Parse()
	if *list {
		ds, err := gen.List(o.Dir, o.File)
		if err != nil {
			fmt.Fprintf(os.Stderr, "gen: %v\n", err)
			os.Exit(1)
		}
		for _, d := range ds {
			fmt.Printf("%s\t%s\t%s\n", d.Name, d.Type, d.File)
		}
		return
	}
	if o.Design == "" && o.Type == "" {
		fmt.Fprintln(os.Stderr, "gen: need -design NAME or -type TYPE (or -list)")
		flag.Usage()
		os.Exit(2)
	}
	m, err := gen.Generate(o)
	if err != nil {
		fmt.Fprintf(os.Stderr, "gen: %v\n", err)
		os.Exit(1)
	}
	if *out == "" {
		_, err = os.Stdout.Write(m.Text)
	} else {
		err = os.WriteFile(*out, m.Text, 0o644)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "gen: %v\n", err)
		os.Exit(1)
	}
}

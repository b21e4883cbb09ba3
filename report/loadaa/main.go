// Command loadaa compares two independent sweeps of BenchmarkLoad from
// one commit, a load A/A, and says whether the method replicates: each
// design's saturation throughput (its whole median range, censored runs
// counted) inside the other sweep's 95% interval (saturation.Agree), and
// the same answer to "which design saturates first, and is it
// significant" (saturation.First) at every GOMAXPROCS.
//
//	go run ./report/loadaa [-out FILE] A.txt B.txt
//
// A.txt and B.txt are scripts/bench outputs (scripts/bench load-aa writes
// both). The comparison, in Markdown, goes to stdout or to FILE (written
// to a temporary file, then renamed).
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"

	"chanbench/report/outfile"
	"chanbench/report/saturation"
	"chanbench/report/summary"
)

// splits and splitSeed are the calibration's random deals of the two
// sweeps' rounds (saturation.Exchange): enough that a share is known to
// about ±1.6 points, from a fixed seed so that AA.md can be remade.
const (
	splits    = 1000
	splitSeed = 1
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadaa:", err)
		os.Exit(2)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("loadaa", flag.ContinueOnError)
	out := fs.String("out", "", "write the comparison to `file` instead of stdout")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return fmt.Errorf("want two benchmark files (two sweeps of one commit), got %d", fs.NArg())
	}
	var sweeps [2]map[saturation.Key][][]saturation.Point
	for i, path := range fs.Args() {
		set, err := summary.Read(path)
		if err != nil {
			return err // summary.Read names the file
		}
		sweeps[i] = saturation.Sweeps(set)
		if len(sweeps[i]) == 0 {
			return fmt.Errorf("read %s: no BenchmarkLoad results at an offered rate", path)
		}
	}
	var b bytes.Buffer
	crit := saturation.Standard()
	write(&b, fs.Arg(0), fs.Arg(1), crit.Replicate(sweeps[0], sweeps[1]), crit.Exchange(sweeps[0], sweeps[1], splits, splitSeed))
	if *out == "" {
		_, err := stdout.Write(b.Bytes())
		return err
	}
	return outfile.WriteFile(*out, b.Bytes())
}

// write renders r, and cal, the agreement rule's calibration on the same
// runs, as Markdown.
func write(w io.Writer, a, b string, r saturation.Replication, cal saturation.Calibration) {
	fmt.Fprintf(w, "# Load A/A\n\nA: `%s`\nB: `%s`\n\n", a, b)
	verdict := "The method replicates: every design's saturation lies inside the other sweep's interval, and both sweeps give the same answer to which design saturates first."
	if !r.OK() {
		verdict = "The method does not replicate on these two sweeps: see the rows marked no."
	}
	fmt.Fprintf(w, "%s\n\n", verdict)
	fmt.Fprintf(w, "| GOMAXPROCS | design | saturation A | saturation B | agree |\n|---|---|---|---|---|\n")
	for _, d := range r.Designs {
		agree := "yes"
		if !d.Agree {
			agree = "no: " + d.Why
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", procs(d.Procs), d.Design, d.A, d.B, agree)
	}
	fmt.Fprintf(w, "\n| GOMAXPROCS | saturates first, A | saturates first, B | same |\n|---|---|---|---|\n")
	for _, f := range r.Firsts {
		same := "yes"
		if !f.Same() {
			same = "no"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", procs(f.Procs), first(f.A, f.WhyA), first(f.B, f.WhyB), same)
	}
	flagged := r.Flagged()
	atLeast := ""
	if flagged > 0 {
		atLeast = fmt.Sprintf("%d or more in %.1f%% of deals, ", flagged, 100*cal.Share(flagged))
	}
	fmt.Fprintf(w, "\n**The agreement rule on sweeps alike by construction.** Dealing the rounds of both sweeps at random into two groups of their sizes (%d deals, whole rounds together, seed %d; saturation.Exchange), every \"no\" is a false alarm (were the sweeps to differ, the deals would mix the difference in). The rule then flags %.2f of the %d designs on average; %snone in %.1f%%. These two sweeps: %d of %d.\n",
		cal.Splits, splitSeed, cal.Mean, cal.Designs, atLeast, 100*(1-cal.Share(1)), flagged, len(r.Designs))
	fmt.Fprint(w, "\nSaturation: median of the runs' saturation throughputs (95% order-statistic interval; runs counted, and how many of them are censored), by the rule of package report/saturation (two consecutive failing measured points; a lone one decides nothing). "+
		"A censored run gives an interval, not a value: one that kept up at every measured rate, or ended on a lone failing point, says \"at least\" its last rate that kept up; one saturated at its lowest rates, \"below\" them. "+
		"The median is then a range (\"≥ 50400/s\", \"40000–63500/s\") and the interval's limits are taken from the runs' lower and upper ends (∞ when too many runs are open above), so both hold however the censored runs resolve. "+
		"Agree: each sweep's whole median range inside the other's interval (a \"no\" says agreement cannot be claimed whichever way the censored runs resolve). "+
		"First: the design whose median range has the lowest upper end, named only if significantly below every other design (Mann-Whitney, α = 0.05) with its censored runs at their upper ends and the others' at their lower ends.\n")
}

func first(d, why string) string {
	if d == "" {
		return "none: " + why
	}
	return d
}

func procs(p string) string {
	if p == "" {
		return "1"
	}
	return p
}

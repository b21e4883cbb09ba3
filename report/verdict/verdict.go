// Package verdict reads what the Spin model checker concluded about each
// design's message passing.
//
// A run of the models (designs/model) leaves, in one directory:
//
//   - verdicts.tsv, one row per checked configuration, with a header row and
//     the columns design, chunks, window, cap, outcome, verdict, expected,
//     states, depth and seconds, and optionally streams and search
//     ("exhaustive", or "bitstate, …": a partial search). verdict is
//     "verified" (every interleaving searched satisfies error-first, no
//     lost chunk and no deadlock) or "refuted" (Spin found an interleaving
//     that does not); expected is what the design's author predicted.
//   - <design>-counterexample.md, a readable trace for a refuted design.
//   - run.txt, how the verdicts were made, with a "commit:" line.
//
// A rate from real runs can only say "0 in a million here"; a verified
// model says "in no interleaving of this model". The report shows both.
package verdict

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// The two verdicts a check can reach.
const (
	Verified = "verified"
	Refuted  = "refuted"
	// Refused is the verdict column of a design the model generator refuses:
	// scripts/verify writes one such row, with "-" in every count.
	Refused = "refused"
)

// FileName is the name of the verdicts table in a model results directory.
const FileName = "verdicts.tsv"

// A Check is one configuration the model checker explored.
type Check struct {
	Design   string
	Chunks   int    // chunks the model's source produces
	Window   int    // net's outstanding requests
	Streams  int    // concurrent streams (1 if the table has no streams column)
	Cap      int    // channel capacity (0 is a rendezvous)
	Outcome  string // the source's terminal outcome: done or error
	Verdict  string // Verified or Refuted
	Expected string // the verdict the design's author expected: Verified, Refuted or ""
	States   int64  // states stored
	Depth    int    // search depth reached
	Seconds  float64
	Search   string // "exhaustive", or "bitstate, …" (a partial search); "" if not recorded
}

// Unexpected reports whether the verdict differs from the expected one.
func (c Check) Unexpected() bool { return c.Expected != "" && c.Expected != c.Verdict }

// Bitstate reports whether the check was a bitstate search, which covers
// only part of the state space: its "verified" is not a proof.
func (c Check) Bitstate() bool { return strings.HasPrefix(c.Search, "bitstate") }

// Verdicts are the model checker's conclusions, as read from one directory.
type Verdicts struct {
	// Dir is the directory they were read from.
	Dir string
	// Checks are the rows of verdicts.tsv, in file order.
	Checks []Check
	// Counterexamples maps a design to the path of its counterexample trace.
	Counterexamples map[string]string
	// Commit is the commit run.txt names, "" if there is none.
	Commit string
}

// columns returns the required header names of verdicts.tsv.
func columns() []string {
	return []string{"design", "chunks", "window", "cap", "outcome", "verdict", "expected", "states", "depth", "seconds"}
}

// Read reads the verdicts in dir. If dir has no verdicts.tsv, the models
// were not checked: Read returns nil and no error. A malformed table is an
// error naming the file and line.
func Read(dir string) (*Verdicts, error) {
	path := filepath.Join(dir, FileName)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	checks, err := parse(f, path)
	if err != nil {
		return nil, err
	}
	v := &Verdicts{Dir: dir, Checks: checks, Counterexamples: make(map[string]string)}
	for _, c := range checks {
		ce := filepath.Join(dir, c.Design+"-counterexample.md")
		if _, err := os.Stat(ce); err == nil {
			v.Counterexamples[c.Design] = ce
		}
	}
	run, err := os.ReadFile(filepath.Join(dir, "run.txt"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("read %s: %w", filepath.Join(dir, "run.txt"), err)
	}
	for line := range strings.Lines(string(run)) {
		if c, ok := strings.CutPrefix(strings.TrimSpace(line), "commit:"); ok {
			v.Commit = strings.TrimSpace(c)
		}
	}
	return v, nil
}

// parse reads the rows of a verdicts table.
func parse(r io.Reader, path string) ([]Check, error) {
	cr := csv.NewReader(r)
	cr.Comma = '\t'
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: empty, want a header row", path)
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	col := make(map[string]int)
	for i, name := range header {
		col[strings.TrimSpace(name)] = i
	}
	for _, name := range columns() {
		if _, ok := col[name]; !ok {
			return nil, fmt.Errorf("%s:1: no %q column in header", path, name)
		}
	}

	var checks []Check
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return checks, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		line, _ := cr.FieldPos(0)
		if i := col["verdict"]; i < len(rec) && strings.TrimSpace(rec[i]) == Refused {
			continue // no model: the design declares why (designs.ModelRefusal), and the report says so from there
		}
		c, err := parseRow(rec, col)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		checks = append(checks, c)
	}
}

// parseRow converts one row, given the column index of each name.
func parseRow(rec []string, col map[string]int) (Check, error) {
	field := func(name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var c Check
	var errs []error
	num := func(name string) int64 {
		n, err := strconv.ParseInt(field(name), 10, 64)
		if err != nil || n < 0 {
			errs = append(errs, fmt.Errorf("%s %q is not a non-negative integer", name, field(name)))
		}
		return n
	}
	c.Design = field("design")
	if c.Design == "" {
		errs = append(errs, errors.New("empty design"))
	}
	c.Chunks = int(num("chunks"))
	c.Window = int(num("window"))
	c.Cap = int(num("cap"))
	c.Streams = 1
	if _, ok := col["streams"]; ok {
		c.Streams = int(num("streams"))
	}
	if _, ok := col["search"]; ok {
		c.Search = field("search")
	}
	c.Outcome = field("outcome")
	c.Verdict = field("verdict")
	if c.Verdict != Verified && c.Verdict != Refuted {
		errs = append(errs, fmt.Errorf("verdict %q is not %s or %s", c.Verdict, Verified, Refuted))
	}
	c.Expected = field("expected")
	if c.Expected != "" && c.Expected != Verified && c.Expected != Refuted {
		errs = append(errs, fmt.Errorf("expected %q is not %s, %s or empty", c.Expected, Verified, Refuted))
	}
	c.States = num("states")
	c.Depth = int(num("depth"))
	secs, err := strconv.ParseFloat(field("seconds"), 64)
	if err != nil || secs < 0 {
		errs = append(errs, fmt.Errorf("seconds %q is not a non-negative number", field("seconds")))
	}
	c.Seconds = secs
	return c, errors.Join(errs...)
}

// For returns the checks of one design, in file order.
func (v *Verdicts) For(design string) []Check {
	if v == nil {
		return nil
	}
	var out []Check
	for _, c := range v.Checks {
		if c.Design == design {
			out = append(out, c)
		}
	}
	return out
}

// A Summary is what the checks of one design concluded, with the bounds
// of the models they explored, read from the table.
type Summary struct {
	Checks, Refuted, Unexpected int
	Exhaustive, Bitstate        int // verified checks by kind of search
	Chunks, Window, Streams     int // the largest of each over the checks
}

// Summarize sums up the checks of design; its Checks is 0 if there are none.
func (v *Verdicts) Summarize(design string) Summary {
	var s Summary
	for _, c := range v.For(design) {
		s.Checks++
		switch {
		case c.Verdict == Refuted:
			s.Refuted++
		case c.Bitstate():
			s.Bitstate++
		default:
			s.Exhaustive++
		}
		if c.Unexpected() {
			s.Unexpected++
		}
		s.Chunks, s.Window, s.Streams = max(s.Chunks, c.Chunks), max(s.Window, c.Window), max(s.Streams, c.Streams)
	}
	return s
}

// String states the summary in a few words: "model not checked",
// "refuted in 2 of 48", or "verified: exhaustive in 47, bitstate (partial)
// in 1", then the bounds, "chunks ≤ 3, window ≤ 2, streams ≤ 2", and
// "UNEXPECTED in N" where a verdict is not the expected one.
func (s Summary) String() string {
	if s.Checks == 0 {
		return "model not checked"
	}
	var out string
	if s.Refuted > 0 {
		out = fmt.Sprintf("refuted in %d of %d", s.Refuted, s.Checks)
	} else {
		out = fmt.Sprintf("verified: exhaustive in %d", s.Exhaustive)
		if s.Bitstate > 0 {
			out += fmt.Sprintf(", bitstate (partial) in %d", s.Bitstate)
		}
	}
	out += fmt.Sprintf("; chunks ≤ %d, window ≤ %d, streams ≤ %d", s.Chunks, s.Window, s.Streams)
	if s.Unexpected > 0 {
		out += fmt.Sprintf("; UNEXPECTED in %d", s.Unexpected)
	}
	return out
}

// Package verdict reads what the Spin model checker concluded about each
// design's message passing.
//
// A run of the models (designs/model) leaves, in one directory:
//
//   - verdicts.tsv, one row per checked configuration, with a header row and
//     the columns design, chunks, window, cap, outcome, verdict, expected,
//     states, depth and seconds. verdict is "verified" (every interleaving
//     satisfies error-first, no lost chunk and no deadlock) or "refuted"
//     (Spin found an interleaving that does not); expected is what the
//     design's author predicted.
//   - <design>-counterexample.md, a readable trace for a refuted design.
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
)

// FileName is the name of the verdicts table in a model results directory.
const FileName = "verdicts.tsv"

// A Check is one configuration the model checker explored.
type Check struct {
	Design   string
	Chunks   int    // chunks the model's source produces
	Window   int    // net's outstanding requests
	Cap      int    // channel capacity (0 is a rendezvous)
	Outcome  string // the source's terminal outcome: done or error
	Verdict  string // Verified or Refuted
	Expected string // the verdict the design's author expected: Verified, Refuted or ""
	States   int64  // states stored
	Depth    int    // search depth reached
	Seconds  float64
}

// Unexpected reports whether the verdict differs from the expected one.
func (c Check) Unexpected() bool { return c.Expected != "" && c.Expected != c.Verdict }

// Verdicts are the model checker's conclusions, as read from one directory.
type Verdicts struct {
	// Dir is the directory they were read from.
	Dir string
	// Checks are the rows of verdicts.tsv, in file order.
	Checks []Check
	// Counterexamples maps a design to the path of its counterexample trace.
	Counterexamples map[string]string
	// Traces maps a design to its counterexample, as read from that file.
	Traces map[string]Trace
}

// A Trace is a counterexample as the report shows it: the file's title and
// its numbered steps.
type Trace struct {
	Title string   // the first heading, e.g. "Counterexample: explicit (chunks 1, …)"
	Steps []string // the numbered lines of its Trace section, numbers included
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
	v := &Verdicts{Dir: dir, Checks: checks, Counterexamples: make(map[string]string), Traces: make(map[string]Trace)}
	for _, c := range checks {
		ce := filepath.Join(dir, c.Design+"-counterexample.md")
		if _, ok := v.Traces[c.Design]; ok {
			continue
		}
		data, err := os.ReadFile(ce)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", ce, err)
		}
		t, err := parseTrace(string(data))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", ce, err)
		}
		v.Counterexamples[c.Design] = ce
		v.Traces[c.Design] = t
	}
	return v, nil
}

// parseTrace reads the title and the numbered steps of the "## Trace"
// section of a counterexample file written by scripts/verify.
func parseTrace(md string) (Trace, error) {
	var t Trace
	inTrace := false
	for line := range strings.Lines(md) {
		line = strings.TrimRight(line, "\r\n")
		switch {
		case t.Title == "" && strings.HasPrefix(line, "# "):
			t.Title = strings.TrimPrefix(line, "# ")
		case strings.HasPrefix(line, "## "):
			inTrace = line == "## Trace"
		case inTrace && len(line) > 0 && line[0] >= '0' && line[0] <= '9':
			t.Steps = append(t.Steps, line)
		}
	}
	if t.Title == "" || len(t.Steps) == 0 {
		return Trace{}, fmt.Errorf("not a counterexample trace: want a title and numbered steps under \"## Trace\"")
	}
	return t, nil
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
		if i := col[name]; i < len(rec) {
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

// Summary states in a few words what the checks of design concluded:
// "model not checked", "verified (3 configs)", "refuted (1 of 3 configs)",
// with "as expected" or "UNEXPECTED" when the table says what was expected.
func (v *Verdicts) Summary(design string) string {
	checks := v.For(design)
	if len(checks) == 0 {
		return "model not checked"
	}
	refuted, unexpected, withExpected := 0, 0, 0
	for _, c := range checks {
		if c.Verdict == Refuted {
			refuted++
		}
		if c.Expected != "" {
			withExpected++
		}
		if c.Unexpected() {
			unexpected++
		}
	}
	var s string
	if refuted == 0 {
		s = fmt.Sprintf("verified (%d %s)", len(checks), plural(len(checks), "config", "configs"))
	} else {
		s = fmt.Sprintf("refuted (%d of %d %s)", refuted, len(checks), plural(len(checks), "config", "configs"))
	}
	switch {
	case unexpected > 0:
		s += fmt.Sprintf(", UNEXPECTED in %d", unexpected)
	case withExpected == len(checks):
		s += ", as expected"
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

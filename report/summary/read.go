package summary

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"time"
	"unicode"

	"golang.org/x/perf/benchfmt"
	"golang.org/x/perf/benchproc"
)

// maxErrors bounds how many input errors Read reports before it stops
// listing them.
const maxErrors = 10

// configProjection is the benchproc projection that extracts a Config, one
// field per Config field, in Config's field order.
const configProjection = ".name,/design,/chunk,/window,/streams,/work,/regime,/outcome,/impl,/vs,/gomaxprocs,/rate"

// Read reads the benchmark files at paths into a Set.
//
// Every input problem is an error that names the file and line: a line
// benchfmt cannot parse, a file whose last line has no newline (a run cut
// short), a "--- FAIL" or "panic:" line from go test, a chanbench result
// without a design, a numeric name part that is not a number (rate= may
// also be "closed"), an iteration count or a measurement that is not a
// finite non-negative number. An empty
// file, or one without any chanbench result, is an error too. Read reports
// up to 10 errors at once, joined.
//
// Results of other benchmark families are skipped and noted in the Set's
// warnings. The files' "key: value" configuration lines and their
// "# key: value" comment lines (scripts/bench records what differs between
// runs, such as commit and date, as comments so that benchstat does not
// split its tables on them) make up the Set's Env.
func Read(paths ...string) (*Set, error) {
	if len(paths) == 0 {
		return nil, errors.New("no input files")
	}
	b, err := newBuilder()
	if err != nil {
		return nil, err
	}
	var errs []error
	for _, path := range paths {
		errs = append(errs, b.readFile(path)...)
		if len(errs) >= maxErrors {
			errs = append(errs[:maxErrors], errors.New("too many errors"))
			break
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return b.set, nil
}

// A builder accumulates the results of several files into one Set.
type builder struct {
	set     *Set
	config  *benchproc.Projection
	fields  []*benchproc.Field
	residue *benchproc.Projection
	reader  *benchfmt.Reader
}

func newBuilder() (*builder, error) {
	var parser benchproc.ProjectionParser
	proj, err := parser.Parse(configProjection, nil)
	if err != nil {
		return nil, fmt.Errorf("parse projection %q: %w", configProjection, err)
	}
	return &builder{
		set:     newSet(),
		config:  proj,
		fields:  proj.Fields(),
		residue: parser.Residue(),
		reader:  benchfmt.NewReader(nil, ""),
	}, nil
}

// readFile adds the results of one file to the Set and returns its errors.
func (b *builder) readFile(path string) []error {
	data, err := os.ReadFile(path)
	if err != nil {
		return []error{fmt.Errorf("read %s: %w", path, err)}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return []error{fmt.Errorf("read %s: empty file, no benchmark results", path)}
	}
	errs := checkLines(path, data)
	for _, kv := range headerComments(data) {
		b.set.env.add(kv[0], kv[1])
	}

	b.set.files = append(b.set.files, path)
	known, other := 0, 0
	b.reader.Reset(bytes.NewReader(data), path)
	for b.reader.Scan() {
		switch rec := b.reader.Result().(type) {
		case *benchfmt.SyntaxError:
			errs = append(errs, rec)
		case *benchfmt.Result:
			if err := b.add(rec); err != nil {
				errs = append(errs, err)
			} else if IsFamily(string(rec.Name.Base())) {
				known++
			} else {
				other++
			}
		}
		if len(errs) >= maxErrors {
			return errs
		}
	}
	if err := b.reader.Err(); err != nil {
		errs = append(errs, fmt.Errorf("read %s: %w", path, err))
	}
	if known == 0 && len(errs) == 0 {
		errs = append(errs, fmt.Errorf("read %s: no chanbench results (Benchmark%s, %s, %s, %s, %s or %s) among %d benchmark results",
			path, Stream, Streams, Workflow, Ordering, Ratio, Load, other))
	}
	return errs
}

// checkLines finds what benchfmt rightly skips but a report must not: a
// file cut off mid-line, and go test's own failure lines. It looks only at
// line prefixes; benchfmt does the parsing.
func checkLines(path string, data []byte) []error {
	var errs []error
	lines := bytes.Split(data, []byte("\n"))
	if last := lines[len(lines)-1]; len(last) > 0 {
		errs = append(errs, &benchfmt.SyntaxError{FileName: path, Line: len(lines),
			Msg: "truncated: the last line has no newline"})
	}
	for i, line := range lines {
		switch {
		case bytes.HasPrefix(line, []byte("--- FAIL")), bytes.HasPrefix(line, []byte("panic:")), bytes.Equal(bytes.TrimSpace(line), []byte("FAIL")):
			errs = append(errs, &benchfmt.SyntaxError{FileName: path, Line: i + 1,
				Msg: fmt.Sprintf("the benchmark run failed: %q", bytes.TrimSpace(line))})
		}
	}
	return errs
}

// headerComments returns the "# key: value" comment lines of data as
// key, value pairs, in order. scripts/bench writes what differs between any
// two runs (commit, date, load average, commands) this way, so that
// benchfmt, which skips comments, does not make them configuration that
// would split a benchstat comparison. A key is what benchfmt allows before
// a configuration line's colon: a lower-case letter, then no space and no
// upper-case letter.
func headerComments(data []byte) [][2]string {
	var out [][2]string
	for _, line := range bytes.Split(data, []byte("\n")) {
		rest, ok := bytes.CutPrefix(line, []byte("# "))
		if !ok {
			continue
		}
		key, value, ok := bytes.Cut(rest, []byte(":"))
		if !ok || len(key) == 0 || !validKey(string(key)) {
			continue
		}
		out = append(out, [2]string{string(key), string(bytes.TrimSpace(value))})
	}
	return out
}

// validKey reports whether key could be a benchfmt configuration key.
func validKey(key string) bool {
	for i, r := range key {
		if (i == 0 && !unicode.IsLower(r)) || unicode.IsSpace(r) || unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// add validates one result and files it under its Config.
func (b *builder) add(res *benchfmt.Result) error {
	if !IsFamily(string(res.Name.Base())) {
		b.set.ignored[string(res.Name.Base())]++
		return nil
	}
	fail := func(format string, args ...any) error {
		file, line := res.Pos()
		msg := fmt.Sprintf("Benchmark%s: ", res.Name) + fmt.Sprintf(format, args...)
		return &benchfmt.SyntaxError{FileName: file, Line: line, Msg: msg}
	}

	key := b.config.Project(res)
	get := func(i int) string { return key.Get(b.fields[i]) }
	c := Config{
		Benchmark: get(0), Design: get(1), Chunk: get(2), Window: get(3),
		Streams: get(4), Work: get(5), Regime: get(6), Outcome: get(7),
		Impl: get(8), Vs: get(9), Procs: get(10), Rate: get(11),
	}
	if c.Design == "" {
		return fail("no design= part in the name")
	}
	for _, part := range []struct{ name, value string }{
		{"chunk", c.Chunk}, {"window", c.Window}, {"streams", c.Streams}, {"gomaxprocs", c.Procs},
	} {
		if part.value == "" {
			continue
		}
		if n, err := strconv.Atoi(part.value); err != nil || n <= 0 {
			return fail("%s=%s is not a positive integer", part.name, part.value)
		}
	}
	if c.Rate != "" && c.Rate != RateClosed {
		if n, err := strconv.Atoi(c.Rate); err != nil || n <= 0 {
			return fail("rate=%s is neither %s nor a positive integer (streams per second)", c.Rate, RateClosed)
		}
	}
	if c.Work != "" {
		d, err := time.ParseDuration(c.Work)
		if err != nil || d < 0 {
			return fail("work=%s is not a non-negative duration", c.Work)
		}
		c.Work = d.String() // one spelling per duration: "20us" and "20µs" are the same work
	}
	if res.Iters <= 0 {
		return fail("iteration count %d is not positive", res.Iters)
	}

	values := make(map[string]float64, len(res.Values))
	for _, v := range res.Values {
		unit, value := v.Unit, v.Value
		if v.OrigUnit != "" { // benchfmt tidies ns/op to sec/op; keep the unit as printed
			unit, value = v.OrigUnit, v.OrigValue
		}
		if math.IsNaN(value) || math.IsInf(value, 0) || value < 0 {
			return fail("%v %s is not a finite non-negative measurement", value, unit)
		}
		values[unit] = value
	}
	b.set.add(c, res.Iters, values, b.residue.Project(res))
	for _, cfg := range res.Config {
		if cfg.File {
			b.set.env.add(cfg.Key, string(cfg.Value))
		}
	}
	return nil
}

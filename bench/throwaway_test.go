package bench

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/perf/benchfmt"

	"chanbench/bench/metric"
	"chanbench/designs"
)

// throwaway is a design that exists only for TestThrowawayBenchmarks:
// the router design under another name, written as a reviewer would
// write a new design and registered nowhere. Its ChunkPath (so its
// floor) is the router's.
type throwaway struct{ designs.RouterSerialized }

// Name is "throwaway".
func (throwaway) Name() string { return "throwaway" }

// brokenThrowaway is throwaway with a bug it does not declare: net ends
// its stream a second time after its loop returns (an after-end
// violation, in every workflow).
type brokenThrowaway struct{ designs.RouterSerialized }

// Name is "throwaway-broken".
func (brokenThrowaway) Name() string { return "throwaway-broken" }

// Wire is the router's, with net's second end.
func (d brokenThrowaway) Wire(w *designs.Workflow) designs.Actors {
	a := d.RouterSerialized.Wire(w)
	net := a.Net
	a.Net = func(n *designs.Net) {
		net(n)
		n.End(designs.EndShutdown)
	}
	return a
}

// throwawayFixture is TestThrowawayBenchmarks's output for throwaway, as
// go test -bench would print it: report's throwaway test reads it.
var throwawayFixture = filepath.Join("..", "report", "testdata", "throwaway.txt")

var updateThrowaway = flag.Bool("update-throwaway", false, "TestThrowawayBenchmarks: rewrite "+throwawayFixture+" from this run (with -short)")

// throwawayRuns is the -benchtime the test runs each case at: a count, so
// that the test takes about as long under -race, and more than one
// workflow, so that a rate is not a single draw.
const throwawayRuns = 4

// A benchFamily is one Benchmark function's cases, under its name.
type benchFamily struct {
	name  string // "Stream" for BenchmarkStream
	cases []benchCase
}

// benchFamilies are the cases of BenchmarkStream, Streams, Workflow,
// Ordering and Ratio for ds, as those benchmarks make them for
// designs.All().
func benchFamilies(ds []designs.Design) []benchFamily {
	return []benchFamily{
		{"Stream", streamCases(ds)},
		{"Streams", streamsCases(ds)},
		{"Workflow", workflowCases(ds)},
		{"Ordering", orderingCases(ds)},
		{"Ratio", ratioCases(ratioComparators(), ds)},
	}
}

// TestThrowawayBenchmarks proves the benchmarks' half of "one file and
// one line": a design registered nowhere (throwaway) goes through
// BenchmarkStream, Streams, Workflow, Ordering and Ratio, each case run
// by testing.Benchmark, and gets every figure they report; a broken one
// fails every case that runs its workflow. Its output, printed as go test
// prints it, is report/testdata/throwaway.txt, which report's own
// throwaway test reads: under -short the test holds that file to the
// names and units of this run (without -short, to the units of the
// cases both have),
// and -update-throwaway rewrites it.
func TestThrowawayBenchmarks(t *testing.T) {
	setBenchtime(t, fmt.Sprintf("%dx", throwawayRuns))
	t.Run("correct", func(t *testing.T) {
		var out bytes.Buffer
		fmt.Fprintf(&out, "goos: %s\ngoarch: %s\npkg: chanbench/bench\n", runtime.GOOS, runtime.GOARCH)
		fmt.Fprintf(&out, "# generated-by: go test -short -run '^TestThrowawayBenchmarks$' ./bench -update-throwaway\n")
		fmt.Fprintf(&out, "# benchtime: %dx\n", throwawayRuns)
		for _, f := range benchFamilies([]designs.Design{throwaway{}}) {
			for _, c := range f.cases {
				name := goTestName(f.name, c.path)
				r := testing.Benchmark(c.run)
				if !assert.Equal(t, throwawayRuns, r.N, "%s failed or was skipped", name) {
					continue
				}
				checkThrowawayResult(t, f.name, c.path, name, r)
				fmt.Fprintf(&out, "%s\t%s\n", name, r.String())
			}
		}
		if t.Failed() {
			return
		}
		got := namesAndUnits(t, "this run", out.Bytes())
		if *updateThrowaway {
			require.True(t, testing.Short(), "-update-throwaway writes the -short sweeps: run it with -short")
			require.NoError(t, writeFileAtomic(throwawayFixture, out.Bytes()))
			t.Logf("wrote %s", throwawayFixture)
			return
		}
		data, err := os.ReadFile(throwawayFixture)
		require.NoError(t, err)
		want := namesAndUnits(t, throwawayFixture, data)
		if testing.Short() {
			assert.Equal(t, want, got, "%s is stale: rewrite it with go test -short -run '^TestThrowawayBenchmarks$' ./bench -update-throwaway", throwawayFixture)
			return
		}
		// Other sweeps (the default, -grid=full) share some cases with
		// -short's: those must have the same units.
		common := 0
		for name, units := range want {
			if g, ok := got[name]; ok {
				common++
				assert.Equal(t, units, g, "%s: %s is stale: rewrite it with go test -short -run '^TestThrowawayBenchmarks$' ./bench -update-throwaway", name, throwawayFixture)
			}
		}
		assert.Positive(t, common, "no case of %s in this sweep", throwawayFixture)
	})

	t.Run("broken", func(t *testing.T) {
		broken := brokenThrowaway{}
		for _, f := range benchFamilies([]designs.Design{broken}) {
			for _, c := range f.cases {
				name := goTestName(f.name, c.path)
				// Its floor does not run its Wire, and null is not it.
				runsIt := c.path[0] == "design="+broken.Name() && c.path[len(c.path)-1] != "impl=floor"
				r := testing.Benchmark(c.run)
				if runsIt {
					assert.Zero(t, r.N, "%s: an undeclared violation must fail the benchmark", name)
				} else {
					assert.Equal(t, throwawayRuns, r.N, "%s failed or was skipped", name)
				}
			}
		}
	})
}

// checkThrowawayResult checks one result of a correct design's case: a
// time per op, every figure finite and not negative, no violation, and
// the figures its family must report.
func checkThrowawayResult(t *testing.T, family string, path []string, name string, r testing.BenchmarkResult) {
	t.Helper()
	ns, ok := r.Extra[metric.UnitNs]
	if !ok {
		ns = float64(r.T.Nanoseconds()) / float64(r.N)
	}
	assert.Positive(t, ns, "%s: %s", name, metric.UnitNs)
	for unit, v := range r.Extra {
		assert.False(t, math.IsNaN(v) || math.IsInf(v, 0) || v < 0, "%s: %s is %v", name, unit, v)
		if _, isKind := metric.KindOf(unit); isKind || unit == metric.UnitViolations {
			assert.Zero(t, v, "%s: %s", name, unit)
		}
	}
	var must []string
	isNull := path[0] == "design="+designs.Null{}.Name()
	switch last := path[len(path)-1]; {
	case family == "Stream" && last == "impl=workflow":
		must = []string{metric.UnitMBs, metric.UnitP50, metric.UnitP99, metric.UnitP999}
	case family == "Streams" && last == "impl=workflow":
		must = []string{metric.UnitP99}
	case family == "Workflow" && !isNull:
		must = []string{metric.UnitHarness, metric.UnitShutdownP50, metric.UnitShutdownP99, metric.UnitViolations}
	case family == "Ordering":
		must = []string{metric.UnitViolations}
		for _, k := range designs.ViolationKinds() {
			must = append(must, metric.KindUnit(k))
		}
	case family == "Ratio":
		must = []string{metric.UnitRatio}
	}
	for _, unit := range must {
		assert.Contains(t, r.Extra, unit, "%s reports %s", name, unit)
	}
}

// goTestName is the name go test prints for a case of family at the
// current GOMAXPROCS: BenchmarkStream/design=D/…-2.
func goTestName(family string, path []string) string {
	name := "Benchmark" + family + "/" + strings.Join(path, "/")
	if p := runtime.GOMAXPROCS(0); p != 1 {
		name += fmt.Sprintf("-%d", p)
	}
	return name
}

// namesAndUnits reads go test -bench output with benchfmt and returns,
// for each benchmark name without its GOMAXPROCS suffix, its sorted units.
func namesAndUnits(t *testing.T, what string, data []byte) map[string][]string {
	t.Helper()
	procs := regexp.MustCompile(`-\d+$`)
	out := map[string][]string{}
	r := benchfmt.NewReader(bytes.NewReader(data), what)
	for r.Scan() {
		switch rec := r.Result().(type) {
		case *benchfmt.SyntaxError:
			t.Fatalf("%s: %v", what, rec)
		case *benchfmt.Result:
			name := procs.ReplaceAllString(string(rec.Name.Full()), "")
			var units []string
			for _, v := range rec.Values {
				units = append(units, v.Unit)
			}
			slices.Sort(units)
			out[name] = units
		}
	}
	require.NoError(t, r.Err())
	require.NotEmpty(t, out, "%s has no benchmark results", what)
	return out
}

// setBenchtime sets go test's -benchtime, which testing.Benchmark runs
// at, to v for the rest of t, and puts it back after.
func setBenchtime(t *testing.T, v string) {
	t.Helper()
	f := flag.Lookup("test.benchtime")
	require.NotNil(t, f, "no -test.benchtime flag")
	old := f.Value.String()
	require.NoError(t, f.Value.Set(v))
	t.Cleanup(func() { assert.NoError(t, f.Value.Set(old)) })
}

// writeFileAtomic writes data to a temporary file beside path, then
// renames it to path.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

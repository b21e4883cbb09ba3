package plots

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	_ "image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"chanbench/report/summary"
)

// fixture is a real short run of ./bench; see ../testdata/README.md.
const fixture = "../testdata/short.txt"

func readFixture(t testing.TB) (*summary.Set, Options) {
	set, err := summary.Read(fixture)
	require.NoError(t, err)
	set = set.Filter(func(c summary.Config) bool { return c.Procs == "2" })
	return set, Options{Designs: set.Designs(), Chunk: "64", Window: "1", Work: "20µs"}
}

// figureFuncs are the figure functions, by name.
func figureFuncs() map[string]func(*summary.Set, Options) (*Figure, error) {
	return map[string]func(*summary.Set, Options) (*Figure, error){
		"throughput":  Throughput,
		"latency":     Latency,
		"streams":     Streams,
		"violations":  Violations,
		"shutdown":    Shutdown,
		"correctness": Correctness,
	}
}

func TestFiguresRender(t *testing.T) {
	set, opts := readFixture(t)
	for name, draw := range figureFuncs() {
		t.Run(name, func(t *testing.T) {
			f, err := draw(set, opts)
			require.NoError(t, err)
			assert.Equal(t, name, f.Name)
			assert.NotEmpty(t, f.Title)
			assert.NotEmpty(t, f.Panels)
			assert.Equal(t, opts.Designs, f.Designs, "every design of the fixture is drawn")
			for _, p := range f.Panels {
				assert.NotEmpty(t, p.Title.Text, "panel title")
				assert.NotEmpty(t, p.X.Label.Text, "x axis label")
				assert.NotEmpty(t, p.Y.Label.Text, "y axis label")
			}

			writePNG(t, f)
			png, err := f.PNG()
			require.NoError(t, err)
			cfg, format, err := image.DecodeConfig(bytes.NewReader(png))
			require.NoError(t, err)
			assert.Equal(t, "png", format)
			assert.Greater(t, cfg.Width, cfg.Height, "panels and legend side by side")

			svg, err := f.SVG()
			require.NoError(t, err)
			assert.True(t, bytes.HasPrefix(svg, []byte("<?xml")))
			dec := xml.NewDecoder(bytes.NewReader(svg))
			for {
				_, err := dec.Token()
				if err == io.EOF {
					break
				}
				require.NoError(t, err)
			}
		})
	}
}

func TestFiguresWithoutDataSayNoData(t *testing.T) {
	set, opts := readFixture(t)
	empty := set.Filter(func(summary.Config) bool { return false })
	for name, draw := range figureFuncs() {
		f, err := draw(empty, opts)
		assert.Nil(t, f, name)
		assert.True(t, errors.Is(err, ErrNoData), "%s: %v", name, err)
	}
	// Designs that are not in the data draw nothing either.
	opts.Designs = []string{"nosuchdesign"}
	for name, draw := range figureFuncs() {
		_, err := draw(set, opts)
		assert.True(t, errors.Is(err, ErrNoData), "%s: %v", name, err)
	}
}

func TestLogTicks(t *testing.T) {
	var labels []string
	for _, tk := range (logTicks{}).Ticks(math.Log10(3), math.Log10(600)) {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	assert.Equal(t, []string{"5", "10", "20", "50", "100", "200", "500"}, labels)
}

func TestNeedsLog(t *testing.T) {
	assert.True(t, needsLog(1, 10))
	assert.False(t, needsLog(1, 9))
	assert.False(t, needsLog(0, 100), "zero cannot go on a log axis")
}

func TestWrap(t *testing.T) {
	fits := func(s string) bool { return len(s) <= 10 }
	assert.Equal(t, []string{"one two", "three four", "fivesixseveneight"}, wrap("one two three four fivesixseveneight", fits))
	assert.Empty(t, wrap("  ", fits))
}

func ExampleThroughput() {
	set, err := summary.Read("../testdata/short.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	opts := Options{Designs: set.Designs(), Chunk: "64", Window: "1", Work: "20µs"}
	f, err := Throughput(set, opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(f.Name, len(f.Panels), "panel:", f.Panels[0].Title.Text)
	fmt.Println("every design drawn:", slices.Equal(f.Designs, set.Designs()))
	png, err := f.PNG()
	fmt.Println(err == nil && len(png) > 0)
	// Output:
	// throughput 1 panel: Throughput vs chunk size, window 1
	// every design drawn: true
	// true
}

func TestViolationsByWindow(t *testing.T) {
	// names.txt has BenchmarkOrdering at windows 1 and 2 (see
	// ../testdata/README.md); short.txt, as the benchmarks print it
	// today, has no window at all.
	set, err := summary.Read("../testdata/names.txt")
	require.NoError(t, err)
	opts := Options{Designs: set.Designs(), Chunk: "64", Window: "1", Work: "20µs"}
	f, err := ViolationsByWindow(set, opts)
	require.NoError(t, err)
	assert.Equal(t, "violations-window", f.Name)
	assert.Equal(t, opts.Designs, f.Designs, "every design is drawn")
	assert.Len(t, f.Panels, 3, "one panel per regime")
	assert.Equal(t, "Violation rate vs window, regime natural", f.Panels[0].Title.Text)
	// The window axis: one nominal tick per window, in numeric order.
	assert.Equal(t, -0.5, f.Panels[0].X.Min)
	assert.Equal(t, 1.5, f.Panels[0].X.Max)
	_, err = f.PNG()
	require.NoError(t, err)

	short, opts := readFixture(t)
	_, err = ViolationsByWindow(short, opts)
	assert.ErrorIs(t, err, ErrNoData)
}

func TestViolationsByWindowOrdersWindowsNumerically(t *testing.T) {
	// Window 16 first in the input, then 2 and 4: the axis reads 2, 4, 16.
	path := filepath.Join(t.TempDir(), "bench.txt")
	var b strings.Builder
	for _, w := range []string{"16", "2", "4"} {
		fmt.Fprintf(&b, "BenchmarkOrdering/design=explicit/window=%s/work=20µs/regime=natural-2 \t 100\t 0.05 violations/op\n", w)
	}
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	set, err := summary.Read(path)
	require.NoError(t, err)
	f, err := ViolationsByWindow(set, Options{Designs: set.Designs(), Chunk: "64", Window: "1", Work: "20µs"})
	require.NoError(t, err)
	var labels []string
	for _, tick := range f.Panels[0].X.Tick.Marker.Ticks(f.Panels[0].X.Min, f.Panels[0].X.Max) {
		if tick.Label != "" {
			labels = append(labels, tick.Label)
		}
	}
	assert.Equal(t, []string{"2", "4", "16"}, labels)
}

func TestViolationsShowEachRun(t *testing.T) {
	set, opts := readFixture(t)
	keep := func(c summary.Config) bool {
		return c.Benchmark == summary.Ordering && c.Work == "20µs" && c.Regime == "natural"
	}
	panels := ratePanels(set, opts, keep, []string{"20µs"}, func(c summary.Config) string { return c.Work })
	require.Len(t, panels, 1)
	var labelled []string
	for i, s := range panels[0].series {
		if s.label == "" {
			continue
		}
		labelled = append(labelled, s.label)
		// Each design's pooled point is followed by its runs, one point
		// per run at that design's rate in the run.
		require.Less(t, i+1, len(panels[0].series), "%s has no runs series", s.label)
		runs := panels[0].series[i+1]
		assert.Empty(t, runs.label, "the runs have no legend entry")
		c, ok := set.Find(func(c summary.Config) bool { return keep(c) && c.Design == s.label })
		require.True(t, ok)
		want := set.Values(c, "violations/op")
		require.Len(t, runs.pts, len(want), s.label)
		for j, p := range runs.pts {
			assert.InDelta(t, 100*want[j], p.y, 1e-9, "%s run %d", s.label, j)
			assert.Greater(t, p.x, s.pts[0].x, "runs sit right of the interval")
		}
	}
	assert.Equal(t, opts.Designs, labelled)
}

// TestReferencesAreLinesNeverDesigns: a reference (here the fixture's
// unbuffered results copied under another name) is drawn and named in
// every figure where it has a value, never among the designs; one without
// any value is said to have none.
func TestReferencesAreLinesNeverDesigns(t *testing.T) {
	data, err := os.ReadFile(fixture)
	require.NoError(t, err)
	var b strings.Builder
	b.Write(data)
	for _, line := range strings.SplitAfter(string(data), "\n") {
		if strings.Contains(line, "/design=unbuffered/") {
			b.WriteString(strings.Replace(line, "design=unbuffered", "design=synthetic-ref", 1))
		}
	}
	path := filepath.Join(t.TempDir(), "refs.txt")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	all, err := summary.Read(path)
	require.NoError(t, err)
	set := all.Filter(func(c summary.Config) bool { return c.Procs == "2" })
	// The set lists registered designs only (summary.Order); the caller
	// lists the synthetic reference among them itself.
	opts := Options{Designs: append(set.Designs(), "synthetic-ref"), Chunk: "64", Window: "1", Work: "20µs",
		References: []Reference{{Name: "synthetic-ref", What: "a copy"}, {Name: "absent-ref", NotApplicable: map[string]string{summary.Streams: "it shares no router"}},
			{Name: "long-ref", What: "a reference whose description is too long for a legend"}}}
	require.Contains(t, opts.Designs, "synthetic-ref", "the caller may list a reference among the designs")
	for name, draw := range figureFuncs() {
		t.Run(name, func(t *testing.T) {
			f, err := draw(set, opts)
			require.NoError(t, err)
			assert.NotContains(t, f.Designs, "synthetic-ref")
			assert.Equal(t, opts.designs(), f.Designs)
			svg, err := f.SVG()
			require.NoError(t, err)
			assert.Contains(t, string(svg), "synthetic-ref (reference, a copy)")
			assert.Contains(t, string(svg), "absent-ref (reference)")
			notes := strings.Join(f.Notes, "\n")
			assert.Contains(t, notes, "absent-ref (reference): no value here", "a reference without a value says so")
			assert.Equal(t, name == "streams", strings.Contains(notes, "absent-ref (reference): no value here: it shares no router."), "with the reason it gives")
			writePNG(t, f)
		})
	}
}

func TestUnits(t *testing.T) {
	for _, tc := range []struct {
		n    float64
		want string
	}{{64, "64 B"}, {4096, "4 KiB"}, {65536, "64 KiB"}, {1 << 20, "1 MiB"}} {
		assert.Equal(t, tc.want, byteSize(tc.n))
	}
	for _, tc := range []struct {
		max, div float64
		unit     string
	}{{500, 1, "ns"}, {2500, 1e3, "µs"}, {3e6, 1e6, "ms"}, {2e9, 1e9, "s"}} {
		div, unit := timeUnit(tc.max)
		assert.InDelta(t, tc.div, div, tc.div*1e-9, "%g ns", tc.max)
		assert.Equal(t, tc.unit, unit, "%g ns", tc.max)
	}
}

package plots

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"chanbench/designs"
	"chanbench/report/saturation"
	"chanbench/report/summary"
)

// syntheticCPUs are the -cpu values of the synthetic scaling run.
var syntheticCPUs = []int{1, 2, 4, 8}

// syntheticRates are the offered rates of its BenchmarkLoad sweep: two
// past every design's capacity, since a lone failing point does not end
// a sweep (report/saturation).
var syntheticRates = []int{5000, 10000, 20000, 40000, 80000, 160000, 320000, 640000}

// syntheticCapacity is design i's capacity at GOMAXPROCS p in the
// synthetic run, streams/s: it grows with p, differently per design.
func syntheticCapacity(i, p int) int { return (7000 + 3000*i) * p }

// syntheticScaling writes a SYNTHETIC benchmark file, as go test -cpu
// 1,2,4,8 -count 6 would print it, for every design of designs.All() and
// reference ref: BenchmarkStream at chunk 64, window 1, whose time per
// chunk falls as GOMAXPROCS grows, and a BenchmarkLoad sweep that keeps up
// (completions equal arrivals, p99 200 µs) up to syntheticCapacity and
// falls behind (p99 5 ms) past it. No number in it was measured.
func syntheticScaling(t testing.TB, ref string) string {
	var b strings.Builder
	b.WriteString("# SYNTHETIC: written by syntheticScaling in report/plots/scaling_test.go, not measured\ngoos: linux\n")
	names := []string{ref}
	for _, d := range designs.All() {
		names = append(names, d.Name())
	}
	for run := range 6 {
		for i, d := range names {
			for _, p := range syntheticCPUs {
				suffix := ""
				if p > 1 {
					suffix = fmt.Sprintf("-%d", p)
				}
				ns := float64(1500+200*i) / float64(p) * (1 + 0.01*float64(run))
				if d == ref {
					ns /= 2 // the reference is the cheapest
				}
				fmt.Fprintf(&b, "BenchmarkStream/design=%s/chunk=64/window=1/impl=workflow%s \t 100000\t %.1f ns/op\n", d, suffix, ns)
				if d == ref {
					continue // a reference has no load sweep, as pull has none
				}
				for _, r := range syntheticRates {
					completed, p99 := r, 200_000
					if capacity := syntheticCapacity(i-1, p); r > capacity {
						completed, p99 = capacity, 5_000_000
					}
					fmt.Fprintf(&b, "BenchmarkLoad/design=%s/rate=%d%s \t 2000\t %d arrived-streams/s\t %d completed-streams/s\t %d latency-p99-ns/op\t %d offered-streams/s\t 0 unreliable/op\n",
						d, r, suffix, r, completed, p99, r)
				}
			}
		}
	}
	path := filepath.Join(t.TempDir(), "synthetic-scaling.txt")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	return path
}

func scalingOptions(set *summary.Set, ref Reference) Options {
	var names []string
	for _, d := range designs.All() {
		names = append(names, d.Name())
	}
	return Options{Designs: append(names, ref.Name), References: []Reference{ref}, Chunk: "64", Window: "1", Work: "20µs",
		Saturation: saturation.Criteria{Tolerance: 0.01, Bound: float64(time.Millisecond)}}
}

func TestScalingOnSyntheticCPUs(t *testing.T) {
	ref := Reference{Name: "synthetic-ref", What: "no hand-off"}
	set, err := summary.Read(syntheticScaling(t, ref.Name))
	require.NoError(t, err)
	opts := scalingOptions(set, ref)
	f, err := Scaling(set, opts)
	require.NoError(t, err)
	assert.Equal(t, opts.Designs[:len(opts.Designs)-1], f.Designs, "every design of designs.All(), in its order; never the reference")
	require.Len(t, f.Panels, 2, "time per chunk and saturation")
	for _, p := range f.Panels {
		var ticks []string
		for _, tk := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
			ticks = append(ticks, tk.Label)
		}
		assert.Equal(t, []string{"1", "2", "4", "8"}, ticks, p.Title.Text)
	}
	svg, err := f.SVG()
	require.NoError(t, err)
	assert.Contains(t, string(svg), "synthetic-ref (reference, no hand-off)", "the reference is named in the legend")
	writePNG(t, f)

	// The saturation of each design at each GOMAXPROCS is the highest
	// offered rate within its capacity.
	for i, d := range designs.All() {
		xs, none := saturationOver(saturation.Sweeps(set), opts.Saturation, d.Name(), []string{"1", "2", "4", "8"})
		assert.Empty(t, none)
		require.Len(t, xs, len(syntheticCPUs), d.Name())
		for k, p := range syntheticCPUs {
			want := 0
			for _, r := range syntheticRates {
				if r <= syntheticCapacity(i, p) {
					want = r
				}
			}
			assert.Equal(t, float64(p), xs[k].x)
			assert.Equal(t, float64(want), xs[k].st.Center, "%s at GOMAXPROCS %d", d.Name(), p)
			assert.Equal(t, [2]float64{float64(want), float64(want)}, [2]float64{xs[k].st.Lo, xs[k].st.Hi}, "six equal runs: an interval of one value")
		}
	}
}

// TestScalingCountsCensoredRuns: a design that kept up at every rate it
// was offered, in every run, still has a saturation median (at least its
// highest rate), drawn there with its interval, open above, cut at that
// rate; it is not listed among those with none. A design with no run is
// not drawn at all.
func TestScalingCountsCensoredRuns(t *testing.T) {
	const d = "kept-up"
	var b strings.Builder
	b.WriteString("# SYNTHETIC: written by TestScalingCountsCensoredRuns in report/plots/scaling_test.go, not measured\ngoos: linux\n")
	for range 6 {
		for _, suffix := range []string{"", "-2"} {
			for _, r := range []int{5000, 10000, 20000} {
				fmt.Fprintf(&b, "BenchmarkLoad/design=%s/rate=%d%s \t 2000\t %d arrived-streams/s\t %d completed-streams/s\t 200000 latency-p99-ns/op\t %d offered-streams/s\t 0 unreliable/op\n",
					d, r, suffix, r, r, r)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "censored.txt")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	set, err := summary.Read(path)
	require.NoError(t, err)
	crit := saturation.Criteria{Tolerance: 0.01, Bound: float64(time.Millisecond)}
	xs, none := saturationOver(saturation.Sweeps(set), crit, d, []string{"1", "2"})
	assert.Empty(t, none)
	require.Len(t, xs, 2)
	for _, x := range xs {
		assert.Equal(t, 20000.0, x.st.Center, "at least the highest rate that kept up")
		assert.Equal(t, 20000.0, x.st.Hi, "open above, cut at the highest rate measured")
		assert.Equal(t, 20000.0, x.st.Lo)
	}
	xs, none = saturationOver(saturation.Sweeps(set), crit, "absent", []string{"1", "2"})
	assert.Empty(t, xs)
	assert.Empty(t, none)
}

func TestScalingNeedsTwoCPUs(t *testing.T) {
	ref := Reference{Name: "synthetic-ref"}
	set, err := summary.Read(syntheticScaling(t, ref.Name))
	require.NoError(t, err)
	one := set.Filter(func(c summary.Config) bool { return c.Procs == "4" })
	_, err = Scaling(one, scalingOptions(set, ref))
	assert.ErrorIs(t, err, ErrNoData, "one -cpu value: no scaling figure")

	// Two -cpu values of BenchmarkLoad only: the saturation panel alone.
	two := set.Filter(func(c summary.Config) bool {
		return c.Benchmark == summary.Load && (c.Procs == "" || c.Procs == "2") || c.Benchmark == summary.Stream && c.Procs == "2"
	})
	f, err := Scaling(two, scalingOptions(set, ref))
	require.NoError(t, err)
	require.Len(t, f.Panels, 1)
	assert.Equal(t, "Saturation throughput vs GOMAXPROCS", f.Panels[0].Title.Text)

	// Without criteria, no saturation is judged.
	opts := scalingOptions(set, ref)
	opts.Saturation = saturation.Criteria{}
	_, err = Scaling(two, opts)
	assert.ErrorIs(t, err, ErrNoData)
}

// writePNG writes f's PNG into the directory $PLOTS_PNG, if set, to be
// looked at: PLOTS_PNG=/tmp/figs go test ./report/plots.
func writePNG(t testing.TB, f *Figure) {
	dir := os.Getenv("PLOTS_PNG")
	png, err := f.PNG()
	require.NoError(t, err)
	require.True(t, bytes.HasPrefix(png, []byte("\x89PNG")))
	if dir != "" {
		require.NoError(t, os.WriteFile(filepath.Join(dir, f.Name+".png"), png, 0o644))
	}
}

package plots

import (
	"bytes"
	"image"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot/vg/draw"

	"chanbench/bench/metric"
	"chanbench/report/saturation"
	"chanbench/report/summary"
)

// loadFixture is a real BenchmarkLoad sweep at GOMAXPROCS 1 and 2; see
// ../testdata/README.md.
const loadFixture = "../testdata/load.txt"

func readLoad(t testing.TB) (*summary.Set, Options) {
	set, err := summary.Read(loadFixture)
	require.NoError(t, err)
	return set, Options{Designs: set.Designs(), Chunk: "64", Window: "1", Work: "20µs"}
}

func TestLoadFiguresRender(t *testing.T) {
	set, opts := readLoad(t)
	for _, tc := range []struct {
		draw         func(*summary.Set, Options) (*Figure, error)
		name         string
		panels, rows int
		firstTitle   string
	}{
		{LoadLatency, "load-latency", 4, 2, "Stream latency p50, GOMAXPROCS 1"},
		{LoadViolations, "load-violations", 2, 0, "Violations under load, GOMAXPROCS 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := tc.draw(set, opts)
			require.NoError(t, err)
			assert.Equal(t, tc.name, f.Name)
			assert.Len(t, f.Panels, tc.panels, "a panel per GOMAXPROCS (and per percentile)")
			assert.Equal(t, tc.rows, f.Rows)
			assert.Equal(t, tc.firstTitle, f.Panels[0].Title.Text)
			assert.Equal(t, opts.Designs, f.Designs, "every design is drawn")
			png, err := f.PNG()
			require.NoError(t, err)
			cfg, _, err := image.DecodeConfig(bytes.NewReader(png))
			require.NoError(t, err)
			_, h := f.size()
			assert.Equal(t, int(h.Dots(pngDPI)+0.5), cfg.Height, "rows of panels make the figure taller")
			_, err = f.SVG()
			require.NoError(t, err)
		})
	}
}

func TestLoadFiguresWithoutLoadSayNoData(t *testing.T) {
	set, opts := readFixture(t) // short.txt has no BenchmarkLoad
	for _, draw := range []func(*summary.Set, Options) (*Figure, error){LoadLatency, LoadViolations} {
		f, err := draw(set, opts)
		assert.Nil(t, f)
		assert.ErrorIs(t, err, ErrNoData)
	}
}

func TestLoadPointLeavesOutUnreliableRuns(t *testing.T) {
	set, _ := readLoad(t)
	// terminal-routed at 80000/s, GOMAXPROCS 2: runs 4 and 5 of 6 were
	// unreliable.
	c := summary.Config{Benchmark: summary.Load, Design: "terminal-routed", Rate: "80000", Procs: "2"}
	p, ok := loadPointOf(set, c, metric.UnitLatencyP99)
	require.True(t, ok)
	assert.False(t, p.unreliable)
	vals, unrel := set.RunValues(c, metric.UnitLatencyP99), set.RunValues(c, metric.UnitUnreliable)
	var want []float64
	for i, v := range vals {
		if unrel[i] == 0 {
			want = append(want, v)
		}
	}
	require.Len(t, want, 4)
	assert.Equal(t, summary.NewStat(want).Center, p.st.Center)
	assert.Equal(t, 4, p.st.N())

	// Every run unreliable: the point is marked, and summarises them all.
	c = summary.Config{Benchmark: summary.Load, Design: "router", Rate: "5000", Procs: "2"}
	p, ok = loadPointOf(set, c, metric.UnitLatencyP99)
	require.True(t, ok)
	assert.True(t, p.unreliable)
	assert.Equal(t, 6, p.st.N())
}

func TestLoadSeriesNeverJoinsUnreliablePoints(t *testing.T) {
	pt := func(x float64, unreliable bool) loadPoint {
		return loadPoint{x: x, st: summary.NewStat([]float64{x}), unreliable: unreliable}
	}
	ss := loadSeries("router", colorAt(3), draw.CircleGlyph{}, []loadPoint{pt(4000, false), pt(1000, false), pt(2000, false), pt(3000, true), pt(5000, true)})
	require.Len(t, ss, 3)
	assert.Equal(t, "router", ss[0].label, "the first series names the design")
	assert.True(t, ss[0].line)
	assert.Equal(t, []float64{1000, 2000}, xs(ss[0].pts), "in rate order, broken at the unreliable point")
	assert.True(t, ss[1].line)
	assert.Empty(t, ss[1].label)
	assert.Equal(t, []float64{4000}, xs(ss[1].pts))
	assert.False(t, ss[2].line, "unreliable points are never joined")
	assert.Equal(t, draw.CrossGlyph{}, ss[2].shape)
	assert.Equal(t, []float64{3000, 5000}, xs(ss[2].pts))
	for _, p := range ss[2].pts {
		assert.Equal(t, p.y, p.ylo, "no error bar on an unreliable point")
	}

	all := loadSeries("router", colorAt(3), draw.CircleGlyph{}, []loadPoint{pt(1000, true)})
	require.Len(t, all, 2)
	assert.Equal(t, "router", all[0].label, "a design with only unreliable points still has its legend entry")
	assert.Empty(t, all[0].pts)
	assert.False(t, all[1].line)
}

func xs(ps points) []float64 {
	var out []float64
	for _, p := range ps {
		out = append(out, p.x)
	}
	return out
}

func TestSparseLabels(t *testing.T) {
	labels := func(rates []float64) []string {
		label := sparseLabels(rates)
		var out []string
		for _, r := range rates {
			out = append(out, label(r))
		}
		return out
	}
	assert.Equal(t, []string{"5k", "10k", "20k", "40k", "60k", "", "", "160k"},
		labels([]float64{5000, 10000, 20000, 40000, 60000, 80000, 120000, 160000}), "120k would crowd 160k")
	assert.Equal(t, []string{"10k", "20k", "40k", "60k"}, labels([]float64{10000, 20000, 40000, 60000}))
	assert.Equal(t, []string{"10k"}, labels([]float64{10000}))
}

// TestLoadLatencyMarksBoundAndSaturation: the p99 panels carry the
// keep-up bound and each design's saturation with its interval, from the
// same sweeps and rule as the report's table; the null design is drawn
// where it ran.
func TestLoadLatencyMarksBoundAndSaturation(t *testing.T) {
	set, err := summary.Read("../saturation/testdata/full-503a444.txt")
	require.NoError(t, err)
	opts := Options{Designs: set.Designs()}
	crit := saturation.Standard()
	ss := saturationSeries(saturation.Sweeps(set), crit, "2", opts, 100)
	require.Len(t, ss, len(opts.Designs), "a mark per design with an estimate")
	for k, d := range opts.Designs {
		if d == "dropsender" {
			p := ss[k].pts[0]
			assert.Equal(t, []float64{60000, 50000, 80000}, []float64{p.x, p.xlo, p.xhi}, "dropsender's median and interval at GOMAXPROCS 2")
			assert.True(t, p.xlo < p.x && p.x < p.xhi, "the mark carries its interval as X error bars")
		}
	}
	b := boundSeries([]float64{5000, 160000}, 1)
	assert.Equal(t, points{{x: 5000, y: 1, xlo: 5000, xhi: 5000, ylo: 1, yhi: 1}, {x: 160000, y: 1, xlo: 160000, xhi: 160000, ylo: 1, yhi: 1}}, b.pts)

	assert.Nil(t, nullSeries(set, "2", metric.UnitLatencyP99), "this run had no null")
	null, err := summary.Read("../saturation/testdata/null.txt")
	require.NoError(t, err)
	ns := nullSeries(null, "2", metric.UnitLatencyP99)
	require.NotEmpty(t, ns)
	assert.Equal(t, "null (harness)", ns[0].label)
	assert.NotNil(t, ns[0].dashes)
	f, err := LoadLatency(null, Options{Designs: []string{"router"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"router"}, f.Designs, "the null is drawn, not listed as a design")
	assert.Contains(t, strings.Join(f.Notes, "\n"), "keep-up bound (p99 at most 1ms)", "the bound as the scaling figure writes it")
}

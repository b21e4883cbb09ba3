package plots

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot/cmpimg"

	"chanbench/report/summary"
)

var update = flag.Bool("update", false, "rewrite the golden PNGs in testdata/golden from the figures drawn now")

// TestGoldenImages holds the figures whose look matters to golden PNGs:
// the figures of the short fixture the defects were in, and the
// scaling figure of the synthetic -cpu 1,2,4,8 run. A change of look is
// reviewed by looking at the new PNGs (go test -run TestGoldenImages
// -update ./report/plots, then view testdata/golden/*.png) before
// committing them.
func TestGoldenImages(t *testing.T) {
	short, opts := readFixture(t)
	ref := Reference{Name: "synthetic-ref", What: "no hand-off"}
	synthetic, err := summary.Read(syntheticScaling(t, ref.Name))
	require.NoError(t, err)
	for _, tc := range []struct {
		draw func(*summary.Set, Options) (*Figure, error)
		set  *summary.Set
		opts Options
	}{
		{Throughput, short, opts},
		{Correctness, short, opts},
		{Streams, short, opts},
		{Latency, short, opts},
		{Scaling, synthetic, scalingOptions(synthetic, ref)},
	} {
		f, err := tc.draw(tc.set, tc.opts)
		require.NoError(t, err)
		t.Run(f.Name, func(t *testing.T) {
			got, err := f.PNG()
			require.NoError(t, err)
			path := filepath.Join("testdata", "golden", f.Name+".png")
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
				require.NoError(t, os.WriteFile(path, got, 0o644))
				return
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "no golden image: run with -update and look at it")
			ok, err := cmpimg.EqualApprox("png", got, want, 0.01)
			require.NoError(t, err)
			if !ok {
				dir, err := os.MkdirTemp("", "plots-golden-") // kept, to be looked at
				require.NoError(t, err)
				bad := filepath.Join(dir, f.Name+".png")
				require.NoError(t, os.WriteFile(bad, got, 0o644))
				t.Errorf("%s differs from %s; the figure drawn now is %s (look at both; -update if the change is intended)", f.Name, path, bad)
			}
		})
	}
}

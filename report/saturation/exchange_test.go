package saturation

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExchange checks the calibration of Agree on sweeps dealt at random:
// runs alike in every round never disagree; runs that spread widely
// sometimes do; rounds are dealt whole, so two designs whose runs move
// together round by round disagree together or not at all; the null is
// left out; and one seed gives one calibration.
func TestExchange(t *testing.T) {
	sweep := func(sat float64) []Point { return []Point{keep(sat / 2), keep(sat), fall(2 * sat), fall(4 * sat)} }
	runs := func(sats ...float64) (out [][]Point) {
		for _, s := range sats {
			out = append(out, sweep(s))
		}
		return out
	}
	alike := func() [][]Point { return runs(2000, 2000, 2000, 2000, 2000, 2000) }
	// Half the rounds saturate at 1000, half at 8000: a median's
	// interval is wide, and a deal that gives one group most of the
	// slow rounds moves its median outside the other's interval.
	spread := func() ([][]Point, [][]Point) {
		return runs(1000, 1000, 1000, 1000, 1000, 1000), runs(8000, 8000, 8000, 8000, 8000, 8000)
	}
	tests := []struct {
		name string
		a, b map[Key][][]Point
		// check is what the calibration must show.
		check func(t *testing.T, c Calibration)
	}{
		{
			name: "alike",
			a:    map[Key][][]Point{{Design: "x"}: alike(), {Design: "y", Procs: "2"}: alike()},
			b:    map[Key][][]Point{{Design: "x"}: alike(), {Design: "y", Procs: "2"}: alike()},
			check: func(t *testing.T, c Calibration) {
				assert.Equal(t, 2, c.Designs)
				assert.Equal(t, []int{200, 0, 0}, c.AtLeast, "no split can flag runs that are all the same")
				assert.Zero(t, c.Mean)
			},
		},
		{
			name: "spread, moving together",
			a: func() map[Key][][]Point {
				slow, _ := spread()
				return map[Key][][]Point{{Design: "x"}: slow, {Design: "y"}: slow, {Design: "null"}: slow}
			}(),
			b: func() map[Key][][]Point {
				_, fast := spread()
				return map[Key][][]Point{{Design: "x"}: fast, {Design: "y"}: fast, {Design: "null"}: alike()}
			}(),
			check: func(t *testing.T, c Calibration) {
				assert.Equal(t, 2, c.Designs, "the null is not a design")
				assert.Positive(t, c.AtLeast[1], "some deal must flag such spread runs")
				assert.Equal(t, c.AtLeast[1], c.AtLeast[2], "x and y share their rounds: both flagged or neither")
				assert.InDelta(t, 2*c.Share(2), c.Mean, 1e-12)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := crit.Exchange(tt.a, tt.b, 200, 1)
			require.Len(t, c.AtLeast, c.Designs+1)
			assert.Equal(t, 200, c.AtLeast[0], "every split has at least 0 flags")
			tt.check(t, c)
			assert.Equal(t, c, crit.Exchange(tt.a, tt.b, 200, 1), "one seed, one calibration")
		})
	}
}

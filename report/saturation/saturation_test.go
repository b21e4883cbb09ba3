package saturation

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

var crit = Criteria{Tolerance: 0.01, Bound: 1e6}

// keep and fall are points that keep up and that do not.
func keep(rate float64) Point { return Point{Offered: rate, Completed: rate, P99: 1e5} }
func fall(rate float64) Point { return Point{Offered: rate, Completed: 0.9 * rate, P99: 5e6} }

func TestRun(t *testing.T) {
	cases := []struct {
		name   string
		points []Point
		rate   float64
		ok     bool
		why    string
	}{
		{"saturates between two rates", []Point{keep(1000), keep(2000), fall(4000), fall(8000)}, 2000, true, ""},
		{"order of the points does not matter", []Point{fall(8000), keep(2000), fall(4000), keep(1000)}, 2000, true, ""},
		{"the first failure decides, not a later lucky point", []Point{keep(1000), fall(2000), keep(4000)}, 1000, true, ""},
		{"tail latency alone saturates", []Point{keep(1000), {Offered: 2000, Completed: 2000, P99: 2e6}}, 1000, true, ""},
		{"a shortfall of 1% is kept up, 2% is not", []Point{{Offered: 1000, Completed: 990, P99: 1}, {Offered: 2000, Completed: 1960, P99: 1}}, 1000, true, ""},
		{"a schedule that ran 4% slow is kept up with", []Point{keep(1000), {Offered: 2000, Arrived: 1920, Completed: 1915, P99: 1}, fall(4000)}, 2000, true, ""},
		{"a schedule that ran 4% fast is not kept up with at the offered rate", []Point{keep(1000), {Offered: 2000, Arrived: 2080, Completed: 2000, P99: 1}}, 1000, true, ""},
		{"unreliable before saturation: no estimate", []Point{keep(1000), {Offered: 2000, Completed: 2000, Unreliable: true}, fall(4000)}, 0, false, "the load generator fell behind at 2000/s, before the sweep saturated"},
		{"unreliable past saturation does not matter", []Point{keep(1000), fall(2000), {Offered: 4000, Unreliable: true}}, 1000, true, ""},
		{"saturated at once", []Point{fall(1000), fall(2000)}, 0, false, "already saturated at the lowest rate, 1000/s"},
		{"never saturated", []Point{keep(1000), keep(2000)}, 0, false, "kept up at every rate, up to 2000/s: the sweep did not reach saturation"},
		{"no points", nil, 0, false, "no points"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rate, ok, why := crit.Run(tc.points)
			assert.Equal(t, tc.rate, rate)
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.why, why)
		})
	}
}

func TestAcross(t *testing.T) {
	sweep := func(sat float64) []Point { return []Point{keep(sat / 2), keep(sat), fall(2 * sat)} }
	var runs [][]Point
	for _, sat := range []float64{2000, 2000, 4000, 2000, 2000, 2000, 2000, 4000, 2000, 2000} {
		runs = append(runs, sweep(sat))
	}
	runs = append(runs, []Point{fall(1000)})
	e := crit.Across(runs)
	assert.Equal(t, 10, e.Runs)
	assert.Equal(t, 11, e.Of)
	assert.Equal(t, 2000.0, e.Median)
	assert.Equal(t, 2000.0, e.Lo, "the order-statistic interval of eight 2000s and two 4000s")
	assert.Equal(t, 4000.0, e.Hi)
	assert.Equal(t, []string{"run 11: already saturated at the lowest rate, 1000/s"}, e.Reasons)
	assert.Contains(t, e.String(), "2000/s (")
	assert.Equal(t, "no estimate (0 of 1 runs)", crit.Across([][]Point{{fall(1)}}).String())
}

func ExampleCriteria_Run() {
	c := Criteria{Tolerance: 0.01, Bound: 1e6} // 1%, p99 ≤ 1ms
	rate, ok, _ := c.Run([]Point{
		{Offered: 10000, Completed: 10000, P99: 40e3},
		{Offered: 20000, Completed: 19950, P99: 90e3},
		{Offered: 40000, Completed: 31000, P99: 25e6},
	})
	fmt.Println(rate, ok)
	// Output: 20000 true
}

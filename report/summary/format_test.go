package summary

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRatioString(t *testing.T) {
	ten := []float64{1.2, 1.21, 1.22, 1.23, 1.24, 1.25, 1.26, 1.27, 1.28, 1.29}
	for _, tc := range []struct {
		values []float64
		want   string
	}{
		{ten, "1.245× [1.210, 1.280] (n=10)"},
		{[]float64{1.2, 1.3, 1.25}, "1.250× (n=3)"},
		{[]float64{12, 12.4, 12.2}, "12× (n=3)"},
		{[]float64{0, 0, 0}, "– (n=3)"},
		{[]float64{math.Inf(1), math.Inf(1), math.Inf(1)}, "– (n=3)"},
	} {
		assert.Equal(t, tc.want, NewStat(tc.values).RatioString(), tc.values)
	}
}

func TestProcsAndNumericOrder(t *testing.T) {
	assert.Equal(t, 1, GOMAXPROCS(""))
	assert.Equal(t, 8, GOMAXPROCS("8"))
	assert.Equal(t, []string{"", "2", "4", "16"}, SortProcs([]string{"16", "2", "", "4"}))
	assert.Equal(t, []string{"1", "2", "16", "4096", "x", ""}, SortNumeric([]string{"x", "4096", "16", "", "2", "1"}))
}

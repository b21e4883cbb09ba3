package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"chanbench/designs"
	"chanbench/report/summary"
)

// TestModelCellNamesARefusal: a design that declares the construct the
// model generator refuses (designs.ModelRefusal, its one home) is shown as
// not modelled, naming the construct, never as "model not checked"; a
// modelled design without verdicts is "model not checked".
func TestModelCellNamesARefusal(t *testing.T) {
	b := dataBuilder{opts: options{registry: summary.Registered()}}
	refused := 0
	for _, d := range designs.All() {
		why := designs.ModelRefusal(d)
		cell := b.modelCell(d.Name())
		if why == "" {
			assert.Equal(t, "model not checked", cell, d.Name())
			continue
		}
		refused++
		assert.Equal(t, "not modelled: the generator refuses "+why+"; evidence: the Go layers only", cell, d.Name())
	}
	assert.NotZero(t, refused, "the registry has designs the generator refuses (locks, pipe, pull)")
}

package designs_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"chanbench/designs"
)

// TestReferenceSaysWhatDoesNotApply: pull is the one reference among the
// designs, and it says why each question of a shared router and of
// offered load does not apply to it; to a contender every question
// applies.
func TestReferenceSaysWhatDoesNotApply(t *testing.T) {
	var refs []string
	for _, d := range designs.All() {
		if designs.IsReference(d) {
			refs = append(refs, d.Name())
			assert.NotEmpty(t, d.(designs.Reference).Reference(), d.Name())
		}
		for _, q := range []designs.Question{designs.SharedRouter, designs.OfferedLoad} {
			why := designs.NotApplicable(d, q)
			if designs.IsReference(d) {
				assert.NotEmpty(t, why, "%s must say why %q does not apply", d.Name(), q)
			} else {
				assert.Empty(t, why, "%s is a contender: %q applies", d.Name(), q)
			}
		}
		assert.Empty(t, designs.NotApplicable(d, "a question nobody asked"), d.Name())
	}
	assert.Equal(t, []string{"pull"}, refs)
}

package bench

import (
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGridFlag parses -grid as go test does, through gridVar: default and
// full are taken, anything else is refused with an error that names the
// flag, the value and the values allowed.
func TestGridFlag(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want grid
		err  string // "" for none
	}{
		{args: nil, want: gridDefault},
		{args: []string{"-grid=default"}, want: gridDefault},
		{args: []string{"-grid=full"}, want: gridFull},
		{args: []string{"-grid", "full"}, want: gridFull},
		{args: []string{"-grid=bogus"}, err: `invalid value "bogus" for flag -grid: want default or full`},
		{args: []string{"-grid=Full"}, err: `invalid value "Full" for flag -grid: want default or full`},
		{args: []string{"-grid="}, err: `invalid value "" for flag -grid: want default or full`},
	} {
		fs := flag.NewFlagSet("bench.test", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		g := gridVar(fs)
		err := fs.Parse(tc.args)
		if tc.err != "" {
			assert.EqualError(t, err, tc.err, "%q", tc.args)
			continue
		}
		if assert.NoError(t, err, "%q", tc.args) {
			assert.Equal(t, tc.want, *g, "%q", tc.args)
		}
	}
}

// TestGridFlagRefusedByGoTest runs this test binary with -grid=bogus, as a
// user would type it: go test's flag parsing stops it with exit status 2
// and the flag package's message, before any test or benchmark runs.
func TestGridFlagRefusedByGoTest(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$", "-test.bench=^$", "-grid=bogus")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "want the binary to fail, got %v:\n%s", err, out)
	assert.Equal(t, 2, exit.ExitCode(), "%s", out)
	assert.Contains(t, string(out), `invalid value "bogus" for flag -grid: want default or full`)
}

package designs_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"chanbench/designs"
)

// catchBound is how many workflows TestMutantsAreCaught runs before a
// mutant counts as not caught. A hunt stops at the first catch, and the
// rarest required catch (blocking-router under the natural regime, 2
// workflows in 200, first caught after 326 in results/killmatrix) is well
// inside it, so the bound costs nothing when the checks work, and the
// -race binary (which CI runs) uses the same one.
const catchBound = 2000

// cleanReps is how many workflows TestMutantsAreCaught runs per clean
// configuration and layer.
func cleanReps(l layer) int {
	if l == forced || l == sched {
		return 5
	}
	return 40
}

// TestMutantsAreCaught holds every mutant to its table entry: caught at its
// catch configuration and at each of its also configurations by every
// layer it must be caught by (of the layers this binary runs), within the
// bound; every violation of a kind it declares there; and clean, in every
// layer, where it must be clean.
func TestMutantsAreCaught(t *testing.T) {
	ms := mutants()
	t.Cleanup(func() { releaseAll(ms) })
	for _, m := range ms {
		t.Run(m.design.Name(), func(t *testing.T) {
			require.NotEmpty(t, m.breaks, "the entry must name the invariant it breaks")
			require.NotEmpty(t, m.must, "a mutant no layer must catch checks nothing")
			require.NotEmpty(t, m.clean, "the entry must say where the mutant is clean")
			known := m.design.KnownFlaws(m.catch)
			require.NotEmpty(t, known, "the mutant declares no flaw where it must be caught")
			for _, c := range append([]designs.Config{m.catch}, m.also...) {
				require.True(t, slices.ContainsFunc(m.signature, func(k designs.ViolationKind) bool { return slices.Contains(m.design.KnownFlaws(c), k) }),
					"none of its signature is among the kinds it declares at %s", describeConfig(c))
				for _, l := range layersHere() {
					if !slices.Contains(m.must, l) {
						continue
					}
					v := hunt(m, c, l, catchBound)
					require.NoError(t, v.Err, "layer %s", l)
					require.Empty(t, v.Undeclared, "layer %s: a violation the mutant does not declare at %s", l, describeConfig(c))
					require.True(t, v.Caught, "layer %s at %s: %v", l, describeConfig(c), v)
					t.Logf("%-8s %s: %s (%s) in %v", l, describeConfig(c), v, kindNames(v.Seen), v.Elapsed.Round(time.Millisecond))
				}
			}
			for _, c := range m.clean {
				require.Empty(t, m.design.KnownFlaws(c), "a clean configuration must declare no flaw: %s", describeConfig(c))
				for _, l := range layersHere() {
					requireClean(t, m, c, l, cleanReps(l))
				}
			}
		})
	}
}

// requireClean runs m at c under l reps times and fails on any violation.
func requireClean(t *testing.T, m mutant, c designs.Config, l layer, reps int) {
	t.Helper()
	c = l.configure(c)
	for i := 1; i <= reps; i++ {
		c.Seed = uint64(i)
		res, err := designs.Run(context.Background(), m.design, c)
		require.NoError(t, err)
		require.Empty(t, res.Violations, "layer %s, %s, seed %d: must be clean\n%s", l, describeConfig(c), i, res.Dump)
	}
}

// releaseAll frees whatever the mutants left behind on purpose.
func releaseAll(ms []mutant) {
	for _, m := range ms {
		if m.release != nil {
			m.release()
		}
	}
}

// TestMutantTableCoversEveryWay: the table has at least a dozen mutants with
// distinct names, and between them their signatures cover every kind of
// violation the checker knows (designs.ViolationKinds): a new kind needs a
// mutant that only it catches.
func TestMutantTableCoversEveryWay(t *testing.T) {
	ms := mutants()
	t.Cleanup(func() { releaseAll(ms) })
	assert.GreaterOrEqual(t, len(ms), 12)
	names := map[string]bool{}
	var caught []designs.ViolationKind
	for _, m := range ms {
		assert.False(t, names[m.design.Name()], "duplicate mutant %q", m.design.Name())
		names[m.design.Name()] = true
		for _, d := range designs.All() {
			assert.NotEqual(t, d.Name(), m.design.Name(), "a mutant must not take a real design's name")
		}
		caught = append(caught, m.signature...)
	}
	for _, k := range designs.ViolationKinds() {
		assert.Contains(t, caught, k, "no mutant is caught by a %v violation", k)
	}
	if !raceEnabled {
		assert.True(t, slices.ContainsFunc(ms, func(m mutant) bool { return m.raceGated }), "the buffer-reuse mutant is built without -race")
	}
}

// killMatrixHeader names the columns of the kill matrix's TSV, one row per
// mutant and layer.
func killMatrixHeader() []string {
	return []string{"mutant", "invariant", "signature", "declared", "config", "layer", "must", "result", "workflows", "bound", "seen", "seconds", "rate_caught", "rate_workflows", "note"}
}

// mutantTableHeader names the columns of the mutant table's TSV, one row
// per mutant: its entry, as TestMutantsAreCaught holds it to.
func mutantTableHeader() []string {
	return []string{"mutant", "invariant", "signature", "declared", "catch", "also", "must", "clean", "race_gated"}
}

// mutantTableRow renders m's entry as a row of the mutant table.
func mutantTableRow(m mutant) []string {
	must := make([]string, len(m.must))
	for i, l := range m.must {
		must[i] = string(l)
	}
	return []string{m.design.Name(), m.breaks, kindNames(m.signature), kindNames(m.design.KnownFlaws(m.catch)),
		describeConfig(m.catch), describeConfigs(m.also), strings.Join(must, ","), describeConfigs(m.clean), strconv.FormatBool(m.raceGated)}
}

// describeConfigs joins the descriptions of cs with "; ".
func describeConfigs(cs []designs.Config) string {
	ds := make([]string, len(cs))
	for i, c := range cs {
		ds[i] = describeConfig(c)
	}
	return strings.Join(ds, "; ")
}

// rateBudget bounds the time TestKillMatrix spends measuring one cell's
// rate: a mutant that deadlocks or leaks costs the watchdog's bound or the
// harness's second on every caught workflow.
const rateBudget = 10 * time.Second

// TestKillMatrix measures every mutant under every layer this binary runs,
// at its catch configuration: the number of workflows until the first
// catch, up to a bound, and how many of a fixed number of workflows are
// caught (its rate; time-bounded, see rateBudget). It is
// scripts/killmatrix's engine and runs only when KILLMATRIX_OUT names the
// TSV file to write (KILLMATRIX_BOUND sets the bound, 2000 by default;
// KILLMATRIX_RATE the workflows for the rate, 200 by default, 0 for none;
// KILLMATRIX_TABLE, if set, names a file for the mutant table itself). It
// fails, after writing the files, where a layer the table requires missed
// its mutant.
func TestKillMatrix(t *testing.T) {
	out := os.Getenv("KILLMATRIX_OUT")
	if out == "" {
		t.Skip("KILLMATRIX_OUT is not set: scripts/killmatrix runs this")
	}
	bound := 2000
	if s := os.Getenv("KILLMATRIX_BOUND"); s != "" {
		n, err := strconv.Atoi(s)
		require.NoError(t, err, "KILLMATRIX_BOUND")
		require.Positive(t, n, "KILLMATRIX_BOUND")
		bound = n
	}
	rateN := 200
	if s := os.Getenv("KILLMATRIX_RATE"); s != "" {
		n, err := strconv.Atoi(s)
		require.NoError(t, err, "KILLMATRIX_RATE")
		require.GreaterOrEqual(t, n, 0, "KILLMATRIX_RATE")
		rateN = n
	}
	ms := mutants()
	t.Cleanup(func() { releaseAll(ms) })
	rows := [][]string{killMatrixHeader()}
	var missed []string
	for _, m := range ms {
		for _, l := range layersHere() {
			v := hunt(m, m.catch, l, bound)
			result := "not-caught"
			if v.Caught {
				result = "caught"
			}
			must := slices.Contains(m.must, l)
			caught, ran, undeclared, err := rate(m, m.catch, l, rateN, rateBudget)
			rows = append(rows, []string{
				m.design.Name(), m.breaks, kindNames(m.signature), kindNames(m.design.KnownFlaws(m.catch)),
				describeConfig(m.catch), string(l), strconv.FormatBool(must), result,
				strconv.Itoa(v.Workflows), strconv.Itoa(bound), kindNames(v.Seen), fmt.Sprintf("%.2f", v.Elapsed.Seconds()),
				strconv.Itoa(caught), strconv.Itoa(ran), "",
			})
			t.Logf("%-18s %-8s %s (%s); caught in %d of %d", m.design.Name(), l, v, kindNames(v.Seen), caught, ran)
			switch {
			case v.Err != nil || err != nil:
				missed = append(missed, fmt.Sprintf("%s/%s: %v", m.design.Name(), l, errors.Join(v.Err, err)))
			case v.Undeclared != "" || undeclared != "":
				missed = append(missed, fmt.Sprintf("%s/%s: undeclared violation: %s", m.design.Name(), l, v.Undeclared+undeclared))
			case must && !v.Caught:
				missed = append(missed, fmt.Sprintf("%s/%s: %v, and the table says it must be caught", m.design.Name(), l, v))
			}
		}
	}
	require.NoError(t, writeTSV(out, rows))
	if path := os.Getenv("KILLMATRIX_TABLE"); path != "" {
		table := [][]string{mutantTableHeader()}
		for _, m := range ms {
			table = append(table, mutantTableRow(m))
		}
		require.NoError(t, writeTSV(path, table))
	}
	require.Empty(t, missed)
}

// writeTSV writes rows to path atomically: a temporary file beside it,
// then a rename. No field may hold a tab or a newline.
func writeTSV(path string, rows [][]string) error {
	var b strings.Builder
	for _, r := range rows {
		for _, f := range r {
			if strings.ContainsAny(f, "\t\n") {
				return fmt.Errorf("kill matrix: field %q holds a tab or a newline", f)
			}
		}
		b.WriteString(strings.Join(r, "\t"))
		b.WriteByte('\n')
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	if _, err := tmp.WriteString(b.String()); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

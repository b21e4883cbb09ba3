package main

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"chanbench/report/summary"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFisherExact(t *testing.T) {
	// R: fisher.test(matrix(c(3, 1, 1, 3), 2))$p.value = 0.4857143;
	// 10 of 100 against 0 of 100: by symmetry 2·C(100,10)/C(200,10) =
	// 0.0015421 (math.comb in Python).
	assert.InDelta(t, 0.4857143, fisherExact(3, 4, 1, 4), 1e-6)
	assert.InDelta(t, 0.0015421, fisherExact(10, 100, 0, 100), 1e-7)
	assert.InDelta(t, 1.0, fisherExact(0, 100, 0, 100), 1e-12)
}

func TestAdjustBenjaminiHochberg(t *testing.T) {
	// R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "BH") = 0.02 0.04 0.04 0.02.
	fs := []finding{{a: test{ok: true, p: 0.01}}, {a: test{ok: true, p: 0.04}}, {a: test{ok: true, p: 0.03}}, {a: test{ok: true, p: 0.005}}, {}}
	adjust(fs, func(f *finding) *test { return &f.a })
	for i, want := range []float64{0.02, 0.04, 0.04, 0.02, 0} {
		assert.InDelta(t, want, fs[i].a.adj, 1e-12, "finding %d", i)
	}
}

func TestPairedRatio(t *testing.T) {
	p, dir := pairedRatio([]float64{1.21, 1.25, 1.23, 1.27, 1.22})
	assert.Less(t, p, 0.001)
	assert.Equal(t, 1, dir)
	p, _ = pairedRatio([]float64{0.98, 1.02, 0.99, 1.01, 1.0})
	assert.Greater(t, p, 0.5)
	_, dir2 := pairedRatio([]float64{1 / 1.21, 1 / 1.25, 1 / 1.23, 1 / 1.27, 1 / 1.22})
	assert.Equal(t, -1, dir2, "a ratio and its inverse: opposite directions")
}

// fixedIn is a rule's test that gives ta in run a and tb in any other.
func fixedIn(a *summary.Set, ta, tb test) func(*summary.Set) test {
	return func(s *summary.Set) test {
		if s == a {
			return ta
		}
		return tb
	}
}

// TestFindingsReplicate checks the rule that states a finding: held only
// when significant after the correction and in the same direction in
// both runs; listed as not replicated when significant in one run only or
// in opposite directions; not listed when significant in neither.
func TestFindingsReplicate(t *testing.T) {
	a, b := &summary.Set{}, &summary.Set{}
	fixed := func(ta, tb test) func(*summary.Set) test { return fixedIn(a, ta, tb) }
	sig := func(dir int) test { return test{ok: true, p: 1e-6, dir: dir} }
	not := test{ok: true, p: 0.6, dir: 1}
	rules := []rule{
		{design: "both", more: "more", eval: fixed(sig(1), sig(1))},
		{design: "one", more: "more", eval: fixed(sig(1), not)},
		{design: "opposite", more: "more", less: "less", eval: fixed(sig(1), sig(-1))},
		{design: "neither", eval: fixed(not, not)},
		{design: "unmeasured", eval: fixed(test{}, test{})},
		{design: "alone", eval: fixed(sig(1), test{})},
	}
	fam := findings(rules, a, b)
	require.Len(t, fam.held, 1)
	assert.Equal(t, "both", fam.held[0].design)
	assert.Equal(t, "both more "+summary.Baseline(), fam.held[0].Claim())
	require.Len(t, fam.failed, 2)
	assert.Equal(t, "one", fam.failed[0].design)
	assert.Equal(t, "opposite", fam.failed[1].design)
	require.Len(t, fam.alone, 1)
	assert.Equal(t, "alone", fam.alone[0].design)
	assert.Equal(t, 5, fam.tested)
	assert.Empty(t, fam.floors, "no rank test among the rules")

	// The correction counts: a p of 0.02 holds alone, not among 4
	// tests whose other p-values are large.
	one := findings([]rule{{design: "x", eval: fixed(test{ok: true, p: 0.02, dir: 1}, test{ok: true, p: 0.02, dir: 1})}}, a, b)
	assert.Len(t, one.held, 1)
	rules = []rule{{design: "x", eval: fixed(test{ok: true, p: 0.02, dir: 1}, test{ok: true, p: 0.02, dir: 1})}}
	for range 3 {
		rules = append(rules, rule{eval: fixed(not, not)})
	}
	among := findings(rules, a, b)
	assert.Empty(t, among.held)
}

// TestFindingsFloors: the family names the rank tests whose runs are too
// few for Holm's threshold (α over the rules measured), each floor once,
// highest first, and says when a floor is above α itself; a rank test
// with runs enough, or an unmeasured one, is not named.
func TestFindingsFloors(t *testing.T) {
	a, b := &summary.Set{}, &summary.Set{}
	rank := func(n, m int) test { return test{ok: true, p: 0.5, dir: 1, n: n, m: m} }
	var rules []rule
	for _, tests := range [][2]test{
		{rank(5, 5), rank(5, 5)},   // 2/252 = 0.0079 > 0.05/7
		{rank(3, 3), rank(3, 3)},   // 2/20 = 0.1 > 0.05
		{rank(10, 10), rank(3, 4)}, // 2/184756 passes; 2/35 = 0.057 > 0.05
		{rank(2, 2), test{}},       // measured in a only: still a floor of a
		{test{n: 1, m: 1}, test{}}, // not measured: no floor
		{test{ok: true, p: 0.5, dir: 1}, test{ok: true, p: 0.5, dir: 1}}, // no rank test
		{test{ok: true, p: 0.5, dir: 1}, test{ok: true, p: 0.5, dir: 1}},
		{test{ok: true, p: 0.5, dir: 1}, test{ok: true, p: 0.5, dir: 1}},
	} {
		rules = append(rules, rule{design: "x", eval: fixedIn(a, tests[0], tests[1])})
	}
	fam := findings(rules, a, b)
	assert.Equal(t, 7, fam.tested, "Holm's threshold: 0.05/7 = 0.0071")
	assert.Equal(t, []string{
		"0.33 (2 runs against 2, above 0.05 itself)",
		"0.1 (3 runs against 3, above 0.05 itself)",
		"0.057 (3 runs against 4, above 0.05 itself)",
		"0.0079 (5 runs against 5)",
	}, fam.floors)

	// 5 runs against 5 clears Holm's threshold of a family of 1.
	alone := findings(rules[:1], a, b)
	assert.Empty(t, alone.floors)
}

// TestFindingsOnCommittedRun: the rules over the committed reference run
// find explicit's violations in both halves of its rounds.
func TestFindingsOnCommittedRun(t *testing.T) {
	opts, err := parseFlags([]string{"-model", filepath.Join("..", "results", "model"), "-out", t.TempDir(), filepath.Join("..", "results", "full", "bench.txt")}, io.Discard)
	require.NoError(t, err)
	rep, err := build(opts)
	require.NoError(t, err)
	doc := string(reportText(t, rep))
	assert.Contains(t, doc, "- **explicit breaks the workflow's rules more often than unbuffered**")
	assert.Contains(t, doc, "the first half of the reference run's rounds and the second half")
	assert.LessOrEqual(t, len(outputData(t, rep, "REPORT.md")), 40<<10, "REPORT.md at most 40 KB")
}

func TestKillSummary(t *testing.T) {
	path := filepath.Join(t.TempDir(), "killmatrix.tsv")
	tsv := "mutant\tlayer\tmust\tresult\n" +
		"a\tnatural\ttrue\tcaught\n" +
		"a\tforced\tfalse\tnot caught\n" +
		"b\tnatural\ttrue\tnot caught\n" +
		"b\tspin\tfalse\tn/a\n"
	require.NoError(t, os.WriteFile(path, []byte(tsv), 0o644))
	assert.Equal(t, "1 of 2 mutant designs, each a plausible bug, caught by at least one evidence layer; 1 of the 2 cells their entries require caught (raw: `killmatrix.tsv`).", killSummary(path))
	assert.Empty(t, killSummary(filepath.Join(t.TempDir(), "none.tsv")))
}

func TestCommitIn(t *testing.T) {
	assert.Equal(t, "db3655b", commitIn("- date: x\n- commit: db3655b\n"))
	assert.Equal(t, "ed60901", commitIn("| commit | ed60901 | ed60901 |"))
	assert.Empty(t, commitIn("no commit here"))
}

// TestReferenceIsNotRanked: a reference design (pull) gets the last row
// of the decision page, marked as such, and no finding.
func TestReferenceIsNotRanked(t *testing.T) {
	data, err := os.ReadFile(fixture)
	require.NoError(t, err)
	dir := t.TempDir()
	in := filepath.Join(dir, "bench.txt")
	// The fixture again, with router's results also given as pull's.
	var b strings.Builder
	for line := range strings.Lines(string(data)) {
		b.WriteString(line)
		if strings.Contains(line, "design=router/") {
			b.WriteString(strings.Replace(line, "design=router/", "design=pull/", 1))
		}
	}
	require.NoError(t, os.WriteFile(in, []byte(b.String()), 0o644))
	log, err := runReport(t, "-model", filepath.Join(dir, "none"), in)
	require.NoError(t, err, log)
	doc := readReport(t, dir)
	decision := doc[strings.Index(doc, "## Decision"):strings.Index(doc, "### Findings")]
	rows := strings.Split(strings.TrimSpace(decision[strings.Index(decision, "| unbuffered"):strings.Index(decision, "\n\n- ")]), "\n")
	assert.True(t, strings.HasPrefix(rows[len(rows)-1], "| pull (reference, not ranked) | "), "the reference's row is last: %q", rows[len(rows)-1])
	findings := doc[strings.Index(doc, "### Findings"):strings.Index(doc, "## Sources")]
	// 4 designs other than the baseline, each with a shutdown and a
	// violations rule (the fixture has no ratio or load): pull adds none.
	assert.Contains(t, findings, "family of 8 rules")
	assert.NotContains(t, findings, "pull")
}

// findingsOf is the findings section of the report on path.
func findingsOf(t *testing.T, path string) string {
	t.Helper()
	return mdSection(t, renderFile(t, path), "### Findings")
}

// TestSaturationFindingJudgesWithTheNull: the findings' saturation rule
// judges each point with the null beside it, as the load section does: a
// rate where the null fell behind is no measurement, so unbuffered's
// keeping up there decides nothing, and unbuffered and router both
// saturate at 10000/s: no finding. Judged without the null, the
// generator kept its schedule at 20000/s and unbuffered would seem to
// saturate later than router.
func TestSaturationFindingJudgesWithTheNull(t *testing.T) {
	path := sweepFile(t, 12, map[string][]int{
		"unbuffered": repeat(12, 20000), "explicit": repeat(12, 20000), "router": repeat(12, 10000),
	})
	const claim = "router saturates earlier (GOMAXPROCS 2) than unbuffered"
	require.Contains(t, findingsOf(t, path), claim, "the null keeping up: a finding")
	nullFallsBehindAt20k(t, path)
	assert.NotContains(t, findingsOf(t, path), claim)
}

// TestSaturationFindingCountsCensoredRuns: the findings' saturation rule
// counts censored runs at their worst for the claim (saturation.Versus).
// router saturates at 10000/s in 8 of 12 runs and keeps up at every rate,
// up to 80000/s, in the other 4, two in each half of the rounds: its point
// estimates alone (4 against unbuffered's 6 in each half, p = 2/210) would
// say it saturates earlier than unbuffered, but its censored runs may lie
// anywhere above 80000/s, and then it need not.
func TestSaturationFindingCountsCensoredRuns(t *testing.T) {
	const claim = "router saturates earlier (GOMAXPROCS 2) than unbuffered"
	half := []int{10000, 10000, 80000, 10000, 10000, 80000}
	for _, c := range []struct {
		name   string
		router []int
		want   string // "" for no finding on router
	}{
		{"no censored run: stated", repeat(12, 10000),
			"- **" + claim + "** (saturation throughput, BenchmarkLoad, GOMAXPROCS 2): 10.00k/s vs 20.00k/s, p=0.0022 (BH p=0.0043); then 10.00k/s vs 20.00k/s, p=0.0022 (BH p=0.0043). Mann-Whitney U over every counted run, censored runs at their worst for the claim in each direction (saturation.Versus)"},
		{"censored runs above: not stated", append(slices.Clone(half), half...), ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := findingsOf(t, sweepFile(t, 12, map[string][]int{
				"unbuffered": repeat(12, 20000), "explicit": repeat(12, 20000), "router": c.router,
			}))
			if c.want == "" {
				assert.NotContains(t, f, "router saturates")
				return
			}
			assert.Contains(t, f, c.want)
		})
	}
}

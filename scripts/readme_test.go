// Package scripts holds the project's shell scripts and, in its test, the
// check that the documentation's commands and paths still work, as
// benchstat's doc_test.go runs its own manual.
//
// TestReadmeCommands takes every ```sh block of the READMEs in readmes and
// runs each line in a cheap form (see runner.run): a script with -n (its
// own argument check and dry run), go tool benchstat for real (on the
// committed file it names, or, for a file an earlier line of the block
// would write, on committed scripts/bench output), go test and go doc as
// typed (a benchmark only at -benchtime 1x -short). TestReadmePaths checks
// that every file, folder or script the READMEs name exists, and every
// heading they link to.
package scripts

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"chanbench/designs"
)

// readmes are the documents whose commands and paths are checked, from the
// repository root.
var readmes = []string{"README.md", "bench/README.md", "designs/README.md"}

// fixtures stand in, in order, for the files a block's dry-run commands
// would write (-out FILE): two committed scripts/bench runs of one commit,
// the A/A calibration's.
var fixtures = []string{"results/calibration/a.txt", "results/calibration/b.txt"}

// maxReadme is the top-level README's size bound: a newcomer reads it in
// five minutes; method detail lives beside the code it explains.
const maxReadme = 12 * 1024

func root(t *testing.T) string {
	t.Helper()
	r, err := filepath.Abs("..")
	require.NoError(t, err)
	return r
}

func TestReadmeCommands(t *testing.T) {
	r := root(t)
	for _, name := range readmes {
		t.Run(name, func(t *testing.T) {
			text, err := os.ReadFile(filepath.Join(r, name))
			require.NoError(t, err)
			blocks := shBlocks(string(text))
			if name == "README.md" {
				require.NotEmpty(t, blocks, "the README shows no ```sh block")
			}
			for _, b := range blocks {
				run := runner{root: r}
				for _, line := range b {
					out, err := run.run(line)
					require.NoError(t, err, "%s: %s", name, line)
					t.Logf("%s\n  ran as: %s\n%s", line, run.ran, firstLines(out, 3))
				}
			}
		})
	}
}

func TestReadmePaths(t *testing.T) {
	r := root(t)
	for _, name := range readmes {
		text, err := os.ReadFile(filepath.Join(r, name))
		require.NoError(t, err)
		for _, err := range checkPaths(r, filepath.Dir(name), string(text)) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestReadmeExplainsEveryDesign: every registered design has its line in
// the README's list ("- **name**:") and its paragraph on why it is correct
// or not ("**name: ..."), so that the README cannot fall behind the
// registry.
func TestReadmeExplainsEveryDesign(t *testing.T) {
	text, err := os.ReadFile(filepath.Join(root(t), "README.md"))
	require.NoError(t, err)
	for _, d := range designs.All() {
		assert.Contains(t, string(text), "\n- **"+d.Name()+"**: ",
			"README.md: design %s has no line in the designs' list", d.Name())
		assert.Contains(t, string(text), "\n**"+d.Name()+": ",
			"README.md: design %s has no paragraph saying why it is correct or not", d.Name())
	}
}

func TestReadmeIsShort(t *testing.T) {
	info, err := os.Stat(filepath.Join(root(t), "README.md"))
	require.NoError(t, err)
	assert.LessOrEqual(t, info.Size(), int64(maxReadme),
		"README.md is %d bytes: move method detail beside the code it explains", info.Size())
}

// TestReadmeCheckCatchesBreakage feeds the checks a README that names
// what does not exist, and commands that run but show nothing.
func TestReadmeCheckCatchesBreakage(t *testing.T) {
	r := root(t)
	errs := checkPaths(r, ".", "Run `scripts/nope`, read `results/none/REPORT.md`, see [x](bench/none.md),"+
		" `results/<profile>/missing.txt`, `designs/mutant_*_nothing.go`, [y](designs/README.md#no-such-heading); "+
		"fine: `scripts/run`, [bench](bench/doc.go), `results/<profile>/bench.txt`, [z](designs/README.md#adding-a-design).")
	var msgs []string
	for _, err := range errs {
		msgs = append(msgs, err.Error())
	}
	assert.Len(t, errs, 6, "%q", msgs)
	for _, want := range []string{"scripts/nope", "results/none/REPORT.md", "bench/none.md", "results/*/missing.txt", "designs/mutant_*_nothing.go", "#no-such-heading"} {
		assert.True(t, strings.Contains(strings.Join(msgs, "\n"), want), "no error for %s in %q", want, msgs)
	}

	for _, tc := range []struct{ line, want string }{
		{"scripts/nope quick", "scripts/nope does not exist"},
		{"scripts/run nope", "exit status 2"},
		{"scripts/bench -out /tmp/x.txt -rounds 0 quick", "exit status 2"},
		{"go tool benchstat results/none.txt", "results/none.txt does not exist"},
		{"go tool benchstat -filter '.name:NoSuchBenchmark' report/testdata/short.txt", "printed no table"},
		{"go test -run '^$' -bench . ./designs/cmd/designs", "-benchtime 1x -short"}, // no benchmarks there: harmless if the check breaks
		{"make all", `no cheap form for "make"`},
		{"scripts/run | tee log", "one command per line"},
		{"go tool benchstat 'unclosed", "unclosed quote"},
	} {
		run := runner{root: r}
		_, err := run.run(tc.line)
		if assert.Error(t, err, tc.line) {
			assert.Contains(t, err.Error(), tc.want, tc.line)
		}
	}

	// A file an earlier line would write is read from a fixture; a third
	// has none.
	run := runner{root: r}
	for _, line := range []string{
		"scripts/bench -out /tmp/old.txt quick",
		"scripts/bench -out /tmp/new.txt quick",
	} {
		_, err := run.run(line)
		require.NoError(t, err, line)
	}
	out, err := run.run("go tool benchstat /tmp/old.txt /tmp/new.txt")
	require.NoError(t, err)
	assert.Contains(t, out, "│")
	assert.Contains(t, run.ran, "benchstat "+fixtures[0]+" "+fixtures[1]+" ")
	_, err = run.run("scripts/bench -out /tmp/third.txt quick")
	assert.ErrorContains(t, err, "no fixture left")
}

// shBlocks returns the lines of every ```sh block of a Markdown text, with
// comments and blank lines dropped.
func shBlocks(text string) [][]string {
	var blocks [][]string
	var cur []string
	in := false
	for _, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case !in && trimmed == "```sh":
			in, cur = true, nil
		case in && trimmed == "```":
			in = false
			blocks = append(blocks, cur)
		case in:
			if cmd := stripComment(trimmed); cmd != "" {
				cur = append(cur, cmd)
			}
		}
	}
	return blocks
}

// stripComment drops a # comment outside quotes.
func stripComment(line string) string {
	var quote rune
	for i, c := range line {
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
			return strings.TrimSpace(line[:i])
		}
	}
	return line
}

// words splits a command line as sh would, for the quoting the READMEs use
// (single and double quotes, no expansions), and refuses pipes, lists and
// redirections: one command per line.
func words(line string) ([]string, error) {
	var ws []string
	var w strings.Builder
	inWord := false
	var quote rune
	for _, c := range line {
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else {
				w.WriteRune(c)
			}
		case c == '\'' || c == '"':
			quote, inWord = c, true
		case c == ' ' || c == '\t':
			if inWord {
				ws = append(ws, w.String())
				w.Reset()
				inWord = false
			}
		case strings.ContainsRune("|;&<>$`()", c):
			return nil, fmt.Errorf("%q: write one command per line, without %q", line, c)
		default:
			w.WriteRune(c)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("%q: unclosed quote", line)
	}
	if inWord {
		ws = append(ws, w.String())
	}
	if len(ws) == 0 {
		return nil, errors.New("empty command")
	}
	return ws, nil
}

// runner runs the lines of one block, from the repository root,
// remembering which files the block's earlier lines would have written.
type runner struct {
	root    string
	written map[string]string // a file a dry-run line would write → its fixture
	ran     string            // the cheap form of the last line, and why
}

// run runs one line in its cheap form and returns its output:
//
//   - scripts/NAME ARGS: the script must exist and be executable; it runs
//     as scripts/NAME -n ARGS, which checks the arguments and runs nothing
//     (a real run takes minutes to hours). A -out FILE it names is
//     remembered, so that a later line reads a committed fixture for FILE.
//   - go tool benchstat ARGS: runs for real on the files it names, which
//     must exist, and must print a table.
//   - go test: runs as typed; a benchmark run must say -benchtime 1x and
//     -short.
//   - go doc, go run: run as typed.
//
// Anything else is an error: teach run its cheap form first.
func (r *runner) run(line string) (string, error) {
	ws, err := words(line)
	if err != nil {
		return "", err
	}
	switch {
	case strings.HasPrefix(ws[0], "scripts/"):
		path := filepath.Join(r.root, ws[0])
		info, err := os.Stat(path)
		if err != nil {
			return "", fmt.Errorf("%s does not exist: %w", ws[0], err)
		}
		if info.Mode()&0o111 == 0 {
			return "", fmt.Errorf("%s is not executable", ws[0])
		}
		args := append([]string{"-n"}, ws[1:]...)
		for i := 1; i+1 < len(ws); i++ {
			if ws[i] == "-out" {
				if err := r.write(ws[i+1]); err != nil {
					return "", err
				}
			}
		}
		r.ran = ws[0] + " " + strings.Join(args, " ") + " (a dry run: the script checks its arguments and runs nothing)"
		return r.exec(path, args...)
	case len(ws) >= 3 && ws[0] == "go" && ws[1] == "tool" && ws[2] == "benchstat":
		args, err := r.benchstatArgs(ws[3:])
		if err != nil {
			return "", err
		}
		r.ran = "go tool benchstat " + strings.Join(args, " ") + " (for real; a file an earlier line would write is a committed fixture)"
		out, err := r.exec("go", append([]string{"tool", "benchstat"}, args...)...)
		if err != nil {
			return out, err
		}
		if !strings.Contains(out, "│") {
			return out, fmt.Errorf("%q printed no table: %q", line, firstLines(out, 5))
		}
		return out, nil
	case len(ws) >= 2 && ws[0] == "go" && ws[1] == "test":
		if contains(ws, "-bench") && !(contains(ws, "-short") && after(ws, "-benchtime") == "1x") {
			return "", fmt.Errorf("%q: a benchmark run in a README must be its cheap form, with -benchtime 1x -short (or teach run another)", line)
		}
		r.ran = "as typed"
		return r.exec("go", ws[1:]...)
	case len(ws) >= 2 && ws[0] == "go" && (ws[1] == "doc" || ws[1] == "run"):
		r.ran = "as typed"
		return r.exec("go", ws[1:]...)
	}
	return "", fmt.Errorf("%q: no cheap form for %q: teach runner.run one", line, ws[0])
}

// write remembers that file would be written, and gives it the next fixture.
func (r *runner) write(file string) error {
	if r.written == nil {
		r.written = map[string]string{}
	}
	if len(r.written) == len(fixtures) {
		return fmt.Errorf("-out %s: no fixture left to stand for it (%d used)", file, len(fixtures))
	}
	r.written[file] = fixtures[len(r.written)]
	return nil
}

// benchstatArgs checks benchstat's file arguments and puts fixtures in for
// files an earlier line would have written.
func (r *runner) benchstatArgs(args []string) ([]string, error) {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if strings.HasPrefix(a, "-") {
			out = append(out, a)
			if !strings.Contains(a, "=") && i+1 < len(args) {
				i++
				out = append(out, args[i]) // every benchstat flag takes a value
			}
			continue
		}
		label, file, ok := strings.Cut(a, "=")
		if !ok {
			label, file = "", a
		}
		if f, ok := r.written[file]; ok {
			file = f
		} else if _, err := os.Stat(filepath.Join(r.root, file)); err != nil {
			return nil, fmt.Errorf("%s does not exist: %w", file, err)
		}
		if label != "" {
			file = label + "=" + file
		}
		out = append(out, file)
	}
	return out, nil
}

func (r *runner) exec(name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = r.root
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	if err := cmd.Run(); err != nil {
		return buf.String(), fmt.Errorf("%s %s: %w: %s", name, strings.Join(args, " "), err, firstLines(buf.String(), 5))
	}
	return buf.String(), nil
}

// pathWord is a word in a code span or a link that names something in the
// repository.
var pathWord = regexp.MustCompile(`^(\./)?(bench|designs|report|scripts|results)(/[^\s]*)?$`)

var (
	codeSpan = regexp.MustCompile("`([^`\n]+)`")
	link     = regexp.MustCompile(`\]\(([^)\s]+)\)`)
	angle    = regexp.MustCompile(`<[^>/]+>`)
)

// checkPaths returns an error for every path the text names that does not
// exist: words of code spans that start with a top-level folder, taken
// from the repository root (a <placeholder> or * matches any name), and
// relative link targets, taken from dir, the text's folder.
func checkPaths(root, dir, text string) []error {
	var errs []error
	seen := map[string]bool{}
	check := func(p string) {
		if seen[p] {
			return
		}
		seen[p] = true
		pattern := angle.ReplaceAllString(p, "*")
		matches, err := filepath.Glob(filepath.Join(root, pattern))
		if err != nil || len(matches) == 0 {
			errs = append(errs, fmt.Errorf("names %s, which does not exist", pattern))
		}
	}
	inBlock := false
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inBlock = !inBlock
			continue
		}
		if inBlock {
			continue // commands in blocks are run by TestReadmeCommands
		}
		for _, m := range codeSpan.FindAllStringSubmatch(line, -1) {
			for _, w := range strings.Fields(m[1]) {
				w = strings.TrimRight(w, ".,;:")
				if pathWord.MatchString(w) {
					check(strings.TrimPrefix(w, "./"))
				}
			}
		}
		for _, m := range link.FindAllStringSubmatch(line, -1) {
			target, frag, _ := strings.Cut(m[1], "#")
			if target == "" || strings.Contains(target, "://") {
				continue
			}
			target = filepath.Join(dir, target)
			check(target)
			if frag != "" && strings.HasSuffix(target, ".md") {
				if err := checkAnchor(filepath.Join(root, target), frag); err != nil {
					errs = append(errs, fmt.Errorf("links %s#%s: %w", target, frag, err))
				}
			}
		}
	}
	return errs
}

// checkAnchor returns an error unless the Markdown file has a heading
// whose GitHub anchor is frag.
func checkAnchor(path, frag string) error {
	text, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var anchors []string
	for _, line := range strings.Split(string(text), "\n") {
		title, ok := strings.CutPrefix(strings.TrimLeft(line, "#"), " ")
		if !ok || !strings.HasPrefix(line, "#") {
			continue
		}
		a := strings.Map(func(r rune) rune {
			switch {
			case r == ' ' || r == '-':
				return '-'
			case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				return unicode.ToLower(r)
			}
			return -1
		}, title)
		if a == frag {
			return nil
		}
		anchors = append(anchors, a)
	}
	return fmt.Errorf("no heading with that anchor (have %s)", strings.Join(anchors, ", "))
}

func contains(ws []string, w string) bool {
	for _, x := range ws {
		if x == w {
			return true
		}
	}
	return false
}

// after returns the word after w, or "".
func after(ws []string, w string) string {
	for i, x := range ws[:len(ws)-1] {
		if x == w {
			return ws[i+1]
		}
	}
	return ""
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(strings.TrimSpace(s), "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

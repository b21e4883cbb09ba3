package scripts

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestProfilesHaveOneHome: scripts/bench's case statement is the one list
// of the profiles (scripts/bench -profiles prints it). scripts/run and
// scripts/report accept every profile it names and no other, and neither
// they nor report/'s code spell a list of their own.
func TestProfilesHaveOneHome(t *testing.T) {
	dir := root(t)
	out, err := exec.Command(filepath.Join(dir, "scripts/bench"), "-profiles").Output()
	require.NoError(t, err)
	profiles := strings.Fields(string(out))
	require.Contains(t, profiles, "quick")
	require.Contains(t, profiles, "full")
	// Every label of the case statement is a profile -profiles prints: a
	// label it cannot read (two names, a pattern) would drop out unseen.
	src, err := os.ReadFile(filepath.Join(dir, "scripts/bench"))
	require.NoError(t, err)
	block := regexp.MustCompile(`(?ms)^case \$profile in$(.*?)^esac$`).FindSubmatch(src)
	require.NotNil(t, block, "scripts/bench: no case $profile in ... esac")
	labels := regexp.MustCompile(`(?m)^([^\s#*][^\n]*)\)$`).FindAllSubmatch(block[1], -1)
	require.Len(t, labels, len(profiles), "scripts/bench's profile labels")
	for _, l := range labels {
		assert.Contains(t, profiles, string(l[1]), "scripts/bench: a profile's label must be one name")
	}
	for _, p := range append(profiles, "no-such-profile") {
		for _, script := range []string{"scripts/bench", "scripts/run"} {
			cmd := exec.Command(filepath.Join(dir, script), "-n", p)
			cmd.Dir = dir
			out, err := cmd.CombinedOutput()
			if p == "no-such-profile" {
				assert.Error(t, err, "%s -n %s accepted an unknown profile", script, p)
				assert.Contains(t, string(out), "unknown profile", script)
				continue
			}
			assert.NoError(t, err, "%s -n %s: %s", script, p, out)
		}
	}
	usage, _ := exec.Command(filepath.Join(dir, "scripts/report"), "-h").CombinedOutput()
	assert.Contains(t, string(usage), "["+strings.Join(profiles, "|")+"|FILE...]", "scripts/report's usage")

	// A list is a line naming two profiles or more as words.
	var names []string
	for _, p := range profiles {
		names = append(names, regexp.QuoteMeta(p))
	}
	word := regexp.MustCompile(`(^|[^a-z0-9-])(` + strings.Join(names, "|") + `)([^a-z0-9-]|$)`)
	files := []string{"scripts/run", "scripts/report"}
	gofiles, err := filepath.Glob(filepath.Join(dir, "report", "*.go"))
	require.NoError(t, err)
	for _, f := range gofiles {
		if !strings.HasSuffix(f, "_test.go") {
			rel, err := filepath.Rel(dir, f)
			require.NoError(t, err)
			files = append(files, rel)
		}
	}
	for _, f := range files {
		text, err := os.ReadFile(filepath.Join(dir, f))
		require.NoError(t, err)
		for i, line := range strings.Split(string(text), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "#") || strings.HasPrefix(strings.TrimSpace(line), "//") {
				continue // prose may name profiles
			}
			seen := map[string]bool{}
			for rest := line; ; {
				m := word.FindStringSubmatchIndex(rest)
				if m == nil {
					break
				}
				seen[rest[m[4]:m[5]]] = true
				rest = rest[m[5]:]
			}
			assert.Less(t, len(seen), 2, "%s:%d lists profiles (%s): ask scripts/bench -profiles", f, i+1, line)
		}
	}
}

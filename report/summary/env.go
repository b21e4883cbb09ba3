package summary

import "strings"

// Env is the environment the results were measured in, from the "key:
// value" header lines of the files (goos, goarch, cpu, go, gomaxprocs,
// date, commit, command, profile, ...). A key can have several values when
// several files, or several runs, disagree.
type Env struct {
	values map[string][]string
	keys   []string
}

func (e *Env) add(key, value string) {
	vals, seen := e.values[key]
	if !seen {
		e.keys = append(e.keys, key)
	}
	for _, v := range vals {
		if v == value {
			return
		}
	}
	e.values[key] = append(vals, value)
}

// Keys returns the header keys, in the order first seen.
func (e Env) Keys() []string { return append([]string(nil), e.keys...) }

// Values returns the distinct values of key, in the order first seen.
func (e Env) Values(key string) []string { return append([]string(nil), e.values[key]...) }

// Value returns the values of key joined with "; ", or "" if no header
// line set it.
func (e Env) Value(key string) string { return strings.Join(e.values[key], "; ") }

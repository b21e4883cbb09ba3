package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// An output is one file of the report, rendered in memory.
type output struct {
	name string
	data []byte
}

// writeAll writes outs into dir. Each goes to a temporary file in dir
// first; only when every one is written and synced are they renamed into
// place, so a failure leaves no half-written file behind. Then the files
// named in stale, outputs of an earlier run that this run does not
// produce, are removed.
func writeAll(dir string, outs []output, stale []string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	var temps []string
	cleanup := func() {
		for _, t := range temps {
			os.Remove(t)
		}
	}
	for _, o := range outs {
		tmp, err := writeTemp(dir, o)
		if err != nil {
			cleanup()
			return err
		}
		temps = append(temps, tmp)
	}
	for i, o := range outs {
		if err := os.Rename(temps[i], filepath.Join(dir, o.name)); err != nil {
			cleanup()
			return fmt.Errorf("write %s: %w", filepath.Join(dir, o.name), err)
		}
	}
	for _, name := range stale {
		path := filepath.Join(dir, name)
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove stale %s: %w", path, err)
		}
	}
	return nil
}

// writeTemp writes o to a new temporary file in dir and returns its path.
func writeTemp(dir string, o output) (string, error) {
	f, err := os.CreateTemp(dir, "."+o.name+".tmp-*")
	if err != nil {
		return "", fmt.Errorf("write %s: %w", filepath.Join(dir, o.name), err)
	}
	fail := func(err error) (string, error) {
		f.Close()
		os.Remove(f.Name())
		return "", fmt.Errorf("write %s: %w", filepath.Join(dir, o.name), err)
	}
	if _, err := f.Write(o.data); err != nil {
		return fail(err)
	}
	if err := f.Chmod(0o644); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("write %s: %w", filepath.Join(dir, o.name), err)
	}
	return f.Name(), nil
}

// Package outfile writes the report programs' output files so that a
// failure leaves no half-written file behind: report's REPORT.md and
// figures, calibrate's CALIBRATION.md and loadaa's AA.md.
package outfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// A File is one output file, rendered in memory.
type File struct {
	Name string
	Data []byte
}

// Write writes files into dir, which it creates if need be. Each goes to a temporary file in dir
// first; only when every one is written and synced are they renamed into
// place, so a failure leaves no half-written file behind. Then the files
// named in stale, outputs of an earlier run that this run does not
// produce, are removed.
func Write(dir string, files []File, stale []string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	var temps []string
	cleanup := func() {
		for _, t := range temps {
			os.Remove(t)
		}
	}
	for _, o := range files {
		tmp, err := writeTemp(dir, o)
		if err != nil {
			cleanup()
			return err
		}
		temps = append(temps, tmp)
	}
	for i, o := range files {
		if err := os.Rename(temps[i], filepath.Join(dir, o.Name)); err != nil {
			cleanup()
			return fmt.Errorf("write %s: %w", filepath.Join(dir, o.Name), err)
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
func writeTemp(dir string, o File) (string, error) {
	f, err := os.CreateTemp(dir, "."+o.Name+".tmp-*")
	if err != nil {
		return "", fmt.Errorf("write %s: %w", filepath.Join(dir, o.Name), err)
	}
	fail := func(err error) (string, error) {
		f.Close()
		os.Remove(f.Name())
		return "", fmt.Errorf("write %s: %w", filepath.Join(dir, o.Name), err)
	}
	if _, err := f.Write(o.Data); err != nil {
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
		return "", fmt.Errorf("write %s: %w", filepath.Join(dir, o.Name), err)
	}
	return f.Name(), nil
}

// WriteFile writes data to path as Write does.
func WriteFile(path string, data []byte) error {
	return Write(filepath.Dir(path), []File{{filepath.Base(path), data}}, nil)
}

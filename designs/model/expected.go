package model

import (
	"fmt"

	"chanbench/designs"
)

// Point is one grid point of scripts/verify: the model's spin -D
// parameters, in the words of designs.Config.
type Point struct {
	Chunks  int    // CHUNKS: chunks the source has
	Window  int    // WINDOW
	Cap     int    // CAP: the buffered channels' capacity (0: rendezvous)
	Outcome string // "done", "error" (the source fails after At chunks) or "cancel" (net cancels after At chunks)
	At      int    // AT
	Streams int    // STREAMS
}

// Config is the designs.Config the model checks at p. Its Capacity may be
// 0, which Config.Validate refuses (Run needs a buffer), and which the
// model checks as rendezvous channels.
func (p Point) Config() (designs.Config, error) {
	c := designs.DefaultConfig()
	c.Chunks, c.Window, c.Capacity, c.Streams = p.Chunks, p.Window, p.Cap, p.Streams
	switch p.Outcome {
	case "done":
		c.Outcome = designs.Outcome{Kind: designs.Done}
	case "error":
		c.Outcome = designs.Outcome{Kind: designs.Fail, At: p.At}
	case "cancel":
		c.Outcome = designs.Outcome{Kind: designs.Cancel, At: p.At}
	default:
		return designs.Config{}, fmt.Errorf("grid point %+v: outcome %q: want done, error or cancel", p, p.Outcome)
	}
	return c, nil
}

// Expected is the verdict Spin must give d's model at p, derived from the
// one declaration of d's flaws, designs.KnownFlaws: "refuted" where d
// declares a violation for p's configuration, "verified" where it declares
// none. The model checks every property a declared kind names (the error
// first and once, every chunk once and in order, no deadlock, the end as
// configured), so a declaration that is too broad (a flaw the model shows
// cannot happen) and one that is too narrow (a flaw it finds) both fail
// scripts/verify. scripts/verify (through cmd/expect), designs/model's
// tests and the report all take the expected verdicts from here.
func Expected(d designs.Design, p Point) (string, error) {
	c, err := p.Config()
	if err != nil {
		return "", err
	}
	if designs.Correct(d, c) {
		return "verified", nil
	}
	return "refuted", nil
}

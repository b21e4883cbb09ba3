//go:build race

package designs_test

// raceEnabled: this test binary is built with -race, so the kill matrix's
// "race" layer (the natural regime under the race detector's scheduler) is
// the one it runs.
const raceEnabled = true

// raceGatedMutants are the mutants that are data races by construction:
// none in a -race binary, where the race detector would report them (and
// fail the binary) instead of letting the checks judge them.
func raceGatedMutants() []mutant { return nil }

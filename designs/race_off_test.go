//go:build !race

package designs_test

// raceEnabled: this test binary is built without -race; it runs the
// natural, yield and forced layers of the kill matrix.
const raceEnabled = false

// raceGatedMutants are the mutants that are data races by construction,
// built only without -race (see prefetch and net-closes-data).
func raceGatedMutants() []mutant { return []mutant{prefetchMutant(), netClosesDataMutant()} }

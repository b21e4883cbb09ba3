// Package model turns the Spin model checker's counterexamples for the
// chanbench designs into traces a reviewer can read.
//
// # The models
//
// Each design in package designs gets its Promela model generated from its
// Go code by package gen (go run ./designs/model/cmd/gen -design NAME), so
// that what Spin verifies is what Go runs; no design has a hand-written
// model. A model has the design's goroutines as processes (net, router,
// script, for one stream), its channels with their capacities (a Promela
// channel [0] is a rendezvous, like an unbuffered Go channel), and Go's
// select as a guarded if, where Spin explores every choice; for a design
// on locks (locks), its mutexes, its conditions (Go's notify list) and its
// FIFOs (queues, never rendezvous), and the goroutines that wake its
// waiters on quit or on net's cancellation as processes of their own;
// every call
// into the harness is a macro of the one shared library workflow.pml. Spin
// then checks every interleaving for the workflow's properties: net
// records the source's error once and before it ends, gets every chunk
// once and in order, nothing deadlocks or is left behind, and the
// workflow ends. scripts/verify generates the models and runs them over a
// grid of parameters, and records the verdicts in
// results/model/verdicts.tsv.
//
// # Expected verdicts
//
// What Spin must find is not written down here: Expected derives it, per
// grid point, from the design's one declaration of its flaws,
// designs.KnownFlaws (refuted where the design declares a violation for
// that configuration). scripts/verify (through cmd/expect), this
// package's tests and the report take it from there, and
// TestExpectedMatchesSpin holds it to the committed verdicts. A design the
// generator refuses (designs.Unmodelled) has no verdicts: verdicts.tsv
// gives it one row, "refused", naming the construct, and its evidence is
// the Go layers only.
//
// # Counterexamples
//
// When a property fails, Spin leaves a trail, an interleaving that breaks
// it. Replayed with
//
//	spin -t -p -s -r -k model.pml.trail model.pml
//
// it is a list of every statement each process executed, Promela variables
// and all. ReadableTrace keeps what another actor could see (each message
// sent and received, each close, what the source yields, net recording the
// error or ending the workflow) and says it in the words of the Go code:
//
//  13. script: sends the error to net on data
//  14. script: sends stop to router on stop
//  15. router: receives stop from script on stop
//  16. router: sends shutdown to net on ctrl
//  17. net: receives shutdown from router on ctrl, while data still holds the error
//  18. net: ends the workflow: VIOLATED error first: …
//
// Counterexample.Markdown renders such a trace with a legend and an
// explanation, as committed in results/model/<design>-counterexample.md; the
// command in cmd/spintrace does that for scripts/verify.
package model

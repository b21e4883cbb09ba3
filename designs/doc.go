// Package designs holds one streaming workflow and the channel designs that
// carry it, so that they can be run, checked and measured side by side.
//
// # The workflow
//
// Three actors, each a goroutine running an event loop, move a stream of
// chunks from user code to a consumer:
//
//   - net, the consumer, pulls: it asks for the next chunk and keeps at most
//     Config.Window requests outstanding. It verifies every byte it gets,
//     spends Config.Work on each chunk after it has asked for the next one,
//     and ends the workflow on the terminal outcome. On an error it must
//     record the error first, then shut down.
//   - router, the script side's IPC router, receives net's requests and
//     forwards "read a chunk" to script. One router serves every stream.
//   - script runs the user code, a Source, to read a chunk. A read yields a
//     chunk, done, or an error; a panic in the source is turned into an error.
//
// The path net → router → script is the same in every design. A Design
// decides how the terminal outcome and the shutdown travel back to net:
// see Unbuffered, Explicit, DropSender, RouterSerialized and
// TerminalRouted, one file each. Beside them, what a Go reviewer would
// pick instead: Locks (mutex-guarded queues and sync.Cond, no channel),
// Pipe (an io.Pipe per stream, ended with CloseWithError), and Pull, a
// Reference rather than a contender (iter.Pull2, no hand-off at all).
// Adding a design is one file and one line in All: the file says how its
// chunks travel (ChunkPath, from which the benchmarks build its floor),
// if it is wrong in some configurations, which violations it may show
// there (KnownFlaws), and, if the model generator refuses it, the
// construct it refuses (ModelRefusal).
//
// # Correctness
//
// Net keeps a Record of what it observed. Check judges it against what the
// Config says should have happened (all chunks then done, k chunks then
// the error, cancel after k), cross-checked with the source's Truth, and
// returns Violations by kind: the error lost, seen only after the end,
// wrong or delivered twice; chunks lost, duplicated, reordered or
// corrupted; the workflow ended early, for the wrong reason, or went on
// after its end; and, from the harness, deadlock (a watchdog with a
// goroutine dump), goroutines left behind and actor panics (recovered,
// with the actor's stack). A workflow its caller cancels is judged only on
// what it delivered (Record.Stopped).
//
// # Schedules
//
// Config.Regime perturbs the schedule just before each of net's receives:
// Natural leaves it alone, Yield calls runtime.Gosched, and Forced waits
// until every other goroutine of the workflow is blocked (on a channel,
// a sync.Cond, or as an iter.Pull coroutine, as testing/synctest counts
// it), so
// that everything that can be sent to net has been sent when net chooses.
// That is the state in which a select over two channels decides the order
// of two messages by a coin flip. Scheduled runs one actor at a time: every
// actor stops at a scheduling point (Net.Perturb, Actor.Perturb) before
// each step it takes on a channel, and a scheduler releases one of them at
// a time, by PCT priorities or uniformly at random, from a seed that
// Result.Schedule records with the schedule taken (see Schedule).
//
// # Load
//
// Workflow.RunOpen starts each stream's net at its own arrival time, so
// that a design is offered work at a given rate whatever it completes: the
// open system of package bench's BenchmarkLoad.
package designs

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
// see Unbuffered, Explicit, DropSender and Router, one file each. Adding a
// design is one file and one line in All.
//
// # Correctness
//
// Net keeps a Record of what it observed. Check compares it with the
// source's Truth and returns Violations by kind: the error lost or seen only
// after the end, chunks lost, duplicated, reordered or corrupted, and, from
// the harness, deadlock (a watchdog with a goroutine dump) and goroutines
// left behind.
//
// # Schedules
//
// Config.Regime perturbs the schedule just before each of net's receives:
// Natural leaves it alone, Yield calls runtime.Gosched, and Forced waits
// until every other actor is blocked, so that everything that can be sent
// to net has been sent when net chooses. That is the state in which a
// select over two channels decides the order of two messages by a coin
// flip.
package designs

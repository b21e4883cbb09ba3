/*
 * explicit.pml: the Explicit design (designs/explicit.go), which is
 * wireShutdownMessage(w, Capacity): the article's original topology with
 * every channel buffered with capacity CAP. The processes and channels are
 * in shutdownmsg.pml; the shared harness in workflow.pml.
 *
 *   net    = Actors.Net    req  = req     (net -> router,    [CAP])
 *   router = Actors.Router read = read    (router -> script, [CAP])
 *   script = Actors.Script data = data[0] (script -> net,    [CAP]: chunks, error)
 *                          stop = stop    (script -> router, [CAP])
 *                          ctrl = ctrl[0] (router -> net,    [CAP]: shutdown)
 *
 * Expected: refuted whenever CAP >= 1 and there is something in data when the
 * shutdown arrives: the error (OUTCOME 1), or a chunk (WINDOW 2). Net's
 * select may take the shutdown from ctrl first: the error, or the chunk, is
 * lost. With CAP 0 this is exactly unbuffered.pml, and with WINDOW 1 and
 * OUTCOME 0 nothing can be in data when the shutdown comes: both verified.
 */
#define CAPACITY CAP
#include "workflow.pml"
#include "shutdownmsg.pml"

/*
 * unbuffered.pml: the Unbuffered design (designs/unbuffered.go), which is
 * wireShutdownMessage(w, 0): the article's original topology with every
 * channel a rendezvous. CAP is ignored. The processes and channels are in
 * shutdownmsg.pml; the shared harness in workflow.pml.
 *
 *   net    = Actors.Net    req  = req     (net -> router,    [0])
 *   router = Actors.Router read = read    (router -> script, [0])
 *   script = Actors.Script data = data[0] (script -> net,    [0]: chunks, error)
 *                          stop = stop    (script -> router, [0])
 *                          ctrl = ctrl[0] (router -> net,    [0]: shutdown)
 *
 * Expected: verified (every property, every grid point).
 */
#define CAPACITY 0
#include "workflow.pml"
#include "shutdownmsg.pml"

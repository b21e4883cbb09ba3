package gen

// APIEntry is one call of the harness API (package designs) or of package
// sync that the generator translates: the one table that the translation
// dispatches on, that the package doc and workflow.pml's header list, and
// that TestAPITable holds all three to.
type APIEntry struct {
	// Call is the Go call as a design's loop writes it.
	Call string
	// Method is the method called, "Type.Name" (its receiver's type): the
	// key the translation's switches dispatch on.
	Method string
	// Promela is what the call becomes: a macro of workflow.pml (an
	// inline), or one of its variables or constants.
	Promela string
	// Checks is what the model checks there, with the property numbers
	// of workflow.pml's header.
	Checks string
}

// API returns the table of the calls the generator translates, in the
// order of the package doc.
func API() []APIEntry {
	return []APIEntry{
		{"n.Pull(req)", "Net.Pull", "netPull", "a request only while fewer than WINDOW are outstanding, and none once net has the error or has ended (Go's nil channel: nilreq)"},
		{"n.Request()", "Net.Request", "stream", "the request carries net's own stream"},
		{"n.Pulled()", "Net.Pulled", "outstanding", "counts the request outstanding"},
		{"n.Handle(m, req)", "Net.Handle", "netHandle", "(1) the error recorded once; (2) each chunk the next one, none after the error; net asks again without waiting"},
		{"n.End(reason, late...)", "Net.End", "netEnd", "(1) the error first; (2) every chunk produced delivered; (5) the end as configured; then each late channel drained (netDrain)"},
		{"n.Done()", "Net.Done", "netDone", "net's context: done once net has ended"},
		{"n.Perturb()", "Net.Perturb", "skip", "nothing: timing only, and Spin explores every interleaving anyway"},
		{"n.Late(m)", "Net.Late", "skip", "nothing: a message net finds after its end counts for nothing, and netEnd has asserted what was owed"},
		{"a.Perturb()", "Actor.Perturb", "skip", "nothing: the router's and script's scheduling point, timing only"},
		{"a.ToNet(ch, m)", "Actor.ToNet", "toNet", "the send, or giving up once net's context is done (no goroutine blocked forever on an ended net)"},
		{"a.Quit()", "Actor.Quit", "quit", "(3) every loop returns once the workflow is over: invalid end states otherwise"},
		{"a.NetDone(s)", "Actor.NetDone", "netDone", "stream s's net context"},
		{"m, ok := s.Read(x.Stream)", "Script.Read", "sourceRead", "(2) the source never writes a buffer net may still read; ok false once the stream has ended"},
		{"q := r.Queue()", "Router.Queue", "queued", "the router's request queue, its length"},
		{"q.Push(x)", "RequestQueue.Push", "queuePush", "Go's panic beyond every request that can be outstanding: an assertion"},
		{"q.Pop()", "RequestQueue.Pop", "queuePop", "takes the oldest request"},
		{"q.Out(read)", "RequestQueue.Out", "queueOut", "read while the queue holds a request, else never ready (nilreq)"},
		{"q.Head()", "RequestQueue.Head", "qhead", "the oldest request's stream"},
		{"m.Terminal()", "Msg.Terminal", "ERROR", "the message is the error or done (mtype ERROR or DONE)"},
		{"mu.Lock()", "Mutex.Lock", "mutexLock", "waits while locked (a deadlock on it is an invalid end state)"},
		{"mu.Unlock()", "Mutex.Unlock", "mutexUnlock", "Go's fatal error on unlocking an unlocked mutex: an assertion"},
		{"cond.Wait()", "Cond.Wait", "condWait", "unlocks, waits to be notified (its ticket), locks again: a lost wake-up is a deadlock"},
		{"cond.Signal()", "Cond.Signal", "condSignal", "wakes the oldest waiter, if any: with no waiter it is lost, as in Go"},
		{"cond.Broadcast()", "Cond.Broadcast", "condBroadcast", "wakes every waiter"},
		{"q.Put(x)", "FIFO.Put", "fifoPut", "Go's panic beyond the FIFO's capacity: an assertion; a put never waits"},
		{"x := q.Take()", "FIFO.Take", "fifoTake", "Go's panic on an empty FIFO: an assertion"},
		{"q.Len()", "FIFO.Len", "len", "the elements in the FIFO"},
		{"n.MayPull()", "Net.MayPull", "netMayPull", "fewer than WINDOW requests outstanding, and net wants more (Pull's test)"},
		{"n.HandleAsk(m, ask)", "Net.HandleAsk", "netHandleAsk", "as n.Handle; after a chunk net calls ask (the design's send, its body inlined) while it may pull"},
		{"n.Cancelled()", "Net.Cancelled", "netDone", "net's context is cancelled"},
		{"a.Quitting()", "Actor.Quitting", "quit", "Quit is closed, read without a channel step"},
		{"defer n.AfterDone(f)()", "Net.AfterDone", "netDone", "f runs, as a process of its own, once net's context is cancelled"},
	}
}

// notTranslated are the exported methods of the harness's types that the
// generator refuses, with the reason: TestAPITable requires every method
// of those types to be in API or here, so that a new harness method is
// classified where it is added.
func notTranslated() map[string]string {
	return map[string]string{
		"Net.Source": "net reading the source itself (the pull reference): no script to model",
	}
}

// apiByMethod indexes API by Method.
func apiByMethod() map[string]APIEntry {
	m := map[string]APIEntry{}
	for _, e := range API() {
		m[e.Method] = e
	}
	return m
}

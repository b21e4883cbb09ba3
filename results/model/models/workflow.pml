/*
 * workflow.pml: the harness, modelled once. Every design's model is
 * generated from its Go code by designs/model/gen (go run
 * ./designs/model/cmd/gen -design NAME): the generated file has the
 * design's channels and its three loops, and includes this file, which
 * models what designs/actors.go, designs/source.go and designs/workflow.go
 * do for every design. No design has a hand-written model.
 *
 * One stream (stream 0). Parameters, given with spin -D (defaults below):
 *   CHUNKS   chunks the source yields before its outcome, 1..3   (Config.Chunks)
 *   WINDOW   requests net keeps outstanding, 1..2                 (Config.Window)
 *   CAP      w.cfg.Capacity, the capacity of the buffered designs' channels
 *   OUTCOME  0 = done, 1 = error after AT chunks, 2 = net cancels after AT chunks
 *            (Config.Outcome: Done; Fail at AT; Cancel at AT)
 *   AT       see below (default CHUNKS)
 *
 * Go (the harness API; designs/model/gen/api.go, API, is the one table,
 * and TestAPITable holds this list to it)
 *                                      Promela (below)
 *   n.Pull(req)                          inline netPull(req): sets ask to req, or to nilreq (Go's nil)
 *   n.Request()                          stream (net's own)
 *   n.Pulled()                           outstanding++ (generated inline)
 *   n.Handle(m, req)                     inline netHandle(kind, seq, req, more)
 *   n.End(reason, late...)               inline netEnd(reason), then netDrain(ch) for each late channel
 *   n.Done(), a.NetDone(s)               bool netDone[STREAMS] (net's context is cancelled)
 *   n.Perturb(), a.Perturb()             skip: timing only (scheduling points)
 *   n.Late(m)                            skip: found after the end, it counts for nothing
 *   net's loop returns                   inline netReturn(): it must have ended
 *   a.ToNet(ch, m)                       inline toNet(ch, kind, seq, st): send, or give up once net's ctx is done
 *   a.Quit()                             bool quit (closed: every actor loop returns)
 *   m, ok := s.Read(x.Stream)            inline sourceRead(st, ok, kind, seq, mst), one atomic step (script's own work)
 *   q := r.Queue()                       byte queued (the router's local)
 *   q.Push(x), q.Pop()                   inline queuePush(x), queuePop()
 *   q.Out(read), q.Head()                inline queueOut(read) (sets head), qhead
 *   m.Terminal()                         kind == ERROR || kind == DONE
 *   mu.Lock(), mu.Unlock()               inline mutexLock(mu), mutexUnlock(mu)
 *   cond.Wait()                          inline condWait(mu, t, n, ticket)
 *   cond.Signal(), cond.Broadcast()      inline condSignal(t, n), condBroadcast(t, n)
 *   q := NewFIFO[T](c)                   chan q = [c] of { … } (a FIFO the design locks itself)
 *   q.Put(x), x := q.Take(), q.Len()     inline fifoPut(q, c, x), fifoTake(q, x) (…Msg for a Msg), len(q)
 *   n.MayPull()                          netMayPull (Pull's test, without a channel)
 *   n.HandleAsk(m, ask)                  inline netHandleAsk(kind, seq, asking), ask's body if asking,
 *                                        then netHandleAskEnd(kind, more)
 *   n.Cancelled()                        netDone[stream]
 *   a.Quitting()                         quit
 *   defer n.AfterDone(f)()               run a process that waits for netDone[stream], then does f
 *   go func() { … }()                    run a process that does the function's body
 *   Workflow.Run: close(w.quit) once     proctype harness
 *     every net has returned
 *   n.received                           byte received (global only so that sourceRead can read it)
 *   Source.truth (Produced, Ended, Err)  ghost globals produced, srcEnded, srcFailed: written by
 *                                        script only, read by net's assertions only (they are the
 *                                        harness's Check, not shared state of the Go program)
 *
 * Go's select is a guarded if: when several cases are ready Spin explores
 * every choice (an over-approximation of Go's uniform random choice, which is
 * what a safety proof needs). A select case on a nil channel (Net.Pull,
 * RequestQueue.Out, a variable set to nil) is an operation on nilreq or
 * nilmsg, rendezvous channels with no partner: never ready, exactly like
 * Go's nil channel. A select with a default is an if with an else (see
 * netHandle); Spin warns "dubious use of 'else' combined with i/o" there, and
 * that use is the intended one.
 *
 * Properties. Assertions, plus Spin's invalid-end-state check, plus one LTL
 * formula. There are no end labels anywhere: in Go every loop returns (net
 * when it ends, router and script once quit is closed), so a process blocked
 * forever, wherever it is, is a deadlock or a goroutine left behind.
 *   (1) error first: when net ends, if the source failed, net has recorded
 *       the error                                     assert in netEnd
 *       and it is recorded once                       assert in netHandle
 *   (2) exactly once, in order, intact: each chunk net gets is the next one
 *       and comes before the error; at the end net has every chunk the
 *       source produced, and that is CHUNKS           asserts in netHandle, netEnd
 *       the source never writes a chunk into a buffer net may still be
 *       reading                                       assert in sourceRead
 *   (3) no deadlock, no goroutine left behind: every process returns
 *                                                     invalid end states (pan -DSAFETY)
 *       and net returns only once it has ended        assert in netReturn
 *   (4) the workflow ends on every path: ltl ends { <> netExited }
 *                                                     acceptance cycles (pan -a)
 *   (5) it ends as configured: cancelled exactly when net was to cancel
 *                                                     asserts in netEnd
 *   and Go's panics are assertions: the router's queue overflowing, a send on
 *   or a close of a closed channel.
 *
 * Not modelled: the caller's cancellation (n.Done() fires here only once
 * net has ended; net's own cancellation, OUTCOME 2, is), the Panic outcome
 * (to net it is an error, as Source.Read recovers it), several streams, the regimes (n.Perturb) and net's Work (timing
 * only: Spin already explores every interleaving), payloads (Data, Err).
 */

#ifndef CHUNKS
#define CHUNKS 2
#endif
#ifndef WINDOW
#define WINDOW 1
#endif
#ifndef CAP
#define CAP 1
#endif
#ifndef OUTCOME
#define OUTCOME 1
#endif

#define DONE_OUTCOME   0
#define ERROR_OUTCOME  1
#define CANCEL_OUTCOME 2

/* AT: for OUTCOME 1, the chunks the source yields before its error (Fail at
 * AT, 0 <= AT <= CHUNKS); for OUTCOME 2, the chunks after which net cancels
 * (Cancel at AT, 1 <= AT < CHUNKS; the source then has CHUNKS chunks and
 * done). Default: CHUNKS (an error after the last chunk). */
#ifndef AT
#define AT CHUNKS
#endif

/* YIELD: the chunks the source yields before its outcome. */
#define YIELD (OUTCOME == ERROR_OUTCOME -> AT : CHUNKS)

/* Net.End's reason (designs.EndReason), as net's loop gives it. */
#define END_SHUTDOWN  1
#define END_CLOSED    2
#define END_CANCELLED 3

/* STREAMS: the streams sharing one router and one script (Config.Streams).
 * Each stream has its net process, its source, and its per-stream channels
 * (chans in Go: an array here, indexed by the stream). */
#ifndef STREAMS
#define STREAMS 1
#endif

/* MsgKind: what travels on a channel of Msg. */
mtype = { CHUNK, ERROR, DONE, SHUTDOWN };

/* Channels that are never ready: Go's nil channel in a select. Nobody ever
 * receives from nilreq or sends on nilmsg. A Msg is { Kind, Seq, Stream }. */
chan nilreq = [0] of { byte };
chan nilmsg = [0] of { mtype, byte, byte };

/* Each net's context (Net.Done, NetDone) and the workflow's quit (Actor.Quit). */
bool netDone[STREAMS];  /* n.cancel() in Net.End */
byte netsExited = 0;    /* nets whose goroutine returned: nets.Wait() in Workflow.Run */
bool quit = false;      /* close(w.quit) */

/* Each net's n.received, the chunks it has received and read (Net.chunk
 * checks a chunk's bytes before it asks for the next): net's own, global
 * only so that the source can assert that it never reuses a buffer net
 * may read. */
byte received[STREAMS];

/* Ghost: each source's truth, for the assertions only. */
byte produced[STREAMS];  /* Truth.Produced */
bool srcEnded[STREAMS];  /* Truth.Ended */
bool srcFailed[STREAMS]; /* Truth.Failed() */

ltl ends { <> (netsExited == STREAMS) }

/* Actor.ToNet(ch, m): select { case ch <- m: case <-w.nets[m.Stream].Done(): } */
inline toNet(ch, kind, seq, st) {
	if
	:: ch!kind,seq,st
	:: netDone[st] -> skip
	fi
}

/* Source.Read() of stream st: ok is false once the source has ended (the
 * request is ignored). Otherwise the next chunk, or after YIELD chunks the
 * outcome: done, or the error. Script's own work: one step. */
inline sourceRead(st, ok, kind, seq, mst) {
	d_step {
		mst = st;
		if
		:: srcEnded[st] -> ok = false
		:: else ->
			ok = true;
			if
			:: produced[st] < YIELD ->
				/* Source writes chunk k into the buffer of chunk k-WINDOW
				 * (a ring of WINDOW buffers, designs/source.go), so net
				 * must already have received (and checked) that one,
				 * unless net has ended (it reads no buffer then). */
				assert(netDone[st] || produced[st] < received[st] + WINDOW);
				kind = CHUNK; seq = produced[st]; produced[st]++
			:: else ->
				srcEnded[st] = true;
				seq = 0;
				if
				:: OUTCOME == ERROR_OUTCOME -> kind = ERROR; srcFailed[st] = true
				:: else -> kind = DONE
				fi
			fi
		fi
	}
}

/* Workflow.Run: once every net has returned, close(w.quit). */
active proctype harness() {
	netsExited == STREAMS;
	quit = true
}

/*
 * The harness API as the generated models use it (designs/model/gen):
 * every call a design's Go code makes into the harness is one of these,
 * with the channels passed explicitly. Each net process (active
 * [STREAMS] proctype net) declares stream (its Net.Stream), outstanding,
 * failed, ended, endReason (its Net's fields) and ask (the channel
 * Net.Pull returned); the router declares queued (its RequestQueue's
 * length), qhead (its head's stream) and head (what RequestQueue.Out
 * returned).
 */

/* The net processes are pids 1..STREAMS (harness is 0): stream = _pid - 1. */
#define NET_STREAM (_pid - 1)

/* Net.Pull(reqch): reqch while fewer than WINDOW requests are outstanding,
 * net has recorded no error and has not ended; else nil. */
inline netPull(reqch) {
	if
	:: outstanding < WINDOW && !failed && !ended -> ask = reqch
	:: else -> ask = nilreq
	fi
}

/* Net.End(reason): the properties are asserted as net ends, then net's
 * context is cancelled (n.cancel()). endReason is net's local. */
inline netEnd(reason) {
	endReason = reason;
	if
	:: OUTCOME == CANCEL_OUTCOME ->
		assert(endReason == END_CANCELLED);     /* (5) net was to cancel, and ends otherwise */
		assert(received[stream] == AT)          /* (2) every chunk up to the cancel, none past it */
	:: else ->
		assert(endReason != END_CANCELLED);     /* (5) nothing cancelled, and net ends cancelled */
		assert(!srcFailed[stream] || failed);   /* (1) error first */
		assert(received[stream] == produced[stream]); /* (2) every chunk produced was delivered */
		assert(received[stream] == YIELD)       /* (2) ... and that is all of them */
	fi;
	ended = true;
	netDone[stream] = true                  /* n.cancel() */
}

/* Net.End(reason, late...): for each channel in late, look into it without
 * waiting and take what is there (recorded as late: it counts for nothing).
 * A closed and empty channel ends the look, as in Go. With a rendezvous
 * channel this finds nothing, where Go could take a value a sender is
 * blocked offering: that sender gives up on netDone either way. */
inline netDrain(ch) {
	do
	:: nempty(ch) -> ch?_,_,_
	:: empty(ch) -> break
	od
}

/* Net.Handle(m, reqch): more is false once net has ended. A chunk is
 * checked, counted, and answered by a request sent only if it can go
 * without waiting (select with a default); an error is recorded; a
 * shutdown or done ends the workflow. */
inline netHandle(kind, seq, reqch, more) {
	more = true;
	if
	:: kind == CHUNK ->
		assert(!failed);                 /* (2) no chunk after the error: reordered */
		assert(seq == received[stream]); /* (2) the next chunk: none lost, duplicated or reordered */
		received[stream]++;
		if
		:: outstanding > 0 -> outstanding--
		:: else -> skip
		fi;
		netPull(reqch);
		if
		:: ask!stream -> outstanding++
		:: else -> skip
		fi;
		/* net cancels at its configured chunk: n.cancel(); n.End(EndCancelled) */
		if
		:: OUTCOME == CANCEL_OUTCOME && received[stream] == AT ->
			netEnd(END_CANCELLED);
			more = false
		:: else -> skip
		fi
	:: kind == ERROR ->
		assert(failed == false); /* (1) the error is delivered once */
		failed = true            /* recorded: n.rec.Errors = append(...) */
	:: kind == DONE || kind == SHUTDOWN ->
		netEnd(END_SHUTDOWN);
		more = false
	fi
}

/* Net's goroutine returns: it must have ended the workflow first (a loop
 * that returns without n.End is a reported violation in Go). */
inline netReturn() {
	assert(ended);
	netsExited++
}

/* The router's RequestQueue: with one stream every request is stream 0's
 * and the queue is its length; with more, a FIFO of streams (rq). Its
 * capacity is every request that can be outstanding, WINDOW*STREAMS. */
#if STREAMS > 1
chan rq = [WINDOW*STREAMS] of { byte };
#endif

/* RequestQueue.Push(x): panics beyond every request that can be outstanding. */
inline queuePush(x) {
	assert(queued < WINDOW*STREAMS);
	queued++;
#if STREAMS > 1
	rq!x
#else
	skip
#endif
}

/* RequestQueue.Pop(). */
inline queuePop() {
	queued--;
#if STREAMS > 1
	rq?_
#else
	skip
#endif
}

/* RequestQueue.Out(readch): readch while the queue holds a request, else
 * nil; qhead is RequestQueue.Head(), the oldest request's stream. */
inline queueOut(readch) {
	if
	:: queued > 0 ->
#if STREAMS > 1
		rq?<qhead>;
#else
		qhead = 0;
#endif
		head = readch
	:: else -> qhead = 0; head = nilreq
	fi
}

/*
 * sync.Mutex and sync.Cond (designs/model/gen/locks.go), the standard
 * encodings. A Mutex is a byte, 0 when unlocked. A Cond is Go's notify
 * list (runtime/sema.go): t, the tickets taken by waiters; n, the tickets
 * woken. Each process that waits declares its own byte ticket.
 */

/* mu.Lock(): wait until unlocked, and lock, in one step. */
inline mutexLock(mu) {
	atomic { mu == 0 -> mu = 1 }
}

/* mu.Unlock(): Go's fatal "unlock of unlocked mutex" is an assertion. */
inline mutexUnlock(mu) {
	assert(mu == 1);
	mu = 0
}

/* cond.Wait(): take a ticket and unlock (c.L must be locked: Go's Unlock
 * would fail otherwise), wait until the ticket is woken, lock again. */
inline condWait(mu, t, n, ticket) {
	atomic {
		assert(t < 255); /* the byte of tickets does not wrap in these models */
		ticket = t;
		t++;
		mutexUnlock(mu)
	};
	n > ticket;
	mutexLock(mu)
}

/* cond.Signal(): wake the oldest waiter, if there is one. */
inline condSignal(t, n) {
	atomic {
		if
		:: n < t -> n++
		:: else -> skip
		fi
	}
}

/* cond.Broadcast(): wake every waiter. */
inline condBroadcast(t, n) {
	n = t
}

/*
 * designs.FIFO, a queue with no lock of its own that a design guards with
 * its mutex (locks): a Promela channel of its capacity used as a queue,
 * never as a rendezvous. Put never waits: Go's panic beyond the capacity
 * is an assertion; so is Take on an empty FIFO. A FIFO of Msg has the
 * three fields of a Msg, a FIFO of requests their stream.
 */

/* q.Put(x): q has room for x (its capacity is c). */
inline fifoPut(q, c, x) {
	assert(len(q) < c); /* Go panics: more outstanding than the protocol allows */
	q!x
}

inline fifoPutMsg(q, c, kind, seq, st) {
	assert(len(q) < c); /* Go panics: more outstanding than the protocol allows */
	q!kind,seq,st
}

/* x := q.Take(): q holds an element. */
inline fifoTake(q, x) {
	assert(len(q) > 0); /* Go panics: a take without an element */
	q?x
}

inline fifoTakeMsg(q, kind, seq, st) {
	assert(len(q) > 0); /* Go panics: a take without an element */
	q?kind,seq,st
}

/* Net.MayPull(): Pull's test, for a design whose requests do not travel
 * on a channel. In net's process only (its locals). */
#define netMayPull (outstanding < WINDOW && !failed && !ended)

/* Net.HandleAsk(m, ask), in two steps around the ask, which is the
 * design's own code (its send of the next request, generated between
 * them): netHandleAsk does what netHandle does up to the request, and
 * sets asking when net is to call ask (a chunk, and net may pull: then
 * the request is counted, n.Pulled()); netHandleAskEnd does the rest (net
 * cancelling at its configured chunk; a shutdown or done ending the
 * workflow), and more is false once net has ended. */
inline netHandleAsk(kind, seq, asking) {
	asking = false;
	if
	:: kind == CHUNK ->
		assert(!failed);                 /* (2) no chunk after the error: reordered */
		assert(seq == received[stream]); /* (2) the next chunk: none lost, duplicated or reordered */
		received[stream]++;
		if
		:: outstanding > 0 -> outstanding--
		:: else -> skip
		fi;
		asking = netMayPull
	:: kind == ERROR ->
		assert(failed == false); /* (1) the error is delivered once */
		failed = true
	:: kind == DONE || kind == SHUTDOWN -> skip
	fi
}

inline netHandleAskEnd(kind, more) {
	more = true;
	if
	:: kind == CHUNK && OUTCOME == CANCEL_OUTCOME && received[stream] == AT ->
		netEnd(END_CANCELLED); /* n.cancel(); n.End(EndCancelled) */
		more = false
	:: kind == DONE || kind == SHUTDOWN ->
		netEnd(END_SHUTDOWN);
		more = false
	:: else -> skip
	fi
}

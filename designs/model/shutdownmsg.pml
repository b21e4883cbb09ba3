/*
 * shutdownmsg.pml: wireShutdownMessage(w, capacity) in
 * designs/shutdownmsg.go, the article's original topology shared by
 * unbuffered.pml (CAPACITY 0) and explicit.pml (CAPACITY CAP). The includer
 * defines CAPACITY and includes workflow.pml first.
 *
 *   net --req--> router --read--> script --data--> net     (chunks, error)
 *                  ^                 |
 *                  +------stop-------+
 *   router --ctrl--> net                                    (shutdown)
 *
 * Go (shutdownmsg.go)                  Promela
 *   Actors.Net     (one stream)          proctype net
 *   Actors.Router                        proctype router
 *   Actors.Script                        proctype script
 *   req  chan Request, capacity          chan req  = [CAPACITY] of { byte }          the stream
 *   read chan Request, capacity          chan read = [CAPACITY] of { byte }
 *   stop chan int32, capacity            chan stop = [CAPACITY] of { byte }
 *   data[0] chan Msg, capacity           chan data = [CAPACITY] of { mtype, byte }   Kind, Seq
 *   ctrl[0] chan Msg, capacity           chan ctrl = [CAPACITY] of { mtype, byte }
 *   router's RequestQueue                byte queued: every request is Request{Stream: 0},
 *                                        so the FIFO is its length
 *
 * Net's `case <-n.Done()` is left out: net's context is cancelled only by
 * net itself in Net.End (after which its loop has returned) or by the
 * caller, and cancellation is not modelled.
 */

chan req  = [CAPACITY] of { byte };
chan read = [CAPACITY] of { byte };
chan stop = [CAPACITY] of { byte };
chan data = [CAPACITY] of { mtype, byte };
chan ctrl = [CAPACITY] of { mtype, byte };

active proctype net() {
	byte outstanding = 0; /* n.outstanding */
	bool failed = false;  /* n.failed: net has recorded the error */
	mtype kind;
	byte seq;
	chan ask;             /* n.Pull(req) */

	do
	:: true ->
		pull(ask);
		if
		:: ask!0 -> outstanding++                 /* case n.Pull(req) <- n.Request(): n.Pulled() */
		:: data?kind,seq -> handle(kind, seq)     /* case m := <-data[n.Stream]: n.Handle(m, req) */
		:: ctrl?kind,seq -> break                 /* case <-ctrl[n.Stream]: n.End(EndShutdown, data[n.Stream]) */
		fi
	od;
	endWorkflow();
	/* n.End(..., data): look once into data without waiting; what is found
	 * there arrived after the end (recorded as late, it counts for nothing).
	 * Written with nempty/empty, not else: Spin cannot offer a rendezvous
	 * receive next to an else, so with CAPACITY 0 this finds nothing, where
	 * Go could take a value script is blocked sending. Script's send gives
	 * up on netDone either way, and the properties were asserted above. */
	do
	:: nempty(data) -> data?kind,seq
	:: empty(data) -> break
	od;
	netExited = true
}

active proctype router() {
	byte queued = 0; /* q.n */
	byte x;
	chan head;       /* q.Out(read) */

	do
	:: true ->
		if
		:: queued > 0 -> head = read
		:: else -> head = nilreq
		fi;
		if
		:: req?x -> assert(queued < WINDOW); queued++   /* case x := <-req: q.Push(x) (panics on overflow) */
		:: head!0 -> queued--                           /* case q.Out(read) <- q.Head(): q.Pop() */
		:: stop?x -> toNet(ctrl, SHUTDOWN, 0)           /* case s := <-stop: r.ToNet(ctrl[s], shutdown) */
		:: quit -> break                                /* case <-r.Quit(): return */
		fi
	od
}

active proctype script() {
	byte x;
	bool ok;
	mtype kind;
	byte seq;

	do
	:: read?x ->                                        /* case x := <-read: */
		sourceRead(ok, kind, seq);                      /* m, ok := s.Read(x.Stream) */
		if
		:: !ok -> skip                                  /* the stream has ended: ignore the request */
		:: else ->
			if
			:: kind != DONE -> toNet(data, kind, seq)   /* s.ToNet(data[x.Stream], m) */
			:: else -> skip
			fi;
			if
			:: kind == ERROR || kind == DONE ->         /* m.Terminal() */
				if
				:: stop!x                               /* case stop <- x.Stream: */
				:: quit -> break                        /* case <-s.Quit(): return */
				fi
			:: else -> skip
			fi
		fi
	:: quit -> break                                    /* case <-s.Quit(): return */
	od
}

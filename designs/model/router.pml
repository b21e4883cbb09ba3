/*
 * router.pml: the RouterSerialized design (designs/router.go), the article's
 * fix. Script sends every outcome to the router; the router alone talks to
 * net, on one channel, so it enqueues the error before the shutdown.
 *
 *   net --req--> router --read--> script
 *                 ^  |                |
 *                 |  +------out-----> net   (chunks, error, shutdown)
 *                 +------result-------+      (chunks, error, done)
 *
 * Go (router.go)                       Promela
 *   Actors.Net     (one stream)          proctype net
 *   Actors.Router                        proctype router
 *   Actors.Script                        proctype script
 *   req    chan Request, Capacity        chan req    = [CAP] of { byte }          the stream
 *   read   chan Request, Capacity        chan read   = [CAP] of { byte }
 *   result chan Msg, Capacity            chan result = [CAP] of { mtype, byte }   Kind, Seq
 *   out[0] chan Msg, Capacity            chan out    = [CAP] of { mtype, byte }
 *   router's RequestQueue                byte queued (every request is Request{Stream: 0})
 *
 * Net's `case <-n.Done()` is left out (cancellation is not modelled).
 *
 * Expected: verified (every property, every grid point, any window).
 */
#include "workflow.pml"

chan req    = [CAP] of { byte };
chan read   = [CAP] of { byte };
chan result = [CAP] of { mtype, byte };
chan out    = [CAP] of { mtype, byte };

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
		:: ask!0 -> outstanding++                     /* case n.Pull(req) <- n.Request(): n.Pulled() */
		:: out?kind,seq ->                            /* case m := <-out[n.Stream]: */
			if
			:: kind == SHUTDOWN -> break              /*   n.Handle(m, req): n.End(EndShutdown); return */
			:: else -> handle(kind, seq)              /*   n.Handle(m, req) */
			fi
		fi
	od;
	endWorkflow();
	netExited = true
}

active proctype router() {
	byte queued = 0; /* q.n */
	byte x;
	mtype kind;
	byte seq;
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
		:: result?kind,seq ->                           /* case m := <-result: */
			if
			:: kind != DONE -> toNet(out, kind, seq)    /*   r.ToNet(out[m.Stream], m) */
			:: else -> skip
			fi;
			if
			:: kind == ERROR || kind == DONE ->         /*   m.Terminal(): */
				toNet(out, SHUTDOWN, 0)                 /*   r.ToNet(out[m.Stream], shutdown) */
			:: else -> skip
			fi
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
			:: result!kind,seq                          /* case result <- m: */
			:: quit -> break                            /* case <-s.Quit(): return */
			fi
		fi
	:: quit -> break                                    /* case <-s.Quit(): return */
	od
}

/*
 * terminal-routed.pml: the TerminalRouted design (designs/terminalrouted.go),
 * the shape Servo PR #26906 merged. Script sends chunks straight to net on
 * data; only the terminal outcome (error or done) goes to the router on
 * result, and the router sends net the error, if any, then the shutdown, on
 * ctrl.
 *
 *   net --req--> router --read--> script --data--> net     (chunks)
 *                 ^  |                |
 *                 |  +------ctrl----> net                   (error, then shutdown)
 *                 +------result-------+                     (error or done)
 *
 * Go (terminalrouted.go)               Promela
 *   Actors.Net     (one stream)          proctype net
 *   Actors.Router                        proctype router
 *   Actors.Script                        proctype script
 *   req     chan Request, Capacity       chan req    = [CAP] of { byte }          the stream
 *   read    chan Request, Capacity       chan read   = [CAP] of { byte }
 *   result  chan Msg, Capacity           chan result = [CAP] of { mtype, byte }   Kind, Seq
 *   data[0] chan Msg, Capacity           chan data   = [CAP] of { mtype, byte }
 *   ctrl[0] chan Msg, Capacity           chan ctrl   = [CAP] of { mtype, byte }
 *   router's RequestQueue                byte queued (every request is Request{Stream: 0})
 *
 * Net's `case <-n.Done()` is left out (cancellation is not modelled).
 *
 * Expected: verified at window 1; refuted at window 2 with buffered channels
 * (a chunk still in data when the shutdown arrives on ctrl is lost).
 */
#include "workflow.pml"

chan req    = [CAP] of { byte };
chan read   = [CAP] of { byte };
chan result = [CAP] of { mtype, byte };
chan data   = [CAP] of { mtype, byte };
chan ctrl   = [CAP] of { mtype, byte };

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
		:: data?kind,seq -> handle(kind, seq)         /* case m := <-data[n.Stream]: n.Handle(m, req) */
		:: ctrl?kind,seq ->                           /* case m := <-ctrl[n.Stream]: */
			if
			:: kind == SHUTDOWN -> break              /*   n.End(EndShutdown, data[n.Stream]); return */
			:: else -> handle(kind, seq)              /*   n.Handle(m, req): the error */
			fi
		fi
	od;
	endWorkflow();
	/* n.End(..., data): what is still in data arrived after the end. */
	do
	:: nempty(data) -> data?kind,seq
	:: empty(data) -> break
	od;
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
		:: result?kind,seq ->                           /* case m := <-result: the terminal outcome */
			if
			:: kind == ERROR -> toNet(ctrl, kind, seq)  /*   r.ToNet(ctrl[m.Stream], m) */
			:: else -> skip
			fi;
			toNet(ctrl, SHUTDOWN, 0)                    /*   r.ToNet(ctrl[m.Stream], shutdown) */
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
			:: kind == CHUNK -> toNet(data, kind, seq)  /* !m.Terminal(): s.ToNet(data[x.Stream], m) */
			:: else ->
				if
				:: result!kind,seq                      /* case result <- m: */
				:: quit -> break                        /* case <-s.Quit(): return */
				fi
			fi
		fi
	:: quit -> break                                    /* case <-s.Quit(): return */
	od
}

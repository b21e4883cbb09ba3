/*
 * dropsender.pml: the DropSender design (designs/dropsender.go). No shutdown
 * message: script closes data after its last value, the router closes ctrl
 * (which it holds and never sends on), and net ends once both are closed.
 *
 *   net --req--> router --read--> script --data--> net     (chunks, error; closed at the end)
 *                  ^                 |
 *                  +------stop-------+
 *   router --ctrl--> net                                    (never a value; closed on stop)
 *
 * Go (dropsender.go)                   Promela
 *   Actors.Net     (one stream)          proctype net   (in, held: its aliases of data, ctrl)
 *   Actors.Router                        proctype router
 *   Actors.Script                        proctype script
 *   req  chan Request, Capacity          chan req  = [CAP] of { byte }          the stream
 *   read chan Request, Capacity          chan read = [CAP] of { byte }
 *   stop chan int32, Capacity            chan stop = [CAP] of { byte }
 *   data[0] chan Msg, Capacity           chan data = [CAP] of { mtype, byte }   Kind, Seq
 *   ctrl[0] chan Msg, Capacity           chan ctrl = [CAP] of { mtype, byte }
 *   close(data[0]), close(ctrl[0])       bool dataClosed, ctrlClosed
 *   router's RequestQueue                byte queued (every request is Request{Stream: 0})
 *
 * close is a flag, checked only when the buffer is empty: net's
 * `m, ok := <-in` is a receive while data holds values (closed or not) and
 * reads !ok only when dataClosed && empty(data). That is Go's rule (a closed
 * channel yields its buffered values first, then the zero value and !ok
 * forever) for every capacity, 0 included, and close never blocks, as in Go.
 * (A "closed" marker message appended to the buffer would need one more slot
 * and would make a capacity-0 channel buffered.) Go's panics on a send to,
 * or a second close of, a closed channel are assertions.
 *
 * Net's `case <-n.Done()` is left out (cancellation is not modelled).
 *
 * Expected: verified (every property, every grid point).
 */
#include "workflow.pml"

chan req  = [CAP] of { byte };
chan read = [CAP] of { byte };
chan stop = [CAP] of { byte };
chan data = [CAP] of { mtype, byte };
chan ctrl = [CAP] of { mtype, byte };
bool dataClosed = false; /* close(data[0]) by script */
bool ctrlClosed = false; /* close(ctrl[0]) by the router */

active proctype net() {
	byte outstanding = 0; /* n.outstanding */
	bool failed = false;  /* n.failed: net has recorded the error */
	mtype kind;
	byte seq;
	chan ask;             /* n.Pull(req) */
	chan in = data;       /* in := data[n.Stream]; nil once closed */
	chan held = ctrl;     /* held := ctrl[n.Stream]; nil once closed */
	bool inOpen = true;   /* in != nil */
	bool heldOpen = true; /* held != nil */

	do
	:: inOpen || heldOpen ->                          /* for in != nil || held != nil */
		pull(ask);
		if
		:: ask!0 -> outstanding++                     /* case n.Pull(req) <- n.Request(): n.Pulled() */
		:: in?kind,seq -> handle(kind, seq)           /* case m, ok := <-in: ok: n.Handle(m, req) */
		:: inOpen && dataClosed && empty(data) ->     /* case m, ok := <-in: !ok */
			in = nilmsg; inOpen = false           /*   in = nil */
		:: held?kind,seq -> assert(false)             /* case _, ok := <-held: ok (never: no value is sent) */
		:: heldOpen && ctrlClosed && empty(ctrl) ->   /* case _, ok := <-held: !ok */
			held = nilmsg; heldOpen = false       /*   held = nil */
		fi
	:: else -> break
	od;
	endWorkflow();                                    /* n.End(EndClosed) */
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
		:: stop?x ->                                    /* case s := <-stop: */
			assert(!ctrlClosed); ctrlClosed = true      /*   close(ctrl[s]) (panics if closed) */
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
		:: !ok -> skip                                  /* the stream has ended (and data is closed) */
		:: else ->
			if
			:: kind != DONE ->
				assert(!dataClosed);                    /* a send on a closed channel panics */
				toNet(data, kind, seq)                  /* s.ToNet(data[x.Stream], m) */
			:: else -> skip
			fi;
			if
			:: kind == ERROR || kind == DONE ->         /* m.Terminal() */
				assert(!dataClosed); dataClosed = true; /* close(data[x.Stream]) */
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

package designs

// TerminalRouted is the shape Servo PR #26906 actually merged: script still
// sends every chunk straight to net, and only the terminal outcome (the
// error or done) goes to the router, which sends net the error, if any, and
// then the shutdown, on one channel.
//
//	net ──req──▶ router ──read──▶ script ──data──▶ net     (chunks)
//	              ▲  │                │
//	              │  └──────ctrl─────▶ net                 (error, then shutdown)
//	              └──────result───────┘                    (error or done)
//
// The error and the shutdown leave one goroutine on one channel, so net
// always sees the error before the shutdown. But the chunks take another
// path. While net keeps one request outstanding (Window 1) that does not
// matter: script reads the terminal outcome only in answer to a request net
// sent after it had received the last chunk, so no chunk can still be in
// flight. With more than one request outstanding, the last chunks can still
// sit in data when the error and the shutdown arrive on ctrl; net's select
// may take the shutdown first, and those chunks are lost. The design is
// correct only under a protocol rule (the pull window) that its channels
// do not show.
type TerminalRouted struct{}

// Name is "terminal-routed".
func (TerminalRouted) Name() string { return "terminal-routed" }

// ChunkPath: chunks take the direct path, buffered; net also on ctrl (the
// error and the shutdown from the router).
func (TerminalRouted) ChunkPath(c Config) ChunkPath {
	return ChunkPath{Capacity: c.Capacity, NetCtrl: true}
}

// KnownFlaws: above window 1 and with buffered channels, chunks still in
// data when the shutdown arrives are lost, a chunk can arrive after the
// error, and a net that was to cancel at chunk k can be shut down before
// it gets there (shutdownBeforeCancel); all of that needs a chunk before
// the outcome. At window 1, or with rendezvous channels (capacity 0, as
// the model checks it), nothing can be in data behind the shutdown.
//
// The model checker proves each clause where its grid reaches
// (designs/model.Expected derives its expected verdicts from this method).
func (TerminalRouted) KnownFlaws(c Config) []ViolationKind {
	if c.Window <= 1 || c.Capacity == 0 {
		return nil
	}
	chunkFirst := false
	switch c.Outcome.Kind {
	case Done:
		chunkFirst = c.Chunks >= 1
	case Fail, Panic:
		chunkFirst = c.Outcome.At >= 1
	case Cancel:
		chunkFirst = shutdownBeforeCancel(c)
	}
	if !chunkFirst {
		return nil
	}
	return []ViolationKind{ChunkLost, ChunkReordered, EndWrong}
}

// Wire makes the buffered channels and the three loops.
func (TerminalRouted) Wire(w *Workflow) Actors {
	c := w.cfg.Capacity
	req := make(chan Request, c)
	read := make(chan Request, c)
	result := make(chan Msg, c)
	data := chans(w.cfg.Streams, c)
	ctrl := chans(w.cfg.Streams, c)
	return Actors{
		Net: func(n *Net) {
			for {
				n.Perturb()
				select {
				case n.Pull(req) <- n.Request():
					n.Pulled()
				case m := <-data[n.Stream]:
					if !n.Handle(m, req) {
						return
					}
				case m := <-ctrl[n.Stream]:
					if m.Kind == MsgShutdown {
						// Whatever still waits in data is lost.
						n.End(EndShutdown, data[n.Stream])
						return
					}
					if !n.Handle(m, req) { // the error
						return
					}
				case <-n.Done():
					n.End(EndCancelled)
					return
				}
			}
		},
		Router: func(r *Router) {
			q := r.Queue()
			for {
				r.Perturb()
				select {
				case x := <-req:
					q.Push(x)
				case q.Out(read) <- q.Head():
					q.Pop()
				case m := <-result: // the terminal outcome
					if m.Kind == MsgError {
						r.ToNet(ctrl[m.Stream], m)
					}
					r.ToNet(ctrl[m.Stream], Msg{Kind: MsgShutdown, Stream: m.Stream})
				case <-r.Quit():
					return
				}
			}
		},
		Script: func(s *Script) {
			for {
				s.Perturb()
				select {
				case x := <-read:
					m, ok := s.Read(x.Stream)
					if !ok {
						continue // the stream has ended: ignore the request
					}
					if !m.Terminal() {
						s.ToNet(data[x.Stream], m)
						continue
					}
					s.Perturb()
					select {
					case result <- m:
					case <-s.Quit():
						return
					}
				case <-s.Quit():
					return
				}
			}
		},
	}
}

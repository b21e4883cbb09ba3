// Package gen generates the Spin model of a chanbench design from its Go
// source, so that what Spin verifies is what Go runs.
//
// It reads the designs package (and, for a test-only design, the test file
// that holds it) with go/parser and go/types, evaluates the design's Wire
// method at generation time (the channels it makes, with their capacities:
// a constant, w.cfg.Capacity, a parameter of a helper such as
// wireShutdownMessage), and translates each actor loop of the Actors it
// returns (Net, Router, Script) statement by statement into a Promela
// process. Every call into the harness API becomes a macro of the one
// shared library, designs/model/workflow.pml, which models the harness's
// semantics once. The calls it translates are one table, API (Go call →
// Promela → what it checks), which the translation dispatches on and
// which TestAPITable holds this list and workflow.pml's to:
//
//	Go call                     Promela (workflow.pml)
//	n.Pull(req)                 netPull(req); ask!stream
//	n.Request()                 stream
//	n.Pulled()                  outstanding++
//	n.Handle(m, req)            netHandle(kind, seq, req, more)
//	n.End(reason, late...)      netEnd(reason); netDrain(late)…
//	n.Done()                    netDone[stream]
//	n.Perturb(), a.Perturb()    skip (timing only: scheduling points)
//	n.Late(m)                   skip (after the end: counts for nothing)
//	a.ToNet(ch, m)              toNet(ch, kind, seq, stream)
//	a.Quit()                    quit
//	a.NetDone(s)                netDone[s]
//	m, ok := s.Read(x.Stream)   sourceRead(x, ok, kind, seq, stream)
//	q := r.Queue()              queued, qhead, head (the router's locals)
//	q.Push(x), q.Pop()          queuePush(x), queuePop()
//	q.Out(read), q.Head()       queueOut(read); head!qhead
//	m.Terminal()                (kind == ERROR || kind == DONE)
//	mu.Lock(), mu.Unlock()      mutexLock(mu), mutexUnlock(mu)
//	cond.Wait()                 condWait(mu, cond_t, cond_n, ticket)
//	cond.Signal()               condSignal(cond_t, cond_n)
//	cond.Broadcast()            condBroadcast(cond_t, cond_n)
//	q.Put(x), x := q.Take()     fifoPut(q, c, x), fifoTake(q, x)    (fifoPutMsg, fifoTakeMsg for a Msg)
//	q.Len()                     len(q)
//	n.MayPull()                 netMayPull
//	n.HandleAsk(m, ask)         netHandleAsk(kind, seq, asking); if asking, ask's body; netHandleAskEnd(kind, more)
//	n.Cancelled()               netDone[stream]
//	a.Quitting()                quit
//	defer n.AfterDone(f)()      run net_afterDoneN(stream): a process that waits for netDone[stream], then does f
//
// and the Go constructs around them:
//
//	make(chan T, c), chans(streams, c)    chan x = [c] of {…}, chan x[STREAMS] = [c] of {…}
//	var mu sync.Mutex                     byte mu
//	cond := sync.NewCond(&mu)             byte cond_t, cond_n (its notify list)
//	q := designs.NewFIFO[T](c)            chan q = [c] of {…}      (a FIFO: a queue, never a rendezvous)
//	make([]sync.Mutex|*sync.Cond|*designs.FIFO[T], streams), and one loop
//	  for s := range xs { conds[s] = sync.NewCond(&mus[s]); qs[s] = designs.NewFIFO[T](c) }
//	                                      byte mus[STREAMS], …     (one per stream)
//	ask := func() { … }; ask()            ask's body, at each call
//	go func() { … }()                     run role_goN(): a process of its own
//	select { case …: }                    if :: guard -> … fi      (Spin tries every ready case)
//	select { …; default: }                if :: … :: else -> … fi
//	close(ch)                             assert(!chClosed); chClosed = true
//	v, ok := <-ch (ch closed somewhere)   ch?v -> ok = true   and   chClosed && empty(ch) -> ok = false
//	ch = nil                              ch = nilmsg / nilreq    (never ready)
//	make([]int64|bool, streams)           int|bool x[STREAMS]     (per-stream state)
//	for i := range perStream { … }        i = 0; do :: i < STREAMS -> …; i++ :: else -> break od
//	i++, m.Seq = …, int32(i), <, +        the same, on Promela ints
//	return, continue, break               goto ret, goto continueN, break
//
// Refusal, not guessing: a construct outside what it translates (a call
// of anything else, a time.Sleep, a goroutine that sends or receives on a
// channel, a for loop with init or
// post statements, a switch, a break inside a select, a channel of another
// type, a write to a message's payload, …) is an error naming the file,
// the line and the construct, and no model is written.
//
// What the model leaves out, by construction and stated here once: net's
// per-chunk work and the regimes' perturbations (n.Perturb) are timing
// only, and Spin explores every interleaving anyway; message payloads
// (Data, Err) are not modelled, only their kind and sequence number; the
// model has STREAMS streams (a spin -D parameter, default 1), each with its
// net process and its source, sharing the router and script. A send on a
// closed channel panics in Go even when the close comes while the sender
// is blocked; the model asserts the channel open only as the send starts
// (no design closes a channel that another goroutine sends on).
package gen

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/printer"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"
	"strings"
)

// Options say which design to generate.
type Options struct {
	// Dir is the designs package's directory (designs/).
	Dir string
	// File, when set, is a _test.go file holding a test-only design (a
	// mutant), in package designs or designs_test.
	File string
	// Design is a registry name ("explicit"); Type a Go type name
	// ("Explicit"). One of them is needed.
	Design, Type string
}

// Model is a generated Promela model.
type Model struct {
	Design   string    // its registry name
	Type     string    // its Go type
	Text     []byte    // the Promela source; it includes "workflow.pml"
	Channels []Channel // the channels Wire makes, in the order it makes them, then its FIFOs
	// Files are the Go files the model is generated from: the type's, and
	// those of the functions its Wire calls (wireShutdownMessage's), in
	// the order the generator read them.
	Files []string
	// Doc is the type's doc comment, as text (go/ast.CommentGroup.Text):
	// what the design is, and why it fails where it does.
	Doc string
}

// Channel is one channel of a design's channel graph, as the generator
// derived it from Wire and the actor loops: what it carries, its
// capacity, and which actors send on it and receive from it (directly, or
// through the harness API: n.Pull and n.Handle send on req, q.Out on
// read, a.ToNet on its channel).
type Channel struct {
	Name      string   // the Go variable Wire assigns it to
	Elem      string   // "Msg", "stream" (Request or int32) or "signal" (struct{})
	Capacity  string   // a Promela constant expression: "0", "CAP", "(CAP+1)"
	PerStream bool     // one channel per stream (chans)
	Senders   []string // roles, sorted: "net", "router", "script"
	Receivers []string // roles, sorted
	// Queue is true for a designs.FIFO, a queue the design guards with its
	// own mutex (a put never waits), not a channel: its senders Put into
	// it and its receivers Take from it.
	Queue bool
}

// Error is a construct the generator refuses to translate.
type Error struct {
	Pos       token.Position
	Construct string
}

// Error is "file:line:col: cannot translate <construct>".
func (e *Error) Error() string {
	return fmt.Sprintf("%s: cannot translate %s", e.Pos, e.Construct)
}

// generator holds the state of one generation.
type generator struct {
	prog     *program
	channels []*channel
	arrays   []*array
	loops    map[string]*closure
	files    []string // the files of the functions evaluated, first seen first
	mutexes  []*mutex
	conds    []*cond
	fifos    []*fifo
	subprocs []string // the processes of goroutines and AfterDone functions, as Promela
	subs     int      // their count, for their names
}

// read notes that the model is generated from the file that holds pos.
func (g *generator) read(pos token.Pos) {
	f := g.positionOf(pos).Filename
	for _, x := range g.files {
		if x == f {
			return
		}
	}
	g.files = append(g.files, f)
}

// List returns the designs of the package in dir (and in file, when not
// empty): every type with Name and Wire methods.
func List(dir, file string) ([]Design, error) {
	p, err := load(dir, file)
	if err != nil {
		return nil, err
	}
	return p.designTypes()
}

// Generate writes the model of one design.
func Generate(o Options) (*Model, error) {
	p, err := load(o.Dir, o.File)
	if err != nil {
		return nil, err
	}
	ds, err := p.designTypes()
	if err != nil {
		return nil, err
	}
	var d *Design
	for i := range ds {
		if (o.Type != "" && ds[i].Type == o.Type) || (o.Type == "" && ds[i].Name == o.Design) {
			d = &ds[i]
		}
	}
	if d == nil {
		var names []string
		for _, x := range ds {
			names = append(names, x.Name+" ("+x.Type+")")
		}
		return nil, fmt.Errorf("no design %q in %s: have %s", o.Design+o.Type, where(o), strings.Join(names, ", "))
	}
	g := &generator{prog: p}
	tn := p.pkg.Scope().Lookup(d.Type).(*types.TypeName)
	g.read(tn.Pos())
	w, err := g.evalWire(p.method(tn, "Wire"))
	if err != nil {
		return nil, err
	}
	g.loops = map[string]*closure{
		"net":    w.loops["Net"],
		"router": w.loops["Router"],
		"script": w.loops["Script"],
	}
	if err := g.markClosed(); err != nil {
		return nil, err
	}
	var procs []string
	for _, role := range []string{"net", "router", "script"} {
		body, err := g.translate(role)
		if err != nil {
			return nil, err
		}
		active := "active"
		if role == "net" {
			active = "active [STREAMS]" // one net per stream
		}
		procs = append(procs, fmt.Sprintf("/* %s: Actors.%s (%s) */\n%s proctype %s() {\n%s}\n",
			role, roleField(role), g.pos(g.loops[role].lit), active, role, body))
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "/*\n * Generated by designs/model/gen from the design %q (type %s, %s).\n", d.Name, d.Type, g.pos(p.method(tn, "Wire")))
	b.WriteString(" * Do not edit: change the Go code and generate again. The harness API it\n")
	b.WriteString(" * calls is modelled once, in workflow.pml.\n */\n")
	b.WriteString("#include \"workflow.pml\"\n\n")
	for _, c := range w.channels {
		if c.perStream {
			fmt.Fprintf(&b, "chan %s[STREAMS] = [%s] of %s; /* %s (one per stream) */\n", c.name, c.capacity, c.elem.fields(), c.pos)
		} else {
			fmt.Fprintf(&b, "chan %s = [%s] of %s; /* %s */\n", c.name, c.capacity, c.elem.fields(), c.pos)
		}
	}
	for _, a := range g.arrays {
		fmt.Fprintf(&b, "%s %s[STREAMS]; /* %s (per-stream state) */\n", a.elem, a.name, a.pos)
	}
	b.WriteString(g.fifoDecls())
	b.WriteString(g.syncDecls())
	for _, c := range w.channels {
		switch {
		case c.closed && c.perStream:
			fmt.Fprintf(&b, "bool %sClosed[STREAMS]; /* close(%s[s]) */\n", c.name, c.name)
		case c.closed:
			fmt.Fprintf(&b, "bool %sClosed = false; /* close(%s) */\n", c.name, c.name)
		}
	}
	b.WriteString("\n")
	for _, sp := range g.subprocs {
		b.WriteString(sp + "\n")
	}
	b.WriteString(strings.Join(procs, "\n"))
	var chans []Channel
	for _, c := range w.channels {
		chans = append(chans, Channel{Name: c.name, Elem: c.elem.String(), Capacity: c.capacity, PerStream: c.perStream,
			Senders: roles(c.senders), Receivers: roles(c.receivers)})
	}
	for _, f := range g.fifos {
		chans = append(chans, Channel{Name: f.name, Elem: f.elem.String(), Capacity: f.capacity, PerStream: f.perStream,
			Senders: roles(f.senders), Receivers: roles(f.receivers), Queue: true})
	}
	doc := ""
	if cg := p.docs[tn]; cg != nil {
		doc = cg.Text()
	}
	return &Model{Design: d.Name, Type: d.Type, Text: b.Bytes(), Channels: chans, Files: g.files, Doc: doc}, nil
}

func roles(set map[string]bool) []string {
	var out []string
	for r := range set {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

func where(o Options) string {
	if o.File != "" {
		return o.File
	}
	return o.Dir
}

func roleField(role string) string { return strings.ToUpper(role[:1]) + role[1:] }

func (g *generator) loopLit(role string) *ast.FuncLit { return g.loops[role].lit }

// markClosed finds every close(ch) in the loops first: a receive on a
// channel closed anywhere gets its closed-and-empty case.
func (g *generator) markClosed() error {
	for _, role := range []string{"net", "router", "script"} {
		p := &proc{g: g, role: role, env: g.loops[role].env}
		ast.Inspect(g.loops[role].lit.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 1 {
				return true
			}
			if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "close" {
				if _, builtin := g.prog.info.Uses[id].(*types.Builtin); builtin {
					if ch := p.globalChan(call.Args[0]); ch != nil {
						ch.closed = true
					}
				}
			}
			return true
		})
	}
	return nil
}

// translate translates one actor loop into the body of its process.
func (g *generator) translate(role string) (string, error) {
	c := g.loops[role]
	params := c.lit.Type.Params.List
	if len(params) != 1 || len(params[0].Names) != 1 {
		return "", g.refuse(c.lit, "an actor loop with other than one parameter")
	}
	self := g.prog.info.Defs[params[0].Names[0]]
	want := map[string]string{"net": "Net", "router": "Router", "script": "Script"}[role]
	pt, ok := self.Type().(*types.Pointer)
	if !ok {
		return "", g.refuse(c.lit, "an actor loop whose parameter is not *designs."+want)
	}
	if n, ok := pt.Elem().(*types.Named); !ok || n.Obj().Name() != want || n.Obj().Pkg().Path() != DesignsPath {
		return "", g.refuse(c.lit, "an actor loop whose parameter is not *designs."+want)
	}
	p := &proc{g: g, role: role, self: self, env: c.env, locals: map[types.Object]*local{}}
	if c.lit.Type.Results != nil && c.lit.Type.Results.NumFields() > 0 {
		return "", g.refuse(c.lit, "an actor loop with results")
	}
	if err := noGoroutines(g, c.lit); err != nil {
		return "", err
	}
	return p.body()
}

// noGoroutines refuses go and defer statements and function literals
// inside a loop, but for the forms funcs.go translates (ask := func() {
// … }, go func() { … }(), defer n.AfterDone(func() { … })()), whose
// literals hold none of them: the model has the three actors, and the
// processes of those goroutines.
func noGoroutines(g *generator, lit *ast.FuncLit) error {
	var err error
	allowed := map[*ast.FuncLit]bool{}
	var walk func(n ast.Node) bool
	walk = func(n ast.Node) bool {
		if err != nil {
			return false
		}
		switch x := n.(type) {
		case *ast.GoStmt:
			if f, ok := x.Call.Fun.(*ast.FuncLit); ok {
				allowed[f] = true
				return true
			}
			err = g.refuse(x, "a go statement (the model has exactly the three actors, and goroutines go func() { … }() of their loops)")
		case *ast.DeferStmt:
			if inner, ok := x.Call.Fun.(*ast.CallExpr); ok && len(inner.Args) == 1 {
				if sel, ok := inner.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "AfterDone" {
					if f, ok := inner.Args[0].(*ast.FuncLit); ok {
						allowed[f] = true
						return true
					}
				}
			}
			err = g.refuse(x, "a defer statement")
		case *ast.AssignStmt:
			if len(x.Rhs) == 1 {
				if f, ok := x.Rhs[0].(*ast.FuncLit); ok {
					allowed[f] = true
				}
			}
		case *ast.FuncLit:
			if !allowed[x] {
				err = g.refuse(x, "a function literal inside an actor loop")
				return false
			}
			// Its body: no literal, go or defer of its own, but a
			// first defer mu.Unlock() (funcs.go).
			first, _ := deferredUnlock(x)
			ast.Inspect(x.Body, func(m ast.Node) bool {
				if err != nil {
					return false
				}
				switch y := m.(type) {
				case *ast.FuncLit:
					err = g.refuse(y, "a function literal inside an actor loop")
				case *ast.GoStmt:
					err = g.refuse(y, "a go statement (the model has exactly the three actors, and goroutines go func() { … }() of their loops)")
				case *ast.DeferStmt:
					if y != first {
						err = g.refuse(y, "a defer statement")
					}
				case *ast.SwitchStmt, *ast.TypeSwitchStmt:
					err = g.refuse(y, "a switch statement")
				case *ast.LabeledStmt:
					err = g.refuse(y, "a labelled statement")
				}
				return true
			})
			return false
		case *ast.SwitchStmt, *ast.TypeSwitchStmt:
			err = g.refuse(x, "a switch statement")
		case *ast.LabeledStmt:
			err = g.refuse(x, "a labelled statement")
		}
		return true
	}
	ast.Inspect(lit.Body, walk)
	return err
}

// refuse is the error for a construct the generator cannot translate.
func (g *generator) refuse(n ast.Node, what string) error {
	return &Error{Pos: g.position(n), Construct: what}
}

func (g *generator) position(n ast.Node) token.Position { return g.positionOf(n.Pos()) }

// positionOf is pos, its file relative to the working directory when it
// is below it.
func (g *generator) positionOf(p token.Pos) token.Position {
	pos := g.prog.fset.Position(p)
	if rel, err := filepath.Rel(".", pos.Filename); err == nil && !strings.HasPrefix(rel, "..") {
		pos.Filename = rel
	}
	return pos
}

// pos is "file:line" of n.
func (g *generator) pos(n ast.Node) string {
	p := g.position(n)
	return fmt.Sprintf("%s:%d", p.Filename, p.Line)
}

// src is n's Go source on one line, for comments and errors.
func (g *generator) src(n ast.Node) string {
	var b bytes.Buffer
	if err := printer.Fprint(&b, g.prog.fset, n); err != nil {
		return nodeKind(n)
	}
	s := strings.Join(strings.Fields(b.String()), " ")
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return strings.ReplaceAll(s, "*/", "* /")
}

// Sorted returns the names of ds, sorted.
func Sorted(ds []Design) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Name)
	}
	sort.Strings(out)
	return out
}

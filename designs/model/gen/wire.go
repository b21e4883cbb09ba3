package gen

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// A value is what the generator knows, at generation time, of a Go
// variable or expression of a design's Wire: the workflow, an int (as a
// Promela expression), a channel (or one channel per stream), or the
// actors.
type value interface{ isValue() }

type (
	workflowVal struct{}
	intVal      struct{ expr string } // a Promela constant expression: "0", "CAP"
	chanVal     struct{ ch *channel }
	arrayVal    struct{ a *array }
	actorsVal   struct {
		loops map[string]*closure // "Net", "Router", "Script"
	}
)

// closureVal is a function literal with the Wire variables it captures.
type closureVal struct{ c *closure }

func (closureVal) isValue() {}
func (arrayVal) isValue()   {}

// array is per-stream state a design keeps in Wire: make([]int64, streams),
// make([]bool, streams), indexed by a stream in the loops.
type array struct {
	name string
	elem string // Promela type: int, bool
	pos  string
}

func (workflowVal) isValue() {}
func (intVal) isValue()      {}
func (chanVal) isValue()     {}
func (actorsVal) isValue()   {}

// channel is one Go channel the design makes (or one per stream, with
// perStream: what chans makes; the model has one stream, stream 0).
type channel struct {
	name      string // its Promela name, the Go variable's
	elem      elemKind
	capacity  string // Promela expression
	perStream bool
	closed    bool            // some statement closes it: it gets a <name>Closed flag
	pos       string          // where it is made
	senders   map[string]bool // the roles that send on it (directly or through the harness API)
	receivers map[string]bool // the roles that receive from it
}

// elemKind is what a channel carries, as Promela fields.
type elemKind int

const (
	elemStream elemKind = iota + 1 // Request or int32: { byte }, the stream
	elemMsg                        // Msg: { mtype, byte, byte }, Kind, Seq and Stream
	elemSignal                     // struct{}: { byte }
)

func (e elemKind) fields() string {
	if e == elemMsg {
		return "{ mtype, byte, byte }"
	}
	return "{ byte }"
}

// String is how Channel.Elem names the kind.
func (e elemKind) String() string {
	switch e {
	case elemMsg:
		return "Msg"
	case elemStream:
		return "stream"
	case elemSignal:
		return "signal"
	}
	return "unknown"
}

// nilChan is the never-ready channel of the same Promela type.
func (e elemKind) nilChan() string {
	if e == elemMsg {
		return "nilmsg"
	}
	return "nilreq"
}

// closure is an actor loop: a function literal and the Wire environment
// it captures.
type closure struct {
	lit *ast.FuncLit
	env map[types.Object]value
}

// wiring is the result of evaluating Wire: the channels and the loops.
type wiring struct {
	channels []*channel
	loops    map[string]*closure
}

// evalWire evaluates the design's Wire method at generation time:
// channel makes, capacities, and the returned Actors.
func (g *generator) evalWire(fd *ast.FuncDecl) (*wiring, error) {
	if fd.Body == nil {
		return nil, g.refuse(fd, "Wire without a body")
	}
	params := fd.Type.Params.List
	if len(params) != 1 || len(params[0].Names) != 1 {
		return nil, g.refuse(fd, "Wire must take one parameter, w *designs.Workflow")
	}
	env := map[types.Object]value{g.prog.info.Defs[params[0].Names[0]]: workflowVal{}}
	v, err := g.evalBody(fd.Body, env)
	if err != nil {
		return nil, err
	}
	a, ok := v.(actorsVal)
	if !ok {
		return nil, g.refuse(fd, "Wire does not return designs.Actors")
	}
	for _, role := range []string{"Net", "Router", "Script"} {
		if a.loops[role] == nil {
			return nil, g.refuse(fd, "Actors without its "+role+" loop")
		}
	}
	return &wiring{channels: g.channels, loops: a.loops}, nil
}

// evalBody runs the statements of Wire (or of a function Wire calls)
// until its return, and returns the value returned.
func (g *generator) evalBody(body *ast.BlockStmt, env map[types.Object]value) (value, error) {
	g.read(body.Pos())
	for _, st := range body.List {
		switch s := st.(type) {
		case *ast.AssignStmt:
			if len(s.Lhs) != len(s.Rhs) {
				if call, ok := s.Rhs[0].(*ast.CallExpr); ok {
					if err := g.refusePipe(call); err != nil {
						return nil, err
					}
				}
				return nil, g.refuse(s, "multi-value assignment in Wire")
			}
			for i, lhs := range s.Lhs {
				id, ok := lhs.(*ast.Ident)
				if !ok {
					return nil, g.refuse(lhs, "assignment to "+g.src(lhs)+" in Wire")
				}
				v, err := g.evalExpr(s.Rhs[i], env, id.Name)
				if err != nil {
					return nil, err
				}
				obj := g.prog.info.Defs[id]
				if obj == nil {
					obj = g.prog.info.Uses[id]
				}
				if obj == nil {
					return nil, g.refuse(id, "assignment to "+id.Name)
				}
				env[obj] = v
			}
		case *ast.DeclStmt:
			if err := g.declare(s, env); err != nil {
				return nil, err
			}
		case *ast.RangeStmt:
			if err := g.evalRange(s, env); err != nil {
				return nil, err
			}
		case *ast.ReturnStmt:
			if len(s.Results) != 1 {
				return nil, g.refuse(s, "return of other than one value in Wire")
			}
			return g.evalExpr(s.Results[0], env, "")
		default:
			return nil, g.refuse(st, "statement in Wire ("+nodeKind(st)+")")
		}
	}
	return nil, g.refuse(body, "Wire (or a function it calls) ends without return")
}

// evalExpr evaluates an expression of Wire; name is the variable it is
// assigned to (it names a channel made there).
func (g *generator) evalExpr(e ast.Expr, env map[types.Object]value, name string) (value, error) {
	info := g.prog.info
	if tv, ok := info.Types[e]; ok && tv.Value != nil && isInteger(tv.Type) {
		return intVal{tv.Value.ExactString()}, nil
	}
	switch x := e.(type) {
	case *ast.ParenExpr:
		return g.evalExpr(x.X, env, name)
	case *ast.Ident:
		if v, ok := env[info.Uses[x]]; ok {
			return v, nil
		}
		return nil, g.refuse(x, "use of "+x.Name+", which the generator cannot evaluate in Wire")
	case *ast.SelectorExpr:
		// w.cfg.Capacity, w.Config().Capacity, …
		if f, ok := g.configField(x, env); ok {
			switch f {
			case "Capacity":
				return intVal{"CAP"}, nil
			case "Window":
				return intVal{"WINDOW"}, nil
			case "Streams":
				return intVal{"STREAMS"}, nil
			}
			return nil, g.refuse(x, "configuration field "+f+" in Wire")
		}
	case *ast.BinaryExpr:
		a, err := g.evalExpr(x.X, env, "")
		if err != nil {
			return nil, err
		}
		b, err := g.evalExpr(x.Y, env, "")
		if err != nil {
			return nil, err
		}
		ai, ok1 := a.(intVal)
		bi, ok2 := b.(intVal)
		if !ok1 || !ok2 || (x.Op != token.ADD && x.Op != token.SUB && x.Op != token.MUL) {
			return nil, g.refuse(x, "expression "+g.src(x)+" in Wire")
		}
		return intVal{"(" + ai.expr + x.Op.String() + bi.expr + ")"}, nil
	case *ast.CompositeLit:
		return g.evalActors(x, env)
	case *ast.FuncLit:
		captured := map[types.Object]value{}
		for k, v := range env {
			captured[k] = v
		}
		return closureVal{&closure{lit: x, env: captured}}, nil
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			if cl, ok := x.X.(*ast.CompositeLit); ok {
				return g.evalActors(cl, env)
			}
			// &mu, mu a sync.Mutex of Wire, passed to a helper: the same mutex.
			if id, ok := x.X.(*ast.Ident); ok {
				if mv, ok := env[g.prog.info.Uses[id]].(mutexVal); ok {
					return mv, nil
				}
			}
			// &mus[s], in Wire's loop over the streams: stream s's mutex.
			if mv, ok := g.streamMutex(x.X, env); ok {
				return mv, nil
			}
		}
	case *ast.CallExpr:
		return g.evalCall(x, env, name)
	}
	return nil, g.refuse(e, "expression "+g.src(e)+" in Wire")
}

// configField recognises w.cfg.F and w.Config().F, w the workflow.
func (g *generator) configField(x *ast.SelectorExpr, env map[types.Object]value) (string, bool) {
	var base ast.Expr
	switch y := x.X.(type) {
	case *ast.SelectorExpr: // w.cfg
		if y.Sel.Name != "cfg" {
			return "", false
		}
		base = y.X
	case *ast.CallExpr: // w.Config()
		sel, ok := y.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Config" || len(y.Args) != 0 {
			return "", false
		}
		base = sel.X
	default:
		return "", false
	}
	id, ok := base.(*ast.Ident)
	if !ok {
		return "", false
	}
	_, isW := env[g.prog.info.Uses[id]].(workflowVal)
	return x.Sel.Name, isW
}

func (g *generator) evalCall(x *ast.CallExpr, env map[types.Object]value, name string) (value, error) {
	info := g.prog.info
	// make(chan T[, cap])
	if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "make" {
		if _, builtin := info.Uses[id].(*types.Builtin); builtin {
			if st, ok := info.Types[x.Args[0]].Type.Underlying().(*types.Slice); ok && len(x.Args) == 2 {
				return g.newArray(x, st.Elem(), x.Args[1], env, name)
			}
			ct, ok := info.Types[x.Args[0]].Type.Underlying().(*types.Chan)
			if !ok {
				return nil, g.refuse(x, "make of "+g.src(x.Args[0])+" (only channels)")
			}
			if ct.Dir() != types.SendRecv {
				return nil, g.refuse(x, "make of a directional channel")
			}
			capacity := "0"
			if len(x.Args) == 2 {
				c, err := g.evalExpr(x.Args[1], env, "")
				if err != nil {
					return nil, err
				}
				ci, ok := c.(intVal)
				if !ok {
					return nil, g.refuse(x.Args[1], "channel capacity "+g.src(x.Args[1]))
				}
				capacity = ci.expr
			}
			return g.newChannel(x, ct.Elem(), capacity, false, name)
		}
	}
	fn := g.calledFunc(x)
	if fn == nil {
		return nil, g.refuse(x, "call "+g.src(x)+" in Wire")
	}
	if err := g.refusePipe(x); err != nil {
		return nil, err
	}
	if fn.Pkg() != nil && fn.Pkg().Path() == "sync" && fn.Name() == "NewCond" && len(x.Args) == 1 {
		return g.newCond(x, env, name)
	}
	if fn.Pkg() != nil && fn.Pkg().Path() == DesignsPath && fn.Name() == "NewFIFO" && len(x.Args) == 1 {
		return g.newFIFO(x, env, name)
	}
	// chans(streams, c), or a test package's copy of it: one channel of
	// capacity c per stream.
	if fd := g.prog.funcs[fn]; fd != nil && g.isPerStreamMaker(fd) {
		s, err := g.evalExpr(x.Args[0], env, "")
		if err != nil {
			return nil, err
		}
		if si, ok := s.(intVal); !ok || si.expr != "STREAMS" {
			return nil, g.refuse(x.Args[0], "chans for other than w.cfg.Streams streams")
		}
		c, err := g.evalExpr(x.Args[1], env, "")
		if err != nil {
			return nil, err
		}
		ci, ok := c.(intVal)
		if !ok {
			return nil, g.refuse(x.Args[1], "channel capacity "+g.src(x.Args[1]))
		}
		elem := fn.Type().(*types.Signature).Results().At(0).Type().(*types.Slice).Elem().(*types.Chan).Elem()
		return g.newChannel(x, elem, ci.expr, true, name)
	}
	// A function or method of the design's own code that returns the
	// wiring (wireShutdownMessage(w, 0), Explicit{}.Wire(w)): evaluate its
	// body with its parameters bound to the arguments.
	fd := g.prog.funcs[fn]
	if fd == nil || fd.Body == nil {
		return nil, g.refuse(x, "call of "+fn.FullName()+", whose source the generator does not have")
	}
	var names []*ast.Ident
	for _, f := range fd.Type.Params.List {
		names = append(names, f.Names...)
	}
	if len(names) != len(x.Args) || fd.Type.Params.NumFields() != len(x.Args) {
		return nil, g.refuse(x, "call of "+fn.Name()+" with other than one argument per named parameter")
	}
	inner := map[types.Object]value{}
	for i, a := range x.Args {
		v, err := g.evalExpr(a, env, "")
		if err != nil {
			return nil, err
		}
		inner[info.Defs[names[i]]] = v
	}
	if fd.Recv != nil {
		// A method called on a design value (Explicit{}.Wire(w)): its
		// receiver must not matter (no fields of it are read).
		for _, f := range fd.Recv.List {
			for _, n := range f.Names {
				if n.Name != "_" {
					inner[info.Defs[n]] = nil
				}
			}
		}
	}
	return g.evalBody(fd.Body, inner)
}

// newArray makes per-stream state: a slice of int64 or bool of one element
// per stream.
func (g *generator) newArray(at *ast.CallExpr, elem types.Type, n ast.Expr, env map[types.Object]value, name string) (value, error) {
	v, err := g.evalExpr(n, env, "")
	if err != nil {
		return nil, err
	}
	if iv, ok := v.(intVal); !ok || iv.expr != "STREAMS" {
		return nil, g.refuse(at, "make of "+g.src(at.Args[0])+" of other than one element per stream")
	}
	if v, ok, err := g.perStreamSync(at, elem, name); ok {
		return v, err
	}
	b, ok := elem.Underlying().(*types.Basic)
	var pt string
	switch {
	case ok && b.Info()&types.IsBoolean != 0:
		pt = "bool"
	case ok && b.Info()&types.IsInteger != 0:
		pt = "int"
	case strings.Contains(elem.String(), "io.Pipe"):
		return nil, g.refuse(at, "make of "+g.src(at.Args[0])+": an io.Pipe (a pipe is not modelled: the model has channels, sync.Mutex and sync.Cond)")
	default:
		return nil, g.refuse(at, "make of "+g.src(at.Args[0])+" (only channels, and per-stream ints and bools)")
	}
	if name == "" || name == "_" || reserved[name] {
		return nil, g.refuse(at, "per-stream state not assigned to a variable of its own name")
	}
	for _, c := range g.channels {
		if c.name == name {
			return nil, g.refuse(at, "a second variable named "+name)
		}
	}
	for _, a := range g.arrays {
		if a.name == name {
			return nil, g.refuse(at, "a second variable named "+name)
		}
	}
	a := &array{name: name, elem: pt, pos: g.pos(at)}
	g.arrays = append(g.arrays, a)
	return arrayVal{a}, nil
}

func (g *generator) newChannel(at ast.Node, elem types.Type, capacity string, perStream bool, name string) (value, error) {
	k, err := g.elemOf(at, elem)
	if err != nil {
		return nil, err
	}
	if name == "" || name == "_" {
		return nil, g.refuse(at, "a channel not assigned to a variable of its own")
	}
	for _, c := range g.channels {
		if c.name == name {
			return nil, g.refuse(at, "a second channel named "+name)
		}
	}
	if reserved[name] {
		name += "_"
	}
	c := &channel{name: name, elem: k, capacity: capacity, perStream: perStream, pos: g.pos(at),
		senders: map[string]bool{}, receivers: map[string]bool{}}
	g.channels = append(g.channels, c)
	return chanVal{c}, nil
}

// elemOf maps a channel's element type to its Promela fields.
func (g *generator) elemOf(at ast.Node, t types.Type) (elemKind, error) {
	if n, ok := t.(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == DesignsPath {
		switch n.Obj().Name() {
		case "Msg":
			return elemMsg, nil
		case "Request":
			return elemStream, nil
		}
	}
	if b, ok := t.(*types.Basic); ok && b.Kind() == types.Int32 {
		return elemStream, nil
	}
	if s, ok := t.Underlying().(*types.Struct); ok && s.NumFields() == 0 {
		return elemSignal, nil
	}
	return 0, g.refuse(at, "a channel of "+t.String()+" (only Msg, Request, int32 streams and struct{})")
}

func (g *generator) designsType(name string) types.Type {
	return g.prog.designs.Scope().Lookup(name).Type()
}

// evalActors evaluates designs.Actors{Net: func…, Router: func…, Script: func…}.
func (g *generator) evalActors(cl *ast.CompositeLit, env map[types.Object]value) (value, error) {
	t := g.prog.info.Types[cl].Type
	if n, ok := t.(*types.Named); !ok || n.Obj().Name() != "Actors" || n.Obj().Pkg().Path() != DesignsPath {
		return nil, g.refuse(cl, "composite literal of "+t.String()+" in Wire")
	}
	a := actorsVal{loops: map[string]*closure{}}
	for _, el := range cl.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			return nil, g.refuse(el, "Actors literal without field names")
		}
		key := kv.Key.(*ast.Ident).Name
		v, err := g.evalExpr(kv.Value, env, "")
		if err != nil {
			return nil, err
		}
		c, ok := v.(closureVal)
		if !ok {
			return nil, g.refuse(kv.Value, "Actors."+key+" is neither a function literal nor a call returning one")
		}
		a.loops[key] = c.c
	}
	return a, nil
}

// calledFunc is the function or method a call calls, or nil.
func (g *generator) calledFunc(x *ast.CallExpr) *types.Func {
	var id *ast.Ident
	fun := x.Fun
	switch f := fun.(type) { // NewFIFO[Msg](c): the generic function
	case *ast.IndexExpr:
		fun = f.X
	case *ast.IndexListExpr:
		fun = f.X
	}
	switch f := fun.(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	default:
		return nil
	}
	fn, _ := g.prog.info.Uses[id].(*types.Func)
	return fn
}

// recvNamed is the name of fn's receiver's type ("Net" for (*Net).Pull),
// or "" for a function.
func recvNamed(fn *types.Func) string {
	sig := fn.Type().(*types.Signature)
	if sig.Recv() == nil {
		return ""
	}
	t := sig.Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := t.(*types.Named); ok {
		return n.Obj().Name()
	}
	return ""
}

func isInteger(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

func nodeKind(n ast.Node) string {
	return strings.TrimPrefix(fmt.Sprintf("%T", n), "*ast.")
}

// reserved are Promela's keywords and the names workflow.pml declares: a
// Go name equal to one gets a trailing underscore.
var reserved = map[string]bool{
	"active": true, "assert": true, "atomic": true, "bit": true, "bool": true, "break": true,
	"byte": true, "chan": true, "d_step": true, "do": true, "else": true, "empty": true,
	"enabled": true, "eval": true, "false": true, "fi": true, "for": true, "full": true,
	"goto": true, "hidden": true, "if": true, "init": true, "inline": true,
	"int": true, "len": true, "local": true, "mtype": true, "nempty": true, "never": true,
	"nfull": true, "od": true, "of": true, "pc_value": true, "print": true, "printf": true,
	"priority": true, "proctype": true, "provided": true, "run": true, "select": true,
	"short": true, "show": true, "skip": true, "timeout": true, "trace": true, "true": true,
	"typedef": true, "unless": true, "unsigned": true, "xr": true, "xs": true, "ltl": true,
	"np_": true, "pid": true, "_pid": true, "_nr_pr": true, "_last": true,
	// workflow.pml's names
	"nilreq": true, "nilmsg": true, "netDone": true, "netExited": true, "quit": true,
	"received": true, "produced": true, "srcEnded": true, "srcFailed": true,
	"outstanding": true, "failed": true, "ended": true, "ask": true, "head": true, "endReason": true,
	"stream": true, "qhead": true, "netsExited": true, "NET_STREAM": true, "rq": true,
	"queued": true, "more": true, "harness": true, "net": true, "router": true, "script": true,
	"CHUNK": true, "ERROR": true, "DONE": true, "SHUTDOWN": true, "ends": true,
}

// isPerStreamMaker reports whether fd is exactly designs' chans (or a copy
// of it in a test package):
//
//	func name(streams, c int) []chan T {
//		cs := make([]chan T, streams)
//		for i := range cs {
//			cs[i] = make(chan T, c)
//		}
//		return cs
//	}
func (g *generator) isPerStreamMaker(fd *ast.FuncDecl) bool {
	info := g.prog.info
	var params []types.Object
	for _, f := range fd.Type.Params.List {
		for _, n := range f.Names {
			params = append(params, info.Defs[n])
		}
	}
	if fd.Recv != nil || len(params) != 2 || fd.Body == nil || len(fd.Body.List) != 3 {
		return false
	}
	is := func(e ast.Expr, o types.Object) bool {
		id, ok := e.(*ast.Ident)
		return ok && o != nil && info.Uses[id] == o
	}
	isMake := func(e ast.Expr) (*ast.CallExpr, bool) {
		c, ok := e.(*ast.CallExpr)
		if !ok || len(c.Args) != 2 {
			return nil, false
		}
		id, ok := c.Fun.(*ast.Ident)
		if !ok {
			return nil, false
		}
		_, b := info.Uses[id].(*types.Builtin)
		return c, b && id.Name == "make"
	}
	a1, ok := fd.Body.List[0].(*ast.AssignStmt)
	if !ok || len(a1.Lhs) != 1 || len(a1.Rhs) != 1 || a1.Tok != token.DEFINE {
		return false
	}
	cs := info.Defs[a1.Lhs[0].(*ast.Ident)]
	m1, ok := isMake(a1.Rhs[0])
	if !ok || !is(m1.Args[1], params[0]) {
		return false
	}
	r, ok := fd.Body.List[1].(*ast.RangeStmt)
	if !ok || r.Value != nil || r.Key == nil || !is(r.X, cs) || len(r.Body.List) != 1 {
		return false
	}
	i := info.Defs[r.Key.(*ast.Ident)]
	a2, ok := r.Body.List[0].(*ast.AssignStmt)
	if !ok || len(a2.Lhs) != 1 || len(a2.Rhs) != 1 || a2.Tok != token.ASSIGN {
		return false
	}
	ix, ok := a2.Lhs[0].(*ast.IndexExpr)
	if !ok || !is(ix.X, cs) || !is(ix.Index, i) {
		return false
	}
	m2, ok := isMake(a2.Rhs[0])
	if !ok || !is(m2.Args[1], params[1]) {
		return false
	}
	if _, ok := info.Types[m2.Args[0]].Type.Underlying().(*types.Chan); !ok {
		return false
	}
	ret, ok := fd.Body.List[2].(*ast.ReturnStmt)
	return ok && len(ret.Results) == 1 && is(ret.Results[0], cs)
}

// refusePipe refuses a call of package io (io.Pipe) by name: a pipe is
// not modelled, so a design on one has no model and its evidence is the
// Go layers only.
func (g *generator) refusePipe(x *ast.CallExpr) error {
	fn := g.calledFunc(x)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "io" {
		return nil
	}
	return g.refuse(x, "io."+fn.Name()+" (a pipe is not modelled: the model has channels, sync.Mutex and sync.Cond)")
}

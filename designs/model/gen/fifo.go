package gen

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
)

// This file translates what a design that locks its own queues (locks)
// makes in Wire and calls in its loops: designs.FIFO, a queue with no lock
// of its own, as a Promela channel of its capacity used as a queue (Put
// asserts room and never waits, Take asserts an element, Len is len);
// and per-stream mutexes, conditions and FIFOs, made in Wire as
//
//	mus := make([]sync.Mutex, w.cfg.Streams)
//	conds := make([]*sync.Cond, w.cfg.Streams)
//	qs := make([]*designs.FIFO[designs.Msg], w.cfg.Streams)
//	for s := range qs {
//		conds[s] = sync.NewCond(&mus[s])
//		qs[s] = designs.NewFIFO[designs.Msg](c)
//	}
//
// which become Promela arrays indexed by the stream (byte mus[STREAMS],
// chan qs[STREAMS] = [c] of {…}). The loop over the streams is evaluated
// at generation time: each statement of it fills one per-stream slice,
// element s made from stream s's own.

// fifo is a designs.FIFO that Wire makes (or one per stream).
type fifo struct {
	name      string
	elem      elemKind
	capacity  string // a Promela constant expression
	perStream bool
	pos       string
	senders   map[string]bool // the roles that Put into it
	receivers map[string]bool // the roles that Take from it
}

// slots is a per-stream slice of Wire (make([]*sync.Cond, streams),
// make([]*designs.FIFO[T], streams)) not yet filled by its loop over the
// streams.
type slots struct {
	name string
	what string // "cond" or "fifo"
	at   ast.Node
}

type (
	fifoVal  struct{ f *fifo }
	slotsVal struct{ s *slots }
	// streamKey is the key of Wire's loop over the streams.
	streamKey struct{}
)

func (fifoVal) isValue()   {}
func (slotsVal) isValue()  {}
func (streamKey) isValue() {}

// isFIFO reports whether t is *designs.FIFO[T] (or designs.FIFO[T]), and
// returns T.
func isFIFO(t types.Type) (types.Type, bool) {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != DesignsPath || n.Obj().Name() != "FIFO" || n.TypeArgs().Len() != 1 {
		return nil, false
	}
	return n.TypeArgs().At(0), true
}

// perStreamSync makes, for make([]E, streams), the per-stream state of
// the locks: E sync.Mutex is a mutex per stream; E *sync.Cond and
// *designs.FIFO[T] are slots that Wire's loop over the streams fills. ok
// is false for another E.
func (g *generator) perStreamSync(at *ast.CallExpr, elem types.Type, name string) (value, bool, error) {
	what := ""
	switch {
	case isSync(elem, "Mutex"):
		what = "mutex"
	case isPointerTo(elem, "Cond"):
		what = "cond"
	default:
		if _, ok := isFIFO(elem); ok {
			what = "fifo"
		}
	}
	if what == "" {
		return nil, false, nil
	}
	if name == "" || name == "_" {
		return nil, true, g.refuse(at, "per-stream "+g.src(at.Args[0])+" not assigned to a variable of its own")
	}
	if what == "mutex" {
		if err := g.newName(at, name); err != nil {
			return nil, true, err
		}
		m := &mutex{name: name, pos: g.pos(at), perStream: true}
		g.mutexes = append(g.mutexes, m)
		return mutexVal{m}, true, nil
	}
	return slotsVal{&slots{name: name, what: what, at: at}}, true, nil
}

func isPointerTo(t types.Type, syncName string) bool {
	p, ok := t.(*types.Pointer)
	return ok && isSync(p.Elem(), syncName)
}

// streamMutex evaluates mus[s], mus a per-stream mutex and s the key of
// Wire's loop over the streams.
func (g *generator) streamMutex(e ast.Expr, env map[types.Object]value) (mutexVal, bool) {
	ix, ok := e.(*ast.IndexExpr)
	if !ok {
		return mutexVal{}, false
	}
	base, ok1 := ix.X.(*ast.Ident)
	key, ok2 := ix.Index.(*ast.Ident)
	if !ok1 || !ok2 {
		return mutexVal{}, false
	}
	mv, ok := env[g.prog.info.Uses[base]].(mutexVal)
	if _, isKey := env[g.prog.info.Uses[key]].(streamKey); !ok || !isKey || !mv.m.perStream {
		return mutexVal{}, false
	}
	return mv, true
}

// evalRange evaluates Wire's loop over the streams, `for s := range xs`,
// xs per-stream: each statement fills a per-stream slice of slots,
// `slots[s] = sync.NewCond(&mus[s])` or `slots[s] = designs.NewFIFO[T](c)`.
func (g *generator) evalRange(s *ast.RangeStmt, env map[types.Object]value) error {
	refuse := func(n ast.Node) error {
		return g.refuse(n, "a loop in Wire other than for s := range <per-stream slice> { x[s] = sync.NewCond(&mus[s]) or designs.NewFIFO[T](c) … }")
	}
	id, ok := s.X.(*ast.Ident)
	key, ok2 := s.Key.(*ast.Ident)
	if !ok || !ok2 || s.Value != nil || s.Tok != token.DEFINE {
		return refuse(s)
	}
	switch v := env[g.prog.info.Uses[id]].(type) {
	case slotsVal, arrayVal:
	case mutexVal:
		if !v.m.perStream {
			return refuse(s.X)
		}
	case chanVal:
		if !v.ch.perStream {
			return refuse(s.X)
		}
	default:
		return refuse(s.X)
	}
	keyObj := g.prog.info.Defs[key]
	env[keyObj] = streamKey{}
	defer delete(env, keyObj)
	for _, st := range s.Body.List {
		a, ok := st.(*ast.AssignStmt)
		if !ok || a.Tok != token.ASSIGN || len(a.Lhs) != 1 || len(a.Rhs) != 1 {
			return refuse(st)
		}
		ix, ok := a.Lhs[0].(*ast.IndexExpr)
		if !ok {
			return refuse(st)
		}
		sid, ok1 := ix.X.(*ast.Ident)
		k, ok2 := ix.Index.(*ast.Ident)
		if !ok1 || !ok2 || g.prog.info.Uses[k] != keyObj {
			return refuse(st)
		}
		sobj := g.prog.info.Uses[sid]
		sl, ok := env[sobj].(slotsVal)
		if !ok {
			return g.refuse(st, "an assignment in Wire's loop over the streams to "+sid.Name+", which is not a per-stream slice of *sync.Cond or *designs.FIFO yet to fill")
		}
		v, err := g.evalExpr(a.Rhs[0], env, sl.s.name)
		if err != nil {
			return err
		}
		switch x := v.(type) {
		case condVal:
			if sl.s.what != "cond" || !x.c.perStream {
				return refuse(st)
			}
		case fifoVal:
			if sl.s.what != "fifo" || !x.f.perStream {
				return refuse(st)
			}
		default:
			return refuse(st)
		}
		env[sobj] = v
	}
	return nil
}

// inStreamLoop reports whether env is inside Wire's loop over the streams.
func inStreamLoop(env map[types.Object]value) bool {
	for _, v := range env {
		if _, ok := v.(streamKey); ok {
			return true
		}
	}
	return false
}

// newFIFO evaluates designs.NewFIFO[T](c), assigned to name: one FIFO, or
// one per stream inside Wire's loop over the streams.
func (g *generator) newFIFO(x *ast.CallExpr, env map[types.Object]value, name string) (value, error) {
	t, ok := isFIFO(g.prog.info.Types[x].Type)
	if !ok {
		return nil, g.refuse(x, "call "+g.src(x)+" in Wire")
	}
	k, err := g.elemOf(x, t)
	if err != nil {
		return nil, err
	}
	if k == elemSignal {
		return nil, g.refuse(x, "a FIFO of "+t.String()+" (only Msg and requests)")
	}
	c, err := g.evalExpr(x.Args[0], env, "")
	if err != nil {
		return nil, err
	}
	ci, ok := c.(intVal)
	if !ok {
		return nil, g.refuse(x.Args[0], "FIFO capacity "+g.src(x.Args[0]))
	}
	if ci.expr == "0" {
		return nil, g.refuse(x.Args[0], "a FIFO of capacity 0 (every Put panics)")
	}
	if name == "" || name == "_" {
		return nil, g.refuse(x, "a FIFO not assigned to a variable of its own")
	}
	if err := g.newName(x, name); err != nil {
		return nil, err
	}
	f := &fifo{name: name, elem: k, capacity: ci.expr, perStream: inStreamLoop(env), pos: g.pos(x),
		senders: map[string]bool{}, receivers: map[string]bool{}}
	g.fifos = append(g.fifos, f)
	return fifoVal{f}, nil
}

// fifoDecls are the Promela channels of Wire's FIFOs.
func (g *generator) fifoDecls() string {
	s := ""
	for _, f := range g.fifos {
		if f.perStream {
			s += fmt.Sprintf("chan %s[STREAMS] = [%s] of %s; /* designs.NewFIFO, %s (one per stream): a queue, never a rendezvous */\n", f.name, f.capacity, f.elem.fields(), f.pos)
		} else {
			s += fmt.Sprintf("chan %s = [%s] of %s; /* designs.NewFIFO, %s: a queue, never a rendezvous */\n", f.name, f.capacity, f.elem.fields(), f.pos)
		}
	}
	return s
}

// perStreamRef resolves the receiver of a method call on a Wire variable
// of the loop: x (its value), or xs[e] (a per-stream one, and the
// Promela index of e).
func (p *proc) perStreamRef(e ast.Expr) (value, string, error) {
	switch x := e.(type) {
	case *ast.ParenExpr:
		return p.perStreamRef(x.X)
	case *ast.Ident:
		return p.env[p.g.prog.info.Uses[x]], "", nil
	case *ast.IndexExpr:
		id, ok := x.X.(*ast.Ident)
		if !ok {
			return nil, "", nil
		}
		v := p.env[p.g.prog.info.Uses[id]]
		if v == nil {
			return nil, "", nil
		}
		idx, err := p.streamArg(x.Index)
		if err != nil {
			return nil, "", err
		}
		return v, idx, nil
	}
	return nil, "", nil
}

// fifoCall resolves a call of a designs.FIFO method: the FIFO, its
// Promela reference, the method; ok is false for another call.
func (p *proc) fifoCall(call *ast.CallExpr) (f *fifo, ref, method string, ok bool, err error) {
	fn := p.g.calledFunc(call)
	sel, isSel := call.Fun.(*ast.SelectorExpr)
	if fn == nil || !isSel || fn.Pkg() == nil || fn.Pkg().Path() != DesignsPath || recvNamed(fn) != "FIFO" {
		return nil, "", "", false, nil
	}
	method = "FIFO." + fn.Name()
	if _, known := apiByMethod()[method]; !known {
		return nil, "", "", true, p.refuse(call, "call of designs."+method)
	}
	v, idx, err := p.perStreamRef(sel.X)
	if err != nil {
		return nil, "", "", true, err
	}
	fv, isF := v.(fifoVal)
	if !isF || fv.f.perStream != (idx != "") {
		return nil, "", "", true, p.refuse(call, "call "+p.g.src(call)+" on other than a FIFO that Wire makes (indexed by a stream, for one per stream)")
	}
	ref = fv.f.name
	if idx != "" {
		ref += "[" + idx + "]"
	}
	return fv.f, ref, method, true, nil
}

// fifoPut translates q.Put(x) as a statement.
func (p *proc) fifoPut(call *ast.CallExpr, f *fifo, ref string) ([]string, error) {
	src := p.g.src(call)
	f.senders[p.role] = true
	if f.elem == elemMsg {
		m, err := p.expr(call.Args[0])
		if err != nil {
			return nil, err
		}
		if m.t != tMsg {
			return nil, p.refuse(call.Args[0], "a Put of "+p.g.src(call.Args[0]))
		}
		return []string{fmt.Sprintf("fifoPutMsg(%s, %s, %s, %s, %s) /* %s */", ref, f.capacity, m.msg[0], m.msg[1], m.msg[2], src)}, nil
	}
	x, err := p.streamArg(call.Args[0])
	if err != nil {
		return nil, err
	}
	return []string{fmt.Sprintf("fifoPut(%s, %s, %s) /* %s */", ref, f.capacity, x, src)}, nil
}

// fifoTake translates v := q.Take() (or v = q.Take()).
func (p *proc) fifoTake(s *ast.AssignStmt, f *fifo, ref string) ([]string, error) {
	l, err := p.lhsLocal(s.Lhs[0])
	if err != nil {
		return nil, err
	}
	src := p.g.src(s)
	f.receivers[p.role] = true
	switch {
	case l == nil && f.elem == elemMsg:
		return []string{fmt.Sprintf("fifoTakeMsg(%s, _, _, _) /* %s */", ref, src)}, nil
	case l == nil:
		return []string{fmt.Sprintf("fifoTake(%s, _) /* %s */", ref, src)}, nil
	case f.elem == elemMsg && l.kind == lMsg:
		return []string{fmt.Sprintf("fifoTakeMsg(%s, %s_kind, %s_seq, %s_stream) /* %s */", ref, l.name, l.name, l.name, src)}, nil
	case f.elem != elemMsg && l.kind == lStream:
		return []string{fmt.Sprintf("fifoTake(%s, %s) /* %s */", ref, l.name, src)}, nil
	}
	return nil, p.refuse(s, "a Take into "+p.g.src(s.Lhs[0]))
}

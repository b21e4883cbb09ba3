package gen

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
)

// This file translates sync.Mutex and sync.Cond, with the standard
// Promela encodings (workflow.pml's mutexLock, condWait, …):
//
//   - a Mutex is a byte, 0 when unlocked: Lock waits until it is 0 and
//     sets it in one atomic step; Unlock asserts it is locked (Go's fatal
//     "unlock of unlocked mutex") and clears it. As in Go, any goroutine
//     may unlock it.
//   - a Cond is Go's notify list (runtime/sema.go): a ticket counter
//     (<name>_t, the next waiter's ticket) and a notify counter (<name>_n,
//     the tickets woken so far). Wait takes a ticket and unlocks in one
//     step, waits until its ticket is notified, and locks again; Signal
//     wakes the oldest waiter, if any (n++ while n < t); Broadcast wakes
//     every waiter (n = t). So a Signal with no waiter is lost, and a
//     waiter that arrives after a Signal is not woken by it, as in Go.
//
// Both must be made in Wire, as variables of their own: `var mu
// sync.Mutex` and `cond := sync.NewCond(&mu)`; or one per stream (see
// fifo.go): Promela arrays indexed by the stream.

// mutex is a sync.Mutex that Wire declares.
type mutex struct {
	name      string
	pos       string
	perStream bool // one per stream: make([]sync.Mutex, streams)
}

// cond is a sync.Cond that Wire makes on a mutex.
type cond struct {
	name      string
	mu        *mutex
	pos       string
	perStream bool // one per stream, on its stream's mutex
}

type (
	mutexVal struct{ m *mutex }
	condVal  struct{ c *cond }
)

func (mutexVal) isValue() {}
func (condVal) isValue()  {}

// isSync reports whether t is the type sync.<name>.
func isSync(t types.Type, name string) bool {
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" && n.Obj().Name() == name
}

// declare evaluates a var declaration of Wire: only `var mu sync.Mutex`.
func (g *generator) declare(s *ast.DeclStmt, env map[types.Object]value) error {
	gd, ok := s.Decl.(*ast.GenDecl)
	if !ok || gd.Tok != token.VAR {
		return g.refuse(s, "declaration in Wire ("+g.src(s)+")")
	}
	for _, sp := range gd.Specs {
		vs := sp.(*ast.ValueSpec)
		for i, id := range vs.Names {
			obj := g.prog.info.Defs[id]
			if obj == nil || !isSync(obj.Type(), "Mutex") || len(vs.Values) > 0 {
				return g.refuse(vs, "var declaration in Wire of other than a sync.Mutex ("+g.src(vs)+")")
			}
			if err := g.newName(vs.Names[i], id.Name); err != nil {
				return err
			}
			m := &mutex{name: id.Name, pos: g.pos(id)}
			g.mutexes = append(g.mutexes, m)
			env[obj] = mutexVal{m}
		}
	}
	return nil
}

// newCond evaluates sync.NewCond(&mu), mu a Wire mutex, assigned to name;
// or, in Wire's loop over the streams, sync.NewCond(&mus[s]), one per
// stream on its stream's mutex.
func (g *generator) newCond(x *ast.CallExpr, env map[types.Object]value, name string) (value, error) {
	u, ok := x.Args[0].(*ast.UnaryExpr)
	if !ok || u.Op != token.AND {
		return nil, g.refuse(x, "sync.NewCond of other than &mu, mu a sync.Mutex of Wire")
	}
	var mv mutexVal
	if id, isID := u.X.(*ast.Ident); isID {
		mv, ok = env[g.prog.info.Uses[id]].(mutexVal)
		ok = ok && !mv.m.perStream
	} else {
		mv, ok = g.streamMutex(u.X, env)
	}
	if !ok {
		return nil, g.refuse(x, "sync.NewCond of other than &mu, mu a sync.Mutex of Wire (or &mus[s] in its loop over the streams)")
	}
	if name == "" || name == "_" {
		return nil, g.refuse(x, "a sync.Cond not assigned to a variable of its own")
	}
	at := &ast.Ident{NamePos: x.Pos(), Name: name}
	if err := g.newName(at, name); err != nil {
		return nil, err
	}
	c := &cond{name: name, mu: mv.m, pos: g.pos(x), perStream: mv.m.perStream}
	g.conds = append(g.conds, c)
	return condVal{c}, nil
}

// newName refuses a Promela name that is reserved or taken.
func (g *generator) newName(at ast.Node, name string) error {
	if reserved[name] {
		return g.refuse(at, "a sync variable named "+name+", a name of Promela or workflow.pml")
	}
	for _, c := range g.channels {
		if c.name == name {
			return g.refuse(at, "a second variable named "+name)
		}
	}
	for _, a := range g.arrays {
		if a.name == name {
			return g.refuse(at, "a second variable named "+name)
		}
	}
	for _, m := range g.mutexes {
		if m.name == name {
			return g.refuse(at, "a second variable named "+name)
		}
	}
	for _, c := range g.conds {
		if c.name == name {
			return g.refuse(at, "a second variable named "+name)
		}
	}
	for _, f := range g.fifos {
		if f.name == name {
			return g.refuse(at, "a second variable named "+name)
		}
	}
	return nil
}

// syncDecls are the Promela globals of Wire's mutexes and conds.
func (g *generator) syncDecls() string {
	s := ""
	for _, m := range g.mutexes {
		if m.perStream {
			s += fmt.Sprintf("byte %s[STREAMS]; /* sync.Mutex, %s, one per stream: 1 while locked */\n", m.name, m.pos)
			continue
		}
		s += fmt.Sprintf("byte %s = 0; /* sync.Mutex, %s: 1 while locked */\n", m.name, m.pos)
	}
	for _, c := range g.conds {
		if c.perStream {
			s += fmt.Sprintf("byte %s_t[STREAMS]; byte %s_n[STREAMS]; /* sync.NewCond(&%s[s]), %s, one per stream: its notify list (tickets taken, tickets woken) */\n",
				c.name, c.name, c.mu.name, c.pos)
			continue
		}
		s += fmt.Sprintf("byte %s_t = 0; byte %s_n = 0; /* sync.NewCond(&%s), %s: its notify list (tickets taken, tickets woken) */\n",
			c.name, c.name, c.mu.name, c.pos)
	}
	return s
}

// syncCall translates mu.Lock(), mu.Unlock(), cond.Wait(), cond.Signal()
// and cond.Broadcast() on a mutex or cond of Wire; ok is false when call
// is not a method of package sync.
func (p *proc) syncCall(call *ast.CallExpr) (out []string, ok bool, err error) {
	fn := p.g.calledFunc(call)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "sync" {
		return nil, false, nil
	}
	sel, isSel := call.Fun.(*ast.SelectorExpr)
	var v value
	idx := "" // the stream of a per-stream mutex or cond: mus[x.Stream]
	if isSel {
		var err error
		v, idx, err = p.perStreamRef(sel.X)
		if err != nil {
			return nil, true, err
		}
	}
	name := recvNamed(fn) + "." + fn.Name()
	if _, known := apiByMethod()[name]; !known {
		return nil, true, p.refuse(call, "call of sync."+name+" (of package sync only Mutex.Lock, Mutex.Unlock, Cond.Wait, Cond.Signal and Cond.Broadcast)")
	}
	src := p.g.src(call)
	at := ""
	if idx != "" {
		at = "[" + idx + "]"
	}
	switch x := v.(type) {
	case mutexVal:
		if x.m.perStream != (idx != "") {
			break
		}
		switch name {
		case "Mutex.Lock":
			return []string{"mutexLock(" + x.m.name + at + ") /* " + src + " */"}, true, nil
		case "Mutex.Unlock":
			return []string{"mutexUnlock(" + x.m.name + at + ") /* " + src + " */"}, true, nil
		}
	case condVal:
		c := x.c
		if c.perStream != (idx != "") {
			break
		}
		switch name {
		case "Cond.Wait":
			p.usedWait = true
			return []string{fmt.Sprintf("condWait(%s%s, %s_t%s, %s_n%s, ticket) /* %s */", c.mu.name, at, c.name, at, c.name, at, src)}, true, nil
		case "Cond.Signal":
			return []string{fmt.Sprintf("condSignal(%s_t%s, %s_n%s) /* %s */", c.name, at, c.name, at, src)}, true, nil
		case "Cond.Broadcast":
			return []string{fmt.Sprintf("condBroadcast(%s_t%s, %s_n%s) /* %s */", c.name, at, c.name, at, src)}, true, nil
		}
	}
	return nil, true, p.refuse(call, "call "+src+" on other than a sync.Mutex or sync.Cond that Wire makes (indexed by a stream, for one per stream)")
}

package gen

import (
	"fmt"
	"go/ast"
	"go/types"
)

// This file translates the function literals an actor loop may hold, each
// in one form only:
//
//   - ask := func() { … }, a function of the loop with no parameters and
//     no results: each call ask() is its body, inlined (so is the call
//     n.HandleAsk makes, see handleAsk); a defer mu.Unlock() at the
//     top of its body then ends the body;
//   - go func() { … }(), a goroutine the loop starts before its loop: a
//     process of its own, started there (run), that does the body;
//   - defer n.AfterDone(func() { … })(), net's function run once its
//     context is cancelled (context.AfterFunc): a process started there
//     that waits for netDone[stream] and then does the body. Its stop,
//     deferred to net's return, changes nothing in the model: net returns
//     only once it has ended, and its context is cancelled then, so the
//     function has started (in Go, stop then returns false).
//
// A function literal does not nest another, does not return, break or
// continue out of itself, and a process's body makes no harness call but
// a.Quit(), n.Done(), a.NetDone(s) and n.Cancelled() (it has none of
// net's state).

// closureDef records ask := func() { … }; ok is false for another
// assignment.
func (p *proc) closureDef(s *ast.AssignStmt) (bool, error) {
	if len(s.Lhs) != 1 || len(s.Rhs) != 1 {
		return false, nil
	}
	lit, ok := s.Rhs[0].(*ast.FuncLit)
	if !ok {
		return false, nil
	}
	id, ok := s.Lhs[0].(*ast.Ident)
	if !ok || s.Tok.String() != ":=" || lit.Type.Params.NumFields() != 0 || (lit.Type.Results != nil && lit.Type.Results.NumFields() != 0) {
		return true, p.refuse(s, "a function literal other than name := func() { … }, with no parameters and no results")
	}
	obj := p.g.prog.info.Defs[id]
	if obj == nil || p.funcs[obj] != nil {
		return true, p.refuse(s, "a function variable assigned twice")
	}
	if p.funcs == nil {
		p.funcs = map[types.Object]*ast.FuncLit{}
	}
	p.funcs[obj] = lit
	return true, nil
}

// closureOf is the function literal a loop's function variable holds, or nil.
func (p *proc) closureOf(e ast.Expr) *ast.FuncLit {
	id, ok := e.(*ast.Ident)
	if !ok {
		return nil
	}
	return p.funcs[p.g.prog.info.Uses[id]]
}

// inline translates a function literal's body at its call.
func (p *proc) inline(lit *ast.FuncLit) ([]string, error) {
	if p.inlining {
		return nil, p.refuse(lit, "a function literal called from another")
	}
	p.inlining = true
	defer func() { p.inlining = false }()
	loops, sel := p.loops, p.sel
	p.loops, p.sel = nil, 0
	defer func() { p.loops, p.sel = loops, sel }()
	body := lit.Body.List
	var unlock []string
	if d, ok := deferredUnlock(lit); ok {
		// defer mu.Unlock() at the top of the body: the body cannot return
		// early, so the unlock runs at its end (a Go panic, an assertion,
		// ends the model).
		out, _, err := p.syncCall(d.Call)
		if err != nil {
			return nil, err
		}
		unlock = out
		var rest []ast.Stmt
		for _, st := range body {
			if st != ast.Stmt(d) {
				rest = append(rest, st)
			}
		}
		body = rest
	}
	out, err := p.stmts(body)
	if err != nil {
		return nil, err
	}
	return append(out, unlock...), nil
}

// deferredUnlock is the first statement of a function literal's body, at
// its top level, that is defer mu.Unlock() (mu.Lock(); defer mu.Unlock()).
func deferredUnlock(lit *ast.FuncLit) (*ast.DeferStmt, bool) {
	for _, st := range lit.Body.List {
		d, ok := st.(*ast.DeferStmt)
		if !ok {
			continue
		}
		sel, ok := d.Call.Fun.(*ast.SelectorExpr)
		return d, ok && len(d.Call.Args) == 0 && sel.Sel.Name == "Unlock"
	}
	return nil, false
}

// spawn translates a go statement of a function literal, or net's defer
// n.AfterDone(f)(): a process started here.
func (p *proc) spawn(lit *ast.FuncLit, afterDone bool) ([]string, error) {
	if p.sub || p.inlining || len(p.loops) > 0 || p.sel > 0 {
		return nil, p.refuse(lit, "a goroutine or AfterDone function started other than once, at the top of an actor loop")
	}
	if lit.Type.Params.NumFields() != 0 || (lit.Type.Results != nil && lit.Type.Results.NumFields() != 0) {
		return nil, p.refuse(lit, "a function literal with parameters or results run as a goroutine")
	}
	p.g.subs++
	name := fmt.Sprintf("%s_go%d", p.role, p.g.subs)
	what := "go func() { … }()"
	if afterDone {
		name = fmt.Sprintf("%s_afterDone%d", p.role, p.g.subs)
		what = "n.AfterDone(func() { … })"
	}
	q := &proc{g: p.g, role: p.role, self: p.self, env: p.env, locals: map[types.Object]*local{}, sub: true, queue: p.queue}
	seq, err := q.stmts(lit.Body.List)
	if err != nil {
		return nil, err
	}
	if afterDone {
		seq = append([]string{"netDone[stream] /* net's context is cancelled: context.AfterFunc runs f */"}, seq...)
	}
	body, err := q.finish(seq)
	if err != nil {
		return nil, err
	}
	param, arg := "", ""
	if p.role == "net" {
		param, arg = "byte stream", "stream"
	}
	p.g.subprocs = append(p.g.subprocs, fmt.Sprintf("/* %s: %s in Actors.%s (%s) */\nproctype %s(%s) {\n%s}\n",
		name, what, roleField(p.role), p.g.pos(lit), name, param, body))
	return []string{fmt.Sprintf("run %s(%s) /* %s */", name, arg, what)}, nil
}

// spawnStmt translates go func() { … }() and defer n.AfterDone(func() { … })().
func (p *proc) spawnStmt(st ast.Stmt) ([]string, error) {
	switch s := st.(type) {
	case *ast.GoStmt:
		lit, ok := s.Call.Fun.(*ast.FuncLit)
		if !ok || len(s.Call.Args) != 0 {
			return nil, p.refuse(s, "a go statement of other than a function literal, go func() { … }()")
		}
		return p.spawn(lit, false)
	case *ast.DeferStmt:
		inner, ok := s.Call.Fun.(*ast.CallExpr)
		if ok && len(s.Call.Args) == 0 && len(inner.Args) == 1 {
			if fn, recv, err := p.harnessCall(inner); err == nil && recv+"."+fn.Name() == "Net.AfterDone" {
				if lit, ok := inner.Args[0].(*ast.FuncLit); ok {
					return p.spawn(lit, true)
				}
			}
		}
		return nil, p.refuse(s, "a defer statement other than defer n.AfterDone(func() { … })()")
	}
	return nil, p.refuse(st, "statement "+nodeKind(st))
}

package gen

import (
	"fmt"
	"go/ast"
	"go/token"
)

// This file translates the statements of an actor loop: assignments,
// declarations, if, for and range loops, and the conditions in them.

// stmts translates a statement list into Promela statements.
func (p *proc) stmts(list []ast.Stmt) ([]string, error) {
	var out []string
	for _, st := range list {
		s, err := p.stmt(st)
		if err != nil {
			return nil, err
		}
		out = append(out, s...)
	}
	return out, nil
}

func (p *proc) stmt(st ast.Stmt) ([]string, error) {
	switch s := st.(type) {
	case *ast.EmptyStmt:
		return nil, nil
	case *ast.BlockStmt:
		return p.stmts(s.List)
	case *ast.ExprStmt:
		if u, ok := s.X.(*ast.UnaryExpr); ok && u.Op == token.ARROW {
			return p.selectStmt([]commCase{{recv: u, at: s}}, false, nil)
		}
		call, ok := s.X.(*ast.CallExpr)
		if !ok {
			return nil, p.refuse(s, "expression statement "+p.g.src(s.X))
		}
		return p.callStmt(call)
	case *ast.SendStmt:
		return p.selectStmt([]commCase{{send: s, at: s}}, false, nil)
	case *ast.AssignStmt:
		return p.assign(s)
	case *ast.DeclStmt:
		return p.declStmt(s)
	case *ast.IfStmt:
		return p.ifStmt(s)
	case *ast.ForStmt:
		return p.forStmt(s)
	case *ast.RangeStmt:
		return p.rangeStmt(s)
	case *ast.IncDecStmt:
		v, err := p.lvalue(s.X)
		if err != nil {
			return nil, err
		}
		if v.t != tInt {
			return nil, p.refuse(s, p.g.src(s)+" of other than an int")
		}
		return []string{v.s + s.Tok.String()}, nil
	case *ast.SelectStmt:
		return p.selectFrom(s)
	case *ast.GoStmt, *ast.DeferStmt:
		return p.spawnStmt(s)
	case *ast.ReturnStmt:
		if p.inlining {
			return nil, p.refuse(s, "a return inside a function literal")
		}
		if len(s.Results) != 0 {
			return nil, p.refuse(s, "return with values in an actor loop")
		}
		p.ret = true
		return []string{"goto ret"}, nil
	case *ast.BranchStmt:
		if s.Label != nil {
			return nil, p.refuse(s, "labelled "+s.Tok.String())
		}
		if len(p.loops) == 0 {
			return nil, p.refuse(s, s.Tok.String()+" outside a for loop")
		}
		switch s.Tok {
		case token.CONTINUE:
			l := p.loops[len(p.loops)-1]
			if l.label == "" {
				p.labels++
				l.label = fmt.Sprintf("continue%d", p.labels)
			}
			return []string{"goto " + l.label}, nil
		case token.BREAK:
			if p.sel > 0 {
				return nil, p.refuse(s, "break inside a select (it leaves the select, not the loop)")
			}
			return []string{"break"}, nil
		}
		return nil, p.refuse(s, s.Tok.String())
	}
	return nil, p.refuse(st, "statement "+nodeKind(st))
}

func (p *proc) declStmt(s *ast.DeclStmt) ([]string, error) {
	gd, ok := s.Decl.(*ast.GenDecl)
	if !ok || gd.Tok != token.VAR {
		return nil, p.refuse(s, "declaration "+p.g.src(s))
	}
	var out []string
	for _, spec := range gd.Specs {
		vs := spec.(*ast.ValueSpec)
		if len(vs.Values) != 0 && len(vs.Values) != len(vs.Names) {
			return nil, p.refuse(vs, "var with a multi-value initialiser")
		}
		for i, id := range vs.Names {
			l, err := p.local(p.obj(id), id)
			if err != nil {
				return nil, err
			}
			if len(vs.Values) == 0 {
				out = append(out, p.zero(l)...)
				continue
			}
			a, err := p.assignTo(l, vs.Values[i])
			if err != nil {
				return nil, err
			}
			out = append(out, a...)
		}
	}
	return out, nil
}

func (p *proc) assign(s *ast.AssignStmt) ([]string, error) {
	info := p.g.prog.info
	if s.Tok != token.DEFINE && s.Tok != token.ASSIGN {
		return nil, p.refuse(s, "assignment "+s.Tok.String())
	}
	// ask := func() { … }
	if ok, err := p.closureDef(s); ok {
		return nil, err
	}
	// v := q.Take(), q a FIFO of Wire
	if len(s.Rhs) == 1 && len(s.Lhs) == 1 {
		if call, ok := s.Rhs[0].(*ast.CallExpr); ok {
			if f, ref, method, ok, err := p.fifoCall(call); ok {
				if err != nil {
					return nil, err
				}
				if method != "FIFO.Take" {
					return nil, p.refuse(s, "assignment of "+p.g.src(call))
				}
				return p.fifoTake(s, f, ref)
			}
		}
	}
	// v[, ok] := <-ch
	if len(s.Rhs) == 1 {
		if u, ok := s.Rhs[0].(*ast.UnaryExpr); ok && u.Op == token.ARROW {
			return p.selectStmt([]commCase{{recv: u, lhs: s.Lhs, at: s}}, false, nil)
		}
	}
	if len(s.Rhs) == 1 && len(s.Lhs) == 2 {
		call, ok := s.Rhs[0].(*ast.CallExpr)
		if !ok {
			return nil, p.refuse(s, "two-value assignment "+p.g.src(s))
		}
		fn, recv, err := p.harnessCall(call)
		if err != nil {
			return nil, err
		}
		if recv+"."+fn.Name() != "Script.Read" {
			return nil, p.refuse(s, "two-value assignment from "+fn.FullName())
		}
		st, err := p.streamArg(call.Args[0])
		if err != nil {
			return nil, err
		}
		m, err := p.lhsLocal(s.Lhs[0])
		if err != nil {
			return nil, err
		}
		ok2, err := p.lhsLocal(s.Lhs[1])
		if err != nil {
			return nil, err
		}
		if m == nil || m.kind != lMsg || (ok2 != nil && ok2.kind != lBool) {
			return nil, p.refuse(s, "Read into "+p.g.src(s.Lhs[0]))
		}
		okName := "_"
		if ok2 != nil {
			okName = ok2.name
		}
		return []string{fmt.Sprintf("sourceRead(%s, %s, %s_kind, %s_seq, %s_stream) /* %s */", st, okName, m.name, m.name, m.name, p.g.src(s))}, nil
	}
	if len(s.Lhs) != len(s.Rhs) {
		return nil, p.refuse(s, "assignment "+p.g.src(s))
	}
	var out []string
	for i, lhs := range s.Lhs {
		// highest[m.Stream] = m.Seq, m.Seq = …
		if _, isID := lhs.(*ast.Ident); !isID {
			v, err := p.lvalue(lhs)
			if err != nil {
				return nil, err
			}
			e, err := p.expr(s.Rhs[i])
			if err != nil {
				return nil, err
			}
			if e.t != v.t && !(v.t == tInt && e.t == tStream) {
				return nil, p.refuse(s, "assignment "+p.g.src(s))
			}
			out = append(out, v.s+" = "+e.s)
			continue
		}
		// q := r.Queue()
		if call, ok := s.Rhs[i].(*ast.CallExpr); ok {
			if fn := p.g.calledFunc(call); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == DesignsPath && recvNamed(fn)+"."+fn.Name() == "Router.Queue" {
				id, ok := lhs.(*ast.Ident)
				if _, _, err := p.harnessCall(call); err != nil || !ok || p.queue != nil || s.Tok != token.DEFINE {
					return nil, p.refuse(s, "the router's queue taken other than once, as q := r.Queue()")
				}
				p.queue = info.Defs[id]
				p.usedQ = true
				continue
			}
		}
		l, err := p.lhsLocal(lhs)
		if err != nil {
			return nil, err
		}
		if l == nil {
			return nil, p.refuse(s, "assignment to _")
		}
		a, err := p.assignTo(l, s.Rhs[i])
		if err != nil {
			return nil, err
		}
		out = append(out, a...)
	}
	return out, nil
}

// lvalue translates an assignable int or bool that is not a whole
// variable: per-stream state (highest[m.Stream]) or a field of a Msg
// variable (m.Seq, m.Kind, m.Stream; its payload, Data and Err, is not
// modelled).
func (p *proc) lvalue(e ast.Expr) (expr, error) {
	switch x := e.(type) {
	case *ast.IndexExpr:
		return p.expr(x)
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok {
			if o := p.g.prog.info.Uses[id]; o != nil {
				if l := p.locals[o]; l != nil && l.kind == lMsg {
					switch x.Sel.Name {
					case "Seq":
						return expr{s: l.name + "_seq", t: tInt}, nil
					case "Kind":
						return expr{s: l.name + "_kind", t: tKind}, nil
					case "Stream":
						return expr{s: l.name + "_stream", t: tStream}, nil
					}
				}
			}
		}
	case *ast.Ident:
		l, err := p.lhsLocal(x)
		if err != nil || l == nil {
			return expr{}, err
		}
		if l.kind == lInt {
			return expr{s: l.name, t: tInt}, nil
		}
	}
	return expr{}, p.refuse(e, "assignment to "+p.g.src(e))
}

// rangeStmt translates `for i := range xs`, xs per-stream channels or
// state: i runs over the streams.
func (p *proc) rangeStmt(s *ast.RangeStmt) ([]string, error) {
	id, ok := s.X.(*ast.Ident)
	if !ok || s.Value != nil || s.Tok != token.DEFINE {
		return nil, p.refuse(s, "a range loop other than for i := range <per-stream channels or state>")
	}
	perStream := false
	switch v := p.env[p.g.prog.info.Uses[id]].(type) {
	case chanVal:
		perStream = v.ch.perStream
	case arrayVal:
		perStream = true
	}
	if !perStream {
		return nil, p.refuse(s, "a range loop over "+id.Name+", which is not per-stream")
	}
	var key *local
	if s.Key != nil {
		k, err := p.lhsLocal(s.Key)
		if err != nil {
			return nil, err
		}
		key = k
	}
	name := "_"
	if key == nil {
		return nil, p.refuse(s, "a range loop without its index")
	}
	if key.kind != lInt && key.kind != lStream {
		return nil, p.refuse(s.Key, "a range index of type "+key.obj.Type().String())
	}
	name = key.name
	l := &loop{}
	p.loops = append(p.loops, l)
	sel := p.sel
	p.sel = 0
	body, err := p.stmts(s.Body.List)
	p.sel = sel
	p.loops = p.loops[:len(p.loops)-1]
	if err != nil {
		return nil, err
	}
	if l.label != "" {
		body = append(body, l.label+": skip")
	}
	body = append(body, name+"++")
	return []string{name + " = 0", "do\n:: " + name + " < STREAMS ->\n" + indent(join(body)) + "\n:: else -> break\nod"}, nil
}

func (p *proc) lhsLocal(e ast.Expr) (*local, error) {
	id, ok := e.(*ast.Ident)
	if !ok {
		return nil, p.refuse(e, "assignment to "+p.g.src(e))
	}
	if id.Name == "_" {
		return nil, nil
	}
	obj := p.obj(id)
	if _, captured := p.env[obj]; captured {
		return nil, p.refuse(e, "assignment to "+id.Name+", a variable of Wire shared by the loops")
	}
	if obj == nil {
		return nil, p.refuse(e, "assignment to "+id.Name)
	}
	if obj.Parent() == nil || !p.g.loopLit(p.role).Body.Pos().IsValid() || obj.Pos() < p.g.loopLit(p.role).Pos() || obj.Pos() > p.g.loopLit(p.role).End() {
		return nil, p.refuse(e, "assignment to "+id.Name+", which is not the loop's own variable")
	}
	return p.local(obj, e)
}

func (p *proc) assignTo(l *local, rhs ast.Expr) ([]string, error) {
	e, err := p.expr(rhs)
	if err != nil {
		return nil, err
	}
	switch {
	case l.kind == lChan && e.t == tNil:
		return []string{l.name + " = " + l.elem.nilChan() + " /* " + l.obj.Name() + " = nil */"}, nil
	case l.kind == lChan && e.t == tChan && e.elem == l.elem:
		if e.ch == nil {
			return nil, p.refuse(rhs, "a channel variable copied from another variable")
		}
		return []string{l.name + " = " + e.s}, nil
	case l.kind == lBool && e.t == tBool,
		l.kind == lStream && e.t == tStream,
		l.kind == lInt && (e.t == tInt || e.t == tStream):
		return []string{l.name + " = " + e.s}, nil
	case l.kind == lMsg && e.t == tMsg:
		return []string{l.name + "_kind = " + e.msg[0], l.name + "_seq = " + e.msg[1], l.name + "_stream = " + e.msg[2]}, nil
	}
	return nil, p.refuse(rhs, "assignment of "+p.g.src(rhs)+" to "+l.obj.Name())
}

func (p *proc) ifStmt(s *ast.IfStmt) ([]string, error) {
	if s.Init != nil {
		return nil, p.refuse(s.Init, "if with an init statement")
	}
	pre, cond, err := p.cond(s.Cond)
	if err != nil {
		return nil, err
	}
	then, err := p.stmts(s.Body.List)
	if err != nil {
		return nil, err
	}
	var els []string
	if s.Else != nil {
		els, err = p.stmt(s.Else)
		if err != nil {
			return nil, err
		}
	}
	out := append(pre, "if\n:: "+cond+" ->\n"+indent(join(then))+"\n:: else ->\n"+indent(join(els))+"\nfi")
	return out, nil
}

// cond translates a condition; a call of n.Handle in it becomes a statement
// before it (Go evaluates it there too).
func (p *proc) cond(e ast.Expr) ([]string, string, error) {
	var pre []string
	var handled bool
	var walk func(ast.Expr) (string, error)
	walk = func(e ast.Expr) (string, error) {
		switch x := e.(type) {
		case *ast.ParenExpr:
			s, err := walk(x.X)
			return "(" + s + ")", err
		case *ast.UnaryExpr:
			if x.Op == token.NOT {
				s, err := walk(x.X)
				return "!(" + s + ")", err
			}
		case *ast.CallExpr:
			if fn, recv, err := p.harnessCall(x); err == nil && recv == "Net" && (fn.Name() == "Handle" || fn.Name() == "HandleAsk") {
				if handled {
					return "", p.refuse(x, "a second n.Handle in one condition")
				}
				handle := p.handle
				if fn.Name() == "HandleAsk" {
					handle = p.handleAsk
				}
				h, err := handle(x)
				if err != nil {
					return "", err
				}
				handled = true
				pre = append(pre, h...)
				return "more", nil
			}
		case *ast.BinaryExpr:
			if x.Op == token.LAND || x.Op == token.LOR {
				if containsHandle(p, x.Y) {
					return "", p.refuse(x, "n.Handle on the right of "+x.Op.String()+" (evaluated only sometimes)")
				}
			}
		}
		v, err := p.expr(e)
		if err != nil {
			return "", err
		}
		if v.t != tBool {
			return "", p.refuse(e, "condition "+p.g.src(e))
		}
		return v.s, nil
	}
	s, err := walk(e)
	return pre, s, err
}

func containsHandle(p *proc, e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if fn := p.g.calledFunc(c); fn != nil && (fn.Name() == "Handle" || fn.Name() == "HandleAsk") {
				found = true
			}
		}
		return true
	})
	return found
}

func (p *proc) forStmt(s *ast.ForStmt) ([]string, error) {
	if s.Init != nil || s.Post != nil {
		return nil, p.refuse(s, "for loop with an init or post statement")
	}
	cond := "true"
	if s.Cond != nil {
		pre, c, err := p.cond(s.Cond)
		if err != nil {
			return nil, err
		}
		if len(pre) > 0 {
			return nil, p.refuse(s.Cond, "a call of n.Handle in a loop condition")
		}
		cond = c
	}
	l := &loop{}
	p.loops = append(p.loops, l)
	sel := p.sel
	p.sel = 0 // a break here leaves this loop
	body, err := p.stmts(s.Body.List)
	p.sel = sel
	p.loops = p.loops[:len(p.loops)-1]
	if err != nil {
		return nil, err
	}
	if l.label != "" {
		body = append(body, l.label+": skip")
	}
	out := "do\n:: " + cond + " ->\n" + indent(join(body))
	if s.Cond != nil {
		out += "\n:: else -> break"
	}
	return []string{out + "\nod"}, nil
}

package gen

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"
)

// proc translates one actor loop (a closure of Wire's Actors) into the
// body of a Promela process.
type proc struct {
	g      *generator
	role   string       // "net", "router", "script"
	self   types.Object // the loop's parameter: n, r or s
	env    map[types.Object]value
	locals map[types.Object]*local
	decls  []*local
	queue  types.Object // q := r.Queue()
	labels int
	loops  []*loop
	sel    int // depth of select statements being translated
	usedQ  bool
	ret    bool // some return jumps to the label ret
}

type localKind int

const (
	lBool localKind = iota + 1
	lStream
	lMsg
	lChan
	lInt
)

// local is a Go variable of the loop, as Promela locals.
type local struct {
	name    string
	kind    localKind
	elem    elemKind            // lChan: what it carries
	aliases map[*channel]string // lChan: the channels it may hold, with the stream index of a per-stream one
	obj     types.Object
}

type loop struct {
	label string // the continue label, "" until a continue needs it
}

// exprType is what a translated expression is.
type exprType int

const (
	tBool exprType = iota + 1
	tInt
	tKind
	tStream
	tChan
	tNil
	tMsg
)

type expr struct {
	s    string
	t    exprType
	elem elemKind  // tChan
	ch   *channel  // tChan: the global channel, if it is one
	loc  *local    // tChan: the local variable, if it is one
	msg  [3]string // tMsg: kind, seq, stream
	idx  string    // tChan: the stream index of a per-stream channel
}

func (p *proc) refuse(n ast.Node, what string) error { return p.g.refuse(n, what) }

// body translates the loop's statements into the process body.
func (p *proc) body() (string, error) {
	p.prepass(p.g.loopLit(p.role).Body)
	seq, err := p.stmts(p.g.loopLit(p.role).Body.List)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	switch p.role {
	case "net":
		b.WriteString("\tbyte stream = NET_STREAM; /* n.Stream */\n")
		b.WriteString("\tbyte outstanding = 0; /* n.outstanding */\n")
		b.WriteString("\tbool failed = false;  /* n.failed: net has recorded the error */\n")
		b.WriteString("\tbool ended = false;   /* n.ended */\n")
		b.WriteString("\tbool more;            /* what n.Handle returned */\n")
		b.WriteString("\tbyte endReason = 0;   /* the reason n.End was given */\n")
		b.WriteString("\tchan ask;             /* what n.Pull(req) returned */\n")
	case "router":
		if p.usedQ {
			b.WriteString("\tbyte queued = 0;      /* q.n */\n")
			b.WriteString("\tbyte qhead = 0;       /* q.Head().Stream */\n")
			b.WriteString("\tchan head;            /* what q.Out(read) returned */\n")
		}
	}
	for _, l := range p.decls {
		switch l.kind {
		case lBool:
			fmt.Fprintf(&b, "\tbool %s;\n", l.name)
		case lStream:
			fmt.Fprintf(&b, "\tbyte %s; /* %s: a stream (Request.Stream) */\n", l.name, l.obj.Name())
		case lInt:
			fmt.Fprintf(&b, "\tint %s;\n", l.name)
		case lMsg:
			fmt.Fprintf(&b, "\tmtype %s_kind; /* %s.Kind */\n\tbyte %s_seq;   /* %s.Seq */\n\tbyte %s_stream; /* %s.Stream */\n", l.name, l.obj.Name(), l.name, l.obj.Name(), l.name, l.obj.Name())
		case lChan:
			fmt.Fprintf(&b, "\tchan %s;\n", l.name)
		}
	}
	b.WriteString("\n")
	if p.role == "net" {
		seq = append(seq, "ret: netReturn()")
	} else if p.ret {
		seq = append(seq, "ret: skip")
	}
	b.WriteString(indent(join(seq)))
	b.WriteString("\n")
	return b.String(), nil
}

// prepass finds, for every local channel variable, the channels it may
// hold (for the receive-after-close cases of a select on it).
func (p *proc) prepass(body *ast.BlockStmt) {
	ast.Inspect(body, func(n ast.Node) bool {
		a, ok := n.(*ast.AssignStmt)
		if !ok || len(a.Lhs) != len(a.Rhs) {
			return true
		}
		for i, lhs := range a.Lhs {
			id, ok := lhs.(*ast.Ident)
			if !ok {
				continue
			}
			obj := p.obj(id)
			if obj == nil {
				continue
			}
			if _, isChan := obj.Type().Underlying().(*types.Chan); !isChan {
				continue
			}
			l, err := p.local(obj, id)
			if err != nil {
				continue // reported when the statement is translated
			}
			if ch := p.globalChan(a.Rhs[i]); ch != nil {
				idx := ""
				if ix, ok := a.Rhs[i].(*ast.IndexExpr); ok {
					if v, err := p.streamArg(ix.Index); err == nil {
						idx = v
					} else {
						idx = "?"
					}
				}
				l.aliases[ch] = idx
			}
		}
		return true
	})
}

func (p *proc) obj(id *ast.Ident) types.Object {
	if o := p.g.prog.info.Defs[id]; o != nil {
		return o
	}
	return p.g.prog.info.Uses[id]
}

// globalChan is the channel e names (data, data[n.Stream]), or nil.
func (p *proc) globalChan(e ast.Expr) *channel {
	switch x := e.(type) {
	case *ast.ParenExpr:
		return p.globalChan(x.X)
	case *ast.Ident:
		if v, ok := p.env[p.g.prog.info.Uses[x]].(chanVal); ok && !v.ch.perStream {
			return v.ch
		}
	case *ast.IndexExpr:
		if id, ok := x.X.(*ast.Ident); ok {
			if v, ok := p.env[p.g.prog.info.Uses[id]].(chanVal); ok && v.ch.perStream {
				return v.ch
			}
		}
	}
	return nil
}

// local returns the Promela local of a Go variable, declaring it on first
// use. Variables of one name share a Promela local unless their scopes
// nest.
func (p *proc) local(obj types.Object, at ast.Node) (*local, error) {
	if l := p.locals[obj]; l != nil {
		return l, nil
	}
	l := &local{obj: obj, aliases: map[*channel]string{}}
	t := obj.Type()
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Kind() == types.Bool:
			l.kind = lBool
		case u.Kind() == types.Int32:
			l.kind = lStream
		case u.Info()&types.IsInteger != 0:
			l.kind = lInt
		}
	case *types.Chan:
		k, err := p.g.elemOf(at, u.Elem())
		if err != nil {
			return nil, err
		}
		l.kind, l.elem = lChan, k
	}
	if n, ok := t.(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == DesignsPath {
		switch n.Obj().Name() {
		case "Msg":
			l.kind = lMsg
		case "Request":
			l.kind = lStream
		}
	}
	if l.kind == 0 {
		return nil, p.refuse(at, "a variable "+obj.Name()+" of type "+t.String())
	}
	base := obj.Name()
	if reserved[base] {
		base += "_"
	}
	name := base
	for i := 2; ; i++ {
		clash := false
		for _, d := range p.decls {
			if d.name != name {
				continue
			}
			if d.kind != l.kind || d.elem != l.elem || nested(d.obj, obj) {
				clash = true
				break
			}
			l.name = name // share: same kind, scopes apart
			p.locals[obj] = d
			return d, nil
		}
		if !clash {
			break
		}
		name = fmt.Sprintf("%s_%d", base, i)
	}
	l.name = name
	p.locals[obj] = l
	p.decls = append(p.decls, l)
	return l, nil
}

func nested(a, b types.Object) bool {
	sa, sb := a.Parent(), b.Parent()
	if sa == nil || sb == nil {
		return true
	}
	return sa == sb || sa.Contains(b.Pos()) || sb.Contains(a.Pos())
}

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
	case *ast.ReturnStmt:
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

// zero sets l to Go's zero value.
func (p *proc) zero(l *local) []string {
	switch l.kind {
	case lBool:
		return []string{l.name + " = false"}
	case lStream, lInt:
		return []string{l.name + " = 0"}
	case lMsg:
		return []string{l.name + "_kind = CHUNK", l.name + "_seq = 0", l.name + "_stream = 0"}
	}
	return []string{l.name + " = " + l.elem.nilChan()}
}

// callStmt translates a call whose results are unused.
func (p *proc) callStmt(call *ast.CallExpr) ([]string, error) {
	if id, ok := call.Fun.(*ast.Ident); ok {
		if _, builtin := p.g.prog.info.Uses[id].(*types.Builtin); builtin && id.Name == "close" {
			ch := p.globalChan(call.Args[0])
			if ch == nil {
				return nil, p.refuse(call, "close of "+p.g.src(call.Args[0])+" (only a channel Wire made)")
			}
			e, err := p.expr(call.Args[0])
			if err != nil {
				return nil, err
			}
			ch.closed = true
			f := closedRef(ch, e.idx)
			return []string{fmt.Sprintf("assert(!%s); %s = true /* close(%s) (panics if closed) */", f, f, p.g.src(call.Args[0]))}, nil
		}
	}
	fn, recv, err := p.harnessCall(call)
	if err != nil {
		return nil, err
	}
	switch recv + "." + fn.Name() {
	case "Net.Perturb":
		return nil, nil // timing only: Spin explores every interleaving anyway
	case "Net.Pulled":
		return []string{"outstanding++ /* n.Pulled() */"}, nil
	case "Net.Handle":
		return p.handle(call)
	case "Net.End":
		return p.end(call)
	case "Actor.ToNet":
		return p.toNet(call)
	case "RequestQueue.Push":
		x, err := p.streamArg(call.Args[0])
		if err != nil {
			return nil, err
		}
		return []string{"queuePush(" + x + ") /* q.Push(" + p.g.src(call.Args[0]) + ") */"}, nil
	case "RequestQueue.Pop":
		return []string{"queuePop() /* q.Pop() */"}, nil
	}
	return nil, p.refuse(call, "call of "+fn.FullName()+" as a statement")
}

// harnessCall resolves a call of a method of the harness (package
// designs) on the loop's own actor or queue.
func (p *proc) harnessCall(call *ast.CallExpr) (*types.Func, string, error) {
	fn := p.g.calledFunc(call)
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if fn == nil || !ok || fn.Pkg() == nil || fn.Pkg().Path() != DesignsPath {
		return nil, "", p.refuse(call, "call "+p.g.src(call)+" (not a call of the harness API)")
	}
	recv := recvNamed(fn)
	id, ok := sel.X.(*ast.Ident)
	if !ok {
		return nil, "", p.refuse(call, "call "+p.g.src(call)+" on other than the loop's actor or queue")
	}
	o := p.g.prog.info.Uses[id]
	switch {
	case o == p.self:
	case o != nil && o == p.queue && recv == "RequestQueue":
	default:
		return nil, "", p.refuse(call, "call "+p.g.src(call)+" on other than the loop's actor or queue")
	}
	if call.Ellipsis.IsValid() {
		return nil, "", p.refuse(call, "call with a ... argument")
	}
	return fn, recv, nil
}

func (p *proc) handle(call *ast.CallExpr) ([]string, error) {
	m, err := p.expr(call.Args[0])
	if err != nil {
		return nil, err
	}
	if m.t != tMsg {
		return nil, p.refuse(call.Args[0], "Handle of "+p.g.src(call.Args[0]))
	}
	r, err := p.expr(call.Args[1])
	if err != nil {
		return nil, err
	}
	if r.t != tChan || r.elem != elemStream {
		return nil, p.refuse(call.Args[1], "Handle's request channel "+p.g.src(call.Args[1]))
	}
	p.use(r.ch, r.loc, true) // n.Handle asks for the next chunk on it
	return []string{fmt.Sprintf("netHandle(%s, %s, %s, more) /* n.Handle(%s, %s) */", m.msg[0], m.msg[1], r.s, p.g.src(call.Args[0]), p.g.src(call.Args[1]))}, nil
}

func (p *proc) end(call *ast.CallExpr) ([]string, error) {
	reason := p.g.src(call.Args[0])
	r, ok := endReasons[p.g.constName(call.Args[0])]
	if !ok {
		return nil, p.refuse(call.Args[0], "End's reason "+reason+" (want designs.EndShutdown, EndClosed or EndCancelled)")
	}
	out := []string{"netEnd(" + r + ") /* n.End(" + reason + ") */"}
	for _, a := range call.Args[1:] {
		e, err := p.expr(a)
		if err != nil {
			return nil, err
		}
		if e.t != tChan || e.elem != elemMsg {
			return nil, p.refuse(a, "End's late channel "+p.g.src(a))
		}
		p.use(e.ch, e.loc, false)
		out = append(out, "netDrain("+e.s+") /* late: "+p.g.src(a)+" */")
	}
	return out, nil
}

func (p *proc) toNet(call *ast.CallExpr) ([]string, error) {
	c, err := p.expr(call.Args[0])
	if err != nil {
		return nil, err
	}
	if c.t != tChan || c.elem != elemMsg {
		return nil, p.refuse(call.Args[0], "ToNet on "+p.g.src(call.Args[0]))
	}
	m, err := p.expr(call.Args[1])
	if err != nil {
		return nil, err
	}
	if m.t != tMsg {
		return nil, p.refuse(call.Args[1], "ToNet of "+p.g.src(call.Args[1]))
	}
	p.use(c.ch, c.loc, true)
	var out []string
	if c.ch != nil && c.ch.closed {
		out = append(out, p.closedSendCheck(c.ch, c.idx))
	} else if c.loc != nil && len(closable(c.loc.aliases)) > 0 {
		return nil, p.refuse(call, "ToNet on a variable that may hold a closed channel")
	}
	out = append(out, fmt.Sprintf("toNet(%s, %s, %s, %s) /* %s */", c.s, m.msg[0], m.msg[1], m.msg[2], p.g.src(call)))
	return nil2empty(out), nil
}

// use records that this loop sends on (or receives from) the channel ch,
// or every channel the local variable loc may hold: the channel graph
// (Model.Channels).
func (p *proc) use(ch *channel, loc *local, send bool) {
	var chs []*channel
	if ch != nil {
		chs = append(chs, ch)
	}
	if loc != nil {
		for c := range loc.aliases {
			chs = append(chs, c)
		}
	}
	for _, c := range chs {
		if send {
			c.senders[p.role] = true
		} else {
			c.receivers[p.role] = true
		}
	}
}

// closedSendCheck is Go's panic on a send to a closed channel, for a
// channel that some loop closes.
func (p *proc) closedSendCheck(ch *channel, idx string) string {
	return "assert(!" + closedRef(ch, idx) + ") /* a send on a closed channel panics */"
}

// closedRef is the closed flag of ch (of stream idx, for a per-stream one).
func closedRef(ch *channel, idx string) string {
	if ch.perStream {
		return ch.name + "Closed[" + idx + "]"
	}
	return ch.name + "Closed"
}

// chanRef is ch itself (of stream idx, for a per-stream one).
func chanRef(ch *channel, idx string) string {
	if ch.perStream {
		return ch.name + "[" + idx + "]"
	}
	return ch.name
}

func nil2empty(s []string) []string {
	var out []string
	for _, x := range s {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

func closable(a map[*channel]string) []*channel {
	var out []*channel
	for c := range a {
		if c.closed {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

func (p *proc) assign(s *ast.AssignStmt) ([]string, error) {
	info := p.g.prog.info
	if s.Tok != token.DEFINE && s.Tok != token.ASSIGN {
		return nil, p.refuse(s, "assignment "+s.Tok.String())
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
			if fn := p.g.calledFunc(call); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == DesignsPath && recvNamed(fn) == "Router" && fn.Name() == "Queue" {
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
			if fn, recv, err := p.harnessCall(x); err == nil && recv == "Net" && fn.Name() == "Handle" {
				if handled {
					return "", p.refuse(x, "a second n.Handle in one condition")
				}
				h, err := p.handle(x)
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
			if fn := p.g.calledFunc(c); fn != nil && fn.Name() == "Handle" {
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

// commCase is one case of a select (or a lone send or receive).
type commCase struct {
	send *ast.SendStmt
	recv *ast.UnaryExpr // <-ch
	lhs  []ast.Expr     // v, ok := <-ch
	body []ast.Stmt
	at   ast.Node
}

func (p *proc) selectFrom(s *ast.SelectStmt) ([]string, error) {
	var cases []commCase
	var def []ast.Stmt
	hasDefault := false
	for _, c := range s.Body.List {
		cc := c.(*ast.CommClause)
		switch comm := cc.Comm.(type) {
		case nil:
			hasDefault, def = true, cc.Body
		case *ast.SendStmt:
			cases = append(cases, commCase{send: comm, body: cc.Body, at: comm})
		case *ast.ExprStmt:
			u, ok := comm.X.(*ast.UnaryExpr)
			if !ok || u.Op != token.ARROW {
				return nil, p.refuse(comm, "select case "+p.g.src(comm))
			}
			cases = append(cases, commCase{recv: u, body: cc.Body, at: comm})
		case *ast.AssignStmt:
			u, ok := comm.Rhs[0].(*ast.UnaryExpr)
			if !ok || u.Op != token.ARROW {
				return nil, p.refuse(comm, "select case "+p.g.src(comm))
			}
			cases = append(cases, commCase{recv: u, lhs: comm.Lhs, body: cc.Body, at: comm})
		default:
			return nil, p.refuse(comm, "select case "+p.g.src(comm))
		}
	}
	return p.selectStmt(cases, hasDefault, def)
}

// selectStmt translates a select (or a lone send or receive, a select of
// one case): the channel operands are evaluated first (Net.Pull,
// RequestQueue.Out), then one guarded if offers every case; a case whose
// channel may be closed gets a second option, taken once it is closed and
// empty (a receive then yields the zero value and ok == false; a send
// panics).
func (p *proc) selectStmt(cases []commCase, hasDefault bool, def []ast.Stmt) ([]string, error) {
	var pre, opts []string
	pulled, outed := false, false
	for _, c := range cases {
		var chExpr ast.Expr
		if c.send != nil {
			chExpr = c.send.Chan
		} else {
			chExpr = c.recv.X
		}
		// Harness channels: Net.Pull, RequestQueue.Out, Done, Quit.
		chName, elem, special, chIdx := "", elemKind(0), "", ""
		var loc *local
		var glob *channel
		if call, ok := chExpr.(*ast.CallExpr); ok {
			fn, recv, err := p.harnessCall(call)
			if err != nil {
				return nil, err
			}
			switch recv + "." + fn.Name() {
			case "Net.Pull", "RequestQueue.Out":
				r, err := p.expr(call.Args[0])
				if err != nil {
					return nil, err
				}
				if r.t != tChan || r.elem != elemStream {
					return nil, p.refuse(call.Args[0], fn.Name()+" of "+p.g.src(call.Args[0]))
				}
				if fn.Name() == "Pull" {
					if pulled {
						return nil, p.refuse(call, "a second n.Pull in one select")
					}
					pulled = true
					pre = append(pre, "netPull("+r.s+")")
					chName = "ask"
				} else {
					if outed {
						return nil, p.refuse(call, "a second q.Out in one select")
					}
					outed = true
					pre = append(pre, "queueOut("+r.s+")")
					chName = "head"
				}
				elem = elemStream
				glob, chIdx = r.ch, r.idx
			case "Net.Done", "Actor.Quit", "Actor.NetDone":
				if c.send != nil || len(c.lhs) > 0 {
					return nil, p.refuse(c.at, "a send on, or a receive into a variable from, "+p.g.src(call))
				}
				switch fn.Name() {
				case "Quit":
					special = "quit"
				case "Done":
					special = "netDone[stream]"
				default: // NetDone(stream)
					st, err := p.streamArg(call.Args[0])
					if err != nil {
						return nil, err
					}
					special = "netDone[" + st + "]"
				}
			default:
				return nil, p.refuse(call, "a channel from "+fn.FullName())
			}
		} else {
			e, err := p.expr(chExpr)
			if err != nil {
				return nil, err
			}
			if e.t != tChan {
				return nil, p.refuse(chExpr, "channel operand "+p.g.src(chExpr))
			}
			chName, elem, loc, glob, chIdx = e.s, e.elem, e.loc, e.ch, e.idx
		}
		p.use(glob, loc, c.send != nil)
		body, err := p.inSelect(c.body)
		if err != nil {
			return nil, err
		}
		if special != "" {
			opts = append(opts, special+" -> /* "+p.g.src(c.recv)+" */\n"+indent(join(body)))
			continue
		}
		if c.send != nil {
			v, err := p.sendValue(c.send.Value, elem)
			if err != nil {
				return nil, err
			}
			opts = append(opts, chName+"!"+v+" -> /* "+p.g.src(c.send)+" */\n"+indent(join(body)))
			if chName == "ask" || chName == "head" {
				continue // req and read are never closed by a loop that sends on them here
			}
			if loc != nil && len(closable(loc.aliases)) > 0 {
				return nil, p.refuse(c.at, "a send on a variable that may hold a closed channel")
			}
			if glob != nil && glob.closed {
				f := closedRef(glob, chIdx)
				opts = append(opts, f+" -> assert(!"+f+") /* a send on a closed channel panics */")
			}
			continue
		}
		// A receive.
		vars, set, zero, okVar, err := p.recvTargets(c, elem)
		if err != nil {
			return nil, err
		}
		okTrue, okFalse := "", ""
		if okVar != "" {
			okTrue, okFalse = okVar+" = true; ", okVar+" = false; "
		}
		opts = append(opts, chName+"?"+vars+" -> "+okTrue+"/* "+p.g.src(c.at)+" */\n"+indent(join(append(set, body...))))
		if cl := closedOf(glob, loc); len(cl) > 0 {
			var conds []string
			for _, ch := range cl {
				idx := chIdx
				if loc != nil {
					idx = loc.aliases[ch]
					if ch.perStream && (idx == "" || idx == "?") {
						return nil, p.refuse(c.at, "a receive on "+loc.obj.Name()+", which may hold a closed channel of a stream the generator cannot tell")
					}
					conds = append(conds, fmt.Sprintf("(%s == %s && %s && empty(%s))", loc.name, chanRef(ch, idx), closedRef(ch, idx), chanRef(ch, idx)))
				} else {
					conds = append(conds, fmt.Sprintf("(%s && empty(%s))", closedRef(ch, idx), chanRef(ch, idx)))
				}
			}
			opts = append(opts, "("+strings.Join(conds, " || ")+") -> "+okFalse+"/* closed and empty: "+p.g.src(c.at)+" */\n"+indent(join(append(zero, body...))))
		}
	}
	if hasDefault {
		body, err := p.inSelect(def)
		if err != nil {
			return nil, err
		}
		opts = append(opts, "else -> /* default */\n"+indent(join(body)))
	}
	if len(opts) == 0 {
		return nil, fmt.Errorf("empty select")
	}
	out := "if\n"
	for _, o := range opts {
		out += ":: " + o + "\n"
	}
	return append(pre, out+"fi"), nil
}

func (p *proc) inSelect(body []ast.Stmt) ([]string, error) {
	p.sel++
	defer func() { p.sel-- }()
	return p.stmts(body)
}

func closedOf(glob *channel, loc *local) []*channel {
	if loc != nil {
		return closable(loc.aliases)
	}
	if glob != nil && glob.closed {
		return []*channel{glob}
	}
	return nil
}

// recvTargets are the Promela variables a receive writes (vars), the
// statements that copy them where Go puts them (set), the zero value for a
// receive from a closed channel (zero) and the ok variable.
func (p *proc) recvTargets(c commCase, elem elemKind) (vars string, set, zero []string, okVar string, err error) {
	blank := "_"
	if elem == elemMsg {
		blank = "_,_,_"
	}
	if len(c.lhs) == 0 {
		return blank, nil, nil, "", nil
	}
	v, err := p.lhsLocal(c.lhs[0])
	if err != nil {
		return "", nil, nil, "", err
	}
	if len(c.lhs) == 2 {
		o, err := p.lhsLocal(c.lhs[1])
		if err != nil {
			return "", nil, nil, "", err
		}
		if o != nil {
			if o.kind != lBool {
				return "", nil, nil, "", p.refuse(c.lhs[1], "ok of type other than bool")
			}
			okVar = o.name
		}
	}
	if v == nil {
		return blank, nil, nil, okVar, nil
	}
	switch {
	case elem == elemMsg && v.kind == lMsg:
		return v.name + "_kind," + v.name + "_seq," + v.name + "_stream", nil, p.zero(v), okVar, nil
	case elem != elemMsg && v.kind == lStream:
		return v.name, nil, p.zero(v), okVar, nil
	}
	return "", nil, nil, "", p.refuse(c.lhs[0], "a receive into "+p.g.src(c.lhs[0]))
}

// sendValue is the Promela message for a value sent on a channel of elem.
func (p *proc) sendValue(e ast.Expr, elem elemKind) (string, error) {
	if elem == elemSignal {
		if cl, ok := e.(*ast.CompositeLit); ok && len(cl.Elts) == 0 {
			return "0", nil
		}
		return "", p.refuse(e, "a send of "+p.g.src(e))
	}
	if elem == elemMsg {
		v, err := p.expr(e)
		if err != nil {
			return "", err
		}
		if v.t != tMsg {
			return "", p.refuse(e, "a send of "+p.g.src(e))
		}
		return v.msg[0] + "," + v.msg[1] + "," + v.msg[2], nil
	}
	return p.streamArg(e)
}

// streamArg translates a stream: a Request or an int32 stream.
func (p *proc) streamArg(e ast.Expr) (string, error) {
	v, err := p.expr(e)
	if err != nil {
		return "", err
	}
	if v.t != tStream && v.t != tInt {
		return "", p.refuse(e, "a stream "+p.g.src(e))
	}
	return v.s, nil
}

// expr translates a side-effect-free expression of an actor loop.
func (p *proc) expr(e ast.Expr) (expr, error) {
	info := p.g.prog.info
	tv := info.Types[e]
	if tv.Value != nil {
		if k, ok := p.g.msgKind(tv); ok {
			return expr{s: k, t: tKind}, nil
		}
		if b, ok := tv.Type.Underlying().(*types.Basic); ok && b.Info()&types.IsBoolean != 0 {
			return expr{s: tv.Value.ExactString(), t: tBool}, nil
		}
		if isInteger(tv.Type) {
			return expr{s: tv.Value.ExactString(), t: tInt}, nil
		}
	}
	switch x := e.(type) {
	case *ast.ParenExpr:
		v, err := p.expr(x.X)
		if err == nil && v.t != tMsg && v.t != tChan {
			v.s = "(" + v.s + ")"
		}
		return v, err
	case *ast.Ident:
		o := info.Uses[x]
		if _, isNil := o.(*types.Nil); isNil {
			return expr{s: "nil", t: tNil}, nil
		}
		if v, ok := p.env[o].(chanVal); ok {
			if v.ch.perStream {
				return expr{}, p.refuse(x, "the per-stream channels "+x.Name+" not indexed by a stream")
			}
			return expr{s: v.ch.name, t: tChan, elem: v.ch.elem, ch: v.ch}, nil
		}
		if _, ok := p.env[o]; ok {
			return expr{}, p.refuse(x, "use of "+x.Name+" of Wire in a loop")
		}
		if o == p.self || (o != nil && o == p.queue) {
			return expr{}, p.refuse(x, "use of "+x.Name+" other than by a harness call")
		}
		if o == nil {
			return expr{}, p.refuse(x, "use of "+x.Name)
		}
		l, err := p.local(o, x)
		if err != nil {
			return expr{}, err
		}
		switch l.kind {
		case lBool:
			return expr{s: l.name, t: tBool}, nil
		case lStream:
			return expr{s: l.name, t: tStream}, nil
		case lInt:
			return expr{s: l.name, t: tInt}, nil
		case lMsg:
			return expr{t: tMsg, msg: [3]string{l.name + "_kind", l.name + "_seq", l.name + "_stream"}}, nil
		case lChan:
			return expr{s: l.name, t: tChan, elem: l.elem, loc: l}, nil
		}
	case *ast.IndexExpr:
		id, ok := x.X.(*ast.Ident)
		if ok {
			if v, ok := p.env[info.Uses[id]].(arrayVal); ok {
				idx, err := p.streamArg(x.Index)
				if err != nil {
					return expr{}, err
				}
				t := tInt
				if v.a.elem == "bool" {
					t = tBool
				}
				return expr{s: v.a.name + "[" + idx + "]", t: t}, nil
			}
			if v, ok := p.env[info.Uses[id]].(chanVal); ok && v.ch.perStream {
				idx, err := p.streamArg(x.Index)
				if err != nil {
					return expr{}, err
				}
				return expr{s: chanRef(v.ch, idx), t: tChan, elem: v.ch.elem, ch: v.ch, idx: idx}, nil
			}
		}
	case *ast.SelectorExpr:
		if x.Sel.Name == "Stream" {
			if id, ok := x.X.(*ast.Ident); ok && info.Uses[id] == p.self && p.role == "net" {
				return expr{s: "stream", t: tStream}, nil // n.Stream: the net process's stream
			}
		}
		base, err := p.expr(x.X)
		if err != nil {
			return expr{}, err
		}
		switch {
		case base.t == tMsg && x.Sel.Name == "Kind":
			return expr{s: base.msg[0], t: tKind}, nil
		case base.t == tMsg && x.Sel.Name == "Seq":
			return expr{s: base.msg[1], t: tInt}, nil
		case base.t == tMsg && x.Sel.Name == "Stream":
			return expr{s: base.msg[2], t: tStream}, nil
		case base.t == tStream && x.Sel.Name == "Stream":
			return base, nil // a Request is its stream
		}
	case *ast.CallExpr:
		if tf, ok := info.Types[x.Fun]; ok && tf.IsType() && len(x.Args) == 1 {
			// A conversion between integer types: int32(s), int(x.Stream).
			v, err := p.expr(x.Args[0])
			if err != nil {
				return expr{}, err
			}
			if isInteger(tf.Type) && (v.t == tInt || v.t == tStream) {
				if b, ok := tf.Type.Underlying().(*types.Basic); ok && b.Kind() == types.Int32 {
					v.t = tStream
				} else {
					v.t = tInt
				}
				return v, nil
			}
			return expr{}, p.refuse(x, "conversion "+p.g.src(x))
		}
		fn := p.g.calledFunc(x)
		if fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == DesignsPath {
			switch recvNamed(fn) + "." + fn.Name() {
			case "Msg.Terminal":
				m, err := p.expr(x.Fun.(*ast.SelectorExpr).X)
				if err != nil {
					return expr{}, err
				}
				return expr{s: "(" + m.msg[0] + " == ERROR || " + m.msg[0] + " == DONE)", t: tBool}, nil
			case "Net.Request":
				if _, _, err := p.harnessCall(x); err != nil {
					return expr{}, err
				}
				return expr{s: "stream", t: tStream}, nil
			case "RequestQueue.Head":
				if _, _, err := p.harnessCall(x); err != nil {
					return expr{}, err
				}
				return expr{s: "qhead", t: tStream}, nil
			}
		}
	case *ast.CompositeLit:
		if n, ok := tv.Type.(*types.Named); ok && n.Obj().Name() == "Msg" && n.Obj().Pkg().Path() == DesignsPath {
			kind, seq, stream := "CHUNK", "0", "0"
			for _, el := range x.Elts {
				kv, ok := el.(*ast.KeyValueExpr)
				if !ok {
					return expr{}, p.refuse(x, "a Msg literal without field names")
				}
				f := kv.Key.(*ast.Ident).Name
				v, err := p.expr(kv.Value)
				if err != nil {
					return expr{}, err
				}
				switch {
				case f == "Kind" && v.t == tKind:
					kind = v.s
				case f == "Seq" && (v.t == tInt):
					seq = v.s
				case f == "Stream" && v.t == tStream:
					stream = v.s
				default:
					return expr{}, p.refuse(kv, "Msg field "+f+": "+p.g.src(kv.Value))
				}
			}
			return expr{t: tMsg, msg: [3]string{kind, seq, stream}}, nil
		}
	case *ast.UnaryExpr:
		if x.Op == token.NOT {
			v, err := p.expr(x.X)
			if err != nil {
				return expr{}, err
			}
			if v.t == tBool {
				return expr{s: "!(" + v.s + ")", t: tBool}, nil
			}
		}
	case *ast.BinaryExpr:
		a, err := p.expr(x.X)
		if err != nil {
			return expr{}, err
		}
		b, err := p.expr(x.Y)
		if err != nil {
			return expr{}, err
		}
		switch x.Op {
		case token.LAND, token.LOR:
			if a.t == tBool && b.t == tBool {
				return expr{s: a.s + " " + x.Op.String() + " " + b.s, t: tBool}, nil
			}
		case token.LSS, token.LEQ, token.GTR, token.GEQ:
			if (a.t == tInt || a.t == tStream) && (b.t == tInt || b.t == tStream) {
				return expr{s: a.s + " " + x.Op.String() + " " + b.s, t: tBool}, nil
			}
		case token.ADD, token.SUB:
			if (a.t == tInt || a.t == tStream) && (b.t == tInt || b.t == tStream) {
				return expr{s: "(" + a.s + " " + x.Op.String() + " " + b.s + ")", t: tInt}, nil
			}
		case token.EQL, token.NEQ:
			if a.t == tNil && b.t == tChan {
				a, b = b, a
			}
			if a.t == tChan && b.t == tNil {
				return expr{s: a.s + " " + x.Op.String() + " " + a.elem.nilChan(), t: tBool}, nil
			}
			intish := (a.t == tInt || a.t == tStream) && (b.t == tInt || b.t == tStream)
			if (a.t == b.t || intish) && a.t != tMsg && a.t != tNil {
				return expr{s: a.s + " " + x.Op.String() + " " + b.s, t: tBool}, nil
			}
		}
	}
	return expr{}, p.refuse(e, "expression "+p.g.src(e))
}

// msgKind maps a constant of type designs.MsgKind to its mtype.
func (g *generator) msgKind(tv types.TypeAndValue) (string, bool) {
	n, ok := tv.Type.(*types.Named)
	if !ok || n.Obj().Name() != "MsgKind" || n.Obj().Pkg().Path() != DesignsPath {
		return "", false
	}
	switch tv.Value.ExactString() {
	case "0":
		return "CHUNK", true
	case "1":
		return "ERROR", true
	case "2":
		return "DONE", true
	case "3":
		return "SHUTDOWN", true
	}
	return "", false
}

// join sequences statements; an empty sequence is skip.
func join(s []string) string {
	if len(s) == 0 {
		return "skip"
	}
	return strings.Join(s, ";\n")
}

func indent(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "\t" + l
		}
	}
	return strings.Join(lines, "\n")
}

// endReasons maps designs.EndReason constants to workflow.pml's.
var endReasons = map[string]string{
	"EndShutdown":  "END_SHUTDOWN",
	"EndClosed":    "END_CLOSED",
	"EndCancelled": "END_CANCELLED",
}

// constName is the name of the constant of package designs that e names,
// or "".
func (g *generator) constName(e ast.Expr) string {
	var id *ast.Ident
	switch x := e.(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		id = x.Sel
	default:
		return ""
	}
	c, ok := g.prog.info.Uses[id].(*types.Const)
	if !ok || c.Pkg() == nil || c.Pkg().Path() != DesignsPath {
		return ""
	}
	return c.Name()
}

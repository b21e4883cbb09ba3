package gen

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"
)

// proc translates one actor loop (a closure of Wire's Actors) into the
// body of a Promela process.
type proc struct {
	g        *generator
	role     string       // "net", "router", "script"
	self     types.Object // the loop's parameter: n, r or s
	env      map[types.Object]value
	locals   map[types.Object]*local
	decls    []*local
	queue    types.Object // q := r.Queue()
	labels   int
	loops    []*loop
	sel      int // depth of select statements being translated
	usedQ    bool
	usedWait bool                          // a cond.Wait: the process needs its ticket
	usedAsk  bool                          // n.HandleAsk: net needs asking
	ret      bool                          // some return jumps to the label ret
	funcs    map[types.Object]*ast.FuncLit // ask := func() { … }
	inlining bool                          // translating a function literal's body at its call
	sub      bool                          // a process of a goroutine or AfterDone function of the loop
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
	return p.finish(seq)
}

// finish is the process body of the translated statements seq: the
// locals, then seq.
func (p *proc) finish(seq []string) (string, error) {
	var b strings.Builder
	role := p.role
	if p.sub {
		role = "" // a goroutine's process: none of its actor's state
	}
	switch role {
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
	if p.usedAsk {
		b.WriteString("\tbool asking;          /* n.HandleAsk: net is to call ask */\n")
	}
	if p.usedWait {
		b.WriteString("\tbyte ticket;          /* its ticket in a sync.Cond's notify list, while it waits */\n")
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
	if role == "net" {
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

package gen

import (
	"fmt"
	"go/ast"
	"go/types"
)

// This file translates the calls of the harness API (see API in api.go):
// Net, Router, Script, Actor and RequestQueue methods, as statements.

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
	if out, ok, err := p.syncCall(call); ok {
		return out, err
	}
	if f, ref, method, ok, err := p.fifoCall(call); ok {
		if err != nil {
			return nil, err
		}
		if method != "FIFO.Put" {
			return nil, p.refuse(call, "call "+p.g.src(call)+" as a statement")
		}
		return p.fifoPut(call, f, ref)
	}
	// ask(), ask a function literal of the loop: its body.
	if lit := p.closureOf(call.Fun); lit != nil {
		if len(call.Args) != 0 {
			return nil, p.refuse(call, "call "+p.g.src(call))
		}
		return p.inline(lit)
	}
	fn, recv, err := p.harnessCall(call)
	if err != nil {
		return nil, err
	}
	switch recv + "." + fn.Name() {
	case "Net.Perturb", "Actor.Perturb":
		return nil, nil // scheduling points, timing only: Spin explores every interleaving anyway
	case "Net.Late":
		if m, err := p.expr(call.Args[0]); err != nil || m.t != tMsg {
			return nil, p.refuse(call, "n.Late of "+p.g.src(call.Args[0]))
		}
		return []string{"skip /* " + p.g.src(call) + ": after the end, it counts for nothing */"}, nil
	case "Net.Pulled":
		return []string{"outstanding++ /* n.Pulled() */"}, nil
	case "Net.Handle":
		return p.handle(call)
	case "Net.HandleAsk":
		return p.handleAsk(call)
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
	if p.sub {
		switch recv + "." + fn.Name() {
		case "Actor.Quit", "Actor.Quitting", "Actor.Perturb", "Net.Perturb", "Net.Done", "Actor.NetDone", "Net.Cancelled", "Net.Request":
		default:
			return nil, "", p.refuse(call, "call "+p.g.src(call)+" in a goroutine of the loop (it has none of the actor's state)")
		}
	}
	return fn, recv, nil
}

// handleAsk translates n.HandleAsk(m, ask), ask a function literal of the
// loop (its body is the ask, inlined) or nil (net asks in its loop): see
// workflow.pml's netHandleAsk.
func (p *proc) handleAsk(call *ast.CallExpr) ([]string, error) {
	m, err := p.expr(call.Args[0])
	if err != nil {
		return nil, err
	}
	if m.t != tMsg {
		return nil, p.refuse(call.Args[0], "HandleAsk of "+p.g.src(call.Args[0]))
	}
	p.usedAsk = true
	src := p.g.src(call)
	out := []string{fmt.Sprintf("netHandleAsk(%s, %s, asking) /* %s */", m.msg[0], m.msg[1], src)}
	if a, err := p.expr(call.Args[1]); err == nil && a.t == tNil {
		return append(out, "netHandleAskEnd("+m.msg[0]+", more)"), nil
	}
	lit := p.closureOf(call.Args[1])
	if lit == nil {
		return nil, p.refuse(call.Args[1], "HandleAsk's ask "+p.g.src(call.Args[1])+" (a function literal of the loop, or nil)")
	}
	ask, err := p.inline(lit)
	if err != nil {
		return nil, err
	}
	ask = append(ask, "outstanding++ /* n.Pulled() */")
	out = append(out, "if\n:: asking -> /* "+p.g.src(call.Args[1])+"() */\n"+indent(join(ask))+"\n:: else -> skip\nfi")
	return append(out, "netHandleAskEnd("+m.msg[0]+", more)"), nil
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

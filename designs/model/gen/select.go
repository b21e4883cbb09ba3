package gen

import (
	"fmt"
	"go/ast"
	"go/token"
	"sort"
	"strings"
)

// This file translates select statements, lone sends and receives, and
// what they need: the closed flags of channels a loop closes, receive
// targets, and the values sent.

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
		if p.sub && special == "" {
			return nil, p.refuse(c.at, "a go statement whose goroutine sends or receives on a channel (a goroutine of a loop only waits for Quit or Done, and locks and wakes)")
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

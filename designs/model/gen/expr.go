package gen

import (
	"go/ast"
	"go/token"
	"go/types"
)

// This file translates the side-effect-free expressions of an actor loop.

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
			case "Net.MayPull":
				if _, _, err := p.harnessCall(x); err != nil {
					return expr{}, err
				}
				return expr{s: "netMayPull", t: tBool}, nil
			case "Net.Cancelled":
				if _, _, err := p.harnessCall(x); err != nil {
					return expr{}, err
				}
				return expr{s: "netDone[stream]", t: tBool}, nil
			case "Actor.Quitting":
				if _, _, err := p.harnessCall(x); err != nil {
					return expr{}, err
				}
				return expr{s: "quit", t: tBool}, nil
			case "FIFO.Len":
				_, ref, _, _, err := p.fifoCall(x)
				if err != nil {
					return expr{}, err
				}
				return expr{s: "len(" + ref + ")", t: tInt}, nil
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

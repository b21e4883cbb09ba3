package gen

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"

	"chanbench/designs"
)

// ChunkPath derives, from the model's channel graph, the path a chunk
// takes through the design under c, in the terms of designs.ChunkPath, so
// that a test can hold each design's declaration to its Wire:
//
//   - the pull path: the stream channel net sends on (n.Pull, n.Handle)
//     and the router receives from (req), and the one the router sends on
//     (q.Out) and script receives from (read);
//   - direct (ViaRouter false) when script sends a Msg on a channel net
//     receives from (data): the chunk goes straight to net, whatever else
//     script sends the router (a stop, the terminal outcome);
//   - routed (ViaRouter true) when script's Msgs all go to the router
//     (result), which sends Msgs on to net (out);
//   - Capacity: the capacity of every channel on that path, evaluated
//     under c; channels of different capacities on the path are an error,
//     as designs.ChunkPath has one capacity;
//   - NetCtrl: net receives from some channel besides the chunk's last
//     hop (ctrl, a shutdown or a sender closed at the end).
//
// Every hop a designs.FIFO (a queue under the design's own lock) is the
// path ByLock, with no capacity.
//
// A graph that has no such path (no req, read or chunk channel, or more
// than one candidate for a hop) is an error that says which hop.
func (m *Model) ChunkPath(c designs.Config) (designs.ChunkPath, error) {
	one := func(hop string, keep func(Channel) bool) (Channel, error) {
		var found []Channel
		for _, ch := range m.Channels {
			if keep(ch) {
				found = append(found, ch)
			}
		}
		if len(found) != 1 {
			var names []string
			for _, ch := range found {
				names = append(names, ch.Name)
			}
			return Channel{}, fmt.Errorf("design %s: want one %s channel, have %d %v", m.Design, hop, len(found), names)
		}
		return found[0], nil
	}
	has := func(list []string, role string) bool { return slices.Contains(list, role) }
	req, err := one("req (net → router, requests)", func(ch Channel) bool {
		return ch.Elem == "stream" && has(ch.Senders, "net") && has(ch.Receivers, "router")
	})
	if err != nil {
		return designs.ChunkPath{}, err
	}
	read, err := one("read (router → script, requests)", func(ch Channel) bool {
		return ch.Elem == "stream" && has(ch.Senders, "router") && has(ch.Receivers, "script")
	})
	if err != nil {
		return designs.ChunkPath{}, err
	}
	path := []Channel{req, read}
	var last Channel
	direct := slices.ContainsFunc(m.Channels, func(ch Channel) bool {
		return ch.Elem == "Msg" && has(ch.Senders, "script") && has(ch.Receivers, "net")
	})
	if direct {
		last, err = one("data (script → net, chunks)", func(ch Channel) bool {
			return ch.Elem == "Msg" && has(ch.Senders, "script") && has(ch.Receivers, "net")
		})
		if err != nil {
			return designs.ChunkPath{}, err
		}
		path = append(path, last)
	} else {
		result, err := one("result (script → router, chunks)", func(ch Channel) bool {
			return ch.Elem == "Msg" && has(ch.Senders, "script") && has(ch.Receivers, "router")
		})
		if err != nil {
			return designs.ChunkPath{}, err
		}
		last, err = one("out (router → net, chunks)", func(ch Channel) bool {
			return ch.Elem == "Msg" && has(ch.Senders, "router") && has(ch.Receivers, "net")
		})
		if err != nil {
			return designs.ChunkPath{}, err
		}
		path = append(path, result, last)
	}
	queues := 0
	for _, ch := range path {
		if ch.Queue {
			queues++
		}
	}
	switch queues {
	case len(path):
		// Every hop a designs.FIFO under the design's own lock: ByLock,
		// whose path has no channel capacity.
		netCtrl := slices.ContainsFunc(m.Channels, func(ch Channel) bool {
			return ch.Name != last.Name && has(ch.Receivers, "net")
		})
		return designs.ChunkPath{HandOff: designs.ByLock, ViaRouter: !direct, NetCtrl: netCtrl}, nil
	case 0:
	default:
		return designs.ChunkPath{}, fmt.Errorf("design %s: the path mixes channels and locked FIFOs, which designs.ChunkPath cannot say", m.Design)
	}
	capacity := -1
	for _, ch := range path {
		k, err := evalCapacity(ch.Capacity, c)
		if err != nil {
			return designs.ChunkPath{}, fmt.Errorf("design %s, channel %s: %w", m.Design, ch.Name, err)
		}
		if capacity >= 0 && k != capacity {
			return designs.ChunkPath{}, fmt.Errorf("design %s: the path's channels have different capacities (%s is %d, %s is %d)",
				m.Design, path[0].Name, capacity, ch.Name, k)
		}
		capacity = k
	}
	netCtrl := slices.ContainsFunc(m.Channels, func(ch Channel) bool {
		return ch.Name != last.Name && has(ch.Receivers, "net")
	})
	return designs.ChunkPath{ViaRouter: !direct, Capacity: capacity, NetCtrl: netCtrl}, nil
}

// evalCapacity evaluates a channel's Promela capacity expression under c:
// CAP, WINDOW and STREAMS are c's Capacity, Window and Streams.
func evalCapacity(s string, c designs.Config) (int, error) {
	e, err := parser.ParseExpr(s)
	if err != nil {
		return 0, fmt.Errorf("capacity %q: %w", s, err)
	}
	var eval func(ast.Expr) (int, error)
	eval = func(e ast.Expr) (int, error) {
		switch x := e.(type) {
		case *ast.BasicLit:
			if x.Kind == token.INT {
				return strconv.Atoi(x.Value)
			}
		case *ast.Ident:
			switch x.Name {
			case "CAP":
				return c.Capacity, nil
			case "WINDOW":
				return c.Window, nil
			case "STREAMS":
				return c.Streams, nil
			}
		case *ast.ParenExpr:
			return eval(x.X)
		case *ast.BinaryExpr:
			a, err := eval(x.X)
			if err != nil {
				return 0, err
			}
			b, err := eval(x.Y)
			if err != nil {
				return 0, err
			}
			switch x.Op {
			case token.ADD:
				return a + b, nil
			case token.SUB:
				return a - b, nil
			case token.MUL:
				return a * b, nil
			}
		}
		return 0, fmt.Errorf("capacity %q: cannot evaluate it", s)
	}
	return eval(e)
}

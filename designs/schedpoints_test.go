package designs_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"chanbench/designs"
)

// The scheduled regime serialises the actors only if each of them stops at
// a scheduling point (Net.Perturb, Actor.Perturb) before each step it
// takes on a channel: TestSchedulingPoints holds every design and every
// mutant to that, from their source.
//
// An actor loop is a function literal whose one parameter is a *Net, a
// *Router or a *Script, wherever it is written (in Wire, in a helper
// that returns it); with it, every goroutine it starts with `go func`, and
// every closure it defines and calls. A step is: a select (with or
// without a default), a send, a receive, a close of a channel, a Wait (of
// a sync.Cond or WaitGroup), a pipe's Read, Write, Close or
// CloseWithError, io.ReadFull, a call of the next function of an iter.Pull,
// and a call of a function or method of the package whose body takes a
// step (an inbox's take). A harness call on the actor is no step, but for
// ToNet, which holds its own scheduling point.
//
// The rule: going back from a step along the statements before it (out of
// an if, a switch case or a block into the statement that holds it, and
// out of a wait loop `for cond { c.Wait() }` into the loop), the first
// statement met that is a scheduling point or takes a step must be a
// scheduling point. The top of a loop body, of a select case or of a
// goroutine is no way out: a step there needs its point in there. So
// between a scheduling point and the step it guards there is only local
// work (taking a mutex, reading the source), never another step.

// pointFiles are the files the rule holds: every non-test file of the
// package (the registered designs and their shared wirings) and every
// mutant file.
func pointFiles(t *testing.T) []string {
	t.Helper()
	names, err := filepath.Glob("*.go")
	require.NoError(t, err)
	var out []string
	for _, n := range names {
		if !strings.HasSuffix(n, "_test.go") || strings.HasPrefix(n, "mutant_") {
			out = append(out, n)
		}
	}
	require.NotEmpty(t, out)
	return out
}

// parsePointFiles parses names, in order.
func parsePointFiles(t *testing.T, fset *token.FileSet, names []string) []*ast.File {
	t.Helper()
	files := make([]*ast.File, len(names))
	for i, n := range names {
		f, err := parser.ParseFile(fset, n, nil, parser.SkipObjectResolution)
		require.NoError(t, err, "parse %s", n)
		files[i] = f
	}
	return files
}

// pointChecker applies the rule to actor loops.
type pointChecker struct {
	fset     *token.FileSet
	blocking map[string]bool // functions and methods of the package whose bodies take a step, by name
	next     map[string]bool // variables holding the next function of an iter.Pull
}

// newPointChecker learns, from every function and method declared in
// files, which ones take a step (to a fixed point: a function calling one
// that does takes one too).
func newPointChecker(fset *token.FileSet, files []*ast.File) *pointChecker {
	c := &pointChecker{fset: fset, blocking: map[string]bool{}, next: map[string]bool{}}
	bodies := map[string][]*ast.BlockStmt{}
	for _, f := range files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				bodies[fd.Name.Name] = append(bodies[fd.Name.Name], fd.Body)
			}
		}
	}
	for grew := true; grew; {
		grew = false
		for name, bs := range bodies {
			if c.blocking[name] {
				continue
			}
			for _, b := range bs {
				if c.hasStep(b, nil) {
					c.blocking[name] = true
					grew = true
					break
				}
			}
		}
	}
	return c
}

// actorParam returns the name of fl's parameter if fl is an actor loop.
func actorParam(fl *ast.FuncLit) (string, bool) {
	ps := fl.Type.Params.List
	if len(ps) != 1 || len(ps[0].Names) != 1 {
		return "", false
	}
	star, ok := ps[0].Type.(*ast.StarExpr)
	if !ok {
		return "", false
	}
	var name string
	switch x := star.X.(type) {
	case *ast.Ident:
		name = x.Name
	case *ast.SelectorExpr:
		name = x.Sel.Name
	}
	switch name {
	case "Net", "Router", "Script":
		return ps[0].Names[0].Name, true
	}
	return "", false
}

// isPoint reports whether s is a scheduling point: `x.Perturb()`.
func isPoint(s ast.Stmt) bool {
	es, ok := s.(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := es.X.(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Perturb"
}

// callStep classifies a call: whether it is a step, and whether it holds
// its own scheduling point (ToNet). actors are the actor parameters in
// scope (nil outside an actor loop).
func (c *pointChecker) callStep(call *ast.CallExpr, actors []string) (step, ownPoint bool) {
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		return fn.Name == "close" || c.blocking[fn.Name] || c.next[fn.Name], false
	case *ast.SelectorExpr:
		if x, ok := fn.X.(*ast.Ident); ok {
			if slices.Contains(actors, x.Name) {
				return fn.Sel.Name == "ToNet", fn.Sel.Name == "ToNet"
			}
			if x.Name == "io" {
				switch fn.Sel.Name {
				case "ReadFull", "ReadAtLeast", "ReadAll", "Copy", "CopyN":
					return true, false
				}
			}
		}
		switch fn.Sel.Name {
		case "Wait", "Read", "Write", "Close", "CloseWithError":
			return true, false
		}
		return c.blocking[fn.Sel.Name], false
	}
	return false, false
}

// hasStep reports whether n takes a step when it runs (not counting the
// bodies of function literals, which run later or elsewhere, nor deferred
// calls and goroutines started).
func (c *pointChecker) hasStep(n ast.Node, actors []string) bool {
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		if found {
			return false
		}
		switch x := x.(type) {
		case *ast.FuncLit, *ast.DeferStmt, *ast.GoStmt:
			return false
		case *ast.SelectStmt, *ast.SendStmt:
			found = true
		case *ast.UnaryExpr:
			found = x.Op == token.ARROW
		case *ast.CallExpr:
			found, _ = c.callStep(x, actors)
		}
		return !found
	})
	return found
}

// check applies the rule to every actor loop of f and returns a line for
// each step not guarded by a scheduling point.
func (c *pointChecker) check(f *ast.File) []string {
	var problems []string
	ast.Inspect(f, func(n ast.Node) bool {
		fl, ok := n.(*ast.FuncLit)
		if !ok {
			return true
		}
		if _, ok := actorParam(fl); !ok {
			return true
		}
		problems = append(problems, c.checkLoop(fl)...)
		return false // a loop inside is checked with this one
	})
	return problems
}

// checkLoop applies the rule to one actor loop.
func (c *pointChecker) checkLoop(loop *ast.FuncLit) []string {
	parent := map[ast.Node]ast.Node{}
	inCase := map[ast.Node]bool{} // the send or receive of a select's case: the select's step
	var stack []ast.Node
	var actors []string
	type step struct {
		node ast.Node
		what string
	}
	var steps []step
	ast.Inspect(loop, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		var up ast.Node
		if len(stack) > 0 {
			up = stack[len(stack)-1]
		}
		parent[n] = up
		switch x := n.(type) {
		case *ast.DeferStmt:
			return false // it runs at the return: no step of the loop's
		case *ast.FuncLit:
			if p, ok := actorParam(x); ok {
				actors = append(actors, p)
			} else if call, ok := up.(*ast.CallExpr); ok && slices.Contains(call.Args, ast.Expr(x)) {
				return false // a callback (AfterDone, OnceFunc): not the loop's
			}
		case *ast.CommClause:
			if x.Comm != nil {
				ast.Inspect(x.Comm, func(m ast.Node) bool {
					if m != nil {
						inCase[m] = true
					}
					return true
				})
			}
		case *ast.AssignStmt:
			c.notePull(x)
		case *ast.SelectStmt:
			steps = append(steps, step{x, "a select"})
		case *ast.SendStmt:
			if !inCase[x] {
				steps = append(steps, step{x, "a send"})
			}
		case *ast.UnaryExpr:
			if x.Op == token.ARROW && !inCase[x] {
				steps = append(steps, step{x, "a receive"})
			}
		case *ast.CallExpr:
			if _, ok := up.(*ast.GoStmt); !ok {
				if isStep, own := c.callStep(x, actors); isStep && !own {
					steps = append(steps, step{x, "a call of " + exprString(x.Fun)})
				}
			}
		}
		stack = append(stack, n)
		return true
	})
	var problems []string
	for _, s := range steps {
		if !c.guarded(s.node, parent, actors) {
			problems = append(problems, fmt.Sprintf("%s: %s with no scheduling point (Perturb) before it", c.fset.Position(s.node.Pos()), s.what))
		}
	}
	return problems
}

// notePull notes the variable a `next, stop := iter.Pull(…)` (or Pull2)
// assigns the next function to: calling it runs the coroutine, a step.
func (c *pointChecker) notePull(a *ast.AssignStmt) {
	if len(a.Rhs) != 1 || len(a.Lhs) == 0 {
		return
	}
	call, ok := a.Rhs[0].(*ast.CallExpr)
	if !ok {
		return
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return
	}
	if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "iter" || sel.Sel.Name != "Pull" && sel.Sel.Name != "Pull2" {
		return
	}
	if id, ok := a.Lhs[0].(*ast.Ident); ok {
		c.next[id.Name] = true
	}
}

// innermost returns the innermost statement holding n that sits in a
// statement list (a block, a switch case, a select case), or nil.
func innermost(n ast.Node, parent map[ast.Node]ast.Node) ast.Stmt {
	for n != nil {
		p := parent[n]
		if s, ok := n.(ast.Stmt); ok {
			switch p.(type) {
			case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
				return s
			}
		}
		n = p
	}
	return nil
}

// guarded reports whether the step at n has a scheduling point before it,
// by the rule.
func (c *pointChecker) guarded(n ast.Node, parent map[ast.Node]ast.Node, actors []string) bool {
	s := innermost(n, parent)
	for s != nil {
		p := parent[s]
		var list []ast.Stmt
		switch p := p.(type) {
		case *ast.BlockStmt:
			list = p.List
		case *ast.CaseClause:
			list = p.Body
		case *ast.CommClause:
			list = p.Body
		default:
			return false
		}
		for j := slices.Index(list, s) - 1; j >= 0; j-- {
			if isPoint(list[j]) {
				return true
			}
			if c.hasStep(list[j], actors) {
				return false
			}
		}
		// The top of the list: out into what holds it, where that is a
		// way out.
		switch holder := p.(type) {
		case *ast.CommClause:
			return false // the select before it took a step
		case *ast.CaseClause:
			switch sw := parent[parent[holder]].(type) { // the switch body, then the switch
			case *ast.SwitchStmt:
				if sw.Init != nil && c.hasStep(sw.Init, actors) || sw.Tag != nil && c.hasStep(sw.Tag, actors) {
					return false
				}
				s = sw
			case *ast.TypeSwitchStmt:
				s = sw
			default:
				return false
			}
		case *ast.BlockStmt:
			switch g := parent[holder].(type) {
			case *ast.IfStmt:
				for {
					if g.Init != nil && c.hasStep(g.Init, actors) || c.hasStep(g.Cond, actors) {
						return false
					}
					outer, ok := parent[g].(*ast.IfStmt) // g is an else if
					if !ok {
						break
					}
					g = outer
				}
				s = g
			case *ast.ForStmt:
				if !isWaitLoop(g) {
					return false // each turn of a loop needs its own point
				}
				s = g
			case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
				s = holder // a bare block
			default:
				return false // a range loop, a function literal's body: no way out
			}
		}
	}
	return false
}

// isWaitLoop reports whether f is `for cond { x.Wait() }`: the wait of a
// sync.Cond, which waits again where it woke.
func isWaitLoop(f *ast.ForStmt) bool {
	if f.Init != nil || f.Post != nil || f.Cond == nil || len(f.Body.List) != 1 {
		return false
	}
	es, ok := f.Body.List[0].(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := es.X.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Wait"
}

// exprString renders a call's function, as "router.take".
func exprString(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return exprString(e.X) + "." + e.Sel.Name
	case *ast.IndexExpr:
		return exprString(e.X) + "[…]"
	}
	return "…"
}

// TestSchedulingPoints holds every design and every mutant to the rule
// (see pointChecker): each step of an actor loop has a scheduling point
// before it.
func TestSchedulingPoints(t *testing.T) {
	fset := token.NewFileSet()
	names := pointFiles(t)
	files := parsePointFiles(t, fset, names)
	c := newPointChecker(fset, files)
	loops := 0
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if fl, ok := n.(*ast.FuncLit); ok {
				if _, ok := actorParam(fl); ok {
					loops++
				}
			}
			return true
		})
		require.Empty(t, c.check(f))
	}
	require.GreaterOrEqual(t, loops, 3*len(designs.All()), "the checker finds few actor loops: does it still recognise them?")
}

// TestSchedulingPointsRefuseOneLeftOut removes each scheduling point of
// every design and mutant in turn, and requires the rule to refuse the
// result: every point written is needed, and the check sees any one of
// them go.
func TestSchedulingPointsRefuseOneLeftOut(t *testing.T) {
	fset := token.NewFileSet()
	names := pointFiles(t)
	c := newPointChecker(fset, parsePointFiles(t, fset, names))
	removed := 0
	for _, name := range names {
		src, err := os.ReadFile(name)
		require.NoError(t, err)
		for k := 0; ; k++ {
			f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
			require.NoError(t, err)
			pos, ok := dropPoint(f, k)
			if !ok {
				break
			}
			removed++
			require.NotEmpty(t, c.check(f), "%s: without its scheduling point, the check still passes", fset.Position(pos))
		}
	}
	require.Greater(t, removed, 50, "the check removed few scheduling points: are they still written as x.Perturb()?")
}

// dropPoint removes the k-th scheduling point (in source order) inside an
// actor loop of f, and returns its position; false when f has no k-th.
func dropPoint(f *ast.File, k int) (token.Pos, bool) {
	seen := 0
	var pos token.Pos
	done := false
	drop := func(list []ast.Stmt) []ast.Stmt {
		for i, s := range list {
			if isPoint(s) {
				if seen == k {
					pos, done = s.Pos(), true
					return slices.Delete(list, i, i+1)
				}
				seen++
			}
		}
		return list
	}
	ast.Inspect(f, func(n ast.Node) bool {
		fl, ok := n.(*ast.FuncLit)
		if done || !ok {
			return !done
		}
		if _, ok := actorParam(fl); !ok {
			return true
		}
		ast.Inspect(fl, func(m ast.Node) bool {
			switch x := m.(type) {
			case *ast.BlockStmt:
				x.List = drop(x.List)
			case *ast.CaseClause:
				x.Body = drop(x.Body)
			case *ast.CommClause:
				x.Body = drop(x.Body)
			}
			return !done
		})
		return false
	})
	return pos, done
}

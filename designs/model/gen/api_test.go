package gen

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAPITable holds the one table of the harness API, API, to the
// translation (every method its switches dispatch on is in the table and
// every entry is dispatched on), to the package doc and workflow.pml's
// header (each lists every call), to workflow.pml itself (every macro or
// variable an entry names is defined there), and to package designs
// (every exported method of the harness's types is translated or, in
// notTranslated, refused for a stated reason).
func TestAPITable(t *testing.T) {
	api := API()
	byMethod := apiByMethod()
	require.Len(t, byMethod, len(api), "a method twice in API")

	// The translation: string literals "Type.Method" in the generator's code.
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	methodRE := regexp.MustCompile(`^[A-Z]\w*\.[A-Z]\w*$`)
	dispatched := map[string]bool{}
	var doc string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || name == "api.go" {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		require.NoError(t, err)
		if f.Doc != nil {
			doc += f.Doc.Text()
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil && methodRE.MatchString(s) {
					dispatched[s] = true
				}
			}
			return true
		})
	}
	for m := range dispatched {
		require.Contains(t, byMethod, m, "the translation dispatches on %s, which API does not list", m)
	}
	lib, err := os.ReadFile(filepath.Join("..", "workflow.pml"))
	require.NoError(t, err)
	pml := string(lib)
	for _, e := range api {
		require.True(t, dispatched[e.Method], "API lists %s, which the translation never dispatches on", e.Method)
		require.True(t, strings.Contains(doc, e.Call), "the package doc's table lacks %s", e.Call)
		require.True(t, strings.Contains(doc, e.Promela), "the package doc's table lacks %s's %s", e.Call, e.Promela)
		require.True(t, strings.Contains(pml, e.Call), "workflow.pml's header lacks %s", e.Call)
		defined := regexp.MustCompile(`(inline ` + e.Promela + `\(|\b` + e.Promela + `\b)`)
		require.True(t, defined.MatchString(pml), "workflow.pml does not define %s (for %s)", e.Promela, e.Call)
		require.NotEmpty(t, e.Checks, e.Call)
	}

	// Package designs: every exported method of the harness's types.
	p, err := load(designsDir, "")
	require.NoError(t, err)
	not := notTranslated()
	for _, typ := range []string{"Net", "Router", "Script", "Actor", "RequestQueue", "Msg", "FIFO"} {
		tn, ok := p.designs.Scope().Lookup(typ).(*types.TypeName)
		require.True(t, ok, "designs.%s", typ)
		ms := types.NewMethodSet(types.NewPointer(tn.Type()))
		for i := range ms.Len() {
			fn := ms.At(i).Obj().(*types.Func)
			if !fn.Exported() || recvNamed(fn) != typ {
				continue // unexported, or promoted from an embedded type (listed under it)
			}
			key := typ + "." + fn.Name()
			_, inAPI := byMethod[key]
			_, refused := not[key]
			require.True(t, inAPI || refused, "designs.%s is neither in API nor in notTranslated: classify it", key)
			require.False(t, inAPI && refused, "designs.%s is in both API and notTranslated", key)
		}
	}
	for key := range not {
		typ, name, _ := strings.Cut(key, ".")
		obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(p.designs.Scope().Lookup(typ).Type()), true, p.designs, name)
		require.NotNil(t, obj, "notTranslated lists %s, which package designs does not have", key)
	}
}

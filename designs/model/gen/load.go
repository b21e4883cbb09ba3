package gen

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// DesignsPath is the import path of the harness package whose API the
// generated models map to workflow.pml.
const DesignsPath = "chanbench/designs"

// program is the type-checked Go source a model is generated from: the
// designs package, and, for a test-only design, the test package that
// holds it.
type program struct {
	fset    *token.FileSet
	designs *types.Package // chanbench/designs
	pkg     *types.Package // the package holding the design's type
	info    *types.Info    // for both packages
	funcs   map[*types.Func]*ast.FuncDecl
	docs    map[*types.TypeName]*ast.CommentGroup // each type's doc comment
}

// load parses and type-checks the designs package in dir (its non-test
// files) and, when file is not empty, the package of that file (a
// _test.go file of package designs or designs_test, with its siblings of
// the same package in its directory).
func load(dir, file string) (*program, error) {
	p := &program{
		fset:  token.NewFileSet(),
		funcs: map[*types.Func]*ast.FuncDecl{},
		docs:  map[*types.TypeName]*ast.CommentGroup{},
		info: &types.Info{
			Types:      map[ast.Expr]types.TypeAndValue{},
			Defs:       map[*ast.Ident]types.Object{},
			Uses:       map[*ast.Ident]types.Object{},
			Selections: map[*ast.SelectorExpr]*types.Selection{},
		},
	}
	base, err := parseDir(p.fset, dir, func(name string) bool { return !strings.HasSuffix(name, "_test.go") })
	if err != nil {
		return nil, err
	}
	var extra []*ast.File
	extraPkg := ""
	if file != "" {
		f, err := parser.ParseFile(p.fset, file, nil, parser.SkipObjectResolution|parser.ParseComments)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", file, err)
		}
		extraPkg = f.Name.Name
		abs, _ := filepath.Abs(file)
		// The file's siblings of the same package: a test file may use
		// helpers declared next to it.
		sibs, err := parseDir(p.fset, filepath.Dir(file), func(name string) bool {
			full, _ := filepath.Abs(filepath.Join(filepath.Dir(file), name))
			return strings.HasSuffix(name, "_test.go") && full != abs
		})
		if err != nil {
			return nil, err
		}
		extra = append(extra, f)
		for _, s := range sibs {
			if s.Name.Name == extraPkg {
				extra = append(extra, s)
			}
		}
	}
	std := newImporter(p.fset, dir, importsModules(append(base, extra...)))
	conf := types.Config{Importer: std}
	designsFiles := base
	if extraPkg == "designs" {
		designsFiles = append(designsFiles, extra...)
	}
	p.designs, err = conf.Check(DesignsPath, p.fset, designsFiles, p.info)
	if err != nil {
		return nil, fmt.Errorf("type-check %s: %w", DesignsPath, err)
	}
	p.pkg = p.designs
	all := designsFiles
	if extraPkg != "" && extraPkg != "designs" {
		// The siblings of a test file may import what this importer cannot
		// find (testify, from the module cache): errors outside the file
		// itself are tolerated, as nothing of the design depends on them;
		// an error in the file is not.
		var inFile []error
		conf2 := types.Config{
			Importer: importerFunc(func(path string) (*types.Package, error) {
				if path == DesignsPath {
					return p.designs, nil
				}
				return std.Import(path)
			}),
			Error: func(err error) {
				if te, ok := err.(types.Error); ok {
					if f, _ := filepath.Abs(te.Fset.Position(te.Pos).Filename); f != abs(file) {
						return
					}
				}
				inFile = append(inFile, err)
			},
		}
		p.pkg, _ = conf2.Check(DesignsPath+"_test", p.fset, extra, p.info)
		if len(inFile) > 0 {
			return nil, fmt.Errorf("type-check %s (package %s): %w", file, extraPkg, inFile[0])
		}
		all = append(all, extra...)
	}
	for _, f := range all {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if fn, ok := p.info.Defs[d.Name].(*types.Func); ok {
					p.funcs[fn] = d
				}
			case *ast.GenDecl:
				for _, sp := range d.Specs {
					ts, ok := sp.(*ast.TypeSpec)
					if !ok {
						continue
					}
					doc := ts.Doc
					if doc == nil && len(d.Specs) == 1 {
						doc = d.Doc
					}
					if tn, ok := p.info.Defs[ts.Name].(*types.TypeName); ok && doc != nil {
						p.docs[tn] = doc
					}
				}
			}
		}
	}
	return p, nil
}

// moduleImporter imports as the go command resolves imports: the
// standard library from its export data, and every other package (a
// module dependency such as testify, from the module cache) from source,
// found by go/build, which asks the go command in module mode.
type moduleImporter struct {
	std    types.Importer
	source types.ImporterFrom
	dir    string
}

// Export data and source must not be mixed (a package imported both ways
// would be two packages, its types unequal), so with fromSource every
// import, the standard library's too, is type-checked from source: a
// little slower, needed only when test files are loaded.
func newImporter(fset *token.FileSet, dir string, fromSource bool) *moduleImporter {
	m := &moduleImporter{std: importer.Default(), dir: dir}
	if fromSource {
		m.source = importer.ForCompiler(fset, "source", nil).(types.ImporterFrom)
	}
	return m
}

// Import imports path as seen from the designs directory.
func (m *moduleImporter) Import(path string) (*types.Package, error) {
	if m.source == nil {
		return m.std.Import(path)
	}
	pkg, err := m.source.ImportFrom(path, m.dir, 0)
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", path, err)
	}
	return pkg, nil
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// parseDir parses the .go files of dir that keep accepts and that the
// go command would build here: those whose build constraints (a
// //go:build line, a _linux or _amd64 suffix) the default build context
// satisfies, so that a file and its counterpart for other systems are not
// both type-checked.
func parseDir(fset *token.FileSet, dir string, keep func(name string) bool) ([]*ast.File, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", dir, err)
	}
	var files []*ast.File
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || !keep(name) {
			continue
		}
		match, err := build.Default.MatchFile(dir, name)
		if err != nil {
			return nil, fmt.Errorf("read build constraints of %s: %w", filepath.Join(dir, name), err)
		}
		if !match {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution|parser.ParseComments)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", filepath.Join(dir, name), err)
		}
		files = append(files, f)
	}
	return files, nil
}

// Design is a type of the loaded program that has the methods of
// designs.Design: its registry name (from Name) and its type name.
type Design struct {
	Name string // what Name() returns, e.g. "explicit"
	Type string // the Go type, e.g. "Explicit"
	File string // the file that declares the type
}

// designs lists the types of p.pkg with Name() string and Wire methods,
// sorted by type name, with the name each Name method returns (it must be
// a single return of a string constant).
func (p *program) designTypes() ([]Design, error) {
	var out []Design
	scope := p.pkg.Scope()
	for _, n := range scope.Names() {
		tn, ok := scope.Lookup(n).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		if p.method(tn, "Wire") == nil || p.method(tn, "Name") == nil {
			continue
		}
		name, err := p.designName(tn)
		if err != nil {
			return nil, err
		}
		out = append(out, Design{Name: name, Type: tn.Name(), File: p.fset.Position(tn.Pos()).Filename})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Type < out[j].Type })
	return out, nil
}

// method returns the declaration of tn's method (value or pointer
// receiver) called name, or nil.
func (p *program) method(tn *types.TypeName, name string) *ast.FuncDecl {
	obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(tn.Type()), true, tn.Pkg(), name)
	fn, ok := obj.(*types.Func)
	if !ok {
		return nil
	}
	return p.funcs[fn]
}

// designName evaluates tn's Name method: `return "name"`.
func (p *program) designName(tn *types.TypeName) (string, error) {
	fd := p.method(tn, "Name")
	if fd.Body != nil && len(fd.Body.List) == 1 {
		if r, ok := fd.Body.List[0].(*ast.ReturnStmt); ok && len(r.Results) == 1 {
			if tv, ok := p.info.Types[r.Results[0]]; ok && tv.Value != nil {
				if s, err := strconv.Unquote(tv.Value.ExactString()); err == nil {
					return s, nil
				}
			}
		}
	}
	return "", fmt.Errorf("%s: %s.Name: want a single `return \"name\"` (a string constant)", p.fset.Position(fd.Pos()), tn.Name())
}

func abs(path string) string {
	a, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	return a
}

// importsModules reports whether a file imports a package outside the
// standard library and this module (its path's first element has a dot,
// github.com/…): then imports are resolved from source (see newImporter).
func importsModules(files []*ast.File) bool {
	for _, f := range files {
		for _, im := range f.Imports {
			path, err := strconv.Unquote(im.Path.Value)
			if err == nil && strings.Contains(strings.Split(path, "/")[0], ".") {
				return true
			}
		}
	}
	return false
}

package gen

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/build"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
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
	std, err := newImporter(p.fset, dir, append(base, extra...))
	if err != nil {
		return nil, err
	}
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

// newImporter returns an importer that resolves imports as the go command
// does: it asks `go list -export -deps` (run in dir, so in its module) for
// the export data of every package the files import and of their
// dependencies, which the go command builds (or finds in its build cache)
// from GOROOT and the module cache, and reads it with the gc importer. So
// a test file importing testify type-checks as it compiles.
// chanbench/designs itself is never imported this way: the generator
// type-checks it from source, to read its code.
func newImporter(fset *token.FileSet, dir string, files []*ast.File) (types.Importer, error) {
	seen := map[string]bool{}
	var paths []string
	for _, f := range files {
		for _, im := range f.Imports {
			path, err := strconv.Unquote(im.Path.Value)
			if err != nil || seen[path] || path == DesignsPath || path == "C" || path == "unsafe" {
				continue
			}
			seen[path] = true
			paths = append(paths, path)
		}
	}
	exports := map[string]string{}
	if len(paths) > 0 {
		sort.Strings(paths)
		cmd := exec.Command("go", append([]string{"list", "-export", "-deps", "-f", "{{.ImportPath}}\t{{.Export}}"}, paths...)...)
		cmd.Dir = dir
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("go list -export %s: %w\n%s", strings.Join(paths, " "), err, stderr.String())
		}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			if path, file, ok := strings.Cut(line, "\t"); ok && file != "" {
				exports[path] = file
			}
		}
	}
	return importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		file, ok := exports[path]
		if !ok {
			return nil, fmt.Errorf("no export data for %s (go list -export did not list it)", path)
		}
		return os.Open(file)
	}), nil
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

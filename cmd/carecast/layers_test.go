package main

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/carecast/carecast"

// moduleImports reads the imports of every package of the module, tests
// left out: the import path of each package, and what it imports.
func moduleImports(t *testing.T, root string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		pkg := module
		if rel != "." {
			pkg += "/" + filepath.ToSlash(rel)
		}
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			if !slices.Contains(out[pkg], p) {
				out[pkg] = append(out[pkg], p)
			}
		}
		if _, ok := out[pkg]; !ok {
			out[pkg] = nil
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// deps is every package pkg depends on, directly or through the module's
// own packages (the dependencies of outside modules are not followed).
func deps(imports map[string][]string, pkg string) []string {
	seen := map[string]bool{}
	var walk func(string)
	walk = func(p string) {
		for _, d := range imports[p] {
			if !seen[d] {
				seen[d] = true
				walk(d)
			}
		}
	}
	walk(pkg)
	out := make([]string, 0, len(seen))
	for d := range seen {
		out = append(out, d)
	}
	slices.Sort(out)
	return out
}

// The layers: model is the pure core (the standard library and gonum
// only); data does not know scenarios; the report and charts packages draw
// a model.Result and know nothing of files of returns or scenarios; the
// imports flow cmd → scenarios → data → model.
func TestLayers(t *testing.T) {
	imports := moduleImports(t, "../..")
	std := func(p string) bool { return !strings.Contains(strings.SplitN(p, "/", 2)[0], ".") }
	for _, tc := range []struct {
		pkg     string
		allowed func(dep string) bool
	}{
		{module + "/model", func(d string) bool {
			return std(d) || strings.HasPrefix(d, "gonum.org/v1/gonum/") || strings.HasPrefix(d, module+"/model")
		}},
		{module + "/data", func(d string) bool {
			return !strings.HasPrefix(d, module+"/scenarios") && !strings.HasPrefix(d, module+"/cmd")
		}},
		{module + "/scenarios", func(d string) bool { return !strings.HasPrefix(d, module+"/cmd") }},
		{module + "/cmd/carecast/internal/report", func(d string) bool {
			return !strings.HasPrefix(d, module+"/data") && !strings.HasPrefix(d, module+"/scenarios")
		}},
		{module + "/cmd/carecast/internal/charts", func(d string) bool {
			return !strings.HasPrefix(d, module+"/data") && !strings.HasPrefix(d, module+"/scenarios")
		}},
	} {
		if _, ok := imports[tc.pkg]; !ok {
			t.Errorf("no package %s", tc.pkg)
			continue
		}
		for _, d := range deps(imports, tc.pkg) {
			if !tc.allowed(d) {
				t.Errorf("%s depends on %s", strings.TrimPrefix(tc.pkg, module+"/"), d)
			}
		}
	}
	// Every subpackage of model is as pure as model.
	for pkg := range imports {
		if !strings.HasPrefix(pkg, module+"/model/") {
			continue
		}
		for _, d := range deps(imports, pkg) {
			if !std(d) && !strings.HasPrefix(d, "gonum.org/v1/gonum/") && !strings.HasPrefix(d, module+"/model") {
				t.Errorf("%s depends on %s", strings.TrimPrefix(pkg, module+"/"), d)
			}
		}
	}
}

package main

import (
	"os"
	"strconv"
	"sync"
	"testing"

	"github.com/sentinel-connector-docs/site/tools/catalog"
	rpt "github.com/sentinel-connector-docs/site/tools/report"
	"github.com/sentinel-connector-docs/site/tools/scalegen"
	"github.com/sentinel-connector-docs/site/tools/site"
	"github.com/sentinel-connector-docs/site/tools/source"
)

// The Go stages, one benchmark each, on a synthetic tree of scale
// $BENCH_SCALE (default 0.2; 1 is the real repository's size):
//
//	BENCH_SCALE=1 go test -run '^$' -bench . ./tools/bench

var (
	treeOnce sync.Once
	treeDir  string
)

// TestMain removes the tree the benchmarks shared, which no one benchmark owns.
func TestMain(m *testing.M) {
	code := m.Run()
	if treeDir != "" {
		os.RemoveAll(treeDir)
	}
	os.Exit(code)
}

func tree(b *testing.B) string {
	b.Helper()
	treeOnce.Do(func() {
		scale := 0.2
		if s, err := strconv.ParseFloat(os.Getenv("BENCH_SCALE"), 64); err == nil {
			scale = s
		}
		dir, err := os.MkdirTemp("", "connectordocs-stages-")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := scalegen.Write(dir, scale, 1); err != nil {
			b.Fatal(err)
		}
		treeDir = dir
	})
	return treeDir
}

// BenchmarkFloorReadDecode is floor (a): read and JSON-decode every input.
func BenchmarkFloorReadDecode(b *testing.B) {
	dir := tree(b)
	for b.Loop() {
		readAndDecode(dir, false)
	}
}

// BenchmarkReadDecodeOwnReader is (a′): floor (a) with generate's reader.
func BenchmarkReadDecodeOwnReader(b *testing.B) {
	dir := tree(b)
	for b.Loop() {
		readAndDecode(dir, true)
	}
}

// BenchmarkOpen lists the tree (source.Open); files are read by Build.
func BenchmarkOpen(b *testing.B) {
	fsys := os.DirFS(tree(b))
	for b.Loop() {
		if _, err := source.Open(fsys, &rpt.Report{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuild reads, decodes and builds the catalog, folder by folder.
func BenchmarkBuild(b *testing.B) {
	fsys := os.DirFS(tree(b))
	t, err := source.Open(fsys, &rpt.Report{})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		catalog.Build(t, catalog.Options{}, &rpt.Report{})
	}
}

// BenchmarkWrite writes the site's data files, replacing the previous
// run's.
func BenchmarkWrite(b *testing.B) {
	fsys := os.DirFS(tree(b))
	t, err := source.Open(fsys, &rpt.Report{})
	if err != nil {
		b.Fatal(err)
	}
	cat := catalog.Build(t, catalog.Options{}, &rpt.Report{})
	out := b.TempDir()
	for b.Loop() {
		if err := site.Write(cat, out, site.Meta{FS: fsys}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGenerate is the whole of generate, in process: open, build and
// write into a fresh folder each time (as a first run writes).
func BenchmarkGenerate(b *testing.B) {
	fsys := os.DirFS(tree(b))
	parent := b.TempDir()
	for b.Loop() {
		out, err := os.MkdirTemp(parent, "site-")
		if err != nil {
			b.Fatal(err)
		}
		t, err := source.Open(fsys, &rpt.Report{})
		if err != nil {
			b.Fatal(err)
		}
		cat := catalog.Build(t, catalog.Options{}, &rpt.Report{})
		if err := site.Write(cat, out, site.Meta{FS: fsys}); err != nil {
			b.Fatal(err)
		}
	}
}

package site

import (
	"bytes"
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sentinel-connector-docs/site/tools/catalog"
	"github.com/sentinel-connector-docs/site/tools/report"
	"github.com/sentinel-connector-docs/site/tools/sample"
	"github.com/sentinel-connector-docs/site/tools/source"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

func writeSample(t *testing.T, root string) {
	t.Helper()
	rep := &report.Report{}
	tree, err := source.Open(sample.FS(), rep)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := sample.TablesReference()
	if err != nil {
		t.Fatal(err)
	}
	facts, err := catalog.LoadTableFacts(bytes.NewReader(ref))
	if err != nil {
		t.Fatal(err)
	}
	cat := catalog.Build(tree, catalog.Options{TableFacts: facts}, rep)
	if err := Write(cat, root, Meta{Source: "the embedded sample"}); err != nil {
		t.Fatal(err)
	}
}

// readTree returns every file below root by slash-separated relative path.
func readTree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		b, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestGolden compares the generated data/ of the sample
// with testdata/golden. Refresh with: go test ./tools/site -update
func TestGolden(t *testing.T) {
	root := t.TempDir()
	writeSample(t, root)
	got := readTree(t, root)
	// The site's JSON is compact; the golden copies are indented so that a
	// change reads as a small diff.
	for rel, b := range got {
		if strings.HasSuffix(rel, ".json") {
			var buf bytes.Buffer
			if err := json.Indent(&buf, b, "", "  "); err != nil {
				t.Fatalf("%s: %v", rel, err)
			}
			got[rel] = buf.Bytes()
		}
	}
	golden := filepath.Join("testdata", "golden")
	if *update {
		if err := os.RemoveAll(golden); err != nil {
			t.Fatal(err)
		}
		for rel, b := range got {
			p := filepath.Join(golden, filepath.FromSlash(rel))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	want := readTree(t, golden)
	for rel, b := range want {
		if g, ok := got[rel]; !ok {
			t.Errorf("%s: not generated", rel)
		} else if !bytes.Equal(g, b) {
			t.Errorf("%s: differs from the golden file (go test ./tools/site -update, then review the diff)", rel)
		}
	}
	for rel := range got {
		if _, ok := want[rel]; !ok {
			t.Errorf("%s: generated but not in the golden files", rel)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	writeSample(t, a)
	writeSample(t, b)
	fa, fb := readTree(t, a), readTree(t, b)
	if len(fa) != len(fb) {
		t.Fatalf("%d files vs %d", len(fa), len(fb))
	}
	for rel, x := range fa {
		if !bytes.Equal(x, fb[rel]) {
			t.Errorf("%s differs between two runs", rel)
		}
	}
}

// TestOwnsItsFolders checks that a stub left by an earlier version (whose
// pages now come from the content adapter) is removed by a run, and that
// hand-written files are left alone.
func TestOwnsItsFolders(t *testing.T) {
	root := t.TempDir()
	stale := filepath.Join(root, "content", "connectors", "gone.md")
	handwritten := filepath.Join(root, "content", "_index.md")
	for _, p := range []string{stale, handwritten, filepath.Join(root, "data", ".gitkeep")} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeSample(t, root)
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("the stale stub survived a run")
	}
	for _, p := range []string{handwritten, filepath.Join(root, "data", ".gitkeep")} {
		if b, err := os.ReadFile(p); err != nil || string(b) != "x" {
			t.Errorf("%s was touched", p)
		}
	}
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		if e.Name() != "content" && e.Name() != "data" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// TestGitignoreCoversOwned keeps generated output out of git: every path the
// generator owns must be ignored.
func TestGitignoreCoversOwned(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", ".gitignore"))
	if err != nil {
		t.Fatal(err)
	}
	lines := map[string]bool{}
	for _, l := range bytes.Split(b, []byte("\n")) {
		lines[string(bytes.TrimSpace(l))] = true
	}
	for _, p := range Owned {
		if !lines["/"+p] && !lines["/"+p+"/"] {
			t.Errorf(".gitignore does not ignore /%s", p)
		}
	}
}

func TestCSVCellsCannotBeFormulas(t *testing.T) {
	got := string(encodeCSV([][]string{{"=HYPERLINK(\"https://evil.example\")", "+1", "-x", "@SUM(A1)", "plain", ""}}))
	want := "'=HYPERLINK("
	if !strings.Contains(got, want) || !strings.Contains(got, "'+1") || !strings.Contains(got, "'-x") || !strings.Contains(got, "'@SUM(A1)") || !strings.Contains(got, ",plain,") {
		t.Errorf("encodeCSV = %q", got)
	}
}

// TestLessFold checks that lessFold orders names as comparing their
// lower-case forms does.
func TestLessFold(t *testing.T) {
	names := []string{"", "a", "A", "ab", "aB", "Abc", "b", "Ä", "ä", "äb", "Z", "z", "İ", "i̇", "\xff", "a\xff", "ǅ", "ǆ", "_x", "1"}
	for _, a := range names {
		for _, b := range names {
			la, lb := strings.ToLower(a), strings.ToLower(b)
			want := la < lb || la == lb && "s1" < "s2"
			if got := lessFold(a, b, "s1", "s2"); got != want {
				t.Errorf("lessFold(%q, %q) = %v, want %v", a, b, got, want)
			}
		}
	}
}

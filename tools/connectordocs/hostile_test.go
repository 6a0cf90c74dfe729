package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	cp "github.com/otiai10/copy"
	"golang.org/x/net/html"
)

// unsafeElements lists what must never reach a page from the input: they
// can run script or load content from elsewhere. The site's own scripts are
// /js/ files.
var unsafeElements = map[string]bool{"iframe": true, "object": true, "embed": true, "style": true, "frame": true, "frameset": true, "base": true}

var scriptURL = regexp.MustCompile(`(?i)^\s*(javascript|vbscript|data):`)

// unsafeHTML parses a page and lists every element or attribute that could
// run script: script elements other than the site's own, iframes and the
// like, on* event handlers, and script URLs. Text that merely reads like
// HTML is harmless and not reported.
func unsafeHTML(page []byte) []string {
	var found []string
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return found
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		if tok.Data == "script" {
			own := false
			for _, a := range tok.Attr {
				own = own || (a.Key == "src" && strings.HasPrefix(a.Val, "/js/"))
			}
			if !own {
				found = append(found, tok.String())
			}
		}
		if unsafeElements[tok.Data] {
			found = append(found, tok.String())
		}
		for _, a := range tok.Attr {
			if strings.HasPrefix(strings.ToLower(a.Key), "on") || ((a.Key == "href" || a.Key == "src" || a.Key == "action") && scriptURL.MatchString(a.Val)) {
				found = append(found, tok.String())
			}
		}
	}
}

// TestHostileCorpus builds testdata/hostile, plus symbolic links out of the
// tree made here, and checks that no unsafe HTML from the input reaches a
// page, that the good connector and the hostile ones that are still valid
// connectors get pages, and that every bad file is in the report.
func TestHostileCorpus(t *testing.T) {
	src := t.TempDir()
	if err := cp.Copy(filepath.Join("testdata", "hostile"), src); err != nil {
		t.Fatal(err)
	}
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.json")
	if err := os.WriteFile(secret, []byte(`{"id": "Leaked", "title": "Leaked from outside", "dataTypes": [{"name": "Leak_CL"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	connectors := filepath.Join(src, "Solutions", "Evil Corp", "Data Connectors")
	links := map[string]string{
		filepath.Join(connectors, "link_out.json"):              secret,
		filepath.Join(src, "Solutions", "Linked Solution"):      outside,
		filepath.Join(src, "Solutions", "Evil Corp", "Parsers"): outside,
	}
	for link, target := range links {
		if err := os.Symlink(target, link); err != nil {
			t.Skipf("cannot make symbolic links here: %v", err)
		}
	}

	site := t.TempDir()
	if err := copySite(site); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err := run(context.Background(), []string{"build", "-source", src, "-site", site, "-hugo-flags", "--panicOnWarning --quiet", "-pagefind", "none"}, &out, &out)
	if err != nil {
		t.Fatalf("the build failed on hostile input: %v\n%s", err, out.String())
	}

	// No unsafe HTML from the input on any page.
	public := filepath.Join(site, "public")
	err = filepath.WalkDir(public, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, u := range unsafeHTML(b) {
			t.Errorf("%s: unsafe HTML %s", p, u)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Nothing was written outside the site's own folders.
	for _, name := range []string{"etc", "passwd"} {
		if _, err := os.Stat(filepath.Join(site, name)); err == nil {
			t.Errorf("%s was written outside the owned folders", name)
		}
	}

	// The connectors that are still connectors have pages, with safe slugs.
	var api []struct{ ID, Slug, Title string }
	if err := json.Unmarshal([]byte(readPublic(t, site, "api/connectors.json")), &api); err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, c := range api {
		ids[c.ID] = c.Slug
		if strings.ContainsAny(c.Slug, `/\`) || strings.Contains(c.Slug, "..") || len(c.Slug) > 200 || c.Slug == "" {
			t.Errorf("unsafe slug %q for %q", c.Slug, c.ID)
		}
		if _, err := os.Stat(filepath.Join(public, "connectors", c.Slug, "index.html")); err != nil {
			t.Errorf("%q has no page at /connectors/%s/", c.ID, c.Slug)
		}
	}
	for _, id := range []string{"GoodConnector", "Evil&Sons,Id'With;Punct=!", "EvilEverywhere", "../../etc/passwd", "CON", strings.Repeat("L", 300), "EvilDuplicate", "Evil/Clash", "Evil_Clash", "EvilWrongTypes", "EvilHugeNumber"} {
		if _, ok := ids[id]; !ok {
			t.Errorf("connector %q has no page", id)
		}
	}
	if ids["Evil/Clash"] == ids["Evil_Clash"] {
		t.Error("two ids share one page")
	}
	if _, ok := ids["Leaked"]; ok {
		t.Error("a connector behind a symbolic link out of the tree was read")
	}
	// Hugo template syntax in the input is shown as text, never run.
	evil := readPublic(t, site, "connectors/evileverywhere/index.html")
	for _, literal := range []string{"{{&lt; shortcode &gt;}}", "{{% md %}}", "{{ .Site.Title }}"} {
		if !strings.Contains(evil, literal) {
			t.Errorf("the template syntax %q is not shown as text", literal)
		}
	}
	good := readPublic(t, site, "connectors/goodconnector/index.html")
	if !strings.Contains(good, "<strong>safe</strong>") || !strings.Contains(good, "Workspace ID") {
		t.Error("the good connector's page lost its content")
	}
	// Every solution, publisher and table has its page where the site links
	// it, whatever its name holds. (The link checker is not run here: the
	// hostile text itself holds links to nowhere, shown sanitized.)
	entries := loadAPI(t, site)
	for _, kind := range []string{"solutions", "publishers", "tables"} {
		for slug := range entries[kind] {
			if _, err := os.Stat(filepath.Join(public, kind, slug, "index.html")); err != nil {
				t.Errorf("no page at /%s/%s/", kind, slug)
			}
		}
	}

	// Every problem is in the report.
	var rep struct {
		Kinds []struct {
			Kind   string
			Issues []struct{ File, Message string }
		}
	}
	if err := json.Unmarshal([]byte(readPublic(t, site, "api/report.json")), &rep); err != nil {
		t.Fatal(err)
	}
	reported := map[string]string{}
	for _, k := range rep.Kinds {
		for _, i := range k.Issues {
			reported[filepath.Base(i.File)] += k.Kind + " "
		}
	}
	want := map[string]string{
		"truncated.json":    "unparseable-file",
		"not_json.json":     "unparseable-file",
		"empty.json":        "unparseable-file",
		"deep.json":         "unparseable-file",
		"duplicate_b.json":  "duplicate-id",
		"slug_clash_b.json": "duplicate-id",
		"wrong_types.json":  "wrong-field-type",
		"link_out.json":     "symbolic-link",
		"Linked Solution":   "symbolic-link",
		"Parsers":           "symbolic-link",
	}
	for file, kind := range want {
		if !strings.Contains(reported[file], kind) {
			t.Errorf("%s: reported %q, want %s", file, reported[file], kind)
		}
	}
	if !strings.Contains(out.String(), "connectors found") {
		t.Errorf("no summary:\n%s", out.String())
	}
}

// TestKilledRunKeepsPreviousOutput kills generate while it works and checks
// that the previous data/ and content/ are intact, and that the next run
// cleans up after the killed one.
func TestKilledRunKeepsPreviousOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds the command and a large tree")
	}
	bin := filepath.Join(t.TempDir(), "connectordocs")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	site := t.TempDir()
	if out, err := exec.Command(bin, "generate", "-site", site).CombinedOutput(); err != nil {
		t.Fatalf("first run: %v\n%s", err, out)
	}
	before := snapshot(t, site)

	// A big source makes the second run long enough to kill midway.
	src := t.TempDir()
	if err := writeScale(src, 0.5); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "generate", "-source", src, "-site", site)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	staged := false
	deadline := time.Now().Add(30 * time.Second)
	for !staged && time.Now().Before(deadline) {
		m, _ := filepath.Glob(filepath.Join(site, ".generate-*"))
		staged = len(m) > 0
		if !staged {
			time.Sleep(5 * time.Millisecond) // polling for the staging folder
		}
	}
	_ = cmd.Process.Signal(syscall.SIGKILL)
	_ = cmd.Wait()
	if !staged {
		t.Fatal("the run never started staging; cannot kill it midway")
	}
	after := snapshot(t, site)
	if len(after) != len(before) {
		t.Fatalf("after the kill %d files, before %d", len(after), len(before))
	}
	for p, b := range before {
		if !bytes.Equal(after[p], b) {
			t.Errorf("%s changed although the run was killed", p)
		}
	}
	if out, err := exec.Command(bin, "generate", "-site", site).CombinedOutput(); err != nil {
		t.Fatalf("run after the kill: %v\n%s", err, out)
	}
	if m, _ := filepath.Glob(filepath.Join(site, ".generate-*")); len(m) > 0 {
		t.Errorf("the killed run's staging folder is still there: %v", m)
	}
}

// snapshot reads data/ and content/ under site.
func snapshot(t *testing.T, site string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, dir := range []string{"data", "content"} {
		_ = filepath.WalkDir(filepath.Join(site, dir), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			files[p] = b
			return nil
		})
	}
	return files
}

// TestUnsafeHTMLDetector keeps the hostile test's detector honest: it must
// find what it looks for, and pass what is safe.
func TestUnsafeHTMLDetector(t *testing.T) {
	bad := []string{
		`<script>alert(1)</script>`, `<img src=x onerror=alert(1)>`, `<a href="javascript:alert(1)">x</a>`,
		`<iframe src="https://e.example"></iframe>`, `<style>x{}</style>`, `<a href=" JaVaScRiPt:x">x</a>`,
	}
	for _, b := range bad {
		if len(unsafeHTML([]byte(b))) == 0 {
			t.Errorf("missed %s", b)
		}
	}
	good := []string{`<p>&lt;script&gt;alert(1)&lt;/script&gt; onerror=alert(1)</p>`, `<script src="/js/search.abc.js" defer></script>`, `<a href="https://example.com">x</a>`}
	for _, g := range good {
		if u := unsafeHTML([]byte(g)); len(u) > 0 {
			t.Errorf("flagged safe %s: %v", g, u)
		}
	}
}

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	sitepkg "github.com/sentinel-connector-docs/site/tools/site"
)

// apiEntry is the part of every /api/*.json entry the site checks read.
type apiEntry map[string]any

func (e apiEntry) str(k string) string { s, _ := e[k].(string); return s }

func (e apiEntry) list(k string) []string {
	var out []string
	l, _ := e[k].([]any)
	for _, v := range l {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// siteAPI holds the five API files of a built site, by kind and slug.
type siteAPI map[string]map[string]apiEntry

var apiKinds = []string{"connectors", "solutions", "tables", "methods", "publishers"}

func loadAPI(t *testing.T, site string) siteAPI {
	t.Helper()
	api := siteAPI{}
	for _, kind := range append(apiKinds, "parsers", "asim") {
		var list []apiEntry
		if err := json.Unmarshal([]byte(readPublic(t, site, "api/"+kind+".json")), &list); err != nil {
			t.Fatalf("api/%s.json: %v", kind, err)
		}
		api[kind] = map[string]apiEntry{}
		for _, e := range list {
			api[kind][e.str("slug")] = e
		}
	}
	// Content items are listed together; each kind has its own section.
	var content []apiEntry
	if err := json.Unmarshal([]byte(readPublic(t, site, "api/content.json")), &content); err != nil {
		t.Fatalf("api/content.json: %v", err)
	}
	for _, s := range sitepkg.ContentSections {
		api[s.Section] = map[string]apiEntry{}
	}
	for _, e := range content {
		api[e.str("section")][e.str("slug")] = e
	}
	return api
}

// contentKinds are the API kinds whose pages the content sections make.
func contentKinds() []string {
	kinds := []string{"parsers", "asim"}
	for _, s := range sitepkg.ContentSections {
		kinds = append(kinds, s.Section)
	}
	return kinds
}

// checkSite runs the checks of the cross-linked site on a built site:
// every entity has a page, each index lists all of its kind, relations link
// both ways, every shown count agrees with the API, and htmltest finds no
// broken internal link or fragment.
func checkSite(t *testing.T, site string) {
	api := loadAPI(t, site)
	pages := map[string]string{}
	page := func(kind, slug string) string {
		key := kind + "/" + slug
		if p, ok := pages[key]; ok {
			return p
		}
		b, err := os.ReadFile(filepath.Join(site, "public", kind, slug, "index.html"))
		if err != nil {
			t.Errorf("%s %q has no page", kind, slug)
		}
		pages[key] = canonicalHTML(t, b)
		return pages[key]
	}
	links := func(fromKind, fromSlug, toKind, toSlug string) {
		href := fmt.Sprintf(`href="/%s/%s/"`, toKind, toSlug)
		if !strings.Contains(page(fromKind, fromSlug), href) {
			t.Errorf("/%s/%s/ does not link to /%s/%s/", fromKind, fromSlug, toKind, toSlug)
		}
	}
	both := func(aKind, aSlug, bKind, bSlug string) {
		links(aKind, aSlug, bKind, bSlug)
		links(bKind, bSlug, aKind, aSlug)
	}

	for _, kind := range append(apiKinds, contentKinds()...) {
		// An index may be split into pages: /kind/, /kind/page/2/, ...
		index := readPublic(t, site, kind+"/index.html")
		more, _ := filepath.Glob(filepath.Join(site, "public", kind, "page", "*", "index.html"))
		for _, p := range more {
			rel, _ := filepath.Rel(filepath.Join(site, "public"), p)
			index += readPublic(t, site, filepath.ToSlash(rel))
		}
		for slug := range api[kind] {
			page(kind, slug)
			if !strings.Contains(index, fmt.Sprintf(`href="/%s/%s/"`, kind, slug)) {
				t.Errorf("the %s index does not list %s", kind, slug)
			}
		}
	}
	for slug, c := range api["connectors"] {
		if s := c.str("solutionSlug"); s != "" {
			both("connectors", slug, "solutions", s)
		}
		for _, name := range c.list("tables") {
			both("connectors", slug, "tables", tableSlug(name))
		}
	}
	for slug, m := range api["methods"] {
		for _, c := range append(m.list("connectors"), m.list("deprecated")...) {
			both("methods", slug, "connectors", c)
		}
	}
	for slug, p := range api["publishers"] {
		for _, c := range p.list("connectors") {
			both("publishers", slug, "connectors", c)
		}
		for _, s := range p.list("solutions") {
			both("publishers", slug, "solutions", s)
		}
	}
	section := map[string]string{}
	for _, kind := range contentKinds() {
		for slug := range api[kind] {
			section[slug] = kind
		}
	}
	for slug, tb := range api["tables"] {
		for _, s := range tb.list("solutions") {
			both("tables", slug, "solutions", s)
		}
		// Content and parsers link to the tables they read, and back.
		for _, field := range []string{"content", "parsers", "asim"} {
			for _, c := range tb.list(field) {
				kind := field
				if field == "content" {
					kind = section[c]
				}
				both("tables", slug, kind, c)
			}
		}
	}
	checkCounts(t, site, api)
	runHTMLTest(t, site)
}

func tableSlug(name string) string {
	return strings.ReplaceAll(strings.ToLower(name), "_", "-")
}

var countRE = regexp.MustCompile(`data-count="([^"]+)">(\d+)<`)

// checkCounts compares every number a page tags with data-count with the
// number the JSON API implies. The layouts write each count as
// <span class="n" data-count="<kind>[/<slug>/<field>]">N</span>, inline
// rather than through a partial: tens of thousands of them at ten times the
// real size made the partial calls 2% of the build.
func checkCounts(t *testing.T, site string, api siteAPI) {
	seen := 0
	err := filepath.WalkDir(filepath.Join(site, "public"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range countRE.FindAllStringSubmatch(canonicalHTML(t, b), -1) {
			seen++
			shown, _ := strconv.Atoi(m[2])
			want, ok := expectedCount(api, m[1])
			if !ok {
				t.Errorf("%s: count %q names nothing in the API", p, m[1])
			} else if shown != want {
				t.Errorf("%s: %s shows %d, the API says %d", p, m[1], shown, want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen == 0 {
		t.Error("no data-count found: the check would pass vacuously")
	}
}

func expectedCount(api siteAPI, of string) (int, bool) {
	if of == "connectors.deprecated" {
		n := 0
		for _, c := range api["connectors"] {
			if c["deprecated"] == true {
				n++
			}
		}
		return n, true
	}
	parts := strings.Split(of, "/")
	switch len(parts) {
	case 1:
		entries, ok := api[parts[0]]
		return len(entries), ok
	case 3:
		e, ok := api[parts[0]][parts[1]]
		if !ok {
			return 0, false
		}
		if _, ok := e[parts[2]]; !ok {
			return 0, false
		}
		return len(e.list(parts[2])), true
	}
	return 0, false
}

// runHTMLTest runs the htmltest pinned in go.mod over the built site.
func runHTMLTest(t *testing.T, site string) {
	t.Helper()
	bin, err := exec.Command("go", "tool", "-n", "htmltest").Output()
	if err != nil {
		t.Fatalf("go tool -n htmltest: %v", err)
	}
	conf, err := filepath.Abs(filepath.Join(repoRoot, ".htmltest.yml"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(strings.TrimSpace(string(bin)), "-c", conf, "public")
	cmd.Dir = site
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Errorf("htmltest found problems:\n%s", out)
	}
}

func TestSampleSiteIsCrossLinked(t *testing.T) {
	checkSite(t, builtSample(t))
}

// TestSplitIndexes builds the sample with pages of five rows, so every big
// index is split, and runs the same checks: every entity is listed on some
// page, links resolve, counts agree.
func TestSplitIndexes(t *testing.T) {
	dir := t.TempDir()
	if err := copySite(dir); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := run(t.Context(), []string{"build", "-site", dir, "-index-page-size", "5", "-pagefind", "none", "-hugo-flags", "--panicOnWarning --quiet"}, &out, &out); err != nil {
		t.Fatalf("build: %v\n%s", err, out.String())
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "public", "connectors", "page", "*", "index.html"))
	if len(pages) != 4 { // 23 connectors in pages of 5
		t.Errorf("%d extra connector index pages, want 4", len(pages))
	}
	checkSite(t, dir)
}

// TestRealCorpusSite builds the real connectors copied into ../shared when
// they are there (CI has them; a fresh clone on its own does not).
func TestRealCorpusSite(t *testing.T) {
	corpus := filepath.Join(repoRoot, "..", "shared", "corpus", "azure-sentinel")
	if _, err := os.Stat(filepath.Join(corpus, "Solutions")); err != nil {
		t.Skipf("no real corpus at %s: skipped (CI provides it)", corpus)
	}
	if testing.Short() {
		t.Skip("-short: the real-corpus build is skipped")
	}
	dir := t.TempDir()
	if err := copySite(dir); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := run(t.Context(), []string{"build", "-source", corpus, "-site", dir, "-hugo-flags", "--panicOnWarning --quiet"}, &out, &out); err != nil {
		t.Fatalf("build: %v\n%s", err, out.String())
	}
	checkSite(t, dir)
}

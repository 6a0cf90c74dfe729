// Package site writes the catalog as Hugo input: JSON data files under data/
// that the layouts look things up in, and from which the content adapter
// content/_content.gotmpl makes the pages, so no content file is written.
// It owns the files and folders it writes (see Owned) and replaces them
// whole on every run, so a connector removed from the source loses its
// page, and a run that fails midway leaves the previous output in place.
package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	cp "github.com/otiai10/copy"
	"golang.org/x/sync/errgroup"

	"github.com/sentinel-connector-docs/site/tools/catalog"
	"github.com/sentinel-connector-docs/site/tools/report"
)

// Owned lists, relative to the site root, the files and folders the
// generator writes and replaces. Everything else (content/_index.md,
// content/about.md, data/README.md, layouts) is hand-written and never
// touched.
var Owned = []string{
	"data/connectors.json",
	"data/solutions.json",
	"data/tables.json",
	"data/methods.json",
	"data/publishers.json",
	"data/content.json",
	"data/parsers.json",
	"data/asim.json",
	"data/attack.json",
	"data/indexes.json",
	"data/site.json",
	"data/report.json",
	"data/api",
	"data/pages",
	"data/logos",
	"data/netlify",
}

// retired lists the folders earlier versions generated stubs in; a run
// removes them, so that old stubs do not clash with the pages the content
// adapter makes.
var retired = []string{"content/connectors", "content/solutions", "content/tables", "content/methods", "content/publishers", "content/report"}

// Meta describes the run, for the site's footer and the report.
type Meta struct {
	Source string `json:"source"` // what was read: a folder or "embedded sample"
	// FS is the source tree, for the logo files the catalog refers to.
	FS fs.FS `json:"-"`
	// IndexPageSize is the most rows an index page shows (default
	// DefaultPageSize).
	IndexPageSize int `json:"-"`
}

// Stats are the counts shown on the site; every number a page shows comes
// from here or from the length of a data list.
type Stats struct {
	Connectors int `json:"connectors"`
	Solutions  int `json:"solutions"`
	Tables     int `json:"tables"`
	Methods    int `json:"methods"`
	Publishers int `json:"publishers"`
	// Content counts content items by section, and parsers ("parsers",
	// "asim").
	Content  map[string]int `json:"content"`
	Found    int            `json:"found"`
	Errors   int            `json:"errors"`
	Warnings int            `json:"warnings"`
	Source   string         `json:"source"`
}

// Write writes the catalog under root (the Hugo project folder). It stages
// everything in a temporary folder inside root and then swaps each owned
// path in with a rename.
func Write(cat *catalog.Catalog, root string, meta Meta) error {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return err
	}
	cleanLeftovers(root)
	stage, err := os.MkdirTemp(root, ".generate-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(stage)

	w := newWriter(stage)
	ix := buildIndexes(cat, meta.IndexPageSize)
	w.data(cat, ix, meta)
	w.logos(cat, meta.FS)
	if err := w.wait(); err != nil {
		return err
	}
	return swap(stage, root)
}

// writer writes files under root. Encoding and file creation dominate the
// cost of a run, so both run on a small pool of goroutines; the first error
// is kept and reported by wait.
type writer struct {
	root  string
	err   error // an error of the calling goroutine; the pool's come from group
	group errgroup.Group
	dirs  sync.Map // folders already created
	// sync, when set, makes put compare each output with what the live
	// site holds and write only what changed (see Syncer); everything then
	// runs in the calling goroutine.
	sync *Syncer
}

// fileWorkers bounds concurrent encodes and writes; more than a few does
// not help.
const fileWorkers = 8

func newWriter(root string) *writer {
	w := &writer{root: root}
	w.group.SetLimit(fileWorkers)
	return w
}

// wait waits for the pending writes and returns the first error.
func (w *writer) wait() error {
	if err := w.group.Wait(); err != nil && w.err == nil {
		w.err = err
	}
	return w.err
}

// do runs f on the pool, or at once when syncing.
func (w *writer) do(f func() error) {
	if w.err != nil {
		return
	}
	if w.sync != nil {
		w.err = f()
		return
	}
	w.group.Go(f)
}

// json writes v as compact JSON: indenting would cost as much as encoding,
// and neither Hugo nor an API client needs it. v must not change until
// wait returns.
func (w *writer) json(rel string, v any) {
	w.jsonOf(rel, func() any { return v })
}

// jsonOf writes what v returns as JSON, calling v on the pool: for the
// files whose content takes a while to assemble.
func (w *writer) jsonOf(rel string, v func() any) {
	w.do(func() error {
		buf := buffers.Get().(*bytes.Buffer)
		defer putBuffer(buf)
		enc := json.NewEncoder(buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v()); err != nil {
			return fmt.Errorf("encoding %s: %w", rel, err)
		}
		return w.put(rel, buf.Bytes())
	})
}

// buffers holds the encoding buffers between files: growing a fresh buffer
// for each of thousands of files, and clearing the memory each time, cost
// a tenth of generate's time at ten times the real size. put does not keep
// the bytes it is given.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func putBuffer(b *bytes.Buffer) {
	b.Reset()
	buffers.Put(b)
}

// fileOf writes what b returns, calling b on the pool.
func (w *writer) fileOf(rel string, b func() []byte) {
	w.do(func() error { return w.put(rel, b()) })
}

// put writes b to rel now, through the syncer when there is one.
func (w *writer) put(rel string, b []byte) error {
	if w.sync != nil {
		return w.sync.put(rel, b)
	}
	p := filepath.Join(w.root, filepath.FromSlash(rel))
	dir := filepath.Dir(p)
	if _, done := w.dirs.Load(dir); !done {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		w.dirs.Store(dir, true)
	}
	return os.WriteFile(p, b, 0o644)
}

func (w *writer) data(cat *catalog.Catalog, ix Indexes, meta Meta) {
	// Every page that lists connectors needs a few of their fields; only a
	// connector's own page needs the rest, and reads it from its own file
	// (ConnectorPage). Keeping data/connectors.json small keeps Hugo's
	// memory flat at ten times the real size.
	w.jsonOf("data/connectors.json", func() any {
		connectors := make(map[string]ConnectorSummary, len(cat.Connectors))
		for _, c := range cat.Connectors {
			connectors[c.Slug] = summarize(c)
		}
		return connectors
	})
	w.jsonOf("data/solutions.json", func() any { return bySlug(cat.Solutions, func(s *catalog.Solution) string { return s.Slug }) })
	w.jsonOf("data/tables.json", func() any { return bySlug(cat.Tables, func(t *catalog.Table) string { return t.Slug }) })
	w.jsonOf("data/methods.json", func() any { return bySlug(cat.Methods, func(m *catalog.Method) string { return m.Slug }) })
	w.jsonOf("data/publishers.json", func() any { return bySlug(cat.Publishers, func(p *catalog.Publisher) string { return p.Slug }) })
	w.json("data/indexes.json", ix)
	stats := Stats{
		Connectors: len(cat.Connectors), Solutions: len(cat.Solutions), Tables: len(cat.Tables),
		Methods: len(cat.Methods), Publishers: len(cat.Publishers), Content: contentCounts(cat),
		Found: cat.Found, Source: meta.Source,
	}
	for _, i := range cat.Issues {
		if i.Severity == report.Error {
			stats.Errors++
		} else {
			stats.Warnings++
		}
	}
	w.json("data/site.json", stats)
	rep := buildReport(cat, stats)
	w.json("data/report.json", rep)
	w.json("data/api/report.json", rep)
	w.fileOf("data/api/connectors.csv", func() []byte { return connectorsCSV(cat) })
	w.fileOf("data/api/solutions.csv", func() []byte { return solutionsCSV(cat) })
	w.fileOf("data/api/tables.csv", func() []byte { return tablesCSV(cat) })
	w.fileOf("data/netlify/_redirects", func() []byte { return redirects(cat) })
	w.jsonOf("data/api/connectors.json", func() any { return apiConnectors(cat) })
	w.jsonOf("data/api/solutions.json", func() any { return apiSolutions(cat) })
	w.jsonOf("data/api/tables.json", func() any { return apiTables(cat) })
	w.jsonOf("data/api/methods.json", func() any { return apiMethods(cat) })
	w.jsonOf("data/api/publishers.json", func() any { return apiPublishers(cat) })
	// The thousands of small files last, so the big ones above do not finish
	// alone at the end.
	w.writeContent(cat)
	w.writeEntities(cat)
}

// ConnectorSummary is what lists and indexes show of a connector.
type ConnectorSummary struct {
	ID               string `json:"id"`
	Title            string `json:"title"`
	Publisher        string `json:"publisher"`
	PublisherSlug    string `json:"publisherSlug"`
	CollectionMethod string `json:"collectionMethod"`
	MethodSlug       string `json:"methodSlug"`
	Solution         string `json:"solution"`
	SolutionSlug     string `json:"solutionSlug"`
	Tables           int    `json:"tables"` // how many
	Logo             string `json:"logo"`
	Deprecated       bool   `json:"deprecated"`
	Preview          bool   `json:"preview"`
	NotListed        bool   `json:"notListed"`
	Source           string `json:"source"` // its definition file, for the page's front matter
	// Status is what the filters know it as (statuses).
	Status []string `json:"status"`
}

func summarize(c *catalog.Connector) ConnectorSummary {
	return ConnectorSummary{
		ID: c.ID, Title: c.Title, Publisher: c.Publisher, PublisherSlug: c.PublisherSlug,
		CollectionMethod: c.CollectionMethod, MethodSlug: c.MethodSlug,
		Solution: c.Solution, SolutionSlug: c.SolutionSlug, Tables: len(c.Tables), Logo: c.Logo,
		Deprecated: c.Deprecated, Preview: c.Preview, NotListed: c.NotListed, Source: c.SourceFiles[0].Path,
		Status: statuses(c),
	}
}

// statuses lists what the connector filters and search know a connector
// as: "active" or "deprecated", then "preview" and "unlisted" where they
// apply.
func statuses(c *catalog.Connector) []string {
	s := []string{"active"}
	if c.Deprecated {
		s[0] = "deprecated"
	}
	if c.Preview {
		s = append(s, "preview")
	}
	if c.NotListed {
		s = append(s, "unlisted")
	}
	return s
}

func bySlug[T any](list []T, slug func(T) string) map[string]T {
	m := make(map[string]T, len(list))
	for _, e := range list {
		m[slug(e)] = e
	}
	return m
}

// cleanLeftovers removes what a run that was killed may have left: its
// staging folder and the previous copies of owned paths. The owned paths
// themselves are always complete (each is replaced by one rename).
func cleanLeftovers(root string) {
	stale, _ := filepath.Glob(filepath.Join(root, ".generate-*"))
	for _, rel := range Owned {
		stale = append(stale, filepath.Join(root, filepath.FromSlash(rel))+".old")
	}
	for _, rel := range retired {
		stale = append(stale, filepath.Join(root, filepath.FromSlash(rel)))
	}
	for _, p := range stale {
		_ = os.RemoveAll(p)
	}
}

// swap moves each owned path from stage into root, replacing what was
// there. Each rename is atomic; the old copy is removed only after the new
// one is in place.
func swap(stage, root string) error {
	for _, rel := range Owned {
		src := filepath.Join(stage, filepath.FromSlash(rel))
		dst := filepath.Join(root, filepath.FromSlash(rel))
		if _, err := os.Stat(src); err != nil {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		old := dst + ".old"
		_ = os.RemoveAll(old)
		if _, err := os.Lstat(dst); err == nil {
			if err := os.Rename(dst, old); err != nil {
				return err
			}
		}
		if err := os.Rename(src, dst); err != nil {
			return err
		}
		if err := os.RemoveAll(old); err != nil {
			return err
		}
	}
	return nil
}

// Syncer keeps a live site up to date run after run, as serve needs: it
// writes only the files whose bytes changed and removes the ones no longer
// generated, so hugo server sees a small change and rebuilds only what it
// touches. It remembers a hash of every file it wrote, so it compares
// without reading the site back.
type Syncer struct {
	root   string
	hashes map[string][32]byte // rel path → hash of its bytes on disk
	seen   map[string]bool     // rel paths generated by the current run
}

// NewSyncer returns a Syncer for the site at root, which Write has filled.
func NewSyncer(root string) *Syncer {
	return &Syncer{root: root}
}

// Prime reads the site once, so the first Sync compares from memory.
func (s *Syncer) Prime() error { return s.hashLive() }

// Sync brings the site up to date with cat.
func (s *Syncer) Sync(cat *catalog.Catalog, meta Meta) error {
	if s.hashes == nil {
		if err := s.hashLive(); err != nil {
			return err
		}
	}
	s.seen = map[string]bool{}
	w := &writer{root: s.root, sync: s}
	ix := buildIndexes(cat, meta.IndexPageSize)
	w.data(cat, ix, meta)
	if w.err != nil {
		return w.err
	}
	for rel := range s.hashes {
		if !s.seen[rel] && !strings.HasPrefix(rel, "data/logos/") {
			if err := os.Remove(filepath.Join(s.root, filepath.FromSlash(rel))); err != nil && !os.IsNotExist(err) {
				return err
			}
			delete(s.hashes, rel)
		}
	}
	return nil
}

// hashLive records the hashes of the owned files the site holds now.
func (s *Syncer) hashLive() error {
	s.hashes = map[string][32]byte{}
	for _, owned := range Owned {
		base := filepath.Join(s.root, filepath.FromSlash(owned))
		err := filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if os.IsNotExist(err) {
					return nil
				}
				return err
			}
			if d.IsDir() {
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(s.root, p)
			s.hashes[filepath.ToSlash(rel)] = sha256.Sum256(b)
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// put writes b to rel when its bytes differ from what is there, through a
// temporary file and a rename so hugo server never reads half a file.
func (s *Syncer) put(rel string, b []byte) error {
	s.seen[rel] = true
	sum := sha256.Sum256(b)
	if old, ok := s.hashes[rel]; ok && old == sum {
		return nil
	}
	p := filepath.Join(s.root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	// The temporary file sits outside the folders hugo server watches.
	tmp := filepath.Join(s.root, ".sync-"+hex.EncodeToString(sum[:8]))
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, p); err != nil {
		return err
	}
	s.hashes[rel] = sum
	return nil
}

// logos copies every logo file the catalog refers to into data/logos/,
// which the site serves at /logos/.
func (w *writer) logos(cat *catalog.Catalog, fsys fs.FS) {
	if w.err != nil {
		return
	}
	// The folder always exists: the site mounts it.
	if err := os.MkdirAll(filepath.Join(w.root, "data", "logos"), 0o755); err != nil {
		w.err = err
		return
	}
	if fsys == nil {
		return
	}
	files := map[string]bool{}
	for _, s := range cat.Solutions {
		files[s.LogoFile] = true
	}
	for _, c := range cat.Connectors {
		files[c.LogoFile] = true
	}
	delete(files, "")
	for p := range files {
		dst := filepath.Join(w.root, "data", "logos", path.Base(p))
		if err := cp.Copy(p, dst, cp.Options{FS: fsys, PermissionControl: cp.AddPermission(0o644)}); err != nil {
			w.err = fmt.Errorf("copying logo %s: %w", p, err)
			return
		}
	}
}

// redirects is Netlify's _redirects file: each page of the existing
// generated docs (/connectors/<slug>.md, ...) to the page that replaces it.
// The slugs are the same, so links into the old docs keep working.
func redirects(cat *catalog.Catalog) []byte {
	var b bytes.Buffer
	b.WriteString("# Generated by connectordocs: the existing generated docs' pages to this site's.\n")
	line := func(kind, slug string) {
		fmt.Fprintf(&b, "/%s/%s.md /%s/%s/ 301\n", kind, slug, kind, slug)
	}
	for _, c := range cat.Connectors {
		line("connectors", c.Slug)
		for _, a := range c.Aliases {
			// Another tool's name for the connector (see Connector.Aliases).
			fmt.Fprintf(&b, "/connectors/%s.md /connectors/%s/ 301\n/connectors/%s/ /connectors/%s/ 301\n", catalog.ConnectorSlug(a), c.Slug, catalog.ConnectorSlug(a), c.Slug)
		}
	}
	for _, s := range cat.Solutions {
		line("solutions", s.Slug)
	}
	for _, t := range cat.Tables {
		line("tables", t.Slug)
	}
	for _, m := range cat.Methods {
		line("methods", m.Slug)
	}
	return b.Bytes()
}

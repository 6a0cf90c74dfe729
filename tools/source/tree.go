package source

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/sentinel-connector-docs/site/tools/par"
	"github.com/sentinel-connector-docs/site/tools/report"
)

// connectorFolders are the names the real repository uses for a solution's
// connector folder.
var connectorFolders = map[string]bool{
	"data connectors": true,
	"dataconnectors":  true,
	"data connector":  true,
}

// SolutionDir is one folder under Solutions/ and the files the generator reads
// from it. Paths are slash-separated and relative to the tree's root.
type SolutionDir struct {
	Name           string
	Path           string
	ConnectorFiles []string      // every .json file below its connector folders
	OtherFiles     int           // the other files there (function code, docs, archives), not read
	PackageFiles   []string      // Package/mainTemplate.json: the whole solution as one template
	SolutionFiles  []string      // Data/Solution_*.json
	MetadataFile   string        // SolutionMetadata.json, or ""
	ParserFiles    []string      // files below Parsers/
	ContentFiles   []ContentFile // analytic rules, hunting queries, workbooks, ...
}

// Tree is an Azure-Sentinel-shaped tree as Scan found it. Its files are
// decoded one solution folder at a time, by Read, so that a caller can build
// from a folder and drop its documents before it reads the next: a big tree
// is never in memory whole.
type Tree struct {
	// FS is the source tree itself, for files read on demand (logos).
	FS        fs.FS
	Solutions []*SolutionDir
	// ASIM are the ASIM parser files of the repository's Parsers/ASim*
	// folders.
	ASIM  []string
	rep   *report.Report
	cache *Cache
}

// Folder is what Read decoded from one solution folder.
type Folder struct {
	// Files maps its solution and metadata files to their decoded documents.
	Files map[string]any
	// Contents maps its connector and package files to what they hold; the
	// documents themselves are not kept, only what Extract takes from them.
	Contents map[string]Contents
	// Parsers are the parser functions its Parsers folder declares.
	Parsers []Parser
	// Content are its content files, decoded; the ones that could not be
	// read are reported and left out.
	Content []RawContent
}

// Scan lists the solution folders of the Azure-Sentinel-shaped tree in fsys
// and the files the generator reads from each, sorted by path.
func Scan(fsys fs.FS, rep *report.Report) ([]*SolutionDir, error) {
	entries, err := fs.ReadDir(fsys, "Solutions")
	if err != nil {
		return nil, err
	}
	// Each solution folder is listed on its own, on all CPUs.
	found := make([]*SolutionDir, len(entries))
	par.For(len(entries), func(i int) { found[i] = scanSolution(fsys, entries[i], rep) })
	var dirs []*SolutionDir
	for _, d := range found {
		if d != nil {
			dirs = append(dirs, d)
		}
	}
	sort.Slice(dirs, func(i, j int) bool { return dirs[i].Path < dirs[j].Path })
	return dirs, nil
}

// scanSolution lists what the generator reads in one solution folder; nil
// when e is not a folder that can be listed.
func scanSolution(fsys fs.FS, e fs.DirEntry, rep *report.Report) *SolutionDir {
	if e.Type()&fs.ModeSymlink != 0 {
		reportSymlink(rep, path.Join("Solutions", e.Name()))
		return nil
	}
	if !e.IsDir() {
		return nil
	}
	sd := &SolutionDir{Name: e.Name(), Path: path.Join("Solutions", e.Name())}
	children, err := fs.ReadDir(fsys, sd.Path)
	if err != nil {
		rep.Errorf(report.UnreadableDirectory, sd.Path, "cannot list folder: %v", err)
		return nil
	}
	for _, c := range children {
		p := path.Join(sd.Path, c.Name())
		lower := strings.ToLower(c.Name())
		if c.Type()&fs.ModeSymlink != 0 {
			reportSymlink(rep, p)
			continue
		}
		switch {
		case c.IsDir() && connectorFolders[lower]:
			files, others := filesBelow(fsys, p, rep, isJSON)
			sd.ConnectorFiles = append(sd.ConnectorFiles, files...)
			sd.OtherFiles += others
		case c.IsDir() && lower == "data":
			sd.SolutionFiles = append(sd.SolutionFiles, solutionFiles(fsys, p)...)
		case c.IsDir() && lower == "package":
			if p := path.Join(sd.Path, c.Name(), "mainTemplate.json"); fileExists(fsys, p) {
				sd.PackageFiles = append(sd.PackageFiles, p)
			}
		case c.IsDir() && lower == "parsers":
			sd.ParserFiles, _ = filesBelow(fsys, p, rep, func(string) bool { return true })
		case c.IsDir() && contentFolders[lower].kind != "":
			sd.ContentFiles = append(sd.ContentFiles, contentFilesBelow(fsys, p, lower, rep)...)
		case c.Type().IsRegular() && lower == "solutionmetadata.json":
			sd.MetadataFile = p
		}
	}
	sort.Strings(sd.ConnectorFiles)
	sort.Strings(sd.SolutionFiles)
	return sd
}

func isJSON(name string) bool {
	return strings.EqualFold(path.Ext(name), ".json")
}

// filesBelow lists the regular files below root whose name keep accepts,
// sorted, and counts the others. Symbolic links are reported and not
// followed.
func filesBelow(fsys fs.FS, root string, rep *report.Report, keep func(name string) bool) (kept []string, others int) {
	var out []string
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			rep.Errorf(report.UnreadableDirectory, p, "cannot read: %v", err)
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			reportSymlink(rep, p)
			return nil
		}
		switch {
		case d.Type().IsRegular() && keep(d.Name()):
			out = append(out, p)
		case d.Type().IsRegular():
			others++
		}
		return nil
	})
	if err != nil {
		rep.Errorf(report.UnreadableDirectory, root, "cannot walk: %v", err)
	}
	sort.Strings(out)
	return out, others
}

// reportSymlink notes a symbolic link the generator does not follow: a link
// could lead out of the source tree, into files that are not the
// repository's.
func reportSymlink(rep *report.Report, p string) {
	rep.Warnf(report.Symlink, p, "symbolic link not followed")
}

// fileExists reports whether p is a regular file: not a symbolic link.
// decodeFile decodes one file into a cache entry: its document, or what
// Extract takes from it, or the issue that says why it could not be read.
func decodeFile(fsys fs.FS, p string, extract bool) cacheEntry {
	doc, err := LoadJSON(fsys, p)
	if err != nil {
		iss := report.Issue{Severity: report.Error, Kind: report.Unparseable, File: p, Message: err.Error()}
		if pe, ok := err.(*ParseError); ok {
			iss.Line, iss.Column, iss.Message = pe.Line, pe.Column, pe.Msg
			if len(pe.Connectors) > 0 {
				iss.Message += fmt.Sprintf("; the connector(s) %s it begins to define have no page", quoted(pe.Connectors))
			}
		}
		return cacheEntry{issue: &iss}
	}
	if extract {
		c := Extract(p, doc)
		return cacheEntry{contents: &c}
	}
	return cacheEntry{doc: doc}
}

func fileExists(fsys fs.FS, p string) bool {
	info, err := fs.Lstat(fsys, p)
	return err == nil && info.Mode().IsRegular()
}

func solutionFiles(fsys fs.FS, dataDir string) []string {
	entries, _ := fs.ReadDir(fsys, dataDir)
	var out []string
	for _, e := range entries {
		if e.Type().IsRegular() && isJSON(e.Name()) && strings.HasPrefix(strings.ToLower(e.Name()), "solution_") {
			out = append(out, path.Join(dataDir, e.Name()))
		}
	}
	return out
}

// Cache remembers what files decoded to, by path, size and modification
// time, so a regeneration decodes only the files that changed.
type Cache struct {
	mu      sync.Mutex
	entries map[string]cacheEntry
}

type cacheEntry struct {
	size     int64
	modTime  time.Time
	doc      any         // a solution or metadata document
	contents *Contents   // what a connector or package file holds
	content  *RawContent // a content item's file, decoded
	issue    *report.Issue
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{entries: map[string]cacheEntry{}} }

func (c *Cache) get(fsys fs.FS, p string) (cacheEntry, fs.FileInfo, bool) {
	if c == nil {
		return cacheEntry{}, nil, false
	}
	info, err := fs.Lstat(fsys, p)
	if err != nil {
		return cacheEntry{}, info, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[p]
	return e, info, ok && e.size == info.Size() && e.modTime.Equal(info.ModTime())
}

func (c *Cache) put(p string, info fs.FileInfo, e cacheEntry) {
	if c == nil || info == nil {
		return
	}
	e.size, e.modTime = info.Size(), info.ModTime()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[p] = e
}

// Open scans fsys; the files of each solution folder are decoded when Read
// asks for them.
func Open(fsys fs.FS, rep *report.Report) (*Tree, error) {
	return OpenCached(fsys, rep, nil)
}

// OpenCached is Open whose Read takes what it can from cache (which may be
// nil) and records what it decodes there.
func OpenCached(fsys fs.FS, rep *report.Report, cache *Cache) (*Tree, error) {
	dirs, err := Scan(fsys, rep)
	if err != nil {
		return nil, err
	}
	return &Tree{FS: fsys, Solutions: dirs, ASIM: ASIMFiles(fsys, rep), rep: rep, cache: cache}, nil
}

// Read decodes the files of one solution folder of t in the calling
// goroutine. Files that cannot be parsed are reported with their line and
// column and left out. It is safe to call for different folders at once.
func (t *Tree) Read(d *SolutionDir) Folder {
	f := Folder{Files: map[string]any{}, Contents: map[string]Contents{}, Parsers: readParsers(t.FS, d.ParserFiles)}
	read := func(p string, extract bool) {
		e, info, hit := t.cache.get(t.FS, p)
		if !hit {
			e = decodeFile(t.FS, p, extract)
			t.cache.put(p, info, e)
		}
		if e.issue != nil {
			t.rep.Add(*e.issue)
		}
		switch {
		case e.contents != nil:
			f.Contents[p] = *e.contents
		case e.doc != nil:
			f.Files[p] = e.doc
		}
	}
	for _, p := range d.ConnectorFiles {
		read(p, true)
	}
	for _, p := range d.PackageFiles {
		read(p, true)
	}
	for _, p := range d.SolutionFiles {
		read(p, false)
	}
	if d.MetadataFile != "" {
		read(d.MetadataFile, false)
	}
	for _, c := range d.ContentFiles {
		e, info, hit := t.cache.get(t.FS, c.Path)
		if !hit {
			rc, iss := decodeContent(t.FS, c)
			e = cacheEntry{issue: iss}
			if iss == nil {
				e.content = &rc
			}
			t.cache.put(c.Path, info, e)
		}
		if e.issue != nil {
			t.rep.Add(*e.issue)
			continue
		}
		f.Content = append(f.Content, *e.content)
	}
	return f
}

// quoted joins names as "a", "b".
func quoted(names []string) string {
	var b strings.Builder
	for i, n := range names {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", n)
	}
	return b.String()
}

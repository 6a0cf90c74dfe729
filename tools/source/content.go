package source

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/sentinel-connector-docs/site/tools/report"
)

// ContentKind is the kind of a content item: what a solution ships besides
// its connectors to use their data.
type ContentKind string

// The content kinds, by the solution folder they live in.
const (
	AnalyticRule ContentKind = "analytic-rule"
	HuntingQuery ContentKind = "hunting-query"
	Workbook     ContentKind = "workbook"
	Playbook     ContentKind = "playbook"
	Watchlist    ContentKind = "watchlist"
	SummaryRule  ContentKind = "summary-rule"
)

// contentFolders maps a solution's folder names, lowercased, to the kind of
// content below them, and says which files there hold items: rules and
// queries are YAML, workbooks, playbooks and watchlists JSON.
var contentFolders = map[string]struct {
	kind ContentKind
	keep func(name string) bool
}{
	"analytic rules":  {AnalyticRule, isYAML},
	"analytics rules": {AnalyticRule, isYAML},
	"hunting queries": {HuntingQuery, isYAML},
	"summary rules":   {SummaryRule, isYAML},
	"workbooks":       {Workbook, isJSON},
	"playbooks":       {Playbook, isJSON},
	"watchlists":      {Watchlist, isJSON},
}

func isYAML(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".yaml" || ext == ".yml"
}

// ContentFile is a file that may hold a content item.
type ContentFile struct {
	Path string
	Kind ContentKind
}

// RawContent is a content file decoded: a YAML or JSON document as plain Go
// values.
type RawContent struct {
	ContentFile
	Doc map[string]any
}

// yamlLine reads the line out of yaml.v3's error messages ("yaml: line 7:
// ...").
var yamlLine = regexp.MustCompile(`line (\d+)`)

// decodeContent decodes one content file, or returns the issue that says why
// it cannot be read.
func decodeContent(fsys fs.FS, f ContentFile) (RawContent, *report.Issue) {
	fail := func(line int, msg string) (RawContent, *report.Issue) {
		return RawContent{}, &report.Issue{Severity: report.Error, Kind: report.Unparseable, File: f.Path, Line: line, Message: msg}
	}
	if !isYAML(f.Path) {
		doc, err := LoadJSON(fsys, f.Path)
		if err != nil {
			if pe, ok := err.(*ParseError); ok {
				return fail(pe.Line, pe.Msg)
			}
			return fail(0, err.Error())
		}
		m, ok := doc.(map[string]any)
		if !ok {
			return fail(0, "the document is not a JSON object")
		}
		return RawContent{ContentFile: f, Doc: m}, nil
	}
	info, err := fs.Lstat(fsys, f.Path)
	if err != nil || !info.Mode().IsRegular() {
		return fail(0, "not a regular file (a symbolic link is not followed)")
	}
	if info.Size() > MaxFileSize {
		return fail(0, fmt.Sprintf("file is %d bytes, over the %d-byte limit", info.Size(), MaxFileSize))
	}
	raw, err := fs.ReadFile(fsys, f.Path)
	if err != nil {
		return fail(0, err.Error())
	}
	var doc map[string]any
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		line := 0
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			line, _ = strconv.Atoi(m[1])
		}
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		if m := yamlLine.FindString(msg); m != "" && strings.HasPrefix(msg, m+": ") {
			msg = strings.TrimPrefix(msg, m+": ")
		}
		return fail(line, msg)
	}
	if doc == nil {
		return fail(0, "the file is empty")
	}
	return RawContent{ContentFile: f, Doc: doc}, nil
}

// contentFilesBelow lists the content files of one content folder.
func contentFilesBelow(fsys fs.FS, dir string, lower string, rep *report.Report) []ContentFile {
	cf := contentFolders[lower]
	files, _ := filesBelow(fsys, dir, rep, cf.keep)
	out := make([]ContentFile, 0, len(files))
	for _, f := range files {
		// Playbooks keep their templates next to images and docs; only a
		// template deploys one.
		if cf.kind == Playbook && !isPlaybookTemplate(f) {
			continue
		}
		out = append(out, ContentFile{Path: f, Kind: cf.kind})
	}
	return out
}

// isPlaybookTemplate reports whether a JSON file of a Playbooks folder is a
// deployment template (azuredeploy.json, or any JSON that is not a
// parameters file or a Logic App's bare definition export).
func isPlaybookTemplate(p string) bool {
	base := strings.ToLower(path.Base(p))
	return !strings.Contains(base, "parameters") && !strings.HasPrefix(base, "readme")
}

// ASIMFiles lists the ASIM parser files of the tree: the YAML files of
// Parsers/ASim*/Parsers/, sorted.
func ASIMFiles(fsys fs.FS, rep *report.Report) []string {
	schemas, err := fs.ReadDir(fsys, "Parsers")
	if err != nil {
		return nil
	}
	var out []string
	for _, s := range schemas {
		if !s.IsDir() || !strings.HasPrefix(strings.ToLower(s.Name()), "asim") {
			continue
		}
		dir := path.Join("Parsers", s.Name(), "Parsers")
		if _, err := fs.Stat(fsys, dir); err != nil {
			continue
		}
		files, _ := filesBelow(fsys, dir, rep, isYAML)
		out = append(out, files...)
	}
	sort.Strings(out)
	return out
}

// StandaloneFiles lists the content the repository keeps outside any
// solution: the YAML rules of Detections/ and queries of Hunting Queries/.
func StandaloneFiles(fsys fs.FS, rep *report.Report) []ContentFile {
	var out []ContentFile
	for _, top := range []struct {
		dir  string
		kind ContentKind
	}{{"Detections", AnalyticRule}, {"Hunting Queries", HuntingQuery}} {
		if _, err := fs.Stat(fsys, top.dir); err != nil {
			continue
		}
		files, _ := filesBelow(fsys, top.dir, rep, isYAML)
		for _, f := range files {
			out = append(out, ContentFile{Path: f, Kind: top.kind})
		}
	}
	return out
}

// LegacyParserFiles lists the parsers of the repository's Parsers folders
// that are not ASIM's (Parsers/<Name>/...): functions any query may call.
func LegacyParserFiles(fsys fs.FS, rep *report.Report) []string {
	dirs, err := fs.ReadDir(fsys, "Parsers")
	if err != nil {
		return nil
	}
	var out []string
	for _, d := range dirs {
		if !d.IsDir() || strings.HasPrefix(strings.ToLower(d.Name()), "asim") {
			continue
		}
		files, _ := filesBelow(fsys, path.Join("Parsers", d.Name()), rep, func(name string) bool {
			ext := strings.ToLower(path.Ext(name))
			return ext == ".txt" || ext == ".kql" || ext == ".csl" || ext == ".yaml" || ext == ".yml"
		})
		out = append(out, files...)
	}
	return out
}

// ReadStandalone decodes the repository's standalone content and its
// legacy parsers; what cannot be read is reported and left out.
func (t *Tree) ReadStandalone() ([]RawContent, []Parser) {
	var items []RawContent
	for _, f := range StandaloneFiles(t.FS, t.rep) {
		rc, iss := decodeContent(t.FS, f)
		if iss != nil {
			t.rep.Add(*iss)
			continue
		}
		items = append(items, rc)
	}
	return items, readParsers(t.FS, LegacyParserFiles(t.FS, t.rep))
}

// ReadASIM decodes the ASIM parser files; the ones that cannot be read are
// reported and left out.
func (t *Tree) ReadASIM() []RawContent {
	var out []RawContent
	for _, p := range t.ASIM {
		rc, iss := decodeContent(t.FS, ContentFile{Path: p})
		if iss != nil {
			t.rep.Add(*iss)
			continue
		}
		out = append(out, rc)
	}
	return out
}

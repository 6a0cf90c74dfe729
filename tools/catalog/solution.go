package catalog

import (
	"path"
	"sort"
	"strings"

	"github.com/sentinel-connector-docs/site/tools/markup"
	"github.com/sentinel-connector-docs/site/tools/report"
	"github.com/sentinel-connector-docs/site/tools/source"
)

// solution builds a Solution from a folder's Data/Solution_*.json and
// SolutionMetadata.json; either may be missing. Its Slug is set by merge.
func (b *catalogBuilder) solution(d *source.SolutionDir, files source.Folder) *SolutionDir {
	s := &Solution{
		Name:      d.Name,
		Folder:    d.Path,
		FolderURL: strings.Replace(b.fileURL(d.Path), "/blob/", "/tree/", 1),
	}
	sd := &SolutionDir{dir: d, solution: s, parsers: newParserSet()}
	sd.parsers.fallback = b.asim
	sd.parsers.addParsers(files.Parsers)
	for _, f := range d.SolutionFiles {
		doc, _ := files.Files[f].(map[string]any)
		if doc == nil {
			continue
		}
		s.Author = firstNonEmpty(s.Author, authorName(str(doc, "Author")))
		s.Deprecated = s.Deprecated || isDeprecatedText(str(doc, "Name")) || isDeprecatedText(str(doc, "Description"))
		s.Version = firstNonEmpty(s.Version, str(doc, "Version"))
		if s.Description == "" {
			s.Description = markup.HTML(unescapeNewlines(str(doc, "Description")))
		}
		if s.LogoFile == "" {
			s.LogoFile = logoPath(b.fs, str(doc, "Logo"), f)
			s.Logo = LogoURL(s.LogoFile)
		}
		if sd.listed == nil {
			sd.listed = []string{}
		}
		for _, p := range stringList(doc, "Data Connectors") {
			sd.listed = append(sd.listed, normalizeListed(p, d.Path))
		}
		for _, p := range stringList(doc, "Parsers") {
			sd.parsers.addListed(p)
		}
	}
	if d.MetadataFile != "" {
		if meta, ok := files.Files[d.MetadataFile].(map[string]any); ok {
			s.HasMetadata = true
			s.PublisherID = markup.Text(str(meta, "publisherId"))
			s.Publisher = s.PublisherID
			support := obj(meta, "support")
			s.SupportName = markup.Text(str(support, "name"))
			s.SupportTier = markup.Text(str(support, "tier"))
			s.SupportLink = webURL(str(support, "link"))
			s.FirstPublished = str(meta, "firstPublishDate")
			s.LastUpdated = str(meta, "lastPublishDate")
			if a := obj(meta, "author"); a != nil {
				s.Author = firstNonEmpty(markup.Text(str(a, "name")), s.Author)
			}
			cats := obj(meta, "categories")
			s.Categories = append(stringList(cats, "domains"), stringList(cats, "verticals")...)
			if s.SupportName != "" {
				s.Publisher = s.SupportName
			}
		}
	}
	if !s.HasMetadata {
		b.rep.Warnf(report.MissingMetadata, path.Join(d.Path, "SolutionMetadata.json"), "solution %q has no readable SolutionMetadata.json; publisher and support details are blank", d.Name)
	}
	return sd
}

// solutionSlug gives each solution folder its own page, even when two
// folder names make the same slug ("Foo (X)" and "Foo-X").
func (b *catalogBuilder) solutionSlug(d *source.SolutionDir) string {
	slug := uniqueSlug(SolutionSlug(d.Name), d.Name, b.solutionSlugs)
	if slug != SolutionSlug(d.Name) {
		b.rep.Warnf(report.DuplicateID, d.Path, "solution folder %q would share the page /solutions/%s/ with another; its page is /solutions/%s/", d.Name, SolutionSlug(d.Name), slug)
	}
	return slug
}

// webURL keeps a link only when it is an http(s) URL.
func webURL(s string) string {
	s = strings.TrimSpace(s)
	if l := strings.ToLower(s); strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://") {
		return s
	}
	return ""
}

// authorName drops the e-mail address from "Name - address" author values.
func authorName(s string) string {
	s = markup.Text(s)
	if i := strings.Index(s, " - "); i > 0 && strings.Contains(s[i:], "@") {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// isDeprecatedText reports whether a solution's name or description marks
// it deprecated, as the repository does with a "[DEPRECATED]" tag.
func isDeprecatedText(s string) bool {
	return strings.Contains(strings.ToUpper(s), "[DEPRECATED]")
}

// unescapeNewlines turns the literal "\n" some solution files carry into
// real line breaks.
func unescapeNewlines(s string) string {
	return strings.NewReplacer(`\r\n`, "\n", `\n`, "\n").Replace(s)
}

// normalizeListed makes a Solution_*.json connector path comparable with a
// scanned path: forward slashes, no leading "./", relative to the solution
// folder, lower case.
func normalizeListed(p, solutionPath string) string {
	p = strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(p, `\`, "/"), "./"))
	sol := strings.ToLower(solutionPath) + "/"
	if i := strings.Index(p, sol); i >= 0 {
		p = p[i+len(sol):]
	}
	return strings.TrimPrefix(p, "/")
}

// listed reports whether the solution's Solution_*.json lists file, by path
// relative to the solution folder or, failing that, by file name.
func listed(sd *SolutionDir, file string) bool {
	rel := normalizeListed(file, sd.dir.Path)
	base := path.Base(rel)
	for _, l := range sd.listed {
		if l == rel || path.Base(l) == base {
			return true
		}
	}
	return false
}

// link fills the solutions, tables, methods and publishers and every
// cross-reference between them and the connectors.
func (b *catalogBuilder) link(cat *Catalog) {
	for _, sd := range b.solutions {
		if sd.solution.Publisher == "" {
			sd.solution.Publisher = sd.solution.Author
		}
		cat.Solutions = append(cat.Solutions, sd.solution)
	}
	solutions := map[string]*Solution{}
	for _, s := range cat.Solutions {
		solutions[s.Slug] = s
	}
	tables := map[string]*Table{}
	solTables := map[string]map[string]*SolutionTable{}
	methods := map[string]*Method{}
	publishers := map[string]*Publisher{}
	for _, c := range cat.Connectors {
		s := solutions[c.SolutionSlug]
		if s != nil {
			if c.LogoFile == "" {
				c.LogoFile, c.Logo = s.LogoFile, s.Logo
			}
			s.Connectors = append(s.Connectors, c.Slug)
			if s.Deprecated {
				c.Deprecated = true
			}
		}
		for _, ref := range c.Tables {
			t, ok := tables[ref.Slug]
			if !ok {
				t = b.table(ref.Name)
				tables[ref.Slug] = t
			}
			t.Connectors = append(t.Connectors, c.Slug)
			for _, cr := range c.Criteria {
				if cr.Slug == ref.Slug {
					if t.Criteria == nil {
						t.Criteria = map[string][]string{}
					}
					t.Criteria[c.Slug] = cr.Conditions
				}
			}
			if s != nil {
				t.Solutions = append(t.Solutions, s.Slug)
				if solTables[s.Slug] == nil {
					solTables[s.Slug] = map[string]*SolutionTable{}
				}
				st := solTables[s.Slug][ref.Slug]
				if st == nil {
					st = &SolutionTable{Name: ref.Name, Slug: ref.Slug}
					solTables[s.Slug][ref.Slug] = st
				}
				st.Connectors = append(st.Connectors, c.Slug)
			}
		}
		c.MethodSlug = NameSlug(c.CollectionMethod)
		m := methods[c.MethodSlug]
		if m == nil {
			m = &Method{Name: c.CollectionMethod, Slug: c.MethodSlug, Description: methodDescription(c.CollectionMethod)}
			methods[m.Slug] = m
		}
		if c.Deprecated {
			m.Deprecated = append(m.Deprecated, c.Slug)
		} else {
			m.Connectors = append(m.Connectors, c.Slug)
		}
		c.PublisherSlug = NameSlug(c.Publisher)
		p := publishers[c.PublisherSlug]
		if p == nil {
			p = &Publisher{Name: c.Publisher, Slug: c.PublisherSlug}
			publishers[p.Slug] = p
		}
		p.Connectors = append(p.Connectors, c.Slug)
		if s != nil {
			p.Solutions = append(p.Solutions, s.Slug)
			s.Publishers = append(s.Publishers, p.Slug)
		}
	}
	for _, s := range cat.Solutions {
		for _, st := range solTables[s.Slug] {
			st.Connectors = uniqueSorted(st.Connectors)
			s.Tables = append(s.Tables, *st)
		}
		sort.Slice(s.Tables, func(i, j int) bool { return s.Tables[i].Slug < s.Tables[j].Slug })
		s.Connectors = uniqueSorted(s.Connectors)
		s.Publishers = uniqueSorted(s.Publishers)
	}
	b.linkContent(cat, tables, solutions)
	for _, t := range tables {
		t.Connectors = uniqueSorted(t.Connectors)
		t.Solutions = uniqueSorted(t.Solutions)
		cat.Tables = append(cat.Tables, t)
	}
	for _, m := range methods {
		cat.Methods = append(cat.Methods, m)
	}
	for _, p := range publishers {
		p.Solutions = uniqueSorted(p.Solutions)
		cat.Publishers = append(cat.Publishers, p)
	}
	// Columns declared by table definitions, then, for the tables none
	// defines, by the stream declarations of data collection rules (the
	// columns sent, before any transformation).
	for _, f := range b.companions {
		for _, td := range f.tables {
			if t := tables[TableSlug(td.Name)]; t != nil && len(t.Columns) == 0 {
				t.Columns = columns(td.Columns)
			}
		}
	}
	for _, f := range b.companions {
		for _, d := range f.dcrs {
			for _, name := range sortedStreamNames(d.Streams) {
				if t := tables[TableSlug(streamTable(name))]; t != nil && len(t.Columns) == 0 {
					t.Columns = columns(d.Streams[name])
				}
			}
		}
	}
	sort.Slice(cat.Solutions, func(i, j int) bool { return cat.Solutions[i].Slug < cat.Solutions[j].Slug })
	sort.Slice(cat.Tables, func(i, j int) bool { return cat.Tables[i].Slug < cat.Tables[j].Slug })
	sort.Slice(cat.Methods, func(i, j int) bool { return methodRank(cat.Methods[i].Name) < methodRank(cat.Methods[j].Name) })
	sort.Slice(cat.Publishers, func(i, j int) bool { return cat.Publishers[i].Slug < cat.Publishers[j].Slug })
}

// methodRank orders methods as methodOrder does; unknown names go last.
func methodRank(name string) int {
	for i, m := range methodOrder {
		if m.name == name {
			return i
		}
	}
	return len(methodOrder)
}

func (b *catalogBuilder) table(name string) *Table {
	t := &Table{Name: name, Slug: TableSlug(name), Transformations: Unknown, IngestionAPI: Unknown, LakeOnly: Unknown, BasicLogs: Unknown}
	if f, ok := b.opt.TableFacts[strings.ToLower(name)]; ok {
		t.Transformations, t.IngestionAPI, t.LakeOnly, t.BasicLogs = f.Transformations, f.IngestionAPI, f.LakeOnly, f.BasicLogs
		t.Category, t.DocURL = f.Category, f.DocURL
	}
	// Custom tables are created for and fed through the Logs Ingestion API.
	if strings.HasSuffix(name, "_CL") && t.IngestionAPI == Unknown {
		t.IngestionAPI = Yes
	}
	return t
}

func columns(in []source.Column) []Column {
	out := make([]Column, 0, len(in))
	for _, c := range in {
		out = append(out, Column{Name: c.Name, Type: c.Type, Description: markup.Text(c.Description)})
	}
	return out
}

func sortedStreamNames(m map[string][]source.Column) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

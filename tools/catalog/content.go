package catalog

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/sentinel-connector-docs/site/tools/kql"
	"github.com/sentinel-connector-docs/site/tools/markup"
	"github.com/sentinel-connector-docs/site/tools/report"
	"github.com/sentinel-connector-docs/site/tools/source"
)

// ContentItem is what a solution ships to use its connectors' data: an
// analytic rule, a hunting query, a workbook, a playbook, a watchlist or a
// summary rule.
type ContentItem struct {
	ID           string   `json:"id"`
	Slug         string   `json:"slug"`
	Name         string   `json:"name"`
	Kind         string   `json:"kind"`     // source.ContentKind
	RuleKind     string   `json:"ruleKind"` // Scheduled, NRT, ... for analytic rules
	Severity     string   `json:"severity"`
	Status       string   `json:"status"`
	Version      string   `json:"version"`
	Description  string   `json:"description"` // HTML
	Solution     string   `json:"solution"`
	SolutionSlug string   `json:"solutionSlug"`
	File         string   `json:"file"`
	URL          string   `json:"url"` // of the file in the source repository
	Tactics      []string `json:"tactics"`
	Techniques   []string `json:"techniques"`
	// Required are the connectors and data types its requiredDataConnectors
	// name.
	Required []RequiredConnector `json:"required"`
	Queries  []Query             `json:"queries"`
	// Tables are the tables its queries read, parsers expanded to the
	// tables they read (Via names the parser).
	Tables []TableRef `json:"tables"`
	// Connectors are the connectors that enable it: those filling a table it
	// reads, and those it requires. Slugs.
	Connectors []string `json:"connectors"`
	// LogicApps are the Logic Apps connectors (managed APIs) a playbook
	// uses.
	LogicApps []string `json:"logicApps,omitempty"`
	// WatchlistAlias and SearchKey describe a watchlist.
	WatchlistAlias string `json:"watchlistAlias,omitempty"`
	SearchKey      string `json:"searchKey,omitempty"`
}

// RequiredConnector is one entry of an item's requiredDataConnectors.
type RequiredConnector struct {
	ConnectorID string   `json:"connectorId"`
	Slug        string   `json:"slug"` // its page, or "" when no connector has that id
	DataTypes   []string `json:"dataTypes"`
}

// Parser is a solution's parser function.
type Parser struct {
	Name         string     `json:"name"`
	Slug         string     `json:"slug"`
	Names        []string   `json:"names"` // every name queries call it by
	Solution     string     `json:"solution"`
	SolutionSlug string     `json:"solutionSlug"`
	File         string     `json:"file"`
	URL          string     `json:"url"`
	Query        Query      `json:"query"`
	Tables       []TableRef `json:"tables"`
	Content      []string   `json:"content"` // slugs of the items that call it
}

// ASIMParser is a parser of the Advanced Security Information Model: a
// source parser that normalizes one product's logs to a schema, or a union
// parser over the source parsers of a schema.
type ASIMParser struct {
	Name          string     `json:"name"`
	Slug          string     `json:"slug"`
	BuiltIn       string     `json:"builtIn"` // EquivalentBuiltInParser
	Schema        string     `json:"schema"`
	SchemaVersion string     `json:"schemaVersion"`
	Type          string     `json:"type"` // source or union
	Product       string     `json:"product"`
	Version       string     `json:"version"`
	Description   string     `json:"description"` // HTML
	SubParsers    []string   `json:"subParsers"`
	Params        []string   `json:"params"` // name:type=default
	File          string     `json:"file"`
	URL           string     `json:"url"`
	Query         Query      `json:"query"`
	Tables        []TableRef `json:"tables"`
	Content       []string   `json:"content"` // slugs of the items that call it
}

// contentBuilder builds the content items of one solution folder.
type contentBuilder struct {
	b        *catalogBuilder
	solution *SolutionDir
	rep      *report.Report
}

// item builds one content item from its decoded file, or returns nil (and
// reports why) when the file holds none.
func (cb contentBuilder) item(raw source.RawContent) *ContentItem {
	doc := raw.Doc
	it := &ContentItem{Kind: string(raw.Kind), File: raw.Path, URL: cb.b.fileURL(raw.Path)}
	if sd := cb.solution; sd != nil {
		it.Solution = sd.solution.Name
	}
	switch raw.Kind {
	case source.Workbook:
		it.Name = firstNonEmpty(markup.Text(strings.TrimSuffix(path.Base(raw.Path), path.Ext(raw.Path))))
		for _, q := range workbookQueries(doc) {
			it.Queries = append(it.Queries, Query{Query: q})
		}
	case source.Playbook:
		meta := obj(doc, "metadata")
		it.Name = markup.Text(firstNonEmpty(str(meta, "title"), playbookName(raw.Path)))
		it.Description = markup.HTML(str(meta, "description"))
		it.LogicApps = logicAppsConnectors(doc)
		for _, q := range playbookQueries(doc) {
			it.Queries = append(it.Queries, Query{Query: q})
		}
		for _, t := range playbookLogTypes(doc) {
			it.Tables = append(it.Tables, TableRef{Name: t, Slug: TableSlug(t)})
		}
		if len(it.LogicApps) == 0 && !hasResource(doc, "microsoft.logic/workflows") {
			cb.rep.Warnf(report.NoContentInFile, raw.Path, "holds no Logic Apps workflow")
			return nil
		}
	case source.Watchlist:
		for _, r := range objects(doc, "resources") {
			if strings.HasSuffix(strings.ToLower(str(r, "type")), "watchlists") {
				p := obj(r, "properties")
				it.Name = markup.Text(str(p, "displayName"))
				it.Description = markup.HTML(str(p, "description"))
				it.WatchlistAlias, it.SearchKey = markup.Text(str(p, "watchlistAlias")), markup.Text(str(p, "itemsSearchKey"))
			}
		}
		if it.Name == "" {
			cb.rep.Warnf(report.NoContentInFile, raw.Path, "holds no watchlist resource")
			return nil
		}
	default: // rules and queries: YAML
		it.ID = str(doc, "id")
		it.Name = markup.Text(str(doc, "name"))
		it.Description = markup.HTML(str(doc, "description"))
		it.Severity, it.Status, it.Version = markup.Text(str(doc, "severity")), markup.Text(str(doc, "status")), str(doc, "version")
		if raw.Kind == source.AnalyticRule {
			it.RuleKind = markup.Text(firstNonEmpty(str(doc, "kind"), "Scheduled"))
		}
		it.Tactics = cleanList(stringList(doc, "tactics"))
		it.Techniques = cleanList(stringList(doc, "relevantTechniques"))
		for _, rc := range objects(doc, "requiredDataConnectors") {
			it.Required = append(it.Required, RequiredConnector{ConnectorID: markup.Text(str(rc, "connectorId")), DataTypes: cleanList(stringList(rc, "dataTypes"))})
		}
		if q := str(doc, "query"); q != "" {
			it.Queries = append(it.Queries, Query{Query: q})
		}
		if len(it.Queries) == 0 && raw.Kind != source.SummaryRule {
			cb.rep.Warnf(report.NoContentInFile, raw.Path, "%s %q has no query", strings.ReplaceAll(string(raw.Kind), "-", " "), it.Name)
		}
	}
	if it.Name == "" {
		it.Name = strings.TrimSuffix(path.Base(raw.Path), path.Ext(raw.Path))
		cb.rep.Warnf(report.MissingField, raw.Path, "content item has no name; using the file name %q", it.Name)
	}
	ps := cb.b.asim // standalone content calls the repository's parsers only
	if cb.solution != nil {
		ps = cb.solution.parsers
	}
	opt := ps.options(&kql.Cache{})
	var refs []TableRef
	for i, q := range it.Queries {
		it.Queries[i].HTML = kql.Highlight(q.Query, opt)
		text := q.Query
		if raw.Kind == source.Workbook {
			// {Param} and {TimeRange:start} are the workbook's parameters,
			// filled in before the query runs; braces would read as a body.
			text = workbookParam.ReplaceAllString(text, "0")
		}
		refs = append(refs, tablesUsed(text, opt)...)
	}
	it.Tables = uniqueRefs(append(it.Tables, refs...))
	sort.Slice(it.Tables, func(i, j int) bool { return it.Tables[i].Name < it.Tables[j].Name })
	return it
}

// workbookParam is a workbook parameter reference in a query.
var workbookParam = regexp.MustCompile(`\{[A-Za-z_][A-Za-z0-9_]*(:[A-Za-z0-9_]+)?\}`)

// tablesUsed returns the tables query reads, each with the parser it was
// read through, if any.
func tablesUsed(query string, opt kql.Options) []TableRef {
	via := map[string]string{}
	if expand := opt.Expand; expand != nil {
		opt.Expand = func(name string) []string {
			tables := expand(name)
			for _, t := range tables {
				if _, ok := via[t]; !ok {
					via[t] = name
				}
			}
			return tables
		}
	}
	var out []TableRef
	for _, t := range kql.Tables(query, opt) {
		// A name with an underscore that is not a custom table is a
		// function the tree does not define (GCP_IAM), as for connectors.
		if !isTableName(t) || (!strings.HasSuffix(t, "_CL") && strings.Contains(t, "_")) {
			continue
		}
		out = append(out, TableRef{Name: t, Slug: TableSlug(t), Via: via[t]})
	}
	return out
}

// workbookQueries returns the KQL of every query item of a workbook, at
// any depth (groups nest items).
func workbookQueries(doc map[string]any) []string {
	var out []string
	var walk func(items []map[string]any)
	walk = func(items []map[string]any) {
		for _, it := range items {
			c := obj(it, "content")
			if q := str(c, "query"); q != "" && str(c, "queryType") != "1" && !strings.HasPrefix(strings.TrimSpace(q), "{") {
				out = append(out, q)
			}
			walk(objects(c, "items"))
		}
	}
	walk(objects(doc, "items"))
	return out
}

// logicAppsConnectors returns the managed APIs a playbook's connections use
// (azuresentinel, office365, ...), sorted.
func logicAppsConnectors(doc map[string]any) []string {
	seen := map[string]bool{}
	eachObject(doc, func(x map[string]any) {
		if strings.EqualFold(str(x, "type"), "Microsoft.Web/connections") {
			id := str(obj(obj(x, "properties"), "api"), "id")
			if i := strings.LastIndex(id, "managedApis/"); i >= 0 {
				if name := strings.Trim(id[i+len("managedApis/"):], "')]\" "); name != "" {
					seen[markup.Text(name)] = true
				}
			}
		}
	})
	return slices.Sorted(maps.Keys(seen))
}

// playbookQueries are the KQL queries a playbook runs: the body of its
// Azure Monitor Logs actions (path /queryData or /queryDataV2).
func playbookQueries(doc map[string]any) []string {
	var out []string
	eachObject(doc, func(x map[string]any) {
		if in := obj(x, "inputs"); in != nil && strings.HasPrefix(str(in, "path"), "/queryData") {
			if q := str(in, "body"); q != "" {
				out = append(out, q)
			}
		}
	})
	return out
}

// playbookLogTypes are the custom tables a playbook writes: the Log-Type
// header of its HTTP Data Collector actions names the table, which the API
// gives the _CL suffix.
func playbookLogTypes(doc map[string]any) []string {
	seen := map[string]bool{}
	eachObject(doc, func(x map[string]any) {
		if lt := strings.TrimSpace(str(obj(x, "headers"), "Log-Type")); lt != "" && isTableName(lt) {
			if !strings.HasSuffix(lt, "_CL") {
				lt += "_CL"
			}
			seen[lt] = true
		}
	})
	return slices.Sorted(maps.Keys(seen))
}

// eachObject calls f on every object in v, at any depth, in key order so
// that what f collects comes out the same every run.
func eachObject(v any, f func(map[string]any)) {
	switch x := v.(type) {
	case map[string]any:
		f(x)
		for _, k := range slices.Sorted(maps.Keys(x)) {
			eachObject(x[k], f)
		}
	case []any:
		for _, e := range x {
			eachObject(e, f)
		}
	}
}

func hasResource(doc map[string]any, typ string) bool {
	for _, r := range objects(doc, "resources") {
		if strings.EqualFold(str(r, "type"), typ) {
			return true
		}
	}
	return false
}

// playbookName is a playbook's folder name: its template is always
// azuredeploy.json.
func playbookName(p string) string {
	if strings.EqualFold(path.Base(p), "azuredeploy.json") {
		return path.Base(path.Dir(p))
	}
	return strings.TrimSuffix(path.Base(p), path.Ext(p))
}

func cleanList(in []string) []string {
	var out []string
	for _, s := range in {
		if s = markup.Text(strings.TrimSpace(s)); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// ContentSlug is the URL segment of a content item: its name, and a short
// hash of its id (or file) so that two items of one name keep apart.
func ContentSlug(name, id, file string) string {
	key := id
	if key == "" {
		key = file
	}
	sum := sha256.Sum256([]byte(key))
	return NameSlug(name) + "-" + hex.EncodeToString(sum[:4])
}

// asimParser builds an ASIM parser from its decoded file.
func (b *catalogBuilder) asimParser(raw source.RawContent, asim *parserSet) *ASIMParser {
	doc := raw.Doc
	p := &ASIMParser{
		Name:        markup.Text(firstNonEmpty(str(doc, "ParserName"), strings.TrimSuffix(path.Base(raw.Path), path.Ext(raw.Path)))),
		BuiltIn:     markup.Text(str(doc, "EquivalentBuiltInParser")),
		Schema:      markup.Text(str(obj(doc, "Normalization"), "Schema")),
		Product:     markup.Text(str(obj(doc, "Product"), "Name")),
		Version:     str(obj(doc, "Parser"), "Version"),
		Description: markup.HTML(str(doc, "Description")),
		File:        raw.Path,
		URL:         b.fileURL(raw.Path),
	}
	p.SchemaVersion = str(obj(doc, "Normalization"), "Version")
	p.SubParsers = cleanList(stringList(doc, "Parsers"))
	p.Type = "source"
	if len(p.SubParsers) > 0 {
		p.Type = "union"
	}
	for _, pp := range objects(doc, "ParserParams") {
		param := str(pp, "Name") + ":" + str(pp, "Type")
		if d := str(pp, "Default"); d != "" {
			param += "=" + d
		}
		p.Params = append(p.Params, markup.Text(param))
	}
	q := str(doc, "ParserQuery")
	opt := asim.options(&kql.Cache{})
	p.Query = Query{Query: q, HTML: kql.Highlight(q, opt)}
	p.Tables = uniqueRefs(tablesUsed(q, opt))
	sort.Slice(p.Tables, func(i, j int) bool { return p.Tables[i].Name < p.Tables[j].Name })
	p.Slug = NameSlug(p.Name)
	return p
}

// asimNames are the names queries call an ASIM parser by: its ParserName,
// its built-in name, and for a source or union parser of the _ASim_ family
// the _Im_ filtering name the same file's logic answers to when no separate
// filtering file is there.
func asimNames(doc map[string]any) []string {
	names := []string{str(doc, "ParserName"), str(doc, "EquivalentBuiltInParser")}
	if b := str(doc, "EquivalentBuiltInParser"); strings.HasPrefix(b, "_ASim_") {
		names = append(names, "_Im_"+strings.TrimPrefix(b, "_ASim_"))
	}
	if n := str(doc, "ParserName"); strings.HasPrefix(n, "ASim") {
		names = append(names, "im"+strings.TrimPrefix(n, "ASim"), "vim"+strings.TrimPrefix(n, "ASim"))
	}
	return names
}

// readASIM reads the repository's ASIM parsers and its legacy top-level
// parsers: the set every query expands them through (frozen, as the
// folders read it at once), and their pages. It also reads the standalone
// content, built once the folders are (standaloneContent).
func (b *catalogBuilder) readASIM(tree *source.Tree) []*ASIMParser {
	b.asim = newParserSet()
	raws := tree.ReadASIM()
	for _, raw := range raws {
		b.asim.addNames([]string{str(raw.Doc, "ParserName"), str(raw.Doc, "EquivalentBuiltInParser")}, str(raw.Doc, "ParserQuery"), false)
	}
	for _, raw := range raws {
		b.asim.addNames(asimNames(raw.Doc)[2:], str(raw.Doc, "ParserQuery"), true)
	}
	items, legacy := tree.ReadStandalone()
	b.asim.addParsers(legacy)
	b.asim.freeze()
	b.standalone, b.legacyParsers = items, legacy
	var out []*ASIMParser
	taken := map[string]string{}
	for _, raw := range raws {
		p := b.asimParser(raw, b.asim)
		p.Slug = uniqueSlug(p.Slug, raw.Path, taken)
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Slug < out[j].Slug })
	return out
}

// folderContent builds a solution folder's content items and parser pages.
func (b *catalogBuilder) folderContent(sd *SolutionDir, files source.Folder, rep *report.Report) ([]*ContentItem, []*Parser) {
	return contentBuilder{b: b, solution: sd, rep: rep}.build(files.Content, files.Parsers)
}

// build builds content items and parser pages, with the solution's parsers
// (the repository's alone for standalone content).
func (cb contentBuilder) build(raws []source.RawContent, sps []source.Parser) ([]*ContentItem, []*Parser) {
	var items []*ContentItem
	for _, raw := range raws {
		if it := cb.item(raw); it != nil {
			items = append(items, it)
		}
	}
	ps, solution := cb.b.asim, ""
	if cb.solution != nil {
		ps, solution = cb.solution.parsers, cb.solution.solution.Name
	}
	opt := ps.options(&kql.Cache{})
	var parsers []*Parser
	for _, sp := range sps {
		if len(sp.Names) == 0 {
			continue
		}
		p := &Parser{Name: markup.Text(sp.Names[0]), Names: sp.Names, Solution: solution, File: sp.File, URL: cb.b.fileURL(sp.File)}
		for _, n := range sp.Names {
			// FunctionName is the name queries use; prefer it to the file's.
			if !strings.EqualFold(n, strings.TrimSuffix(path.Base(sp.File), path.Ext(sp.File))) {
				p.Name = markup.Text(n)
			}
		}
		p.Query = Query{Query: sp.Query, HTML: kql.Highlight(sp.Query, opt)}
		p.Tables = uniqueRefs(tablesUsed(sp.Query, opt))
		sort.Slice(p.Tables, func(i, j int) bool { return p.Tables[i].Name < p.Tables[j].Name })
		parsers = append(parsers, p)
	}
	return items, parsers
}

// linkContent settles the cross-references of content items and parsers:
// their slugs, the connectors they require or whose tables they read, the
// tables they read (a table no connector fills gets a page too, as content
// reads it), the parsers they call, their solutions, and the ATT&CK
// matrices of connectors, solutions and the site.
func (b *catalogBuilder) linkContent(cat *Catalog, tables map[string]*Table, solutions map[string]*Solution) {
	taken := map[string]string{}
	for _, it := range cat.Content {
		it.Slug = uniqueSlug(ContentSlug(it.Name, it.ID, it.File), it.File, taken)
	}
	sort.Slice(cat.Content, func(i, j int) bool { return cat.Content[i].Slug < cat.Content[j].Slug })
	taken = map[string]string{}
	for _, p := range cat.Parsers {
		p.Slug = uniqueSlug(NameSlug(p.Name), p.File, taken)
	}
	sort.Slice(cat.Parsers, func(i, j int) bool { return cat.Parsers[i].Slug < cat.Parsers[j].Slug })

	connectorByID := map[string]*Connector{}
	for _, c := range cat.Connectors {
		connectorByID[strings.ToLower(c.ID)] = c
		for _, a := range c.Aliases {
			connectorByID[strings.ToLower(a)] = c
		}
	}
	solutionSlug := map[string]string{}
	for _, s := range cat.Solutions {
		solutionSlug[s.Name] = s.Slug
		s.Content = map[string][]string{}
	}
	parserByName := map[string]*Parser{}
	for _, p := range cat.Parsers {
		p.SolutionSlug = solutionSlug[p.Solution]
		for _, n := range p.Names {
			parserByName[strings.ToLower(n)] = p
		}
		if s := solutions[p.SolutionSlug]; s != nil {
			s.Parsers = append(s.Parsers, p.Slug)
		}
	}
	asimByName := map[string]*ASIMParser{}
	for _, a := range cat.ASIM {
		for _, n := range []string{a.Name, a.BuiltIn} {
			if n != "" {
				asimByName[strings.ToLower(n)] = a
			}
		}
	}
	table := func(ref TableRef) *Table {
		t := tables[ref.Slug]
		if t == nil {
			t = b.table(ref.Name)
			tables[ref.Slug] = t
		}
		return t
	}
	for _, p := range cat.Parsers {
		for _, ref := range p.Tables {
			t := table(ref)
			t.Parsers = append(t.Parsers, p.Slug)
		}
	}
	for _, a := range cat.ASIM {
		for _, ref := range a.Tables {
			t := table(ref)
			t.ASIM = append(t.ASIM, a.Slug)
		}
	}
	enables := map[*Connector][]*ContentItem{}
	bySolution := map[*Solution][]*ContentItem{}
	for _, it := range cat.Content {
		it.SolutionSlug = solutionSlug[it.Solution]
		if s := solutions[it.SolutionSlug]; s != nil {
			s.Content[it.Kind] = append(s.Content[it.Kind], it.Slug)
			bySolution[s] = append(bySolution[s], it)
		}
		var by []*Connector
		for i, rc := range it.Required {
			if c := connectorByID[strings.ToLower(rc.ConnectorID)]; c != nil {
				it.Required[i].Slug = c.Slug
				by = append(by, c)
			}
		}
		for _, ref := range it.Tables {
			t := table(ref)
			t.Content = append(t.Content, it.Slug)
			for _, slug := range t.Connectors {
				by = append(by, cat.connector(slug))
			}
			if ref.Via == "" {
				continue
			}
			if p := parserByName[strings.ToLower(ref.Via)]; p != nil && !slices.Contains(p.Content, it.Slug) {
				p.Content = append(p.Content, it.Slug)
			}
			if a := asimByName[strings.ToLower(ref.Via)]; a != nil && !slices.Contains(a.Content, it.Slug) {
				a.Content = append(a.Content, it.Slug)
			}
		}
		for _, c := range by {
			if c != nil && !slices.Contains(it.Connectors, c.Slug) {
				it.Connectors = append(it.Connectors, c.Slug)
				enables[c] = append(enables[c], it)
			}
		}
		sort.Strings(it.Connectors)
	}
	for _, c := range cat.Connectors {
		items := enables[c]
		c.Enables = []string{}
		for _, it := range items {
			c.Enables = append(c.Enables, it.Slug)
		}
		sort.Strings(c.Enables)
		c.Matrix = matrixOf(items)
	}
	for _, s := range cat.Solutions {
		s.Matrix = matrixOf(bySolution[s])
	}
	cat.Matrix = matrixOf(cat.Content)
	for _, t := range tables {
		t.Content, t.Parsers, t.ASIM = nonNil(uniqueSorted(t.Content)), nonNil(uniqueSorted(t.Parsers)), nonNil(uniqueSorted(t.ASIM))
		t.Connectors, t.Solutions = nonNil(t.Connectors), nonNil(t.Solutions)
	}
	for _, p := range cat.Parsers {
		p.Content = nonNil(p.Content)
		p.Tables = nonNil(p.Tables)
	}
	for _, a := range cat.ASIM {
		a.Content = nonNil(a.Content)
		a.Tables = nonNil(a.Tables)
	}
	for _, it := range cat.Content {
		it.Connectors, it.Tactics, it.Techniques = nonNil(it.Connectors), nonNil(it.Tactics), nonNil(it.Techniques)
		it.Tables = nonNil(it.Tables)
		it.Required, it.Queries = nonNil(it.Required), nonNil(it.Queries)
	}
	for _, s := range cat.Solutions {
		s.Parsers = nonNil(s.Parsers)
	}
}

// connector returns the connector with slug, or nil.
func (cat *Catalog) connector(slug string) *Connector {
	i := sort.Search(len(cat.Connectors), func(i int) bool { return cat.Connectors[i].Slug >= slug })
	if i < len(cat.Connectors) && cat.Connectors[i].Slug == slug {
		return cat.Connectors[i]
	}
	return nil
}

// standaloneContent builds the repository's content outside solutions and
// the pages of its legacy parsers.
func (b *catalogBuilder) standaloneContent() ([]*ContentItem, []*Parser) {
	return contentBuilder{b: b, rep: b.rep}.build(b.standalone, b.legacyParsers)
}

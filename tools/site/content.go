package site

import (
	"bytes"
	"strings"

	"github.com/sentinel-connector-docs/site/tools/catalog"
)

// ContentSections are the sections of the content kinds, in the order the
// site lists them: each kind's index is /<section>/, its items
// /<section>/<slug>/.
var ContentSections = []struct{ Kind, Section, Title, Label string }{
	{"analytic-rule", "analytic-rules", "Analytic rules", "Analytic rule"},
	{"hunting-query", "hunting-queries", "Hunting queries", "Hunting query"},
	{"workbook", "workbooks", "Workbooks", "Workbook"},
	{"playbook", "playbooks", "Playbooks", "Playbook"},
	{"watchlist", "watchlists", "Watchlists", "Watchlist"},
	{"summary-rule", "summary-rules", "Summary rules", "Summary rule"},
}

// contentSection returns the section of a content kind.
func contentSection(kind string) string {
	for _, s := range ContentSections {
		if s.Kind == kind {
			return s.Section
		}
	}
	return "content"
}

// contentLabel returns how pages name one item of a kind ("Analytic
// rule"), and its section's title ("Analytic rules").
func contentLabel(kind string) (label, title string) {
	for _, s := range ContentSections {
		if s.Kind == kind {
			return s.Label, s.Title
		}
	}
	return kind, kind
}

// ContentSummary is what lists show of a content item.
type ContentSummary struct {
	Slug         string   `json:"slug"`
	Name         string   `json:"name"`
	Kind         string   `json:"kind"`
	KindLabel    string   `json:"kindLabel"` // "Analytic rule"
	Section      string   `json:"section"`
	SectionTitle string   `json:"sectionTitle"` // "Analytic rules"
	URL          string   `json:"url"`
	RuleKind     string   `json:"ruleKind"`
	Severity     string   `json:"severity"`
	Solution     string   `json:"solution"`
	SolutionSlug string   `json:"solutionSlug"`
	Tactics      []string `json:"tactics"`
	Tables       int      `json:"tables"`
	Source       string   `json:"source"` // its file, for the page's front matter
	// Detail is what only the item's own page shows; the API's list leaves
	// it out. The page reads it here, in the data Hugo loads once, rather
	// than decoding a file of its own.
	Detail *ContentDetail `json:"detail,omitempty"`
}

// ContentDetail is the part of an item only its page shows.
type ContentDetail struct {
	ID             string                      `json:"id"`
	Status         string                      `json:"status"`
	Version        string                      `json:"version"`
	Description    string                      `json:"description"` // HTML
	Techniques     []string                    `json:"techniques"`
	Required       []catalog.RequiredConnector `json:"required"`
	TableRefs      []catalog.TableRef          `json:"tableRefs"`
	Connectors     []string                    `json:"connectors"`
	LogicApps      []string                    `json:"logicApps,omitempty"`
	WatchlistAlias string                      `json:"watchlistAlias,omitempty"`
	SearchKey      string                      `json:"searchKey,omitempty"`
	FileURL        string                      `json:"fileUrl"`
}

// ContentPage is data/pages/content/<slug>.json and /api/content/<slug>.json:
// the item with its URL, its queries as KQL text. Its page shows the
// queries highlighted, from data/pages/content/<slug>.html.
type ContentPage struct {
	*catalog.ContentItem
	Queries []APIQuery `json:"queries"`
	Section string     `json:"section"`
	Path    string     `json:"path"` // its page: /<section>/<slug>/
}

// summarizeContent is what lists show of an item.
func summarizeContent(it *catalog.ContentItem) ContentSummary {
	label, title := contentLabel(it.Kind)
	return ContentSummary{
		Slug: it.Slug, Name: it.Name, Kind: it.Kind, KindLabel: label, Section: contentSection(it.Kind), SectionTitle: title,
		URL: contentURL(it), RuleKind: it.RuleKind, Severity: it.Severity, Solution: it.Solution, SolutionSlug: it.SolutionSlug,
		Tactics: it.Tactics, Tables: len(it.Tables), Source: it.File,
	}
}

// contentQueries is the HTML of an item's highlighted queries, for its page.
func contentQueries(it *catalog.ContentItem) []byte {
	var b bytes.Buffer
	if len(it.Queries) == 0 {
		return nil
	}
	title := "Query"
	if len(it.Queries) > 1 {
		title = "Queries"
	}
	out(&b, "<section aria-labelledby=\"queries\" data-pagefind-ignore>\n<h2 id=\"queries\">", title, "</h2>")
	for _, q := range it.Queries {
		out(&b, "\n<pre class=\"kql\"><code>", q.HTML, "</code></pre>")
	}
	b.WriteString("\n</section>\n")
	return b.Bytes()
}

// ParserSummary and ASIMSummary are what lists show of parsers.
type ParserSummary struct {
	Name         string `json:"name"`
	Solution     string `json:"solution"`
	SolutionSlug string `json:"solutionSlug"`
	Tables       int    `json:"tables"`
	Source       string `json:"source"`
}

type ASIMSummary struct {
	Name    string `json:"name"`
	Schema  string `json:"schema"`
	Type    string `json:"type"`
	Product string `json:"product"`
	Tables  int    `json:"tables"`
	Source  string `json:"source"`
}

func contentURL(it *catalog.ContentItem) string {
	return "/" + contentSection(it.Kind) + "/" + it.Slug + "/"
}

// writeContent writes the content items, parsers and ASIM parsers: the
// maps lists read, each entity's page data and API file, the ATT&CK matrix
// and the CSVs.
func (w *writer) writeContent(cat *catalog.Catalog) {
	w.jsonOf("data/content.json", func() any {
		m := make(map[string]ContentSummary, len(cat.Content))
		for _, it := range cat.Content {
			sum := summarizeContent(it)
			sum.Detail = &ContentDetail{
				ID: it.ID, Status: it.Status, Version: it.Version, Description: it.Description, Techniques: it.Techniques,
				Required: it.Required, TableRefs: it.Tables, Connectors: it.Connectors, LogicApps: it.LogicApps,
				WatchlistAlias: it.WatchlistAlias, SearchKey: it.SearchKey, FileURL: it.URL,
			}
			m[it.Slug] = sum
		}
		return m
	})
	w.jsonOf("data/parsers.json", func() any {
		m := make(map[string]ParserSummary, len(cat.Parsers))
		for _, p := range cat.Parsers {
			m[p.Slug] = ParserSummary{Name: p.Name, Solution: p.Solution, SolutionSlug: p.SolutionSlug, Tables: len(p.Tables), Source: p.File}
		}
		return m
	})
	w.jsonOf("data/asim.json", func() any {
		m := make(map[string]ASIMSummary, len(cat.ASIM))
		for _, a := range cat.ASIM {
			m[a.Slug] = ASIMSummary{Name: a.Name, Schema: a.Schema, Type: a.Type, Product: a.Product, Tables: len(a.Tables), Source: a.File}
		}
		return m
	})
	w.json("data/attack.json", cat.Matrix)
	w.json("data/api/attack.json", cat.Matrix)
	w.jsonOf("data/api/content.json", func() any {
		out := make([]ContentSummary, 0, len(cat.Content))
		for _, it := range cat.Content {
			out = append(out, summarizeContent(it))
		}
		return out
	})
	w.json("data/api/parsers.json", cat.Parsers)
	w.json("data/api/asim.json", cat.ASIM)
	w.fileOf("data/api/content_tables_mapping.csv", func() []byte { return contentTablesCSV(cat) })
	w.fileOf("data/api/parsers.csv", func() []byte { return parsersCSV(cat) })
	w.fileOf("data/api/asim_parsers.csv", func() []byte { return asimCSV(cat) })
	// Each file is the entity's page data and, published as it is (see
	// config.toml's mounts), its API file: /api/content/<slug>.json, ...
	for _, it := range cat.Content {
		w.json("data/pages/content/"+it.Slug+".json", ContentPage{ContentItem: it, Queries: apiQueries(it.Queries), Section: contentSection(it.Kind), Path: contentURL(it)})
		w.fileOf("data/pages/content/"+it.Slug+".html", func() []byte { return contentQueries(it) })
	}
	for _, p := range cat.Parsers {
		w.json("data/pages/parsers/"+p.Slug+".json", p)
	}
	for _, a := range cat.ASIM {
		w.json("data/pages/asim/"+a.Slug+".json", a)
	}
}

// contentTablesCSV is content_tables_mapping.csv with the Solutions
// Analyzer's columns: one row per item and table it reads (one row with no
// table for an item that reads none).
func contentTablesCSV(cat *catalog.Catalog) []byte {
	rows := [][]string{{"solution_name", "solution_folder", "solution_github_url", "content_type", "content_id", "content_name",
		"content_file", "table_name", "table_usage", "source_parser", "is_published", "page_url"}}
	folders := map[string]*catalog.Solution{}
	for _, s := range cat.Solutions {
		folders[s.Slug] = s
	}
	for _, it := range cat.Content {
		folder, url := "", ""
		if s := folders[it.SolutionSlug]; s != nil {
			folder, url = strings.TrimPrefix(s.Folder, "Solutions/"), s.FolderURL
		}
		row := func(table, via string) []string {
			return []string{it.Solution, folder, url, strings.ReplaceAll(it.Kind, "-", "_"), it.ID, it.Name,
				it.File[strings.LastIndex(it.File, "/")+1:], table, "read", via, "true", contentURL(it)}
		}
		if len(it.Tables) == 0 {
			rows = append(rows, row("", ""))
		}
		for _, t := range it.Tables {
			rows = append(rows, row(t.Name, t.Via))
		}
	}
	return encodeCSV(rows)
}

// parsersCSV is parsers.csv with the Solutions Analyzer's columns.
func parsersCSV(cat *catalog.Catalog) []byte {
	rows := [][]string{{"parser_name", "parser_title", "parser_version", "parser_last_updated", "parser_category", "description",
		"tables", "filter_fields", "source_file", "github_url", "solution_name", "solution_folder", "solution_github_url",
		"location", "file_type", "discovered", "page_url"}}
	folders := map[string]*catalog.Solution{}
	for _, s := range cat.Solutions {
		folders[s.Slug] = s
	}
	for _, p := range cat.Parsers {
		folder, url := "", ""
		if s := folders[p.SolutionSlug]; s != nil {
			folder, url = strings.TrimPrefix(s.Folder, "Solutions/"), s.FolderURL
		}
		ext := strings.TrimPrefix(p.File[strings.LastIndex(p.File, "."):], ".")
		rows = append(rows, []string{p.Name, p.Name, "", "", "", "", tableNames(p.Tables, ";"), "", p.File, p.URL,
			p.Solution, folder, url, "solution", ext, "false", "/parsers/" + p.Slug + "/"})
	}
	return encodeCSV(rows)
}

// asimCSV is asim_parsers.csv with the Solutions Analyzer's columns.
func asimCSV(cat *catalog.Catalog) []byte {
	rows := [][]string{{"parser_name", "equivalent_builtin", "filtering_parser_name", "filtering_equivalent_builtin", "schema",
		"schema_version", "parser_type", "parser_title", "parser_version", "parser_last_updated", "product_name", "description",
		"tables", "sub_parsers", "parser_params", "filter_fields", "associated_connectors", "associated_solutions", "references",
		"source_file", "github_url", "page_url"}}
	for _, a := range cat.ASIM {
		rows = append(rows, []string{a.Name, a.BuiltIn, "", "", a.Schema, a.SchemaVersion, a.Type, a.Name, a.Version, "",
			a.Product, "", tableNames(a.Tables, ";"), strings.Join(a.SubParsers, ";"), strings.Join(a.Params, ";"), "", "", "", "",
			a.File, a.URL, "/asim/" + a.Slug + "/"})
	}
	return encodeCSV(rows)
}

func tableNames(refs []catalog.TableRef, sep string) string {
	names := make([]string, len(refs))
	for i, t := range refs {
		names[i] = t.Name
	}
	return strings.Join(names, sep)
}

// contentIndexes are the pages of the content kinds' indexes and of the
// parser indexes, items by name.
func contentIndexes(cat *catalog.Catalog, ix *Indexes, size int) {
	ix.Content = map[string][]IndexPage{}
	bySection := map[string][]*catalog.ContentItem{}
	for _, it := range cat.Content {
		bySection[contentSection(it.Kind)] = append(bySection[contentSection(it.Kind)], it)
	}
	for _, s := range ContentSections {
		slugs := sortedSlugs(bySection[s.Section], func(it *catalog.ContentItem) (string, string) { return it.Name, it.Slug })
		ix.Content[s.Section] = pageSlugs(s.Section, slugs, size)
	}
	ix.ParserPages = pageSlugs("parsers", sortedSlugs(cat.Parsers, func(p *catalog.Parser) (string, string) { return p.Name, p.Slug }), size)
	ix.ASIMPages = pageSlugs("asim", sortedSlugs(cat.ASIM, func(a *catalog.ASIMParser) (string, string) { return a.Name, a.Slug }), size)
}

// contentCounts are the site's counts of content, for the home page.
func contentCounts(cat *catalog.Catalog) map[string]int {
	counts := map[string]int{"parsers": len(cat.Parsers), "asim": len(cat.ASIM)}
	for _, it := range cat.Content {
		counts[contentSection(it.Kind)]++
	}
	return counts
}

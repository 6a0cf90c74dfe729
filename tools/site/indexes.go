package site

import (
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sentinel-connector-docs/site/tools/catalog"
)

// Indexes are the orders the index pages list entities in, computed here so
// the templates only walk them. The big indexes are split into pages of at
// most pageSize rows, so no page grows past what a phone loads quickly.
type Indexes struct {
	// ConnectorPages, SolutionPages and TablePages are the pages of those
	// indexes; the first is the section page itself.
	ConnectorPages []IndexPage `json:"connectorPages"`
	SolutionPages  []IndexPage `json:"solutionPages"`
	TablePages     []IndexPage `json:"tablePages"`
	// Connectors groups active connectors by the first letter of their
	// title ("#" for anything else), A to Z.
	Connectors []LetterGroup `json:"connectors"`
	// Letters is the jump bar: every letter with whether it has a group.
	Letters []Letter `json:"letters"`
	// Deprecated lists deprecated connectors by title.
	Deprecated []string `json:"deprecated"`
	// Solutions, Tables and Publishers are slugs ordered by display name.
	Solutions  []string `json:"solutions"`
	Tables     []string `json:"tables"`
	Publishers []string `json:"publishers"`
	// Methods are method slugs in the site's method order.
	Methods []string `json:"methods"`
	// Content are the pages of each content kind's index, by section;
	// ParserPages and ASIMPages those of the parser indexes.
	Content     map[string][]IndexPage `json:"content"`
	ParserPages []IndexPage            `json:"parserPages"`
	ASIMPages   []IndexPage            `json:"asimPages"`
}

// LetterGroup is one letter's section of the connectors index.
type LetterGroup struct {
	Letter     string   `json:"letter"`
	Anchor     string   `json:"anchor"`
	Connectors []string `json:"connectors"`
	Continued  bool     `json:"continued"` // the group started on the page before
}

// Letter is one entry of the jump bar.
type Letter struct {
	Letter string `json:"letter"`
	Anchor string `json:"anchor"`
	Used   bool   `json:"used"`
	URL    string `json:"url"` // the page where the letter starts, with its anchor
}

// IndexPage is one page of a split index.
type IndexPage struct {
	Number int    `json:"number"`
	URL    string `json:"url"`
	First  int    `json:"first"` // 1-based number of its first row
	Last   int    `json:"last"`
	// Groups and Deprecated are the connectors index's rows on this page.
	Groups     []LetterGroup `json:"groups,omitempty"`
	Deprecated []string      `json:"deprecated,omitempty"`
	// Slugs are the rows of the other indexes.
	Slugs []string `json:"slugs,omitempty"`
}

// DefaultPageSize is the most rows an index page shows.
const DefaultPageSize = 250

func pageURL(kind string, n int) string {
	if n == 1 {
		return "/" + kind + "/"
	}
	return "/" + kind + "/page/" + strconv.Itoa(n) + "/"
}

// pageSlugs splits an ordered list into index pages.
func pageSlugs(kind string, slugs []string, size int) []IndexPage {
	var pages []IndexPage
	for start := 0; start < len(slugs) || len(pages) == 0; start += size {
		end := min(start+size, len(slugs))
		n := len(pages) + 1
		pages = append(pages, IndexPage{Number: n, URL: pageURL(kind, n), First: start + 1, Last: end, Slugs: slugs[start:end]})
	}
	return pages
}

// pageConnectors splits the connectors index, active letter groups first
// and deprecated connectors last, into pages of at most size rows; a group
// cut by a page break goes on as "continued".
func pageConnectors(groups []LetterGroup, deprecated []string, letters []Letter, size int) []IndexPage {
	page := IndexPage{Number: 1, URL: pageURL("connectors", 1), First: 1}
	var pages []IndexPage
	rows := 0
	flush := func() {
		page.Last = rows
		pages = append(pages, page)
		page = IndexPage{Number: page.Number + 1, URL: pageURL("connectors", page.Number+1), First: rows + 1}
	}
	starts := map[string]string{}
	for _, g := range groups {
		rest, continued := g.Connectors, false
		for len(rest) > 0 {
			if rows-page.First+1 >= size {
				flush()
			}
			take := min(len(rest), size-(rows-page.First+1))
			part := LetterGroup{Letter: g.Letter, Anchor: g.Anchor, Connectors: rest[:take], Continued: continued}
			if !continued {
				starts[g.Letter] = page.URL + "#" + g.Anchor
			}
			page.Groups = append(page.Groups, part)
			rows += take
			rest, continued = rest[take:], true
		}
	}
	for _, slug := range deprecated {
		if rows-page.First+1 >= size {
			flush()
		}
		page.Deprecated = append(page.Deprecated, slug)
		rows++
	}
	flush()
	for i := range letters {
		letters[i].URL = starts[letters[i].Letter]
	}
	return pages
}

func buildIndexes(cat *catalog.Catalog, pageSize int) Indexes {
	if pageSize <= 0 {
		pageSize = DefaultPageSize
	}
	ix := Indexes{Deprecated: []string{}}
	active := make([]*catalog.Connector, 0, len(cat.Connectors))
	deprecated := []*catalog.Connector{}
	for _, c := range cat.Connectors {
		if c.Deprecated {
			deprecated = append(deprecated, c)
		} else {
			active = append(active, c)
		}
	}
	byTitle := func(list []*catalog.Connector) {
		sort.SliceStable(list, func(i, j int) bool { return lessFold(list[i].Title, list[j].Title, list[i].Slug, list[j].Slug) })
	}
	byTitle(active)
	byTitle(deprecated)
	groups := map[string]*LetterGroup{}
	for _, c := range active {
		l := initial(c.Title)
		g := groups[l]
		if g == nil {
			g = &LetterGroup{Letter: l, Anchor: anchor(l)}
			groups[l] = g
		}
		g.Connectors = append(g.Connectors, c.Slug)
	}
	for _, l := range append([]string{"#"}, strings.Split("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "")...) {
		g := groups[l]
		ix.Letters = append(ix.Letters, Letter{Letter: l, Anchor: anchor(l), Used: g != nil})
		if g != nil {
			ix.Connectors = append(ix.Connectors, *g)
		}
	}
	for _, c := range deprecated {
		ix.Deprecated = append(ix.Deprecated, c.Slug)
	}
	ix.Solutions = sortedSlugs(cat.Solutions, func(s *catalog.Solution) (string, string) { return s.Name, s.Slug })
	ix.Tables = sortedSlugs(cat.Tables, func(t *catalog.Table) (string, string) { return t.Name, t.Slug })
	ix.Publishers = sortedSlugs(cat.Publishers, func(p *catalog.Publisher) (string, string) { return p.Name, p.Slug })
	for _, m := range cat.Methods {
		ix.Methods = append(ix.Methods, m.Slug)
	}
	ix.ConnectorPages = pageConnectors(ix.Connectors, ix.Deprecated, ix.Letters, pageSize)
	ix.SolutionPages = pageSlugs("solutions", ix.Solutions, pageSize)
	ix.TablePages = pageSlugs("tables", ix.Tables, pageSize)
	if ix.Methods == nil {
		ix.Methods = []string{}
	}
	contentIndexes(cat, &ix, pageSize)
	return ix
}

func sortedSlugs[T any](list []T, key func(T) (name, slug string)) []string {
	sorted := append([]T(nil), list...)
	sort.SliceStable(sorted, func(i, j int) bool {
		ni, si := key(sorted[i])
		nj, sj := key(sorted[j])
		return lessFold(ni, nj, si, sj)
	})
	out := make([]string, 0, len(sorted))
	for _, e := range sorted {
		_, s := key(e)
		out = append(out, s)
	}
	return out
}

// lessFold orders by name ignoring case, then by slug so ties are stable.
// It orders as comparing strings.ToLower of each name would, without
// making the lower-case copies (the indexes sort thousands of names).
func lessFold(a, b, slugA, slugB string) bool {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra, rb = unicode.ToLower(ra), unicode.ToLower(rb); ra != rb {
			return ra < rb
		}
		a, b = a[na:], b[nb:]
	}
	if a != b { // one is a prefix of the other
		return a == ""
	}
	return slugA < slugB
}

// initial is the index letter of a title: its first letter A-Z, or "#".
func initial(title string) string {
	r, _ := utf8.DecodeRuneInString(title)
	if r = unicode.ToUpper(r); r >= 'A' && r <= 'Z' {
		return string(r)
	}
	return "#"
}

func anchor(letter string) string {
	if letter == "#" {
		return "letter-other"
	}
	return "letter-" + strings.ToLower(letter)
}

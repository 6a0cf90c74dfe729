package site

import (
	"sort"
	"strings"
	"unicode"

	"github.com/sentinel-connector-docs/site/tools/catalog"
)

// Indexes are the orders the index pages list entities in, computed here so
// the templates only walk them.
type Indexes struct {
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
}

// LetterGroup is one letter's section of the connectors index.
type LetterGroup struct {
	Letter     string   `json:"letter"`
	Anchor     string   `json:"anchor"`
	Connectors []string `json:"connectors"`
}

// Letter is one entry of the jump bar.
type Letter struct {
	Letter string `json:"letter"`
	Anchor string `json:"anchor"`
	Used   bool   `json:"used"`
}

func buildIndexes(cat *catalog.Catalog) Indexes {
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
	if ix.Methods == nil {
		ix.Methods = []string{}
	}
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
func lessFold(a, b, slugA, slugB string) bool {
	la, lb := strings.ToLower(a), strings.ToLower(b)
	if la != lb {
		return la < lb
	}
	return slugA < slugB
}

// initial is the index letter of a title: its first letter A-Z, or "#".
func initial(title string) string {
	for _, r := range title {
		r = unicode.ToUpper(r)
		if r >= 'A' && r <= 'Z' {
			return string(r)
		}
		return "#"
	}
	return "#"
}

func anchor(letter string) string {
	if letter == "#" {
		return "letter-other"
	}
	return "letter-" + strings.ToLower(letter)
}

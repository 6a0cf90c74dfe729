package site

import (
	"github.com/sentinel-connector-docs/site/tools/catalog"
)

// Link points from one entity to another: its slug, its page and its API
// file.
type Link struct {
	Name string `json:"name"`
	Slug string `json:"slug"`
	URL  string `json:"url"`
	API  string `json:"api"`
}

func link(kind, name, slug string) Link {
	return Link{Name: name, Slug: slug, URL: "/" + kind + "/" + slug + "/", API: "/api/" + kind + "/" + slug + ".json"}
}

// ConnectorDetail is /api/connectors/<slug>.json: everything the connector
// page shows, with links to the related entities. The queries are given as
// their KQL text; the highlighted HTML is for the page (connectorTail).
type ConnectorDetail struct {
	*catalog.Connector
	SampleQueries []APIQuery     `json:"sampleQueries"`
	GraphQueries  []APIQuery     `json:"graphQueries"`
	URL           string         `json:"url"`
	Links         ConnectorLinks `json:"links"`
}

// APIQuery is a query as the API gives it.
type APIQuery struct {
	Title string `json:"title"`
	Query string `json:"query"`
}

func apiQueries(qs []catalog.Query) []APIQuery {
	out := make([]APIQuery, len(qs))
	for i, q := range qs {
		out[i] = APIQuery{Title: q.Title, Query: q.Query}
	}
	return out
}

// ConnectorLinks are a connector's cross-references.
type ConnectorLinks struct {
	Solution  *Link  `json:"solution"`
	Publisher Link   `json:"publisher"`
	Method    Link   `json:"method"`
	Tables    []Link `json:"tables"`
}

// ConnectorPage is data/pages/connectors/<slug>.json: what the connector's
// page shows but its setup steps and queries, which the page reads as HTML
// from data/pages/connectors/<slug>.html (connectorTail). Decoding them from
// JSON, and walking the steps in Hugo's templates, was most of the time
// Hugo spent on a connector page.
type ConnectorPage struct {
	*catalog.Connector
	Status        []string `json:"status"` // as in ConnectorSummary
	Steps         *omitted `json:"steps,omitempty"`
	SampleQueries *omitted `json:"sampleQueries,omitempty"`
	GraphQueries  *omitted `json:"graphQueries,omitempty"`
}

// omitted hides a field of an embedded struct from its JSON: a nil pointer
// with omitempty, under the same name, takes the field's place.
type omitted struct{}

// SolutionDetail is /api/solutions/<slug>.json.
type SolutionDetail struct {
	*catalog.Solution
	URL   string        `json:"url"`
	Links SolutionLinks `json:"links"`
}

// SolutionLinks are a solution's cross-references.
type SolutionLinks struct {
	Connectors []Link `json:"connectors"`
	Tables     []Link `json:"tables"`
	Publishers []Link `json:"publishers"`
}

// TableDetail is /api/tables/<slug>.json.
type TableDetail struct {
	*catalog.Table
	URL   string     `json:"url"`
	Links TableLinks `json:"links"`
}

// TableLinks are a table's cross-references.
type TableLinks struct {
	Connectors []Link `json:"connectors"`
	Solutions  []Link `json:"solutions"`
}

// writeEntities writes one API file per connector, solution and table, and
// the data of each connector's page.
func (w *writer) writeEntities(cat *catalog.Catalog) {
	conByslug := bySlug(cat.Connectors, func(c *catalog.Connector) string { return c.Slug })
	solBySlug := bySlug(cat.Solutions, func(s *catalog.Solution) string { return s.Slug })
	pubBySlug := bySlug(cat.Publishers, func(p *catalog.Publisher) string { return p.Slug })
	for _, c := range cat.Connectors {
		d := ConnectorDetail{Connector: c, SampleQueries: apiQueries(c.SampleQueries), GraphQueries: apiQueries(c.GraphQueries), URL: "/connectors/" + c.Slug + "/", Links: ConnectorLinks{
			Publisher: link("publishers", c.Publisher, c.PublisherSlug),
			Method:    link("methods", c.CollectionMethod, c.MethodSlug),
			Tables:    []Link{},
		}}
		if s := solBySlug[c.SolutionSlug]; s != nil {
			l := link("solutions", s.Name, s.Slug)
			d.Links.Solution = &l
		}
		for _, t := range c.Tables {
			d.Links.Tables = append(d.Links.Tables, link("tables", t.Name, t.Slug))
		}
		w.json("data/api/connectors/"+c.Slug+".json", d)
		w.json("data/pages/connectors/"+c.Slug+".json", ConnectorPage{Connector: c, Status: statuses(c)})
		w.fileOf("data/pages/connectors/"+c.Slug+".html", func() []byte { return connectorTail(c) })
	}
	for _, s := range cat.Solutions {
		d := SolutionDetail{Solution: s, URL: "/solutions/" + s.Slug + "/", Links: SolutionLinks{Connectors: []Link{}, Tables: []Link{}, Publishers: []Link{}}}
		for _, slug := range s.Connectors {
			d.Links.Connectors = append(d.Links.Connectors, link("connectors", conByslug[slug].Title, slug))
		}
		for _, t := range s.Tables {
			d.Links.Tables = append(d.Links.Tables, link("tables", t.Name, t.Slug))
		}
		for _, slug := range s.Publishers {
			d.Links.Publishers = append(d.Links.Publishers, link("publishers", pubBySlug[slug].Name, slug))
		}
		w.json("data/api/solutions/"+s.Slug+".json", d)
	}
	for _, t := range cat.Tables {
		d := TableDetail{Table: t, URL: "/tables/" + t.Slug + "/", Links: TableLinks{Connectors: []Link{}, Solutions: []Link{}}}
		for _, slug := range t.Connectors {
			d.Links.Connectors = append(d.Links.Connectors, link("connectors", conByslug[slug].Title, slug))
		}
		for _, slug := range t.Solutions {
			d.Links.Solutions = append(d.Links.Solutions, link("solutions", solBySlug[slug].Name, slug))
		}
		w.json("data/api/tables/"+t.Slug+".json", d)
	}
}

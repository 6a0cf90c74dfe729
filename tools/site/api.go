package site

import "github.com/sentinel-connector-docs/site/tools/catalog"

// APIConnector is one entry of /api/connectors.json: the connector's facts
// for programs, with cross-references as names, slugs and URLs.
type APIConnector struct {
	ID               string   `json:"id"`
	Slug             string   `json:"slug"`
	Title            string   `json:"title"`
	Publisher        string   `json:"publisher"`
	Solution         string   `json:"solution"`
	SolutionSlug     string   `json:"solutionSlug"`
	CollectionMethod string   `json:"collectionMethod"`
	Tables           []string `json:"tables"`
	Deprecated       bool     `json:"deprecated"`
	Preview          bool     `json:"preview"`
	SourceFiles      []string `json:"sourceFiles"`
	URL              string   `json:"url"`
}

func apiConnectors(cat *catalog.Catalog) []APIConnector {
	out := make([]APIConnector, 0, len(cat.Connectors))
	for _, c := range cat.Connectors {
		a := APIConnector{
			ID: c.ID, Slug: c.Slug, Title: c.Title, Publisher: c.Publisher,
			Solution: c.Solution, SolutionSlug: c.SolutionSlug,
			CollectionMethod: c.CollectionMethod, Deprecated: c.Deprecated, Preview: c.Preview,
			Tables: []string{}, SourceFiles: []string{},
			URL: "/connectors/" + c.Slug + "/",
		}
		for _, t := range c.Tables {
			a.Tables = append(a.Tables, t.Name)
		}
		for _, f := range c.SourceFiles {
			a.SourceFiles = append(a.SourceFiles, f.Path)
		}
		out = append(out, a)
	}
	return out
}

// APISolution is one entry of /api/solutions.json.
type APISolution struct {
	Name       string   `json:"name"`
	Slug       string   `json:"slug"`
	Publisher  string   `json:"publisher"`
	Deprecated bool     `json:"deprecated"`
	Folder     string   `json:"folder"`
	Connectors []string `json:"connectors"` // slugs
	Tables     []string `json:"tables"`     // slugs
	URL        string   `json:"url"`
}

// APITable is one entry of /api/tables.json.
type APITable struct {
	Name                    string   `json:"name"`
	Slug                    string   `json:"slug"`
	Connectors              []string `json:"connectors"` // slugs
	Solutions               []string `json:"solutions"`  // slugs
	SupportsTransformations string   `json:"supportsTransformations"`
	IngestionAPISupported   string   `json:"ingestionApiSupported"`
	// Content, Parsers and ASIM are the slugs of what reads the table.
	Content []string `json:"content"`
	Parsers []string `json:"parsers"`
	ASIM    []string `json:"asim"`
	URL     string   `json:"url"`
}

// APIMethod is one entry of /api/methods.json.
type APIMethod struct {
	Name        string   `json:"name"`
	Slug        string   `json:"slug"`
	Description string   `json:"description"`
	Connectors  []string `json:"connectors"` // active connectors, slugs
	Deprecated  []string `json:"deprecated"` // deprecated connectors, slugs
	URL         string   `json:"url"`
}

// APIPublisher is one entry of /api/publishers.json.
type APIPublisher struct {
	Name       string   `json:"name"`
	Slug       string   `json:"slug"`
	Connectors []string `json:"connectors"` // slugs
	Solutions  []string `json:"solutions"`  // slugs
	URL        string   `json:"url"`
}

func apiSolutions(cat *catalog.Catalog) []APISolution {
	out := make([]APISolution, 0, len(cat.Solutions))
	for _, s := range cat.Solutions {
		a := APISolution{Name: s.Name, Slug: s.Slug, Publisher: s.Publisher, Deprecated: s.Deprecated, Folder: s.Folder,
			Connectors: s.Connectors, Tables: []string{}, URL: "/solutions/" + s.Slug + "/"}
		for _, t := range s.Tables {
			a.Tables = append(a.Tables, t.Slug)
		}
		out = append(out, a)
	}
	return out
}

func apiTables(cat *catalog.Catalog) []APITable {
	out := make([]APITable, 0, len(cat.Tables))
	for _, t := range cat.Tables {
		out = append(out, APITable{Name: t.Name, Slug: t.Slug, Connectors: t.Connectors, Solutions: t.Solutions,
			SupportsTransformations: t.Transformations, IngestionAPISupported: t.IngestionAPI,
			Content: t.Content, Parsers: t.Parsers, ASIM: t.ASIM, URL: "/tables/" + t.Slug + "/"})
	}
	return out
}

func apiMethods(cat *catalog.Catalog) []APIMethod {
	out := make([]APIMethod, 0, len(cat.Methods))
	for _, m := range cat.Methods {
		out = append(out, APIMethod{Name: m.Name, Slug: m.Slug, Description: m.Description,
			Connectors: m.Connectors, Deprecated: m.Deprecated, URL: "/methods/" + m.Slug + "/"})
	}
	return out
}

func apiPublishers(cat *catalog.Catalog) []APIPublisher {
	out := make([]APIPublisher, 0, len(cat.Publishers))
	for _, p := range cat.Publishers {
		out = append(out, APIPublisher{Name: p.Name, Slug: p.Slug, Connectors: p.Connectors, Solutions: p.Solutions, URL: "/publishers/" + p.Slug + "/"})
	}
	return out
}

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

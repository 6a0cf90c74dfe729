package catalog

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/sentinel-connector-docs/site/tools/report"
	"github.com/sentinel-connector-docs/site/tools/source"
)

func ui(id, title string) string {
	return `{"id": "` + id + `", "title": "` + title + `", "publisher": "Proseware", "dataTypes": [{"name": "` + id + `_CL"}], "instructionSteps": []}`
}

func armWith(uis ...string) string {
	var res []string
	for _, u := range uis {
		res = append(res, `{"type": "Microsoft.OperationalInsights/workspaces/providers/dataConnectors", "kind": "StaticUI", "properties": {"connectorUiConfig": `+u+`}}`)
	}
	return `{"parameters": {}, "variables": {}, "resources": [{"type": "Microsoft.OperationalInsights/workspaces/providers/contentPackages", "properties": {}}, ` + strings.Join(res, ",") + `]}`
}

func buildFS(t *testing.T, fsys fstest.MapFS) (*Catalog, []report.Issue) {
	t.Helper()
	rep := &report.Report{}
	tree, err := source.Open(fsys, rep)
	if err != nil {
		t.Fatal(err)
	}
	cat := Build(tree, Options{}, rep)
	return cat, cat.Issues
}

func TestDuplicatesAndPackages(t *testing.T) {
	fsys := fstest.MapFS{
		"Solutions/Proseware/Data Connectors/Proseware.json":             {Data: []byte(ui("ProsewareA", "Own definition"))},
		"Solutions/Proseware/Data Connectors/azuredeploy_Proseware.json": {Data: []byte(`{"parameters": {}, "resources": [{"type": "x/dataConnectors", "properties": {"connectorUiConfig": ` + ui("ProsewareA", "Azuredeploy copy") + `}}]}`)},
		"Solutions/Proseware/Package/mainTemplate.json":                  {Data: []byte(armWith(ui("ProsewareA", "Package copy"), ui("ProsewareOnly", "Only in the package")))},
	}
	cat, issues := buildFS(t, fsys)
	titles := map[string]string{}
	for _, c := range cat.Connectors {
		titles[c.ID] = c.Title
	}
	if titles["ProsewareA"] != "Own definition" {
		t.Errorf("kept %q, want the connector's own definition", titles["ProsewareA"])
	}
	if titles["ProsewareOnly"] != "Only in the package" {
		t.Errorf("a connector defined only in the package template must be kept: %v", titles)
	}
	if cat.Found != 2 || cat.Definitions != 4 || cat.PackageCopies != 1 {
		t.Errorf("found %d, definitions %d, package copies %d; want 2, 4, 1", cat.Found, cat.Definitions, cat.PackageCopies)
	}
	var dups []string
	for _, i := range issues {
		if i.Kind == report.DuplicateID {
			dups = append(dups, i.File)
		}
	}
	if len(dups) != 1 || !strings.HasSuffix(dups[0], "azuredeploy_Proseware.json") {
		t.Errorf("duplicate reports %q, want only the azuredeploy copy", dups)
	}
}

func TestUnparseableFileIsReportedWithPlace(t *testing.T) {
	fsys := fstest.MapFS{
		"Solutions/P/Data Connectors/good.json": {Data: []byte(ui("Good", "Good"))},
		"Solutions/P/Data Connectors/bad.json":  {Data: []byte("{\n  \"id\": \"Bad\",\n  \"title\": \n}")},
	}
	cat, issues := buildFS(t, fsys)
	if len(cat.Connectors) != 1 {
		t.Fatalf("want the good connector kept, got %d", len(cat.Connectors))
	}
	found := false
	for _, i := range issues {
		if i.Kind == report.Unparseable && i.File == "Solutions/P/Data Connectors/bad.json" && i.Line == 4 && i.Column > 0 {
			found = true
		}
	}
	if !found {
		t.Errorf("no unparseable-file issue with line and column: %+v", issues)
	}
}

func TestSolutionSlugsStayUnique(t *testing.T) {
	fsys := fstest.MapFS{
		"Solutions/Foo (X)/Data Connectors/a.json": {Data: []byte(ui("FooA", "A"))},
		"Solutions/Foo-X/Data Connectors/b.json":   {Data: []byte(ui("FooB", "B"))},
	}
	cat, _ := buildFS(t, fsys)
	if len(cat.Solutions) != 2 || cat.Solutions[0].Slug == cat.Solutions[1].Slug {
		t.Fatalf("solutions %+v share a slug", cat.Solutions)
	}
	for _, c := range cat.Connectors {
		found := false
		for _, s := range cat.Solutions {
			found = found || (s.Slug == c.SolutionSlug && s.Name == c.Solution)
		}
		if !found {
			t.Errorf("%s points to solution %q, which is not its own", c.ID, c.SolutionSlug)
		}
	}
}

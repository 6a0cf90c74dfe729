package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	cp "github.com/otiai10/copy"
	"golang.org/x/net/html"
)

// repoRoot is the project root, two levels above this package.
var repoRoot = filepath.Join("..", "..")

// copySite copies the hand-written parts of the project (config, layouts,
// assets, hand-written content, and package.json, which pins Pagefind) into
// a temporary folder, as a fresh clone has them.
func copySite(dir string) error {
	for _, p := range []string{"config.toml", "layouts", "assets", "static", "content", "package.json"} {
		if err := cp.Copy(filepath.Join(repoRoot, p), filepath.Join(dir, p)); err != nil {
			return err
		}
	}
	return nil
}

// The sample site is built once per test binary by TestMain; tests read it.
var (
	sampleSite  string
	sampleBuild error
	buildOutput bytes.Buffer
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "connectordocs-e2e-")
	if err != nil {
		panic(err)
	}
	sampleSite = dir
	sampleBuild = copySite(dir)
	if sampleBuild == nil {
		// Pagefind comes as on a fresh clone: found in -cache, or installed
		// there with npm, or search is off and the browser tests skip.
		sampleBuild = run(context.Background(), []string{"build", "-site", dir, "-hugo-flags", "--panicOnWarning --quiet"}, &buildOutput, &buildOutput)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func builtSample(t *testing.T) string {
	t.Helper()
	if sampleBuild != nil {
		t.Fatalf("building the sample: %v\n%s", sampleBuild, buildOutput.String())
	}
	return sampleSite
}

func TestBuildSummary(t *testing.T) {
	builtSample(t)
	for _, want := range []string{
		"23 connectors found = 23 pages written + 0 reported as errors",
		// Every JSON file of the connector folders is accounted for.
		"49 JSON files in connector folders = 24 define connectors + 24 are parts of one (rule, poller, tables, function app) + 1 reported (0 unparseable, 0 with nothing recognized, 1 parts no connector uses)",
	} {
		if !strings.Contains(buildOutput.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, buildOutput.String())
		}
	}
}

// readPublic returns a file of the built site. HTML is parsed and rendered
// again, so that assertions see one canonical form (quoted attributes)
// whatever the minifier did.
func readPublic(t *testing.T, site, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(site, "public", filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(rel, ".html") {
		return string(b)
	}
	return canonicalHTML(t, b)
}

func canonicalHTML(t *testing.T, b []byte) string {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := html.Render(&out, doc); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

func TestBuildConnectorPageSections(t *testing.T) {
	site := builtSample(t)
	page := readPublic(t, site, "connectors/contosoedgewallama/index.html")
	// Every section of the page, in order.
	order := []string{
		"<h1>Contoso EdgeWall via AMA",
		">Connector ID<", "<code>ContosoEdgeWallAma</code>",
		">Publisher<", "Contoso",
		">Used in Solutions<", `href="/solutions/contoso-edgewall/"`,
		">Collection Method<", "AMA",
		">Connector Definition Files<", `href="https://github.com/Azure/Azure-Sentinel/blob/master/Solutions/Contoso%20EdgeWall/Data%20Connectors/template_ContosoEdgeWallAma.json"`,
		`class="description md"`,
		`id="tables">Tables Ingested<`, `href="/tables/commonsecuritylog/"`,
		`id="permissions">Permissions<`, "Resource Provider Permissions",
		`id="setup">Setup Instructions<`, `<ol class="steps">`, `data-type="InstructionStepsGroup"`,
		`id="sample-queries">Sample Queries<`, `<pre class="kql"><code>`,
		`id="graph-queries">Graph Queries<`,
		`href="/connectors/">← Back to Connectors Index`,
	}
	pos := 0
	for _, s := range order {
		i := strings.Index(page[pos:], s)
		if i < 0 {
			t.Fatalf("connector page: %q not found after offset %d (sections out of order or missing)", s, pos)
		}
		pos += i + len(s)
	}
}

func TestBuildShowsEveryInstruction(t *testing.T) {
	site := builtSample(t)
	checks := map[string][]string{
		"connectors/northwindidentityccf/index.html":    {`data-type="ContextPane"`, `data-type="DataConnectorsGrid"`, `data-type="OAuthForm"`, `data-type="Dropdown"`, `data-type="Radio"`, `data-type="Textbox"`, `data-type="InfoMessage"`},
		"connectors/tailspincloudauditccp/index.html":   {`data-type="GCPGrid"`, `data-type="GCPContextPane"`, `data-type="MarkdownControlEnvBased"`, `data-type="MessageBar"`, "Azure Government cloud"},
		"connectors/woodgrovealertspush/index.html":     {`data-type="DeployPushConnectorButton"`},
		"connectors/northwindgatewaysyslog/index.html":  {`data-type="OmsSolutions"`, "Done in the Microsoft Sentinel portal", `data-type="NorthwindGatewayStatus"`, "does not know", "refreshMinutes"},
		"connectors/litwarethreatintel/index.html":      {`data-type="APIKey"`},
		"connectors/litwarevulnfeed/index.html":         {"Tenant Permissions", "Licenses"},
		"connectors/woodgrovesecurityevents/index.html": {`data-type="SecurityEvents"`, "Policy assignment details"},
		"connectors/fabrikamauditccp/index.html":        {`data-type="ConnectionToggleButton"`, `data-type="Markdown"`},
		"connectors/contosoedgewall/index.html":         {`data-type="InstallAgent"`, `data-type="CopyableLabel"`},
	}
	for rel, wants := range checks {
		page := readPublic(t, site, rel)
		for _, w := range wants {
			if !strings.Contains(page, w) {
				t.Errorf("%s: missing %q", rel, w)
			}
		}
	}
}

func TestBuildAPIConnectors(t *testing.T) {
	site := builtSample(t)
	var list []struct {
		ID, Slug, Title, Publisher, Solution, CollectionMethod, URL string
		Tables                                                      []string
		Deprecated                                                  bool
		SourceFiles                                                 []string
	}
	if err := json.Unmarshal([]byte(readPublic(t, site, "api/connectors.json")), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 23 {
		t.Fatalf("%d connectors in the API, want 23", len(list))
	}
	for _, c := range list {
		if c.ID == "" || c.Slug == "" || c.Title == "" || c.Publisher == "" || c.Solution == "" || c.CollectionMethod == "" || len(c.SourceFiles) == 0 {
			t.Errorf("incomplete entry %+v", c)
		}
		if c.URL != "/connectors/"+c.Slug+"/" {
			t.Errorf("%s: url %q", c.ID, c.URL)
		}
		if _, err := os.Stat(filepath.Join(site, "public", "connectors", c.Slug, "index.html")); err != nil {
			t.Errorf("%s: no page at %s", c.ID, c.URL)
		}
		if !sort.StringsAreSorted(c.Tables) || len(c.Tables) == 0 {
			t.Errorf("%s: tables %q not sorted or empty", c.ID, c.Tables)
		}
		if c.ID == "NorthwindIdentityCCF" && (strings.Join(c.Tables, ",") != "NorthwindDirectoryAudit_CL,NorthwindSignIn_CL" || c.Solution != "Northwind Traders Identity") {
			t.Errorf("NorthwindIdentityCCF: %+v", c)
		}
		if c.Deprecated != (c.ID == "Woodgrove_EndpointLegacy") {
			t.Errorf("%s: deprecated = %v", c.ID, c.Deprecated)
		}
	}
}

func TestBuildHomeCounts(t *testing.T) {
	site := builtSample(t)
	home := readPublic(t, site, "index.html")
	for _, want := range []string{`data-count="connectors">23<`, `data-count="solutions">9<`, `data-count="tables">24<`, `data-count="analytic-rules">5<`, `data-count="asim">4<`} {
		if !strings.Contains(home, want) {
			t.Errorf("home page: missing %q", want)
		}
	}
}

func TestGenerateRemovesDeletedConnector(t *testing.T) {
	src := t.TempDir()
	sol := filepath.Join(src, "Solutions", "Proseware", "Data Connectors")
	if err := os.MkdirAll(sol, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, id string) {
		body := `{"id": "` + id + `", "title": "` + id + `", "publisher": "Proseware", "dataTypes": [{"name": "` + id + `_CL"}], "instructionSteps": []}`
		if err := os.WriteFile(filepath.Join(sol, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.json", "ProsewareA")
	write("b.json", "ProsewareB")
	site := t.TempDir()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"generate", "-source", src, "-site", site}, &out, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if err := os.Remove(filepath.Join(sol, "b.json")); err != nil {
		t.Fatal(err)
	}
	if err := run(context.Background(), []string{"generate", "-source", src, "-site", site}, &out, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if _, err := os.Stat(filepath.Join(site, "data", "pages", "connectors", "prosewareb.json")); !os.IsNotExist(err) {
		t.Error("the page data of the removed connector is still there")
	}
	if _, err := os.Stat(filepath.Join(site, "data", "pages", "connectors", "prosewarea.json")); err != nil {
		t.Error("the remaining connector lost its page data")
	}
}

func TestGenerateFailsWithoutConnectors(t *testing.T) {
	src := t.TempDir()
	if err := os.MkdirAll(filepath.Join(src, "Solutions", "Empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err := run(context.Background(), []string{"generate", "-source", src, "-site", t.TempDir()}, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "no connector definition found") {
		t.Errorf("err = %v, want a no-connector error", err)
	}
}

func TestHelpDocumentsFlags(t *testing.T) {
	for _, cmd := range []string{"generate", "build", "serve"} {
		var out bytes.Buffer
		if err := run(context.Background(), []string{cmd, "-h"}, &out, &out); err != nil {
			t.Fatal(err)
		}
		for _, flag := range []string{"-source", "-site", "-tables-reference", "-strict"} {
			if !strings.Contains(out.String(), flag) {
				t.Errorf("%s -h: %s not documented", cmd, flag)
			}
		}
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"serve", "-h"}, &out, &out); err != nil || !strings.Contains(out.String(), "-port") {
		t.Errorf("serve -h should document -port: %v %s", err, out.String())
	}
}

func TestBuildPagesAreSmall(t *testing.T) {
	site := builtSample(t)
	err := filepath.WalkDir(filepath.Join(site, "public"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if info.Size() > 150<<10 {
			t.Errorf("%s is %d KB, over 150 KB", p, info.Size()>>10)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestBuildAPIFilesAndCSV checks the per-entity API files and the CSV
// downloads against the fields the API page documents.
func TestBuildAPIFilesAndCSV(t *testing.T) {
	site := builtSample(t)
	api := loadAPI(t, site)
	documented := map[string][]string{
		"connectors": {"id", "slug", "title", "publisher", "solution", "solutionSlug", "collectionMethod", "tables", "deprecated", "preview", "sourceFiles", "url"},
		"solutions":  {"name", "slug", "publisher", "deprecated", "folder", "connectors", "tables", "url"},
		"tables":     {"name", "slug", "connectors", "solutions", "supportsTransformations", "ingestionApiSupported", "url"},
		"methods":    {"name", "slug", "description", "connectors", "deprecated", "url"},
		"publishers": {"name", "slug", "connectors", "solutions", "url"},
	}
	for kind, fields := range documented {
		for slug, e := range api[kind] {
			for _, f := range fields {
				if _, ok := e[f]; !ok {
					t.Errorf("/api/%s.json entry %s lacks the documented field %q", kind, slug, f)
				}
			}
		}
	}
	for _, kind := range []string{"connectors", "solutions", "tables"} {
		for slug := range api[kind] {
			var detail map[string]any
			if err := json.Unmarshal([]byte(readPublic(t, site, "api/"+kind+"/"+slug+".json")), &detail); err != nil {
				t.Errorf("/api/%s/%s.json: %v", kind, slug, err)
				continue
			}
			links, _ := detail["links"].(map[string]any)
			if detail["slug"] != slug || detail["url"] != "/"+kind+"/"+slug+"/" || links == nil {
				t.Errorf("/api/%s/%s.json: slug %v, url %v, links %v", kind, slug, detail["slug"], detail["url"], links != nil)
			}
		}
	}
	headers := map[string][]string{
		"connectors.csv": {"connector_id", "connector_publisher", "connector_title", "collection_method", "solution_name", "is_deprecated"},
		"solutions.csv":  {"solution_name", "solution_folder", "solution_version", "solution_support_tier", "is_deprecated"},
		"tables.csv":     {"table_name", "supports_transformations", "ingestion_api_supported", "feeding_connector_ids"},
	}
	for file, want := range headers {
		rows, err := csv.NewReader(strings.NewReader(readPublic(t, site, "api/"+file))).ReadAll()
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		kind := strings.TrimSuffix(file, ".csv")
		if len(rows)-1 != len(api[kind]) {
			t.Errorf("%s has %d rows, the API %d %s", file, len(rows)-1, len(api[kind]), kind)
		}
		for _, col := range want {
			if !containsString(rows[0], col) {
				t.Errorf("%s lacks column %q", file, col)
			}
		}
	}
}

// TestGenerateFromGitURL generates from a file:// git repository holding the
// sample, as the README's git form of -source does.
func TestGenerateFromGitURL(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git: skipped")
	}
	repo := t.TempDir()
	if err := cp.Copy(filepath.Join(repoRoot, "tools", "sample", "corpus"), repo); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"init", "--quiet", "--initial-branch", "main"}, {"add", "-A"}, {"commit", "--quiet", "-m", "sample"}} {
		cmd := exec.Command("git", append([]string{"-C", repo}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	site := t.TempDir()
	var out bytes.Buffer
	err := run(context.Background(), []string{"generate", "-source", "file://" + repo + "@main", "-site", site, "-cache", t.TempDir()}, &out, &out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "23 connectors found = 23 pages written") {
		t.Errorf("summary:\n%s", out.String())
	}
	pages, _ := filepath.Glob(filepath.Join(site, "data", "pages", "connectors", "*.json"))
	if len(pages) != 23 {
		t.Errorf("%d connector page files, want 23", len(pages))
	}
}

func TestBaseURLMustBeTheRoot(t *testing.T) {
	for base, ok := range map[string]bool{
		"":                                 true,
		"https://example.org":              true,
		"https://deploy-preview-3--x.app/": true,
		"https://example.org/docs/":        false,
		"example.org":                      false,
	} {
		if err := checkBaseURL(base); (err == nil) != ok {
			t.Errorf("checkBaseURL(%q) = %v", base, err)
		}
	}
	var out bytes.Buffer
	err := run(context.Background(), []string{"build", "-site", t.TempDir(), "-base-url", "https://example.org/docs/"}, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "root of its host") {
		t.Errorf("build with a base URL below a path: %v", err)
	}
}

// TestBuildContentPages checks the built content pages on the sample: an
// item's page links the tables it reads and the connectors that enable it,
// the table's page links back, the connector's page lists what it enables
// with its ATT&CK matrix, and the CSVs have the Solutions Analyzer's
// columns.
func TestBuildContentPages(t *testing.T) {
	site := builtSample(t)
	var content map[string]map[string]any
	if err := json.Unmarshal([]byte(readPublic(t, site, "api/content.json")), new([]any)); err != nil {
		t.Fatalf("/api/content.json: %v", err)
	}
	raw, err := os.ReadFile(filepath.Join(site, "data", "content.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &content); err != nil {
		t.Fatal(err)
	}
	rule := ""
	for slug, it := range content {
		if it["name"] == "Woodgrove SMB sessions to a critical host from many sources" {
			rule = slug
		}
	}
	if rule == "" {
		t.Fatal("the Woodgrove SMB rule has no entry in data/content.json")
	}
	page := readPublic(t, site, "analytic-rules/"+rule+"/index.html")
	for _, want := range []string{
		`href="/tables/woodgroveendpoint-cl/"`, `href="/tables/commonsecuritylog/"`, `(through <code>_Im_NetworkSession</code>)`,
		`href="/connectors/woodgrovesecurityevents/"`, `data-pagefind-filter="tactic:LateralMovement"`, `data-pagefind-filter="severity:Low"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("rule page lacks %s", want)
		}
	}
	if table := readPublic(t, site, "tables/woodgroveendpoint-cl/index.html"); !strings.Contains(table, `href="/analytic-rules/`+rule+`/"`) ||
		!strings.Contains(table, `href="/asim/asimnetworksessionwoodgroveendpoint/"`) {
		t.Error("the WoodgroveEndpoint_CL page does not link back to the rule and the ASIM parser that read it")
	}
	con := readPublic(t, site, "connectors/woodgrovesecurityevents/index.html")
	if !strings.Contains(con, `id="enables"`) || !strings.Contains(con, `href="/analytic-rules/`+rule+`/"`) || !strings.Contains(con, `class="matrix"`) ||
		!strings.Contains(con, "T1021.002") {
		t.Error("the connector page lacks what it enables or its ATT&CK matrix")
	}
	var detail map[string]any
	if err := json.Unmarshal([]byte(readPublic(t, site, "api/content/"+rule+".json")), &detail); err != nil || detail["slug"] != rule {
		t.Errorf("/api/content/%s.json: %v, slug %v", rule, err, detail["slug"])
	}
	for _, p := range []string{"api/parsers/northwindsignins.json", "api/asim/imnetworksession.json", "analytic-rules/index.html", "hunting-queries/index.html", "workbooks/index.html", "playbooks/index.html",
		"watchlists/index.html", "summary-rules/index.html", "parsers/index.html", "asim/index.html", "attack/index.html",
		"parsers/northwindsignins/index.html", "asim/imnetworksession/index.html"} {
		readPublic(t, site, p)
	}
	// The hostile item's name, description and query stay text.
	for slug, it := range content {
		if it["kind"] != "hunting-query" || !strings.Contains(fmt.Sprint(it["name"]), "Till voids") {
			continue
		}
		page := readPublic(t, site, "hunting-queries/"+slug+"/index.html")
		for _, bad := range []string{"<script>alert", "<img src", "javascript:alert", "</code><script>"} {
			if strings.Contains(page, bad) {
				t.Errorf("the hostile item's page carries %q live", bad)
			}
		}
	}
	headers := map[string][]string{
		"content_tables_mapping.csv": {"solution_name", "solution_folder", "solution_github_url", "content_type", "content_id", "content_name", "content_file", "table_name", "table_usage", "source_parser", "is_published"},
		"parsers.csv":                {"parser_name", "parser_title", "parser_version", "parser_last_updated", "parser_category", "description", "tables", "filter_fields", "source_file", "github_url", "solution_name"},
		"asim_parsers.csv":           {"parser_name", "equivalent_builtin", "filtering_parser_name", "filtering_equivalent_builtin", "schema", "schema_version", "parser_type", "parser_title", "parser_version", "parser_last_updated", "product_name", "description", "tables", "sub_parsers", "parser_params"},
	}
	for file, want := range headers {
		rows, err := csv.NewReader(strings.NewReader(readPublic(t, site, "api/"+file))).ReadAll()
		if err != nil || len(rows) < 2 {
			t.Errorf("%s: %d rows, %v", file, len(rows), err)
			continue
		}
		if !reflect.DeepEqual(rows[0][:len(want)], want) {
			t.Errorf("%s header %q, want it to start with %q", file, rows[0], want)
		}
	}
}

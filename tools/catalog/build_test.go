package catalog

import (
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/sentinel-connector-docs/site/tools/report"
	"github.com/sentinel-connector-docs/site/tools/sample"
	"github.com/sentinel-connector-docs/site/tools/source"
)

func buildSample(t *testing.T) (*Catalog, *report.Report) {
	t.Helper()
	rep := &report.Report{}
	tree, err := source.Open(sample.FS(), rep)
	if err != nil {
		t.Fatal(err)
	}
	return Build(tree, Options{}, rep), rep
}

func sampleByID(t *testing.T) map[string]*Connector {
	cat, _ := buildSample(t)
	return byID(cat)
}

func byID(cat *Catalog) map[string]*Connector {
	m := map[string]*Connector{}
	for _, c := range cat.Connectors {
		m[c.ID] = c
	}
	return m
}

// The expectations below are the sample's ground truth (tools/sample/corpus/INDEX.md).
func TestSampleConnectors(t *testing.T) {
	cat, _ := buildSample(t)
	want := []struct {
		id, format, solution string
		tables               []string
	}{
		{"ContosoEdgeWall", "ui", "Contoso EdgeWall", []string{"CommonSecurityLog"}},
		{"ContosoEdgeWallAma", "ui", "Contoso EdgeWall", []string{"CommonSecurityLog"}},
		{"FabrikamAuditFunctions", "arm", "Fabrikam Audit Platform", []string{"Fabrikam_Audit_CL"}},
		{"FabrikamAuditCCP", "ccf", "Fabrikam Audit Platform", []string{"Fabrikam_Audit_CL"}},
		{"NorthwindIdentityCCF", "ccf", "Northwind Traders Identity", []string{"NorthwindDirectoryAudit_CL", "NorthwindSignIn_CL"}},
		{"NorthwindGatewaySyslog", "ui", "Northwind Traders Identity", []string{"Syslog"}},
		{"TailspinCloudAuditCCP", "ccf", "Tailspin Toys Cloud Audit", []string{"TailspinCloudAudit_CL"}},
		{"WoodgroveSecurityEvents", "ui", "Woodgrove Bank Endpoint Protection", []string{"SecurityEvent"}},
		{"Woodgrove_EndpointLegacy", "ui", "Woodgrove Bank Endpoint Protection", []string{"WoodgroveEndpoint_CL"}},
		{"WoodgroveAlertsPush", "ccf", "Woodgrove Bank Endpoint Protection", []string{"WoodgroveAlerts_CL"}},
		{"LitwareThreatIntel", "arm", "Litware Threat Intelligence", []string{"LitwareIndicators_CL"}},
		{"LitwareVulnFeed", "ui", "Litware Threat Intelligence", []string{"LitwareVulnerabilities_CL"}},
		{"AdventureWorksPOS", "arm", "Adventure Works Retail", []string{"AdventureWorksPOS_CL"}},
		{"AdventureWorksPOS_Inventory", "ui", "Adventure Works Retail", []string{"AdventureWorksInventory_CL"}},
		{"WideWorldMailGateway", "ui", "Wide World Importers Mail Gateway", []string{"WWIMailAudit_CL"}},
		{"WideWorldMessageTraceCCP", "ccf", "Wide World Importers Mail Gateway", []string{"WWIMessageTrace_CL"}},
		{"ProsewareFirewallForwarder", "ui", "Proseware Security Suite", []string{"CommonSecurityLog"}},
		{"ProsewareThreatFeed", "ui", "Proseware Security Suite", []string{"ThreatIntelIndicators", "ThreatIntelObjects"}},
		{"ProsewareCloudLogsCCP", "ccf", "Proseware Security Suite", []string{"ProsewareCloudEvents_CL"}},
		{"ProsewareEndpointInsights", "ui", "Proseware Security Suite", []string{"ProsewareEndpoint_CL"}},
		{"ProsewareMailRelay", "ui", "Proseware Security Suite", []string{"ProsewareMail_CL"}},
		{"ProsewareWebProxy", "ui", "Proseware Security Suite", []string{"ProsewareProxy_CL"}},
		{"ProsewareBucketLogsCCP", "ccf", "Proseware Security Suite", []string{"ProsewareBucketLogs"}},
	}
	got := byID(cat)
	if len(cat.Connectors) != len(want) || cat.Found != len(want) {
		t.Errorf("got %d connectors (%d found), want %d", len(cat.Connectors), cat.Found, len(want))
	}
	for _, w := range want {
		c := got[w.id]
		if c == nil {
			t.Errorf("connector %s missing", w.id)
			continue
		}
		var tables []string
		for _, tr := range c.Tables {
			tables = append(tables, tr.Name)
		}
		sort.Strings(w.tables)
		if !reflect.DeepEqual(tables, w.tables) {
			t.Errorf("%s: tables %q, want %q", w.id, tables, w.tables)
		}
		if c.Format != w.format || c.Solution != w.solution {
			t.Errorf("%s: format %q solution %q, want %q %q", w.id, c.Format, c.Solution, w.format, w.solution)
		}
	}
}

func TestSampleResolvedARM(t *testing.T) {
	c := sampleByID(t)["FabrikamAuditFunctions"]
	if c.Title != "Fabrikam Audit Platform (Azure Functions)" || c.Publisher != "Fabrikam" {
		t.Errorf("title %q publisher %q", c.Title, c.Publisher)
	}
	if !strings.Contains(c.Description, "audit.fabrikam.example") {
		t.Errorf("description not resolved: %s", c.Description)
	}
	if len(c.Unresolved) != 1 || c.Unresolved[0] != "[resourceGroup().location]" {
		t.Errorf("unresolved = %q", c.Unresolved)
	}
	if c.CollectionMethod != MethodFunction {
		t.Errorf("method %q, want %q", c.CollectionMethod, MethodFunction)
	}
}

func TestSampleStatusAndMethods(t *testing.T) {
	cons := sampleByID(t)
	if !cons["Woodgrove_EndpointLegacy"].Deprecated {
		t.Error("Woodgrove_EndpointLegacy should be deprecated")
	}
	for id, c := range cons {
		if id != "Woodgrove_EndpointLegacy" && c.Deprecated {
			t.Errorf("%s should not be deprecated", id)
		}
	}
	if !cons["AdventureWorksPOS_Inventory"].NotListed || cons["AdventureWorksPOS"].NotListed {
		t.Error("only AdventureWorksPOS_Inventory is missing from its Solution_*.json")
	}
	methods := map[string]string{
		"WoodgroveAlertsPush":    MethodCCFPush,
		"FabrikamAuditCCP":       MethodCCF,
		"TailspinCloudAuditCCP":  MethodCCF,
		"ContosoEdgeWallAma":     MethodAMA,
		"ContosoEdgeWall":        MethodAMA, // "via Legacy Agent": filed under AMA, see methodRules
		"FabrikamAuditFunctions": MethodFunction,
	}
	for id, m := range methods {
		if got := cons[id].CollectionMethod; got != m {
			t.Errorf("%s: method %q (%s), want %q", id, got, cons[id].MethodReason, m)
		}
	}
}

func TestSampleCCFSourceFiles(t *testing.T) {
	c := sampleByID(t)["NorthwindIdentityCCF"]
	roles := map[string]bool{}
	for _, f := range c.SourceFiles {
		roles[f.Role] = true
		if !strings.HasPrefix(f.URL, DefaultRepoURL+"/Solutions/Northwind%20Traders%20Identity/DataConnectors/") {
			t.Errorf("URL %q", f.URL)
		}
	}
	for _, r := range []string{"definition", "dcr", "polling", "tables"} {
		if !roles[r] {
			t.Errorf("no %s file among %+v", r, c.SourceFiles)
		}
	}
}

// walkInstructions visits every instruction at any depth.
func walkInstructions(steps []Step, visit func(Instruction)) {
	for _, s := range steps {
		for _, in := range s.Instructions {
			visit(in)
			walkInstructions(in.Steps, visit)
		}
		walkInstructions(s.Steps, visit)
	}
}

func TestSampleInstructionTypes(t *testing.T) {
	cat, rep := buildSample(t)
	kinds := map[string]string{}
	for _, c := range cat.Connectors {
		walkInstructions(c.Steps, func(in Instruction) { kinds[in.Type] = in.Kind })
	}
	want := map[string]string{
		"CopyableLabel": "copy", "Markdown": "markdown", "Textbox": "form", "InstallAgent": "agent",
		"InstructionStepsGroup": "group", "InfoMessage": "message", "Dropdown": "choice",
		"DataConnectorsGrid": "grid", "ConnectionToggleButton": "button", "ContextPane": "pane",
		"DeployPushConnectorButton": "button", "MarkdownControlEnvBased": "group", "GCPGrid": "grid",
		"GCPContextPane": "pane", "OAuthForm": "form", "APIKey": "form", "Radio": "choice",
		"MessageBar": "message", "SecurityEvents": "portal", "OmsSolutions": "portal",
		"NorthwindGatewayStatus": "unknown",
	}
	for typ, kind := range want {
		if kinds[typ] != kind {
			t.Errorf("instruction %s: kind %q, want %q", typ, kinds[typ], kind)
		}
	}
	var unknown []string
	for _, i := range rep.Issues() {
		if i.Kind == report.UnknownInstruction {
			unknown = append(unknown, i.File)
		}
	}
	if len(unknown) != 1 || !strings.HasSuffix(unknown[0], "Northwind_Syslog.json") {
		t.Errorf("unknown-instruction reports: %q", unknown)
	}
}

func TestSampleNestedSteps(t *testing.T) {
	c := sampleByID(t)["ContosoEdgeWall"]
	depth := 0
	var walk func([]Step, int)
	walk = func(steps []Step, d int) {
		for _, s := range steps {
			if d > depth {
				depth = d
			}
			walk(s.Steps, d+1)
		}
	}
	walk(c.Steps, 0)
	if depth < 2 {
		t.Errorf("innerSteps depth %d, want 2", depth)
	}
}

func TestSampleCrossReferences(t *testing.T) {
	cat, _ := buildSample(t)
	tables := map[string]*Table{}
	for _, tb := range cat.Tables {
		tables[tb.Name] = tb
	}
	if got := tables["CommonSecurityLog"].Connectors; !reflect.DeepEqual(got, []string{"contosoedgewall", "contosoedgewallama", "prosewarefirewallforwarder"}) {
		t.Errorf("CommonSecurityLog connectors %q", got)
	}
	if got := tables["Fabrikam_Audit_CL"].Connectors; len(got) != 2 {
		t.Errorf("Fabrikam_Audit_CL connectors %q", got)
	}
	if tables["Fabrikam_Audit_CL"].IngestionAPI != Yes || tables["Fabrikam_Audit_CL"].Transformations != Unknown {
		t.Error("a custom table accepts the Logs Ingestion API; other facts stay unknown without a reference")
	}
	if len(tables["Fabrikam_Audit_CL"].Columns) == 0 {
		t.Error("columns from the tables file are missing")
	}
	for _, s := range cat.Solutions {
		for _, slug := range s.Connectors {
			found := false
			for _, c := range cat.Connectors {
				if c.Slug == slug && c.SolutionSlug == s.Slug {
					found = true
				}
			}
			if !found {
				t.Errorf("solution %s lists %s, which does not point back", s.Slug, slug)
			}
		}
	}
}

func TestSlugs(t *testing.T) {
	tests := []struct {
		fn       func(string) string
		in, want string
	}{
		{ConnectorSlug, "MicrosoftThreatProtection", "microsoftthreatprotection"},
		{ConnectorSlug, "GCPPub/SubAuditLogs", "gcppub-subauditlogs"},
		{ConnectorSlug, "Woodgrove_EndpointLegacy", "woodgrove-endpointlegacy"},
		{SolutionSlug, "Microsoft Defender XDR", "microsoft-defender-xdr"},
		{SolutionSlug, "Fortinet FortiWeb (Cloud) WAF", "fortinet-fortiweb-cloud-waf"},
		{TableSlug, "OnePasswordEventLogs_CL", "onepasswordeventlogs-cl"},
		{ConnectorSlug, "..", "unnamed"},
		{ConnectorSlug, "../../etc/passwd", "etc-passwd"},
		{ConnectorSlug, "CON", "_con"},
		{ConnectorSlug, "nul.json", "_nul.json"},
		{ConnectorSlug, "a\u202eb\u200bc\x00d", "abcd"},
		{TableSlug, "a\\b c", "a-b-c"},
		// Hugo drops "&", "'", ",", ";", "=" and "!" from page paths (it
		// keeps letters, digits, marks and "._~-@+"), so slugs do too.
		{SolutionSlug, "AT&T Cloud, Bob's!", "at-t-cloud-bob-s"},
		{ConnectorSlug, "Evil&Id;x=y", "evil-id-x-y"},
		{ConnectorSlug, "a.b~c@d+e", "a.b~c@d+e"},
		{NameSlug, "Café Zürich", "café-zürich"},
		{SolutionSlug, "&&&", "unnamed"},
	}
	for _, tc := range tests {
		if got := tc.fn(tc.in); got != tc.want {
			t.Errorf("slug(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLoadTableFacts(t *testing.T) {
	facts, err := LoadTableFacts(strings.NewReader("\ufefftable_name,supports_transformations,ingestion_api_supported,category\nSyslog,Yes,No,Security\nOdd,,maybe,\n"))
	if err != nil {
		t.Fatal(err)
	}
	if f := facts["syslog"]; f.Transformations != Yes || f.IngestionAPI != No || f.LakeOnly != Unknown || f.Category != "Security" {
		t.Errorf("syslog facts %+v", f)
	}
	if f := facts["odd"]; f.Transformations != Unknown || f.IngestionAPI != Unknown {
		t.Errorf("blank and odd values must stay unknown: %+v", f)
	}
	if _, err := LoadTableFacts(strings.NewReader("name,x\n")); err == nil {
		t.Error("want an error without a table_name column")
	}
}

// TestSampleRules checks, on the Proseware connectors of the sample, the
// rule each of them was written to show (tools/sample/corpus/INDEX.md).
func TestSampleRules(t *testing.T) {
	cat, rep := buildSample(t)
	cons := byID(cat)
	dir := "Solutions/Proseware Security Suite/Data Connectors/"
	tests := []struct {
		id, method string
		parts      map[string]string // file below dir → role
		rule       string
	}{
		{"ProsewareFirewallForwarder", MethodAMA, map[string]string{"ProsewareFirewall/ProsewareFirewall_DCR.json": "dcr"},
			"a connectivity check on Heartbeat names no table; a rule for the agent's CEF stream makes it AMA"},
		{"ProsewareThreatFeed", MethodTIUpload, map[string]string{"ProsewareThreatFeed/azuredeploy_ProsewareThreatFeed.json": "function app"},
			"the STIX tables come together and replace the legacy one; a function app filling them uploads indicators"},
		{"ProsewareCloudLogsCCP", MethodCCF, map[string]string{
			"ProsewareCloudLogs_ccp/ProsewareCloudLogs_PollingConfig.json": "polling",
			"ProsewareCloudLogs_ccp/ProsewareCloudLogs_DCR.json":           "dcr",
			"ProsewareCloudLogs_ccp/ProsewareCloudEvents_Table.json":       "tables",
			"ProsewareCloudLogs_ccp/azuredeploy_ProsewareCloudLogs.json":   "polling, dcr, another definition",
		}, "parts in another folder join by connectorDefinitionName; the rule's outputStream, not the stream name, is the table; " +
			"a template deploying the same title under a computed id is another definition of it, with its own parts"},
		{"ProsewareEndpointInsights", MethodREST, nil, "tables only sample queries read are not filled; the Logs Ingestion API is REST"},
		{"ProsewareMailRelay", MethodREST, nil, "an id left as an expression is made from the title"},
		{"ProsewareBucketLogsCCP", MethodCCF, map[string]string{
			"ProsewareBucketLogs_ccp/ProsewareBucketLogs_PollingConfig.json": "polling",
			"ProsewareBucketLogs_ccp/ProsewareBucketLogs_DCR.json":           "dcr",
			"ProsewareBucketLogs_ccp/ProsewareBucketLogs_Table.json":         "tables",
		}, "a GCP poller's stream is the service's own name: the rule's flow whose table the definition names is its, not the stale table file's"},
		{"ProsewareWebProxy", MethodREST, nil, "a data type naming a parser fills the tables the parser reads (and the parsers it calls)"},
	}
	for _, tt := range tests {
		c := cons[tt.id]
		if c == nil {
			t.Errorf("%s missing (%s)", tt.id, tt.rule)
			continue
		}
		if c.CollectionMethod != tt.method {
			t.Errorf("%s: method %q (%s), want %q: %s", tt.id, c.CollectionMethod, c.MethodReason, tt.method, tt.rule)
		}
		roles := map[string]string{}
		for _, f := range c.SourceFiles[1:] {
			roles[strings.TrimPrefix(f.Path, dir)] = f.Role
		}
		if len(tt.parts) > 0 && !reflect.DeepEqual(roles, tt.parts) {
			t.Errorf("%s: parts %v, want %v: %s", tt.id, roles, tt.parts, tt.rule)
		}
	}
	var unused, unresolved bool
	for _, i := range rep.Issues() {
		unused = unused || (i.Kind == report.UnusedCompanion && strings.HasSuffix(i.File, "ProsewareRetired_PollingConfig.json"))
		unresolved = unresolved || (i.Kind == report.UnresolvedExpr && strings.Contains(i.Message, `"ProsewareMailRelay"`))
	}
	if !unused || !unresolved {
		t.Errorf("report: unused retired poller %v, title-made id %v; want both", unused, unresolved)
	}
	if cat.Files.Unused != 1 || cat.Files.JSON != cat.Files.Definitions+cat.Files.Parts+cat.Files.Unparseable+cat.Files.Nothing+cat.Files.Unused {
		t.Errorf("file accounting does not add up: %+v", cat.Files)
	}
	if got := cons["ProsewareCloudLogsCCP"].Aliases; !reflect.DeepEqual(got, []string{"ProsewareCloudLogsTemplate"}) {
		t.Errorf("ProsewareCloudLogsCCP: aliases %q, want the template's computed id", got)
	}
	if got := cons["LitwareThreatIntel"].SentinelTables; !reflect.DeepEqual(got, []string{"SecurityAlert"}) {
		t.Errorf("LitwareThreatIntel: Sentinel tables %q, want SecurityAlert apart from the tables it fills", got)
	}
}

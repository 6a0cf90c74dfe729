package catalog

import (
	"reflect"
	"strings"
	"testing"

	"github.com/sentinel-connector-docs/site/tools/report"
)

// TestSampleContent checks the content items, parsers and ASIM parsers of
// the sample against its ground truth (tools/sample/corpus/INDEX.md).
func TestSampleContent(t *testing.T) {
	cat, rep := buildSample(t)
	byFile := map[string]*ContentItem{}
	for _, it := range cat.Content {
		byFile[it.File[strings.LastIndex(it.File, "/")+1:]] = it
	}
	tables := func(it *ContentItem) []string {
		var out []string
		for _, r := range it.Tables {
			name := r.Name
			if r.Via != "" {
				name += " via " + r.Via
			}
			out = append(out, name)
		}
		return out
	}
	tests := []struct {
		file, kind string
		tables     []string
	}{
		{"ContosoEdgeWallPortScan.yaml", "analytic-rule", []string{"CommonSecurityLog"}},
		{"ContosoEdgeWallRareDestinations.yaml", "hunting-query", []string{"CommonSecurityLog"}},
		{"FabrikamApiKeyOutsideHours.yaml", "analytic-rule", []string{"Fabrikam_Audit_CL"}},
		// {Operation} and {TimeRange:start} are workbook parameters, not tables.
		{"FabrikamAuditOverview.json", "workbook", []string{"Fabrikam_Audit_CL", "SigninLogs"}},
		// The query calls the solution's parser, which reads the table.
		{"NorthwindImpossibleTravel.yaml", "analytic-rule", []string{"NorthwindSignIn_CL via NorthwindSignIns"}},
		// _Im_NetworkSession is the ASIM filtering union: its source parsers
		// read both tables; _GetWatchlist is a function, not a table.
		{"WoodgroveSmbLateralMovement.yaml", "analytic-rule", []string{"CommonSecurityLog via _Im_NetworkSession", "WoodgroveEndpoint_CL via _Im_NetworkSession"}},
		{"TailspinDailyAuditSummary.yaml", "summary-rule", []string{"TailspinCloudAudit_CL"}},
		// A playbook's Azure Monitor Logs action runs a query.
		{"azuredeploy.json", "playbook", []string{"LitwareIndicators_CL"}},
		// Standalone content (Detections/) calls the repository's legacy
		// parsers (Parsers/<Name>/).
		{"EdgeWallDenyBurst.yaml", "analytic-rule", []string{"CommonSecurityLog", "ContosoAssets_CL via ContosoAssetInfo"}},
		{"WoodgroveCriticalHosts.json", "watchlist", nil},
		{"AdventureWorksHostileNames.yaml", "hunting-query", []string{"AdventureWorksPOS_CL"}},
	}
	for _, tt := range tests {
		it := byFile[tt.file]
		if it == nil {
			t.Errorf("%s: no content item", tt.file)
			continue
		}
		if it.Kind != tt.kind || !reflect.DeepEqual(tables(it), tt.tables) {
			t.Errorf("%s: kind %s, tables %q; want %s, %q", tt.file, it.Kind, tables(it), tt.kind, tt.tables)
		}
	}
	if len(cat.Content) != len(tests) {
		t.Errorf("%d content items, want %d", len(cat.Content), len(tests))
	}
	scan := byFile["ContosoEdgeWallPortScan.yaml"]
	if scan.Severity != "Medium" || scan.RuleKind != "Scheduled" || !reflect.DeepEqual(scan.Tactics, []string{"Discovery"}) ||
		!reflect.DeepEqual(scan.Techniques, []string{"T1046"}) || len(scan.Required) != 2 || scan.Required[0].Slug != "contosoedgewallama" {
		t.Errorf("port scan rule: %+v", scan)
	}
	if nrt := byFile["FabrikamApiKeyOutsideHours.yaml"]; nrt.RuleKind != "NRT" || nrt.Severity != "High" {
		t.Errorf("NRT rule: kind %q severity %q", nrt.RuleKind, nrt.Severity)
	}
	if pb := byFile["azuredeploy.json"]; !reflect.DeepEqual(pb.LogicApps, []string{"azuresentinel", "office365"}) {
		t.Errorf("playbook Logic Apps connectors %q", pb.LogicApps)
	}
	if wl := byFile["WoodgroveCriticalHosts.json"]; wl.WatchlistAlias != "WoodgroveCriticalHosts" || wl.SearchKey != "HostName" {
		t.Errorf("watchlist alias %q key %q", wl.WatchlistAlias, wl.SearchKey)
	}
	if h := byFile["AdventureWorksHostileNames.yaml"]; strings.Contains(h.Name, "<") || strings.Contains(h.Description, "<img") || strings.Contains(h.Description, "javascript:") {
		t.Errorf("hostile item not made inert: name %q description %q", h.Name, h.Description)
	}

	// The broken rule is reported with its place, and costs nothing else.
	broken := false
	for _, i := range rep.Issues() {
		broken = broken || (i.Kind == report.Unparseable && strings.HasSuffix(i.File, "AdventureWorksBroken.yaml") && i.Line > 0)
	}
	if !broken {
		t.Error("AdventureWorksBroken.yaml is not reported as unparseable with its line")
	}

	// Connectors enable the items that read their tables or require them.
	cons := byID(cat)
	enables := map[string]bool{}
	for _, slug := range cons["ContosoEdgeWallAma"].Enables {
		enables[slug] = true
	}
	for _, f := range []string{"ContosoEdgeWallPortScan.yaml", "ContosoEdgeWallRareDestinations.yaml", "WoodgroveSmbLateralMovement.yaml"} {
		if !enables[byFile[f].Slug] {
			t.Errorf("ContosoEdgeWallAma does not enable %s", f)
		}
	}
	if enables[byFile["FabrikamApiKeyOutsideHours.yaml"].Slug] {
		t.Error("ContosoEdgeWallAma enables a Fabrikam rule")
	}
	var discovery *MatrixTactic
	for i, tac := range cons["ContosoEdgeWallAma"].Matrix.Tactics {
		if tac.Name == "Discovery" {
			discovery = &cons["ContosoEdgeWallAma"].Matrix.Tactics[i]
		}
	}
	if discovery == nil || len(discovery.Techniques) != 1 || discovery.Techniques[0].ID != "T1046" || len(discovery.Items) != 1 {
		t.Errorf("ContosoEdgeWallAma's matrix, Discovery: %+v", discovery)
	}

	// Tables know the content and parsers that read them, also tables no
	// connector fills.
	tbl := map[string]*Table{}
	for _, t := range cat.Tables {
		tbl[t.Name] = t
	}
	if s := tbl["SigninLogs"]; s == nil || len(s.Connectors) != 0 || len(s.Content) != 1 {
		t.Errorf("SigninLogs, read by the workbook only: %+v", s)
	}
	if c := tbl["CommonSecurityLog"]; c == nil || len(c.ASIM) != 3 || len(c.Content) != 4 {
		t.Errorf("CommonSecurityLog: content %q, ASIM parsers %q", c.Content, c.ASIM)
	}
	var northwind *Parser
	for _, p := range cat.Parsers {
		if p.Name == "NorthwindSignIns" {
			northwind = p
		}
	}
	if northwind == nil || len(northwind.Content) != 1 || northwind.SolutionSlug != "northwind-traders-identity" {
		t.Errorf("NorthwindSignIns parser: %+v", northwind)
	}
	types := map[string]string{}
	for _, a := range cat.ASIM {
		types[a.Name] = a.Type + " " + a.Schema
	}
	want := map[string]string{
		"ASimNetworkSession": "union NetworkSession", "imNetworkSession": "union NetworkSession",
		"ASimNetworkSessionContosoEdgeWall": "source NetworkSession", "ASimNetworkSessionWoodgroveEndpoint": "source NetworkSession",
	}
	if !reflect.DeepEqual(types, want) {
		t.Errorf("ASIM parsers %v, want %v", types, want)
	}
}

// Package scalegen writes a synthetic Azure-Sentinel-shaped tree at N times
// the real repository's size (1× is about 700 connectors in 560 solutions
// filling 2,100 tables), with the shapes and sizes of real files: long
// descriptions, 5–20 setup steps of varied controls, several queries, and
// codeless connectors split over definition, DCR, polling and tables
// files. The same seed always gives the same bytes. It feeds the
// benchmarks; its text is generated nonsense about fictional products.
package scalegen

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// Real-size counts at 1×. Each connector also has about ten content items
// (six analytic rules, two hunting queries, a workbook and, for every
// other one, a playbook) and a parser, as the real repository has.
const (
	Connectors  = 700
	Solutions   = 560
	Tables      = 2100
	ASIMParsers = 210
)

// Stats says what Write wrote.
type Stats struct {
	Connectors, Solutions, Tables, Files int
	Content                              int // content items and parsers
	Bytes                                int64
}

var words = strings.Fields(`alert audit event stream sensor gateway policy identity cloud endpoint
firewall proxy mail network threat signal tenant device session token report incident export
collector telemetry vault ledger beacon relay archive scanner monitor bridge portal agent`)

var vendors = strings.Fields(`Contoso Fabrikam Northwind Tailspin Woodgrove Litware Proseware Adatum
Alpine Blue Coho Fourth Graphic Humongous Lamna Lucerne Margie Nod Relecloud Trey Wingtip`)

type gen struct {
	r *rand.Rand
	// rc draws the content items, apart from r, so the connector files
	// stay the same bytes for a seed whatever content is written.
	rc    *rand.Rand
	root  string
	stats Stats
	err   error
}

// Write writes the tree for scale n (1 = real size) under root.
func Write(root string, n float64, seed uint64) (Stats, error) {
	g := &gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), rc: rand.New(rand.NewPCG(seed+1, seed^0x632be59bd9b4e019)), root: root}
	nSol := max(1, int(Solutions*n))
	nCon := max(1, int(Connectors*n))
	nTab := max(1, int(Tables*n))
	// Distribute connectors over solutions (some have several), and tables
	// over connectors (three each on average, a few shared tables).
	perSolution := make([]int, nSol)
	for i := 0; i < nCon; i++ {
		if i < nSol {
			perSolution[i]++
		} else {
			perSolution[g.r.IntN(nSol)]++
		}
	}
	tableNo := 0
	conNo := 0
	for s := 0; s < nSol; s++ {
		vendor := vendors[s%len(vendors)]
		name := fmt.Sprintf("%s %s %d", vendor, g.title(2), s)
		dir := filepath.Join("Solutions", name)
		var files []string
		for c := 0; c < perSolution[s]; c++ {
			remaining := nCon - conNo
			k := max(1, min(5, (nTab-tableNo)/max(1, remaining)+g.r.IntN(2)))
			var tables []string
			for j := 0; j < k; j++ {
				tables = append(tables, fmt.Sprintf("%s%s%d_CL", vendor, capitalize(words[g.r.IntN(len(words))]), tableNo))
				tableNo++
			}
			if g.r.IntN(6) == 0 {
				tables = append(tables, []string{"CommonSecurityLog", "Syslog", "SecurityEvent"}[g.r.IntN(3)])
			}
			files = append(files, g.connector(dir, vendor, conNo, tables)...)
			g.content(dir, vendor, conNo, tables)
			conNo++
		}
		g.solution(dir, name, vendor, files)
	}
	g.asim(max(1, int(ASIMParsers*n)))
	g.stats.Connectors, g.stats.Solutions, g.stats.Tables = conNo, nSol, tableNo
	return g.stats, g.err
}

// capitalize upper-cases the first letter of one of the ASCII words above.
func capitalize(w string) string {
	return strings.ToUpper(w[:1]) + w[1:]
}

func (g *gen) title(n int) string {
	var ws []string
	for i := 0; i < n; i++ {
		ws = append(ws, capitalize(words[g.r.IntN(len(words))]))
	}
	return strings.Join(ws, " ")
}

func (g *gen) sentence() string {
	n := 8 + g.r.IntN(14)
	ws := make([]string, n)
	for i := range ws {
		ws[i] = words[g.r.IntN(len(words))]
	}
	ws[0] = capitalize(ws[0])
	return strings.Join(ws, " ") + "."
}

func (g *gen) paragraph(sentences int) string {
	var s []string
	for i := 0; i < sentences; i++ {
		s = append(s, g.sentence())
	}
	return strings.Join(s, " ")
}

func (g *gen) write(rel string, v any) {
	if g.err != nil {
		return
	}
	b, err := json.MarshalIndent(v, "", "    ")
	if err != nil {
		g.err = err
		return
	}
	p := filepath.Join(g.root, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		g.err = err
		return
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		g.err = err
		return
	}
	g.stats.Files++
	g.stats.Bytes += int64(len(b))
}

type obj = map[string]any

func (g *gen) queries(table string) (sample, graph []obj, types []obj) {
	for i := 0; i < 2+g.r.IntN(3); i++ {
		sample = append(sample, obj{
			"description": g.sentence(),
			"query":       fmt.Sprintf("%s\n| where TimeGenerated > ago(%dd)\n| where Severity == \"%s\"\n| summarize count() by bin(TimeGenerated, 1h), Computer\n| sort by count_ desc", table, 1+g.r.IntN(30), words[g.r.IntN(len(words))]),
		})
	}
	graph = []obj{{"metricName": "Total data received", "legend": table, "baseQuery": table}}
	return sample, graph, types
}

func (g *gen) instruction() obj {
	switch g.r.IntN(7) {
	case 0:
		return obj{"type": "CopyableLabel", "parameters": obj{"label": "Workspace ID", "fillWith": []string{"WorkspaceId"}}}
	case 1:
		return obj{"type": "Markdown", "parameters": obj{"content": g.paragraph(3)}}
	case 2:
		return obj{"type": "Textbox", "parameters": obj{"label": g.title(2), "placeholder": g.title(1), "type": "text", "name": "field"}}
	case 3:
		return obj{"type": "InfoMessage", "parameters": obj{"text": g.sentence(), "visible": true, "inline": true}}
	case 4:
		return obj{"type": "Dropdown", "parameters": obj{"label": g.title(1), "name": "choice", "options": []obj{{"key": "a", "text": g.title(2)}, {"key": "b", "text": g.title(2)}}}}
	case 5:
		return obj{"type": "ConnectionToggleButton", "parameters": obj{"connectLabel": "Connect", "name": "connect"}}
	}
	return obj{"type": "InstructionStepsGroup", "parameters": obj{"title": g.title(3), "instructionSteps": []obj{
		{"title": g.title(2), "description": g.paragraph(2), "instructions": []obj{{"type": "CopyableLabel", "parameters": obj{"label": "Key", "fillWith": []string{"PrimaryKey"}}}}},
	}}}
}

func (g *gen) ui(id, title, vendor string, tables []string) obj {
	var dataTypes []obj
	var sample, graph []obj
	for _, t := range tables {
		dataTypes = append(dataTypes, obj{"name": t, "lastDataReceivedQuery": t + "\n| summarize Time = max(TimeGenerated)\n| where isnotempty(Time)"})
		s, gr, _ := g.queries(t)
		sample = append(sample, s...)
		graph = append(graph, gr...)
	}
	var steps []obj
	for i := 0; i < 5+g.r.IntN(16); i++ {
		var ins []obj
		for j := 0; j < g.r.IntN(3); j++ {
			ins = append(ins, g.instruction())
		}
		steps = append(steps, obj{"title": fmt.Sprintf("%d. %s", i+1, g.title(4)), "description": g.paragraph(2 + g.r.IntN(4)), "instructions": ins})
	}
	return obj{
		"id": id, "title": title, "publisher": vendor,
		"descriptionMarkdown": g.paragraph(6) + "\n\n**" + g.title(2) + "**\n\n- " + g.sentence() + "\n- " + g.sentence() + "\n\n" + g.paragraph(5),
		"graphQueries":        graph, "sampleQueries": sample, "dataTypes": dataTypes,
		"connectivityCriterias": []obj{{"type": "IsConnectedQuery", "value": []string{tables[0] + "\n| summarize LastLogReceived = max(TimeGenerated)\n| project IsConnected = LastLogReceived > ago(30d)"}}},
		"availability":          obj{"status": 1, "isPreview": g.r.IntN(5) == 0},
		"permissions": obj{
			"resourceProvider": []obj{{"provider": "Microsoft.OperationalInsights/workspaces", "permissionsDisplayText": "read and write permissions are required.", "providerDisplayName": "Workspace", "scope": "Workspace", "requiredPermissions": obj{"write": true, "read": true, "delete": true}}},
			"customs":          []obj{{"name": g.title(2), "description": g.paragraph(2)}},
		},
		"instructionSteps": steps,
	}
}

// connector writes one connector in one of the three formats and returns
// the paths to list in the solution file.
func (g *gen) connector(solDir, vendor string, n int, tables []string) []string {
	id := fmt.Sprintf("%s%sConnector%d", vendor, strings.ReplaceAll(g.title(1), " ", ""), n)
	title := fmt.Sprintf("%s %s (%d)", vendor, g.title(3), n)
	if g.r.IntN(12) == 0 {
		title = "[DEPRECATED] " + title
	}
	ui := g.ui(id, title, vendor, tables)
	switch n % 5 {
	case 0, 1: // a plain definition
		rel := filepath.Join(solDir, "Data Connectors", id+".json")
		g.write(rel, ui)
		return []string{"Data Connectors/" + id + ".json"}
	case 2: // an ARM template
		rel := filepath.Join(solDir, "Data Connectors", id+"_API_FunctionApp.json")
		ui["id"] = "[variables('connectorId')]"
		g.write(rel, obj{
			"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0",
			"parameters": obj{"workspace": obj{"type": "string"}},
			"variables":  obj{"connectorId": id},
			"resources": []obj{{
				"type": "Microsoft.OperationalInsights/workspaces/providers/dataConnectors", "kind": "GenericUI",
				"name":       "[concat(parameters('workspace'),'/Microsoft.SecurityInsights/',variables('connectorId'))]",
				"properties": obj{"connectorUiConfig": ui},
			}},
		})
		return []string{"Data Connectors/" + id + "_API_FunctionApp.json"}
	}
	// A codeless connector: definition, DCR, polling config and tables.
	dir := filepath.Join(solDir, "Data Connectors", id+"_CCF")
	var flows []obj
	decls := obj{}
	var tableRes []obj
	for _, t := range tables {
		stream := "Custom-" + t
		cols := []obj{{"name": "TimeGenerated", "type": "datetime"}}
		for j := 0; j < 8+g.r.IntN(20); j++ {
			cols = append(cols, obj{"name": fmt.Sprintf("%s%d", capitalize(words[g.r.IntN(len(words))]), j), "type": "string"})
		}
		decls[stream] = obj{"columns": cols}
		flows = append(flows, obj{"streams": []string{stream}, "destinations": []string{"clv2ws1"}, "transformKql": "source", "outputStream": stream})
		tableRes = append(tableRes, obj{"type": "Microsoft.OperationalInsights/workspaces/tables", "name": t, "properties": obj{"schema": obj{"name": t, "columns": cols}}})
	}
	g.write(filepath.Join(dir, id+"_DataConnectorDefinition.json"), obj{
		"name": id, "type": "Microsoft.SecurityInsights/dataConnectorDefinitions", "kind": "Customizable", "apiVersion": "2022-09-01-preview",
		"properties": obj{"connectorUiConfig": ui},
	})
	g.write(filepath.Join(dir, id+"_DCR.json"), []obj{{"type": "Microsoft.Insights/dataCollectionRules", "properties": obj{"streamDeclarations": decls, "dataFlows": flows}}})
	g.write(filepath.Join(dir, id+"_PollingConfig.json"), obj{"type": "Microsoft.SecurityInsights/dataConnectors", "kind": "RestApiPoller",
		"properties": obj{"connectorDefinitionName": id, "dcrConfig": obj{"streamName": "Custom-" + tables[0]}, "auth": obj{"type": "APIKey"}, "request": obj{"apiEndpoint": "https://api.example.com/v1/events", "httpMethod": "GET"}}})
	g.write(filepath.Join(dir, id+"_Tables.json"), tableRes)
	return []string{"Data Connectors/" + id + "_CCF/" + id + "_DataConnectorDefinition.json"}
}

func (g *gen) solution(dir, name, vendor string, files []string) {
	g.write(filepath.Join(dir, "Data", "Solution_"+strings.ReplaceAll(name, " ", "")+".json"), obj{
		"Name": name, "Author": vendor + " - support@" + strings.ToLower(vendor) + ".example",
		"Description": g.paragraph(5), "Data Connectors": files, "BasePath": "C:\\\\build\\\\Solutions\\\\" + name, "Version": "3.0.0",
	})
	g.write(filepath.Join(dir, "SolutionMetadata.json"), obj{
		"publisherId": strings.ToLower(vendor), "offerId": "azure-sentinel-solution-" + strings.ToLower(strings.ReplaceAll(name, " ", "-")),
		"firstPublishDate": "2023-01-01", "lastPublishDate": "2025-06-01", "providers": []string{vendor},
		"categories": obj{"domains": []string{"Security - Network"}}, "support": obj{"name": vendor, "tier": "Partner", "link": "https://" + strings.ToLower(vendor) + ".example/support"},
	})
}

var tactics = strings.Fields(`InitialAccess Execution Persistence PrivilegeEscalation DefenseEvasion
CredentialAccess Discovery LateralMovement Collection CommandAndControl Exfiltration Impact`)

// writeText writes a file as it is (YAML, KQL).
func (g *gen) writeText(rel, text string) {
	if g.err != nil {
		return
	}
	p := filepath.Join(g.root, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		g.err = err
		return
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		g.err = err
		return
	}
	g.stats.Files++
	g.stats.Bytes += int64(len(text))
}

func (g *gen) contentSentence() string {
	n := 8 + g.rc.IntN(14)
	ws := make([]string, n)
	for i := range ws {
		ws[i] = words[g.rc.IntN(len(words))]
	}
	return capitalize(strings.Join(ws, " ")) + "."
}

// content writes one connector's content items and parser, reading its
// tables: six analytic rules, two hunting queries, a workbook, a playbook
// for every other connector, and a parser over its first table.
func (g *gen) content(solDir, vendor string, n int, tables []string) {
	parser := fmt.Sprintf("%sParser%d", vendor, n)
	g.writeText(filepath.Join(solDir, "Parsers", parser+".yaml"), fmt.Sprintf(
		"id: %08x-0000-4000-8000-%012x\nFunction:\n  Title: Parser for %s\n  Version: '1.0.0'\nCategory: Microsoft Sentinel Parser\nFunctionName: %s\nFunctionAlias: %s\nFunctionQuery: |\n  %s\n  | extend Account = tostring(user_s), Action = tostring(action_s)\n  | project TimeGenerated, Account, Action, Computer\n",
		n, n, tables[0], parser, parser, tables[0]))
	item := func(folder, kind string, i int) {
		table := tables[g.rc.IntN(len(tables))]
		source := table
		if g.rc.IntN(3) == 0 {
			source = parser
		}
		tac := tactics[g.rc.IntN(len(tactics))]
		var b strings.Builder
		fmt.Fprintf(&b, "id: %08x-%04x-4000-8000-%012x\nname: %s %s %d-%d\ndescription: |\n  '%s'\n", n, i, n*16+i, vendor, g.title(3), n, i, g.contentSentence())
		if kind == "rule" {
			fmt.Fprintf(&b, "severity: %s\nstatus: Available\nqueryFrequency: 1h\nqueryPeriod: 1h\ntriggerOperator: gt\ntriggerThreshold: 0\n", []string{"Low", "Medium", "High", "Informational"}[g.rc.IntN(4)])
		}
		fmt.Fprintf(&b, "requiredDataConnectors:\n  - connectorId: %sConnector%d\n    dataTypes:\n      - %s\n", vendor, n, table)
		fmt.Fprintf(&b, "tactics:\n  - %s\nrelevantTechniques:\n  - T%04d\n", tac, 1000+g.rc.IntN(600))
		fmt.Fprintf(&b, "query: |\n  let threshold = %d;\n  %s\n  | where TimeGenerated > ago(1h)\n  | summarize Count = count() by Computer, bin(TimeGenerated, 5m)\n  | where Count > threshold\n", 1+g.rc.IntN(50), source)
		if kind == "rule" {
			b.WriteString("entityMappings:\n  - entityType: Host\n    fieldMappings:\n      - identifier: HostName\n        columnName: Computer\nversion: 1.0.0\nkind: Scheduled\n")
		} else {
			b.WriteString("version: 1.0.0\n")
		}
		g.writeText(filepath.Join(solDir, folder, fmt.Sprintf("%s%d-%d.yaml", vendor, n, i)), b.String())
		g.stats.Content++
	}
	for i := 0; i < 6; i++ {
		item("Analytic Rules", "rule", i)
	}
	for i := 6; i < 8; i++ {
		item("Hunting Queries", "hunting", i)
	}
	var items []obj
	for _, t := range tables {
		items = append(items, obj{"type": 3, "name": "query - " + t, "content": obj{"version": "KqlItem/1.0", "query": t + "\n| summarize count() by bin(TimeGenerated, {TimeRange:grain})", "queryType": 0, "resourceType": "microsoft.operationalinsights/workspaces"}})
	}
	g.write(filepath.Join(solDir, "Workbooks", fmt.Sprintf("%sWorkbook%d.json", vendor, n)), obj{"version": "Notebook/1.0", "items": items})
	g.stats.Content += 2
	if n%2 == 0 {
		g.write(filepath.Join(solDir, "Playbooks", fmt.Sprintf("%s-Enrich%d", vendor, n), "azuredeploy.json"), obj{
			"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0",
			"metadata": obj{"title": fmt.Sprintf("%s enrich incident %d", vendor, n), "description": g.contentSentence()},
			"resources": []obj{
				{"type": "Microsoft.Web/connections", "name": "azuresentinel", "properties": obj{"api": obj{"id": "[concat('/subscriptions/', subscription().subscriptionId, '/providers/Microsoft.Web/locations/', resourceGroup().location, '/managedApis/azuresentinel')]"}}},
				{"type": "Microsoft.Logic/workflows", "name": "playbook", "properties": obj{"definition": obj{"actions": obj{"Run_query": obj{"type": "ApiConnection", "inputs": obj{"path": "/queryData", "body": tables[0] + " | take 10"}}}}}},
			},
		})
		g.stats.Content++
	}
}

// asim writes n ASIM source parsers over the shared tables, in schema
// folders, and a union parser for each schema.
func (g *gen) asim(n int) {
	schemas := []string{"NetworkSession", "Authentication", "Dns", "WebSession", "ProcessEvent", "FileEvent", "AuditEvent"}
	subs := map[string][]string{}
	for i := 0; i < n; i++ {
		schema := schemas[i%len(schemas)]
		name := fmt.Sprintf("ASim%sProduct%d", schema, i)
		builtin := fmt.Sprintf("_ASim_%s_Product%d", schema, i)
		subs[schema] = append(subs[schema], builtin)
		table := []string{"CommonSecurityLog", "Syslog", "SecurityEvent"}[i%3]
		g.writeText(filepath.Join("Parsers", "ASim"+schema, "Parsers", name+".yaml"), fmt.Sprintf(
			"Parser:\n  Title: %s ASIM parser %d\n  Version: '0.1.0'\nProduct:\n  Name: Product %d\nNormalization:\n  Schema: %s\n  Version: '0.2.0'\nParserName: %s\nEquivalentBuiltInParser: %s\nParserParams:\n  - Name: disabled\n    Type: bool\n    Default: false\nParserQuery: |\n  let parser = (disabled:bool=false) {\n  %s\n  | where not(disabled)\n  | project-rename SrcIpAddr = SourceIP\n  };\n  parser(disabled=disabled)\n",
			schema, i, i, schema, name, builtin, table))
		g.stats.Content++
	}
	for _, schema := range schemas {
		if len(subs[schema]) == 0 {
			continue
		}
		var calls []string
		for _, s := range subs[schema] {
			calls = append(calls, s+"(disabled=false)")
		}
		g.writeText(filepath.Join("Parsers", "ASim"+schema, "Parsers", "ASim"+schema+".yaml"), fmt.Sprintf(
			"Parser:\n  Title: %s ASIM union parser\n  Version: '0.1.0'\nProduct:\n  Name: Source agnostic\nNormalization:\n  Schema: %s\n  Version: '0.2.0'\nParserName: ASim%s\nEquivalentBuiltInParser: _ASim_%s\nParsers:\n%sParserQuery: |\n  union isfuzzy=true\n  %s\n",
			schema, schema, schema, schema, "  - "+strings.Join(subs[schema], "\n  - ")+"\n", strings.Join(calls, ",\n  ")))
		g.stats.Content++
	}
}

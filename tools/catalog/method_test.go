package catalog

import (
	"slices"
	"testing"

	"github.com/sentinel-connector-docs/site/tools/kql"
	"github.com/sentinel-connector-docs/site/tools/source"
)

// TestMethodRules checks each collection-method rule on the smallest
// connector that shows it, and the priority between rules.
func TestMethodRules(t *testing.T) {
	conn := func(f func(r *rawConnection)) *rawConnection {
		r := &rawConnection{file: "Solutions/S/Data Connectors/Def.json", id: "Def", title: "Def", format: "ui",
			controlTypes: map[string]bool{}, criteriaTypes: map[string]bool{}}
		f(r)
		return r
	}
	tests := []struct {
		name string
		r    *rawConnection
		want string
	}{
		{"id ending in Ama", conn(func(r *rawConnection) { r.id = "ContosoFirewallAma" }), MethodAMA},
		{"id with an -ama- part", conn(func(r *rawConnection) { r.id = "contoso-ama-syslog" }), MethodAMA},
		{"Panorama is not AMA", conn(func(r *rawConnection) { r.id = "ContosoPanorama" }), MethodUnknown},
		{"a rule for an agent's stream", conn(func(r *rawConnection) { r.agentDCR = true }), MethodAMA},
		{"CEF via AMA in the steps", conn(func(r *rawConnection) { r.text = "install cef via ama on the forwarder" }), MethodAMA},
		{"function file name beats diagnostic settings", conn(func(r *rawConnection) {
			r.file = "Solutions/S/Data Connectors/Contoso_API_FunctionApp.json"
			r.text = "enable diagnostic settings"
			r.criteriaTypes["IsConnectedQuery"] = true
		}), MethodFunction},
		{"description names Azure Functions", conn(func(r *rawConnection) { r.description = "uses azure functions to pull" }), MethodFunction},
		{"deploy to Azure a function app", conn(func(r *rawConnection) { r.text = "click deploy to azure to create the function app" }), MethodFunction},
		{"id names CCP", conn(func(r *rawConnection) { r.id = "ContosoCCPDefinition" }), MethodCCF},
		{"a function app filling TI tables", conn(func(r *rawConnection) { r.functionApp = true; r.tables = []string{tiIndicators, tiObjects} }), MethodTIUpload},
		{"TI tables and nothing else said", conn(func(r *rawConnection) { r.tables = []string{tiLegacy} }), MethodTIUpload},
		{"portal-native TI feed", conn(func(r *rawConnection) { r.tables = []string{tiIndicators}; r.criteriaTypes["SentinelKinds"] = true }), MethodNative},
		{"webhook in the title", conn(func(r *rawConnection) { r.title = "Contoso Alerts Webhook" }), MethodREST},
		{"the Logs Ingestion API", conn(func(r *rawConnection) { r.text = "posts to the logs ingestion api" }), MethodREST},
		{"shared keys to write a custom table", conn(func(r *rawConnection) { r.sharedKeys = true; r.tables = []string{"Contoso_CL"} }), MethodREST},
		{"shared keys alone", conn(func(r *rawConnection) { r.sharedKeys = true; r.tables = []string{"Syslog"} }), MethodUnknown},
		{"nothing said", conn(func(*rawConnection) {}), MethodUnknown},
	}
	for _, tt := range tests {
		if got, reason := collectionMethod(tt.r); got != tt.want {
			t.Errorf("%s: %q (%s), want %q", tt.name, got, reason, tt.want)
		}
	}
}

// TestParsersCallingEachOther checks that parsers that call each other in
// a cycle give the tables the cycle reads, without looping.
func TestParsersCallingEachOther(t *testing.T) {
	ps := newParserSet()
	ps.addParsers([]source.Parser{
		{Names: []string{"A"}, Query: "B | union (A_CL)"},
		{Names: []string{"B"}, Query: "A | where x == 1\n| join (B_CL) on y"},
	})
	got := ps.expand("a")
	if want := []string{"A_CL", "B_CL"}; !slices.Equal(slices.Sorted(slices.Values(got)), want) {
		t.Errorf("expand(A) = %q, want %q", got, want)
	}
}

// TestDataTypeTables checks how a data type names its table.
func TestDataTypeTables(t *testing.T) {
	tables := func(ui map[string]any) []string {
		var out []string
		for _, r := range connectorTables(ui, func(s string) string { return s }, nil, kql.Options{}) {
			out = append(out, r.Name)
		}
		return out
	}
	tests := []struct {
		name string
		ui   map[string]any
		want []string
	}{
		{"Outer(Inner) where the queries read Inner", map[string]any{
			"dataTypes":    []any{map[string]any{"name": "Event(ThreatIntelligenceIndicator)"}},
			"graphQueries": []any{map[string]any{"baseQuery": "ThreatIntelligenceIndicator"}},
		}, []string{"ThreatIntelligenceIndicator"}},
		{"Table (label)", map[string]any{
			"dataTypes": []any{map[string]any{"name": "CommonSecurityLog (Contoso)"}},
		}, []string{"CommonSecurityLog"}},
		{"a custom data type whose last-data query checks incidents", map[string]any{
			"dataTypes": []any{map[string]any{"name": "Contoso_CL", "lastDataReceivedQuery": "SecurityIncident | where Labels contains 'Contoso'"}},
		}, []string{"Contoso_CL", "SecurityIncident"}},
	}
	for _, tt := range tests {
		if got := tables(tt.ui); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

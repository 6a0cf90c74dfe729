package source

import (
	"testing"
)

func decode(t *testing.T, s string) any {
	t.Helper()
	v, err := DecodeJSON("test.json", []byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestExtractPlainUI(t *testing.T) {
	c := Extract("a.json", decode(t, `{"id": "ContosoX", "title": "Contoso X", "publisher": "Contoso",
		"dataTypes": [{"name": "ContosoX_CL"}], "instructionSteps": []}`))
	if len(c.Connectors) != 1 || c.Connectors[0].Format != FormatUI || c.Connectors[0].UI["id"] != "ContosoX" {
		t.Fatalf("got %+v", c.Connectors)
	}
}

func TestExtractARMTemplate(t *testing.T) {
	c := Extract("t.json", decode(t, `{
	  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
	  "parameters": {"vendor": {"type": "string", "defaultValue": "Fabrikam"}, "workspace": {"type": "string"}},
	  "variables": {"connectorId": "FabrikamAudit", "table": "[concat(parameters('vendor'), 'Audit_CL')]"},
	  "resources": [{
	    "type": "Microsoft.OperationalInsights/workspaces/providers/dataConnectors",
	    "kind": "GenericUI",
	    "name": "[concat(parameters('workspace'), '/Microsoft.SecurityInsights/', variables('connectorId'))]",
	    "properties": {"connectorUiConfig": {
	      "id": "[variables('connectorId')]",
	      "title": "[concat(parameters('vendor'), ' Audit')]",
	      "publisher": "[parameters('vendor')]",
	      "dataTypes": [{"name": "[variables('table')]"}],
	      "graphQueries": [{"baseQuery": "[resourceGroup().location]"}]
	    }}
	  }, {"type": "Microsoft.Web/sites", "name": "app"}]
	}`))
	if len(c.Connectors) != 1 {
		t.Fatalf("want 1 connector, got %d", len(c.Connectors))
	}
	rc := c.Connectors[0]
	if rc.Format != FormatARM || rc.Kind != "GenericUI" {
		t.Errorf("format %q kind %q", rc.Format, rc.Kind)
	}
	if rc.UI["id"] != "FabrikamAudit" || rc.UI["title"] != "Fabrikam Audit" || rc.UI["publisher"] != "Fabrikam" {
		t.Errorf("unresolved values: %v", rc.UI)
	}
	if dt := rc.UI["dataTypes"].([]any)[0].(map[string]any)["name"]; dt != "FabrikamAudit_CL" {
		t.Errorf("dataTypes name = %v", dt)
	}
	if len(rc.Unresolved) != 1 || rc.Unresolved[0] != "[resourceGroup().location]" {
		t.Errorf("unresolved = %q", rc.Unresolved)
	}
	if !c.FunctionApp {
		t.Error("the Microsoft.Web/sites resource should mark a function app")
	}
}

func TestExtractCCF(t *testing.T) {
	def := Extract("ccf/def.json", decode(t, `{
	  "name": "NorthwindCCP", "type": "Microsoft.SecurityInsights/dataConnectorDefinitions",
	  "kind": "Customizable", "availability": {"isPreview": true},
	  "properties": {"connectorUiConfig": {"title": "Northwind", "publisher": "Northwind",
	    "graphQueriesTableName": "Northwind_CL", "dataTypes": [{"name": "{{graphQueriesTableName}}"}]}}
	}`))
	if len(def.Connectors) != 1 || def.Connectors[0].Format != FormatCCF {
		t.Fatalf("got %+v", def.Connectors)
	}
	ui := def.Connectors[0].UI
	if ui["id"] != "NorthwindCCP" || ui["availability"] == nil {
		t.Errorf("id and availability should come from the resource: %v", ui)
	}

	wrapped := Extract("ccf/wrapped.json", decode(t, `{"parameters": {}, "variables": {"id": "WrappedCCP"},
	  "resources": [{"type": "Microsoft.OperationalInsights/workspaces/providers/dataConnectorDefinitions",
	    "kind": "Customizable", "properties": {"connectorUiConfig": {"id": "[variables('id')]", "title": "W"}}}]}`))
	if len(wrapped.Connectors) != 1 || wrapped.Connectors[0].Format != FormatCCF || wrapped.Connectors[0].UI["id"] != "WrappedCCP" {
		t.Fatalf("wrapped CCF: %+v", wrapped.Connectors)
	}

	dcr := Extract("ccf/dcr.json", decode(t, `[{"type": "Microsoft.Insights/dataCollectionRules", "properties": {
	  "streamDeclarations": {"Custom-Northwind_CL": {"columns": [{"name": "TimeGenerated", "type": "datetime"}]}},
	  "dataFlows": [{"streams": ["Custom-Northwind_CL"], "outputStream": "Custom-Northwind_CL"}]}}]`))
	if len(dcr.DCRs) != 1 || dcr.DCRs[0].Outputs(nil)[0] != "Custom-Northwind_CL" || len(dcr.DCRs[0].Streams["Custom-Northwind_CL"]) != 1 {
		t.Errorf("DCR: %+v", dcr.DCRs)
	}
	poll := Extract("ccf/poll.json", decode(t, `{"type": "Microsoft.SecurityInsights/dataConnectors", "kind": "RestApiPoller",
	  "properties": {"connectorDefinitionName": "NorthwindCCP", "dcrConfig": {"streamName": "Custom-Northwind_CL"}}}`))
	if len(poll.Pollers) != 1 || poll.Pollers[0].Kind != "RestApiPoller" || poll.Pollers[0].DefinitionName != "NorthwindCCP" {
		t.Errorf("poller: %+v", poll.Pollers)
	}
	tables := Extract("ccf/tables.json", decode(t, `{"type": "Microsoft.OperationalInsights/workspaces/tables", "name": "ws/Northwind_CL",
	  "properties": {"schema": {"name": "Northwind_CL", "columns": [{"name": "Msg", "type": "string", "description": "The message"}]}}}`))
	if len(tables.Tables) != 1 || tables.Tables[0].Name != "Northwind_CL" || tables.Tables[0].Columns[0].Description != "The message" {
		t.Errorf("tables: %+v", tables.Tables)
	}
	if len(dcr.Connectors)+len(poll.Connectors)+len(tables.Connectors) != 0 {
		t.Error("companion files must not yield connectors")
	}
}

func TestExtractTemplateSpecInheritsVariables(t *testing.T) {
	c := Extract("spec.json", decode(t, `{"variables": {"uiId": "SpecCCP"}, "resources": [{
	  "type": "Microsoft.Resources/templateSpecs/versions",
	  "properties": {"mainTemplate": {"variables": {}, "resources": [{
	    "type": "Microsoft.OperationalInsights/workspaces/providers/dataConnectorDefinitions",
	    "kind": "Customizable", "properties": {"connectorUiConfig": {"id": "[variables('uiId')]", "title": "S"}}}]}}}]}`))
	if len(c.Connectors) != 1 || c.Connectors[0].UI["id"] != "SpecCCP" {
		t.Fatalf("got %+v", c.Connectors)
	}
}

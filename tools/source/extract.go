package source

import (
	"maps"
	"slices"
	"strings"
)

// Format says how a connector is defined in its file.
type Format string

// The three definition formats of the real repository.
const (
	FormatUI  Format = "ui"  // a bare connector UI definition
	FormatARM Format = "arm" // an ARM template holding properties.connectorUiConfig
	FormatCCF Format = "ccf" // a Codeless Connector Framework dataConnectorDefinitions resource
)

// RawConnector is one connector UI definition as found in a file, with ARM
// expressions already resolved.
type RawConnector struct {
	File   string
	Format Format
	// UI is the connectorUiConfig (or the whole bare definition).
	UI map[string]any
	// Kind is the ARM resource kind around it (StaticUI, GenericUI,
	// APIPolling, Customizable), empty for a bare definition.
	Kind string
	// HasPollingConfig is set when the resource carries properties.pollingConfig
	// (the older APIPolling codeless format).
	HasPollingConfig bool
	// Unresolved lists ARM expressions left as text.
	Unresolved []string
	// IDExpr is the id as written when it is an ARM expression the template
	// resolved, "" otherwise.
	IDExpr string
	// NamedID is set when the definition has no id of its own and takes
	// it from a resource name that is an expression.
	NamedID bool
	// Depth counts the templates around the definition: 0 for a bare
	// definition or a top-level resource, more inside template specs.
	Depth int
}

// DCR is a data collection rule: which streams it declares and where its data
// flows end up.
type DCR struct {
	File    string
	Flows   []DataFlow
	Streams map[string][]Column
}

// DataFlow is one route of a data collection rule: input streams to an
// output stream (a table: "Custom-X_CL" or "Microsoft-X").
type DataFlow struct {
	Streams      []string
	OutputStream string // empty: each input stream goes to its own table
}

// Outputs returns the output streams of the flows fed by any of the given
// input streams, or of every flow when streams is empty.
func (d DCR) Outputs(streams map[string]bool) []string {
	var out []string
	for _, f := range d.Flows {
		fed := len(streams) == 0
		for _, s := range f.Streams {
			fed = fed || streams[s]
		}
		switch {
		case !fed:
		case f.OutputStream != "":
			out = append(out, f.OutputStream)
		default:
			out = append(out, f.Streams...)
		}
	}
	return out
}

// Column is a column of a table or of a declared stream.
type Column struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Description string `json:"description,omitempty"`
}

// Poller is a data connector resource that polls or receives data for a
// codeless connector definition.
type Poller struct {
	File           string
	Kind           string // RestApiPoller, GCP, Push, AmazonWebServicesS3, ...
	DefinitionName string // properties.connectorDefinitionName
	StreamName     string // properties.dcrConfig.streamName
	DataType       string // properties.dataType: the table it says it fills
}

// TableDef is a custom table declared by a tables file or a template.
type TableDef struct {
	File    string
	Name    string
	Columns []Column
}

// Contents is everything one file holds.
type Contents struct {
	Connectors  []RawConnector
	DCRs        []DCR
	Pollers     []Poller
	Tables      []TableDef
	FunctionApp bool // the file deploys a Microsoft.Web/sites function app
	// Package is set for full solution-package templates (a contentPackages
	// resource), whose connectors duplicate the ones in Data Connectors.
	Package bool
}

// Extract sorts what a decoded JSON document holds. file is its
// repository-relative path, recorded on everything found.
func Extract(file string, doc any) Contents {
	var c Contents
	c.walk(file, doc, nil, 0)
	return c
}

func (c *Contents) walk(file string, v any, scope *Template, depth int) {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			c.walk(file, e, scope, depth)
		}
	case map[string]any:
		c.object(file, x, scope, depth)
	}
}

func (c *Contents) object(file string, m map[string]any, scope *Template, depth int) {
	if t := templateOf(m); t != nil {
		if scope != nil {
			depth++
		}
		scope = t.within(scope)
	}
	typ := strings.ToLower(resolvedString(m["type"], scope))
	props, _ := m["properties"].(map[string]any)
	kind := resolvedString(m["kind"], scope)

	switch {
	case isBareUI(m):
		c.addConnector(file, FormatUI, m, "", false, scope, depth)
		return
	case props != nil && props["connectorUiConfig"] != nil:
		ui, ok := props["connectorUiConfig"].(map[string]any)
		if ok {
			format, named := FormatARM, false
			if strings.HasSuffix(typ, "dataconnectordefinitions") {
				format = FormatCCF
				// Some definitions keep id and availability beside properties.
				_, hasID := ui["id"]
				ui = withFallbacks(ui, m, scope)
				name, _ := m["name"].(string)
				named = !hasID && strings.HasPrefix(name, "[")
			}
			_, polling := props["pollingConfig"]
			c.addConnector(file, format, ui, kind, polling, scope, depth)
			c.Connectors[len(c.Connectors)-1].NamedID = named
		}
		return
	case strings.HasSuffix(typ, "datacollectionrules"):
		// Inside a template, stream and table names are often expressions
		// ([concat('Custom-', variables('tableName'))]).
		if scope != nil {
			props, _ = scope.Resolve(props, nil).(map[string]any)
		}
		c.DCRs = append(c.DCRs, dcrOf(file, props, scope))
		return
	case strings.HasSuffix(typ, "workspaces/tables") || strings.HasSuffix(typ, "/tables"):
		if t, ok := tableOf(file, m, props, scope); ok {
			c.Tables = append(c.Tables, t)
		}
		return
	case strings.HasSuffix(typ, "dataconnectors") && props != nil && props["connectorDefinitionName"] != nil:
		p := Poller{File: file, Kind: kind, DefinitionName: lastSegment(resolvedString(props["connectorDefinitionName"], scope))}
		if dcr, ok := props["dcrConfig"].(map[string]any); ok {
			p.StreamName = resolvedString(dcr["streamName"], scope)
		}
		p.DataType = resolvedString(props["dataType"], scope)
		c.Pollers = append(c.Pollers, p)
		return
	case typ == "microsoft.web/sites":
		c.FunctionApp = true
	case strings.HasSuffix(typ, "contentpackages"):
		c.Package = true
	}
	// Templates nest: resources, template specs' mainTemplate, deployments'
	// template. Walk every value so nothing is missed.
	for _, k := range slices.Sorted(maps.Keys(m)) {
		c.walk(file, m[k], scope, depth)
	}
}

// isBareUI reports whether m is a connector UI definition on its own: an id,
// a title and the UI's characteristic lists.
func isBareUI(m map[string]any) bool {
	_, hasID := m["id"]
	_, hasTitle := m["title"]
	_, hasSteps := m["instructionSteps"]
	_, hasTypes := m["dataTypes"]
	return hasID && hasTitle && (hasSteps || hasTypes)
}

func (c *Contents) addConnector(file string, f Format, ui map[string]any, kind string, polling bool, scope *Template, depth int) {
	rc := RawConnector{File: file, Format: f, Kind: kind, HasPollingConfig: polling, Depth: depth}
	if scope != nil {
		if f == FormatUI {
			f = FormatARM
			rc.Format = f
		}
		rc.UI, _ = scope.Resolve(ui, &rc.Unresolved).(map[string]any)
		if id, _ := ui["id"].(string); strings.HasPrefix(id, "[") && rc.UI["id"] != ui["id"] {
			rc.IDExpr = id
		}
	} else {
		rc.UI = ui
	}
	c.Connectors = append(c.Connectors, rc)
}

// withFallbacks copies id and availability from the resource into the UI
// config when the UI config lacks them. A resource name is a path
// ("{{workspace}}/Microsoft.SecurityInsights/<id>" or an expression that
// resolves to one): the id is its last segment.
func withFallbacks(ui, resource map[string]any, scope *Template) map[string]any {
	out := make(map[string]any, len(ui)+2)
	for k, v := range ui {
		out[k] = v
	}
	for _, k := range []string{"id", "availability"} {
		if _, ok := out[k]; !ok {
			if v, ok := resource[k]; ok {
				out[k] = v
			}
		}
	}
	if _, ok := out["id"]; !ok {
		name, _ := resource["name"].(string)
		if scope != nil {
			name = scope.ResolveName(resource["name"])
		}
		if name != "" {
			out["id"] = lastSegment(name)
		}
	}
	return out
}

func dcrOf(file string, props map[string]any, scope *Template) DCR {
	d := DCR{File: file, Streams: map[string][]Column{}}
	if props == nil {
		return d
	}
	if decls, ok := props["streamDeclarations"].(map[string]any); ok {
		for name, decl := range decls {
			dm, _ := decl.(map[string]any)
			if scope != nil {
				name = resolvedString(name, scope) // keys are not resolved with the values
			}
			d.Streams[name] = columnsOf(dm["columns"])
		}
	}
	flows, _ := props["dataFlows"].([]any)
	for _, f := range flows {
		fm, _ := f.(map[string]any)
		var flow DataFlow
		flow.OutputStream, _ = fm["outputStream"].(string)
		streams, _ := fm["streams"].([]any)
		for _, s := range streams {
			if name, ok := s.(string); ok {
				flow.Streams = append(flow.Streams, name)
			}
		}
		d.Flows = append(d.Flows, flow)
	}
	return d
}

func tableOf(file string, m, props map[string]any, scope *Template) (TableDef, bool) {
	if props == nil {
		return TableDef{}, false
	}
	schema, _ := props["schema"].(map[string]any)
	name, _ := schema["name"].(string)
	if name == "" {
		// The resource name is "<workspace>/<table>".
		name = resolvedString(m["name"], scope)
		name = name[strings.LastIndex(name, "/")+1:]
	}
	if name == "" || strings.ContainsAny(name, "[]()'") {
		return TableDef{}, false
	}
	return TableDef{File: file, Name: name, Columns: columnsOf(schema["columns"])}, true
}

func columnsOf(v any) []Column {
	list, _ := v.([]any)
	var cols []Column
	for _, e := range list {
		m, _ := e.(map[string]any)
		name, _ := m["name"].(string)
		if name == "" {
			continue
		}
		typ, _ := m["type"].(string)
		desc, _ := m["description"].(string)
		cols = append(cols, Column{Name: name, Type: typ, Description: desc})
	}
	return cols
}

func resolvedString(v any, scope *Template) string {
	if scope != nil {
		v = scope.Resolve(v, nil)
	}
	s, _ := v.(string)
	return s
}

// lastSegment returns what follows the last "/" of a resource name, unless
// the name is an expression left unresolved, which is returned whole.
func lastSegment(name string) string {
	if strings.HasPrefix(name, "[") {
		return name
	}
	return name[strings.LastIndex(name, "/")+1:]
}

package catalog

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/sentinel-connector-docs/site/tools/markup"
)

// portalControls are control types named after a data source or connector:
// the portal draws its own UI for them, so the page says the step is done in
// the Sentinel portal and lists the parameters.
var portalControls = map[string]bool{
	"AADDataTypes": true, "AwsS3": true, "AzureActivityLog": true,
	"AzureSecurityCenterSubscriptions": true, "FilterAlert": true,
	"MicrosoftDefenderATPEvents": true, "MicrosoftDefenderForCloudTenantBased": true,
	"MicrosoftThreatProtection": true, "OfficeDataTypes": true,
	"OmsDatasource": true, "OmsSolutions": true, "SecurityEvents": true,
	"SentinelResourceProvider": true, "ThreatIntelligenceTaxii": true,
	"WindowsForwardedEvents": true, "WindowsSecurityEvents": true,
	"AzureDiagnosticsSetting": true, "PolicyAssignment": true,
	"Office365": true, "OfficeATP": true, "OfficeIRM": true, "Dynamics365": true,
	"MicrosoftCloudAppSecurity": true, "AzureAdvancedThreatProtection": true,
	"MicrosoftPurviewInformationProtection": true, "IoT": true,
}

// builder carries what instruction normalization needs: the connector's own
// names (controls named after them are portal controls) and a callback for
// unknown control types.
type builder struct {
	ownNames map[string]bool
	unknown  func(typ string)
}

func (b *builder) steps(list []map[string]any) []Step {
	var out []Step
	for i, s := range list {
		out = append(out, b.step(s, i+1))
	}
	return out
}

// stepNumber matches a title's own number, "3. " or "3) ".
var stepNumber = regexp.MustCompile(`^\s*(\d+)[.)]\s+`)

// step normalizes the n-th step of a list. A title that starts with its own
// number loses it, since the page numbers the steps.
func (b *builder) step(s map[string]any, n int) Step {
	title := str(s, "title")
	if m := stepNumber.FindStringSubmatch(title); m != nil && m[1] == strconv.Itoa(n) {
		title = title[len(m[0]):]
	}
	st := Step{
		Title:       markup.Inline(title),
		Description: markup.HTML(str(s, "description")),
	}
	for _, in := range objects(s, "instructions") {
		st.Instructions = append(st.Instructions, b.instruction(in))
	}
	st.Steps = b.steps(objects(s, "innerSteps"))
	return st
}

var camelWords = regexp.MustCompile(`([a-z0-9])([A-Z])`)

// humanize turns a control or link type such as "InstallAgentOnLinuxNonAzure"
// into "Install agent on linux non azure".
func humanize(s string) string {
	s = strings.ToLower(camelWords.ReplaceAllString(s, "$1 $2"))
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (b *builder) instruction(in map[string]any) Instruction {
	typ := str(in, "type")
	p := obj(in, "parameters")
	if p == nil {
		p = map[string]any{}
	}
	out := Instruction{Type: typ}
	switch typ {
	case "Markdown":
		out.Kind, out.Text = "markdown", markup.HTML(str(p, "content"))
	case "CopyableLabel":
		out.Kind, out.Label = "copy", markup.Text(str(p, "label"))
		out.Value = str(p, "value")
		if fill := stringList(p, "fillWith"); out.Value == "" && len(fill) > 0 {
			out.Value = "Filled in by the portal: " + strings.Join(fill, ", ")
		}
	case "Textbox":
		out.Kind = "form"
		out.Fields = []Field{textbox(p)}
	case "OAuthForm":
		out.Kind, out.Label = "form", str(p, "connectButtonLabel")
		for _, k := range []string{"clientIdLabel", "clientSecretLabel", "authorizationUrlLabel", "tokenUrlLabel"} {
			if v := str(p, k); v != "" {
				out.Fields = append(out.Fields, Field{Label: v})
			}
		}
		if out.Label == "" {
			out.Label = "Connect"
		}
	case "APIKey":
		out.Kind, out.Label = "form", "Connect"
		for _, f := range objects(p, "userRequestPlaceHoldersInput") {
			out.Fields = append(out.Fields, Field{Label: str(f, "displayText"), Detail: str(f, "placeHolderName")})
		}
	case "Dropdown", "Radio":
		out.Kind, out.Label = "choice", str(p, "label")
		for _, o := range objects(p, "options") {
			out.Options = append(out.Options, firstNonEmpty(str(o, "text"), str(o, "key")))
		}
		if truthy(p["isMultiSelect"]) {
			out.Value = "Several can be chosen."
		}
	case "InfoMessage":
		out.Kind, out.Level, out.Text = "message", "info", markup.HTML(str(p, "text"))
	case "MessageBar":
		out.Kind, out.Level, out.Text = "message", messageLevel(str(p, "severity")), markup.HTML(str(p, "text"))
	case "ConnectionToggleButton":
		out.Kind = "button"
		out.Label = firstNonEmpty(str(p, "connectLabel"), "Connect")
		out.Text = "Turns the connection on; " + firstNonEmpty(str(p, "disconnectLabel"), "Disconnect") + " turns it off."
	case "DeployPushConnectorButton":
		out.Kind = "button"
		out.Label = firstNonEmpty(str(p, "label"), "Deploy push connector resources")
		if app := str(p, "applicationDisplayName"); app != "" {
			out.Text = "Creates the Microsoft Entra application “" + app + "”, the data collection endpoint and rule, and the role assignments the sender needs."
		}
	case "DataConnectorsGrid", "GCPGrid":
		out.Kind = "grid"
		out.Text = "The portal lists the connections configured so far, one row each."
		for _, m := range objects(p, "mapping") {
			out.Fields = append(out.Fields, Field{Label: str(m, "columnName")})
		}
		if typ == "GCPGrid" && len(out.Fields) == 0 {
			out.Text = "The portal lists the Google Cloud collectors configured so far, one row each."
		}
	case "ContextPane", "GCPContextPane":
		out.Kind = "pane"
		out.Title = firstNonEmpty(str(p, "title"), "Add new collector")
		out.Text = markup.HTML(str(p, "subtitle"))
		out.Label = str(p, "label")
		if typ == "GCPContextPane" && out.Label == "" {
			out.Label = "Add new collector"
			out.Text = "Opens a pane that asks for the Google Cloud project, the Pub/Sub subscription and the workload identity federation details."
		}
		out.Steps = b.steps(objects(p, "instructionSteps"))
	case "InstructionStepsGroup":
		out.Kind, out.Title = "group", markup.Inline(str(p, "title"))
		out.Text = markup.HTML(str(p, "description"))
		out.Steps = b.steps(objects(p, "instructionSteps"))
	case "MarkdownControlEnvBased":
		out.Kind = "group"
		for _, env := range []struct{ key, title string }{{"prodScript", "Azure commercial cloud"}, {"govScript", "Azure Government cloud"}} {
			if v := str(p, env.key); v != "" {
				out.Steps = append(out.Steps, Step{Title: env.title, Description: markup.HTML(v)})
			}
		}
	case "InstallAgent":
		out.Kind = "agent"
		out.Text = humanize(firstNonEmpty(str(p, "linkType"), "InstallAgent")) + " (a link in the Sentinel portal)."
		flatten("", p, &out.Params)
	default:
		out.Kind = "portal"
		if !portalControls[typ] && !b.ownNames[typ] && p["connectorKind"] == nil {
			out.Kind = "unknown"
			if b.unknown != nil {
				b.unknown(typ)
			}
		}
		flatten("", p, &out.Params)
	}
	return out
}

func textbox(p map[string]any) Field {
	f := Field{Label: firstNonEmpty(str(p, "label"), str(p, "name"))}
	var detail []string
	if t := str(p, "type"); t != "" && t != "text" {
		detail = append(detail, t)
	}
	if ph := str(p, "placeholder"); ph != "" {
		detail = append(detail, "e.g. "+ph)
	}
	f.Detail = strings.Join(detail, "; ")
	return f
}

func messageLevel(s string) string {
	switch strings.ToLower(s) {
	case "warning":
		return "warning"
	case "error", "severewarning", "blocked":
		return "error"
	case "success":
		return "success"
	}
	return "info"
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			return x
		}
	}
	return ""
}

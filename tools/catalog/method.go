package catalog

import (
	"path"
	"regexp"
	"strings"
)

// The collection methods, in the order the site lists them.
const (
	MethodNative      = "Native"
	MethodDiagnostics = "Azure Diagnostics"
	MethodCCF         = "CCF"
	MethodCCFPush     = "CCF Push"
	MethodFunction    = "Azure Function"
	MethodTIUpload    = "Azure Function (TI Upload API)"
	MethodAMA         = "AMA"
	MethodMMA         = "MMA"
	MethodREST        = "REST Pull API"
	MethodUnknown     = "Unknown"
)

// rawConnection is what the method rules look at, gathered while building a
// connector.
type rawConnection struct {
	file           string // definition file path
	id             string
	title          string
	workspaceKey   bool   // asks the user to copy the workspace key (a sender posts to the workspace)
	sharedKeys     bool   // its permissions ask for the workspace's shared keys
	text           string // description and instruction texts, lowercased
	description    string // the description alone, lowercased
	format         string
	hasPolling     bool   // pollers beside a CCF definition or an APIPolling pollingConfig
	pollerKinds    string // joined poller kinds, lowercased
	functionApp    bool   // a function app template beside it
	agentDCR       bool   // a data collection rule of its takes an agent's stream (Syslog, CEF, Windows events)
	controlTypes   map[string]bool
	criteriaTypes  map[string]bool
	tables         []string
	installAgentTy []string // InstallAgent link types
}

var (
	amaInTitle = regexp.MustCompile(`\bAMA\b`)
	amaInID    = regexp.MustCompile(`(Ama|AMA)$|(^|-)(ama|Ama|AMA)(-|$)`)
	mmaInTitle = regexp.MustCompile(`\bMMA\b`)
)

// methodRule decides one collection method; the first rule that matches wins.
type methodRule struct {
	method string
	reason string
	match  func(r *rawConnection) bool
}

// methodRules encode the priority: an explicit AMA or MMA in the title (or
// an id ending in "Ama") wins; then Azure Diagnostics, CCF Push, CCF, Azure
// Function (the threat-intelligence uploaders apart), Native, agent-based,
// REST Pull API.
//
// Agent-based connectors set up with the legacy Log Analytics agent
// (InstallAgent, omsagent, OmsSolutions, the CEF installer, "via Legacy
// Agent" titles) are filed under AMA, the agent that replaced it, as the
// existing Solutions Analyzer does; the reason says which agent the
// definition names, and only a title that says MMA files a connector under
// MMA.
var methodRules = []methodRule{
	{MethodAMA, "title or id names AMA", func(r *rawConnection) bool {
		return amaInTitle.MatchString(r.title) || amaInID.MatchString(r.id)
	}},
	{MethodMMA, "title names MMA", func(r *rawConnection) bool { return mmaInTitle.MatchString(r.title) }},
	{MethodDiagnostics, "fills AzureDiagnostics or is set up through diagnostic settings", func(r *rawConnection) bool {
		for _, t := range r.tables {
			if t == "AzureDiagnostics" {
				return true
			}
		}
		return strings.Contains(r.text, "diagnostic settings") && r.format != "ccf" && !r.functionApp && !functionByName(r) &&
			len(r.criteriaTypes) > 0 && !r.criteriaTypes["HasDataConnectors"]
	}},
	{MethodCCFPush, "uses DeployPushConnectorButton or a Push data connector", func(r *rawConnection) bool {
		return r.controlTypes["DeployPushConnectorButton"] || strings.Contains(r.pollerKinds, "push")
	}},
	{MethodCCF, "uses dataConnectorDefinitions or a polling configuration", func(r *rawConnection) bool {
		return r.format == "ccf" || r.hasPolling
	}},
	{MethodCCF, "its id or title names the codeless connector platform (CCP, CCF, Codeless)", func(r *rawConnection) bool {
		id := strings.ToLower(r.id)
		return !functionByName(r) && (strings.Contains(id, "ccp") || strings.Contains(id, "ccf") || strings.Contains(strings.ToLower(r.title), "codeless"))
	}},
	{MethodTIUpload, "an Azure Function app that fills the threat-intelligence tables, which only the Sentinel upload APIs write", func(r *rawConnection) bool {
		return isFunction(r) && fillsTI(r.tables)
	}},
	{MethodFunction, "deploys an Azure Function app", isFunction},
	{MethodNative, "portal-native connector (SentinelKinds)", func(r *rawConnection) bool {
		return r.criteriaTypes["SentinelKinds"] || r.criteriaTypes["SentinelKindsV2"]
	}},
	{MethodAMA, "set up with the legacy Log Analytics agent (title, InstallAgent, omsagent, OmsSolutions or the CEF installer), which AMA replaces", func(r *rawConnection) bool {
		return strings.Contains(strings.ToLower(r.title), "legacy agent") || len(r.installAgentTy) > 0 ||
			r.controlTypes["OmsSolutions"] || strings.Contains(r.text, "omsagent") || strings.Contains(r.text, "cef_installer")
	}},
	{MethodAMA, "uses the Azure Monitor Agent, or a data collection rule for an agent's stream", func(r *rawConnection) bool {
		return r.agentDCR || strings.Contains(r.text, "azure monitor agent") || strings.Contains(r.text, "cef via ama") ||
			strings.Contains(r.text, "syslog via ama") || strings.Contains(r.text, "sent_by_ama")
	}},
	{MethodTIUpload, "fills the threat-intelligence tables, which only Sentinel's upload APIs write, without a portal-native feed", func(r *rawConnection) bool {
		return fillsTI(r.tables)
	}},
	{MethodREST, "the product sends data to the workspace's REST API (or pushes it to a webhook or HTTP endpoint, or needs the workspace's shared keys to write a custom table)", func(r *rawConnection) bool {
		name := strings.ToLower(r.title + " " + r.id)
		return strings.Contains(r.text, "rest api") || strings.Contains(r.text, "data collector api") ||
			strings.Contains(r.text, "logs ingestion api") || r.workspaceKey ||
			strings.Contains(name, "push") || strings.Contains(name, "webhook") ||
			strings.Contains(r.description, "webhook") || strings.Contains(r.description, "http endpoint") || strings.Contains(r.description, "http trigger") ||
			(r.sharedKeys && fillsCustom(r.tables))
	}},
}

// isFunction reports whether the connector deploys an Azure Function app:
// a function app template beside it, its file name, or its text.
func isFunction(r *rawConnection) bool {
	return r.functionApp || functionByName(r) ||
		strings.Contains(r.description, "azure functions") || strings.Contains(r.text, "azure function app") ||
		(strings.Contains(r.text, "deploy to azure") && strings.Contains(r.text, "function app"))
}

// functionByName reports whether the definition's file name or id says it
// is a function app's (…_FunctionApp.json, …_API_FunctionApp.json).
func functionByName(r *rawConnection) bool {
	name, id := strings.ToLower(path.Base(r.file)), strings.ToLower(r.id)
	return strings.Contains(name, "functionapp") || strings.Contains(name, "function_app") || strings.Contains(name, "_api_function") ||
		strings.Contains(id, "azurefunction") || strings.Contains(id, "functionapp")
}

// fillsCustom reports whether tables include a custom table, which a
// product posting with the workspace key writes.
func fillsCustom(tables []string) bool {
	for _, t := range tables {
		if strings.HasSuffix(t, "_CL") {
			return true
		}
	}
	return false
}

// agentStreams are the input streams of the Azure Monitor Agent's data
// collection rules: what it collects from the machines it runs on.
var agentStreams = map[string]bool{
	"Microsoft-Syslog": true, "Microsoft-CommonSecurityLog": true, "Microsoft-SecurityEvent": true,
	"Microsoft-WindowsEvent": true, "Microsoft-Event": true,
}

// collectionMethod returns the method and the reason it was chosen.
func collectionMethod(r *rawConnection) (string, string) {
	for _, rule := range methodRules {
		if rule.match(r) {
			return rule.method, rule.reason
		}
	}
	return MethodUnknown, "no rule matched"
}

package catalog

import (
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
	MethodAMA         = "AMA"
	MethodMMA         = "MMA"
	MethodREST        = "REST Pull API"
	MethodUnknown     = "Unknown"
)

// rawConnection is what the method rules look at, gathered while building a
// connector.
type rawConnection struct {
	file           string // definition file path
	title          string
	text           string // description and instruction texts, lowercased
	format         string
	hasPolling     bool   // pollers beside a CCF definition or an APIPolling pollingConfig
	pollerKinds    string // joined poller kinds, lowercased
	functionApp    bool   // a function app template beside it
	controlTypes   map[string]bool
	criteriaTypes  map[string]bool
	tables         []string
	installAgentTy []string // InstallAgent link types
}

var (
	amaInTitle = regexp.MustCompile(`(?i)\b(AMA|Azure Monitor Agent)\b`)
	mmaInTitle = regexp.MustCompile(`(?i)\b(MMA|Legacy Agent|Log Analytics agent|OMS)\b`)
)

// methodRule decides one collection method; the first rule that matches wins.
type methodRule struct {
	method string
	reason string
	match  func(r *rawConnection) bool
}

// methodRules encode the priority: an explicit AMA or MMA in the title wins;
// then Azure Diagnostics, CCF Push, CCF, Azure Function, Native, MMA, AMA,
// REST Pull API.
var methodRules = []methodRule{
	{MethodAMA, "title names AMA", func(r *rawConnection) bool { return amaInTitle.MatchString(r.title) }},
	{MethodMMA, "title names the legacy agent", func(r *rawConnection) bool { return mmaInTitle.MatchString(r.title) }},
	{MethodDiagnostics, "fills AzureDiagnostics or is set up through diagnostic settings", func(r *rawConnection) bool {
		for _, t := range r.tables {
			if t == "AzureDiagnostics" {
				return true
			}
		}
		return strings.Contains(r.text, "diagnostic settings") && r.format != "ccf" && !r.functionApp && len(r.criteriaTypes) > 0 && !r.criteriaTypes["HasDataConnectors"]
	}},
	{MethodCCFPush, "uses DeployPushConnectorButton or a Push data connector", func(r *rawConnection) bool {
		return r.controlTypes["DeployPushConnectorButton"] || strings.Contains(r.pollerKinds, "push")
	}},
	{MethodCCF, "uses dataConnectorDefinitions or a polling configuration", func(r *rawConnection) bool {
		return r.format == "ccf" || r.hasPolling
	}},
	{MethodFunction, "deploys an Azure Function app", func(r *rawConnection) bool {
		name := strings.ToLower(r.file)
		return r.functionApp || strings.Contains(name, "functionapp") || strings.Contains(name, "function_app") ||
			strings.Contains(r.text, "azure functions to connect") || strings.Contains(r.text, "azure function app")
	}},
	{MethodNative, "portal-native connector (SentinelKinds)", func(r *rawConnection) bool {
		return r.criteriaTypes["SentinelKinds"] || r.criteriaTypes["SentinelKindsV2"]
	}},
	{MethodMMA, "installs the Log Analytics agent", func(r *rawConnection) bool {
		return len(r.installAgentTy) > 0 || strings.Contains(r.text, "omsagent")
	}},
	{MethodAMA, "uses the Azure Monitor Agent", func(r *rawConnection) bool {
		return strings.Contains(r.text, "azure monitor agent") || strings.Contains(r.text, "data collection rule")
	}},
	{MethodREST, "sends or pulls data through a REST API", func(r *rawConnection) bool {
		return strings.Contains(r.text, "rest api") || strings.Contains(r.text, "data collector api")
	}},
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

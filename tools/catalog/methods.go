package catalog

// methodOrder lists every collection method in the order the site shows
// them, with the paragraph its page opens with.
var methodOrder = []struct {
	name, description string
}{
	{MethodNative, "Native connectors are built into Microsoft Sentinel or the Microsoft service that produces the data. You switch them on in the portal; Microsoft runs the pipeline, so there is nothing to deploy and nothing to keep running."},
	{MethodDiagnostics, "Azure Diagnostics connectors send an Azure resource's platform logs to the workspace through a diagnostic setting, usually assigned at scale with Azure Policy. Older resource types write to the shared AzureDiagnostics table, newer ones to resource-specific tables."},
	{MethodCCF, "Codeless Connector Framework (CCF) connectors are defined entirely in JSON: a connector definition for the portal page, a polling configuration that tells Microsoft's service which API to call and how to page through it, and a data collection rule that shapes the data. Microsoft runs the polling; you only supply credentials."},
	{MethodCCFPush, "CCF Push connectors turn the codeless model around: the vendor's product sends data to a data collection endpoint. The portal deploys the Entra application, the endpoint, the data collection rule and the role assignments in one step, and you give the resulting values to the sending product."},
	{MethodFunction, "Azure Function connectors deploy an Azure Functions app in your subscription that polls the vendor's API on a timer and writes what it gets to the workspace. You own the app: its hosting costs, its secrets (ideally in Key Vault) and its updates."},
	{MethodTIUpload, "Threat-intelligence connectors of this kind deploy an Azure Functions app that reads a vendor's indicator feed and uploads it to Microsoft Sentinel's threat-intelligence APIs: the STIX upload API, which fills ThreatIntelIndicators and ThreatIntelObjects, or, in older connectors, the retired indicator APIs that filled ThreatIntelligenceIndicator. As with any function app, you own its hosting, secrets and updates."},
	{MethodAMA, "Agent-based connectors collect from machines you run (Windows events, Syslog, or CEF forwarded through a Linux log forwarder) with the Azure Monitor Agent (AMA) and data collection rules that choose what is collected. Older definitions install the legacy Log Analytics agent instead; they are listed here too, since AMA is their supported successor, and each connector page says which agent its definition names."},
	{MethodMMA, "Connectors whose title names the legacy Log Analytics agent (the Microsoft Monitoring Agent, MMA), which Microsoft retired on 31 August 2024. They keep working only where the agent still runs; move to their AMA successors."},
	{MethodREST, "REST Pull API connectors are set up on the vendor's side: the product calls the workspace's ingestion API (the HTTP Data Collector API or the Logs Ingestion API) with the workspace ID and key or an Entra application you give it."},
	{MethodUnknown, "These connectors' definitions do not say clearly how the data is collected; the generator's report lists them so the rules can learn from them. Read each connector's setup steps for the details."},
}

// methodDescription returns the paragraph for a method, or "".
func methodDescription(name string) string {
	for _, m := range methodOrder {
		if m.name == name {
			return m.description
		}
	}
	return ""
}

package catalog

import (
	"maps"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/sentinel-connector-docs/site/tools/kql"
)

// connectorTables finds the tables a connector fills.
//
// A codeless connector's data collection rules say where its data lands, so
// when they name tables (dcrTables) those are the answer, and the names in
// its UI (often display names or functions over the table) only add where
// they were seen.
//
// Otherwise candidates come from the definition: the data types (their
// last-data query, or their name when the query names none) are primary.
// Connectivity-check queries are not read for tables (see primarySources).
// Graph and sample
// queries often call parser functions or join other connectors' tables, so
// they add a custom table (_CL) only when no primary source names one (the
// data types then name functions over it). KQL is read by the kql package, so
// columns, let bindings and function calls are never taken for tables.
// Then a name is dropped when it is
//   - one of the solution's parser functions (notTable);
//   - X while X_CL is also a candidate (X is a function over the table);
//   - shaped like a function rather than a table: not a custom table, and
//     starting lower-case or containing "_" (Microsoft's tables are
//     PascalCase words).
func connectorTables(ui map[string]any, fill func(string) string, dcrTables []string, opt kql.Options) []TableRef {
	notTable := opt.NotTable
	cands := map[string][]string{} // name → where it was found // name → where it was found
	source := ""
	add := func(name string) {
		name = kql.Clean(strings.TrimSpace(name))
		if isTableName(name) && (notTable == nil || !notTable(name)) {
			if l := cands[name]; len(l) == 0 || l[len(l)-1] != source {
				cands[name] = append(l, source)
			}
		}
	}
	// The tables the graph and sample queries read, to tell which part of a
	// data type named Outer(Inner) is the table.
	queried := map[string]bool{}
	for _, q := range objects(ui, "graphQueries") {
		for _, t := range kql.Tables(fill(str(q, "baseQuery")), opt) {
			queried[t] = true
		}
	}
	for _, q := range objects(ui, "sampleQueries") {
		for _, t := range kql.Tables(fill(str(q, "query")), opt) {
			queried[t] = true
		}
	}
	source = "dataTypes"
	for _, dt := range objects(ui, "dataTypes") {
		found := kql.Tables(fill(str(dt, "lastDataReceivedQuery")), opt)
		for _, t := range found {
			add(t)
		}
		name := dataTypeName(fill(str(dt, "name")), queried)
		// A custom table the data type names is one the connector writes,
		// even when its last-data query checks another (incidents it
		// raised, say).
		if len(found) == 0 || (strings.HasSuffix(name, "_CL") && !slices.Contains(found, name)) {
			add(name)
		}
	}
	source = "graphQueries"
	for _, q := range objects(ui, "graphQueries") {
		for _, t := range kql.Tables(fill(str(q, "baseQuery")), opt) {
			add(t)
		}
	}
	source = "sampleQueries"
	for _, q := range objects(ui, "sampleQueries") {
		for _, t := range kql.Tables(fill(str(q, "query")), opt) {
			add(t)
		}
	}
	source = "dataCollectionRule"
	for _, t := range dcrTables {
		add(t)
	}
	primaryCustom := false
	for name, from := range cands {
		primaryCustom = primaryCustom || (strings.HasSuffix(name, "_CL") && isPrimary(from))
	}
	var out []TableRef
	for name, from := range cands {
		if !keepCandidate(name, from, cands, len(dcrTables) > 0, primaryCustom) {
			continue
		}
		out = append(out, TableRef{Name: name, Slug: TableSlug(name), Sources: from})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// primarySources name tables a connector writes; the others name tables its
// queries read.
//
// Connectivity checks are not among them: they often read an auxiliary table
// (Heartbeat, an agent's table) to tell whether the pipeline runs, which the
// connector does not fill.
var primarySources = map[string]bool{"dataTypes": true}

func isPrimary(from []string) bool {
	for _, s := range from {
		if primarySources[s] {
			return true
		}
	}
	return false
}

// keepCandidate applies the rules of connectorTables to one name.
// primaryCustom says whether a primary source names a custom table.
func keepCandidate(name string, from []string, cands map[string][]string, haveDCR, primaryCustom bool) bool {
	custom := strings.HasSuffix(name, "_CL")
	inDCR, primary := false, isPrimary(from)
	for _, s := range from {
		inDCR = inDCR || s == "dataCollectionRule"
	}
	switch {
	case haveDCR:
		return inDCR
	case !custom && cands[name+"_CL"] != nil:
		return false
	case !custom && (strings.Contains(name, "_") || unicode.IsLower([]rune(name)[0])):
		return false
	}
	// A custom table only the queries name counts when the data types name
	// functions rather than custom tables.
	return primary || (custom && !primaryCustom)
}

// sharedTables are the tables many connectors write to, where a connector's
// filters say which rows are its own.
var sharedTables = map[string]bool{
	"CommonSecurityLog": true, "Syslog": true, "SecurityEvent": true, "WindowsEvent": true,
	"Event": true, "SecurityAlert": true, "SecurityIncident": true, "AzureDiagnostics": true,
}

func isShared(table string) bool {
	return sharedTables[table] || strings.HasPrefix(table, "ASim")
}

// selectionCriteria collects, for each shared table among tables, the
// filters the connector's queries apply to it.
func selectionCriteria(ui map[string]any, fill func(string) string, tables []TableRef, opt kql.Options) []Criteria {
	want := map[string]bool{}
	for _, t := range tables {
		if isShared(t.Name) {
			want[t.Name] = true
		}
	}
	if len(want) == 0 {
		return nil
	}
	var queries []string
	for _, dt := range objects(ui, "dataTypes") {
		queries = append(queries, str(dt, "lastDataReceivedQuery"))
	}
	for _, q := range objects(ui, "graphQueries") {
		queries = append(queries, str(q, "baseQuery"))
	}
	for _, q := range objects(ui, "sampleQueries") {
		queries = append(queries, str(q, "query"))
	}
	for _, cc := range append(objects(ui, "connectivityCriterias"), objects(ui, "connectivityCriteria")...) {
		if strings.EqualFold(str(cc, "type"), "IsConnectedQuery") {
			queries = append(queries, stringList(cc, "value")...)
		}
	}
	byTable := map[string]map[string]bool{}
	for _, q := range queries {
		for _, c := range kql.Conditions(fill(q), opt, func(t string) bool { return want[t] }) {
			if byTable[c.Table] == nil {
				byTable[c.Table] = map[string]bool{}
			}
			byTable[c.Table][c.String()] = true
		}
	}
	var out []Criteria
	for _, table := range slices.Sorted(maps.Keys(byTable)) {
		out = append(out, Criteria{Table: table, Slug: TableSlug(table), Conditions: slices.Sorted(maps.Keys(byTable[table]))})
	}
	return out
}

// sentinelTables are the tables Microsoft Sentinel and Defender XDR write
// themselves: alerts and incidents, UEBA, watchlists, hunting bookmarks,
// health and audit. A connector's queries read them, and a product's alerts
// end up in SecurityAlert, but no connector ingests logs into them, so they
// are not among the tables a connector fills; its page names them apart.
// The threat-intelligence tables are not among them: connectors do upload
// indicators.
var sentinelTables = map[string]bool{
	"SecurityAlert": true, "SecurityIncident": true, "AlertEvidence": true, "AlertInfo": true,
	"Anomalies": true, "BehaviorAnalytics": true, "IdentityInfo": true, "UserPeerAnalytics": true,
	"Watchlist": true, "HuntingBookmark": true, "SentinelHealth": true, "SentinelAudit": true,
}

// The threat-intelligence tables. The STIX upload API and the TAXII and
// Defender Threat Intelligence feeds write STIX indicators to
// ThreatIntelIndicators and every other STIX object (threat actors, attack
// patterns, relationships) to ThreatIntelObjects: a connector that fills
// one fills both. ThreatIntelligenceIndicator is the legacy table they
// replace, written by the retired Graph tiIndicators and createIndicator
// APIs.
const (
	tiIndicators = "ThreatIntelIndicators"
	tiObjects    = "ThreatIntelObjects"
	tiLegacy     = "ThreatIntelligenceIndicator"
)

// splitSentinelTables moves Sentinel's own tables out of tables, and gives
// a connector that fills a STIX table the other one too, without the legacy
// table its older queries may still name.
func splitSentinelTables(tables []TableRef) (filled []TableRef, sentinel []string) {
	stix := false
	for _, t := range tables {
		stix = stix || t.Name == tiIndicators || t.Name == tiObjects
	}
	have := map[string]bool{}
	for _, t := range tables {
		switch {
		case sentinelTables[t.Name]:
			sentinel = append(sentinel, t.Name)
		case stix && t.Name == tiLegacy:
		default:
			filled = append(filled, t)
			have[t.Name] = true
		}
	}
	if stix {
		for _, name := range []string{tiIndicators, tiObjects} {
			if !have[name] {
				filled = append(filled, TableRef{Name: name, Slug: TableSlug(name), Sources: []string{"stixTables"}})
			}
		}
		sort.Slice(filled, func(i, j int) bool { return filled[i].Name < filled[j].Name })
	}
	return filled, sentinel
}

// fillsTI reports whether tables include a threat-intelligence table.
func fillsTI(tables []string) bool {
	for _, t := range tables {
		if t == tiIndicators || t == tiObjects || t == tiLegacy {
			return true
		}
	}
	return false
}

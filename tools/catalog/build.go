package catalog

import (
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/sentinel-connector-docs/site/tools/kql"
	"github.com/sentinel-connector-docs/site/tools/markup"
	"github.com/sentinel-connector-docs/site/tools/par"
	"github.com/sentinel-connector-docs/site/tools/report"
	"github.com/sentinel-connector-docs/site/tools/source"
)

// DefaultRepoURL is where source links point unless told otherwise.
const DefaultRepoURL = "https://github.com/Azure/Azure-Sentinel/blob/master"

// Options tunes Build.
type Options struct {
	// RepoURL is the base of links to source files: RepoURL + "/" + path.
	RepoURL string
	// TableFacts are per-table features from a table-reference file, keyed by
	// table name. May be nil.
	TableFacts map[string]TableFacts
}

// candidate is a connector definition before duplicates are removed.
type candidate struct {
	raw      source.RawConnector
	solution *SolutionDir
	isPkg    bool
	id       string // set by byID
	// aliasTitle is the title of a definition whose id is a resolved
	// expression (see alias).
	aliasTitle string
	// derivedID is the id a template's definition gave the connector
	// before byID found it to be another definition of a connector with a
	// literal id, "" otherwise.
	derivedID string
}

// SolutionDir pairs a source folder with the Solution built from it.
type SolutionDir struct {
	dir      *source.SolutionDir
	solution *Solution
	listed   []string   // normalized paths listed in Solution_*.json; nil if none
	parsers  *parserSet // its Parsers folder and the parsers its Solution_*.json lists
}

// Build turns a source tree into the catalog. Problems go to rep; the build
// itself never fails.
//
// Each solution folder is read and its connectors built on their own, on
// all CPUs (readFolder); a folder's decoded documents are dropped as soon as
// its connectors are built, so memory holds a few folders at a time, not the
// whole tree. Then, in folder order, merge settles what depends on every
// folder: page slugs, and definitions of one connector in several folders.
func Build(tree *source.Tree, opt Options, rep *report.Report) *Catalog {
	if opt.RepoURL == "" {
		opt.RepoURL = DefaultRepoURL
	}
	b := &catalogBuilder{opt: opt, rep: rep, fs: tree.FS, solutionSlugs: map[string]string{}}
	asim := b.readASIM(tree)
	parts := make([]*folderResult, len(tree.Solutions))
	par.For(len(tree.Solutions), func(i int) { parts[i] = b.readFolder(tree, tree.Solutions[i]) })
	cat := b.merge(parts)
	cat.ASIM = asim
	items, parsers := b.standaloneContent()
	cat.Content, cat.Parsers = append(cat.Content, items...), append(cat.Parsers, parsers...)
	b.link(cat)
	cat.fillEmpty()
	cat.Issues = rep.Issues()
	return cat
}

type catalogBuilder struct {
	opt Options
	rep *report.Report
	fs  fs.FS // the source tree, for logos
	// companions, solutions, packageCopies and solutionSlugs are filled by
	// merge, in folder order.
	companions []*companionFile
	solutions  []*SolutionDir
	// packageCopies counts solution-package definitions set aside because
	// the connector has its own definition file.
	packageCopies int
	// solutionSlugs maps each solution slug to the folder that has it.
	solutionSlugs map[string]string
	// asim are the repository's ASIM and legacy parsers, which any query
	// may call; read before the folders, and only read after.
	asim *parserSet
	// standalone and legacyParsers are the repository's content outside
	// solutions and its legacy parsers, built after the folders.
	standalone    []source.RawContent
	legacyParsers []source.Parser
}

// folderResult is what readFolder makes of one solution folder.
type folderResult struct {
	solution   *SolutionDir
	companions []*companionFile // in path order
	// built are the folder's best definition of each connector id, built;
	// others are the rest, set aside unbuilt. Neither keeps the definition's
	// decoded document.
	built  []builtConnector
	others []candidate
	cands  int // definitions found
	files  FileCounts
	// content and parsers are what the folder ships besides connectors.
	content []*ContentItem
	parsers []*Parser
}

// builtConnector is a connector with the problems found while building it,
// which are reported only if it is the definition the catalog keeps.
type builtConnector struct {
	candidate
	con    *Connector
	issues []report.Issue
}

// readFolder reads one solution folder and builds its connectors: for each
// connector id the best of the folder's definitions (see rank).
func (b *catalogBuilder) readFolder(tree *source.Tree, d *source.SolutionDir) *folderResult {
	files := tree.Read(d)
	res := &folderResult{solution: b.solution(d, files)}
	var cands []candidate
	for _, f := range d.PackageFiles {
		for _, rc := range files.Contents[f].Connectors {
			cands = append(cands, candidate{raw: rc, solution: res.solution, isPkg: true})
		}
	}
	res.files.JSON, res.files.NotRead = len(d.ConnectorFiles), d.OtherFiles
	for _, f := range d.ConnectorFiles {
		c, ok := files.Contents[f]
		if !ok {
			res.files.Unparseable++ // already reported
			continue
		}
		if len(c.DCRs)+len(c.Pollers)+len(c.Tables) > 0 || c.FunctionApp {
			res.companions = append(res.companions, &companionFile{
				path: f, dir: path.Dir(f), dcrs: c.DCRs, pollers: c.Pollers, tables: c.Tables, functionApp: c.FunctionApp,
				definition: len(c.Connectors) > 0,
			})
		}
		for _, rc := range c.Connectors {
			cands = append(cands, candidate{raw: rc, solution: res.solution, isPkg: c.Package})
		}
		if len(c.Connectors) > 0 {
			res.files.Definitions++
		}
		if len(c.Connectors)+len(c.DCRs)+len(c.Pollers)+len(c.Tables) == 0 && !c.FunctionApp {
			res.files.Nothing++
			b.rep.Warnf(report.NoConnectorInFile, f, "holds no connector definition, data collection rule, polling configuration or table")
		}
	}
	res.cands = len(cands)
	res.content, res.parsers = b.folderContent(res.solution, files, b.rep)
	groups := b.byID(cands)
	defined := map[string]bool{}
	for _, group := range groups {
		for _, c := range group {
			defined[strings.ToLower(c.id)] = true
			if c.derivedID != "" {
				defined[strings.ToLower(c.derivedID)] = true
			}
		}
	}
	for _, group := range groups {
		best := group[0]
		own := &report.Report{}
		names := []string{best.id}
		for _, c := range group {
			if c.derivedID != "" {
				names = append(names, c.derivedID)
			}
		}
		con := b.connector(best, partsOf(res.companions, names, best.raw.File, best.raw.Format == source.FormatCCF, defined), own)
		for _, c := range group[1:] {
			if (!c.isPkg || best.isPkg) && c.raw.File != best.raw.File {
				con.SourceFiles = append(con.SourceFiles, SourceFile{Path: c.raw.File, Role: "another definition", URL: b.fileURL(c.raw.File)})
			}
		}
		for _, c := range group {
			if a := titleID(c.aliasTitle); c.raw.IDExpr != "" && a != "" {
				b.alias(con, a, c.raw.File, fmt.Sprintf("is written with the id expression %s; tools that do not resolve it call the connector %q, after its title", c.raw.IDExpr, a), own)
			}
			if c.derivedID != "" {
				b.alias(con, c.derivedID, c.raw.File, fmt.Sprintf("is deployed here by a template that names it %q; the same title makes it the same connector", c.derivedID), own)
			}
		}
		con.SourceFiles = uniqueFiles(con.SourceFiles)
		best.raw.UI = nil // built: the document is no longer needed
		res.built = append(res.built, builtConnector{candidate: best, con: con, issues: own.Issues()})
		for _, c := range group[1:] {
			c.raw.UI = nil
			res.others = append(res.others, c)
		}
	}
	return res
}

// byID gives each candidate its id (the file name when it has none) and
// groups them by id, best first (see rank), in id order.
func (b *catalogBuilder) byID(cands []candidate) [][]candidate {
	byID := map[string][]candidate{}
	for i, c := range cands {
		id := strings.TrimSpace(kql.Clean(str(c.raw.UI, "id")))
		if isExpression(id) {
			// The id needs deployment values: name the connector after its
			// title, as the Solutions Analyzer does (spaces and dashes
			// dropped), so it keeps one stable page.
			if t := titleID(str(c.raw.UI, "title")); t != "" {
				b.rep.Warnf(report.UnresolvedExpr, c.raw.File, "connector id %s is an expression this file cannot resolve; the connector is %q, after its title", id, t)
				id = t
			}
		}
		if id == "" {
			// Named after its title, as an id left as an expression is; the
			// file name when the title is no help either.
			id = titleID(str(c.raw.UI, "title"))
			if id == "" {
				id = strings.TrimSuffix(path.Base(c.raw.File), path.Ext(c.raw.File))
			}
			b.rep.Warnf(report.MissingField, c.raw.File, "connector has no id; it is %q, after its title or file name", id)
		}
		c.id = id
		if c.raw.IDExpr != "" {
			c.aliasTitle = str(c.raw.UI, "title")
		}
		cands[i] = c
	}
	// A template that deploys a connector defined in the solution often
	// computes an id of its own for it (an id expression, or one in the
	// resource name): the same title says it is the same connector, which
	// keeps the id a definition writes out.
	literal := map[string]string{} // title → id
	for _, c := range cands {
		if c.raw.IDExpr == "" && !c.raw.NamedID {
			literal[strings.ToLower(strings.TrimSpace(str(c.raw.UI, "title")))] = c.id
		}
	}
	for i, c := range cands {
		if c.raw.IDExpr == "" && !c.raw.NamedID {
			continue
		}
		if id, ok := literal[strings.ToLower(strings.TrimSpace(str(c.raw.UI, "title")))]; ok && id != c.id {
			cands[i].derivedID, cands[i].id = c.id, id
		}
	}
	for _, c := range cands {
		byID[c.id] = append(byID[c.id], c)
	}
	groups := make([][]candidate, 0, len(byID))
	for _, id := range slices.Sorted(maps.Keys(byID)) {
		group := byID[id]
		sort.SliceStable(group, func(i, j int) bool { return rank(group[i], group[j]) })
		groups = append(groups, group)
	}
	return groups
}

// merge settles, in folder order, what depends on all folders: solution
// slugs, which definition of a connector found in several folders is kept,
// and connector slugs.
func (b *catalogBuilder) merge(parts []*folderResult) *Catalog {
	cat := &Catalog{}
	type entry struct {
		candidate
		built *builtConnector
	}
	byID := map[string][]entry{}
	for _, p := range parts {
		sd := p.solution
		sd.solution.Slug = b.solutionSlug(sd.dir)
		b.solutions = append(b.solutions, sd)
		parts, unused := reportUnused(p.companions, b.rep)
		p.files.Parts, p.files.Unused = parts, unused
		cat.Files.add(p.files)
		b.companions = append(b.companions, p.companions...)
		cat.Definitions += p.cands
		cat.Content = append(cat.Content, p.content...)
		cat.Parsers = append(cat.Parsers, p.parsers...)
		for i := range p.built {
			bc := &p.built[i]
			byID[bc.id] = append(byID[bc.id], entry{bc.candidate, bc})
		}
		for _, c := range p.others {
			byID[c.id] = append(byID[c.id], entry{c, nil})
		}
	}
	taken := map[string]string{}
	for _, id := range slices.Sorted(maps.Keys(byID)) {
		group := byID[id]
		sort.SliceStable(group, func(i, j int) bool { return rank(group[i].candidate, group[j].candidate) })
		best := group[0] // the best of its own folder too, so it was built
		con := best.built.con
		con.Slug = uniqueSlug(ConnectorSlug(id), id, taken)
		if con.Slug != ConnectorSlug(id) {
			b.rep.Warnf(report.DuplicateID, best.raw.File, "connector %q would share the page /connectors/%s/ with connector %q; its page is /connectors/%s/", id, ConnectorSlug(id), taken[ConnectorSlug(id)], con.Slug)
		}
		if best.solution != nil {
			con.SolutionSlug = best.solution.solution.Slug
		}
		for _, i := range best.built.issues {
			b.rep.Add(i)
		}
		cat.Connectors = append(cat.Connectors, con)
		for _, d := range group[1:] {
			if d.isPkg && !best.isPkg {
				b.packageCopies++
				continue
			}
			where := best.raw.File
			if where == d.raw.File {
				where = "this same file"
			}
			b.rep.Warnf(report.DuplicateID, d.raw.File, "connector %q is defined again here; the definition in %s is used", id, where)
		}
	}
	cat.Found, cat.PackageCopies = len(cat.Connectors), b.packageCopies
	sort.Slice(cat.Connectors, func(i, j int) bool { return cat.Connectors[i].Slug < cat.Connectors[j].Slug })
	return cat
}

func (b *catalogBuilder) fileURL(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.TrimRight(b.opt.RepoURL, "/") + "/" + strings.Join(segs, "/")
}

// rank orders duplicate definitions, best first: a connector's own file over
// a solution-package template (Package/mainTemplate.json or a template with
// a contentPackages resource), a shallower definition over one nested in
// template specs, a definition over an azuredeploy copy, then by path.
func rank(a, b candidate) bool {
	if a.isPkg != b.isPkg {
		return !a.isPkg
	}
	if a.raw.Depth != b.raw.Depth {
		return a.raw.Depth < b.raw.Depth
	}
	ad := strings.HasPrefix(strings.ToLower(path.Base(a.raw.File)), "azuredeploy")
	bd := strings.HasPrefix(strings.ToLower(path.Base(b.raw.File)), "azuredeploy")
	if ad != bd {
		return !ad
	}
	return a.raw.File < b.raw.File
}

// dedupe keeps one definition per connector id, the best by rank.
// Solution-package copies of a connector defined elsewhere are expected and
// only counted; every other duplicate is reported. Each id then gets its
// slug; two ids that would share one (Contoso_A and Contoso/A) keep apart
// with a short hash on the second.
// connector builds one connector from its definition and the companion
// files of its folder, reporting problems to rep. Its Slug and SolutionSlug
// are set by merge.
func (b *catalogBuilder) connector(c candidate, parts connectorParts, rep *report.Report) *Connector {
	ui, rc := c.raw.UI, c.raw
	id := c.id
	validateUI(ui, rc.File, id, rep)
	con := &Connector{
		ID:                id,
		Title:             markup.Text(str(ui, "title")),
		Publisher:         markup.Text(str(ui, "publisher")),
		Description:       markup.HTML(str(ui, "descriptionMarkdown")),
		DescriptionSource: str(ui, "descriptionMarkdown"),
		Format:            string(rc.Format),
		Unresolved:        rc.Unresolved,
	}
	if logo, ok := ui["logo"].(string); ok {
		con.LogoFile = logoPath(b.fs, logo, rc.File)
		con.Logo = LogoURL(con.LogoFile)
	}
	if con.Title == "" {
		con.Title = id
		rep.Warnf(report.MissingField, rc.File, "connector %q has no title", id)
	}
	if con.Publisher == "" {
		con.Publisher = "Unknown"
	}
	if len(rc.Unresolved) > 0 {
		rep.Warnf(report.UnresolvedExpr, rc.File, "%d ARM expression(s) need deployment values and are shown as written, e.g. %s", len(rc.Unresolved), rc.Unresolved[0])
	}
	if sd := c.solution; sd != nil {
		con.Solution = sd.solution.Name
		con.NotListed = sd.listed != nil && !listed(sd, rc.File)
		if con.NotListed {
			rep.Warnf(report.NotInSolution, rc.File, "connector %q is in the %s folder but its Solution_*.json does not list this file", id, sd.solution.Name)
		}
	}

	avail := obj(ui, "availability")
	con.Deprecated = strings.Contains(strings.ToUpper(con.Title), "[DEPRECATED]") ||
		(avail != nil && avail["status"] != nil && scalar(avail["status"]) == "0")
	con.Preview = truthy(avail["isPreview"]) || strings.Contains(strings.ToLower(con.Title), "preview")

	placeholders := map[string]string{"graphQueriesTableName": str(ui, "graphQueriesTableName")}
	fill := func(q string) string { return fillPlaceholders(q, placeholders) }

	// Files: the definition, then its companions (see partsOf).
	con.SourceFiles = append(con.SourceFiles, SourceFile{Path: rc.File, Role: "definition", URL: b.fileURL(rc.File)})
	for _, f := range parts.files {
		f.URL = b.fileURL(f.Path)
		con.SourceFiles = append(con.SourceFiles, f)
	}
	con.SourceFiles = uniqueFiles(con.SourceFiles)
	// The data collection rules a connector takes (see partsOf) say where
	// its data lands, whatever the format of its definition.
	dcrTables := tablesFromDCRs(parts, id, namedTables(ui, fill, parts.pollers), rep)

	// The same queries are read for tables, filters and highlighting:
	// tokenize each once.
	var ps *parserSet
	if c.solution != nil {
		ps = c.solution.parsers.local()
	}
	kqlOpt := ps.options(&kql.Cache{})
	con.Tables, con.SentinelTables = splitSentinelTables(uniqueRefs(connectorTables(ui, fill, dcrTables, kqlOpt)))
	con.Criteria = selectionCriteria(ui, fill, con.Tables, kqlOpt)

	for _, q := range objects(ui, "sampleQueries") {
		text := fill(str(q, "query"))
		con.SampleQueries = append(con.SampleQueries, Query{Title: markup.Text(str(q, "description")), Query: text, HTML: kql.Highlight(text, kqlOpt)})
	}
	for _, q := range objects(ui, "graphQueries") {
		title := markup.Text(firstNonEmpty(str(q, "legend"), str(q, "metricName")))
		text := fill(str(q, "baseQuery"))
		con.GraphQueries = append(con.GraphQueries, Query{Title: title, Query: text, HTML: kql.Highlight(text, kqlOpt)})
	}

	con.Permissions = permissions(obj(ui, "permissions"), ui["permissions"])

	ib := &builder{ownNames: map[string]bool{id: true}, unknown: func(typ string) {
		rep.Warnf(report.UnknownInstruction, rc.File, "connector %q uses instruction type %q, shown with its parameters", id, typ)
	}}
	for _, dt := range objects(ui, "dataTypes") {
		ib.ownNames[str(dt, "name")] = true
	}
	con.Steps = ib.steps(objects(ui, "instructionSteps"))

	// Collection method.
	r := &rawConnection{
		file: rc.File, id: id, title: con.Title, format: string(rc.Format),
		hasPolling:    rc.HasPollingConfig,
		controlTypes:  map[string]bool{},
		criteriaTypes: map[string]bool{},
	}
	for _, t := range con.Tables {
		r.tables = append(r.tables, t.Name)
	}
	r.functionApp = parts.functionApp
	for _, p := range con.Permissions.ResourceProvider {
		r.sharedKeys = r.sharedKeys || strings.HasSuffix(strings.ToLower(p.Provider), "/sharedkeys")
	}
	for _, d := range parts.dcrs {
		for _, f := range d.Flows {
			for _, st := range f.Streams {
				r.agentDCR = r.agentDCR || agentStreams[st]
			}
		}
	}
	r.hasPolling = r.hasPolling || len(parts.pollers) > 0
	for _, p := range parts.pollers {
		r.pollerKinds += strings.ToLower(p.Kind) + " "
	}
	for _, cc := range append(objects(ui, "connectivityCriterias"), objects(ui, "connectivityCriteria")...) {
		r.criteriaTypes[str(cc, "type")] = true
	}
	var text strings.Builder
	text.WriteString(con.Title + " " + str(ui, "descriptionMarkdown"))
	collectControls(objects(ui, "instructionSteps"), r, &text)
	r.text = strings.ToLower(text.String())
	r.description = strings.ToLower(str(ui, "descriptionMarkdown"))
	if len(con.Tables)+len(con.SentinelTables) == 0 {
		if t := agentTable(r.text); t != "" {
			// Its data types name only parser functions over the table the
			// agent writes.
			con.Tables = []TableRef{{Name: t, Slug: TableSlug(t), Sources: []string{"agentSetup"}}}
			r.tables = []string{t}
		} else {
			rep.Warnf(report.NoTables, rc.File, "connector %q names no table in its data types or data collection rules", id)
		}
	}
	con.CollectionMethod, con.MethodReason = collectionMethod(r)
	return con
}

// cefWord and syslogWord find the formats an agent-based setup forwards.
var (
	cefWord    = regexp.MustCompile(`\bcef\b|common event format`)
	syslogWord = regexp.MustCompile(`\bsyslog\b`)
)

// agentTable returns the table the agent writes for a setup that forwards
// CEF (CommonSecurityLog) or plain Syslog (Syslog), judged from the
// connector's lowercased texts, or "".
func agentTable(text string) string {
	switch {
	case cefWord.MatchString(text):
		return "CommonSecurityLog"
	case syslogWord.MatchString(text):
		return "Syslog"
	}
	return ""
}

// tablesFromDCRs returns the tables that a codeless connector's data collection
// rules write for it: the output streams of the flows fed by the streams
// its polling configurations send (all flows when they name none). A rule
// none of whose flows the pollers feed belongs to another connector and is
// reported.
func tablesFromDCRs(parts connectorParts, id string, named map[string]bool, rep *report.Report) []string {
	// A pushing sender may use every stream of the rule, whatever stream the
	// push connector resource names; a poller sends only its own.
	streams := map[string]bool{}
	for _, p := range parts.pollers {
		if strings.EqualFold(p.Kind, "Push") {
			streams = nil
			break
		}
		if p.StreamName != "" {
			streams[p.StreamName] = true
		}
	}
	var tables []string
	for _, d := range parts.dcrs {
		out := d.Outputs(streams)
		if len(out) == 0 && len(streams) > 0 {
			// GCP and S3 pollers send the service's own stream names
			// (SENTINEL_GCP_...), which no flow names: the flows whose table
			// the definition or a poller names are the connector's.
			for _, s := range d.Outputs(nil) {
				if named[strings.ToLower(streamTable(s))] {
					out = append(out, s)
				}
			}
		}
		if len(out) == 0 && len(d.Flows) > 0 {
			rep.Warnf(report.UnmatchedDCR, d.File, "no data flow of this rule takes the stream(s) %s that the polling configuration of %q sends; its tables are not counted for it", strings.Join(slices.Sorted(maps.Keys(streams)), ", "), id)
		}
		for _, s := range out {
			tables = append(tables, streamTable(s))
		}
	}
	// Without a rule, the table definitions say where data goes.
	if len(tables) == 0 {
		for _, t := range parts.tables {
			tables = append(tables, t.Name)
		}
	}
	return tables
}

// namedTables are the tables a connector's definition and pollers name as
// its own, lowercased: its data types' names, graphQueriesTableName, and
// its pollers' dataType.
func namedTables(ui map[string]any, fill func(string) string, pollers []source.Poller) map[string]bool {
	named := map[string]bool{}
	for _, dt := range objects(ui, "dataTypes") {
		named[strings.ToLower(dataTypeTable(fill(str(dt, "name"))))] = true
	}
	if t := str(ui, "graphQueriesTableName"); t != "" {
		named[strings.ToLower(t)] = true
	}
	for _, p := range pollers {
		if p.DataType != "" {
			named[strings.ToLower(p.DataType)] = true
		}
	}
	return named
}

// collectControls walks steps for the control types and texts the method
// rules read.
func collectControls(steps []map[string]any, r *rawConnection, text *strings.Builder) {
	for _, s := range steps {
		text.WriteString(" " + str(s, "title") + " " + str(s, "description"))
		for _, in := range objects(s, "instructions") {
			typ := str(in, "type")
			r.controlTypes[typ] = true
			p := obj(in, "parameters")
			if typ == "InstallAgent" {
				r.installAgentTy = append(r.installAgentTy, str(p, "linkType"))
			}
			for _, f := range stringList(p, "fillWith") {
				r.workspaceKey = r.workspaceKey || f == "PrimaryKey"
			}
			for _, k := range []string{"content", "text", "value", "label"} {
				text.WriteString(" " + str(p, k))
			}
			collectControls(objects(p, "instructionSteps"), r, text)
		}
		collectControls(objects(s, "innerSteps"), r, text)
	}
}

var placeholder = regexp.MustCompile(`\{\{\s*([A-Za-z0-9_]+)\s*\}\}`)

func fillPlaceholders(s string, values map[string]string) string {
	if !strings.Contains(s, "{{") {
		return s
	}
	return placeholder.ReplaceAllStringFunc(s, func(m string) string {
		name := placeholder.FindStringSubmatch(m)[1]
		if v := values[name]; v != "" {
			return v
		}
		return m
	})
}

// dataTypeName reads the table a data type names. "CommonSecurityLog
// (Contoso EdgeWall)" is a table and a label; "Event(ThreatIntelligenceIndicator)"
// is ambiguous, and the part the connector's queries read is the table.
func dataTypeName(name string, queried map[string]bool) string {
	outer := dataTypeTable(name)
	if i, j := strings.Index(name, "("), strings.LastIndex(name, ")"); i > 0 && j > i {
		inner := strings.TrimSpace(name[i+1 : j])
		if isTableName(inner) && queried[inner] && !queried[outer] {
			return inner
		}
	}
	return outer
}

// dataTypeTable reads a table name from a data type name such as
// "CommonSecurityLog (Contoso EdgeWall)": the part before the parenthesis.
func dataTypeTable(name string) string {
	if i := strings.Index(name, "("); i > 0 {
		name = name[:i]
	}
	return strings.TrimSpace(name)
}

// isTableName reports whether s has the shape of a table name: a letter or
// underscore, then letters, digits and underscores.
func isTableName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_'
		if !letter && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return s != ""
}

// streamTable maps a DCR output stream to its table: Custom-X_CL → X_CL,
// Microsoft-X → X.
func streamTable(s string) string {
	for _, p := range []string{"Custom-", "Microsoft-"} {
		if strings.HasPrefix(s, p) {
			return strings.TrimPrefix(s, p)
		}
	}
	return s
}

func permissions(m map[string]any, rawValue any) Permissions {
	var p Permissions
	if m == nil {
		// Some files give the resource-provider list directly.
		if l, ok := rawValue.([]any); ok {
			m = map[string]any{"resourceProvider": l}
		}
	}
	for _, rp := range objects(m, "resourceProvider") {
		pp := ProviderPermission{
			Provider:    str(rp, "provider"),
			DisplayName: markup.Text(firstNonEmpty(str(rp, "providerDisplayName"), str(rp, "provider"))),
			Scope:       str(rp, "scope"),
			Text:        markup.Inline(str(rp, "permissionsDisplayText")),
		}
		req := obj(rp, "requiredPermissions")
		for _, k := range []string{"read", "write", "delete", "action"} {
			if truthy(req[k]) {
				pp.Required = append(pp.Required, k)
			}
		}
		p.ResourceProvider = append(p.ResourceProvider, pp)
	}
	for _, c := range objects(m, "customs") {
		p.Customs = append(p.Customs, CustomPermission{Name: markup.Text(str(c, "name")), Description: markup.Inline(str(c, "description"))})
	}
	p.Tenant = stringList(m, "tenant")
	p.Licenses = stringList(m, "licenses")
	return p
}

// uniqueFiles lists each file once, in first-seen order, with the roles of
// all its entries.
func uniqueFiles(in []SourceFile) []SourceFile {
	at := map[string]int{}
	var out []SourceFile
	for _, f := range in {
		i, seen := at[f.Path]
		if !seen {
			at[f.Path] = len(out)
			out = append(out, f)
			continue
		}
		roles := strings.Split(out[i].Role, ", ")
		for _, r := range strings.Split(f.Role, ", ") {
			if !slices.Contains(roles, r) {
				roles = append(roles, r)
			}
		}
		out[i].Role = strings.Join(roles, ", ")
	}
	return out
}

// uniqueRefs drops tables whose slug repeats (the same name in two cases).
func uniqueRefs(in []TableRef) []TableRef {
	seen := map[string]bool{}
	var out []TableRef
	for _, t := range in {
		if !seen[t.Slug] {
			seen[t.Slug] = true
			out = append(out, t)
		}
	}
	return out
}

// isExpression reports whether an id is an ARM expression or a placeholder
// left as written.
func isExpression(id string) bool {
	return strings.HasPrefix(id, "[") || strings.Contains(id, "{{") || strings.Contains(id, "variables(") || strings.Contains(id, "parameters(")
}

// titleID makes an id from a title: the title without spaces and dashes,
// or "" when the title is itself an expression.
func titleID(title string) string {
	if isExpression(title) {
		return ""
	}
	return strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(kql.Clean(title)))
}

// alias records another id a connector is known by (see
// Connector.Aliases) and reports it with why, so that a reader who knows
// the connector by that id finds it.
func (b *catalogBuilder) alias(con *Connector, a, file, why string, rep *report.Report) {
	if a == con.ID || slices.Contains(con.Aliases, a) {
		return
	}
	con.Aliases = append(con.Aliases, a)
	rep.Warnf(report.ExpressionID, file, "connector %q %s; /connectors/%s/ redirects to its page", con.ID, why, ConnectorSlug(a))
}

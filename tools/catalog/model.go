// Package catalog is the site's model: connectors, solutions and tables with
// every cross-reference between them resolved once, in Go, and written out
// as slugs. It is built from what the source package read; it knows nothing
// of file paths in the output or of Hugo.
package catalog

import "github.com/sentinel-connector-docs/site/tools/report"

// Catalog holds every entity of the site, each slice sorted by slug.
type Catalog struct {
	Connectors []*Connector `json:"connectors"`
	Solutions  []*Solution  `json:"solutions"`
	Tables     []*Table     `json:"tables"`
	Methods    []*Method    `json:"methods"`
	Publishers []*Publisher `json:"publishers"`
	// Content, Parsers and ASIM are what the solutions ship to use the
	// connectors' data, and the repository's ASIM parsers.
	Content []*ContentItem `json:"content"`
	Parsers []*Parser      `json:"parsers"`
	ASIM    []*ASIMParser  `json:"asim"`
	// Matrix is the ATT&CK coverage of every rule of the site.
	Matrix Matrix `json:"matrix"`
	// Found counts the distinct connectors found in the source: each has a
	// page. Definitions counts every definition read, duplicates included;
	// PackageCopies the solution-package copies set aside.
	Found         int `json:"found"`
	Definitions   int `json:"definitions"`
	PackageCopies int `json:"packageCopies"`
	// Files accounts for every file below the solutions' connector
	// folders.
	Files  FileCounts     `json:"files"`
	Issues []report.Issue `json:"-"`
}

// FileCounts accounts for the files below the connector folders: each JSON
// file defines connectors, is a part of one, or is in the report.
type FileCounts struct {
	JSON        int `json:"json"`        // JSON files read
	Definitions int `json:"definitions"` // files defining at least one connector
	Parts       int `json:"parts"`       // files a connector takes parts of (DCR, polling, tables, function app)
	Unparseable int `json:"unparseable"` // reported: not valid JSON even leniently
	Nothing     int `json:"nothing"`     // reported: nothing the generator recognizes
	Unused      int `json:"unused"`      // reported: parts no connector of their solution uses
	NotRead     int `json:"notRead"`     // other files (code, documentation, archives), not read
}

// Connector is one data connector.
type Connector struct {
	ID   string `json:"id"`
	Slug string `json:"slug"`
	// Aliases are other ids the connector is known by: tools that do not
	// resolve ARM expressions name a definition whose id is one after its
	// title. Their pages redirect to the connector's.
	Aliases       []string `json:"aliases,omitempty"`
	Title         string   `json:"title"`
	Publisher     string   `json:"publisher"`
	PublisherSlug string   `json:"publisherSlug"`
	Description   string   `json:"description"` // sanitized HTML
	// DescriptionSource is the description's markdown as the definition
	// gives it, to tell which version of a connector was read.
	DescriptionSource string     `json:"-"`
	LogoFile          string     `json:"logoFile"` // repository path of its logo (its own or its solution's), or ""
	Logo              string     `json:"logo"`     // URL of the logo on the site, or ""
	Solution          string     `json:"solution"`
	SolutionSlug      string     `json:"solutionSlug"`
	NotListed         bool       `json:"notListed"` // absent from its solution's Solution_*.json
	Format            string     `json:"format"`    // ui, arm or ccf
	CollectionMethod  string     `json:"collectionMethod"`
	MethodSlug        string     `json:"methodSlug"`
	MethodReason      string     `json:"methodReason"`
	Deprecated        bool       `json:"deprecated"`
	Preview           bool       `json:"preview"`
	Tables            []TableRef `json:"tables"`
	// SentinelTables are the tables of Sentinel's own that the definition
	// names (SecurityAlert, SecurityIncident, ...): where its alerts go, not
	// tables it ingests into. They have no table page.
	SentinelTables []string `json:"sentinelTables,omitempty"`
	// Enables are the slugs of the content items its data enables: those
	// reading a table it fills, and those requiring it. Matrix is the
	// ATT&CK coverage of the rules among them.
	Enables       []string     `json:"enables"`
	Matrix        Matrix       `json:"matrix"`
	Criteria      []Criteria   `json:"criteria"` // how it selects its rows in shared tables
	SourceFiles   []SourceFile `json:"sourceFiles"`
	Permissions   Permissions  `json:"permissions"`
	Steps         []Step       `json:"steps"`
	SampleQueries []Query      `json:"sampleQueries"`
	GraphQueries  []Query      `json:"graphQueries"`
	Unresolved    []string     `json:"unresolved,omitempty"` // ARM expressions left as text
}

// TableRef links a connector to a table page.
type TableRef struct {
	Name string `json:"name"`
	Slug string `json:"slug"`
	// Sources says where the connector's definition names the table:
	// dataTypes, graphQueries, sampleQueries, dataCollectionRule,
	// stixTables (implied by the other STIX table), or agentSetup (a setup
	// that forwards CEF or Syslog, whose data types name only functions).
	Sources []string `json:"sources,omitempty"`
	// Via is the parser a content item's query reads the table through.
	Via string `json:"via,omitempty"`
}

// Criteria are the filters a connector's queries apply to a table that
// many connectors share, such as CommonSecurityLog.
type Criteria struct {
	Table      string   `json:"table"`
	Slug       string   `json:"slug"`
	Conditions []string `json:"conditions"` // KQL, e.g. DeviceVendor == "Contoso"
}

// SourceFile is an input file with its role and its URL in the source
// repository.
type SourceFile struct {
	Path string `json:"path"`
	// Role is "definition", or what the file holds for the connector: one or
	// more of polling, dcr, tables, function app, another definition,
	// joined by ", ".
	Role string `json:"role"`
	URL  string `json:"url"`
}

// Permissions are what a connector says a user needs, in the portal's groups.
type Permissions struct {
	ResourceProvider []ProviderPermission `json:"resourceProvider"`
	Customs          []CustomPermission   `json:"customs"`
	Tenant           []string             `json:"tenant"`
	Licenses         []string             `json:"licenses"`
}

// Empty reports whether no permission is listed at all.
func (p Permissions) Empty() bool {
	return len(p.ResourceProvider)+len(p.Customs)+len(p.Tenant)+len(p.Licenses) == 0
}

// ProviderPermission is one resource-provider permission.
type ProviderPermission struct {
	Provider    string   `json:"provider"`
	DisplayName string   `json:"displayName"`
	Scope       string   `json:"scope"`
	Text        string   `json:"text"` // HTML
	Required    []string `json:"required"`
}

// CustomPermission is a free-text permission.
type CustomPermission struct {
	Name        string `json:"name"`
	Description string `json:"description"` // HTML
}

// Query is a sample or graph query.
type Query struct {
	Title string `json:"title"`
	Query string `json:"query"` // the KQL text, for the API
	HTML  string `json:"html"`  // the query highlighted, for the page
}

// Step is a numbered setup step; steps nest through groups, context panes
// and innerSteps.
type Step struct {
	Title        string        `json:"title"`       // inline HTML
	Description  string        `json:"description"` // HTML
	Instructions []Instruction `json:"instructions"`
	Steps        []Step        `json:"steps"`
}

// Instruction is one control of a setup step, normalized so that a template
// can show it by Kind without knowing the portal's many control types.
type Instruction struct {
	Type    string   `json:"type"` // the control type in the source
	Kind    string   `json:"kind"` // how the page shows it; see instructionKinds
	Title   string   `json:"title,omitempty"`
	Text    string   `json:"text,omitempty"` // HTML
	Label   string   `json:"label,omitempty"`
	Value   string   `json:"value,omitempty"`
	Level   string   `json:"level,omitempty"` // info, warning, error, success
	Fields  []Field  `json:"fields,omitempty"`
	Options []string `json:"options,omitempty"`
	Params  []Param  `json:"params,omitempty"`
	Steps   []Step   `json:"steps,omitempty"`
}

// Field is an input of a form or a column of a grid.
type Field struct {
	Label  string `json:"label"`
	Detail string `json:"detail,omitempty"`
}

// Param is one flattened parameter of a control, shown for portal-only and
// unknown control types so nothing is hidden.
type Param struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Solution is one folder under Solutions/.
type Solution struct {
	Name           string          `json:"name"`
	Slug           string          `json:"slug"`
	Folder         string          `json:"folder"`
	FolderURL      string          `json:"folderUrl"`
	Publisher      string          `json:"publisher"`   // the support name or author the metadata gives
	PublisherID    string          `json:"publisherId"` // SolutionMetadata.json publisherId
	Publishers     []string        `json:"publishers"`  // slugs of its connectors' publishers
	Deprecated     bool            `json:"deprecated"`
	Author         string          `json:"author"`
	Version        string          `json:"version"`
	SupportName    string          `json:"supportName"`
	SupportTier    string          `json:"supportTier"`
	SupportLink    string          `json:"supportLink"`
	Categories     []string        `json:"categories"`
	FirstPublished string          `json:"firstPublished"`
	LastUpdated    string          `json:"lastUpdated"`
	Description    string          `json:"description"` // HTML
	LogoFile       string          `json:"logoFile"`    // repository path of its logo, or ""
	Logo           string          `json:"logo"`        // URL of the logo on the site, or ""
	HasMetadata    bool            `json:"hasMetadata"`
	Connectors     []string        `json:"connectors"` // slugs
	Tables         []SolutionTable `json:"tables"`
	// Content are the slugs of its content items, by kind; Parsers of its
	// parsers. Matrix is the ATT&CK coverage of its rules.
	Content map[string][]string `json:"content"`
	Parsers []string            `json:"parsers"`
	Matrix  Matrix              `json:"matrix"`
}

// SolutionTable is a table one of a solution's connectors fills, with those
// connectors.
type SolutionTable struct {
	Name       string   `json:"name"`
	Slug       string   `json:"slug"`
	Connectors []string `json:"connectors"` // slugs
}

// Method is a collection method and the connectors that use it.
type Method struct {
	Name        string   `json:"name"`
	Slug        string   `json:"slug"`
	Description string   `json:"description"`
	Connectors  []string `json:"connectors"` // active connectors, slugs
	Deprecated  []string `json:"deprecated"` // deprecated connectors, slugs
}

// Publisher is whoever a connector names as its publisher.
type Publisher struct {
	Name       string   `json:"name"`
	Slug       string   `json:"slug"`
	Connectors []string `json:"connectors"` // slugs
	Solutions  []string `json:"solutions"`  // slugs of the solutions shipping those connectors
}

// Table is a Log Analytics table that at least one connector fills.
type Table struct {
	Name            string   `json:"name"`
	Slug            string   `json:"slug"`
	Connectors      []string `json:"connectors"` // slugs
	Solutions       []string `json:"solutions"`  // slugs
	Transformations string   `json:"transformations"`
	IngestionAPI    string   `json:"ingestionApi"`
	LakeOnly        string   `json:"lakeOnly"`
	BasicLogs       string   `json:"basicLogs"`
	Category        string   `json:"category"`
	DocURL          string   `json:"docUrl"`
	Columns         []Column `json:"columns"`
	// Criteria maps a connector slug to the filters by which that
	// connector's rows are told apart in this shared table.
	Criteria map[string][]string `json:"criteria"`
	// Content, Parsers and ASIM are the slugs of the items and parsers
	// whose queries read the table.
	Content []string `json:"content"`
	Parsers []string `json:"parsers"`
	ASIM    []string `json:"asim"`
}

// Column is a column a source file declares for a table.
type Column struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Description string `json:"description,omitempty"`
}

// Fact values for table features: never "no" unless a source says so.
const (
	Yes     = "yes"
	No      = "no"
	Unknown = "unknown"
)

// fillEmpty replaces nil lists with empty ones, so the data files say []
// rather than null and templates can take their length.
func (cat *Catalog) fillEmpty() {
	for _, c := range cat.Connectors {
		c.Tables = nonNil(c.Tables)
		c.Criteria = nonNil(c.Criteria)
		c.SourceFiles = nonNil(c.SourceFiles)
		c.Steps = nonNil(c.Steps)
		c.SampleQueries = nonNil(c.SampleQueries)
		c.GraphQueries = nonNil(c.GraphQueries)
		c.Permissions.ResourceProvider = nonNil(c.Permissions.ResourceProvider)
		c.Permissions.Customs = nonNil(c.Permissions.Customs)
		c.Permissions.Tenant = nonNil(c.Permissions.Tenant)
		c.Permissions.Licenses = nonNil(c.Permissions.Licenses)
	}
	for _, s := range cat.Solutions {
		s.Connectors = nonNil(s.Connectors)
		s.Tables = nonNil(s.Tables)
		s.Categories = nonNil(s.Categories)
		s.Publishers = nonNil(s.Publishers)
	}
	for _, m := range cat.Methods {
		m.Connectors = nonNil(m.Connectors)
		m.Deprecated = nonNil(m.Deprecated)
	}
	for _, p := range cat.Publishers {
		p.Solutions = nonNil(p.Solutions)
	}
	for _, t := range cat.Tables {
		t.Columns = nonNil(t.Columns)
		if t.Criteria == nil {
			t.Criteria = map[string][]string{}
		}
	}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

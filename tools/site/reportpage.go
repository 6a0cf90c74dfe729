package site

import (
	"sort"

	"github.com/sentinel-connector-docs/site/tools/catalog"
	"github.com/sentinel-connector-docs/site/tools/report"
)

// Report is /api/report.json and the /report/ page: the run's accounting
// and every issue, grouped by kind.
type Report struct {
	Found         int `json:"found"`         // distinct connectors found
	Pages         int `json:"pages"`         // connector pages written
	Definitions   int `json:"definitions"`   // connector definitions read
	Duplicates    int `json:"duplicates"`    // duplicate definitions reported
	PackageCopies int `json:"packageCopies"` // solution-package copies set aside
	Errors        int `json:"errors"`
	Warnings      int `json:"warnings"`
	// Files accounts for every file below the connector folders.
	Files catalog.FileCounts `json:"files"`
	Kinds []ReportKind       `json:"kinds"`
}

// ReportKind is every issue of one kind.
type ReportKind struct {
	Kind        report.Kind    `json:"kind"`
	Description string         `json:"description"`
	Issues      []report.Issue `json:"issues"`
}

// kindDescriptions say, for the report page, what each kind of issue means
// for the site.
var kindDescriptions = map[report.Kind]string{
	report.Unparseable:         "Files that could not be read as JSON even leniently; any connector in them is missing from the site.",
	report.DuplicateID:         "Connectors defined in more than one file; one definition is used and the others are listed here.",
	report.NoTables:            "Connectors whose definition names no table.",
	report.UnknownInstruction:  "Setup controls of a type this site does not know; their pages show the type and its parameters.",
	report.MissingMetadata:     "Solutions without a readable SolutionMetadata.json; their publisher and support details are blank.",
	report.UnresolvedExpr:      "ARM expressions that need deployment-time values; pages show them as written.",
	report.WrongType:           "Fields of an unexpected JSON type; the field is skipped and the rest of the connector kept.",
	report.MissingField:        "Required fields that are missing; a stand-in is used.",
	report.NotInSolution:       "Connector files in a solution folder that the solution's Solution_*.json does not list.",
	report.NoConnectorInFile:   "JSON files in a connector folder that hold nothing the generator recognizes.",
	report.UnreadableDirectory: "Folders or files that could not be read.",
	report.NoContentInFile:     "Files in a content folder (analytic rules, hunting queries, workbooks, playbooks, watchlists, summary rules) that hold no item of that kind, or an item without a query.",
	report.ExpressionID:        "Connectors whose id is written as an ARM expression: the id it resolves to is used, and the one other tools make from the title redirects to it.",
	report.UnusedCompanion:     "Files in a connector folder whose data collection rules, data connector resources, tables or function app no connector definition of the solution uses.",
	report.UnmatchedDCR:        "Data collection rules beside a codeless connector that none of its polling configurations feeds.",
	report.Symlink:             "Symbolic links in the source, which are not followed: they could lead out of the repository.",
}

func buildReport(cat *catalog.Catalog, stats Stats) Report {
	r := Report{
		Found: cat.Found, Pages: len(cat.Connectors), Definitions: cat.Definitions,
		PackageCopies: cat.PackageCopies, Errors: stats.Errors, Warnings: stats.Warnings, Files: cat.Files,
		Kinds: []ReportKind{},
	}
	byKind := map[report.Kind]*ReportKind{}
	for _, i := range cat.Issues {
		k := byKind[i.Kind]
		if k == nil {
			k = &ReportKind{Kind: i.Kind, Description: kindDescriptions[i.Kind]}
			byKind[i.Kind] = k
		}
		k.Issues = append(k.Issues, i)
		if i.Kind == report.DuplicateID {
			r.Duplicates++
		}
	}
	for _, k := range byKind {
		r.Kinds = append(r.Kinds, *k)
	}
	sort.Slice(r.Kinds, func(i, j int) bool { return r.Kinds[i].Kind < r.Kinds[j].Kind })
	return r
}

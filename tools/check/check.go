// Package check measures how faithfully the catalog reproduces a reference
// extraction: the CSV files of the existing Solutions Analyzer
// (connectors.csv for collection methods,
// solutions_connectors_tables_mapping_simplified.csv for connector→table).
// It is a yardstick for development and CI, never an input of the site.
package check

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/sentinel-connector-docs/site/tools/catalog"
)

// Reference is what the reference files say per connector id.
type Reference struct {
	Methods map[string]string          // connector id → collection method
	Tables  map[string]map[string]bool // connector id → table names
}

// LoadReference reads the reference CSV files from dir.
func LoadReference(dir string) (*Reference, error) {
	ref := &Reference{Methods: map[string]string{}, Tables: map[string]map[string]bool{}}
	err := readCSV(filepath.Join(dir, "connectors.csv"), func(row map[string]string) {
		ref.Methods[row["connector_id"]] = row["collection_method"]
	})
	if err != nil {
		return nil, err
	}
	err = readCSV(filepath.Join(dir, "solutions_connectors_tables_mapping_simplified.csv"), func(row map[string]string) {
		id := row["connector_id"]
		if ref.Tables[id] == nil {
			ref.Tables[id] = map[string]bool{}
		}
		if t := strings.TrimSpace(row["table_name"]); t != "" {
			ref.Tables[id][t] = true
		}
	})
	if err != nil {
		return nil, err
	}
	return ref, nil
}

func readCSV(path string, row func(map[string]string)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: line %d: %w", path, line, err)
		}
		m := make(map[string]string, len(header))
		for i, h := range header {
			if i < len(rec) {
				m[strings.TrimPrefix(h, "\ufeff")] = rec[i]
			}
		}
		row(m)
	}
}

// Result is the comparison of a catalog with a reference.
type Result struct {
	Compared   int // connectors in both
	SameTables int
	SameMethod int
	// ExplainedTables and ExplainedMethods count disagreements that the
	// input itself explains (see Disagreement.Explanation).
	ExplainedTables  int
	ExplainedMethods int
	Disagreements    []Disagreement
	NotInRef         []string // connector ids the reference does not know
}

// Disagreement is one connector where the catalog and the reference differ.
type Disagreement struct {
	ID      string
	Field   string // "tables" or "method"
	Ours    string
	Theirs  string
	Details string
	// Explanation says why the input cannot or should not give the
	// reference's answer; empty when nothing explains the difference.
	Explanation string
}

// Aims are the agreement targets.
const (
	TablesAim = 0.95
	MethodAim = 0.90
)

// Compare compares every catalog connector the reference knows. read
// returns the text of a source file by its repository path; it is used to
// tell whether a table the reference names appears in the connector's files
// at all.
func Compare(cat *catalog.Catalog, ref *Reference, read func(path string) string) Result {
	var r Result
	for _, c := range cat.Connectors {
		refMethod, knownMethod := ref.Methods[c.ID]
		refTables, knownTables := ref.Tables[c.ID]
		if !knownMethod && !knownTables {
			r.NotInRef = append(r.NotInRef, c.ID)
			continue
		}
		r.Compared++
		ours := map[string]bool{}
		sources := map[string][]string{}
		for _, t := range c.Tables {
			ours[t.Name] = true
			sources[t.Name] = t.Sources
		}
		extra, missing := diff(ours, refTables)
		if len(extra)+len(missing) == 0 {
			r.SameTables++
		} else {
			d := Disagreement{
				ID: c.ID, Field: "tables", Ours: strings.Join(keys(ours), ", "), Theirs: strings.Join(keys(refTables), ", "),
				Details:     fmt.Sprintf("only here: %v; only in the reference: %v", withSources(extra, sources), missing),
				Explanation: explainTables(c, extra, missing, sources, read),
			}
			if d.Explanation != "" {
				r.ExplainedTables++
			}
			r.Disagreements = append(r.Disagreements, d)
		}
		if c.CollectionMethod == refMethod {
			r.SameMethod++
		} else {
			d := Disagreement{ID: c.ID, Field: "method", Ours: c.CollectionMethod, Theirs: refMethod, Details: c.MethodReason}
			if !isSiteMethod(refMethod) {
				d.Explanation = fmt.Sprintf("the reference uses %q, a finer category than this site's methods", refMethod)
				r.ExplainedMethods++
			}
			r.Disagreements = append(r.Disagreements, d)
		}
	}
	sort.Slice(r.Disagreements, func(i, j int) bool {
		a, b := r.Disagreements[i], r.Disagreements[j]
		if a.Field != b.Field {
			return a.Field > b.Field
		}
		return a.ID < b.ID
	})
	sort.Strings(r.NotInRef)
	return r
}

// TablesAgreement is the share of compared connectors whose table sets are
// identical or differ only where the input explains it.
func (r Result) TablesAgreement() float64 {
	return share(r.SameTables+r.ExplainedTables, r.Compared)
}

// MethodAgreement is the share of compared connectors with the same method,
// or a method the reference splits more finely.
func (r Result) MethodAgreement() float64 {
	return share(r.SameMethod+r.ExplainedMethods, r.Compared)
}

func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// Print writes the figures and every disagreement.
func (r Result) Print(w io.Writer) {
	fmt.Fprintf(w, "Compared %d connectors with the reference.\n", r.Compared)
	fmt.Fprintf(w, "Tables: %d/%d identical (%.1f%%); with the %d explained below, %.1f%% agree (aim %.0f%%)\n",
		r.SameTables, r.Compared, 100*share(r.SameTables, r.Compared), r.ExplainedTables, 100*r.TablesAgreement(), 100*TablesAim)
	fmt.Fprintf(w, "Method: %d/%d the same (%.1f%%); with the %d explained below, %.1f%% agree (aim %.0f%%)\n",
		r.SameMethod, r.Compared, 100*share(r.SameMethod, r.Compared), r.ExplainedMethods, 100*r.MethodAgreement(), 100*MethodAim)
	if len(r.Disagreements) > 0 {
		fmt.Fprintf(w, "\nDisagreements (%d):\n", len(r.Disagreements))
		for _, d := range r.Disagreements {
			switch d.Field {
			case "tables":
				fmt.Fprintf(w, "  tables  %-40s %s\n", d.ID, d.Details)
			default:
				fmt.Fprintf(w, "  method  %-40s here %q (%s), reference %q\n", d.ID, d.Ours, d.Details, d.Theirs)
			}
			reason := d.Explanation
			if reason == "" {
				reason = "not explained by the input: a rule to look at"
			}
			fmt.Fprintf(w, "          why: %s\n", reason)
		}
	}
	if len(r.NotInRef) > 0 {
		fmt.Fprintf(w, "\nNot in the reference (%d): %s\n", len(r.NotInRef), strings.Join(r.NotInRef, ", "))
	}
}

func diff(ours, theirs map[string]bool) (extra, missing []string) {
	for t := range ours {
		if !theirs[t] {
			extra = append(extra, t)
		}
	}
	for t := range theirs {
		if !ours[t] {
			missing = append(missing, t)
		}
	}
	sort.Strings(extra)
	sort.Strings(missing)
	return extra, missing
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func withSources(names []string, sources map[string][]string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n + " (" + strings.Join(sources[n], ", ") + ")"
	}
	return out
}

// declaringSources are the places where a definition declares the tables it
// fills, as opposed to queries that read them.
var declaringSources = map[string]bool{"dataTypes": true, "dataCollectionRule": true}

// explainTables explains a table disagreement when every differing table
// is accounted for by the input: a table only here is declared by the
// definition (its data types or data collection rule), and a table only in
// the reference appears nowhere in the connector's files (the reference
// read another version of them, or resolved a parser function the files do
// not contain). It returns "" when any differing table is unexplained.
func explainTables(c *catalog.Connector, extra, missing []string, sources map[string][]string, read func(string) string) string {
	var why []string
	for _, t := range extra {
		declared := false
		for _, s := range sources[t] {
			declared = declared || declaringSources[s]
		}
		if !declared {
			return ""
		}
	}
	if len(extra) > 0 {
		why = append(why, fmt.Sprintf("the definition declares %s itself (its data types or data collection rule)", strings.Join(extra, ", ")))
	}
	if len(missing) > 0 {
		if read == nil {
			return ""
		}
		var text strings.Builder
		for _, f := range c.SourceFiles {
			text.WriteString(strings.ToLower(read(f.Path)))
		}
		for _, t := range missing {
			if containsWord(text.String(), strings.ToLower(t)) {
				return ""
			}
		}
		why = append(why, fmt.Sprintf("%s appear(s) in none of the connector's files (the reference read another version, or resolved a parser function)", strings.Join(missing, ", ")))
	}
	return strings.Join(why, "; ")
}

// containsWord reports whether word occurs in text with no identifier
// character on either side.
func containsWord(text, word string) bool {
	isIdent := func(b byte) bool {
		return b == '_' || (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')
	}
	for i := 0; ; {
		j := strings.Index(text[i:], word)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(word)
		if (start == 0 || !isIdent(text[start-1])) && (end == len(text) || !isIdent(text[end])) {
			return true
		}
		i = start + 1
	}
}

// isSiteMethod reports whether m is one of the collection methods this
// site uses.
func isSiteMethod(m string) bool {
	switch m {
	case catalog.MethodNative, catalog.MethodDiagnostics, catalog.MethodCCF, catalog.MethodCCFPush, catalog.MethodFunction,
		catalog.MethodAMA, catalog.MethodMMA, catalog.MethodREST, catalog.MethodUnknown:
		return true
	}
	return false
}

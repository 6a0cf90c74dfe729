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
	// Descriptions are the connectors' descriptions as the reference
	// recorded them (line breaks written as <br>): a connector whose
	// description is the same was read at the same version.
	Descriptions map[string]string
}

// LoadReference reads the reference CSV files from dir.
func LoadReference(dir string) (*Reference, error) {
	ref := &Reference{Methods: map[string]string{}, Tables: map[string]map[string]bool{}, Descriptions: map[string]string{}}
	err := readCSV(filepath.Join(dir, "connectors.csv"), func(row map[string]string) {
		ref.Methods[row["connector_id"]] = row["collection_method"]
		ref.Descriptions[row["connector_id"]] = row["connector_description"]
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

// Result is the comparison of a catalog with a reference. Agreement means
// identical: a difference counts against the site even where the input
// suggests the reference is the one that is wrong; it is listed with its
// evidence instead.
type Result struct {
	All         Tally // every connector in both
	SameVersion Tally // those whose description is the reference's
	// Disagreements are the differences, each with its evidence.
	Disagreements []Disagreement
	NotInRef      []string // connector ids the reference does not know
}

// Tally counts connectors and how many of them agree.
type Tally struct {
	Compared   int
	SameTables int
	SameMethod int
}

// Tables is the share of connectors whose table sets are identical.
func (t Tally) Tables() float64 { return share(t.SameTables, t.Compared) }

// Method is the share of connectors with the same collection method.
func (t Tally) Method() float64 { return share(t.SameMethod, t.Compared) }

func (t *Tally) add(sameTables, sameMethod bool) {
	t.Compared++
	if sameTables {
		t.SameTables++
	}
	if sameMethod {
		t.SameMethod++
	}
}

// Disagreement is one connector where the catalog and the reference differ.
type Disagreement struct {
	ID          string
	Field       string // "tables" or "method"
	SameVersion bool   // the connector's description is the reference's
	Ours        string
	Theirs      string
	Details     string
	// Evidence are the lines of the connector's files that bear on the
	// difference, as "file:line: text", or what the files do not contain.
	Evidence []string
	// Verdict says what the evidence suggests: the reference read another
	// version or misses what the files say, or a rule of the site to look
	// at.
	Verdict string
}

// Floor is a least share of identical table sets and methods among the
// connectors read at the reference's version.
type Floor struct{ Tables, Method float64 }

// Aims are the agreement targets.
var Aims = Floor{Tables: 0.95, Method: 0.90}

// DevCorpusFloor is where the real corpus in ../shared stands: same-version
// tables 43/49, methods 49/49. The six table sets short of the aim are
// ones the connectors' files cannot give (the reference's tables appear in
// none of them, or its DCR output differs from the file's); each is listed
// with its evidence. CI holds the figures there, so that no rule makes them
// worse.
var DevCorpusFloor = Floor{Tables: 43.0 / 49, Method: 49.0 / 49}

// Meets reports whether the same-version figures reach f.
func (r Result) Meets(f Floor) bool {
	const eps = 1e-9
	return r.SameVersion.Tables()+eps >= f.Tables && r.SameVersion.Method()+eps >= f.Method
}

// Compare compares every catalog connector the reference knows. read
// returns the text of a source file by its repository path; the evidence of
// a difference is looked up in the connector's files through it.
func Compare(cat *catalog.Catalog, ref *Reference, read func(path string) string) Result {
	var r Result
	for _, c := range cat.Connectors {
		refMethod, knownMethod := ref.Methods[c.ID]
		refTables, knownTables := ref.Tables[c.ID]
		if !knownMethod && !knownTables {
			r.NotInRef = append(r.NotInRef, c.ID)
			continue
		}
		sameVersion := sameDescription(c.DescriptionSource, ref.Descriptions[c.ID])
		ours := map[string]bool{}
		sources := map[string][]string{}
		for _, t := range c.Tables {
			ours[t.Name] = true
			sources[t.Name] = t.Sources
		}
		extra, missing := diff(ours, refTables)
		sameTables, sameMethod := len(extra)+len(missing) == 0, c.CollectionMethod == refMethod
		r.All.add(sameTables, sameMethod)
		if sameVersion {
			r.SameVersion.add(sameTables, sameMethod)
		}
		files := connectorFiles(c, read)
		if !sameTables {
			d := Disagreement{
				ID: c.ID, Field: "tables", SameVersion: sameVersion,
				Ours: strings.Join(keys(ours), ", "), Theirs: strings.Join(keys(refTables), ", "),
				Details: fmt.Sprintf("only here: %v; only in the reference: %v", withSources(extra, sources), missing),
			}
			d.Evidence, d.Verdict = tableEvidence(extra, missing, sources, files)
			r.Disagreements = append(r.Disagreements, d)
		}
		if !sameMethod {
			d := Disagreement{ID: c.ID, Field: "method", SameVersion: sameVersion, Ours: c.CollectionMethod, Theirs: refMethod, Details: c.MethodReason}
			d.Verdict = "a rule to look at"
			if !isSiteMethod(refMethod) {
				d.Verdict = fmt.Sprintf("the reference uses %q, a category this site does not have", refMethod)
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

// sameDescription reports whether a definition's description is the one the
// reference recorded, which writes each line break as <br>.
func sameDescription(markdown, ref string) bool {
	if ref == "" {
		return false
	}
	norm := strings.NewReplacer("\r\n", "<br>", "\n", "<br>", "\r", "<br>")
	return strings.TrimSpace(norm.Replace(markdown)) == strings.TrimSpace(norm.Replace(ref))
}

func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// Print writes the figures and every disagreement with its evidence.
func (r Result) Print(w io.Writer) {
	fmt.Fprintf(w, "Compared %d connectors with the reference; %d of them at the reference's version (the same description).\n",
		r.All.Compared, r.SameVersion.Compared)
	fmt.Fprintln(w, "Agreement means identical; the differences below are listed with their evidence and never counted as agreement.")
	line := func(what string, same func(Tally) int, frac func(Tally) float64, aim float64) {
		fmt.Fprintf(w, "%-7s same version %d/%d identical (%.1f%%, aim %.0f%%); all %d/%d (%.1f%%)\n", what,
			same(r.SameVersion), r.SameVersion.Compared, 100*frac(r.SameVersion), 100*aim,
			same(r.All), r.All.Compared, 100*frac(r.All))
	}
	line("Tables:", func(t Tally) int { return t.SameTables }, Tally.Tables, Aims.Tables)
	line("Method:", func(t Tally) int { return t.SameMethod }, Tally.Method, Aims.Method)
	if len(r.Disagreements) > 0 {
		fmt.Fprintf(w, "\nDisagreements (%d):\n", len(r.Disagreements))
		for _, d := range r.Disagreements {
			version := "other version"
			if d.SameVersion {
				version = "same version"
			}
			switch d.Field {
			case "tables":
				fmt.Fprintf(w, "  tables  %-40s (%s) %s\n", d.ID, version, d.Details)
			default:
				fmt.Fprintf(w, "  method  %-40s (%s) here %q (%s), reference %q\n", d.ID, version, d.Ours, d.Details, d.Theirs)
			}
			for _, e := range d.Evidence {
				fmt.Fprintf(w, "          evidence: %s\n", e)
			}
			fmt.Fprintf(w, "          verdict: %s\n", d.Verdict)
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

// sourceFile is one of a connector's files, split into lines.
type sourceFile struct {
	path  string
	lines []string
}

func connectorFiles(c *catalog.Connector, read func(string) string) []sourceFile {
	if read == nil {
		return nil
	}
	var out []sourceFile
	for _, f := range c.SourceFiles {
		out = append(out, sourceFile{path: f.Path, lines: strings.Split(read(f.Path), "\n")})
	}
	return out
}

// firstMention returns "file:line: text" for the first line of files that
// names table as a whole word, or "".
func firstMention(files []sourceFile, table string) string {
	word := strings.ToLower(table)
	for _, f := range files {
		for i, l := range f.lines {
			if containsWord(strings.ToLower(l), word) {
				text := strings.TrimSpace(l)
				if len(text) > 140 {
					text = text[:140] + "…"
				}
				return fmt.Sprintf("%s:%d: %s", f.path, i+1, text)
			}
		}
	}
	return ""
}

// declaringSources are the places where a definition declares the tables it
// fills, as opposed to queries that read them.
var declaringSources = map[string]bool{"dataTypes": true, "dataCollectionRule": true, "tableDefinition": true}

// tableEvidence finds, for each table only one side has, the line of the
// connector's files that names it, and says what the evidence suggests: the
// reference is likely wrong when every table only here is declared by the
// definition and every table only there is named in none of its files (it
// read another version, or resolved a parser the files do not hold).
func tableEvidence(extra, missing []string, sources map[string][]string, files []sourceFile) ([]string, string) {
	var evidence []string
	explained := true
	for _, t := range extra {
		declared := false
		for _, s := range sources[t] {
			declared = declared || declaringSources[s]
		}
		explained = explained && declared
		if at := firstMention(files, t); at != "" {
			evidence = append(evidence, fmt.Sprintf("%s (only here, from %s) at %s", t, strings.Join(sources[t], ", "), at))
		}
	}
	for _, t := range missing {
		if at := firstMention(files, t); at != "" {
			explained = false
			evidence = append(evidence, fmt.Sprintf("%s (only in the reference) named at %s", t, at))
		} else {
			evidence = append(evidence, fmt.Sprintf("%s (only in the reference) is named in none of the connector's %d file(s)", t, len(files)))
		}
	}
	if explained && len(files) > 0 {
		return evidence, "the reference is likely wrong or read another version: the definition declares what only this site has, and the files never name what only the reference has"
	}
	return evidence, "a rule to look at"
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
	case catalog.MethodNative, catalog.MethodDiagnostics, catalog.MethodCCF, catalog.MethodCCFPush, catalog.MethodFunction, catalog.MethodTIUpload,
		catalog.MethodAMA, catalog.MethodMMA, catalog.MethodREST, catalog.MethodUnknown:
		return true
	}
	return false
}

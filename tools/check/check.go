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
	Compared      int // connectors in both
	SameTables    int
	SameMethod    int
	Disagreements []Disagreement
	NotInRef      []string // connector ids the reference does not know
}

// Disagreement is one connector where the catalog and the reference differ.
type Disagreement struct {
	ID      string
	Field   string // "tables" or "method"
	Ours    string
	Theirs  string
	Details string
}

// Aims are the agreement targets.
const (
	TablesAim = 0.95
	MethodAim = 0.90
)

// Compare compares every catalog connector the reference knows.
func Compare(cat *catalog.Catalog, ref *Reference) Result {
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
			r.Disagreements = append(r.Disagreements, Disagreement{
				ID: c.ID, Field: "tables", Ours: strings.Join(keys(ours), ", "), Theirs: strings.Join(keys(refTables), ", "),
				Details: fmt.Sprintf("only here: %v; only in the reference: %v", withSources(extra, sources), missing),
			})
		}
		if c.CollectionMethod == refMethod {
			r.SameMethod++
		} else {
			r.Disagreements = append(r.Disagreements, Disagreement{
				ID: c.ID, Field: "method", Ours: c.CollectionMethod, Theirs: refMethod, Details: c.MethodReason,
			})
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

// TablesAgreement and MethodAgreement are the shares of compared connectors
// that agree.
func (r Result) TablesAgreement() float64 { return share(r.SameTables, r.Compared) }

// MethodAgreement is the share of compared connectors with the same method.
func (r Result) MethodAgreement() float64 { return share(r.SameMethod, r.Compared) }

func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// Print writes the figures and every disagreement.
func (r Result) Print(w io.Writer) {
	fmt.Fprintf(w, "Compared %d connectors with the reference.\n", r.Compared)
	fmt.Fprintf(w, "Tables: %d/%d identical (%.1f%%), aim %.0f%%\n", r.SameTables, r.Compared, 100*r.TablesAgreement(), 100*TablesAim)
	fmt.Fprintf(w, "Method: %d/%d the same (%.1f%%), aim %.0f%%\n", r.SameMethod, r.Compared, 100*r.MethodAgreement(), 100*MethodAim)
	if len(r.Disagreements) > 0 {
		fmt.Fprintf(w, "\nDisagreements (%d):\n", len(r.Disagreements))
		for _, d := range r.Disagreements {
			switch d.Field {
			case "tables":
				fmt.Fprintf(w, "  tables  %-40s %s\n", d.ID, d.Details)
			default:
				fmt.Fprintf(w, "  method  %-40s here %q (%s), reference %q\n", d.ID, d.Ours, d.Details, d.Theirs)
			}
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

package catalog

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

// TableFacts are the features of one table, from a table-reference file.
type TableFacts struct {
	Transformations string
	IngestionAPI    string
	LakeOnly        string
	BasicLogs       string
	Category        string
	DocURL          string
}

// LoadTableFacts reads a table-reference CSV with the columns of the
// existing Solutions Analyzer's tables_reference.csv: table_name,
// supports_transformations, ingestion_api_supported, lake_only_supported,
// basic_logs_eligible, category, azure_monitor_doc_link. Other columns are
// ignored; a missing feature column leaves that fact unknown. Keys of the
// result are lowercased table names.
func LoadTableFacts(r io.Reader) (map[string]TableFacts, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("reading header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	if _, ok := col["table_name"]; !ok {
		return nil, fmt.Errorf("no table_name column in header %q", header)
	}
	get := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	out := map[string]TableFacts{}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		name := get(rec, "table_name")
		if name == "" {
			continue
		}
		out[strings.ToLower(name)] = TableFacts{
			Transformations: yesNo(get(rec, "supports_transformations")),
			IngestionAPI:    yesNo(get(rec, "ingestion_api_supported")),
			LakeOnly:        yesNo(get(rec, "lake_only_supported")),
			BasicLogs:       yesNo(get(rec, "basic_logs_eligible")),
			Category:        get(rec, "category"),
			DocURL:          get(rec, "azure_monitor_doc_link"),
		}
	}
}

func yesNo(s string) string {
	switch strings.ToLower(s) {
	case "yes", "true", "y", "1", "✓":
		return Yes
	case "no", "false", "n", "0", "✗":
		return No
	}
	return Unknown
}

package site

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"

	"github.com/sentinel-connector-docs/site/tools/catalog"
	"github.com/sentinel-connector-docs/site/tools/markup"
)

// The CSV downloads use the Solutions Analyzer's column names wherever the
// same field exists there (connectors.csv, solutions.csv, tables.csv), and
// its conventions for values: true/false flags on connectors and
// solutions, Yes/No table features, ";" between URLs, "," between ids and
// categories. Columns it does not have come after its own.

var connectorColumns = []string{
	"connector_id", "connector_publisher", "connector_title", "connector_description",
	"connector_files", "collection_method", "collection_method_reason", "not_in_solution_json",
	"solution_name", "is_deprecated", "dcr_definition_files", "ccf_config_file",
	"tables", "is_preview", "page_url",
}

func connectorsCSV(cat *catalog.Catalog) []byte {
	rows := [][]string{connectorColumns}
	for _, c := range cat.Connectors {
		files := map[string][]string{}
		for _, f := range c.SourceFiles {
			for _, role := range strings.Split(f.Role, ", ") {
				files[role] = append(files[role], f.URL)
			}
		}
		var tables []string
		for _, t := range c.Tables {
			tables = append(tables, t.Name)
		}
		rows = append(rows, []string{
			c.ID, c.Publisher, c.Title, markup.Text(c.Description),
			strings.Join(files["definition"], ";"), c.CollectionMethod, c.MethodReason, strconv.FormatBool(c.NotListed),
			c.Solution, strconv.FormatBool(c.Deprecated), strings.Join(files["dcr"], ";"), strings.Join(files["polling"], ";"),
			strings.Join(tables, ","), strconv.FormatBool(c.Preview), "/connectors/" + c.Slug + "/",
		})
	}
	return encodeCSV(rows)
}

var solutionColumns = []string{
	"solution_name", "solution_folder", "solution_github_url", "solution_publisher_id",
	"solution_first_publish_date", "solution_last_publish_date", "solution_version",
	"solution_support_name", "solution_support_tier", "solution_support_link", "solution_author_name",
	"solution_categories", "solution_description", "has_connectors", "is_deprecated",
	"connector_ids", "tables", "page_url",
}

func solutionsCSV(cat *catalog.Catalog) []byte {
	ids := map[string]string{}
	for _, c := range cat.Connectors {
		ids[c.Slug] = c.ID
	}
	rows := [][]string{solutionColumns}
	for _, s := range cat.Solutions {
		var connectors, tables []string
		for _, slug := range s.Connectors {
			connectors = append(connectors, ids[slug])
		}
		for _, t := range s.Tables {
			tables = append(tables, t.Name)
		}
		rows = append(rows, []string{
			s.Name, strings.TrimPrefix(s.Folder, "Solutions/"), s.FolderURL, s.PublisherID,
			s.FirstPublished, s.LastUpdated, s.Version,
			s.SupportName, s.SupportTier, s.SupportLink, s.Author,
			strings.Join(s.Categories, ","), markup.Text(s.Description), strconv.FormatBool(len(s.Connectors) > 0), strconv.FormatBool(s.Deprecated),
			strings.Join(connectors, ","), strings.Join(tables, ","), "/solutions/" + s.Slug + "/",
		})
	}
	return encodeCSV(rows)
}

var tableColumns = []string{
	"table_name", "category", "azure_monitor_doc_link", "basic_logs_eligible",
	"supports_transformations", "ingestion_api_supported", "lake_only_supported",
	"feeding_connector_ids", "solutions", "page_url",
}

func tablesCSV(cat *catalog.Catalog) []byte {
	ids := map[string]string{}
	for _, c := range cat.Connectors {
		ids[c.Slug] = c.ID
	}
	names := map[string]string{}
	for _, s := range cat.Solutions {
		names[s.Slug] = s.Name
	}
	rows := [][]string{tableColumns}
	for _, t := range cat.Tables {
		var connectors, solutions []string
		for _, slug := range t.Connectors {
			connectors = append(connectors, ids[slug])
		}
		for _, slug := range t.Solutions {
			solutions = append(solutions, names[slug])
		}
		rows = append(rows, []string{
			t.Name, t.Category, t.DocURL, yesNo(t.BasicLogs),
			yesNo(t.Transformations), yesNo(t.IngestionAPI), yesNo(t.LakeOnly),
			strings.Join(connectors, ","), strings.Join(solutions, ","), "/tables/" + t.Slug + "/",
		})
	}
	return encodeCSV(rows)
}

// yesNo writes a table fact as the reference does: Yes, No, or empty when
// not known.
func yesNo(fact string) string {
	switch fact {
	case catalog.Yes:
		return "Yes"
	case catalog.No:
		return "No"
	}
	return ""
}

// encodeCSV writes rows as CSV. A cell that a spreadsheet would read as a
// formula (it starts with =, +, -, @, a tab or a carriage return) gets a
// leading apostrophe: connector text comes from many vendors, and a
// downloaded file must not run anything when opened.
func encodeCSV(rows [][]string) []byte {
	for _, row := range rows {
		for i, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				row[i] = "'" + cell
			}
		}
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.WriteAll(rows) // writing to a buffer cannot fail
	return buf.Bytes()
}

package source

import (
	"io/fs"
	"path"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Parser is a KQL function a solution's Parsers folder declares.
type Parser struct {
	// Names are the names queries call it by: FunctionName and
	// FunctionAlias of a YAML parser, and the file name (the repository's
	// convention), which is all a KQL or text parser has.
	Names []string
	File  string
	// Query is the function's body: FunctionQuery of a YAML parser, the
	// whole text of a KQL or text one; "" when the file could not be read.
	Query string
}

// readParsers reads a solution's parser files. Unreadable or malformed
// files still give their file name, so queries that call them are not read
// as tables.
func readParsers(fsys fs.FS, files []string) []Parser {
	var out []Parser
	for _, f := range files {
		ext := strings.ToLower(path.Ext(f))
		base := strings.TrimSuffix(path.Base(f), path.Ext(f))
		p := Parser{File: f}
		var raw []byte
		if info, err := fs.Lstat(fsys, f); err == nil && info.Mode().IsRegular() && info.Size() <= MaxFileSize {
			raw, _ = fs.ReadFile(fsys, f)
		}
		switch ext {
		case ".yaml", ".yml":
			var doc struct {
				FunctionName  string `yaml:"FunctionName"`
				FunctionAlias string `yaml:"FunctionAlias"`
				FunctionQuery string `yaml:"FunctionQuery"`
			}
			_ = yaml.Unmarshal(raw, &doc) // a malformed parser still has its file name
			p.Names, p.Query = []string{doc.FunctionName, doc.FunctionAlias, base}, doc.FunctionQuery
		case ".kql", ".txt", ".csl":
			p.Names, p.Query = []string{base}, string(raw)
		default:
			continue
		}
		p.Names = uniqueNames(p.Names)
		out = append(out, p)
	}
	return out
}

func uniqueNames(names []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		if n = strings.TrimSpace(n); n != "" && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

package source

import (
	"io/fs"
	"path"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// parserNames returns the function names a solution's parser files declare:
// FunctionName and FunctionAlias of YAML parsers, and the file name of KQL
// and text parsers (the repository's convention). Unreadable files still
// give their file name.
func parserNames(fsys fs.FS, files []string) []string {
	seen := map[string]bool{}
	for _, f := range files {
		ext := strings.ToLower(path.Ext(f))
		base := strings.TrimSuffix(path.Base(f), path.Ext(f))
		switch ext {
		case ".yaml", ".yml":
			var doc struct {
				FunctionName  string `yaml:"FunctionName"`
				FunctionAlias string `yaml:"FunctionAlias"`
			}
			if raw, err := fs.ReadFile(fsys, f); err == nil && len(raw) <= MaxFileSize {
				_ = yaml.Unmarshal(raw, &doc) // a malformed parser still has its file name
			}
			for _, n := range []string{doc.FunctionName, doc.FunctionAlias, base} {
				if n = strings.TrimSpace(n); n != "" {
					seen[n] = true
				}
			}
		case ".kql", ".txt", ".csl":
			seen[base] = true
		}
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

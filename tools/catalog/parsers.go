package catalog

import (
	"path"
	"strings"

	"github.com/sentinel-connector-docs/site/tools/kql"
	"github.com/sentinel-connector-docs/site/tools/source"
)

// parserSet is what a solution declares of parser functions: the names
// queries call them by, which are not tables, and for the ones whose body
// the solution holds, the tables that body reads. A connector whose data
// types name a parser fills the tables the parser reads.
//
// A parserSet belongs to one solution folder, which one goroutine builds.
type parserSet struct {
	names     map[string]bool     // lowercased
	bodies    map[string]string   // lowercased name → query
	tables    map[string][]string // lowercased name → tables read, once expanded
	expanding map[string]bool     // guards against parsers that call each other
}

func newParserSet() *parserSet {
	return &parserSet{names: map[string]bool{}, bodies: map[string]string{}, tables: map[string][]string{}, expanding: map[string]bool{}}
}

// addParsers records the parser files read from the solution's Parsers
// folder.
func (ps *parserSet) addParsers(parsers []source.Parser) {
	for _, p := range parsers {
		for _, n := range p.Names {
			ps.names[strings.ToLower(n)] = true
			if strings.TrimSpace(p.Query) != "" {
				ps.bodies[strings.ToLower(n)] = p.Query
			}
		}
	}
}

// addListed records a parser a Solution_*.json lists by file: the file
// name is the function's name.
func (ps *parserSet) addListed(file string) {
	file = strings.ReplaceAll(file, `\`, "/")
	ps.names[strings.ToLower(strings.TrimSuffix(path.Base(file), path.Ext(file)))] = true
}

// isParser reports whether name is one of the solution's parsers.
func (ps *parserSet) isParser(name string) bool { return ps.names[strings.ToLower(name)] }

// expand returns the tables the parser name reads, parsers it calls
// expanded in turn, or nil when name is not a parser whose body the solution
// holds.
func (ps *parserSet) expand(name string) []string {
	key := strings.ToLower(name)
	body, ok := ps.bodies[key]
	if !ok {
		return nil
	}
	if t, done := ps.tables[key]; done {
		return t
	}
	if ps.expanding[key] {
		return []string{} // a cycle: the outer call gives the tables
	}
	ps.expanding[key] = true
	t := kql.Tables(body, ps.options(nil))
	if t == nil {
		t = []string{}
	}
	ps.expanding[key] = false
	ps.tables[key] = t
	return t
}

// options are the KQL options that read queries of the solution: its
// parsers are not tables, and stand for the tables they read.
func (ps *parserSet) options(cache *kql.Cache) kql.Options {
	if ps == nil || len(ps.names) == 0 {
		return kql.Options{Cache: cache}
	}
	return kql.Options{NotTable: ps.isParser, Expand: ps.expand, Cache: cache}
}

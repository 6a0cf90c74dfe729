package catalog

import (
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/sentinel-connector-docs/site/tools/report"
	"github.com/sentinel-connector-docs/site/tools/source"
)

// companionFile is a file of a solution's connector folders that holds
// parts of connectors other than their definitions: data collection rules,
// polling (data connector) resources, table definitions, a function app.
type companionFile struct {
	path        string
	dir         string
	dcrs        []source.DCR
	pollers     []source.Poller
	tables      []source.TableDef
	functionApp bool
	// definition is set when the file also defines a connector.
	definition bool
	// used is set when a connector takes any part of the file.
	used bool
}

// connectorParts are the companion parts that belong to one connector.
type connectorParts struct {
	pollers     []source.Poller
	dcrs        []source.DCR
	tables      []source.TableDef
	functionApp bool
	files       []SourceFile // the companion files, with their roles
}

// partsOf gathers the parts of the connector defined in file, known by
// names (its id, and the ids templates that deploy it give it), from the
// companions of its solution, and marks the files it takes as used.
//
// The Codeless Connector Framework splits one connector over several files,
// often in a folder of its own: the definition (dataConnectorDefinitions),
// the data connector resources that poll or receive data for it (they name
// the definition in connectorDefinitionName), the data collection rule the
// data goes through, and the tables it lands in. So a codeless definition
// takes
//   - every data connector resource of its solution that names it, and
//     those beside it that name no definition the solution has (an
//     expression left unresolved, or a stale name);
//   - the rules and tables in its own folder and in its pollers' folders,
//     and any rule of the solution that takes a stream its pollers send;
//   - the table definitions of the tables its rules write.
//
// Any definition also takes the function app templates beside it, and the
// rules and tables of its own folder, which it lists without reading them
// for tables (the agent's rules of AMA connectors, say).
func partsOf(comps []*companionFile, names []string, file string, ccf bool, defined map[string]bool) connectorParts {
	var p connectorParts
	dir := path.Dir(file)
	dirs := map[string]bool{dir: true}
	roles := map[string][]string{}
	take := func(c *companionFile, role string) {
		c.used = true
		if !slices.Contains(roles[c.path], role) {
			roles[c.path] = append(roles[c.path], role)
		}
	}
	streams := map[string]bool{}
	if ccf {
		for _, c := range comps {
			for _, pl := range c.pollers {
				named := slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(pl.DefinitionName, n) })
				beside := c.dir == dir && !defined[strings.ToLower(pl.DefinitionName)]
				if named || beside {
					p.pollers = append(p.pollers, pl)
					dirs[c.dir] = true
					take(c, "polling")
					if pl.StreamName != "" {
						streams[pl.StreamName] = true
					}
				}
			}
		}
	}
	written := map[string]bool{}
	for _, c := range comps {
		for _, d := range c.dcrs {
			if dirs[c.dir] || (ccf && feeds(d, streams)) {
				p.dcrs = append(p.dcrs, d)
				take(c, "dcr")
				for _, s := range d.Outputs(nil) {
					written[strings.ToLower(streamTable(s))] = true
				}
			}
		}
	}
	for _, c := range comps {
		for _, t := range c.tables {
			if dirs[c.dir] || written[strings.ToLower(t.Name)] {
				p.tables = append(p.tables, t)
				take(c, "tables")
			}
		}
		if c.functionApp && c.dir == dir {
			p.functionApp = true
			take(c, "function app")
		}
	}
	for _, f := range slices.Sorted(maps.Keys(roles)) {
		p.files = append(p.files, SourceFile{Path: f, Role: strings.Join(roles[f], ", ")})
	}
	return p
}

// feeds reports whether a flow of d takes any of streams.
func feeds(d source.DCR, streams map[string]bool) bool {
	for _, f := range d.Flows {
		for _, s := range f.Streams {
			if streams[s] {
				return true
			}
		}
	}
	return false
}

// reportUnused names every companion file no connector took, with what it
// holds, so that no file of a connector folder is dropped in silence. It
// returns how many files hold only parts, used and unused; a file that also
// defines a connector is counted as a definition.
func reportUnused(comps []*companionFile, rep *report.Report) (parts, unused int) {
	for _, c := range comps {
		if c.used {
			if !c.definition {
				parts++
			}
			continue
		}
		if c.definition {
			continue
		}
		unused++
		var holds []string
		for _, pl := range c.pollers {
			holds = append(holds, "a data connector resource for definition "+quoteOrNone(pl.DefinitionName))
		}
		if len(c.dcrs) > 0 {
			holds = append(holds, "a data collection rule")
		}
		if len(c.tables) > 0 {
			holds = append(holds, "table definitions")
		}
		if c.functionApp {
			holds = append(holds, "a function app")
		}
		rep.Warnf(report.UnusedCompanion, c.path, "holds %s, but no connector definition of the solution uses it", strings.Join(holds, ", "))
	}
	return parts, unused
}

func (f *FileCounts) add(g FileCounts) {
	f.JSON += g.JSON
	f.Definitions += g.Definitions
	f.Parts += g.Parts
	f.Unparseable += g.Unparseable
	f.Nothing += g.Nothing
	f.Unused += g.Unused
	f.NotRead += g.NotRead
}

func quoteOrNone(s string) string {
	if s == "" {
		return "(none named)"
	}
	return `"` + s + `"`
}

package catalog

import (
	"regexp"
	"sort"
	"strings"
)

// Matrix is a MITRE ATT&CK coverage matrix: for each tactic, in the order
// of the Enterprise matrix, the techniques that analytic rules and hunting
// queries name with it, and the items that do.
type Matrix struct {
	Tactics []MatrixTactic `json:"tactics"`
	Items   int            `json:"items"` // rules and queries that name a tactic
}

// MatrixTactic is one column of a Matrix.
type MatrixTactic struct {
	Name       string            `json:"name"`  // as the rules write it: InitialAccess
	Label      string            `json:"label"` // Initial Access
	Items      []string          `json:"items"` // slugs of the items naming the tactic
	Techniques []MatrixTechnique `json:"techniques"`
}

// MatrixTechnique is one cell of a Matrix.
type MatrixTechnique struct {
	ID    string   `json:"id"` // T1078, or T1078.004 for a sub-technique
	Items []string `json:"items"`
}

// tacticOrder is the order of the ATT&CK Enterprise matrix, and the ICS
// tactics Sentinel rules also use, after it.
var tacticOrder = []string{
	"Reconnaissance", "ResourceDevelopment", "InitialAccess", "Execution", "Persistence",
	"PrivilegeEscalation", "DefenseEvasion", "CredentialAccess", "Discovery", "LateralMovement",
	"Collection", "CommandAndControl", "Exfiltration", "Impact",
	"PreAttack", "ImpairProcessControl", "InhibitResponseFunction",
}

// techniqueID is the shape of an ATT&CK technique id.
var techniqueID = regexp.MustCompile(`^T\d{4}(\.\d{3})?$`)

// matrixOf builds the matrix of the analytic rules and hunting queries
// among items: each names tactics and techniques apart, so it counts under
// every pair of them. Every tactic of tacticOrder has a column, so that
// gaps show.
func matrixOf(items []*ContentItem) Matrix {
	byTactic := map[string]*MatrixTactic{}
	cells := map[string]map[string][]string{}
	for i, name := range tacticOrder {
		if i < 14 {
			byTactic[name] = &MatrixTactic{Name: name, Label: tacticLabel(name), Items: []string{}, Techniques: []MatrixTechnique{}}
		}
	}
	m := Matrix{}
	for _, it := range items {
		if it.Kind != "analytic-rule" && it.Kind != "hunting-query" || len(it.Tactics) == 0 {
			continue
		}
		m.Items++
		for _, tactic := range it.Tactics {
			tactic = strings.ReplaceAll(tactic, " ", "")
			col := byTactic[tactic]
			if col == nil {
				col = &MatrixTactic{Name: tactic, Label: tacticLabel(tactic), Items: []string{}, Techniques: []MatrixTechnique{}}
				byTactic[tactic] = col
			}
			col.Items = append(col.Items, it.Slug)
			for _, tech := range it.Techniques {
				tech = strings.ToUpper(strings.TrimSpace(tech))
				if !techniqueID.MatchString(tech) {
					continue
				}
				if cells[tactic] == nil {
					cells[tactic] = map[string][]string{}
				}
				cells[tactic][tech] = append(cells[tactic][tech], it.Slug)
			}
		}
	}
	for name, col := range byTactic {
		col.Items = uniqueSorted(col.Items)
		for tech, slugs := range cells[name] {
			col.Techniques = append(col.Techniques, MatrixTechnique{ID: tech, Items: uniqueSorted(slugs)})
		}
		sort.Slice(col.Techniques, func(i, j int) bool { return col.Techniques[i].ID < col.Techniques[j].ID })
		m.Tactics = append(m.Tactics, *col)
	}
	sort.Slice(m.Tactics, func(i, j int) bool {
		a, b := tacticRank(m.Tactics[i].Name), tacticRank(m.Tactics[j].Name)
		if a != b {
			return a < b
		}
		return m.Tactics[i].Name < m.Tactics[j].Name
	})
	return m
}

func tacticRank(name string) int {
	for i, t := range tacticOrder {
		if t == name {
			return i
		}
	}
	return len(tacticOrder)
}

// tacticLabel spells a tactic as ATT&CK does: InitialAccess → Initial
// Access, CommandAndControl → Command and Control.
func tacticLabel(name string) string {
	var b strings.Builder
	for i, r := range name {
		if i > 0 && r >= 'A' && r <= 'Z' {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return strings.ReplaceAll(b.String(), " And ", " and ")
}

package kql

import "strings"

// Condition is one filter a query applies to a table it reads, such as
// DeviceVendor == "Contoso": how a connector picks its rows out of a table
// that many connectors share.
type Condition struct {
	Table  string
	Field  string
	Op     string
	Values []string
}

// String renders the condition the way KQL writes it.
func (c Condition) String() string {
	if len(c.Values) == 1 && !strings.HasSuffix(c.Op, "in") && !strings.HasSuffix(c.Op, "in~") && !strings.HasSuffix(c.Op, "_any") && !strings.HasSuffix(c.Op, "_all") {
		return c.Field + " " + c.Op + " " + c.Values[0]
	}
	return c.Field + " " + c.Op + " (" + strings.Join(c.Values, ", ") + ")"
}

// SelectionFields are the columns whose filters tell one connector's rows
// from another's in a shared table.
var SelectionFields = map[string]bool{
	"DeviceVendor": true, "DeviceProduct": true, "ProcessName": true, "EventID": true,
	"EventVendor": true, "EventProduct": true, "Facility": true, "Channel": true,
	"Provider": true, "EventSourceName": true, "ProductName": true, "ProviderName": true,
	"ResourceType": true, "Category": true, "SourceSystem": true,
}

var conditionOps = map[string]bool{
	"==": true, "=~": true, "!=": true, "!~": true, "has": true, "!has": true, "has_cs": true,
	"contains": true, "!contains": true, "contains_cs": true, "startswith": true, "!startswith": true,
	"endswith": true, "in": true, "in~": true, "!in": true, "!in~": true, "has_any": true, "has_all": true,
}

// Conditions returns the filters on SelectionFields that query applies,
// each attached to the table whose pipeline it stands in, for the tables
// that want reports true. Values keep their KQL quoting.
func Conditions(query string, opt Options, want func(table string) bool) []Condition {
	toks := significant(opt.Cache.tokenize(query))
	sources := map[int]string{}
	walkSources(toks, opt, func(i int, name string) { sources[i] = Clean(name) })
	var out []Condition
	current := ""
	for i := 0; i < len(toks); i++ {
		if name, ok := sources[i]; ok {
			current = name
			continue
		}
		t := toks[i]
		if current == "" || t.Kind != Ident || !SelectionFields[t.Text] || !want(current) {
			continue
		}
		op, next := readOp(toks, i+1)
		if op == "" {
			continue
		}
		values, end := readValues(toks, next)
		if len(values) == 0 {
			continue
		}
		out = append(out, Condition{Table: current, Field: t.Text, Op: op, Values: values})
		i = end - 1
	}
	return out
}

// readOp reads a comparison operator at toks[i]: punctuation ("==",
// "!=", "=~"), a word ("has", "in"), or "!" followed by a word; "~" may
// follow "in". It returns the operator and the index after it.
func readOp(toks []Token, i int) (string, int) {
	if i >= len(toks) {
		return "", i
	}
	op := toks[i].Text
	i++
	if op == "!" && i < len(toks) && toks[i].Kind == Ident {
		op += toks[i].Text
		i++
	}
	if strings.HasSuffix(op, "in") && i < len(toks) && toks[i].Text == "~" {
		op += "~"
		i++
	}
	if !conditionOps[strings.ToLower(op)] {
		return "", i
	}
	return strings.ToLower(op), i
}

// readValues reads one literal, or a parenthesised list of literals, at
// toks[i]; it returns nothing when the operand is not made of literals.
func readValues(toks []Token, i int) ([]string, int) {
	if i >= len(toks) {
		return nil, i
	}
	literal := func(t Token) bool { return t.Kind == String || t.Kind == Number }
	if literal(toks[i]) {
		return []string{toks[i].Text}, i + 1
	}
	if toks[i].Text != "(" {
		return nil, i
	}
	var values []string
	for j := i + 1; j < len(toks); j++ {
		switch {
		case toks[j].Text == ")":
			return values, j + 1
		case toks[j].Text == ",":
		case literal(toks[j]):
			values = append(values, toks[j].Text)
		default:
			return nil, j
		}
	}
	return nil, len(toks)
}

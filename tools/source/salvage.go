package source

import (
	"bytes"

	"github.com/go-json-experiment/json/jsontext"
)

// salvageIDs reads the tokens of a file that does not parse, up to where it
// breaks, and returns the ids of the connector definitions it had begun:
// objects with an "id" and a "title", as a connector UI definition has.
// They let the report name the connectors a broken file costs the site, not
// only the file.
func salvageIDs(raw []byte) []string {
	dec := jsontext.NewDecoder(bytes.NewReader(raw), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	type object struct{ id, title string }
	var stack []*object // nil entries are arrays
	var ids []string
	seen := map[string]bool{}
	note := func(o *object) {
		if o != nil && o.id != "" && o.title != "" && !seen[o.id] {
			seen[o.id] = true
			ids = append(ids, o.id)
		}
	}
	name := "" // the member whose value comes next; "" when a name comes next
	for {
		tok, err := dec.ReadToken()
		if err != nil {
			break
		}
		inObject := len(stack) > 0 && stack[len(stack)-1] != nil
		switch kind := tok.Kind(); {
		case kind == '{':
			stack = append(stack, &object{})
			name = ""
			continue
		case kind == '[':
			stack = append(stack, nil)
			continue
		case kind == '}' || kind == ']':
			note(stack[len(stack)-1])
			stack = stack[:len(stack)-1]
		case kind == '"' && inObject && name == "":
			name = tok.String()
			continue
		case kind == '"' && inObject && name == "id":
			stack[len(stack)-1].id = tok.String()
		case kind == '"' && inObject && name == "title":
			stack[len(stack)-1].title = tok.String()
		}
		// A value is complete: in an object, a member name comes next.
		name = ""
	}
	for _, o := range stack {
		note(o)
	}
	return ids
}

package catalog

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// The helpers below read the loosely typed JSON of connector files. They
// accept the variations seen in the real repository (a number where a string
// is expected, a single object where a list is) instead of failing.

func str(m map[string]any, key string) string {
	return scalar(m[key])
}

func scalar(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case int: // YAML numbers
		return strconv.Itoa(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		if x {
			return "true"
		}
		return "false"
	}
	return ""
}

func obj(m map[string]any, key string) map[string]any {
	o, _ := m[key].(map[string]any)
	return o
}

// list returns m[key] as a list; a lone object becomes a one-element list.
func list(m map[string]any, key string) []any {
	switch x := m[key].(type) {
	case []any:
		return x
	case map[string]any:
		return []any{x}
	}
	return nil
}

func objects(m map[string]any, key string) []map[string]any {
	var out []map[string]any
	for _, e := range list(m, key) {
		if o, ok := e.(map[string]any); ok {
			out = append(out, o)
		}
	}
	return out
}

func stringList(m map[string]any, key string) []string {
	var out []string
	for _, e := range list(m, key) {
		if s := scalar(e); s != "" {
			out = append(out, s)
		}
	}
	if s, ok := m[key].(string); ok && s != "" {
		out = append(out, s)
	}
	return out
}

// truthy reads booleans that some files write as strings.
func truthy(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case string:
		return strings.EqualFold(x, "true")
	}
	return false
}

// flatten lists the scalar leaves of v as dotted names with their values,
// sorted, so portal-only and unknown controls can show every parameter.
func flatten(prefix string, v any, out *[]Param) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			name := k
			if prefix != "" {
				name = prefix + "." + k
			}
			flatten(name, x[k], out)
		}
	case []any:
		for i, e := range x {
			flatten(fmt.Sprintf("%s[%d]", prefix, i), e, out)
		}
	case nil:
	default:
		*out = append(*out, Param{Name: prefix, Value: scalar(x)})
	}
}

func uniqueSorted(in []string) []string {
	sort.Strings(in)
	out := in[:0]
	for i, s := range in {
		if i == 0 || s != in[i-1] {
			out = append(out, s)
		}
	}
	return out
}

package source

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"testing"
)

func TestResolve(t *testing.T) {
	tmpl := &Template{
		Variables: map[string]any{
			"vendor":  "Contoso",
			"product": "[concat(variables('vendor'), ' EdgeWall')]",
			"obj":     map[string]any{"name": "inner"},
			"list":    []any{"a", "b"},
		},
		Parameters: map[string]any{"workspace": "ws1", "count": json.Number("3")},
	}
	tests := []struct {
		in   any
		want any
	}{
		{"plain text", "plain text"},
		{"[variables('vendor')]", "Contoso"},
		{"[variables('product')]", "Contoso EdgeWall"},
		{"[parameters('workspace')]", "ws1"},
		{"[concat('Table_', parameters('count'), '_CL')]", "Table_3_CL"},
		{"[format('{0} by {1}', variables('product'), 'Fabrikam')]", "Contoso EdgeWall by Fabrikam"},
		{"[toLower(variables('vendor'))]", "contoso"},
		{"[variables('obj').name]", "inner"},
		{"[variables('list')[1]]", "b"},
		{"[concat('it''s ', variables('vendor'))]", "it's Contoso"},
		{"[[escaped]", "[escaped]"},
		{"[resourceGroup().location]", "[resourceGroup().location]"},
		{"[concat('x', resourceGroup().location)]", "[concat('x', resourceGroup().location)]"},
		{"[parameters('missing')]", "[parameters('missing')]"},
		{"[concat('unterminated]", "[concat('unterminated]"},
		{map[string]any{"t": "[variables('vendor')]", "l": []any{"[parameters('workspace')]"}},
			map[string]any{"t": "Contoso", "l": []any{"ws1"}}},
	}
	for _, tc := range tests {
		var unresolved []string
		got := tmpl.Resolve(tc.in, &unresolved)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Resolve(%v) = %#v, want %#v", tc.in, got, tc.want)
		}
		if s, ok := tc.want.(string); ok && s == tc.in && isExpression(s) && len(unresolved) != 1 {
			t.Errorf("Resolve(%v): unresolved = %q, want it recorded", tc.in, unresolved)
		}
	}
}

func TestResolveCycleTerminates(t *testing.T) {
	tmpl := &Template{Variables: map[string]any{"a": "[variables('b')]", "b": "[variables('a')]"}}
	if got := tmpl.Resolve("[variables('a')]", nil); got != "[variables('a')]" {
		t.Errorf("got %v, want the expression left as text", got)
	}
}

// TestResolveBoundsWork feeds variables that double each other, 40 levels
// deep: naively 2^40 evaluations and a terabyte string. Resolve must give
// up and leave the expression as text.
func TestResolveBoundsWork(t *testing.T) {
	vars := map[string]any{"v0": "xxxxxxxxxxxxxxxx"}
	for i := 1; i <= 40; i++ {
		prev := "v" + strconv.Itoa(i-1)
		vars["v"+strconv.Itoa(i)] = "[concat(variables('" + prev + "'), variables('" + prev + "'))]"
	}
	tmpl := &Template{Variables: vars}
	var unresolved []string
	got := tmpl.Resolve("[variables('v40')]", &unresolved)
	if got != "[variables('v40')]" || len(unresolved) != 1 {
		t.Errorf("got a %d-byte value; want the expression left as text", len(fmt.Sprint(got)))
	}
}

package source

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"testing"
)

func TestDecodeJSONLenient(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"bom", "\xef\xbb\xbf{\"id\": \"x\"}"},
		{"line comment", "{\n// note\n\"id\": \"x\"}"},
		{"block comment", "{/* note */ \"id\": \"x\"}"},
		{"trailing commas", "{\"id\": \"x\", \"l\": [1, 2,],}"},
		{"crlf and tabs", "{\r\n\t\"id\" : \"x\"\r\n}"},
		{"non-ascii", "{\"id\": \"x\", \"t\": \"Contoso – “EdgeWall” → ü\"}"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := DecodeJSON("f.json", []byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if v.(map[string]any)["id"] != "x" {
				t.Errorf("id = %v", v.(map[string]any)["id"])
			}
		})
	}
}

func TestDecodeJSONErrorsNamePlace(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		line, col  int
		wantInText string
	}{
		{"missing value", "{\n  \"a\": 1,\n  \"b\": ,\n}", 3, 8, ""},
		{"two documents", "{\"a\":1}{\"a\":2}", 1, 8, ""},
		{"truncated", "{\"a\": [1, 2", 1, 12, ""},
		{"empty", "  \n", 0, 0, "empty"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeJSON("dir/f.json", []byte(tc.in))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want *ParseError", err)
			}
			if pe.Path != "dir/f.json" || pe.Line != tc.line || pe.Column != tc.col {
				t.Errorf("got %s:%d:%d (%s), want line %d col %d", pe.Path, pe.Line, pe.Column, pe.Msg, tc.line, tc.col)
			}
		})
	}
}

func TestDecodeJSONDepthLimit(t *testing.T) {
	deep := ""
	for i := 0; i < MaxDepth+5; i++ {
		deep += "["
	}
	if _, err := DecodeJSON("deep.json", []byte(deep)); err == nil {
		t.Fatal("want an error for nesting over the limit")
	}
}

// FuzzDecodeJSON checks that no input makes the lenient loader panic, that
// every failure is a *ParseError naming the file, and that the standard
// decoder accepts what encoding/json accepts and gives the same values.
func FuzzDecodeJSON(f *testing.F) {
	f.Add([]byte("\xef\xbb\xbf{\"id\": \"x\", // c\n \"l\": [1,2,],}"))
	f.Add([]byte("{\"a\": \"[concat('x', variables('y'))]\"}"))
	f.Add([]byte("[[[[[[[[[[[[[[[[[[[["))
	f.Add([]byte("/* unterminated"))
	f.Add([]byte(`{"a": "x\\\"[", "b": ["\\\\", {"c": "]"}]}`))
	f.Add([]byte(`{"n": -1.50e+3, "a": {}, "l": [], "d": 1, "d": "\ud800\u00e9", "u": "\xff", "t": true, "z": null}`))
	f.Add([]byte(`[1] x`))
	f.Add([]byte(`0]0`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if nestingDepth(data) <= MaxDepth {
			got, gotErr := decodeStandard(data)
			want, wantErr := decodeStdlib(data)
			if (gotErr == nil) != (wantErr == nil) {
				t.Fatalf("decodeStandard(%q): error %v, encoding/json: error %v", data, gotErr, wantErr)
			}
			if gotErr == nil && !reflect.DeepEqual(got, want) {
				t.Fatalf("decodeStandard(%q) = %#v, encoding/json gives %#v", data, got, want)
			}
		}
		if got, want := nestingDepth(data), depthByteByByte(data); got != want {
			t.Fatalf("nestingDepth(%q) = %d, want %d", data, got, want)
		}
		_, err := DecodeJSON("fuzz.json", data)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Path != "fuzz.json" {
				t.Fatalf("error %v is not a *ParseError for the file", err)
			}
		}
	})
}

// FuzzExtract checks that extraction and ARM resolution never panic on any
// JSON document.
func FuzzExtract(f *testing.F) {
	f.Add([]byte(`{"variables": {"a": "[variables('a')]"}, "resources": [{"properties": {"connectorUiConfig": {"id": "[variables('a')]"}}}]}`))
	f.Add([]byte(`{"id": "x", "title": "t", "dataTypes": [{"name": 1}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := DecodeJSON("fuzz.json", data)
		if err != nil {
			return
		}
		Extract("fuzz.json", doc)
	})
}

// decodeStdlib is decodeStandard done with encoding/json, as the fuzzer's
// reference.
func decodeStdlib(raw []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if len(bytes.TrimLeft(raw[dec.InputOffset():], " \t\r\n")) > 0 {
		return nil, errors.New("data after the document")
	}
	return v, nil
}

// depthByteByByte is nestingDepth written the plain way, as the fuzzer's
// reference.
func depthByteByByte(raw []byte) int {
	depth, deepest := 0, 0
	inString, escaped := false, false
	for _, c := range raw {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
			deepest = max(deepest, depth)
		case c == '}' || c == ']':
			depth--
		}
	}
	return deepest
}

func TestSalvageIDs(t *testing.T) {
	cases := []struct {
		raw  string
		want []string
	}{
		// Broken inside the definition: its id and title were read.
		{`{"id": "Contoso", "title": "Contoso Edge", "dataTypes": [{"name": {`, []string{"Contoso"}},
		// A nested object's id is not the definition's.
		{`{"title": "T", "steps": [{"id": "inner"}], "id": "Outer", "x": ]`, []string{"Outer"}},
		// Ids without a title belong to something else.
		{`[{"id": "a"}, {"id": "b", "name": "n"} oops`, nil},
		// Two copies, the first cut short.
		{`{"id":"Dup","title":"D"{"id": "Dup", "title": "D"}`, []string{"Dup"}},
	}
	for _, c := range cases {
		_, err := DecodeJSON("f.json", []byte(c.raw))
		pe, ok := err.(*ParseError)
		if !ok {
			t.Fatalf("%q: err %v, want a *ParseError", c.raw, err)
		}
		if !slices.Equal(pe.Connectors, c.want) {
			t.Errorf("%q: salvaged %q, want %q", c.raw, pe.Connectors, c.want)
		}
	}
}

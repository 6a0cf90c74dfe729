package catalog

import (
	"encoding/json"
	"fmt"

	"github.com/sentinel-connector-docs/site/tools/report"
)

// shape is the JSON type a connector field should have.
type shape int

const (
	shapeText   shape = iota // a string (numbers and booleans are shown as text)
	shapeList                // an array (a lone object counts as a one-item list)
	shapeObject              // an object
)

// field describes one expected field; items describes the objects of a
// list.
type field struct {
	shape shape
	items map[string]field
}

var stepFields = map[string]field{
	"title":        {shape: shapeText},
	"description":  {shape: shapeText},
	"instructions": {shape: shapeList, items: map[string]field{"type": {shape: shapeText}, "parameters": {shape: shapeObject}}},
}

// uiFields are the connector UI fields the site reads, with their types.
var uiFields = map[string]field{
	"id":                    {shape: shapeText},
	"title":                 {shape: shapeText},
	"publisher":             {shape: shapeText},
	"descriptionMarkdown":   {shape: shapeText},
	"graphQueriesTableName": {shape: shapeText},
	"graphQueries":          {shape: shapeList, items: map[string]field{"metricName": {shape: shapeText}, "legend": {shape: shapeText}, "baseQuery": {shape: shapeText}}},
	"sampleQueries":         {shape: shapeList, items: map[string]field{"description": {shape: shapeText}, "query": {shape: shapeText}}},
	"dataTypes":             {shape: shapeList, items: map[string]field{"name": {shape: shapeText}, "lastDataReceivedQuery": {shape: shapeText}}},
	"connectivityCriterias": {shape: shapeList, items: map[string]field{"type": {shape: shapeText}}},
	"connectivityCriteria":  {shape: shapeList, items: map[string]field{"type": {shape: shapeText}}},
	"availability":          {shape: shapeObject},
	"instructionSteps":      {shape: shapeList, items: stepFields},
}

func init() {
	stepFields["innerSteps"] = field{shape: shapeList, items: stepFields}
}

// validateUI reports every field of a connector UI whose JSON type is not
// the one the site expects. The readers in values.go then show what they
// can (a number as text) and skip the rest, so one wrong field never costs
// the whole connector.
func validateUI(ui map[string]any, file, id string, rep *report.Report) {
	checkFields(ui, uiFields, "", file, id, rep)
}

func checkFields(m map[string]any, fields map[string]field, prefix, file, id string, rep *report.Report) {
	for name, f := range fields {
		v, ok := m[name]
		if !ok || v == nil {
			continue
		}
		where := prefix + name
		switch f.shape {
		case shapeText:
			switch v.(type) {
			case string:
			case json.Number, bool:
				rep.Warnf(report.WrongType, file, "connector %q: %s is %s, not text; shown as text", id, where, jsonType(v))
			default:
				rep.Warnf(report.WrongType, file, "connector %q: %s is %s, not text; left out", id, where, jsonType(v))
			}
		case shapeObject:
			if _, ok := v.(map[string]any); !ok {
				rep.Warnf(report.WrongType, file, "connector %q: %s is %s, not an object; left out", id, where, jsonType(v))
			}
		case shapeList:
			switch x := v.(type) {
			case []any:
				for i, e := range x {
					em, ok := e.(map[string]any)
					if !ok {
						rep.Warnf(report.WrongType, file, "connector %q: %s[%d] is %s, not an object; left out", id, where, i, jsonType(e))
						continue
					}
					checkFields(em, f.items, fmt.Sprintf("%s[%d].", where, i), file, id, rep)
				}
			case map[string]any:
				checkFields(x, f.items, where+".", file, id, rep)
			default:
				rep.Warnf(report.WrongType, file, "connector %q: %s is %s, not a list; left out", id, where, jsonType(v))
			}
		}
	}
}

func jsonType(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return "null"
}

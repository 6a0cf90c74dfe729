package kql

import (
	"html"
	"strings"
)

// keywords are the KQL words shown as keywords: tabular operators, their
// clauses and the word operators of expressions.
var keywords = map[string]bool{}

func init() {
	for _, k := range strings.Fields(`let set declare alias pattern restrict where filter project extend summarize by
		join union lookup on kind isfuzzy withsource take limit sort order top count distinct parse
		parse_where render as asc desc nulls first last evaluate invoke mv expand apply range print
		search find datatable externaldata materialize view and or not in has has_cs has_any has_all
		contains contains_cs startswith endswith matches regex between with true false null
		getschema serialize sample facet fork partition make series scan consume inner outer
		leftouter rightouter fullouter leftanti rightanti leftsemi rightsemi innerunique anti semi
		away keep rename reorder smart bag`) {
		keywords[k] = true
	}
}

// Highlight returns query as HTML with each token in a span whose class
// names its kind: kw (keyword), op (operator), st (string), cm (comment),
// nu (number), tb (a table the query reads), fn (a function call). The
// classes are styled by the site's stylesheet, in light and dark mode.
func Highlight(query string, opt Options) string {
	toks := opt.Cache.tokenize(query)
	tables := map[int]bool{}
	// walkSources works on significant tokens; map their indexes back.
	var sig []int
	for i, t := range toks {
		if t.Kind != Space && t.Kind != Comment {
			sig = append(sig, i)
		}
	}
	sigToks := make([]Token, len(sig))
	for i, j := range sig {
		sigToks[i] = toks[j]
	}
	walkSources(sigToks, opt, func(i int, _ string) { tables[sig[i]] = true })

	var b strings.Builder
	for i, t := range toks {
		class := ""
		switch t.Kind {
		case Comment:
			class = "cm"
		case String:
			class = "st"
		case Number:
			class = "nu"
		case Placeholder:
			class = "tb"
		case Punct:
			if t.Text != "(" && t.Text != ")" && t.Text != "," && t.Text != "[" && t.Text != "]" && t.Text != "{" && t.Text != "}" && t.Text != ";" {
				class = "op"
			}
		case Ident:
			switch {
			case tables[i]:
				class = "tb"
			case keywords[strings.ToLower(t.Text)]:
				class = "kw"
			case nextSignificant(toks, i) == "(":
				class = "fn"
			}
		}
		text := html.EscapeString(t.Text)
		if class == "" {
			b.WriteString(text)
			continue
		}
		b.WriteString(`<span class="` + class + `">` + text + `</span>`)
	}
	return b.String()
}

func nextSignificant(toks []Token, i int) string {
	for j := i + 1; j < len(toks); j++ {
		if toks[j].Kind != Space && toks[j].Kind != Comment {
			return toks[j].Text
		}
	}
	return ""
}

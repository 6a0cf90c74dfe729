package kql

import (
	"strings"
)

// Options tunes Tables.
type Options struct {
	// NotTable reports names that are known not to be tables, such as the
	// parser functions a solution declares. May be nil.
	NotTable func(name string) bool
	// Cache, when set, keeps the tokens of each query read, for a caller
	// that reads the same queries for tables, filters and highlighting.
	Cache *Cache
	// Expand, when set, gives the tables a function the caller knows (a
	// solution's parser) reads, or nil for a name it does not know as one.
	// Tables returns those tables in the function's place.
	Expand func(name string) []string
	// calls makes walkSources visit the calls of functions Expand knows
	// (Tables sets it; highlighting and filters do not).
	calls bool
}

// Cache remembers the tokens of the queries it has seen. It is not safe
// for concurrent use; the zero value is ready to use.
type Cache struct {
	tokens map[string][]Token
}

// tokenize is Tokenize through c, which may be nil.
func (c *Cache) tokenize(query string) []Token {
	if c == nil {
		return Tokenize(query)
	}
	if toks, ok := c.tokens[query]; ok {
		return toks
	}
	if c.tokens == nil {
		c.tokens = map[string][]Token{}
	}
	toks := Tokenize(query)
	c.tokens[query] = toks
	return toks
}

// sourceKeywords start a tabular expression without naming a table.
var sourceKeywords = map[string]bool{
	"let": true, "union": true, "datatable": true, "range": true, "print": true,
	"externaldata": true, "evaluate": true, "find": true, "search": true,
	"materialize": true, "view": true, "set": true, "declare": true,
	"alias": true, "pattern": true, "restrict": true, "true": true,
	"false": true, "and": true, "or": true, "not": true, "on": true,
	"kind": true, "isfuzzy": true, "withsource": true, "with": true,
	"database": true, "cluster": true, "table": true, "toscalar": true,
	"dynamic": true, "null": true, "by": true, "as": true,
}

// frame is the parsing state of one level of parentheses or braces.
type frame struct {
	source  bool // the next name would be a tabular source
	inUnion bool // inside a union's operand list: commas start new sources
	closer  string
}

// Tables returns the tables that query reads, in order of first appearance,
// each once. Names bound by let, functions (a name followed by "("), and
// keywords are not tables.
//
// A name opt.Expand knows as a function stands for the tables it reads.
func Tables(query string, opt Options) []string {
	var found []string
	seen := map[string]bool{}
	walk := opt
	walk.calls = opt.Expand != nil
	if opt.Expand != nil && opt.NotTable != nil {
		// Functions are not tables, but they are visited to be expanded.
		walk.NotTable = func(name string) bool { return opt.NotTable(name) && opt.Expand(name) == nil }
	}
	walkSources(significant(opt.Cache.tokenize(query)), walk, func(_ int, name string) {
		if opt.Expand != nil {
			if tables := opt.Expand(Clean(name)); tables != nil {
				for _, t := range tables {
					add(&found, seen, t, opt)
				}
				return
			}
		}
		add(&found, seen, name, opt)
	})
	return found
}

// walkSources calls visit with the index and name of every token of toks
// that stands where a tabular source can, and is not a let name, a function
// call or a keyword.
func walkSources(toks []Token, opt Options, visit func(i int, name string)) {
	lets := map[string]bool{}
	stack := []frame{{source: true}}
	top := func() *frame { return &stack[len(stack)-1] }

	for i := 0; i < len(toks); i++ {
		t := toks[i]
		f := top()
		nextText := ""
		if i+1 < len(toks) {
			nextText = toks[i+1].Text
		}
		switch t.Kind {
		case Punct:
			switch t.Text {
			case "(", "{", "[":
				closer := map[string]string{"(": ")", "{": "}", "[": "]"}[t.Text]
				// A parenthesis where a source may stand opens a subquery; a
				// brace opens a function body, which is a query of its own.
				opensSource := (f.source && t.Text == "(") || t.Text == "{"
				stack = append(stack, frame{source: opensSource, closer: closer})
				f.source = false
			case ")", "}", "]":
				if len(stack) > 1 && top().closer == t.Text {
					stack = stack[:len(stack)-1]
				}
			case ";":
				stack = []frame{{source: true}}
			case "|":
				f.source, f.inUnion = false, false
				i = pipeOperator(toks, i+1, f)
			case ",":
				if f.inUnion {
					f.source = true
				}
			case "=":
				// let x = <tabular expression>; handled when let is read.
			}
		case Ident:
			lower := strings.ToLower(t.Text)
			if (lower == "materialize" || lower == "toscalar") && nextText == "(" {
				// Their argument is a tabular expression: a subquery.
				f.source = true
				continue
			}
			if !f.source {
				continue
			}
			switch {
			case lower == "let":
				if i+2 < len(toks) && toks[i+1].Kind == Ident && toks[i+2].Text == "=" {
					lets[strings.ToLower(toks[i+1].Text)] = true
					i += 2
					f.source = true
				}
				continue
			case lower == "union":
				f.inUnion = true
				i = skipOptions(toks, i+1)
				f.source = true
				continue
			case lower == "table" && nextText == "(" && i+2 < len(toks) && toks[i+2].Kind == String:
				visit(i+2, unquote(toks[i+2].Text))
				i += 2
				f.source = false
				continue
			case nextText == "(" && opt.calls && opt.Expand(Clean(t.Text)) != nil:
				// A call of a function the caller knows, such as an ASIM
				// parser with parameters: it stands for its tables.
				visit(i, t.Text)
				f.source = false
				continue
			case nextText == "(" || nextText == "." || nextText == ":" || sourceKeywords[lower] || lets[lower]:
				f.source = false
				continue
			}
			if opt.NotTable == nil || !opt.NotTable(Clean(t.Text)) {
				visit(i, t.Text)
			}
			f.source = false
		}
	}
}

// pipeOperator reads the tabular operator after a "|" starting at toks[i] and
// returns the index of its last token read. For join, lookup and union the
// frame is set so that the operand is read as a source.
func pipeOperator(toks []Token, i int, f *frame) int {
	if i >= len(toks) || toks[i].Kind != Ident {
		return i - 1
	}
	switch strings.ToLower(toks[i].Text) {
	case "join", "lookup":
		f.source = true
		return skipOptions(toks, i+1)
	case "union":
		f.source, f.inUnion = true, true
		return skipOptions(toks, i+1)
	}
	return i
}

// skipOptions skips name=value options (kind=inner, isfuzzy=true,
// withsource=T) starting at toks[i] and returns the index just before the
// first token that is not one; the caller's loop then advances to it.
func skipOptions(toks []Token, i int) int {
	for i+2 < len(toks) && toks[i].Kind == Ident && toks[i+1].Text == "=" {
		i += 3
	}
	return i - 1
}

func add(found *[]string, seen map[string]bool, name string, opt Options) {
	name = Clean(strings.TrimSpace(name))
	if name == "" || seen[name] {
		return
	}
	if opt.NotTable != nil && opt.NotTable(name) {
		return
	}
	seen[name] = true
	*found = append(*found, name)
}

func significant(toks []Token) []Token {
	out := toks[:0:0]
	for _, t := range toks {
		if t.Kind != Space && t.Kind != Comment {
			out = append(out, t)
		}
	}
	return out
}

func unquote(s string) string {
	s = strings.TrimPrefix(s, "@")
	if len(s) >= 2 {
		return s[1 : len(s)-1]
	}
	return s
}

package source

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Template is the part of an ARM template that expressions can refer to:
// its variables and its parameters' default values.
type Template struct {
	Variables  map[string]any
	Parameters map[string]any
	// declared are the names of all its parameters, with a default or not.
	declared map[string]bool
	// steps counts the expressions evaluated by the current Resolve, so a
	// hostile template (variables that double each other) cannot make it
	// run for ever.
	steps int
	built int // bytes of strings built by the current Resolve
}

// Limits on the work one Resolve call does, and on the strings it builds.
const (
	maxResolveSteps = 10_000
	maxResolvedLen  = 1 << 20 // one string
	maxResolveBytes = 4 << 20 // all strings of one Resolve
)

var errTooComplex = errors.New("expression too costly to resolve")

// templateOf returns the expression scope of doc when doc is an ARM template
// (an object with "resources"), or nil.
func templateOf(doc map[string]any) *Template {
	if _, ok := doc["resources"]; !ok {
		return nil
	}
	t := &Template{Variables: map[string]any{}, Parameters: map[string]any{}, declared: map[string]bool{}}
	if vars, ok := doc["variables"].(map[string]any); ok {
		t.Variables = vars
	}
	if params, ok := doc["parameters"].(map[string]any); ok {
		for name, p := range params {
			t.declared[name] = true
			if def, ok := p.(map[string]any)["defaultValue"]; ok {
				t.Parameters[name] = def
			}
		}
	}
	return t
}

// within returns t with the names of the enclosing template outer visible
// where t does not define them: a template spec's mainTemplate reads the
// variables of the template that holds it.
func (t *Template) within(outer *Template) *Template {
	if outer == nil {
		return t
	}
	merged := &Template{Variables: map[string]any{}, Parameters: map[string]any{}, declared: map[string]bool{}}
	for k := range outer.declared {
		merged.declared[k] = true
	}
	for k := range t.declared {
		merged.declared[k] = true
	}
	for _, pair := range []struct{ dst, a, b map[string]any }{
		{merged.Variables, outer.Variables, t.Variables},
		{merged.Parameters, outer.Parameters, t.Parameters},
	} {
		for k, v := range pair.a {
			pair.dst[k] = v
		}
		for k, v := range pair.b {
			pair.dst[k] = v
		}
	}
	return merged
}

// ResolveName resolves a resource name, in which a parameter without a
// default (the workspace, most often) stands for a deployment value: it
// becomes "{name}", so the name's other segments, such as the connector
// definition's id after "/Microsoft.SecurityInsights/", can be read.
func (t *Template) ResolveName(v any) string {
	named := &Template{Variables: t.Variables, Parameters: map[string]any{}}
	for k := range t.declared {
		named.Parameters[k] = "{" + k + "}"
	}
	for k, v := range t.Parameters {
		named.Parameters[k] = v
	}
	s, _ := named.Resolve(v, nil).(string)
	return s
}

// errUnresolved marks an expression that needs deployment-time values
// (resourceGroup(), a parameter without a default, ...).
var errUnresolved = errors.New("cannot be resolved from the template alone")

// Resolve returns v with every ARM expression string ("[...]") replaced by
// its value where the template defines it. An expression that cannot be
// resolved stays as its original text, so the page still shows something
// readable; unresolved collects those texts. "[[" escapes a literal "[".
func (t *Template) Resolve(v any, unresolved *[]string) any {
	t.steps, t.built = 0, 0
	return t.resolve(v, unresolved, 0)
}

const maxResolveDepth = 20

func (t *Template) resolve(v any, unresolved *[]string, depth int) any {
	switch x := v.(type) {
	case string:
		if !isExpression(x) {
			if strings.HasPrefix(x, "[[") {
				return x[1:]
			}
			return x
		}
		out, err := t.eval(x[1:len(x)-1], depth)
		if err != nil {
			if unresolved != nil {
				*unresolved = append(*unresolved, x)
			}
			return x
		}
		return t.resolve(out, unresolved, depth+1)
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = t.resolve(e, unresolved, depth)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = t.resolve(e, unresolved, depth)
		}
		return s
	}
	return v
}

// isExpression reports whether s is an ARM template expression.
func isExpression(s string) bool {
	return len(s) >= 2 && s[0] == '[' && s[len(s)-1] == ']' && !strings.HasPrefix(s, "[[")
}

func (t *Template) eval(src string, depth int) (any, error) {
	if depth > maxResolveDepth {
		return nil, fmt.Errorf("expression nests deeper than %d levels", maxResolveDepth)
	}
	if t.steps++; t.steps > maxResolveSteps {
		return nil, errTooComplex
	}
	p := &exprParser{src: src, t: t, depth: depth}
	v, err := p.expr()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.pos != len(p.src) {
		return nil, fmt.Errorf("unexpected %q at %d", p.src[p.pos:], p.pos)
	}
	return v, nil
}

// exprParser evaluates while it parses: expressions are small and each value
// is needed once.
type exprParser struct {
	src   string
	pos   int
	t     *Template
	depth int
}

func (p *exprParser) space() {
	for p.pos < len(p.src) && unicode.IsSpace(rune(p.src[p.pos])) {
		p.pos++
	}
}

func (p *exprParser) expr() (any, error) {
	v, err := p.primary()
	if err != nil {
		return nil, err
	}
	for {
		p.space()
		if p.pos >= len(p.src) {
			return v, nil
		}
		switch p.src[p.pos] {
		case '.':
			p.pos++
			name := p.ident()
			m, ok := v.(map[string]any)
			if !ok {
				return nil, errUnresolved
			}
			v, ok = m[name]
			if !ok {
				return nil, errUnresolved
			}
		case '[':
			p.pos++
			idx, err := p.expr()
			if err != nil {
				return nil, err
			}
			p.space()
			if !p.eat(']') {
				return nil, fmt.Errorf("missing ] at %d", p.pos)
			}
			v, err = index(v, idx)
			if err != nil {
				return nil, err
			}
		default:
			return v, nil
		}
	}
}

func (p *exprParser) eat(c byte) bool {
	if p.pos < len(p.src) && p.src[p.pos] == c {
		p.pos++
		return true
	}
	return false
}

func (p *exprParser) ident() string {
	start := p.pos
	for p.pos < len(p.src) {
		c := rune(p.src[p.pos])
		if !(unicode.IsLetter(c) || unicode.IsDigit(c) || c == '_') {
			break
		}
		p.pos++
	}
	return p.src[start:p.pos]
}

func (p *exprParser) primary() (any, error) {
	p.space()
	if p.pos >= len(p.src) {
		return nil, errors.New("unexpected end of expression")
	}
	c := p.src[p.pos]
	switch {
	case c == '\'':
		return p.stringLit()
	case c == '-' || (c >= '0' && c <= '9'):
		start := p.pos
		p.pos++
		for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
			p.pos++
		}
		return json.Number(p.src[start:p.pos]), nil
	}
	name := p.ident()
	if name == "" {
		return nil, fmt.Errorf("unexpected %q at %d", c, p.pos)
	}
	p.space()
	if !p.eat('(') {
		return nil, fmt.Errorf("expected ( after %s", name)
	}
	var args []any
	var argErr error
	for {
		p.space()
		if p.eat(')') {
			break
		}
		a, err := p.expr()
		if err != nil {
			if !errors.Is(err, errUnresolved) {
				return nil, err
			}
			argErr = err // keep parsing to reach the end, report after
		}
		args = append(args, a)
		p.space()
		if p.eat(',') {
			continue
		}
		if p.eat(')') {
			break
		}
		return nil, fmt.Errorf("expected , or ) at %d", p.pos)
	}
	if argErr != nil {
		return nil, argErr
	}
	return p.call(strings.ToLower(name), args)
}

func (p *exprParser) stringLit() (any, error) {
	p.pos++ // opening quote
	var b strings.Builder
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		p.pos++
		if c == '\'' {
			if p.pos < len(p.src) && p.src[p.pos] == '\'' {
				b.WriteByte('\'')
				p.pos++
				continue
			}
			return b.String(), nil
		}
		b.WriteByte(c)
	}
	return nil, errors.New("unterminated string")
}

// call applies the template functions that can be evaluated without a
// deployment; everything else (resourceGroup(), guid(), ...) is unresolved.
func (p *exprParser) call(name string, args []any) (any, error) {
	lookup := func(m map[string]any) (any, error) {
		if len(args) != 1 {
			return nil, errUnresolved
		}
		key, ok := args[0].(string)
		if !ok {
			return nil, errUnresolved
		}
		v, ok := m[key]
		if !ok {
			return nil, errUnresolved
		}
		if s, ok := v.(string); ok && isExpression(s) {
			return p.t.eval(s[1:len(s)-1], p.depth+1)
		}
		return v, nil
	}
	switch name {
	case "variables":
		return lookup(p.t.Variables)
	case "parameters":
		return lookup(p.t.Parameters)
	case "concat":
		if len(args) > 0 {
			if _, isList := args[0].([]any); isList {
				var out []any
				for _, a := range args {
					l, ok := a.([]any)
					if !ok {
						return nil, errUnresolved
					}
					if len(out)+len(l) > maxResolvedLen/64 {
						return nil, errTooComplex
					}
					out = append(out, l...)
				}
				return out, nil
			}
		}
		var b strings.Builder
		for _, a := range args {
			s, err := scalarString(a)
			if err != nil {
				return nil, err
			}
			if b.Len()+len(s) > maxResolvedLen {
				return nil, errTooComplex
			}
			b.WriteString(s)
		}
		if p.t.built += b.Len(); p.t.built > maxResolveBytes {
			return nil, errTooComplex
		}
		return b.String(), nil
	case "format":
		if len(args) == 0 {
			return nil, errUnresolved
		}
		f, ok := args[0].(string)
		if !ok {
			return nil, errUnresolved
		}
		for i, a := range args[1:] {
			s, err := scalarString(a)
			if err != nil {
				return nil, err
			}
			f = strings.ReplaceAll(f, "{"+strconv.Itoa(i)+"}", s)
			if len(f) > maxResolvedLen {
				return nil, errTooComplex
			}
		}
		if p.t.built += len(f); p.t.built > maxResolveBytes {
			return nil, errTooComplex
		}
		return f, nil
	case "tolower", "toupper", "string", "trim":
		if len(args) != 1 {
			return nil, errUnresolved
		}
		s, err := scalarString(args[0])
		if err != nil {
			return nil, err
		}
		switch name {
		case "tolower":
			return strings.ToLower(s), nil
		case "toupper":
			return strings.ToUpper(s), nil
		case "trim":
			return strings.TrimSpace(s), nil
		}
		return s, nil
	case "replace":
		if len(args) != 3 {
			return nil, errUnresolved
		}
		s, err1 := scalarString(args[0])
		old, err2 := scalarString(args[1])
		repl, err3 := scalarString(args[2])
		if err := errors.Join(err1, err2, err3); err != nil {
			return nil, errUnresolved
		}
		if old == "" || len(s)/len(old)*len(repl) > maxResolvedLen {
			return nil, errUnresolved
		}
		return strings.ReplaceAll(s, old, repl), nil
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return nil, errUnresolved
}

func index(v, idx any) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		k, ok := idx.(string)
		if !ok {
			return nil, errUnresolved
		}
		e, ok := x[k]
		if !ok {
			return nil, errUnresolved
		}
		return e, nil
	case []any:
		n, ok := idx.(json.Number)
		if !ok {
			return nil, errUnresolved
		}
		i, err := n.Int64()
		if err != nil || i < 0 || int(i) >= len(x) {
			return nil, errUnresolved
		}
		return x[i], nil
	}
	return nil, errUnresolved
}

func scalarString(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case json.Number:
		return x.String(), nil
	case bool:
		return strconv.FormatBool(x), nil
	}
	return "", errUnresolved
}

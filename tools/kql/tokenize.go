// Package kql reads Kusto Query Language text well enough to tell which
// tables a query reads: a tokenizer that knows KQL's comments, strings and
// punctuation, and a walker that marks the positions where a tabular source
// can stand (the start of a statement, after "union", in "join" and
// "lookup", in the body of a let). Names anywhere else (after project,
// extend, where, summarize ... by) are columns or functions, never tables.
package kql

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// TokenKind classifies a token.
type TokenKind int

// The token kinds.
const (
	Ident TokenKind = iota
	String
	Number
	Comment
	Punct
	Placeholder // {{name}} in codeless connector queries
	Space
)

// Token is one lexical element; Text is the exact source text.
type Token struct {
	Kind TokenKind
	Text string
}

// Tokenize splits query into tokens. It never fails: an unterminated string
// or comment runs to the end of the text.
func Tokenize(query string) []Token {
	query = Clean(query)
	toks := make([]Token, 0, len(query)/3+1) // about one token in three bytes
	s := query
	for len(s) > 0 {
		kind, n := next(s)
		toks = append(toks, Token{Kind: kind, Text: s[:n]})
		s = s[n:]
	}
	return toks
}

// Clean removes characters that are invisible but break names: zero-width
// spaces and joiners, byte-order marks, soft hyphens, bidi controls.
func Clean(s string) string {
	ascii := true
	for i := 0; i < len(s) && ascii; i++ {
		ascii = s[i] < utf8.RuneSelf
	}
	if ascii {
		return s // every character it removes is outside ASCII
	}
	return strings.Map(func(r rune) rune {
		if isInvisible(r) {
			return -1
		}
		return r
	}, s)
}

func isInvisible(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad':
		return true
	}
	return (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069')
}

func next(s string) (TokenKind, int) {
	// Most of a query is ASCII names and single spaces: take those without
	// decoding runes.
	if c := s[0]; c < utf8.RuneSelf && (isASCIILetter(c) || c == '_') && !(len(s) > 1 && (c == 'h' || c == 'H') && (s[1] == '"' || s[1] == '\'')) {
		n := 1
		for n < len(s) && (isASCIILetter(s[n]) || s[n] == '_' || '0' <= s[n] && s[n] <= '9') {
			n++
		}
		if n == len(s) || s[n] < utf8.RuneSelf {
			return Ident, n
		}
	}
	r, size := utf8.DecodeRuneInString(s)
	switch {
	case unicode.IsSpace(r):
		n := size
		for n < len(s) {
			r2, sz := utf8.DecodeRuneInString(s[n:])
			if !unicode.IsSpace(r2) {
				break
			}
			n += sz
		}
		return Space, n
	case strings.HasPrefix(s, "//"):
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			return Comment, i
		}
		return Comment, len(s)
	case strings.HasPrefix(s, "/*"):
		if i := strings.Index(s[2:], "*/"); i >= 0 {
			return Comment, i + 4
		}
		return Comment, len(s)
	case strings.HasPrefix(s, "{{"):
		if i := strings.Index(s, "}}"); i >= 0 {
			return Placeholder, i + 2
		}
		return Punct, 1
	case strings.HasPrefix(s, "```"):
		if i := strings.Index(s[3:], "```"); i >= 0 {
			return String, i + 6
		}
		return String, len(s)
	case r == '"' || r == '\'':
		return String, quoted(s, 0)
	case (r == '@' || r == 'h' || r == 'H') && len(s) > 1 && (s[1] == '"' || s[1] == '\''):
		if r == '@' {
			return String, verbatim(s)
		}
		return String, quoted(s, 1)
	case r == '_' || unicode.IsLetter(r):
		n := size
		for n < len(s) {
			r2, sz := utf8.DecodeRuneInString(s[n:])
			if !(r2 == '_' || unicode.IsLetter(r2) || unicode.IsDigit(r2)) {
				break
			}
			n += sz
		}
		return Ident, n
	case unicode.IsDigit(r):
		n := size
		for n < len(s) && (isDigitOrDot(s[n]) || unicode.IsLetter(rune(s[n]))) {
			n++
		}
		return Number, n
	}
	for _, op := range []string{"==", "!=", "<=", ">=", "=~", "!~", "..", "=>"} {
		if strings.HasPrefix(s, op) {
			return Punct, len(op)
		}
	}
	return Punct, size
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isDigitOrDot(c byte) bool { return (c >= '0' && c <= '9') || c == '.' }

// quoted returns the length of a backslash-escaped string whose opening quote
// is at s[start].
func quoted(s string, start int) int {
	q := s[start]
	for i := start + 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case q:
			return i + 1
		case '\n':
			return i // KQL strings do not span lines; stop here
		}
	}
	return len(s)
}

// verbatim returns the length of an @"..." string, where a doubled quote is
// the only escape.
func verbatim(s string) int {
	q := s[1]
	for i := 2; i < len(s); i++ {
		if s[i] == q {
			if i+1 < len(s) && s[i+1] == q {
				i++
				continue
			}
			return i + 1
		}
	}
	return len(s)
}

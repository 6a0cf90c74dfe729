package catalog

import (
	"regexp"
	"strings"
)

var dashes = regexp.MustCompile(`-{2,}`)

// ConnectorSlug is the URL segment of a connector page: the id lowercased,
// with "_" and "/" turned into "-", as the existing generated docs do.
func ConnectorSlug(id string) string {
	return safeSegment(strings.NewReplacer("_", "-", "/", "-").Replace(strings.ToLower(id)))
}

// SolutionSlug is the URL segment of a solution page: the name lowercased,
// spaces and parentheses turned into "-", repeated "-" collapsed.
func SolutionSlug(name string) string {
	s := strings.NewReplacer(" ", "-", "(", "-", ")", "-").Replace(strings.ToLower(name))
	return safeSegment(strings.Trim(dashes.ReplaceAllString(s, "-"), "-"))
}

// NameSlug is the URL segment of a publisher or collection-method page,
// made like a solution's: "CCF Push" → "ccf-push".
func NameSlug(name string) string {
	s := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '(', ')', '/', '\\', ',', '.', '&', '\'', ':':
			return '-'
		}
		return r
	}, strings.ToLower(strings.TrimSpace(name)))
	s = strings.Trim(dashes.ReplaceAllString(s, "-"), "-")
	if s == "" {
		s = "unnamed"
	}
	return safeSegment(s)
}

// TableSlug is the URL segment of a table page: the name lowercased, "_"
// turned into "-".
func TableSlug(name string) string {
	return safeSegment(strings.ReplaceAll(strings.ToLower(name), "_", "-"))
}

// safeSegment keeps a slug usable as one path segment: no separators, no
// dot-only names, no control characters.
func safeSegment(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r < 0x20 || r == 0x7f, r == '/', r == '\\', r == '?', r == '#', r == '%', r == '"', r == '<', r == '>':
			return '-'
		}
		return r
	}, s)
	if strings.Trim(s, ".") == "" {
		s = "x" + s
	}
	return s
}

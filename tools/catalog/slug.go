package catalog

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sentinel-connector-docs/site/tools/kql"
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
	return safeSegment(strings.Trim(dashes.ReplaceAllString(s, "-"), "-"))
}

// TableSlug is the URL segment of a table page: the name lowercased, "_"
// turned into "-".
func TableSlug(name string) string {
	return safeSegment(strings.ReplaceAll(strings.ToLower(name), "_", "-"))
}

// maxSlugBytes bounds a slug, well under file systems' 255-byte names once
// ".md" or ".json" is added.
const maxSlugBytes = 200

// windowsReserved are names Windows will not create as files, with any
// extension.
var windowsReserved = map[string]bool{"con": true, "prn": true, "aux": true, "nul": true}

func init() {
	for i := '1'; i <= '9'; i++ {
		windowsReserved["com"+string(i)] = true
		windowsReserved["lpt"+string(i)] = true
	}
}

// safeSegment makes a slug safe as one file name and one URL path segment,
// on every system: no separators or characters file systems or URLs treat
// specially, no control, invisible or bidi characters, no dot-only or
// Windows-reserved names, at most maxSlugBytes bytes. Every slug the site
// writes a file for passes through here.
//
// It keeps only what Hugo keeps in a page's path (letters, digits, marks
// and "._~-@+"; see isAllowedPathCharacter in Hugo's common/paths), so the
// page Hugo writes is where the site's links point: Hugo would drop the "&"
// of "a&b" from the page's URL but not from a link.
func safeSegment(s string) string {
	s = kql.Clean(s) // zero-width and bidi characters
	s = strings.Map(func(r rune) rune {
		switch {
		case r < 0x20 || r == 0x7f, unicode.Is(unicode.Cc, r), unicode.Is(unicode.Cf, r):
			return -1
		case unicode.IsLetter(r), unicode.IsDigit(r), unicode.IsMark(r), strings.ContainsRune("._~-@+", r):
			return r
		}
		return '-'
	}, s)
	s = strings.Trim(dashes.ReplaceAllString(s, "-"), ".-")
	if s == "" {
		return "unnamed"
	}
	if base, _, _ := strings.Cut(s, "."); windowsReserved[base] {
		s = "_" + s
	}
	if len(s) > maxSlugBytes {
		sum := sha256.Sum256([]byte(s))
		cut := maxSlugBytes - 9
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "-" + hex.EncodeToString(sum[:4])
	}
	return s
}

// uniqueSlug returns slug, or slug with a short hash of key when another
// key already took it, and records the choice in taken.
func uniqueSlug(slug, key string, taken map[string]string) string {
	if owner, ok := taken[slug]; ok && owner != key {
		sum := sha256.Sum256([]byte(key))
		slug = slug + "-" + hex.EncodeToString(sum[:3])
	}
	taken[slug] = key
	return slug
}

// Package markup turns the markdown-with-some-HTML of connector and solution
// files into safe HTML. It renders with goldmark (the renderer Hugo itself
// uses) and sanitizes with bluemonday, in the preprocessor, so the site's
// templates only ever print HTML that has already been cleaned, and Hugo
// template syntax in the input stays literal text.
package markup

import (
	"bytes"
	"html"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"
)

var (
	// md renders text that holds raw HTML; bluemonday cleans the result.
	md = goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithRendererOptions(gmhtml.WithUnsafe()), // raw HTML is sanitized below
	)
	// mdSafe renders text without "<": goldmark's safe mode escapes what
	// could be HTML and drops dangerous link URLs, so its output needs no
	// sanitizer. Most connector text takes this path, which is much faster.
	mdSafe = goldmark.New(goldmark.WithExtensions(extension.GFM))
	policy = newPolicy()
	strict = bluemonday.StrictPolicy()
)

func newPolicy() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireNoFollowOnLinks(false)
	p.AddTargetBlankToFullyQualifiedLinks(false)
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^language-[a-zA-Z0-9_-]+$`)).OnElements("code")
	return p
}

// HTML renders markdown source to sanitized HTML. Empty input gives "".
func HTML(src string) string {
	src = strings.TrimSpace(src)
	if src == "" {
		return ""
	}
	if isPlain(src) {
		return "<p>" + strings.ReplaceAll(src, `"`, "&quot;") + "</p>"
	}
	var buf bytes.Buffer
	if !strings.Contains(src, "<") {
		if err := mdSafe.Convert([]byte(src), &buf); err == nil && !hasUnsafeURL(buf.String()) {
			return strings.TrimSpace(buf.String())
		}
		buf.Reset()
	}
	if err := md.Convert([]byte(src), &buf); err != nil {
		return Text(src)
	}
	return strings.TrimSpace(policy.Sanitize(buf.String()))
}

// isPlain reports whether src is one line of words and punctuation in
// which markdown finds nothing to do: it starts with a letter and holds no
// character that opens markup, HTML, an entity or an escape, and nothing
// that GFM would turn into a link. goldmark renders such a line as one
// paragraph of the text itself (with " escaped), so HTML skips the parser
// for it; many labels and sentences of connector files are like this.
// FuzzPlainMatchesGoldmark checks that the two agree.
func isPlain(s string) bool {
	c := s[0]
	if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !plainByte[s[i]] {
			return false
		}
	}
	return !strings.Contains(s, "://") && !hasWWW(s)
}

// hasWWW reports whether s contains "www." in any case.
func hasWWW(s string) bool {
	for i := strings.IndexByte(s, '.'); i >= 0; {
		if i >= 3 && s[i-3]|0x20 == 'w' && s[i-2]|0x20 == 'w' && s[i-1]|0x20 == 'w' {
			return true
		}
		next := strings.IndexByte(s[i+1:], '.')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return false
}

// plainByte marks the bytes isPlain accepts.
var plainByte = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for _, c := range ` .,;:'"()?/-` {
		t[c] = true
	}
	return t
}()

// Inline renders a one-line markdown fragment (a label, a title) without the
// wrapping paragraph.
func Inline(src string) string {
	// A title such as "1. Install" or "- Note" must not become a list.
	src = strings.TrimSpace(src)
	if src != "" && strings.IndexByte("0123456789-+*>#", src[0]) >= 0 {
		src = orderedStart.ReplaceAllString(src, `$1\$2$3`)
		src = bulletStart.ReplaceAllString(src, `\$1$2`)
	}
	h := HTML(src)
	if strings.HasPrefix(h, "<p>") && strings.HasSuffix(h, "</p>") && strings.Count(h, "<p>") == 1 {
		return h[3 : len(h)-4]
	}
	return h
}

var (
	orderedStart = regexp.MustCompile(`^(\d+)([.)])(\s)`)
	bulletStart  = regexp.MustCompile(`^([-+*>#])(\s)`)
)

// isSingleSpaced reports whether s is ASCII words separated by single spaces,
// which strings.Fields and Join would give back unchanged.
func isSingleSpaced(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || c < ' ' || c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' ') {
			return false
		}
	}
	return true
}

var tags = regexp.MustCompile(`<[^>]*>`)

// Text strips markup from src and returns plain text, for titles and
// attributes.
func Text(src string) string {
	if !strings.ContainsAny(src, "<&") {
		if isSingleSpaced(src) {
			return src
		}
		return strings.Join(strings.Fields(src), " ")
	}
	stripped := strict.Sanitize(tags.ReplaceAllString(src, " "))
	return strings.Join(strings.Fields(html.UnescapeString(stripped)), " ")
}

// hasUnsafeURL reports whether rendered HTML has a link or image URL with a
// scheme other than http, https or mailto (goldmark's safe mode only drops
// javascript:, vbscript:, file: and most data: URLs); such output goes
// through the sanitizer like HTML input does.
func hasUnsafeURL(h string) bool {
	for _, attr := range []string{`href="`, `src="`} {
		for rest := h; ; {
			i := strings.Index(rest, attr)
			if i < 0 {
				break
			}
			rest = rest[i+len(attr):]
			u := strings.ToLower(rest[:strings.IndexByte(rest, '"')+1])
			if c := strings.IndexByte(u, ':'); c >= 0 && !strings.ContainsAny(u[:c], "/?#") {
				if scheme := u[:c]; scheme != "http" && scheme != "https" && scheme != "mailto" {
					return true
				}
			}
		}
	}
	return false
}

package catalog

import (
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"strings"
)

// logoExts are the image types copied into the site.
var logoExts = map[string]bool{".svg": true, ".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".webp": true}

// maxLogoSize bounds a logo file; larger ones are left out.
const maxLogoSize = 1 << 20

var imgSrc = regexp.MustCompile(`(?i)src\s*=\s*["']([^"']+)["']`)

// logoPath finds the repository path of the logo a value refers to: an
// <img> tag or a URL or path to the repository's Logos/ folder, or a path
// relative to the file that names it. It returns "" when the value names no
// file that exists in the source (the page then shows a placeholder; logos
// are never hot-linked).
func logoPath(fsys fs.FS, value, fromFile string) string {
	value = strings.TrimSpace(value)
	if m := imgSrc.FindStringSubmatch(value); m != nil {
		value = m[1]
	}
	if value == "" || fsys == nil {
		return ""
	}
	var p string
	if i := strings.Index(strings.ToLower(value), "/logos/"); i >= 0 {
		p = "Logos/" + value[i+len("/logos/"):]
	} else if u, err := url.Parse(value); err == nil && u.Scheme == "" && u.Host == "" {
		p = path.Clean(path.Join(path.Dir(fromFile), value))
	} else {
		return ""
	}
	if un, err := url.PathUnescape(p); err == nil {
		p = un
	}
	if strings.HasPrefix(p, "../") || !logoExts[strings.ToLower(path.Ext(p))] || !fs.ValidPath(p) {
		return ""
	}
	info, err := fs.Lstat(fsys, p) // a link could lead out of the source tree
	if err != nil || !info.Mode().IsRegular() || info.Size() > maxLogoSize {
		return ""
	}
	return p
}

// LogoURL is where the site serves a logo copied from the repository path p.
func LogoURL(p string) string {
	if p == "" {
		return ""
	}
	return "/logos/" + path.Base(p)
}

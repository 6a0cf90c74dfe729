// Package gitsource fetches the parts of an Azure-Sentinel repository that
// the generator reads, from a git URL with an optional ref
// ("https://github.com/Azure/Azure-Sentinel.git@master"), into a cache
// folder: a shallow fetch of one commit and a sparse checkout of the
// connector, solution, parser and logo folders. The next run fetches the
// ref again and updates the same folder.
package gitsource

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// SparsePaths are the repository paths checked out (gitignore syntax).
var SparsePaths = []string{
	"/Solutions/*/Data Connectors/",
	"/Solutions/*/DataConnectors/",
	"/Solutions/*/Data Connector/",
	"/Solutions/*/Data/",
	"/Solutions/*/Parsers/",
	"/Solutions/*/Package/mainTemplate.json",
	"/Solutions/*/SolutionMetadata.json",
	"/DataConnectors/",
	"/Logos/",
}

// IsURL reports whether a -source value names a git repository rather than
// a folder.
func IsURL(s string) bool {
	for _, p := range []string{"https://", "http://", "file://", "ssh://", "git@"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// Split separates "URL@ref" into the URL and the ref ("" when none). The ref
// follows the last "@" after the URL's path starts, so user@host forms keep
// their "@".
func Split(s string) (url, ref string) {
	pathStart := 0
	if i := strings.Index(s, "://"); i >= 0 {
		pathStart = i + 3
		if j := strings.Index(s[pathStart:], "/"); j >= 0 {
			pathStart += j
		}
	} else if i := strings.Index(s, ":"); i >= 0 { // git@host:owner/repo
		pathStart = i
	}
	if i := strings.LastIndex(s, "@"); i > pathStart {
		return s[:i], s[i+1:]
	}
	return s, ""
}

// Fetch makes cacheDir hold a sparse checkout of ref (the remote's default
// branch when empty) of the repository at url, and returns its folder.
// Progress goes to log.
func Fetch(ctx context.Context, url, ref, cacheDir string, log func(string)) (string, error) {
	sum := sha256.Sum256([]byte(url))
	dir := filepath.Join(cacheDir, "git-"+hex.EncodeToString(sum[:8]))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	git := func(args ...string) error {
		cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("git %s: %w\n%s", strings.Join(args, " "), err, strings.TrimSpace(out.String()))
		}
		return nil
	}
	if _, err := os.Stat(filepath.Join(dir, ".git")); err != nil {
		log(fmt.Sprintf("Cloning %s into %s (shallow, sparse)", url, dir))
		if err := git("init", "--quiet"); err != nil {
			return "", err
		}
		if err := git("remote", "add", "origin", url); err != nil {
			return "", err
		}
	} else {
		log(fmt.Sprintf("Updating %s in %s", url, dir))
		if err := git("remote", "set-url", "origin", url); err != nil {
			return "", err
		}
	}
	if err := git(append([]string{"sparse-checkout", "set", "--no-cone"}, SparsePaths...)...); err != nil {
		return "", err
	}
	want := ref
	if want == "" {
		want = "HEAD"
	}
	if err := git("fetch", "--quiet", "--depth", "1", "origin", want); err != nil {
		return "", err
	}
	if err := git("checkout", "--quiet", "--force", "FETCH_HEAD"); err != nil {
		return "", err
	}
	return dir, nil
}

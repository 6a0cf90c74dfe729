package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	cp "github.com/otiai10/copy"
)

// startServe runs serve with args on a free port until the test ends and
// returns the site's base URL, once its home page is up, and its output.
func startServe(t *testing.T, args ...string) (string, *syncBuffer) {
	t.Helper()
	port := freePort(t)
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	served := make(chan error, 1)
	go func() {
		served <- run(ctx, append([]string{"serve", "-port", strconv.Itoa(port)}, args...), out, out)
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-served; err != nil {
			t.Errorf("serve: %v\n%s", err, out.String())
		}
	})
	base := "http://127.0.0.1:" + strconv.Itoa(port)
	eventually(t, 2*time.Minute, "serve up", func() bool { return strings.Contains(fetch(base+"/"), "<h1") })
	return base, out
}

// waitForSearch waits for serve's first search index, and fails the test
// when serve turned search off.
func waitForSearch(t *testing.T, out *syncBuffer) {
	t.Helper()
	eventually(t, 2*time.Minute, "the search index or a notice that search is off", func() bool {
		return strings.Contains(out.String(), "Search index ready") || strings.Contains(out.String(), "Search is off")
	})
	if strings.Contains(out.String(), "Search is off") {
		t.Fatalf("serve turned search off:\n%s", out.String())
	}
}

// typeSearch types query into the search page's box and waits for a result
// that links want; with want "", for the status to say there is none.
func typeSearch(t *testing.T, ctx context.Context, base, query, want string) {
	t.Helper()
	do(t, ctx,
		chromedp.Navigate(base+"/search/"),
		chromedp.WaitVisible(chromedp.CSS("#search-input")),
		chromedp.SendKeys(chromedp.CSS("#search-input"), query),
	)
	done := fmt.Sprintf(`Array.from(document.querySelectorAll("#search-results a")).some(a => a.pathname === %q)`, want)
	if want == "" {
		done = `document.getElementById("search-status").textContent === "No results."`
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](done, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		links := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#search-results a")).map(a => a.pathname)`)
		t.Fatalf("typing %q found %q, want %q: %v", query, links, want, err)
	}
}

// TestBrowserServeSearch runs the README's first command as on a fresh
// clone: package.json but no node_modules, and nothing installed yet, so
// serve installs Pagefind with npm (one line) and indexes the embedded
// sample. Typing a connector's title into the search box finds its page.
func TestBrowserServeSearch(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: starts hugo server and installs Pagefind from the npm registry")
	}
	if chromiumPath() == "" {
		t.Skip("no Chromium found (apt-get install chromium, or set CHROMIUM): browser tests skipped")
	}
	if _, err := exec.LookPath("npm"); err != nil {
		t.Skip("no npm to install Pagefind with: skipped")
	}
	site := t.TempDir()
	if err := copySite(site); err != nil {
		t.Fatal(err)
	}
	base, out := startServe(t, "-site", site, "-cache", t.TempDir())
	waitForSearch(t, out)
	_, version, err := pinnedPagefind(site)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), "Installing Pagefind "+version+" with npm (once)...\n"); n != 1 {
		t.Errorf("%d install lines, want 1:\n%s", n, out.String())
	}
	if n := strings.Count(out.String(), "npm"); n != 1 {
		t.Errorf("npm is named %d times in the output; only the install line should:\n%s", n, out.String())
	}
	ctx := chromium(t)
	typeSearch(t, ctx, base, "Contoso EdgeWall via AMA", "/connectors/contosoedgewallama/")
	saveShot(t, ctx, "serve-search.png")
}

// TestBrowserServeSearchFollowsEdit renames a connector under serve and
// expects the search index to find it by its new title.
func TestBrowserServeSearchFollowsEdit(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: starts hugo server")
	}
	if chromiumPath() == "" {
		t.Skip("no Chromium found (apt-get install chromium, or set CHROMIUM): browser tests skipped")
	}
	src := t.TempDir()
	if err := cp.Copy(filepath.Join(repoRoot, "tools", "sample", "corpus"), src); err != nil {
		t.Fatal(err)
	}
	site := t.TempDir()
	if err := copySite(site); err != nil {
		t.Fatal(err)
	}
	base, out := startServe(t, "-source", src, "-site", site)
	if strings.Contains(out.String(), "Search is off") {
		t.Skipf("no Pagefind and no npm to install it with: skipped\n%s", out.String())
	}
	waitForSearch(t, out)
	ctx := chromium(t)
	typeSearch(t, ctx, base, "Quokkascope", "")

	file := filepath.Join(src, "Solutions", "Litware Threat Intelligence", "Data Connectors", "LitwareVulnFeed.json")
	orig, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	edited := bytes.Replace(orig, []byte(`"Litware Vulnerability Intelligence"`), []byte(`"Litware Quokkascope"`), 1)
	if bytes.Equal(edited, orig) {
		t.Fatal("the sample's title changed; update this test")
	}
	if err := os.WriteFile(file, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	took := eventually(t, 30*time.Second, "the index updated after the edit", func() bool {
		return strings.Contains(out.String(), "Search index updated")
	})
	t.Logf("the index followed the edit in %v", took)
	typeSearch(t, ctx, base, "Quokkascope", "/connectors/litwarevulnfeed/")
}

// TestBrowserSearchOffNotice loads the search page of a site built without
// a search index: it must say, legibly, that search is off and how to turn
// it on.
func TestBrowserSearchOffNotice(t *testing.T) {
	ctx := chromium(t)
	base := serveSample(t, builtSample(t), func(p string) bool { return strings.HasPrefix(p, "/pagefind/") })
	do(t, ctx, chromedp.Navigate(base+"/search/?q=Contoso"), chromedp.WaitVisible(chromedp.CSS("#search-off")))
	text := eval[string](t, ctx, `document.getElementById("search-off").innerText`)
	for _, want := range []string{"Search is not enabled", "Node.js", "go run ./tools/connectordocs serve"} {
		if !strings.Contains(text, want) {
			t.Errorf("the notice does not say %q: %q", want, text)
		}
	}
	if bad := eval[[]string](t, ctx, contrastJS); len(bad) > 0 {
		t.Errorf("text under WCAG AA contrast: %q", bad)
	}
	saveShot(t, ctx, "search-off.png")
}

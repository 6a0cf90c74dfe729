package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// The browser tests drive headless Chromium (Debian's chromium package)
// over the built sample site, served on loopback. They skip, saying why,
// when Chromium or the search index is missing (the build installs Pagefind
// with npm when it can); .ci/run installs both.

func chromiumPath() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser starts Chromium against the sample site and returns a context for
// chromedp actions and the site's base URL.
func browser(t *testing.T) (context.Context, string) {
	t.Helper()
	ctx := chromium(t)
	site := builtSample(t)
	if _, err := os.Stat(filepath.Join(site, "public", "pagefind", "pagefind.js")); err != nil {
		t.Skip("the sample was built without a search index (no npm to install Pagefind with): browser tests skipped")
	}
	return ctx, serveSample(t, site, nil)
}

// serveSample serves the built sample's public/ on loopback with the
// production headers, except the paths hide answers 404 for, and returns
// its base URL.
func serveSample(t *testing.T, site string, hide func(path string) bool) string {
	t.Helper()
	headers := siteHeaders(t)
	files := http.FileServer(http.Dir(filepath.Join(site, "public")))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range headers {
			w.Header().Set(k, v)
		}
		if hide != nil && hide(r.URL.Path) {
			http.NotFound(w, r)
			return
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// chromium starts headless Chromium, or skips the test where there is none,
// and returns a context for chromedp actions.
func chromium(t *testing.T) context.Context {
	t.Helper()
	bin := chromiumPath()
	if bin == "" {
		t.Skip("no Chromium found (apt-get install chromium, or set CHROMIUM): browser tests skipped")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, 45*time.Second)
	t.Cleanup(cancelTimeout)
	return ctx
}

// siteHeaders returns the headers netlify.toml sets on every page, so the
// browser tests run under the production Content-Security-Policy: search
// results appearing proves it lets Pagefind's script and WebAssembly run.
func siteHeaders(t *testing.T) map[string]string {
	t.Helper()
	var conf struct {
		Headers []struct {
			For    string            `toml:"for"`
			Values map[string]string `toml:"values"`
		} `toml:"headers"`
	}
	if _, err := toml.DecodeFile(filepath.Join(repoRoot, "netlify.toml"), &conf); err != nil {
		t.Fatal(err)
	}
	for _, h := range conf.Headers {
		if h.For == "/*" {
			return h.Values
		}
	}
	t.Fatal("netlify.toml sets no headers for /*")
	return nil
}

func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

func location(t *testing.T, ctx context.Context) *url.URL {
	t.Helper()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// resultsLinks waits for search results and returns their paths.
func resultLinks(t *testing.T, ctx context.Context) []string {
	t.Helper()
	do(t, ctx, chromedp.WaitVisible(chromedp.CSS("#search-results a")))
	return eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#search-results a")).map(a => new URL(a.href).pathname)`)
}

func TestBrowserSearchFindsConnector(t *testing.T) {
	ctx, base := browser(t)
	do(t, ctx,
		chromedp.Navigate(base+"/"),
		chromedp.SendKeys(chromedp.CSS("#site-search-input"), "Contoso EdgeWall via AMA\r"),
		chromedp.WaitVisible(chromedp.CSS("#search-results a")),
	)
	if u := location(t, ctx); u.Path != "/search/" || u.Query().Get("q") != "Contoso EdgeWall via AMA" {
		t.Fatalf("the header search went to %s", u)
	}
	links := resultLinks(t, ctx)
	found := false
	for _, l := range links {
		found = found || l == "/connectors/contosoedgewallama/"
	}
	if !found {
		t.Errorf("the connector's page is not among the results %q", links)
	}
	saveShot(t, ctx, "search-results.png")
	kinds := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("#search-results .result-kind")).map(e => e.textContent)`)
	if len(kinds) == 0 || kinds[0] == "" {
		t.Errorf("results do not show their kind: %q", kinds)
	}
}

func TestBrowserResultToTableAndBack(t *testing.T) {
	ctx, base := browser(t)
	do(t, ctx, chromedp.Navigate(base+"/search/?q=NorthwindSignIn_CL"))
	links := resultLinks(t, ctx)
	if !containsString(links, "/tables/northwindsignin-cl/") {
		t.Fatalf("no table page among the results %q", links)
	}
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`#search-results a[href$="/tables/northwindsignin-cl/"]`)),
		chromedp.WaitVisible(chromedp.CSS("article.table-page h1")),
	)
	if p := location(t, ctx).Path; p != "/tables/northwindsignin-cl/" {
		t.Fatalf("the result opened %s", p)
	}
	// Back may restore the page from the back/forward cache without a load
	// event, so wait for the results rather than for a navigation.
	eval[chromedp.Void](t, ctx, `history.back()`)
	waitFor(t, ctx, `location.pathname === "/search/" && document.querySelector("#search-results a") !== null`)
	if u := location(t, ctx); u.Path != "/search/" || u.Query().Get("q") != "NorthwindSignIn_CL" {
		t.Errorf("back went to %s, want the search with its query", u)
	}
}

func TestBrowserFilterSearchByKind(t *testing.T) {
	ctx, base := browser(t)
	do(t, ctx, chromedp.Navigate(base+"/search/?q=Woodgrove"))
	resultLinks(t, ctx)
	do(t, ctx, chromedp.Poll[chromedp.Void](`document.querySelectorAll('select[data-filter="kind"] option').length > 1`))
	eval[chromedp.Void](t, ctx, `(() => { const s = document.querySelector('select[data-filter="kind"]'); s.value = "Solution"; s.dispatchEvent(new Event("change")); })()`)
	do(t, ctx, chromedp.Poll[chromedp.Void](`Array.from(document.querySelectorAll("#search-results a")).every(a => a.pathname.startsWith("/solutions/")) && document.querySelectorAll("#search-results a").length > 0`, chromedp.WithPollingTimeout(10*time.Second)))
}

func TestBrowserFilterConnectorsByMethod(t *testing.T) {
	ctx, base := browser(t)
	var api []struct {
		Slug             string `json:"slug"`
		CollectionMethod string `json:"collectionMethod"`
	}
	if err := json.Unmarshal([]byte(readPublic(t, builtSample(t), "api/connectors.json")), &api); err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, c := range api {
		if c.CollectionMethod == "CCF" {
			want++
		}
	}
	do(t, ctx, chromedp.Navigate(base+"/connectors/"), chromedp.WaitVisible(chromedp.CSS("#connector-filters")))
	eval[chromedp.Void](t, ctx, `(() => { const s = document.querySelector('#connector-filters select[name="method"]'); s.value = "ccf"; s.dispatchEvent(new Event("change")); })()`)
	shown := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("tr[data-method]")).filter(r => !r.hidden && r.offsetParent !== null).map(r => r.dataset.method)`)
	if len(shown) != want {
		t.Errorf("%d rows shown, want the %d CCF connectors", len(shown), want)
	}
	for _, m := range shown {
		if m != "ccf" {
			t.Errorf("a %q row is shown under the CCF filter", m)
		}
	}
	if text := eval[string](t, ctx, `document.getElementById("filter-count").textContent`); !strings.Contains(text, "Showing") {
		t.Errorf("filter count says %q", text)
	}
}

func TestBrowserKeyboardOnly(t *testing.T) {
	ctx, base := browser(t)
	do(t, ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("#site-search-input")))
	reached := false
	for i := 0; i < 15 && !reached; i++ {
		do(t, ctx, chromedp.KeyEvent("\t"))
		reached = eval[string](t, ctx, `document.activeElement.id`) == "site-search-input"
	}
	if !reached {
		t.Fatal("Tab never reached the search box")
	}
	outline := eval[string](t, ctx, `getComputedStyle(document.activeElement).outlineStyle`)
	if outline == "none" {
		t.Error("the focused search box shows no focus outline")
	}
	do(t, ctx, chromedp.KeyEvent("Litware Vulnerability Intelligence\r"), chromedp.WaitVisible(chromedp.CSS("#search-results a")))
	if eval[string](t, ctx, `document.activeElement.id`) != "search-input" {
		t.Fatal("the search page does not put the focus in its search box")
	}
	do(t, ctx, chromedp.KeyEvent("\r"), chromedp.WaitVisible(chromedp.CSS("article.connector h1")))
	if p := location(t, ctx).Path; p != "/connectors/litwarevulnfeed/" {
		t.Errorf("Enter opened %s, want the connector page", p)
	}
}

// TestBrowserScreenshots saves screenshots of a connector page (desktop,
// dark mode, phone) as test artifacts, in $TEST_ARTIFACTS or a temporary
// folder; the log says where. Look at them.
func TestBrowserScreenshots(t *testing.T) {
	ctx, base := browser(t)
	dir := artifactDir(t)
	dark := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}},
		})
		return err
	})
	shots := []struct {
		name  string
		setup []chromedp.Action[chromedp.Void]
	}{
		{"connector-desktop.png", []chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(1280, 900)}},
		{"connector-dark.png", []chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(1280, 900), dark}},
		{"connector-phone.png", []chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(375, 812, chromedp.EmulateScale(2))}},
	}
	for _, s := range shots {
		do(t, ctx, s.setup...)
		do(t, ctx, chromedp.Navigate(base+"/connectors/northwindidentityccf/"), chromedp.WaitVisible(chromedp.CSS("article.connector h1")))
		if s.name == "connector-phone.png" {
			wide := eval[[]string](t, ctx, `Array.from(document.querySelectorAll("body *")).filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !(e.parentElement && e.parentElement.getBoundingClientRect().right > window.innerWidth + 1)).map(e => e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().right) + " " + e.textContent.slice(0, 40) + " in " + e.parentElement.tagName + "." + e.parentElement.className).slice(0, 5)`)
			if eval[bool](t, ctx, `document.documentElement.scrollWidth > window.innerWidth + 1`) {
				t.Errorf("the connector page scrolls sideways on a 375 px phone (%s); too wide: %q", eval[string](t, ctx, `[window.innerWidth, document.documentElement.scrollWidth, document.body.scrollWidth, document.documentElement.clientWidth].join(" ")`), wide)
			}
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, s.name)
		if err := os.WriteFile(p, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", p)
	}
}

// artifactDir is where screenshots go: $TEST_ARTIFACTS or a temporary
// folder.
func artifactDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("TEST_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "connectordocs-artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// saveShot saves a screenshot of the viewport as a test artifact.
func saveShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(artifactDir(t), name)
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", p)
}

// waitFor polls a JavaScript predicate until it holds, across navigations
// (which end a chromedp.Poll), for at most ten seconds.
func waitFor(t *testing.T, ctx context.Context, predicate string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](predicate)); err == nil && ok {
			return
		}
		_, _ = chromedp.Run(ctx, chromedp.Poll[chromedp.Void](predicate, chromedp.WithPollingTimeout(time.Second)))
	}
	t.Fatalf("%s did not become true", predicate)
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// contrastJS lists the text of a page whose contrast with its background is
// under WCAG AA's 4.5:1 (3:1 for large text). It checks every element with
// its own text, except disabled controls, which WCAG exempts.
const contrastJS = `(() => {
  const parse = c => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null; const p = m[1].split(",").map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const background = el => { for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a > 0.5) return c; } return parse(getComputedStyle(document.documentElement).backgroundColor) || {r: 255, g: 255, b: 255, a: 1}; };
  const bad = [];
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest("[aria-disabled], [hidden], .visually-hidden, .skip-link")) continue;
    const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length) continue;
    const style = getComputedStyle(el), fg = parse(style.color), bg = background(el);
    if (!fg) continue;
    const l1 = lum(fg), l2 = lum(bg), ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) bad.push(el.tagName + "." + el.className + " " + ratio.toFixed(2) + " " + el.textContent.trim().slice(0, 30));
  }
  return bad.slice(0, 10);
})()`

// TestBrowserContrast checks WCAG AA contrast on the pages with the most
// kinds of text, in light and dark mode.
func TestBrowserContrast(t *testing.T) {
	ctx, base := browser(t)
	for _, scheme := range []string{"light", "dark"} {
		do(t, ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
			})
			return err
		}))
		for _, page := range []string{"/connectors/northwindidentityccf/", "/connectors/", "/tables/commonsecuritylog/", "/search/?q=Contoso"} {
			do(t, ctx, chromedp.Navigate(base+page), chromedp.WaitVisible(chromedp.CSS("h1")))
			if strings.Contains(page, "search") {
				do(t, ctx, chromedp.WaitVisible(chromedp.CSS("#search-results a")))
			}
			if bad := eval[[]string](t, ctx, contrastJS); len(bad) > 0 {
				t.Errorf("%s, %s mode: text under WCAG AA contrast: %q", page, scheme, bad)
			}
		}
	}
}

// TestBrowserContentFacets narrows a search to the High-severity content
// with the severity filter, and to a tactic with the tactic filter.
func TestBrowserContentFacets(t *testing.T) {
	ctx, base := browser(t)
	do(t, ctx, chromedp.Navigate(base+"/search/?q=Fabrikam"))
	resultLinks(t, ctx)
	do(t, ctx, chromedp.Poll[chromedp.Void](`document.querySelectorAll('select[data-filter="severity"] option').length > 1 && document.querySelectorAll('select[data-filter="tactic"] option').length > 1`))
	choose := func(filter, value string) {
		eval[chromedp.Void](t, ctx, `(() => { const s = document.querySelector('select[data-filter="`+filter+`"]'); s.value = "`+value+`"; s.dispatchEvent(new Event("change")); })()`)
	}
	choose("severity", "High")
	do(t, ctx, chromedp.Poll[chromedp.Void](`(() => { const a = Array.from(document.querySelectorAll("#search-results a")); return a.length > 0 && a.every(x => x.pathname.startsWith("/analytic-rules/fabrikam-api-key")); })()`, chromedp.WithPollingTimeout(10*time.Second)))
	choose("severity", "")
	choose("tactic", "Persistence")
	do(t, ctx, chromedp.Poll[chromedp.Void](`(() => { const a = Array.from(document.querySelectorAll("#search-results a")); return a.length > 0 && a.every(x => x.pathname.startsWith("/analytic-rules/")); })()`, chromedp.WithPollingTimeout(10*time.Second)))
}

// TestBrowserAttackMatrix checks the connector page's ATT&CK matrix as a
// reader sees it: a column per Enterprise tactic, side by side, the
// technique the rules name in its tactic's column, and the page scrolling
// the matrix, not itself, on a phone.
func TestBrowserAttackMatrix(t *testing.T) {
	ctx, base := browser(t)
	do(t, ctx, chromedp.Navigate(base+"/connectors/contosoedgewallama/"), chromedp.WaitVisible(chromedp.CSS(".matrix")))
	cols := eval[int](t, ctx, `document.querySelectorAll(".matrix > .tactic").length`)
	if cols != 14 {
		t.Errorf("%d tactic columns, want the 14 of the Enterprise matrix", cols)
	}
	sideBySide := eval[bool](t, ctx, `(() => { const c = document.querySelectorAll(".matrix > .tactic"); return c[0].getBoundingClientRect().top === c[1].getBoundingClientRect().top && c[0].getBoundingClientRect().left < c[1].getBoundingClientRect().left; })()`)
	if !sideBySide {
		t.Error("the tactic columns are not side by side")
	}
	cell := eval[string](t, ctx, `(() => { const c = Array.from(document.querySelectorAll(".matrix > .tactic")).find(e => e.querySelector(".tactic-name a").textContent === "Discovery"); return c ? c.querySelector(".techniques").textContent : ""; })()`)
	if !strings.Contains(cell, "T1046") {
		t.Errorf("the Discovery column shows %q, want T1046", cell)
	}
	saveShot(t, ctx, "attack-matrix.png")
	do(t, ctx, chromedp.EmulateViewport(375, 812, chromedp.EmulateScale(2)), chromedp.Navigate(base+"/connectors/contosoedgewallama/"), chromedp.WaitVisible(chromedp.CSS(".matrix")))
	if over := eval[bool](t, ctx, `document.documentElement.scrollWidth > window.innerWidth + 1`); over {
		t.Error("on a phone the page scrolls sideways; only the matrix should")
	}
}

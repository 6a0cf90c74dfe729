package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestPagefindVersion(t *testing.T) {
	tests := []struct {
		json, want, err string
	}{
		{`{"devDependencies": {"pagefind": "1.6.0", "other": "2.0.0"}}`, "1.6.0", ""},
		{`{"devDependencies": {"pagefind": "1.7.0-beta.1"}}`, "1.7.0-beta.1", ""},
		{`{"devDependencies": {"pagefind": "^1.6.0"}}`, "", "not an exact version"},
		{`{"devDependencies": {"pagefind": "latest"}}`, "", "not an exact version"},
		{`{"dependencies": {"pagefind": "1.6.0"}}`, "", "devDependencies has no pagefind"},
		{`{"devDependencies": `, "", "unexpected end"},
	}
	for _, tt := range tests {
		got, err := pagefindVersion([]byte(tt.json))
		if got != tt.want || (err == nil) != (tt.err == "") || (err != nil && !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("pagefindVersion(%s) = %q, %v; want %q, error with %q", tt.json, got, err, tt.want, tt.err)
		}
	}
}

// TestProjectPinsPagefind reads the project's own package.json, which build
// and serve install Pagefind from.
func TestProjectPinsPagefind(t *testing.T) {
	dir, v, err := pinnedPagefind(repoRoot)
	if err != nil || dir != repoRoot || !exactVersion.MatchString(v) {
		t.Errorf("pinnedPagefind(%s) = %q, %q, %v", repoRoot, dir, v, err)
	}
}

// fakeNpm writes an npm that records its arguments in dir/npm.log and, when
// ok, installs a stand-in Pagefind under its --prefix; when not, it fails
// as npm does without the registry.
func fakeNpm(t *testing.T, dir string, ok bool) {
	t.Helper()
	script := `#!/bin/sh
PATH=/usr/bin:/bin
echo "$*" >> "` + filepath.Join(dir, "npm.log") + `"
`
	if ok {
		script += `prefix=
while [ $# -gt 0 ]; do
  if [ "$1" = --prefix ]; then prefix=$2; fi
  shift
done
mkdir -p "$prefix/node_modules/.bin"
printf '#!/bin/sh\n' > "$prefix/node_modules/.bin/pagefind"
chmod +x "$prefix/node_modules/.bin/pagefind"
`
	} else {
		script += `echo "npm error code E404" >&2
echo "npm error 404 Not Found - GET https://registry.npmjs.org/pagefind" >&2
exit 1
`
	}
	if err := os.WriteFile(filepath.Join(dir, "npm"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
}

func npmCalls(dir string) []string {
	b, _ := os.ReadFile(filepath.Join(dir, "npm.log"))
	return strings.Fields(strings.TrimSpace(strings.ReplaceAll(string(b), " ", "_")))
}

// TestFindPagefind decides where Pagefind comes from, without the network:
// npm is a stand-in on PATH, or missing.
func TestFindPagefind(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the stand-in npm is a shell script")
	}
	const installLine = "Installing Pagefind 9.8.7 with npm (once)...\n"
	tests := []struct {
		name     string
		explicit string // -pagefind: "", "present" or "missing"
		project  bool   // node_modules/.bin/pagefind in the site folder (npm ci)
		cached   bool   // installed in -cache by an earlier run
		npm      string // "ok", "fails", or "" for none on PATH
		want     string // "explicit", "project", "cache" or "" (search off)
		out      string // all it prints, or with "~" first, a part of it
		calls    int    // npm runs
	}{
		{name: "explicit", explicit: "present", npm: "ok", want: "explicit"},
		{name: "explicit but missing", explicit: "missing", project: true, npm: "ok", out: "~Search is off: -pagefind ", calls: 0},
		{name: "npm ci ran", project: true, cached: true, npm: "ok", want: "project"},
		{name: "installed before", cached: true, npm: "ok", want: "cache"},
		{name: "install", npm: "ok", want: "cache", out: installLine, calls: 1},
		{name: "install fails", npm: "fails", out: "~" + installLine + "Search is off: npm install pagefind@9.8.7: exit status 1\nnpm error code E404\n", calls: 1},
		{name: "no npm", out: "Search is off: npm was not found; install Node.js and run again (or run npm ci) to enable it\n"},
		{name: "no npm, installed before", cached: true, want: "cache"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site, cache, path := t.TempDir(), t.TempDir(), t.TempDir()
			t.Setenv("PATH", path)
			if tt.npm != "" {
				fakeNpm(t, path, tt.npm == "ok")
			}
			if err := os.WriteFile(filepath.Join(site, "package.json"), []byte(`{"devDependencies": {"pagefind": "9.8.7"}}`), 0o644); err != nil {
				t.Fatal(err)
			}
			bins := map[string]string{
				"explicit": filepath.Join(t.TempDir(), "pagefind"),
				"project":  filepath.Join(site, "node_modules", ".bin", "pagefind"),
				"cache":    filepath.Join(cache, "pagefind-9.8.7", "node_modules", ".bin", "pagefind"),
			}
			for name, present := range map[string]bool{"explicit": tt.explicit == "present", "project": tt.project, "cache": tt.cached} {
				if present {
					writeFile(t, bins[name], "#!/bin/sh\n")
				}
			}
			var out bytes.Buffer
			opt := options{siteDir: site, cacheDir: cache, stdout: &out, stderr: &out}
			if tt.explicit != "" {
				opt.pagefind = bins["explicit"]
			}
			got := findPagefind(context.Background(), opt)
			if got != bins[tt.want] {
				t.Errorf("found %q, want the %s one (%q)", got, tt.want, bins[tt.want])
			}
			if want, part := strings.CutPrefix(tt.out, "~"); (part && !strings.HasPrefix(out.String(), want)) || (!part && out.String() != want) {
				t.Errorf("printed %q, want %q", out.String(), tt.out)
			}
			if calls := npmCalls(path); len(calls) != tt.calls {
				t.Errorf("npm ran %d times (%q), want %d", len(calls), calls, tt.calls)
			}
			if tt.npm == "fails" {
				if left, _ := os.ReadDir(cache); len(left) != 0 {
					t.Errorf("a failed install left %v in the cache", left)
				}
			}
			if tt.calls == 1 && got != "" {
				if call := npmCalls(path)[0]; !strings.HasPrefix(call, "install_--prefix_") || !strings.HasSuffix(call, "_--no-save_--no-audit_--no-fund_pagefind@9.8.7") {
					t.Errorf("npm ran as %q", call)
				}
				// Once: the next run finds it and says nothing.
				out.Reset()
				if again := findPagefind(context.Background(), opt); again != got || out.Len() != 0 || len(npmCalls(path)) != 1 {
					t.Errorf("the next run found %q, printed %q, ran npm %d times", again, out.String(), len(npmCalls(path)))
				}
			}
		})
	}
}

func writeFile(t *testing.T, p, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
}

// TestBuildWithoutNpm builds the sample where npm is missing: the build
// succeeds, says in one line that search is off and how to turn it on, and
// the search page carries the notice that search.js shows.
func TestBuildWithoutNpm(t *testing.T) {
	hugoBin, err := hugoPath(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("CONNECTORDOCS_HUGO", hugoBin)
	t.Setenv("PATH", t.TempDir())
	site := t.TempDir()
	if err := copySite(site); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"build", "-site", site, "-cache", t.TempDir(), "-hugo-flags", "--quiet"}, &out, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if n := strings.Count(out.String(), "Search is off: npm was not found; install Node.js"); n != 1 {
		t.Errorf("%d lines say search is off:\n%s", n, out.String())
	}
	if _, err := os.Stat(filepath.Join(site, "public", "pagefind")); !os.IsNotExist(err) {
		t.Errorf("public/pagefind/ is there without Pagefind: %v", err)
	}
	page := readPublic(t, site, "search/index.html")
	if !strings.Contains(page, `id="search-off"`) || !strings.Contains(page, "install <a href=\"https://nodejs.org/\">Node.js</a>") {
		t.Error("the search page has no notice of how to enable search")
	}
}

// TestPublishIndex replaces an index with another: files of the old one go,
// unchanged files are not written again.
func TestPublishIndex(t *testing.T) {
	dst := t.TempDir()
	index := func(files map[string]string) string {
		dir := t.TempDir()
		for name, body := range files {
			writeFile(t, filepath.Join(dir, name), body)
		}
		return dir
	}
	if err := publishIndex(index(map[string]string{"pagefind-entry.json": "1", "pagefind.js": "js", "fragment/a.pf_fragment": "a"}), dst); err != nil {
		t.Fatal(err)
	}
	js, _ := os.Stat(filepath.Join(dst, "pagefind.js"))
	if err := publishIndex(index(map[string]string{"pagefind-entry.json": "2", "pagefind.js": "js", "fragment/b.pf_fragment": "b"}), dst); err != nil {
		t.Fatal(err)
	}
	var got []string
	_ = filepath.WalkDir(dst, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dst, p)
			got = append(got, filepath.ToSlash(rel)+"="+string(b))
		}
		return err
	})
	if want := "fragment/b.pf_fragment=b pagefind-entry.json=2 pagefind.js=js"; strings.Join(got, " ") != want {
		t.Errorf("published %q, want %q", got, want)
	}
	if js2, _ := os.Stat(filepath.Join(dst, "pagefind.js")); !os.SameFile(js, js2) {
		t.Error("an unchanged file was written again")
	}
}

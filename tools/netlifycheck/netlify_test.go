package netlifycheck

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

type resolved struct {
	Context string `json:"context"`
	Build   struct {
		Command     string            `json:"command"`
		Publish     string            `json:"publish"`
		Environment map[string]string `json:"environment"`
	} `json:"build"`
	Headers []struct {
		For    string            `json:"for"`
		Values map[string]string `json:"values"`
	} `json:"headers"`
	Redirects []struct {
		From   string `json:"from"`
		To     string `json:"to"`
		Status int    `json:"status"`
	} `json:"redirects"`
}

func TestNetlifyConfig(t *testing.T) {
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("no node: netlify.toml validation skipped (.ci/run has it)")
	}
	if _, err := os.Stat(filepath.Join(root, "node_modules", "@netlify", "config")); err != nil {
		t.Skip("@netlify/config not installed (run npm ci): netlify.toml validation skipped")
	}
	cmd := exec.Command("node", "validate.mjs", root)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("netlify.toml does not validate: %v\n%s", err, stderr.String())
	}
	goVersion := goDirective(t, filepath.Join(root, "go.mod"))
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	contexts := 0
	for sc.Scan() {
		var r resolved
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		contexts++
		wantURL := map[string]string{"production": "$URL", "deploy-preview": "$DEPLOY_PRIME_URL"}[r.Context]
		cmdline := r.Build.Command
		for _, part := range []string{"npm ci", "connectordocs build", "$AZURE_SENTINEL_REF", "-base-url \"" + wantURL + "\""} {
			if !strings.Contains(cmdline, part) {
				t.Errorf("%s: the build command %q lacks %q", r.Context, cmdline, part)
			}
		}
		if r.Build.Environment["AZURE_SENTINEL_REF"] == "" {
			t.Errorf("%s: no AZURE_SENTINEL_REF", r.Context)
		}
		if v := r.Build.Environment["GO_VERSION"]; !atLeast(v, goVersion) {
			t.Errorf("%s: GO_VERSION %q does not satisfy go.mod's go %s", r.Context, v, goVersion)
		}
		if !strings.HasSuffix(r.Build.Publish, "public") {
			t.Errorf("%s: publishes %q", r.Context, r.Build.Publish)
		}
		all := map[string]string{}
		for _, h := range r.Headers {
			if h.For == "/*" {
				all = h.Values
			}
		}
		csp := all["Content-Security-Policy"]
		for _, want := range []string{"default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("the Content-Security-Policy %q lacks %q", csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") {
			t.Error("the Content-Security-Policy allows inline scripts or styles")
		}
		if all["X-Content-Type-Options"] != "nosniff" || all["Referrer-Policy"] == "" {
			t.Errorf("headers for /*: %v", all)
		}
		redirects := map[string]string{}
		for _, rd := range r.Redirects {
			redirects[rd.From] = rd.To
		}
		if redirects["/connectors-index.md"] != "/connectors/" || redirects["/solutions-index.md"] != "/solutions/" {
			t.Errorf("redirects: %v", redirects)
		}
	}
	if contexts != 2 {
		t.Errorf("resolved %d contexts, want 2", contexts)
	}
}

func goDirective(t *testing.T, gomod string) string {
	b, err := os.ReadFile(gomod)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "go "); ok {
			return v
		}
	}
	t.Fatal("go.mod has no go directive")
	return ""
}

// atLeast compares dotted version numbers.
func atLeast(have, want string) bool {
	h, w := strings.Split(have, "."), strings.Split(want, ".")
	for i := 0; i < len(w); i++ {
		var hv int
		if i < len(h) {
			hv, _ = strconv.Atoi(h[i])
		}
		wv, _ := strconv.Atoi(w[i])
		if hv != wv {
			return hv > wv
		}
	}
	return true
}

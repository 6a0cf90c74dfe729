package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	cp "github.com/otiai10/copy"
)

// syncBuffer is a bytes.Buffer safe for the writes of a running server and
// the reads of a test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// eventually polls cond until it holds or the deadline passes, and reports
// how long it took.
func eventually(t *testing.T, within time.Duration, what string, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for time.Since(start) < within {
		if cond() {
			return time.Since(start)
		}
		time.Sleep(50 * time.Millisecond) // polling interval, not a wait for a result
	}
	t.Fatalf("%s: not within %v", what, within)
	return 0
}

func fetch(url string) string {
	resp, err := http.Get(url)
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// TestServeRegeneratesLive edits a connector's title in the source while
// serve runs, and expects the new title on the page within 2 seconds; then
// breaks the file and expects the last good page to stay up and the error
// to name the file; then fixes it.
func TestServeRegeneratesLive(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the serve test starts hugo server")
	}
	src := t.TempDir()
	if err := cp.Copy(filepath.Join(repoRoot, "tools", "sample", "corpus"), src); err != nil {
		t.Fatal(err)
	}
	siteDir := t.TempDir()
	if err := copySite(siteDir); err != nil {
		t.Fatal(err)
	}
	port := freePort(t)
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	served := make(chan error, 1)
	go func() {
		served <- run(ctx, []string{"serve", "-source", src, "-site", siteDir, "-port", strconv.Itoa(port)}, out, out)
	}()
	t.Cleanup(func() {
		cancel()
		<-served
	})
	page := "http://127.0.0.1:" + strconv.Itoa(port) + "/connectors/litwarevulnfeed/"
	eventually(t, 60*time.Second, "hugo server up", func() bool { return strings.Contains(fetch(page), "Litware Vulnerability Intelligence") })

	file := filepath.Join(src, "Solutions", "Litware Threat Intelligence", "Data Connectors", "LitwareVulnFeed.json")
	orig, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	edited := bytes.Replace(orig, []byte(`"Litware Vulnerability Intelligence"`), []byte(`"Litware Exploit Radar"`), 1)
	if bytes.Equal(edited, orig) {
		t.Fatal("the sample's title changed; update this test")
	}
	if err := os.WriteFile(file, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	took := eventually(t, 2*time.Second, "the new title on the page", func() bool { return strings.Contains(fetch(page), "Litware Exploit Radar") })
	t.Logf("an edit reached the page in %v", took)
	// Connector lists are rendered once per build (partialCached): the
	// table's page must show the new title too.
	base := "http://127.0.0.1:" + strconv.Itoa(port)
	eventually(t, 5*time.Second, "the new title on the table's page", func() bool {
		return strings.Contains(fetch(base+"/tables/litwarevulnerabilities-cl/"), "Litware Exploit Radar")
	})

	// Table pages come from the data through the content adapter: renaming
	// the connector's table makes the new page, and the connector page links
	// it instead of the old one. (hugo server keeps serving a removed page's
	// last rendering until it restarts, stubs or not, so the old URL is not
	// checked.)
	renamed := bytes.ReplaceAll(edited, []byte("LitwareVulnerabilities_CL"), []byte("LitwareExposures_CL"))
	if err := os.WriteFile(file, renamed, 0o644); err != nil {
		t.Fatal(err)
	}
	eventually(t, 5*time.Second, "the renamed table's page", func() bool {
		return strings.Contains(fetch(base+"/tables/litwareexposures-cl/"), "LitwareExposures_CL")
	})
	eventually(t, 5*time.Second, "the connector page linking the renamed table", func() bool {
		p := fetch(page)
		return strings.Contains(p, "/tables/litwareexposures-cl/") && !strings.Contains(p, "/tables/litwarevulnerabilities-cl/")
	})
	if err := os.WriteFile(file, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	eventually(t, 5*time.Second, "the connector page linking the table again", func() bool {
		return strings.Contains(fetch(page), "/tables/litwarevulnerabilities-cl/")
	})

	// A setup step reaches the page through the connector's page data, not
	// its stub: an edit of the step alone must show too.
	stepEdited := bytes.Replace(edited, []byte(`"Enable the workspace export in Litware"`), []byte(`"Turn on the workspace export in Litware"`), 1)
	if bytes.Equal(stepEdited, edited) {
		t.Fatal("the sample's step title changed; update this test")
	}
	if err := os.WriteFile(file, stepEdited, 0o644); err != nil {
		t.Fatal(err)
	}
	eventually(t, 2*time.Second, "the edited step on the page", func() bool {
		return strings.Contains(fetch(page), "Turn on the workspace export in Litware")
	})
	edited = stepEdited

	if err := os.WriteFile(file, edited[:len(edited)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	eventually(t, 5*time.Second, "the parse error in the output", func() bool {
		return strings.Contains(out.String(), "LitwareVulnFeed.json:") && strings.Contains(out.String(), "Keeping the last good site")
	})
	if !strings.Contains(fetch(page), "Litware Exploit Radar") {
		t.Error("the page went away while the file was broken")
	}
	if err := os.WriteFile(file, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	eventually(t, 2*time.Second, "the fixed title on the page", func() bool { return strings.Contains(fetch(page), "Litware Vulnerability Intelligence") })
}

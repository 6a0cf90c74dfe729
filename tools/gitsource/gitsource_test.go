package gitsource

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := []struct{ in, url, ref string }{
		{"https://github.com/Azure/Azure-Sentinel.git@master", "https://github.com/Azure/Azure-Sentinel.git", "master"},
		{"https://github.com/Azure/Azure-Sentinel.git", "https://github.com/Azure/Azure-Sentinel.git", ""},
		{"https://user@host.example/repo.git@v1.2", "https://user@host.example/repo.git", "v1.2"},
		{"https://user@host.example/repo.git", "https://user@host.example/repo.git", ""},
		{"file:///tmp/repo@abc123", "file:///tmp/repo", "abc123"},
		{"git@github.com:Azure/Azure-Sentinel.git@main", "git@github.com:Azure/Azure-Sentinel.git", "main"},
	}
	for _, tc := range tests {
		if url, ref := Split(tc.in); url != tc.url || ref != tc.ref {
			t.Errorf("Split(%q) = %q, %q; want %q, %q", tc.in, url, ref, tc.url, tc.ref)
		}
	}
}

func gitRun(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFetchSparseAndUpdate(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git: skipped")
	}
	repo := t.TempDir()
	gitRun(t, repo, "init", "--quiet", "--initial-branch", "main")
	write(t, filepath.Join(repo, "Solutions", "P", "Data Connectors", "c.json"), `{"v": 1}`)
	write(t, filepath.Join(repo, "Solutions", "P", "Workbooks", "w.json"), `{}`)
	write(t, filepath.Join(repo, "README.md"), "x")
	gitRun(t, repo, "add", "-A")
	gitRun(t, repo, "commit", "--quiet", "-m", "one")

	cache := t.TempDir()
	dir, err := Fetch(context.Background(), "file://"+repo, "main", cache, func(string) {})
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "Solutions", "P", "Data Connectors", "c.json")); err != nil || string(b) != `{"v": 1}` {
		t.Fatalf("connector file: %q, %v", b, err)
	}
	for _, p := range []string{"README.md", filepath.Join("Solutions", "P", "Workbooks", "w.json")} {
		if _, err := os.Stat(filepath.Join(dir, p)); err == nil {
			t.Errorf("%s was checked out; the checkout should be sparse", p)
		}
	}

	write(t, filepath.Join(repo, "Solutions", "P", "Data Connectors", "c.json"), `{"v": 2}`)
	gitRun(t, repo, "commit", "--quiet", "-am", "two")
	again, err := Fetch(context.Background(), "file://"+repo, "", cache, func(string) {})
	if err != nil {
		t.Fatal(err)
	}
	if again != dir {
		t.Errorf("the update used %s, not the cached %s", again, dir)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "Solutions", "P", "Data Connectors", "c.json")); string(b) != `{"v": 2}` {
		t.Errorf("after the update the file holds %q", b)
	}
}

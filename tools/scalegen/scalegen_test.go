package scalegen

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteIsDeterministicAndSized(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	sa, err := Write(a, 0.05, 7)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Write(b, 0.05, 7); err != nil {
		t.Fatal(err)
	}
	if sa.Connectors != 35 || sa.Solutions != 28 || sa.Tables < 100 {
		t.Errorf("stats %+v, want 35 connectors, 28 solutions, about 105 tables", sa)
	}
	err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, p)
		x, _ := os.ReadFile(p)
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs with one seed", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

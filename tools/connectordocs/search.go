package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"time"
)

// Search runs on Pagefind, an npm package. build and serve find it, or
// install the version package.json pins with npm the first time, so that
// search works from the first command; without npm the rest of the site
// still works and the search page says how to turn search on.

// pagefindExe is the name npm gives Pagefind's command in node_modules/.bin.
var pagefindExe = func() string {
	if runtime.GOOS == "windows" {
		return "pagefind.cmd"
	}
	return "pagefind"
}()

// errNoNpm says how to turn search on where npm is missing.
var errNoNpm = errors.New("npm was not found; install Node.js and run again (or run npm ci) to enable it")

// exactVersion is a version npm installs as it is, not a range.
var exactVersion = regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$`)

// pagefindVersion returns the Pagefind version a package.json pins in its
// devDependencies. It must be exact: it names the folder the install goes to.
func pagefindVersion(packageJSON []byte) (string, error) {
	var pkg struct {
		DevDependencies map[string]string `json:"devDependencies"`
	}
	if err := json.Unmarshal(packageJSON, &pkg); err != nil {
		return "", err
	}
	v, ok := pkg.DevDependencies["pagefind"]
	switch {
	case !ok:
		return "", errors.New("devDependencies has no pagefind")
	case !exactVersion.MatchString(v):
		return "", fmt.Errorf("devDependencies.pagefind is %q, not an exact version such as 1.6.0", v)
	}
	return v, nil
}

// pinnedPagefind returns the folder of the project's package.json (the site
// folder's, else the current folder's: the project root when run as the
// README says) and the Pagefind version it pins.
func pinnedPagefind(siteDir string) (dir, version string, err error) {
	for _, dir := range []string{siteDir, "."} {
		p := filepath.Join(dir, "package.json")
		b, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return "", "", err
		}
		v, err := pagefindVersion(b)
		if err != nil {
			return "", "", fmt.Errorf("%s: %w", p, err)
		}
		return dir, v, nil
	}
	return "", "", fmt.Errorf("no package.json in %s or the current folder to read Pagefind's version from", siteDir)
}

// findPagefind returns the Pagefind binary to index the site with, or "" when
// there is none; then it has printed one line saying why and how to turn
// search on. Search is never fatal: the rest of the site works without it.
func findPagefind(ctx context.Context, opt options) string {
	bin, err := locatePagefind(ctx, opt)
	if err != nil {
		fmt.Fprintf(opt.stdout, "Search is off: %v\n", err)
		return ""
	}
	return bin
}

// locatePagefind returns, in this order, the binary -pagefind names; the
// project's own (npm ci puts it in node_modules); the one an earlier run
// installed in -cache; or, installed there now with npm, the version
// package.json pins. The install prints one line and nothing else unless
// it fails.
func locatePagefind(ctx context.Context, opt options) (string, error) {
	if opt.pagefind != "" {
		if _, err := os.Stat(opt.pagefind); err != nil {
			return "", fmt.Errorf("-pagefind %s: not found", opt.pagefind)
		}
		return opt.pagefind, nil
	}
	project, version, err := pinnedPagefind(opt.siteDir)
	if err != nil {
		return "", err
	}
	if bin := filepath.Join(project, "node_modules", ".bin", pagefindExe); exists(bin) {
		return bin, nil
	}
	dir := filepath.Join(opt.cacheDir, "pagefind-"+version)
	bin := filepath.Join(dir, "node_modules", ".bin", pagefindExe)
	if exists(bin) {
		return bin, nil
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		return "", errNoNpm
	}
	fmt.Fprintf(opt.stdout, "Installing Pagefind %s with npm (once)...\n", version)
	if err := npmInstall(ctx, npm, version, dir); err != nil {
		return "", err
	}
	return bin, nil
}

// npmInstall installs pagefind@version into dir/node_modules. It installs
// into a folder beside dir and renames it, so that an install that fails or
// is interrupted leaves nothing that a later run would take for Pagefind.
func npmInstall(ctx context.Context, npm, version, dir string) error {
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), ".install-pagefind-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	cmd := exec.CommandContext(ctx, npm, "install", "--prefix", tmp, "--no-save", "--no-audit", "--no-fund", "pagefind@"+version)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("npm install pagefind@%s: %w\n%s", version, err, bytes.TrimSpace(out))
	}
	if !exists(filepath.Join(tmp, "node_modules", ".bin", pagefindExe)) {
		return fmt.Errorf("npm install pagefind@%s left no node_modules/.bin/%s", version, pagefindExe)
	}
	// A run beside this one may have finished first; its copy is as good.
	if err := os.Rename(tmp, dir); err != nil && !exists(filepath.Join(dir, "node_modules", ".bin", pagefindExe)) {
		return err
	}
	return nil
}

// indexSearch runs Pagefind over public/ after a build. public/pagefind/ is
// this build's index or nothing, never an older one.
func indexSearch(ctx context.Context, opt options) error {
	public := filepath.Join(opt.siteDir, "public")
	if err := os.RemoveAll(filepath.Join(public, "pagefind")); err != nil {
		return err
	}
	bin := findPagefind(ctx, opt)
	if bin == "" {
		return nil
	}
	if err := quiet(exec.CommandContext(ctx, bin, "--site", public)); err != nil {
		return fmt.Errorf("pagefind: %w", err)
	}
	fmt.Fprintln(opt.stdout, "Search index written to public/pagefind/.")
	return nil
}

// quiet runs cmd and returns its output only when it fails.
func quiet(cmd *exec.Cmd) error {
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%w\n%s", err, bytes.TrimSpace(out.Bytes()))
	}
	return nil
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// liveIndex keeps serve's search index up to date. hugo server writes its
// pages to public/ and serves that folder from disk, files it did not write
// included, so the index goes to public/pagefind/. It is made from a build
// of its own into a temporary folder, not from hugo server's pages: those
// are rewritten at a moment serve cannot see, and carry the live-reload
// script. Updates run one at a time in the background, after hugo server
// has rendered the change, so an edit's page is not slowed; the index
// follows it by a second and a build.
//
// A nil liveIndex is search turned off: its methods do nothing.
type liveIndex struct {
	opt  options
	bin  string        // Pagefind
	work string        // the temporary folder: the site built to index, and the new index
	kick chan struct{} // one update waiting at most: updates asked for meanwhile are one
	done chan struct{} // closed when run has returned
}

// indexDelay is how long an update waits for hugo server to render the
// change it follows (about half a second at the real repository's size).
const indexDelay = time.Second

// startSearch finds Pagefind and starts serve's index updates, or returns
// nil when search is off. Then it removes the index an earlier run left, so
// that the search page says search is off rather than search an old site.
func startSearch(ctx context.Context, opt options) (*liveIndex, error) {
	bin := findPagefind(ctx, opt)
	if bin == "" {
		return nil, os.RemoveAll(filepath.Join(opt.siteDir, "public", "pagefind"))
	}
	work, err := os.MkdirTemp("", "connectordocs-search-")
	if err != nil {
		return nil, err
	}
	x := &liveIndex{opt: opt, bin: bin, work: work, kick: make(chan struct{}, 1), done: make(chan struct{})}
	go x.run(ctx)
	return x, nil
}

// update asks for the index to be made again from the site's data as it is.
func (x *liveIndex) update() {
	if x == nil {
		return
	}
	select {
	case x.kick <- struct{}{}:
	default:
	}
}

// wait returns once run has, after its context ended.
func (x *liveIndex) wait() {
	if x != nil {
		<-x.done
	}
}

// run makes the index each time update asks, until ctx ends, then removes
// its temporary folder.
func (x *liveIndex) run(ctx context.Context) {
	defer close(x.done)
	defer os.RemoveAll(x.work)
	first := true
	for {
		select {
		case <-ctx.Done():
			return
		case <-x.kick:
		}
		// hugo server renders the change first: an index built beside it
		// took an edit's page from 0.5 s to 0.6-0.9 s at the real
		// repository's size. Changes meanwhile are folded into this update.
		select {
		case <-ctx.Done():
			return
		case <-time.After(indexDelay):
		}
		select {
		case <-x.kick:
		default:
		}
		start := time.Now()
		err := x.index(ctx)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil && len(x.kick) > 0:
			// The data changed while it was read; the next update reads it whole.
		case err != nil:
			fmt.Fprintln(x.opt.stderr, "search index:", err)
		case first:
			fmt.Fprintf(x.opt.stdout, "Search index ready (%v).\n", time.Since(start).Round(time.Millisecond))
			first = false
		default:
			fmt.Fprintf(x.opt.stdout, "Search index updated in %v.\n", time.Since(start).Round(time.Millisecond))
		}
	}
}

// index builds the site into the temporary folder, indexes it there, and
// puts the new index in place of the served one.
func (x *liveIndex) index(ctx context.Context) error {
	public := filepath.Join(x.work, "public")
	out := filepath.Join(x.work, "pagefind")
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	hugoBin, err := hugoPath(ctx)
	if err != nil {
		return err
	}
	// Without the build lock and with resources of its own, this build
	// neither waits for hugo server nor makes it wait.
	build := exec.CommandContext(ctx, hugoBin, "--source", x.opt.siteDir, "--destination", public, "--cleanDestinationDir", "--quiet", "--noBuildLock")
	build.Env = append(hugoEnv(), "HUGO_RESOURCEDIR="+filepath.Join(x.work, "resources"))
	if err := quiet(background(build)); err != nil {
		return fmt.Errorf("building the site to index: %w", err)
	}
	if err := quiet(background(exec.CommandContext(ctx, x.bin, "--site", public, "--output-path", out))); err != nil {
		return fmt.Errorf("pagefind: %w", err)
	}
	return publishIndex(out, filepath.Join(x.opt.siteDir, "public", "pagefind"))
}

// background makes cmd end with serve, and run at the lowest CPU priority
// (through nice(1) where there is one), so that the index made meanwhile
// leaves the CPUs to hugo server rendering the edit.
func background(cmd *exec.Cmd) *exec.Cmd {
	cmd.SysProcAttr = childAttr()
	nice, err := exec.LookPath("nice")
	if err != nil || runtime.GOOS == "windows" {
		return cmd
	}
	cmd.Args = append([]string{nice, "-n", "19", cmd.Path}, cmd.Args[1:]...)
	cmd.Path = nice
	return cmd
}

// publishIndex puts the index in src in place of the one in dst so that a
// search running meanwhile reads the old index or the new, not a mix: the
// files pagefind-entry.json points to go first (their names are their
// content's hash, or fixed for a Pagefind version), the entry file next,
// and the old index's files, which nothing points to any more, go last.
// Unchanged files are left alone.
func publishIndex(src, dst string) error {
	const entry = "pagefind-entry.json"
	var files []string
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(src, p)
			if rel != entry {
				files = append(files, rel)
			}
		}
		return err
	})
	if err != nil {
		return err
	}
	files = append(files, entry)
	keep := map[string]bool{}
	for _, rel := range files {
		keep[rel] = true
		if err := replaceFile(filepath.Join(src, rel), filepath.Join(dst, rel)); err != nil {
			return err
		}
	}
	return filepath.WalkDir(dst, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if rel, _ := filepath.Rel(dst, p); !keep[rel] {
			return os.Remove(p)
		}
		return nil
	})
}

// replaceFile gives dst the bytes of src in one rename, unless it has them.
func replaceFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if old, err := os.ReadFile(dst); err == nil && bytes.Equal(old, b) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(dst), ".new-")
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), dst)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

package main

import (
	"context"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/sentinel-connector-docs/site/tools/report"
	"github.com/sentinel-connector-docs/site/tools/site"
	"github.com/sentinel-connector-docs/site/tools/source"
)

// serve generates the site, starts hugo server on it, and regenerates what
// changed whenever a file of the source tree changes. hugo server watches
// data/, content/ and the layouts itself and reloads the browser. A change
// that breaks a file that parsed before is reported with its place and not
// written, so the last good site stays up until the file is fixed. The
// search index is made in the background once the server starts, and again
// after each regeneration.
func serve(ctx context.Context, opt options) error {
	cache := source.NewCache()
	if err := generateWith(opt, cache); err != nil {
		return err
	}
	bin, err := hugoPath(ctx)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	search, err := startSearch(ctx, opt)
	if err != nil {
		return err
	}
	defer func() {
		cancel()
		search.wait()
	}()
	cmd := exec.CommandContext(ctx, bin, "server", "--source", opt.siteDir, "--port", strconv.Itoa(opt.port), "--bind", opt.bind)
	cmd.Stdout, cmd.Stderr = opt.stdout, opt.stderr
	cmd.Env = hugoEnv()
	cmd.SysProcAttr = childAttr()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting hugo server: %w", err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	go func() {
		// The first index waits for hugo server's first build, as later
		// ones wait for its rebuilds.
		if serving(ctx, opt) {
			search.update()
		}
	}()

	if opt.source != "" {
		w, err := newWatcher(opt.source)
		if err != nil {
			return err
		}
		defer w.Close()
		go regenerateOnChange(ctx, opt, w, cache, search)
	}
	select {
	case err := <-done:
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("hugo server: %w", err)
	case <-ctx.Done():
		<-done
		return nil
	}
}

// serving waits until hugo server answers, and says whether it did before
// ctx ended.
func serving(ctx context.Context, opt options) bool {
	host := opt.bind
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	url := "http://" + net.JoinHostPort(host, strconv.Itoa(opt.port)) + "/"
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return false
		}
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			return true
		}
		select {
		case <-ctx.Done():
			return false
		case <-tick.C:
		}
	}
}

// newWatcher watches dir and every folder below it (fsnotify is not
// recursive; folders created later are added as they appear).
func newWatcher(dir string) (*fsnotify.Watcher, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			return w.Add(p)
		}
		return err
	})
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("watching %s: %w", dir, err)
	}
	return w, nil
}

// debounce is how long the watcher waits for more events before it
// regenerates: editors save in several steps.
const debounce = 100 * time.Millisecond

func regenerateOnChange(ctx context.Context, opt options, w *fsnotify.Watcher, cache *source.Cache, search *liveIndex) {
	// The files that did not parse at the first run are no reason to keep
	// the old site; only a file that breaks from now on is.
	lastGood := unparseable(nil)
	if cat, _, _, err := loadCached(opt, cache); err == nil {
		lastGood = unparseable(cat.Issues)
	}
	syncer := site.NewSyncer(opt.siteDir)
	// Hash the site now, so the first edit is as quick as the ones after it
	// (the first run already filled the cache).
	if err := syncer.Prime(); err != nil {
		fmt.Fprintln(opt.stderr, "reading the site:", err)
	}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					_ = w.Add(ev.Name)
				}
			}
			timer.Reset(debounce)
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			fmt.Fprintln(opt.stderr, "watching the source:", err)
		case <-timer.C:
			start := time.Now()
			cat, label, fsys, err := loadCached(opt, cache)
			if err != nil {
				fmt.Fprintln(opt.stderr, "regenerating:", err)
				continue
			}
			now := unparseable(cat.Issues)
			if broken := newlyBroken(lastGood, now); len(broken) > 0 {
				for _, i := range broken {
					fmt.Fprintf(opt.stderr, "%s\n", i)
				}
				fmt.Fprintln(opt.stderr, "Keeping the last good site; fix the file to continue.")
				continue
			}
			lastGood = now
			if err := syncer.Sync(cat, site.Meta{Source: label, FS: fsys, IndexPageSize: opt.indexPageSize}); err != nil {
				fmt.Fprintln(opt.stderr, "regenerating:", err)
				continue
			}
			fmt.Fprintf(opt.stdout, "Regenerated %d connectors from %s in %v.\n", len(cat.Connectors), label, time.Since(start).Round(time.Millisecond))
			search.update()
		}
	}
}

// unparseable returns the files that could not be parsed, with their issue.
func unparseable(issues []report.Issue) map[string]report.Issue {
	m := map[string]report.Issue{}
	for _, i := range issues {
		if i.Kind == report.Unparseable {
			m[i.File] = i
		}
	}
	return m
}

// newlyBroken lists the files that parse no longer.
func newlyBroken(before, now map[string]report.Issue) []report.Issue {
	var out []report.Issue
	for f, i := range now {
		if _, was := before[f]; !was {
			out = append(out, i)
		}
	}
	return out
}

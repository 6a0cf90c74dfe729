package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/sentinel-connector-docs/site/tools/catalog"
	"github.com/sentinel-connector-docs/site/tools/check"
	"github.com/sentinel-connector-docs/site/tools/gitsource"
	"github.com/sentinel-connector-docs/site/tools/report"
	"github.com/sentinel-connector-docs/site/tools/sample"
	"github.com/sentinel-connector-docs/site/tools/site"
	"github.com/sentinel-connector-docs/site/tools/source"
)

// errUsage is returned after a usage message has been printed.
var errUsage = errors.New("usage")

// options are the flags shared by every command.
type options struct {
	source        string // Azure-Sentinel checkout; "" for the embedded sample
	siteDir       string // the Hugo project folder
	repoURL       string
	tablesRef     string
	strict        bool
	port          int
	bind          string
	baseURL       string
	hugoFlags     string
	reference     string
	minTables     float64 // check fails below these same-version shares
	minMethods    float64
	pagefind      string
	cacheDir      string
	cpuProfile    string
	indexPageSize int
	stdout        io.Writer
	stderr        io.Writer
	logVerbose    bool
}

const usage = `connectordocs turns Microsoft Sentinel data connector definitions into a Hugo site.

Usage:
  connectordocs generate [flags]   read the source, write data/
  connectordocs build [flags]      generate, then build the site into public/ with the pinned Hugo
  connectordocs serve [flags]      generate, then preview with hugo server
  connectordocs check -reference DIR [flags]
                                   compare tables and collection methods with a reference extraction

Without -source the embedded sample corpus (fictional vendors) is used.
Run "connectordocs <command> -h" for the flags of a command.
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, usage)
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	cmd := args[0]
	switch cmd {
	case "generate", "build", "serve", "check":
	default:
		fmt.Fprintf(stderr, "unknown command %q\n\n%s", cmd, usage)
		return errUsage
	}
	opt := options{stdout: stdout, stderr: stderr}
	fl := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.StringVar(&opt.source, "source", "", "what to read: an Azure-Sentinel checkout (a folder with Solutions/), or a git URL with an optional @ref (https://github.com/Azure/Azure-Sentinel.git@master), fetched shallow and sparse into -cache; empty for the embedded sample")
	fl.StringVar(&opt.cacheDir, "cache", defaultCacheDir(), "folder for git sources and for the Pagefind that build and serve install")
	fl.StringVar(&opt.siteDir, "site", ".", "the Hugo project folder: data/ and content/ are written here, public/ is built here")
	fl.StringVar(&opt.repoURL, "repo-url", catalog.DefaultRepoURL, "base URL of source-file links on the pages")
	fl.StringVar(&opt.tablesRef, "tables-reference", "", "CSV of table facts (columns of the Solutions Analyzer's tables_reference.csv); the sample's own file when reading the sample")
	fl.IntVar(&opt.indexPageSize, "index-page-size", site.DefaultPageSize, "the most rows a page of the connectors, solutions or tables index shows; bigger indexes are split into pages")
	fl.BoolVar(&opt.strict, "strict", false, "exit non-zero when anything was reported, not only when no connector was found")
	fl.BoolVar(&opt.logVerbose, "v", false, "log every reported issue, and how long each stage took")
	fl.StringVar(&opt.cpuProfile, "cpuprofile", "", "write a CPU profile of the run to this file (for performance work)")
	if cmd == "build" {
		fl.StringVar(&opt.baseURL, "base-url", "", "the site's base URL, the root of its host, passed to Hugo as --baseURL (default: config.toml's)")
		fl.StringVar(&opt.hugoFlags, "hugo-flags", "", "extra flags for Hugo, space-separated (e.g. \"--panicOnWarning --minify\")")
	}
	if cmd == "build" || cmd == "serve" {
		fl.StringVar(&opt.pagefind, "pagefind", "", "the Pagefind binary that indexes the site for search (default: node_modules/.bin/pagefind after npm ci, else the version package.json pins, installed with npm into -cache on first use); without it the rest of the site works and the search page says how to enable search")
	}
	if cmd == "check" {
		fl.StringVar(&opt.reference, "reference", "", "folder with the reference CSV files (connectors.csv, solutions_connectors_tables_mapping_simplified.csv)")
		fl.Float64Var(&opt.minTables, "min-tables", check.Aims.Tables, "fail when fewer of the connectors read at the reference's version have identical table sets (a share, 0 to 1)")
		fl.Float64Var(&opt.minMethods, "min-methods", check.Aims.Method, "fail when fewer of them have the same collection method (a share, 0 to 1)")
	}
	if cmd == "serve" {
		fl.IntVar(&opt.port, "port", 1313, "port for hugo server")
		fl.StringVar(&opt.bind, "bind", "127.0.0.1", "interface for hugo server to listen on")
	}
	fl.Usage = func() {
		fmt.Fprintf(stderr, "Usage: connectordocs %s [flags]\n\nFlags:\n", cmd)
		fl.PrintDefaults()
	}
	if err := fl.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "unexpected arguments: %q\n", fl.Args())
		return errUsage
	}

	if err := checkBaseURL(opt.baseURL); err != nil {
		return err
	}
	if opt.cpuProfile != "" {
		f, err := os.Create(opt.cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if gitsource.IsURL(opt.source) {
		repo, ref := gitsource.Split(opt.source)
		dir, err := gitsource.Fetch(ctx, repo, ref, opt.cacheDir, func(msg string) { fmt.Fprintln(opt.stdout, msg) })
		if err != nil {
			return fmt.Errorf("-source %s: %w", opt.source, err)
		}
		opt.source = dir
	}
	if cmd == "check" {
		return runCheck(opt)
	}
	if cmd == "serve" {
		return serve(ctx, opt)
	}
	if err := generate(opt); err != nil {
		return err
	}
	switch cmd {
	case "build":
		args := []string{"--source", opt.siteDir, "--cleanDestinationDir"}
		if opt.baseURL != "" {
			args = append(args, "--baseURL", opt.baseURL)
		}
		args = append(args, strings.Fields(opt.hugoFlags)...)
		if err := hugo(ctx, opt, args...); err != nil {
			return err
		}
		return indexSearch(ctx, opt)
	}
	return nil
}

// loadFS reads the source into the catalog, and returns it with a label
// for messages and the source tree, for the files read later (logos, and
// the connector files check searches).
func loadFS(opt options) (*catalog.Catalog, string, fs.FS, error) {
	return loadCached(opt, nil)
}

// loadCached is loadFS that reuses, through cache, what an earlier run
// decoded from files that have not changed since (serve's regenerations).
// A nil cache decodes everything.
func loadCached(opt options, cache *source.Cache) (*catalog.Catalog, string, fs.FS, error) {
	fsys, label, err := openSource(opt.source)
	if err != nil {
		return nil, "", nil, err
	}
	facts, err := tableFacts(opt)
	if err != nil {
		return nil, "", nil, err
	}
	rep := &report.Report{}
	t0 := time.Now()
	tree, err := source.OpenCached(fsys, rep, cache)
	if err != nil {
		return nil, "", nil, fmt.Errorf("reading %s: %w", label, err)
	}
	t1 := time.Now()
	cat := catalog.Build(tree, catalog.Options{RepoURL: opt.repoURL, TableFacts: facts}, rep)
	if opt.logVerbose {
		fmt.Fprintf(opt.stderr, "listed %s in %.2f s, read it and built the catalog in %.2f s\n", label, t1.Sub(t0).Seconds(), time.Since(t1).Seconds())
	}
	return cat, label, fsys, nil
}

// runCheck compares the catalog with a reference extraction and fails when
// agreement is below -min-tables or -min-methods.
func runCheck(opt options) error {
	if opt.reference == "" {
		fmt.Fprintln(opt.stderr, "check needs -reference DIR")
		return errUsage
	}
	ref, err := check.LoadReference(opt.reference)
	if err != nil {
		return fmt.Errorf("-reference: %w", err)
	}
	cat, _, fsys, err := loadFS(opt)
	if err != nil {
		return err
	}
	read := func(p string) string {
		b, _ := fs.ReadFile(fsys, p)
		return string(b)
	}
	res := check.Compare(cat, ref, read)
	res.Print(opt.stdout)
	if floor := (check.Floor{Tables: opt.minTables, Method: opt.minMethods}); !res.Meets(floor) {
		return fmt.Errorf("same-version agreement %.1f%% tables, %.1f%% methods: below -min-tables %.1f%% or -min-methods %.1f%%",
			100*res.SameVersion.Tables(), 100*res.SameVersion.Method(), 100*floor.Tables, 100*floor.Method)
	}
	return nil
}

// generate reads the source and writes the site's data, then
// prints the summary line that accounts for every connector.
func generate(opt options) error {
	return generateWith(opt, nil)
}

// generateWith is generate that decodes through cache (see loadCached), so
// serve's later regenerations reuse what its first run decoded.
func generateWith(opt options, cache *source.Cache) error {
	cat, label, fsys, err := loadCached(opt, cache)
	if err != nil {
		return err
	}
	if opt.logVerbose {
		log := slog.New(slog.NewTextHandler(opt.stderr, nil))
		for _, i := range cat.Issues {
			log.Warn(i.Message, "kind", i.Kind, "file", i.File, "line", i.Line)
		}
	}
	t2 := time.Now()
	if err := site.Write(cat, opt.siteDir, site.Meta{Source: label, FS: fsys, IndexPageSize: opt.indexPageSize}); err != nil {
		return fmt.Errorf("writing the site's data: %w", err)
	}
	if opt.logVerbose {
		fmt.Fprintf(opt.stderr, "wrote the site's data in %.2f s\n", time.Since(t2).Seconds())
	}
	printSummary(opt.stdout, cat, label, opt.siteDir)
	switch {
	case cat.Found == 0:
		return fmt.Errorf("no connector definition found in %s (is it an Azure-Sentinel checkout with a Solutions folder?)", label)
	case opt.strict && len(cat.Issues) > 0:
		return fmt.Errorf("-strict: %d issue(s) reported", len(cat.Issues))
	}
	return nil
}

func defaultCacheDir() string {
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "connectordocs")
	}
	return filepath.Join(os.TempDir(), "connectordocs-cache")
}

func openSource(dir string) (fs.FS, string, error) {
	if dir == "" {
		return sample.FS(), "the embedded sample", nil
	}
	info, err := os.Stat(dir)
	if err != nil {
		return nil, "", fmt.Errorf("-source: %w", err)
	}
	if !info.IsDir() {
		return nil, "", fmt.Errorf("-source %s: not a folder", dir)
	}
	if _, err := os.Stat(filepath.Join(dir, "Solutions")); err != nil {
		return nil, "", fmt.Errorf("-source %s: no Solutions folder; point it at the root of an Azure-Sentinel checkout", dir)
	}
	return os.DirFS(dir), dir, nil
}

func tableFacts(opt options) (map[string]catalog.TableFacts, error) {
	var data []byte
	var err error
	switch {
	case opt.tablesRef != "":
		data, err = os.ReadFile(opt.tablesRef)
	case opt.source == "":
		data, err = sample.TablesReference()
	default:
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("-tables-reference: %w", err)
	}
	facts, err := catalog.LoadTableFacts(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("-tables-reference %s: %w", opt.tablesRef, err)
	}
	return facts, nil
}

func printSummary(w io.Writer, cat *catalog.Catalog, label, siteDir string) {
	errs, warns := 0, 0
	unparseable := 0
	for _, i := range cat.Issues {
		if i.Severity == report.Error {
			errs++
		} else {
			warns++
		}
		if i.Kind == report.Unparseable {
			unparseable++
		}
	}
	fmt.Fprintf(w, "Read %s: %d connectors found = %d pages written + %d reported as errors.\n",
		label, cat.Found, len(cat.Connectors), cat.Found-len(cat.Connectors))
	fmt.Fprintf(w, "%d definitions read: %d duplicate(s) reported, %d solution-package copies set aside.\n",
		cat.Definitions, cat.Definitions-cat.Found-cat.PackageCopies, cat.PackageCopies)
	f := cat.Files
	fmt.Fprintf(w, "%d JSON files in connector folders = %d define connectors + %d are parts of one (rule, poller, tables, function app) + %d reported (%d unparseable, %d with nothing recognized, %d parts no connector uses); %d other files (code, docs) not read.\n",
		f.JSON, f.Definitions, f.Parts, f.Unparseable+f.Nothing+f.Unused, f.Unparseable, f.Nothing, f.Unused, f.NotRead)
	fmt.Fprintf(w, "Wrote %d connector, %d solution and %d table pages, and %d content item, %d parser and %d ASIM parser pages.\n",
		len(cat.Connectors), len(cat.Solutions), len(cat.Tables), len(cat.Content), len(cat.Parsers), len(cat.ASIM))
	if f.Unparseable > 0 {
		fmt.Fprintf(w, "%d connector file(s) could not be parsed: the connectors in them have no page, and the report names the ids each had begun to define.\n", f.Unparseable)
	}
	if other := unparseable - f.Unparseable; other > 0 {
		fmt.Fprintf(w, "%d content, parser or solution file(s) could not be parsed; the report names each with its place.\n", other)
	}
	fmt.Fprintf(w, "Report: %d error(s), %d warning(s) in %s.\n", errs, warns, filepath.Join(siteDir, "data", "api", "report.json"))
}

// hugo runs the Hugo pinned in go.mod with args, from the module root.
func hugo(ctx context.Context, opt options, args ...string) error {
	bin, err := hugoPath(ctx)
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdout, cmd.Stderr = opt.stdout, opt.stderr
	cmd.Env = hugoEnv()
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil // interrupted: hugo server stopped as asked
		}
		return fmt.Errorf("hugo %s: %w", strings.Join(args, " "), err)
	}
	return nil
}

// hugoEnv is the environment for Hugo: a cache limit and a soft memory
// limit keep its peak near 1 GB on big trees (Hugo's default cache limit is
// a quarter of the machine's memory). A value the user set wins.
func hugoEnv() []string {
	env := os.Environ()
	if os.Getenv("HUGO_MEMORYLIMIT") == "" {
		env = append(env, "HUGO_MEMORYLIMIT=0.5")
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		env = append(env, "GOMEMLIMIT=1GiB")
	}
	// Collecting garbage less often makes a build at the real repository's
	// size about a seventh faster; the limit above still bounds the peak.
	if os.Getenv("GOGC") == "" {
		env = append(env, "GOGC=400")
	}
	return env
}

// hugoPath asks the go command where the pinned Hugo binary is, building it
// on first use.
func hugoPath(ctx context.Context) (string, error) {
	if p := os.Getenv("CONNECTORDOCS_HUGO"); p != "" {
		return p, nil
	}
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, "go", "tool", "-n", "hugo")
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("finding the pinned Hugo (go tool -n hugo): %v: %s", err, stderr.String())
	}
	return strings.TrimSpace(string(out)), nil
}

// checkBaseURL refuses a base URL with a path: the layouts and the JSON API
// write internal links from the root of the host (/connectors/<slug>/), so
// the pages of a site served below a path would link outside it.
func checkBaseURL(base string) error {
	if base == "" {
		return nil
	}
	u, err := url.Parse(base)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return fmt.Errorf("-base-url %q: not an absolute URL such as https://example.org/", base)
	}
	if strings.Trim(u.Path, "/") != "" {
		return fmt.Errorf("-base-url %q: the site must be served from the root of its host, not below %s", base, u.Path)
	}
	return nil
}

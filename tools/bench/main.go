// Command bench measures the whole pipeline on synthetic trees at 1× and
// 10× the real repository's size (tools/scalegen) and prints each stage's
// time and peak memory next to the floors the targets are stated against:
//
//	(a) reading and JSON-decoding the same input files and nothing else,
//	    one file after another, with encoding/json (this command, run with
//	    -read-decode);
//	(b) the same pinned Hugo building the same pages (the generated
//	    content, data, static files and configuration) with one-line
//	    layouts, so that the ratio is what the site's layouts cost;
//
// and three more for context: (a′) floor (a) done with generate's own JSON
// reader (source.DecodeJSON), which takes less than half of encoding/json's
// time, so that a reader of the figures sees how much of generate is not
// decoding; (b′) Hugo building a bare site with as many pages; and (c)
// writing as many files, of the same sizes, as generate writes. It also measures, at 1×, how long one connector edit takes to
// reach its page under serve, and checks the targets of BENCHMARKS.md.
//
// Every stage runs as its own process, as a user runs it, in a fresh
// folder (as on a first run or a CI machine). The work folder is on
// /dev/shm when the machine has it: on a virtual disk, creating files can
// take five times longer from one run to the next, which would swamp the
// ratios; -dir puts it elsewhere. Run it from the repository root:
//
//	go run ./tools/bench            # 1× and 10×
//	go run ./tools/bench -scales 1  # 1× only
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/sentinel-connector-docs/site/tools/scalegen"
	"github.com/sentinel-connector-docs/site/tools/source"
)

func main() {
	scales := flag.String("scales", "1,10", "comma-separated scales to measure (1 = the real repository's size)")
	seed := flag.Uint64("seed", 1, "seed of the synthetic trees")
	keep := flag.Bool("keep", false, "keep the temporary folders")
	dir := flag.String("dir", defaultDir(), "where to make the work folder")
	readDecode := flag.String("read-decode", "", "only read and decode the files below this folder (floor (a), run as its own process)")
	ownReader := flag.Bool("own-reader", false, "with -read-decode: decode with generate's reader instead of encoding/json (a′)")
	flag.Parse()
	if *readDecode != "" {
		readAndDecode(*readDecode, *ownReader)
		return
	}
	if err := run(*scales, *seed, *keep, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// measure is one stage's wall time and the peak resident memory of the
// process that ran it.
type measure struct {
	wall time.Duration
	rss  int64 // bytes
}

func (m measure) String() string {
	return fmt.Sprintf("%7.2f s %6d MB", m.wall.Seconds(), m.rss>>20)
}

type result struct {
	scale                  float64
	inputFiles             int
	inputBytes             int64
	floorA, floorB, floorC measure
	ownReader              measure // (a′)
	bare                   measure // (b′)
	generate, hugo, index  measure
	pages                  int
	outBytes               int64
	writtenFiles           int
	edit                   time.Duration
}

// defaultDir is /dev/shm when it is a writable folder with room for the
// 10× run (about 6 GB), else the system's temporary folder.
func defaultDir() string {
	var st syscall.Statfs_t
	if syscall.Statfs("/dev/shm", &st) != nil || uint64(st.Bavail)*uint64(st.Bsize) < 6<<30 {
		return os.TempDir()
	}
	if f, err := os.CreateTemp("/dev/shm", "connectordocs-probe-"); err == nil {
		f.Close()
		os.Remove(f.Name())
		return "/dev/shm"
	}
	return os.TempDir()
}

func run(scaleList string, seed uint64, keep bool, parent string) error {
	root, err := os.MkdirTemp(parent, "connectordocs-bench-")
	if err != nil {
		return err
	}
	if !keep {
		defer os.RemoveAll(root)
	}
	fmt.Printf("Machine: %s/%s, %d CPUs, Go %s. Work folder: %s\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version(), root)
	bin := filepath.Join(root, "connectordocs")
	if out, err := exec.Command("go", "build", "-o", bin, "./tools/connectordocs").CombinedOutput(); err != nil {
		return fmt.Errorf("building connectordocs: %v\n%s", err, out)
	}
	hugo, err := exec.Command("go", "tool", "-n", "hugo").Output()
	if err != nil {
		return fmt.Errorf("go tool -n hugo: %w", err)
	}
	hugoBin := strings.TrimSpace(string(hugo))
	pagefind, _ := filepath.Abs(filepath.Join("node_modules", ".bin", "pagefind"))

	var results []result
	for _, s := range strings.Split(scaleList, ",") {
		scale, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return fmt.Errorf("-scales: %w", err)
		}
		r, err := measureScale(root, bin, hugoBin, pagefind, scale, seed)
		if err != nil {
			return err
		}
		results = append(results, r)
	}
	report(os.Stdout, results)
	return nil
}

func measureScale(root, bin, hugoBin, pagefind string, scale float64, seed uint64) (result, error) {
	r := result{scale: scale}
	dir := filepath.Join(root, fmt.Sprintf("x%g", scale))
	src := filepath.Join(dir, "source")
	fmt.Printf("\n%g×: writing the synthetic tree...\n", scale)
	st, err := scalegen.Write(src, scale, seed)
	if err != nil {
		return r, err
	}
	r.inputFiles, r.inputBytes = st.Files, st.Bytes
	// Runs vary by a tenth or more on a shared machine: take the median of
	// five, and run each stage in turn with its floor (alternate), so that
	// a slow spell of the machine falls on both.
	runs := 5
	// The synthetic tree was made in this process: give its memory back, so
	// that the collector does not run beside the measured stages.
	debug.FreeOSMemory()
	self, err := os.Executable()
	if err != nil {
		return r, err
	}
	fmt.Printf("%g×: generate and floor (a), reading and decoding the input, in turn...\n", scale)
	var site string
	n := 0
	if r.floorA, r.generate, err = alternate(runs, func() (measure, error) { return child(self, "-read-decode", src) }, func() (measure, error) {
		n++
		if site != "" {
			os.RemoveAll(site) // a site is 1.3 GB at 10×; the last one is kept
		}
		site = filepath.Join(dir, fmt.Sprintf("site-%d", n))
		if err := copyProject(site); err != nil {
			return measure{}, err
		}
		return child(bin, "generate", "-source", src, "-site", site)
	}); err != nil {
		return r, err
	}
	if r.ownReader, err = median(3, func() (measure, error) { return child(self, "-read-decode", src, "-own-reader") }); err != nil {
		return r, err
	}
	r.writtenFiles, _ = countFiles(filepath.Join(site, "data"))

	fmt.Printf("%g×: hugo and floor (b), the same site with one-line layouts, in turn...\n", scale)
	trivial := filepath.Join(dir, "trivial-layouts")
	if err := trivialLayouts(site, trivial); err != nil {
		return r, err
	}
	// Each run builds into a fresh folder, and the one before it is removed:
	// at 10× a built site is 2 GB, and five of each would fill /dev/shm.
	var public, publicB string
	if r.floorB, r.hugo, err = alternate(runs, func() (measure, error) {
		os.RemoveAll(publicB)
		publicB = freshDir(dir, "public-b")
		return childEnv(hugoEnv, hugoBin, "--source", trivial, "--quiet", "--destination", publicB)
	}, func() (measure, error) {
		os.RemoveAll(public)
		public = freshDir(dir, "public")
		return childEnv(hugoEnv, hugoBin, "--source", site, "--quiet", "--destination", public)
	}); err != nil {
		return r, err
	}
	r.pages, r.outBytes = countHTML(public)
	if _, err := os.Stat(pagefind); err == nil {
		fmt.Printf("%g×: pagefind...\n", scale)
		if r.index, err = child(pagefind, "--site", public); err != nil {
			return r, err
		}
	}

	fmt.Printf("%g×: floor (b′), a bare site with %d pages...\n", scale, r.pages)
	bare := filepath.Join(dir, "bare")
	if err := bareSite(bare, r.pages); err != nil {
		return r, err
	}
	if r.bare, err = median(runs, func() (measure, error) {
		return childEnv(hugoEnv, hugoBin, "--source", bare, "--quiet", "--destination", freshDir(dir, "public-bare"))
	}); err != nil {
		return r, err
	}

	fmt.Printf("%g×: floor (c), writing %d files...\n", scale, r.writtenFiles)
	r.floorC = inProcess(func() {
		rewrite(filepath.Join(site, "data"), freshDir(dir, "writes"))
	})

	if scale == 1 {
		fmt.Printf("%g×: one edit under serve...\n", scale)
		if r.edit, err = editUnderServe(bin, src, dir); err != nil {
			return r, err
		}
	}
	return r, nil
}

// hugoEnv is the environment build gives Hugo (its memory limits and GC
// pace), for every Hugo run measured.
var hugoEnv = []string{"HUGO_MEMORYLIMIT=0.5", "GOMEMLIMIT=1GiB", "GOGC=400"}

// freshDir returns a new folder name under dir, for one run's output.
func freshDir(dir, prefix string) string {
	d, err := os.MkdirTemp(dir, prefix+"-")
	if err != nil {
		return filepath.Join(dir, prefix)
	}
	os.Remove(d) // Hugo and the writers create it
	return d
}

// inProcess times f in this process; its peak memory is not separated from
// the benchmark's own and is reported as 0.
func inProcess(f func()) measure {
	runtime.GC()
	syscall.Sync() // earlier stages' writes must not be flushed on this one's time
	start := time.Now()
	f()
	return measure{wall: time.Since(start)}
}

// alternate runs a and b in turn, n times each, and returns the run with
// the median wall time of each.
func alternate(n int, a, b func() (measure, error)) (measure, measure, error) {
	var as, bs []measure
	for i := 0; i < n; i++ {
		for _, f := range []struct {
			run  func() (measure, error)
			into *[]measure
		}{{a, &as}, {b, &bs}} {
			m, err := f.run()
			if err != nil {
				return measure{}, measure{}, err
			}
			*f.into = append(*f.into, m)
		}
	}
	return middle(as), middle(bs), nil
}

// middle returns the run with the median wall time.
func middle(ms []measure) measure {
	sort.Slice(ms, func(i, j int) bool { return ms[i].wall < ms[j].wall })
	return ms[len(ms)/2]
}

// median runs f n times and returns the run with the median wall time.
func median(n int, f func() (measure, error)) (measure, error) {
	var ms []measure
	for i := 0; i < n; i++ {
		m, err := f()
		if err != nil {
			return m, err
		}
		ms = append(ms, m)
	}
	return middle(ms), nil
}

// child runs a command and returns its wall time and peak resident memory.
func child(name string, args ...string) (measure, error) {
	return childEnv(nil, name, args...)
}

// childEnv is child with extra environment variables.
func childEnv(env []string, name string, args ...string) (measure, error) {
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	syscall.Sync() // earlier stages' writes must not be flushed on this one's time
	start := time.Now()
	err := cmd.Run()
	m := measure{wall: time.Since(start)}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.rss = ru.Maxrss * 1024
	}
	if err != nil {
		return m, fmt.Errorf("%s %v: %v\n%s", filepath.Base(name), args, err, out.String())
	}
	return m, nil
}

// readAndDecode is floor (a): read every input file and decode it as what
// it is: JSON, or YAML for rules, queries and parsers.
func readAndDecode(dir string, ownReader bool) {
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		switch ext := strings.ToLower(filepath.Ext(p)); {
		case err != nil:
		case ext == ".yaml" || ext == ".yml":
			var v any
			_ = yaml.Unmarshal(b, &v)
		case ownReader:
			_, _ = source.DecodeJSON(p, b)
		default:
			var v any
			_ = json.Unmarshal(b, &v)
		}
		return nil
	})
}

// rewrite is floor (c): write copies of the files generate wrote, with the
// same eight-way concurrency, into a fresh folder.
func rewrite(from, to string) {
	type job struct {
		path string
		data []byte
	}
	jobs := make(chan job)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				_ = os.WriteFile(j.path, j.data, 0o644)
			}
		}()
	}
	_ = filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err == nil {
			jobs <- job{filepath.Join(to, rel), b}
		}
		return nil
	})
	close(jobs)
	wg.Wait()
}

func countFiles(dirs ...string) (int, error) {
	n := 0
	for _, d := range dirs {
		err := filepath.WalkDir(d, func(p string, e fs.DirEntry, err error) error {
			if err == nil && !e.IsDir() {
				n++
			}
			return err
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

func countHTML(dir string) (pages int, bytes int64) {
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if info, err := d.Info(); err == nil {
			bytes += info.Size()
		}
		if strings.HasSuffix(p, ".html") {
			pages++
		}
		return nil
	})
	return pages, bytes
}

// copyProject copies the hand-written parts of the project into dir.
func copyProject(dir string) error {
	for _, p := range []string{"config.toml", "layouts", "assets", "static", "content"} {
		cmd := exec.Command("cp", "-r", p, filepath.Join(dir, p))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("copying %s: %v %s", p, err, out)
		}
	}
	return nil
}

// trivialLayouts copies the generated site at from to dir with one-line
// layouts in place of the site's: floor (b).
func trivialLayouts(from, dir string) error {
	if out, err := exec.Command("cp", "-r", from, dir).CombinedOutput(); err != nil {
		return fmt.Errorf("copying %s: %v %s", from, err, out)
	}
	if err := os.RemoveAll(filepath.Join(dir, "layouts")); err != nil {
		return err
	}
	const layout = "<!doctype html><title>{{ .Title }}</title><h1>{{ .Title }}</h1>\n"
	for _, name := range []string{"home.html", "page.html", "list.html"} {
		if err := writeFile(filepath.Join(dir, "layouts", name), layout); err != nil {
			return err
		}
	}
	return nil
}

// bareSite writes floor (b′): n pages with a title each and a one-line
// layout, so Hugo does what it must for n pages and nothing else.
func bareSite(dir string, n int) error {
	files := map[string]string{
		"hugo.toml":           "baseURL = \"http://localhost/\"\ndisableKinds = [\"taxonomy\", \"term\", \"rss\", \"sitemap\", \"robotstxt\"]\n",
		"layouts/page.html":   "<!doctype html><title>{{ .Title }}</title><h1>{{ .Title }}</h1>\n",
		"layouts/list.html":   "<!doctype html><title>{{ .Title }}</title><h1>{{ .Title }}</h1>\n",
		"layouts/home.html":   "<!doctype html><title>home</title>\n",
		"content/_index.md":   "+++\ntitle = \"home\"\n+++\n",
		"content/p/_index.md": "+++\ntitle = \"pages\"\n+++\n",
	}
	for rel, body := range files {
		if err := writeFile(filepath.Join(dir, rel), body); err != nil {
			return err
		}
	}
	for i := 0; i < n; i++ {
		if err := writeFile(filepath.Join(dir, "content", "p", fmt.Sprintf("page-%d.md", i)), fmt.Sprintf("+++\ntitle = \"Page %d\"\n+++\n", i)); err != nil {
			return err
		}
	}
	return nil
}

func writeFile(p, body string) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, []byte(body), 0o644)
}

// editUnderServe starts serve on the tree, changes one connector's title,
// and returns how long the new title took to appear on its page.
func editUnderServe(bin, src, dir string) (time.Duration, error) {
	site := filepath.Join(dir, "serve-site")
	if err := copyProject(site); err != nil {
		return 0, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "serve", "-source", src, "-site", site, "-port", strconv.Itoa(port))
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	// Interrupted, not killed, serve stops hugo server and its search
	// indexing and removes their temporary folders, as after Ctrl-C.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	defer func() { cancel(); _ = cmd.Wait() }()

	var file, slug, title string
	_ = filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if file == "" && err == nil && !d.IsDir() && strings.Contains(p, "Data Connectors") && !strings.Contains(p, "_CCF") && !strings.Contains(p, "FunctionApp") {
			var ui struct{ ID, Title string }
			b, _ := os.ReadFile(p)
			if json.Unmarshal(b, &ui) == nil && ui.ID != "" {
				file, title = p, ui.Title
				slug = strings.NewReplacer("_", "-", "/", "-").Replace(strings.ToLower(ui.ID))
			}
		}
		return nil
	})
	page := fmt.Sprintf("http://127.0.0.1:%d/connectors/%s/", port, slug)
	get := func() string {
		resp, err := http.Get(page)
		if err != nil {
			return ""
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	deadline := time.Now().Add(5 * time.Minute)
	for !strings.Contains(get(), "<h1") {
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("serve did not come up on %s", page)
		}
		time.Sleep(200 * time.Millisecond)
	}
	orig, _ := os.ReadFile(file)
	edited := bytes.Replace(orig, []byte(`"`+title+`"`), []byte(`"Edited under serve"`), 1)
	start := time.Now()
	if err := os.WriteFile(file, edited, 0o644); err != nil {
		return 0, err
	}
	for !strings.Contains(get(), "Edited under serve") {
		if time.Since(start) > time.Minute {
			return 0, fmt.Errorf("the edit never reached %s", page)
		}
		time.Sleep(20 * time.Millisecond)
	}
	took := time.Since(start)
	_ = os.WriteFile(file, orig, 0o644)
	return took, nil
}

func report(w io.Writer, rs []result) {
	fmt.Fprintln(w)
	for _, r := range rs {
		fmt.Fprintf(w, "## %g×: %d input files (%d MB); %d files generated; %d HTML pages, %d MB output\n",
			r.scale, r.inputFiles, r.inputBytes>>20, r.writtenFiles, r.pages, r.outBytes>>20)
		fmt.Fprintf(w, "  generate        %s   floor (a) read+decode %s   (a′) with generate's reader %s   (c) write %s\n", r.generate, r.floorA, r.ownReader, r.floorC)
		fmt.Fprintf(w, "  hugo            %s   floor (b) one-line layouts %s   (b′) bare site %s\n", r.hugo, r.floorB, r.bare)
		if r.index.wall > 0 {
			fmt.Fprintf(w, "  search index    %s\n", r.index)
		}
		if r.edit > 0 {
			fmt.Fprintf(w, "  serve: one edit reached its page in %.2f s\n", r.edit.Seconds())
		}
		fmt.Fprintf(w, "  ratios: generate/(a) = %.2f, hugo/(b) = %.2f, hugo/(b′) = %.2f\n",
			ratio(r.generate.wall, r.floorA.wall), ratio(r.hugo.wall, r.floorB.wall), ratio(r.hugo.wall, r.bare.wall))
	}
	fmt.Fprintln(w, "\n## Targets")
	check := func(ok bool, format string, args ...any) {
		verdict := "met"
		if !ok {
			verdict = "NOT MET"
		}
		fmt.Fprintf(w, "  %-8s %s\n", verdict, fmt.Sprintf(format, args...))
	}
	for _, r := range rs {
		g, h := ratio(r.generate.wall, r.floorA.wall), ratio(r.hugo.wall, r.floorB.wall)
		check(g <= 2, "%g×: generate ≤ 2 × floor (a): %.2f ×", r.scale, g)
		check(h <= 2, "%g×: Hugo ≤ 2 × floor (b): %.2f ×", r.scale, h)
		if r.edit > 0 {
			check(r.edit <= time.Second, "%g×: one edit under serve ≤ 1 s: %.2f s", r.scale, r.edit.Seconds())
		}
	}
	if len(rs) == 2 {
		a, b := rs[0], rs[1]
		total := func(r result) time.Duration { return r.generate.wall + r.hugo.wall + r.index.wall }
		factor := b.scale / a.scale
		limit := factor * 1.1
		check(ratio(total(b), total(a)) <= limit, "%g× takes ≤ %.0f × as long as %g×: whole pipeline %.1f × (generate %.1f, Hugo %.1f, search index %.1f)",
			b.scale, limit, a.scale, ratio(total(b), total(a)), ratio(b.generate.wall, a.generate.wall), ratio(b.hugo.wall, a.hugo.wall), ratio(b.index.wall, a.index.wall))
		peak := max(b.generate.rss, b.hugo.rss, b.index.rss)
		gb := func(n int64) float64 { return float64(n) / 1e9 }
		check(peak <= 1.5e9, "peak memory at %g× ≤ 1.5 GB: %.2f GB (generate %.2f, Hugo %.2f, search index %.2f)",
			b.scale, gb(peak), gb(b.generate.rss), gb(b.hugo.rss), gb(b.index.rss))
	}
}

func ratio(a, b time.Duration) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

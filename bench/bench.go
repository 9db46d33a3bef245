package main

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"
)

// A benchTool is one command measured on the same packages.
type benchTool struct {
	Name string
	Argv func(patterns []string) []string
}

// sample is one measured run of one tool.
type sample struct {
	Wall   time.Duration
	CPU    time.Duration // user+sys of the child and all its waited-for descendants
	MaxRSS int64         // bytes; the largest single process in the tree (ru_maxrss)
	Exit   int
	Lines  int // output lines (findings and errors)
}

type toolResult struct {
	Tool    benchTool
	Samples []sample
}

func benchMain(args []string) error {
	fl := flag.NewFlagSet("bench", flag.ExitOnError)
	runs := fl.Int("runs", 3, "measured runs per tool")
	out := fl.String("out", "build/bench", "output folder")
	bin := fl.String("bin", "build/bin", "folder holding ctxtimeout and staticcheck")
	readme := fl.String("readme", "build/README-bench.md", "markdown file receiving the table")
	only := fl.String("modules", "", "comma-separated pinned module paths to measure instead of the \"bench\" ones")
	if err := fl.Parse(args); err != nil {
		return err
	}
	outDir, err := filepath.Abs(*out)
	if err != nil {
		return err
	}
	binDir, err := filepath.Abs(*bin)
	if err != nil {
		return err
	}
	ctxt := filepath.Join(binDir, "ctxtimeout")
	sc := filepath.Join(binDir, "staticcheck")
	for _, p := range []string{ctxt, sc} {
		if _, err := os.Stat(p); err != nil {
			return fmt.Errorf("%s missing (run make build / make bench): %v", p, err)
		}
	}
	all, err := loadPinned()
	if err != nil {
		return err
	}
	var mods []pinned
	for _, m := range all {
		if *only == "" && m.Role == "bench" || *only != "" && slices.Contains(strings.Split(*only, ","), m.Path) {
			mods = append(mods, m)
		}
	}
	if len(mods) == 0 {
		return fmt.Errorf("no pinned module selected by -modules=%q", *only)
	}
	modDir := filepath.Join(outDir, "mod")
	if err := prepareModule(modDir, mods); err != nil {
		return err
	}
	pats := patterns(mods)
	npkgs, err := countPackages(modDir, pats)
	if err != nil {
		return err
	}

	// One build cache with every dependency (and the linted packages and
	// their test variants) compiled: each measured run starts from a
	// hard-link copy of it, so every tool finds compiled export data but
	// no cached analysis results (vet results live in GOCACHE too).
	warm := filepath.Join(outDir, "gocache-warm")
	fmt.Fprintln(os.Stderr, "warming the build cache (compiles dependencies once)")
	if err := warmCache(modDir, warm, pats); err != nil {
		return err
	}

	// command is a tool whose argv is argv0 followed by the patterns.
	command := func(name string, argv0 ...string) benchTool {
		return benchTool{name, func(p []string) []string { return append(slices.Clip(argv0), p...) }}
	}
	standalone := command("ctxtimeout", ctxt)
	goVet := command("go vet", "go", "vet")
	tools := []benchTool{
		standalone,
		command("ctxtimeout (go vet -vettool)", "go", "vet", "-vettool="+ctxt),
		// timeoutflow's cost. lintcmd runs every analyzer whatever -checks
		// selects, so the split is measured under go vet, whose
		// unitchecker runs only the enabled analyzers and their
		// prerequisites: timeoutflow needs the summaries on every
		// dependency, the local checks only the engine.
		command("vet -vettool, timeoutflow only", "go", "vet", "-vettool="+ctxt, "-timeoutflow"),
		command("vet -vettool, local checks only", "go", "vet", "-vettool="+ctxt, "-hardcodedtimeout", "-deadlinereplace"),
		goVet,
		command("staticcheck", sc),
	}
	logDir := filepath.Join(outDir, "logs")
	if err := os.MkdirAll(logDir, 0o755); err != nil {
		return err
	}
	scratch := filepath.Join(outDir, "scratch")
	warmEnv := func() ([]string, error) { return freshCaches(scratch, warm) }
	results, err := runTools(modDir, tools, pats, *runs, warmEnv, logDir, "")
	if err != nil {
		return err
	}

	// Cold: the incident framework's module from an empty build cache, so
	// each tool compiles every dependency itself (go vet overlaps that
	// with its analysis; lintcmd compiles everything first).
	var cold []*toolResult
	var coldMods []string
	if *only == "" {
		var mods []pinned
		for _, m := range all {
			if m.Role == "cold" {
				mods = append(mods, m)
				coldMods = append(coldMods, m.Path+"@"+m.Version)
			}
		}
		if len(mods) > 0 {
			coldDir := filepath.Join(outDir, "mod-cold")
			if err := prepareModule(coldDir, mods); err != nil {
				return err
			}
			coldTools := []benchTool{standalone, goVet}
			coldEnv := func() ([]string, error) { return freshCaches(scratch, "") }
			if cold, err = runTools(coldDir, coldTools, patterns(mods), *runs, coldEnv, logDir, "cold "); err != nil {
				return err
			}
		}
	}

	// The dialer: deadlinereplace alone against hardcodedtimeout alone
	// (issue 10: deadlinereplace must not pay for timeoutflow's facts).
	var dialer []*toolResult
	if *only == "" {
		dialerDir, err := filepath.Abs("dialer-example")
		if err != nil {
			return err
		}
		if err := warmCache(dialerDir, warm, []string{"./..."}); err != nil {
			return err
		}
		dialerTools := []benchTool{
			command("vet -vettool, hardcodedtimeout only", "go", "vet", "-vettool="+ctxt, "-hardcodedtimeout"),
			command("vet -vettool, deadlinereplace only", "go", "vet", "-vettool="+ctxt, "-deadlinereplace"),
		}
		if dialer, err = runTools(dialerDir, dialerTools, []string{"./..."}, max(*runs, 5), warmEnv, logDir, "dialer "); err != nil {
			return err
		}
	}

	// Fact bytes: ctxtimeout's .vetx files against go vet's, each from a
	// go vet run on a fresh copy of the warm cache with -work kept.
	fmt.Fprintln(os.Stderr, "measuring .vetx (fact) sizes")
	ctxFacts, ctxN, err := vetxBytes(modDir, scratch, warm, append([]string{"vet", "-work", "-vettool=" + ctxt}, pats...))
	if err != nil {
		return err
	}
	vetFacts, vetN, err := vetxBytes(modDir, scratch, warm, append([]string{"vet", "-work"}, pats...))
	if err != nil {
		return err
	}
	_ = os.RemoveAll(scratch)

	var modList []string
	for _, m := range mods {
		modList = append(modList, m.Path+"@"+m.Version)
	}
	rep := report{
		Date:     time.Now().UTC().Format("2006-01-02 15:04 UTC"),
		Machine:  machine(),
		Modules:  modList,
		Packages: npkgs,
		Runs:     *runs,
		Results:  results,
		Cold:     cold, ColdModules: coldMods,
		Dialer:   dialer,
		CtxFacts: ctxFacts, CtxFactFiles: ctxN,
		VetFacts: vetFacts, VetFactFiles: vetN,
	}
	text := rep.text()
	fmt.Print(text)
	if err := os.WriteFile(filepath.Join(outDir, "results.txt"), []byte(text), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(outDir, "bench.png"), rep.png(), 0o644); err != nil {
		return err
	}
	md := "# ctxtimeout benchmark (latest `make bench`)\n\n" +
		"Plot: `build/bench/bench.png`. Method: see `bench/README.md`.\n\n```\n" + text + "```\n"
	if err := os.WriteFile(*readme, []byte(md), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "wrote %s, %s and %s\n",
		filepath.Join(outDir, "results.txt"), filepath.Join(outDir, "bench.png"), *readme)
	return nil
}

// warmCache compiles, into the build cache warm, every dependency of the
// packages pats match in dir, the packages and their test variants.
func warmCache(dir, warm string, pats []string) error {
	cmd := exec.Command("go", append([]string{"list", "-export", "-deps", "-test", "-f", "{{.ImportPath}}"}, pats...)...)
	cmd.Dir = dir
	cmd.Env = envWith("GOCACHE=" + warm)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("warming the build cache in %s: %v", dir, err)
	}
	return nil
}

// runTools measures every tool runs times in dir, rotating the order so
// no tool always runs first or last; env gives each run its caches.
func runTools(dir string, tools []benchTool, pats []string, runs int, env func() ([]string, error), logDir, tag string) ([]*toolResult, error) {
	results := make([]*toolResult, len(tools))
	for i, t := range tools {
		results[i] = &toolResult{Tool: t}
	}
	for r := 0; r < runs; r++ {
		for k := range tools {
			i := (k + r) % len(tools)
			t := tools[i]
			e, err := env()
			if err != nil {
				return nil, err
			}
			logFile := filepath.Join(logDir, fmt.Sprintf("%s%s.run%d.txt", slug(tag), slug(t.Name), r+1))
			s, err := measure(dir, e, t.Argv(pats), logFile)
			if err != nil {
				return nil, fmt.Errorf("%s%s: %v", tag, t.Name, err)
			}
			fmt.Fprintf(os.Stderr, "%srun %d %-30s wall %6.1fs cpu %6.1fs maxrss %5d MiB exit %d\n",
				tag, r+1, t.Name, s.Wall.Seconds(), s.CPU.Seconds(), s.MaxRSS>>20, s.Exit)
			results[i].Samples = append(results[i].Samples, s)
		}
	}
	return results, nil
}

// freshCaches empties the scratch folder and returns an environment whose
// GOCACHE is a hard-link copy of warm (empty when warm is "") and whose analysis caches
// (staticcheck's and lintcmd's under XDG_CACHE_HOME/STATICCHECK_CACHE) are
// empty. The go command never rewrites an existing cache file in place
// (outputs are content-addressed, index entries are only written on a miss),
// so hard links keep warm intact.
func freshCaches(scratch, warm string) ([]string, error) {
	if err := os.RemoveAll(scratch); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(scratch, 0o755); err != nil {
		return nil, err
	}
	gocache := filepath.Join(scratch, "gocache")
	if warm != "" {
		if out, err := exec.Command("cp", "-al", warm, gocache).CombinedOutput(); err != nil {
			return nil, fmt.Errorf("copying build cache: %v: %s", err, out)
		}
		// trim.txt is rewritten in place by the go command: give the copy its own.
		trim := filepath.Join(gocache, "trim.txt")
		if b, err := os.ReadFile(trim); err == nil {
			_ = os.Remove(trim)
			_ = os.WriteFile(trim, b, 0o644)
		}
	}
	return envWith(
		"GOCACHE="+gocache,
		"XDG_CACHE_HOME="+filepath.Join(scratch, "xdg"),
		"STATICCHECK_CACHE="+filepath.Join(scratch, "staticcheck"),
		"CTXTIMEOUT_CACHE="+filepath.Join(scratch, "ctxtimeout"),
	), nil
}

// measure runs argv in dir and reads the child's rusage: CPU time includes
// every descendant the child waited for (go vet's tool processes), and
// ru_maxrss is the peak resident set of the largest single process.
func measure(dir string, env, argv []string, logFile string) (sample, error) {
	var buf bytes.Buffer
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdout = &buf
	cmd.Stderr = &buf
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if cmd.ProcessState == nil {
		return sample{}, err
	}
	_ = os.WriteFile(logFile, buf.Bytes(), 0o644)
	if bytes.Contains(buf.Bytes(), []byte("panic: ")) || bytes.Contains(buf.Bytes(), []byte("\ngoroutine ")) {
		return sample{}, fmt.Errorf("panicked; see %s", logFile)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return sample{}, fmt.Errorf("no rusage")
	}
	return sample{
		Wall:   wall,
		CPU:    time.Duration(ru.Utime.Nano() + ru.Stime.Nano()),
		MaxRSS: ru.Maxrss * 1024, // Linux reports KiB
		Exit:   cmd.ProcessState.ExitCode(),
		Lines:  bytes.Count(buf.Bytes(), []byte("\n")),
	}, nil
}

// vetxBytes runs go vet with -work on a fresh cache copy and sums the
// fact bytes of the vet.out files (.vetx) it produced.
func vetxBytes(dir, scratch, warm string, args []string) (int64, int, error) {
	env, err := freshCaches(scratch, warm)
	if err != nil {
		return 0, 0, err
	}
	var stderr bytes.Buffer
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stderr = &stderr
	_ = cmd.Run() // findings give a non-zero exit
	first, _, _ := strings.Cut(stderr.String(), "\n")
	work, ok := strings.CutPrefix(first, "WORK=")
	if !ok {
		return 0, 0, fmt.Errorf("go %s: no WORK= line in: %.500s", strings.Join(args, " "), stderr.String())
	}
	defer os.RemoveAll(work)
	var total int64
	n := 0
	err = filepath.WalkDir(work, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && d.Name() == "vet.out" {
			size, err := factBytes(path)
			if err != nil {
				return err
			}
			total += size
			n++
		}
		return nil
	})
	return total, n, err
}

// factBytes returns the size of the facts in a .vetx file. x/tools'
// unitchecker (v0.52) writes "vetx", two little-endian uint32 lengths
// (type export data, facts) and then both sections; only the facts count,
// since go vet's own tool writes facts alone. Files in another format
// count whole.
func factBytes(path string) (int64, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	if len(data) >= 12 && string(data[:4]) == "vetx" {
		typesLen := int64(binary.LittleEndian.Uint32(data[4:8]))
		factsLen := int64(binary.LittleEndian.Uint32(data[8:12]))
		if 12+typesLen+factsLen == int64(len(data)) {
			return factsLen, nil
		}
	}
	return int64(len(data)), nil
}

func countPackages(dir string, pats []string) (int, error) {
	cmd := exec.Command("go", append([]string{"list"}, pats...)...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return 0, fmt.Errorf("go list: %v", err)
	}
	return bytes.Count(out, []byte("\n")), nil
}

func machine() string {
	cpu := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		if _, err := fmt.Sscanf(string(b), "MemTotal: %d kB", &kb); err == nil {
			mem = fmt.Sprintf(", %d GiB RAM", (kb+(1<<19))>>20)
		}
	}
	gov, _ := exec.Command("go", "env", "GOVERSION").Output()
	return fmt.Sprintf("%s/%s, %d CPUs (%s)%s, %s", runtime.GOOS, runtime.GOARCH,
		runtime.NumCPU(), cpu, mem, strings.TrimSpace(string(gov)))
}

func slug(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else if b.Len() > 0 && !strings.HasSuffix(b.String(), "-") {
			b.WriteByte('-')
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// stat returns min and median of xs.
func stat(xs []float64) (lo, med float64) {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0, 0
	}
	if len(s)%2 == 1 {
		return s[0], s[len(s)/2]
	}
	return s[0], (s[len(s)/2-1] + s[len(s)/2]) / 2
}

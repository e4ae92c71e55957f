// The benchmark process's own posture, printed before its results as Go benchmark-format
// configuration lines "posture-<key>: <value>" (docs/formats.md): what decides whether a
// container's seccomp filter also forces the Speculative Store Bypass and indirect-branch
// mitigations on for this very process (docs/mechanisms.md). Read from inside, from the
// process that runs the benchmark, never from a parent shell: /proc/self/status, its cgroup's
// limits, GOMAXPROCS as this runtime sees it, and the kernel it runs on (release, every file of
// /sys/devices/system/cpu/vulnerabilities, the mitigation parameters of /proc/cmdline, SMT,
// and whether the per-thread SSBD/STIBP controls exist: PR_GET_SPECULATION_CTRL).
package fib

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"testing"
)

func TestMain(m *testing.M) {
	for _, kv := range posture() {
		fmt.Printf("posture-%s: %s\n", kv[0], kv[1])
	}
	os.Exit(m.Run())
}

// A value on one line, never empty (an empty config value would delete the key).
func clean(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "empty"
	}
	return s
}

func readTrim(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return "unreadable (" + err.Error() + ")"
	}
	return clean(string(b))
}

func posture() [][2]string {
	var out [][2]string
	add := func(k, v string) { out = append(out, [2]string{k, clean(v)}) }
	status := map[string]string{}
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok {
				status[k] = strings.TrimSpace(v)
			}
		}
	}
	for _, f := range [][2]string{{"seccomp", "Seccomp"}, {"seccomp-filters", "Seccomp_filters"},
		{"no-new-privs", "NoNewPrivs"}, {"ssb", "Speculation_Store_Bypass"},
		{"ib", "SpeculationIndirectBranch"}, {"cap-eff", "CapEff"}} {
		v, ok := status[f[1]]
		if !ok {
			v = "absent"
		}
		add(f[0], v)
	}
	add("cpu-max", cgroupFile("cpu.max", "cpu", "cpu.cfs_quota_us", "cpu.cfs_period_us"))
	add("memory-max", cgroupFile("memory.max", "memory", "memory.limit_in_bytes", ""))
	add("gomaxprocs", fmt.Sprint(runtime.GOMAXPROCS(0)))
	add("numcpu", fmt.Sprint(runtime.NumCPU()))
	add("kernel", readTrim("/proc/sys/kernel/osrelease"))
	add("ssbd-control", specControl(0))
	add("stibp-control", specControl(1))
	add("smt", "control="+readTrim("/sys/devices/system/cpu/smt/control")+
		" active="+readTrim("/sys/devices/system/cpu/smt/active"))
	add("cmdline", mitigationParams(readTrim("/proc/cmdline")))
	dir := "/sys/devices/system/cpu/vulnerabilities"
	names, err := filepath.Glob(dir + "/*")
	if err != nil || len(names) == 0 {
		add("vuln", "unreadable ("+dir+" lists no file)")
	}
	sort.Strings(names)
	for _, n := range names {
		add("vuln-"+strings.ToLower(filepath.Base(n)), readTrim(n))
	}
	return out
}

// PR_GET_SPECULATION_CTRL (52) of PR_SPEC_STORE_BYPASS (0) or PR_SPEC_INDIRECT_BRANCH (1):
// "prctl" when this thread may set it (PR_SPEC_PRCTL, 1), "none" when the CPU is affected but
// offers no control (a PR_SET_SPECULATION_CTRL then fails with ENXIO), "not affected",
// "global" (on or off for every task, by the command line), with the raw value.
func specControl(which uintptr) string {
	r, _, errno := syscall.RawSyscall6(syscall.SYS_PRCTL, 52, which, 0, 0, 0, 0)
	if errno != 0 {
		return "error (" + errno.Error() + ")"
	}
	word := "global"
	switch {
	case r == 0:
		word = "not affected"
	case r&1 != 0:
		word = "prctl"
	case r == 2: // PR_SPEC_ENABLE alone: speculation on, no control
		word = "none"
	}
	return fmt.Sprintf("%s (0x%x)", word, r)
}

// The command line's words that set CPU vulnerability mitigations, "none" when it has none.
func mitigationParams(cmdline string) string {
	keys := []string{"mitigations", "spec_store_bypass_disable", "nospec_store_bypass_disable",
		"spectre_v2", "spectre_v2_user", "nospectre_v2", "spectre_v1", "nospectre_v1",
		"nosmt", "mds", "tsx_async_abort", "l1tf", "retbleed", "spectre_bhi", "pti", "nopti",
		"mmio_stale_data", "srbds", "gather_data_sampling", "spec_rstack_overflow",
		"reg_file_data_sampling", "ssbd", "kpti"}
	var kept []string
	for _, w := range strings.Fields(cmdline) {
		if w == "--" {
			break
		}
		k, _, _ := strings.Cut(w, "=")
		for _, key := range keys {
			if k == key {
				kept = append(kept, w)
			}
		}
	}
	if len(kept) == 0 {
		return "none"
	}
	return strings.Join(kept, " ")
}

// A limit of this process's cgroup: v2's file, else v1's quota (and period) in v2's words
// ("max" for none). The cgroup's own directory first, then the mount's root (a container's
// namespaced or bind-mounted view).
func cgroupFile(v2, v1ctrl, v1file, v1period string) string {
	b, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return "unreadable (" + err.Error() + ")"
	}
	for _, l := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		parts := strings.SplitN(l, ":", 3)
		if len(parts) != 3 {
			continue
		}
		if parts[1] == "" { // v2
			for _, d := range []string{"/sys/fs/cgroup" + parts[2], "/sys/fs/cgroup"} {
				if v, err := os.ReadFile(filepath.Join(d, v2)); err == nil {
					return clean(string(v)) + " (v2)"
				}
			}
			continue
		}
		for _, c := range strings.Split(parts[1], ",") {
			if c != v1ctrl {
				continue
			}
			for _, d := range []string{"/sys/fs/cgroup/" + parts[1] + parts[2],
				"/sys/fs/cgroup/" + parts[1]} {
				q, err := os.ReadFile(filepath.Join(d, v1file))
				if err != nil {
					continue
				}
				v := strings.TrimSpace(string(q))
				if v == "-1" || v == "9223372036854771712" {
					v = "max"
				}
				if v1period != "" {
					v += " " + strings.TrimSpace(readTrim(filepath.Join(d, v1period)))
				}
				return v + " (v1)"
			}
		}
	}
	return "not found (no " + v2 + " or " + v1file + " for this process's cgroup)"
}

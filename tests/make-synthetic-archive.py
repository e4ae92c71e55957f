#!/usr/bin/env python3
"""make-synthetic-archive.py - a results repository of many machines for scale tests, written
in one `git fast-import` stream: MACHINES machines x RUNS runs of Table 1 (host and oci, 5
samples each, lognormal noise of 2%), and one planted step: machine m-000's time/op in oci is
1.25x from run STEP on (its image layer changes there too). Deterministic (seeded).

    tests/make-synthetic-archive.py DIR [MACHINES=100] [RUNS=20] [STEP=12]
"""
import math, random, subprocess, sys

def run_files(m, i, id_, rng, step_at):
    kernel = "Linux 6.1.0-%d-amd64 x86_64" % (10 + m % 3)
    layer = "layer-b" if (m == 0 and i >= step_at) else "layer-a"
    run = "key\tvalue\nrun_id\t%s\nmachine_id\tm-%03d\nmachine_label\tsynthetic %d\nhost_kernel\t%s\n" \
          "host_cpu_model\t%s\nhost_cpus\t%d\nhost_memory\t16000000 kB\nhost_is_vm_guest\tyes (synthetic)\n" \
          "go_version\tgo1.19.8\nimage_layer\t%s\nprofile\tquick\ntables\tT1\nstarted_utc\t%s\n" \
          "finished_utc\t%s\n" % (id_, m, m, kernel, ["AMD EPYC", "Intel Xeon"][m % 2], 2 + m % 3,
                                   layer, iso(id_), iso(id_))
    envs = "env\tstatus\treason\twhat\nhost\tok\t\tplain process\noci\tok\t\trunc\n"
    meta = "env\tkey\tvalue\noci\truntime\trunc 1.1.5\n"
    cells = "table\tenv\trep\tstatus\tseconds\tdetail\nT1\thost\t1\tok\t0.5\t\nT1\toci\t1\tok\t0.5\t\n"
    base = 4e8 * (1 + 0.1 * (m % 7))
    lines = ["run: " + id_, "table: T1"] + ["Unit %s better=lower" % u for u in
             ("ns/op", "B/op", "allocs/op", "peak-RSS-B", "daemon-RSS-B")]
    for env, f in (("host", 1.0), ("oci", 1.02)):
        lines.append("env: " + env)
        if env == "oci" and m == 0 and i >= step_at:
            f *= 1.25
        for _ in range(5):
            ns = base * f * math.exp(rng.gauss(0, 0.02))
            rss = 3.3e6 * math.exp(rng.gauss(0, 0.005))
            lines.append("BenchmarkFib40-2\t3\t%d ns/op\t0 B/op\t0 allocs/op\t%d peak-RSS-B\t0 daemon-RSS-B"
                         % (ns, rss))
    return {"run.tsv": run, "envs.tsv": envs, "meta.tsv": meta, "cells.tsv": cells,
            "samples/T1.txt": "\n".join(lines) + "\n"}

def iso(id_):
    return "%s-%s-%sT%s:%s:%sZ" % (id_[0:4], id_[4:6], id_[6:8], id_[9:11], id_[11:13], id_[13:15])

def main():
    out = sys.argv[1]
    machines, runs, step_at = (int(a) for a in (sys.argv[2:] + ["100", "20", "12"][len(sys.argv) - 2:])[:3])
    subprocess.run(["git", "init", "-q", "-b", "main", out], check=True)
    rng = random.Random(15)
    stream, mark = [], 0
    when = 1767225600  # 2026-01-01
    for i in range(runs):
        for m in range(machines):
            t = when + i * 86400 + m * 7
            id_ = __import__("time").strftime("%Y%m%d-%H%M%S", __import__("time").gmtime(t))
            mark += 1
            files = run_files(m, i, id_, rng, step_at)
            stream.append("commit refs/heads/main\nmark :%d\ncommitter repro <repro@localhost> %d +0000\n" % (mark, t))
            msg = "run m-%03d/%s: host=ok oci=ok\n" % (m, id_)
            stream.append("data %d\n%s\n" % (len(msg.encode()), msg))
            for name, text in files.items():
                data = text.encode()
                stream.append("M 100644 inline machines/m-%03d/runs/%s/%s\ndata %d\n" % (m, id_, name, len(data)))
                stream.append(text + "\n")
            stream.append("reset refs/tags/run/m-%03d/%s\nfrom :%d\n\n" % (m, id_, mark))
    subprocess.run(["git", "-C", out, "fast-import", "--quiet"], input="".join(stream).encode(), check=True)
    subprocess.run(["git", "-C", out, "checkout", "-q", "-f", "main"], check=True)

if __name__ == "__main__":  # importable: a test may change a run before it is written
    main()

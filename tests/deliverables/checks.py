#!/usr/bin/env python3
"""checks.py - the cell-by-cell and element-by-element checks behind tests/deliverables/run.sh.

Each subcommand prints one "ok - ..." or "FAIL - ..." line per claim it checks:
  figures OUT MODEL      every chart linked from report.md exists as PNG and SVG, SVG is XML;
                         a table of several benchmarks shows every (env, bench) median
  workbook CSVDIR MODEL  LibreOffice's CSV export of report.xlsx equals the model's TSVs
  html DOM MD MODEL      Chromium's DOM of report.html has every table and chart, no markup leak
  parity MODEL MD HTML CSVDIR
                         every fact of the model (each environment row of each table, each
                         reason, flag and setting, each claim) is in report.md, report.html and
                         report.xlsx (LibreOffice's CSV export of every sheet)
  charts OUT MODEL       the forest plot of every table with comparisons marks each ratio
                         claim; not-comparable environments stay off every shared axis
  browser PROBE          what the page measured in Chromium (browser.js): the answer on the
                         first screen, no text overlapping in any chart, no sideways scroll
  injection OUT          run strings stay text: no script in the HTML, no formula in the workbook
"""
import html as htmllib
import zipfile
import csv
import glob
import math
import os
import re
import struct
import sys
import xml.dom.minidom

results = {"ok": 0, "fail": 0}


def check(cond, what, detail=""):
    if cond:
        print(f"ok - {what}")
        results["ok"] += 1
    else:
        print(f"FAIL - {what}{': ' + detail if detail else ''}")
        results["fail"] += 1
    return cond


def read_tsv(path):
    """The project's TSV: '#' comments, a header, \\t \\n \\r \\\\ escapes in fields."""
    def unescape(f):
        return re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n", "r": "\r"}.get(m[1], m[1]), f)
    with open(path, encoding="utf-8") as fh:
        lines = [l.rstrip("\n") for l in fh if l.strip() and not l.startswith("#")]
    cols = lines[0].split("\t")
    return [dict(zip(cols, map(unescape, l.split("\t")))) for l in lines[1:]]


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def tsv_num(s):
    """A model number: "" is NaN, "inf"/"-inf" unbounded."""
    return float(s) if s != "" else math.nan


def same_number(cell, model_value):
    """A workbook cell against a model value: non-finite values are blank cells."""
    v = tsv_num(model_value) if isinstance(model_value, str) else model_value
    if not math.isfinite(v):
        return cell == ""
    if cell == "":
        return False
    got = float(cell[:-1]) / 100 if cell.endswith("%") else float(cell)
    return math.isclose(got, v, rel_tol=1e-12, abs_tol=1e-300)


def slug(s):
    """format.c's fmt_slug: every run of characters but ASCII letters and digits is one '-'."""
    return re.sub(r"[^A-Za-z0-9]+", "-", s)


def table_benches(summary, table):
    """The benchmarks of a table in summary.tsv's first-seen order (model_benches)."""
    out = []
    for s in summary:
        if s["table"] == table and s["bench"] not in out:
            out.append(s["bench"])
    return out


def group_labels(benches):
    """plot_layout.c's group labels: "Benchmark" and the '/'-segments every name shares left
    out, and the shared "key=" too where a single segment varies."""
    segs = [(b[9:] if b.startswith("Benchmark") and len(b) > 9 else b).split("/")
            for b in benches]
    if len(segs) < 2 or len({len(g) for g in segs}) != 1:
        return ["/".join(g) for g in segs]
    varies = [i for i in range(len(segs[0])) if len({g[i] for g in segs}) > 1]
    keys = {g[varies[0]].split("=")[0] + "=" for g in segs if "=" in g[varies[0]]} \
        if len(varies) == 1 else set()
    keyed = len(keys) == 1 and all("=" in g[varies[0]] for g in segs)
    return ["/".join(g[i].split("=", 1)[1] if keyed else g[i] for i in varies) for g in segs]


# The y label's unit (format.c's display scales) -> divisor of the sample unit.
SCALES = {"ns": 1, "µs": 1e3, "ms": 1e6, "s": 1e9, "B": 1, "KiB": 1024, "MiB": 1024 ** 2,
          "GiB": 1024 ** 3}


def multi_bench_charts(out, model):
    """Tables of several benchmarks: per metric both charts exist, the bar chart labels the
    median of every (env, bench) and marks every claim about one of its benchmarks, both charts
    label every benchmark's group."""
    md = open(os.path.join(out, "report.md"), encoding="utf-8").read()
    summary = read_tsv(os.path.join(model, "summary.tsv"))
    claims = read_tsv(os.path.join(model, "claims.tsv"))
    for tab in read_tsv(os.path.join(model, "tables.tsv")):
        name = tab["table"]
        if len(table_benches(summary, name)) < 2:
            continue
        for unit in tab["metrics"].split(","):
            rows = [s for s in summary if s["table"] == name and s["unit"] == unit]
            if not any(s["median"] for s in rows):
                continue
            stem = f"{slug(name)}-{slug(FMT_NAMES.get(unit, unit))}"
            paths = [os.path.join(out, "fig", f"{stem}-{k}.svg") for k in ("bars", "samples")]
            if not check(all(os.path.isfile(p) for p in paths)
                         and f"fig/{stem}-bars.png" in md and f"fig/{stem}-samples.png" in md,
                         f"{name} {unit}: report.md links both charts and they exist"):
                continue
            bars, strip = svg_text(paths[0]), svg_text(paths[1])
            m = re.search(r"\(([^,)]+)", bars)
            div = SCALES.get(m.group(1), 1) if m else 1
            tokens = bars.split()
            missing = [f"{s['env']} {s['bench']} {float(s['median']) / div:.3g}" for s in rows
                       if s["median"] and f"{float(s['median']) / div:.3g}" not in tokens]
            check(not missing, f"{name} {unit}: the bar chart labels every (env, bench) median",
                  "; ".join(missing))
            benches = [b for b in table_benches(summary, name)
                       if any(s["bench"] == b for s in rows)]
            labels = [l.split("…")[0] for l in group_labels(benches)]
            check(all(l in bars and l in strip for l in labels),
                  f"{name} {unit}: both charts label every benchmark's group", " ".join(labels))
            envs = [e["env"] for e in read_tsv(os.path.join(model, "envs.tsv"))
                    if any(s["env"] == e["env"] for s in rows)]
            order = "left to right: " + ", ".join(envs)
            check(order in bars and order in strip,
                  f"{name} {unit}: both charts say the environments' order in a group")
            for c in claims:
                if c["table"] == name and c["metric"] == unit and c["kind"] not in ("ratio", "check") \
                        and c["claimed"] and any(s["env"] == c["env"] for s in rows):
                    check(c["claimed_text"] in bars,
                          f"{name} {unit}: the bar chart marks claim {c['id']}")


# format.c's fmt_metric_name, for chart file names.
FMT_NAMES = {"ns/op": "time/op", "typical-ns/op": "time/op, median run", "B/op": "bytes allocated/op", "allocs/op": "allocs/op",
             "peak-RSS-B": "peak RSS", "daemon-RSS-B": "daemon RSS"}


def svg_text(path):
    """Every piece of text an SVG shows, joined by spaces."""
    def texts(node):
        if node.nodeType == node.TEXT_NODE:
            yield node.data
        for child in node.childNodes:
            yield from texts(child)
    doc = xml.dom.minidom.parse(path)
    return " ".join(d for t in doc.getElementsByTagName("text") for d in texts(t))


def figures(out, model):
    md = open(os.path.join(out, "report.md"), encoding="utf-8").read()
    links = re.findall(r"!\[[^\]]*\]\((fig/[A-Za-z0-9_-]+)\.png\)", md)
    check(len(links) > 0, "report.md links charts as fig/<name>.png")
    for stem in ("T1-time-op-bars", "T1-time-op-samples", "T1-peak-RSS-bars",
                 "T1-peak-RSS-samples"):
        check(f"fig/{stem}" in links, f"report.md links {stem}")
    missing = [s for s in links for ext in (".png", ".svg")
               if not os.path.isfile(os.path.join(out, s + ext))]
    check(not missing, "every linked chart exists as PNG and SVG", " ".join(missing))

    for svg in sorted(glob.glob(os.path.join(out, "fig", "*.svg"))):
        name = os.path.basename(svg)
        try:
            doc = xml.dom.minidom.parse(svg)
            check(doc.documentElement.tagName == "svg", f"{name} is an SVG document")
        except Exception as e:  # any parse error is the finding
            check(False, f"{name} parses as XML", str(e))
    for png in sorted(glob.glob(os.path.join(out, "fig", "*.png"))):
        data = open(png, "rb").read(24)
        ok = data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
        w, h = struct.unpack(">II", data[16:24]) if ok else (0, 0)
        check(ok and w > 0 and h > 0, f"{os.path.basename(png)} is a PNG ({w}x{h})")

    # The article's claims are marked on the bar charts, and a far-off claim gets a log axis.
    claims = read_tsv(os.path.join(model, "claims.tsv"))
    summary = read_tsv(os.path.join(model, "summary.tsv"))
    time_bars = svg_text(os.path.join(out, "fig", "T1-time-op-bars.svg"))
    for c in claims:
        if c["table"] == "T1" and c["metric"] == "ns/op" and c["kind"] not in ("ratio", "check"):
            label = f"article ({c['article_env']}): {c['claimed_text']}"
            check(label in time_bars or c["claimed_text"] in time_bars,
                  f"T1 time chart marks the claim \"{label}\"")
    medians = [float(s["median"]) for s in summary
               if s["table"] == "T1" and s["unit"] == "ns/op" and s["median"]]
    claimed = [float(c["claimed"]) for c in claims
               if c["table"] == "T1" and c["metric"] == "ns/op" and c["kind"] not in ("ratio", "check")]
    values = [v for v in medians + claimed if v > 0]
    if values and max(values) / min(values) > 10:
        check("log scale" in time_bars, "T1 time chart uses a log scale for claims 10x off")
    bounded = any(math.isfinite(tsv_num(s["ci_lo"])) and math.isfinite(tsv_num(s["ci_hi"]))
                  for s in summary if s["table"] == "T1" and s["unit"] == "ns/op")
    check(("95% CI of the median" in time_bars) == bounded,
          "T1 time chart draws CI error bars exactly when some CI is bounded")
    multi_bench_charts(out, model)


def sheet(csv_dir, name):
    paths = glob.glob(os.path.join(csv_dir, f"*-{name}.csv"))
    if not check(len(paths) == 1, f"the workbook has a sheet {name}"):
        return None
    return read_csv(paths[0])


def cmp_key(c):
    return (c["unit"], c["env"], c.get("bench", ""), c["baseline"], c.get("baseline_bench", ""))


def table_sheet(csv_dir, name, t):
    """A table's sheet: a row per metric, env and bench equal to summary.tsv, with the first
    comparison of that (env, bench); below a blank row and a heading, the other comparisons.
    Every comparison of the table appears once, equal to comparisons.tsv."""
    rows = sheet(csv_dir, slug(name))
    if rows is None:
        return
    body, i = [], 1
    while i < len(rows) and any(rows[i]):
        body.append(rows[i])
        i += 1
    more = []
    if i + 1 < len(rows) and rows[i + 1][0].startswith("More comparisons"):
        i += 2
        while i < len(rows) and any(rows[i]):
            more.append(rows[i])
            i += 1
    expect = [s for s in t["summary"] if s["table"] == name]
    empty = [r for r in body if r[5] == ""]
    body = [r for r in body if r[5] != ""]
    check(len(body) == len(expect), f"sheet {name} has one row per metric, env and bench",
          f"{len(body)} rows with a median, {len(expect)} in summary.tsv")
    check(all(r[21] for r in empty), f"sheet {name}: every row without a median says why",
          "; ".join(f"{r[1]} {r[2]}" for r in empty if not r[21]))
    stats = {(s["unit"], s["env"], s.get("bench", "")): s for s in expect}
    if len(table_benches(t["summary"], name)) > 1:
        missing = sorted(set(stats) - {(r[1], r[2], r[3]) for r in body})
        check(not missing, f"sheet {name} has a row for every (env, bench) of summary.tsv",
              " ".join(map(str, missing)))
    cmps = [c for c in t["comparisons"] if c["table"] == name]
    first = {}
    for c in cmps:
        first.setdefault(cmp_key(c)[:3], c)
    by_key = {cmp_key(c): c for c in cmps}
    cmp_cols = ("ratio", "ratio_lo", "ratio_hi", "p", "p_adj")
    bad, shown = [], []
    for r in body:
        s = stats.get((r[1], r[2], r[3]))
        if s is None:
            bad.append(f"no summary row for {r[1]} {r[2]} {r[3]}")
            continue
        nums = list(zip(range(4, 13), [s[k] for k in ("n", "median", "ci_lo", "ci_hi", "mean",
                                                      "sd", "cv", "min", "max")]))
        c = first.get((r[1], r[2], r[3]))
        if c:
            shown.append(cmp_key(c))
            nums += list(zip(range(15, 20), [c[k] for k in cmp_cols]))
            if (r[13], r[14], r[20]) != (c["baseline"], c.get("baseline_bench", ""),
                                         c["significant"]):
                bad.append(f"{r[1]} {r[2]} {r[3]}: comparison {r[13:15] + r[20:21]}")
        elif any(r[13:21]):
            bad.append(f"{r[1]} {r[2]} {r[3]}: a comparison comparisons.tsv does not have")
        bad += [f"{r[1]} {r[2]} {r[3]} col {i}: {r[i]!r} != {v!r}" for i, v in nums
                if not same_number(r[i], v)]
    for r in more:
        key = (r[1], r[2], r[3], r[13], r[14])
        c = by_key.get(key)
        if c is None:
            bad.append(f"below: {key} is not in comparisons.tsv")
            continue
        shown.append(key)
        bad += [f"below: {key} col {i}: {r[i]!r} != {c[k]!r}"
                for i, k in zip(range(15, 20), cmp_cols) if not same_number(r[i], c[k])]
    check(not bad, f"sheet {name} equals summary.tsv and comparisons.tsv", "; ".join(bad))
    check(sorted(shown) == sorted(cmp_key(c) for c in cmps),
          f"sheet {name} shows every comparison of the table once",
          f"{len(shown)} shown, {len(cmps)} in comparisons.tsv")


def workbook(csv_dir, model):
    t = {n: read_tsv(os.path.join(model, n + ".tsv"))
         for n in ("claims", "summary", "comparisons", "samples", "envs", "meta", "run",
                   "tables")}

    rows = sheet(csv_dir, "Summary")
    if rows is not None:
        head = next((i for i, r in enumerate(rows) if r and r[0] == "claim id"), None)
        check(head is not None and head > 0, "Summary opens with the answer above its claims")
        body = [r for r in rows[(head or 0) + 1:] if any(r)]
        check(len(body) == len(t["claims"]), "Summary has one row per claim",
              f"{len(body)} rows, {len(t['claims'])} claims")
        bad = []
        for row, c in zip(body, t["claims"]):
            ratio = c["kind"] == "ratio"
            pairs = [(row[0], c["id"]), (row[1], c["table"]), (row[19], c["verdict"]),
                     (row[3], c["claimed_text"]), (row[8], c.get("bench", ""))]
            nums = [(9, c["claimed"]), (16, c["factor"]), (18, c["p_adj"])]
            nums += [(13, c["measured"]), (14, c["lo"]), (15, c["hi"])] if ratio else \
                [(10, c["measured"])]
            if c["kind"] == "absolute":
                nums += [(11, c["lo"]), (12, c["hi"])]
            bad += [f"{c['id']}: {got!r} != {want!r}" for got, want in pairs if got != want]
            bad += [f"{c['id']} col {i}: {row[i]!r} != {v!r}" for i, v in nums
                    if not same_number(row[i], v)]
            if c.get("precision"):  # sampled to a target: the width reached, how it ended
                if not same_number(row[22], c["half_width"]) or row[23] != c["precision"]:
                    bad.append(f"{c['id']} precision: {(row[22], row[23])!r} != "
                               f"{(c['half_width'], c['precision'])!r}")
        check(not bad, "Summary's ids, benchmarks, verdicts and numbers equal claims.tsv",
              "; ".join(bad))

    for tab in t["tables"]:
        table_sheet(csv_dir, tab["table"], t)

    rows = sheet(csv_dir, "Samples")
    if rows is not None:
        body = rows[1:]
        check(len(body) == len(t["samples"]), "Samples has every raw sample",
              f"{len(body)} rows, {len(t['samples'])} samples")
        bad = [f"row {i + 2}" for i, (r, s) in enumerate(zip(body, t["samples"]))
               if (r[0], r[1], r[2], r[4]) != (s["table"], s["env"], s["bench"], s["unit"])
               or not same_number(r[5], s["rep"]) or not same_number(r[6], s["value"])]
        check(not bad, "Samples equals samples.tsv value by value", ", ".join(bad[:10]))

    rows = sheet(csv_dir, "Environments")
    if rows is not None:
        envs = [e["env"] for e in t["envs"]]
        check(rows[0][1:len(envs) + 1] == envs, "Environments has one column per env")
        cells = {(r[0], env): v for r in rows[1:] for env, v in zip(envs, r[1:])}
        bad = [f"{e['env']} {k}" for e in t["envs"] for k in ("status", "reason", "what")
               if cells.get((k, e["env"])) != e[k]]
        bad += [f"{m['env']} {m['key']}" for m in t["meta"]
                if cells.get((m["key"], m["env"])) != m["value"]]
        check(not bad, "Environments equals envs.tsv and meta.tsv", ", ".join(bad))

    rows = sheet(csv_dir, "Run")
    if rows is not None:
        got = [(r[0], r[1]) for r in rows[1:]]
        want = [(r["key"], r["value"]) for r in t["run"]]
        check(got == want, "Run equals run.tsv")
        dates = {r[0]: r[2] for r in rows[1:]}
        for key in ("started_utc", "finished_utc"):
            v = dict(want).get(key, "")
            if v:
                check(dates.get(key) == v.replace("T", " ").rstrip("Z"),
                      f"Run shows {key} as a date", repr(dates.get(key)))
        if any(k == "archive_commit" for k, _ in want):
            check(any(k == "archive_commit" for k, _ in got), "Run shows the archive commit")


def html(dom_path, md_path, model):
    dom = open(dom_path, encoding="utf-8").read()
    md = open(md_path, encoding="utf-8").read()
    md_tables = len(re.findall(r"^\|(?: *:?-+:? *\|)+$", md, re.M))  # "|---|" or cmark's "| --- |"
    n_tables = len(re.findall(r"<table[\s>]", dom))
    check(n_tables == md_tables and n_tables > 0, "every Markdown table is an HTML table",
          f"{n_tables} tables in the DOM, {md_tables} in report.md")
    tables = read_tsv(os.path.join(model, "tables.tsv"))
    t1 = next((t for t in tables if t["table"] == "T1"), None)
    if check(t1 is not None, "the model has Table 1"):
        title = t1["title"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        check(re.search(r"<h2[^>]*>.*T1 — " + re.escape(title) + r"</h2>", dom) is not None,
              "the Table 1 heading is present")
        m = re.search(r"T1 — [^<]*</h2>.*?<table>(.*?)</table>", dom, re.S)
        envs = [e["env"] for e in read_tsv(os.path.join(model, "envs.tsv"))]
        check(m is not None and all(f"<td>{e}</td>" in m.group(1) for e in envs)
              and "article: WSL2" in m.group(1),
              "the Table 1 table has the article's rows and a row per env")
    charts = len(re.findall(r"!\[[^\]]*\]\(fig/", md))
    svgs = len(re.findall(r"<svg[\s>]", dom)) - len(re.findall(r'<svg class="defs"', dom))
    check(svgs == charts and charts > 0, "every chart is inlined as SVG",
          f"{svgs} <svg> in the DOM, {charts} chart links in report.md")
    check("<img" not in dom, "no <img> is left: the page needs no other file")
    ext = re.findall(r"""(?:src|href)=["'](?!#)([^"']*)["']""", dom)
    ext = [u for u in ext if not u.startswith("http://www.w3.org/")]
    check(not ext, "nothing is loaded from outside the file", " ".join(ext[:5]))
    check(re.search(r"<script[\s>]", dom) is None,
          "data containing <script> stays text (no script element)")
    check("&lt;script&gt;alert" in dom or "<script>alert" not in md,
          "the escaped <script> text is shown as text")
    ids = re.findall(r"""\sid=["']([^"']+)["']""", dom)
    dups = sorted({i for i in ids if ids.count(i) > 1})
    check(not dups, "ids are unique across the inlined charts", " ".join(dups[:5]))
    claims = read_tsv(os.path.join(model, "claims.tsv"))
    badges = len(re.findall(r'class="badge v-', dom))
    check(badges >= len(claims), "every verdict is a badge",
          f"{badges} badges, {len(claims)} claims")
    check(re.search(r'<nav class="toc">.*?<a href="#', dom, re.S) is not None,
          "the table of contents links the sections")
    check('name="viewport"' in dom, "the page declares a viewport for phones")
    ids = set(re.findall(r'\sid="([^"]+)"', dom))
    links = set(re.findall(r'href="#([^"]+)"', dom))
    missing = sorted(l for l in links if l not in ids)
    check(not missing, "every link of the page leads to an anchor in it", " ".join(missing[:5]))
    anchors = ["claim-" + re.sub(r"[^a-z0-9]", "-", c["id"].lower()) for c in claims
               if c["kind"] != "check"]
    check(all(a in ids and a in links for a in anchors),
          "every claim has an anchor, and the summary links to it",
          " ".join(a for a in anchors if a not in ids or a not in links)[:300])
    check(re.search(r"nav\.toc \{[^}]*position: sticky", dom) is not None,
          "the contents column is sticky")


# ---- parity: one model, the same facts in every format ------------------------------------

def md_text(path):
    """report.md as a reader sees it: Markdown escapes and entities undone."""
    t = open(path, encoding="utf-8").read()
    return htmllib.unescape(re.sub(r"\\(.)", r"\1", t))


def html_text(path):
    """report.html's text: no tags (charts' SVG text dropped: they are checked apart)."""
    t = open(path, encoding="utf-8").read()
    t = re.sub(r"<svg.*?</svg>", " ", t, flags=re.S)
    t = re.sub(r"<style.*?</style>", " ", t, flags=re.S)
    return htmllib.unescape(re.sub(r"<[^>]+>", "", t))


def xlsx_sheets(csv_dir):
    """Sheet name -> its cells' text, one cell per line."""
    out = {}
    for path in glob.glob(os.path.join(csv_dir, "*.csv")):
        name = os.path.basename(path).split("-", 1)[1][:-4]  # report-<Sheet>.csv
        out[name] = "\n".join(c for row in read_csv(path) for c in row)
    return out


def sections(text, tables):
    """The text of each table's section of a document: from its heading to the next table's."""
    out, marks = {}, []
    for t in tables:  # its heading: the last mention (a contents column lists it first)
        marks.append((text.rfind(t["table"] + " — " + t["title"]), t["table"]))
    marks = sorted(x for x in marks if x[0] >= 0)
    for k, (i, name) in enumerate(marks):
        out[name] = text[i:marks[k + 1][0] if k + 1 < len(marks) else len(text)]
    return out


def model_facts(model):
    """(where, what) pairs every format must show: where is a table id or "" for anywhere."""
    t = {n: read_tsv(os.path.join(model, n + ".tsv"))
         for n in ("run", "envs", "meta", "cells", "tables", "summary", "claims", "notes")}
    run = {r["key"]: r["value"] for r in t["run"]}
    facts = []
    for e in t["envs"]:
        facts.append(("", e["env"]))
        if e["status"] != "ok":
            facts.append(("", e["reason"]))
    measured = {s["table"] for s in t["summary"]}
    for tab in t["tables"]:
        if tab["table"] not in measured:
            continue
        for e in t["envs"]:
            facts.append((tab["table"], e["env"]))
            if e["status"] != "ok":
                facts.append((tab["table"], e["reason"]))
        have = {s["unit"] for s in t["summary"] if s["table"] == tab["table"]}
        for unit in tab["metrics"].split(","):
            if unit not in have:
                facts.append((tab["table"], FMT_NAMES.get(unit, unit) + " not measured"))
    for c in t["cells"]:
        if c["status"] == "unsupported":
            facts.append((c["table"], c["detail"]))
        elif c["status"] == "failed" and c["table"] in measured:
            facts.append((c["table"], "failed cell"))
            facts.append((c["table"], c["detail"]))
    for n in t["notes"]:
        facts.append((n["table"], n["reason"]))
    errors = os.path.join(model, "errors.tsv")
    for e in read_tsv(errors) if os.path.exists(errors) else []:
        facts.append(("", f"normalize could not read {e['file']}:{e['line']}: {e['message']}"))
    emulated = [m["env"] for m in t["meta"] if m["key"] == "emulated" and m["value"].startswith("yes")]
    for env in emulated:
        facts.append(("", "emulated CPU (TCG)"))
        for tab in measured:
            if any(s["env"] == env for s in t["summary"] if s["table"] == tab):
                facts.append((tab, "emulated CPU (TCG)"))
    if run.get("host_is_vm_guest"):
        facts.append(("", "host is a VM guest: " + run["host_is_vm_guest"]))
    conf = float(run["analysis_conf"])
    facts.append(("", f"confidence level: {conf * 100:.4g}%"))
    adjust = {"holm": "Holm", "bh": "Benjamini–Hochberg"}[run["analysis_adjust"]]
    facts.append(("", f"adjusted by {adjust}"))
    facts.append(("", f"α = {float(run['analysis_alpha']):.4g}"))
    samples = run.get("reps", "")
    if run.get("precision_target"):  # adaptive: the count is a minimum
        samples = f"at least {samples}, more while an interval a verdict uses was wider than " \
                  f"±{float(run['precision_target']) * 100:g}%"
    facts.append(("", "samples per cell: as taken: "))  # per table, as the run took them
    facts.append(("", f"asked for: {samples}"))
    for c in t["claims"]:
        facts.append(("", c["text"]))
    facts += answer_facts(t)
    return facts, t["tables"]


def answer_facts(t):
    """The answer's sentences every format opens with: the A/A noise floor, and the headline's
    achieved precision (the first ratio claim of the first table with one)."""
    facts = []
    for c in t["claims"]:
        if c["kind"] == "check" and c["env"] == "host-aa" and not math.isnan(tsv_num(c["measured"])):
            m, lo, hi, level = (float(c[k]) for k in ("measured", "lo", "hi", "level"))
            said = ": no detectable difference," if lo <= 1 <= hi else ", is"
            facts.append(("", "the baseline measured twice (host-aa / host)%s "
                              "%.4g [%.4g, %.4g] at %.4g%%" % (said, m, lo, hi, level * 100)))
    for c in t["claims"]:  # each claim sampled to a target: the half-width it reached
        if c.get("precision") and c["kind"] != "check":
            facts.append(("", "%.2f%%" % (float(c["half_width"]) * 100)))
    ratios = [c for tab in t["tables"] for c in t["claims"]
              if c["table"] == tab["table"] and c["kind"] == "ratio"]
    if ratios and ratios[0].get("precision"):
        c = ratios[0]
        facts.append(("", "Its interval's half-width: ±%.2f%% (target ±%.2f%%): %s." % (
            float(c["half_width"]) * 100, float(c["target"]) * 100, c["precision"])))
    return facts


def raw_percent(what, text):
    """A percentage fact ("3.37%") the workbook holds as a number in a percent format: the CSV
    export writes cell values, not as shown ("3.37146212911701%")."""
    if not re.fullmatch(r"\d+\.\d\d%", what):
        return False
    return any("%.2f%%" % float(v) == what for v in re.findall(r"(\d+\.\d+)%", text))


def parity(model, md_path, html_path, csv_dir):
    facts, tables = model_facts(model)
    md, page = md_text(md_path), html_text(html_path)
    sheets = xlsx_sheets(csv_dir)
    book = "\n".join(sheets.values())
    formats = {"report.md": (md, sections(md, tables)),
               "report.html": (page, sections(page, tables)),
               "report.xlsx": (book, {t["table"]: sheets.get(slug(t["table"]), "")
                                      for t in tables})}
    fold = lambda s: re.sub(r"\s+", " ", s).casefold()
    for fmt, (whole, parts) in formats.items():
        missing = []
        for where, what in facts:
            text = parts.get(where, "") if where else whole
            if fold(what) not in fold(text) and not (fmt == "report.xlsx" and raw_percent(what, text)):
                missing.append(f"{where or 'anywhere'}: {what!r}")
        check(not missing, f"{fmt} shows every fact of the model ({len(facts)})",
              "; ".join(missing[:8]) + (f" and {len(missing) - 8} more" if len(missing) > 8 else ""))


# ---- charts: forest plots, not-comparable environments --------------------------------------

def charts(out, model):
    cmps = read_tsv(os.path.join(model, "comparisons.tsv"))
    claims = read_tsv(os.path.join(model, "claims.tsv"))
    meta = read_tsv(os.path.join(model, "meta.tsv"))
    emulated = {m["env"] for m in meta if m["key"] == "emulated" and m["value"].startswith("yes")}
    for tab in read_tsv(os.path.join(model, "tables.tsv")):
        name = tab["table"]
        finite = [c for c in cmps if c["table"] == name and c["ratio"] not in ("", "inf")]
        if not finite:
            continue
        path = os.path.join(out, "fig", f"{slug(name)}-ratios-forest.svg")
        if not check(os.path.isfile(path), f"{name}: a forest plot exists"):
            continue
        text = svg_text(path)
        check("log axis" in text and "1 = no difference" in text,
              f"{name}: the forest plot says its axis is logarithmic with 1 = no difference")
        for c in claims:
            if c["table"] == name and c["kind"] == "ratio" and c["measured"] and c["baseline"]:
                want = f"claimed {float(c['claimed']):.3g}"
                check(want in text, f"{name}: the forest plot marks ratio claim {c['id']} ({want})")
        for env in emulated:
            timed = [c for c in finite if c["env"] == env and c["unit"] == "ns/op"]
            if timed:
                check(f"time/op: {env}" not in text and "not drawn" in text and env in text,
                      f"{name}: {env} (TCG) is off the forest plot's axis, named in a note")
    for svg in sorted(glob.glob(os.path.join(out, "fig", "*-time-op-*.svg"))):
        text = svg_text(svg)
        for env in emulated:
            tics = text.split("time/op")[0]
            check(env not in tics.split() and f"not drawn: {env}" in text,
                  f"{os.path.basename(svg)}: {env} (TCG) has no place on the axis, a note says why")


# ---- what Chromium measured (browser.js) ------------------------------------------------------

def browser(probe):
    dom = open(probe, encoding="utf-8").read()
    found = re.findall(r'<pre id="probe">(height: .*?)</pre>', dom, re.S)
    if not check(len(found) == 1, "the page ran the measuring script in Chromium"):
        return
    got = {}
    for line in htmllib.unescape(found[0]).splitlines():
        key, _, value = line.partition(": ")
        got[key] = value
    check(got.get("answer-bottom") not in (None, "none")
          and float(got["answer-bottom"]) <= float(got["height"]),
          f"the question, the answer and the tally end on the first screen "
          f"({got.get('answer-bottom')} <= {got.get('height')} px)")
    check(got.get("answer-has-numbers") == "yes" and got.get("tally") == "yes",
          "the first screen's answer has numbers and a verdict tally")
    check(got.get("overlaps") == "", "no two texts of any chart overlap (boxes from Chromium)",
          got.get("overlaps", "")[:600])
    check(int(got.get("texts", "0")) > 0, f"the charts' text boxes were measured ({got.get('texts')})")
    check(got.get("sideways") == "no", "the page needs no sideways scrolling",
          got.get("sideways", ""))


def injection(out):
    page = open(os.path.join(out, "report.html"), encoding="utf-8").read()
    check(re.search(r"<script[\s>]", page) is None, "no run string became a script element")
    check("<b>booting</b>" not in page and "&lt;b&gt;booting&lt;/b&gt;" in page,
          "an environment description with HTML is shown as text")
    z = zipfile.ZipFile(os.path.join(out, "report.xlsx"))
    sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    formulas = [n for n in sheets if "<f>" in z.read(n).decode()]
    check(not formulas, "the workbook holds no formula", " ".join(formulas))
    strings = z.read("xl/sharedStrings.xml").decode()
    check("=HYPERLINK(" in htmllib.unescape(strings),
          "a reason that reads as a formula is kept, as text")
    styles = z.read("xl/styles.xml").decode()
    check('formatCode="@"' in styles, "formula-like text gets the Text number format")


def main():
    cmds = {"figures": (figures, 2), "workbook": (workbook, 2), "html": (html, 3),
            "parity": (parity, 4), "charts": (charts, 2), "browser": (browser, 1),
            "injection": (injection, 1)}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds or len(sys.argv) != cmds[sys.argv[1]][1] + 2:
        sys.exit(__doc__)
    fn, _ = cmds[sys.argv[1]]
    try:
        fn(*sys.argv[2:])
    except Exception as e:  # a crash in a check is a failed check, with its reason
        check(False, f"{sys.argv[1]} checks ran to the end", f"{type(e).__name__}: {e}")
    sys.exit(1 if results["fail"] else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""checks.py - the cell-by-cell and element-by-element checks behind tests/deliverables/run.sh.

Each subcommand prints one "ok - ..." or "FAIL - ..." line per claim it checks:
  figures OUT MODEL      every chart linked from report.md exists as PNG and SVG, SVG is XML
  workbook CSVDIR MODEL  LibreOffice's CSV export of report.xlsx equals the model's TSVs
  html DOM MD MODEL      Chromium's DOM of report.html has every table and chart, no markup leak
"""
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
        if c["table"] == "T1" and c["metric"] == "ns/op" and c["kind"] != "ratio":
            label = f"article ({c['article_env']}): {c['claimed_text']}"
            check(label in time_bars, f"T1 time chart marks the claim \"{label}\"")
    medians = [float(s["median"]) for s in summary
               if s["table"] == "T1" and s["unit"] == "ns/op" and s["median"]]
    claimed = [float(c["claimed"]) for c in claims
               if c["table"] == "T1" and c["metric"] == "ns/op" and c["kind"] != "ratio"]
    values = [v for v in medians + claimed if v > 0]
    if values and max(values) / min(values) > 10:
        check("log scale" in time_bars, "T1 time chart uses a log scale for claims 10x off")
    bounded = any(math.isfinite(tsv_num(s["ci_lo"])) and math.isfinite(tsv_num(s["ci_hi"]))
                  for s in summary if s["table"] == "T1" and s["unit"] == "ns/op")
    check(("95% CI of the median" in time_bars) == bounded,
          "T1 time chart draws CI error bars exactly when some CI is bounded")


def sheet(csv_dir, name):
    paths = glob.glob(os.path.join(csv_dir, f"*-{name}.csv"))
    if not check(len(paths) == 1, f"the workbook has a sheet {name}"):
        return None
    return read_csv(paths[0])


def workbook(csv_dir, model):
    t = {n: read_tsv(os.path.join(model, n + ".tsv"))
         for n in ("claims", "summary", "comparisons", "samples", "envs", "meta", "run",
                   "tables")}

    rows = sheet(csv_dir, "Summary")
    if rows is not None:
        body = rows[1:]
        check(len(body) == len(t["claims"]), "Summary has one row per claim",
              f"{len(body)} rows, {len(t['claims'])} claims")
        bad = []
        for row, c in zip(body, t["claims"]):
            ratio = c["kind"] == "ratio"
            pairs = [(row[0], c["id"]), (row[1], c["table"]), (row[18], c["verdict"]),
                     (row[3], c["claimed_text"])]
            nums = [(8, c["claimed"]), (15, c["factor"]), (17, c["p_adj"])]
            nums += [(12, c["measured"]), (13, c["lo"]), (14, c["hi"])] if ratio else \
                [(9, c["measured"])]
            if c["kind"] == "absolute":
                nums += [(10, c["lo"]), (11, c["hi"])]
            bad += [f"{c['id']}: {got!r} != {want!r}" for got, want in pairs if got != want]
            bad += [f"{c['id']} col {i}: {row[i]!r} != {v!r}" for i, v in nums
                    if not same_number(row[i], v)]
        check(not bad, "Summary's ids, verdicts and numbers equal claims.tsv", "; ".join(bad))

    for tab in t["tables"]:
        name = tab["table"]
        rows = sheet(csv_dir, name)
        if rows is None:
            continue
        body = []
        for r in rows[1:]:
            if not any(r):
                break
            body.append(r)
        expect = [s for s in t["summary"] if s["table"] == name]
        check(len(body) == len(expect), f"sheet {name} has one row per metric and env",
              f"{len(body)} rows, {len(expect)} in summary.tsv")
        cmp = {(c["unit"], c["env"]): c for c in t["comparisons"] if c["table"] == name}
        stats = {(s["unit"], s["env"]): s for s in expect}
        bad = []
        for r in body:
            s = stats.get((r[1], r[2]))
            if s is None:
                bad.append(f"no summary row for {r[1]} {r[2]}")
                continue
            nums = list(zip(range(3, 12), [s[k] for k in ("n", "median", "ci_lo", "ci_hi",
                                                          "mean", "sd", "cv", "min", "max")]))
            c = cmp.get((r[1], r[2]))
            if c:
                nums += list(zip(range(13, 18), [c[k] for k in ("ratio", "ratio_lo",
                                                                "ratio_hi", "p", "p_adj")]))
                if r[18] != c["significant"]:
                    bad.append(f"{r[1]} {r[2]} significant {r[18]!r}")
            bad += [f"{r[1]} {r[2]} col {i}: {r[i]!r} != {v!r}" for i, v in nums
                    if not same_number(r[i], v)]
        check(not bad, f"sheet {name} equals summary.tsv and comparisons.tsv", "; ".join(bad))

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
    md_tables = len(re.findall(r"^\|(?:-+\|)+$", md, re.M))
    n_tables = len(re.findall(r"<table[\s>]", dom))
    check(n_tables == md_tables and n_tables > 0, "every Markdown table is an HTML table",
          f"{n_tables} tables in the DOM, {md_tables} in report.md")
    tables = read_tsv(os.path.join(model, "tables.tsv"))
    t1 = next((t for t in tables if t["table"] == "T1"), None)
    if check(t1 is not None, "the model has Table 1"):
        title = t1["title"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        check(re.search(r"<h2>.*T1 — " + re.escape(title) + r"</h2>", dom) is not None,
              "the Table 1 heading is present")
        m = re.search(r"T1 — [^<]*</h2>.*?<table>(.*?)</table>", dom, re.S)
        envs = [e["env"] for e in read_tsv(os.path.join(model, "envs.tsv"))]
        check(m is not None and all(f"<td>{e}</td>" in m.group(1) for e in envs)
              and "article: WSL2" in m.group(1),
              "the Table 1 table has the article's rows and a row per env")
    charts = len(re.findall(r"!\[[^\]]*\]\(fig/", md))
    svgs = len(re.findall(r"<svg[\s>]", dom))
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


def main():
    cmds = {"figures": (figures, 2), "workbook": (workbook, 2), "html": (html, 3)}
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

#!/usr/bin/python3
"""Measure `ipsurvey parse` against its two bars (issue: forms):

1. A zip of 1,000 single-enterprise survey workbooks: `ipsurvey parse batch.zip --json` must be at
   least 20x faster than openpyxl merely loading the same 1,000 workbooks (load_workbook on each,
   nothing else), measured in the same run.
2. The 100,000-row x 40-column summary table of bench_cells.py: `ipsurvey parse --json` must take
   at most 2x the time of `ipsurvey cells --count` on it.

    /usr/bin/python3 tests/bench/bench_parse.py [--ipsurvey build/ipsurvey] [--runs 3]
        [--workdir build/bench] [--forms 1000]

(or `bash tests/bench/run.sh --parse`). The 1,000 workbooks are made once (cached in the work
folder) from tests/fixtures/forms/survey_printed.xlsx by openpyxl, each with its own enterprise
name, credit code and amount. Times are medians of --runs interleaved runs (CPU = user+sys of the
child, from wait4). Prints a markdown table and writes it to WORKDIR/bench_parse.md. Always exits
0: it is a measurement, not a test.
"""

import argparse
import io
import os
import pathlib
import random
import sys
import zipfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import bench_cells  # noqa: E402  (measure, workbook_for, median, the subreaper set-up)

REPO = pathlib.Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "tests" / "fixtures" / "forms" / "survey_printed.xlsx"
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def credit_code(rng):
    body = "911301" + "".join(rng.choice("0123456789") for _ in range(2)) + "MA0" + \
        "".join(rng.choice(ALPHABET) for _ in range(6))
    body = body[:17]
    s = sum(ALPHABET.index(ch) * pow(3, i, 31) for i, ch in enumerate(body))
    return body + ALPHABET[(31 - s % 31) % 31]


def make_batch(workdir, count):
    path = workdir / ("batch_%d.zip" % count)
    if path.exists():
        return path
    import openpyxl
    rng = random.Random(20221)
    wb = openpyxl.load_workbook(TEMPLATE)
    ws = wb.worksheets[0]
    # The cells holding the name, the credit code and the amount, found by their labels.
    targets = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value in ("企业名称", "信用代码", "拟融资额（万元）"):
                targets[cell.value] = ws.cell(row=cell.row, column=cell.column + 1)
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(count):
            if "企业名称" in targets:
                targets["企业名称"].value = "石家庄第%04d科技有限公司" % i
            if "信用代码" in targets:
                targets["信用代码"].value = credit_code(rng)
            if "拟融资额（万元）" in targets:
                targets["拟融资额（万元）"].value = rng.randint(50, 5000)
            buf = io.BytesIO()
            wb.save(buf)
            z.writestr("form_%04d.xlsx" % i, buf.getvalue())
    os.replace(tmp, path)
    return path


def openpyxl_load_child(path):
    """Child mode: openpyxl.load_workbook on every workbook of the zip, nothing else."""
    import openpyxl
    n = 0
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            openpyxl.load_workbook(io.BytesIO(z.read(name)))
            n += 1
    print(n)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ipsurvey", default=str(REPO / "build" / "ipsurvey"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--forms", type=int, default=1000)
    ap.add_argument("--workdir", default=str(REPO / "build" / "bench"))
    ap.add_argument("--openpyxl-load-child", metavar="ZIP", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.openpyxl_load_child:
        openpyxl_load_child(args.openpyxl_load_child)
        return 0
    bench_cells.SUBREAPER = bench_cells._become_subreaper()
    workdir = pathlib.Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    batch = make_batch(workdir, args.forms)
    table, _meta = bench_cells.workbook_for(workdir, 100000, 40, True)

    cases = {
        "parse batch (ipsurvey)": [args.ipsurvey, "parse", str(batch), "--json"],
        "load batch (openpyxl)": [sys.executable, __file__, "--openpyxl-load-child", str(batch)],
        "cells --count table": [args.ipsurvey, "cells", str(table), "--count"],
        "parse --json table": [args.ipsurvey, "parse", str(table), "--json"],
    }
    results = {k: [] for k in cases}
    for run in range(args.runs):
        for name, cmd in cases.items():
            if name.startswith("load") and run > 0:
                continue  # openpyxl takes minutes; once is enough for a 20x bar
            results[name].append(bench_cells.measure(cmd, stdout_to_devnull=True))
    med = {k: (bench_cells.median([m.wall for m in v]), bench_cells.median([m.cpu for m in v]),
               max(m.rss_mib for m in v), all(m.status in (0, 1) for m in v)) for k, v in results.items()}
    lines = ["| measurement | wall (s) | CPU (s) | peak RSS (MiB) | exit ok |", "|---|---:|---:|---:|---|"]
    for k, (wall, cpu, rss, ok) in med.items():
        lines.append("| %s | %.2f | %.2f | %.1f | %s |" % (k, wall, cpu, rss, "yes" if ok else "NO"))
    speedup_wall = med["load batch (openpyxl)"][0] / med["parse batch (ipsurvey)"][0]
    speedup_cpu = med["load batch (openpyxl)"][1] / med["parse batch (ipsurvey)"][1]
    ratio_wall = med["parse --json table"][0] / med["cells --count table"][0]
    ratio_cpu = med["parse --json table"][1] / med["cells --count table"][1]
    lines.append("")
    lines.append("- %d workbooks: ipsurvey parse is %.1fx faster than openpyxl loading them (CPU %.1fx); bar >= 20x"
                 % (args.forms, speedup_wall, speedup_cpu))
    lines.append("- 100,000-row table: parse --json / cells --count = %.2fx wall, %.2fx CPU; bar <= 2x"
                 % (ratio_wall, ratio_cpu))
    text = "\n".join(lines) + "\n"
    print(text)
    (workdir / "bench_parse.md").write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

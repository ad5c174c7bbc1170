#!/usr/bin/python3
"""Measure `ipsurvey import` against its bar (issue: storage):

    Importing the 100,000-row summary workbook into a fresh database: at most 4x the time of
    `ipsurvey cells --count` on it, peak RSS <= 128 MiB, measured in the same run; compared with
    pandas `read_excel` + `to_sql` (which does no normalisation at all), the ratio reported.

    /usr/bin/python3 tests/bench/bench_import.py [--ipsurvey build/ipsurvey] [--runs 3]
        [--pandas-runs N] [--no-parse] [--workdir build/bench]

(or `bash tests/bench/run.sh --import`). The workbook is the 100,000-row x 40-column city summary
of bench_cells.py (shared strings), the one `parse` is measured on in bench_parse.py; the survey
parser reads each of its rows as a record. Interleaved, --runs times each:

1. `ipsurvey cells W --count` (the reader alone: the baseline of the bar);
2. `ipsurvey parse W --json > /dev/null` (reading and normalising, nothing stored; with the next,
   it splits the import's time into parsing and storing; --no-parse leaves it out);
3. `ipsurvey import W --db fresh.db --quiet`, on a fresh database each time (WAL and SHM removed);
4. pandas in a child process: `pd.read_excel(W, engine="openpyxl")` then
   `df.to_sql("t", sqlite3.connect(fresh), index=False)` (--pandas-runs caps how many times: it
   takes minutes).

Wall time, CPU (user+sys) and peak RSS of the measured process come from wait4 (see
bench_cells.measure). Prints a markdown table of the medians, the ratios import/cells and
pandas/import, and the database size per record, and writes it to WORKDIR/bench_import.md.
Always exits 0: it is a measurement, not a test.
"""

import argparse
import os
import pathlib
import sqlite3
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import bench_cells  # noqa: E402  (measure, workbook_for, median, the subreaper set-up)

REPO = pathlib.Path(__file__).resolve().parents[2]
ROWS, COLS = 100000, 40
IMPORT_BAR = 4.0      # import wall (and CPU) / cells --count
RSS_BAR_MIB = 128.0   # import peak RSS


def pandas_child(workbook, db):
    """Child mode: pandas read_excel (openpyxl) + to_sql into a new SQLite file; prints the rows."""
    import pandas as pd
    df = pd.read_excel(workbook, engine="openpyxl")
    con = sqlite3.connect(db)
    df.to_sql("t", con, index=False)
    con.commit()
    con.close()
    print(len(df))


def remove_db(path):
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.unlink(str(path) + suffix)
        except FileNotFoundError:
            pass


def db_size(path):
    return sum(os.path.getsize(str(path) + s) for s in ("", "-wal") if os.path.exists(str(path) + s))


def describe_import_db(path):
    """Rows and bytes of the database an import made: records, the blob, the size of each table."""
    con = sqlite3.connect(str(path))
    try:
        out = {"records": con.execute("SELECT count(*) FROM records").fetchone()[0],
               "problems": con.execute("SELECT count(*) FROM problems").fetchone()[0],
               "blob_bytes": con.execute("SELECT coalesce(sum(length(bytes)), 0) FROM blobs").fetchone()[0],
               "status": [r[0] for r in con.execute("SELECT status FROM uploads")]}
        try:  # per table and index, when SQLite was built with the dbstat table
            out["tables"] = con.execute(
                "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 8").fetchall()
        except sqlite3.Error:
            out["tables"] = []
        return out
    finally:
        con.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ipsurvey", default=str(REPO / "build" / "ipsurvey"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--pandas-runs", type=int, default=None, help="at most this many pandas runs (default: --runs)")
    ap.add_argument("--no-parse", action="store_true", help="do not time `parse --json`")
    ap.add_argument("--workdir", default=str(REPO / "build" / "bench"))
    ap.add_argument("--pandas-child", nargs=2, metavar=("WORKBOOK", "DB"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.pandas_child:
        pandas_child(*args.pandas_child)
        return 0
    if args.runs < 1:
        ap.error("--runs must be positive")
    pandas_runs = args.runs if args.pandas_runs is None else args.pandas_runs

    bench_cells.SUBREAPER = bench_cells._become_subreaper()
    workdir = pathlib.Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    table, meta = bench_cells.workbook_for(workdir, ROWS, COLS, True)
    import_db = workdir / "bench_import.db"
    pandas_db = workdir / "bench_import_pandas.db"

    cases = {"cells": [args.ipsurvey, "cells", str(table), "--count"]}
    if not args.no_parse:
        cases["parse"] = [args.ipsurvey, "parse", str(table), "--json"]
    cases["import"] = [args.ipsurvey, "import", str(table), "--db", str(import_db), "--quiet"]
    cases["pandas"] = [sys.executable, str(pathlib.Path(__file__).resolve()), "--pandas-child", str(table),
                       str(pandas_db)]
    titles = {"cells": "`cells --count`", "parse": "`parse --json`", "import": "`import` (fresh db)",
              "pandas": "pandas read_excel + to_sql"}

    results = {k: [] for k in cases}
    import_info = pandas_info = None
    import_bytes = pandas_bytes = 0
    for run in range(args.runs):
        for name, cmd in cases.items():
            if name == "pandas" and run >= pandas_runs:
                continue
            if name in ("import", "pandas"):
                remove_db(import_db if name == "import" else pandas_db)
            print("bench_import: run %d/%d: %s ..." % (run + 1, args.runs, name), file=sys.stderr, flush=True)
            m = bench_cells.measure(cmd, stdout_to_devnull=True)
            results[name].append(m)
            if m.status not in (0, 1):
                print("bench_import: %s exited %d: %s" % (name, m.status, m.output[-300:]), file=sys.stderr)
            if name == "import" and m.status == 0:
                import_bytes = db_size(import_db)
                import_info = describe_import_db(import_db)
            if name == "pandas" and m.status == 0:
                pandas_bytes = db_size(pandas_db)
                con = sqlite3.connect(str(pandas_db))
                pandas_info = con.execute("SELECT count(*) FROM t").fetchone()[0]
                con.close()

    def med(name, key):
        ok = [m for m in results.get(name, []) if m.status == 0]
        if not ok:
            return float("nan")
        if key == "rss":
            return max(m.rss_mib for m in ok)
        return bench_cells.median([getattr(m, key) for m in ok])

    names = list(cases)
    fmt = bench_cells.fmt
    lines = [
        "# bench_import",
        "",
        "- file: `%s`, %.1f MiB, %d rows × %d columns, %d non-empty cells" % (
            table.name, meta["bytes"] / 2 ** 20, meta["rows"], meta["cols"], meta["non_empty_cells"]),
        "- runs: %d interleaved (pandas: %d); medians of the successful runs; peak RSS: the largest" % (
            args.runs, min(pandas_runs, args.runs)),
        "- machine: %s, %d CPUs; load average at the end %s" % (
            bench_cells.cpu_model(), os.cpu_count(), " ".join("%.1f" % x for x in os.getloadavg())),
        "- ipsurvey: `%s`" % args.ipsurvey,
        "",
        "| | " + " | ".join(titles[n] for n in names) + " |",
        "|---|" + "---:|" * len(names),
        "| wall time (s) | " + " | ".join(fmt(med(n, "wall")) for n in names) + " |",
        "| CPU user+sys (s) | " + " | ".join(fmt(med(n, "cpu")) for n in names) + " |",
        "| peak RSS (MiB) | " + " | ".join(fmt(med(n, "rss"), 1) for n in names) + " |",
        "| wall / cells | " + " | ".join(fmt(med(n, "wall") / med("cells", "wall")) for n in names) + " |",
        "| runs (failed) | " + " | ".join("%d (%d)" % (len(results[n]), sum(m.status != 0 for m in results[n]))
                                          for n in names) + " |",
        "",
    ]
    wall_ratio = med("import", "wall") / med("cells", "wall")
    cpu_ratio = med("import", "cpu") / med("cells", "cpu")
    rss = med("import", "rss")
    verdict = "within" if wall_ratio <= IMPORT_BAR and rss <= RSS_BAR_MIB else "OVER"
    lines.append("- import / cells --count: %.2fx wall, %.2fx CPU; peak RSS %.1f MiB — bar <= %.0fx and <= %.0f MiB: "
                 "**%s**" % (wall_ratio, cpu_ratio, rss, IMPORT_BAR, RSS_BAR_MIB, verdict))
    if "parse" in names:
        parse_wall, import_wall = med("parse", "wall"), med("import", "wall")
        parse_cpu, import_cpu = med("parse", "cpu"), med("import", "cpu")
        lines.append("- split of the import: reading + normalising (`parse --json`) %.2f s wall / %.2f s CPU; "
                     "storing (import − parse) ≈ %.2f s wall / %.2f s CPU (%.0f%% of the import's wall time)"
                     % (parse_wall, parse_cpu, import_wall - parse_wall, import_cpu - parse_cpu,
                        100.0 * (import_wall - parse_wall) / import_wall if import_wall == import_wall else 0))
    lines.append("- pandas / import: %.2fx wall, %.2fx CPU, %.2fx peak RSS (pandas stores the raw cells, "
                 "no normalisation, no problems)" % (
                     med("pandas", "wall") / med("import", "wall"), med("pandas", "cpu") / med("import", "cpu"),
                     med("pandas", "rss") / med("import", "rss")))
    if import_info:
        n = import_info["records"] or 1
        lines.append("- import database: %.1f MiB for %d records (%d problems, upload status %s): %.0f bytes per "
                     "record, %.0f without the stored workbook (%.1f MiB blob)" % (
                         import_bytes / 2 ** 20, import_info["records"], import_info["problems"],
                         "/".join(import_info["status"]), import_bytes / n,
                         (import_bytes - import_info["blob_bytes"]) / n, import_info["blob_bytes"] / 2 ** 20))
        if import_info["records"] != meta["rows"]:
            lines.append("- **records stored: %d, rows in the workbook: %d**" % (import_info["records"], meta["rows"]))
        if import_info["tables"]:
            lines.append("- largest tables and indexes: " + ", ".join(
                "%s %.1f MiB" % (name, size / 2 ** 20) for name, size in import_info["tables"]))
    if pandas_info:
        lines.append("- pandas database: %.1f MiB for %d rows: %.0f bytes per row" % (
            pandas_bytes / 2 ** 20, pandas_info, pandas_bytes / max(pandas_info, 1)))
    text = "\n".join(lines) + "\n"
    print(text)
    (workdir / "bench_import.md").write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

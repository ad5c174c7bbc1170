#!/usr/bin/python3
"""Measure the roster and province summary queries on a large database (issue: storage):

    With 1,000,000 enterprises stored, one city's roster (first page, sorted) answers in under
    100 ms and the province summary in under 1 s; say how the database grows per enterprise.

    /usr/bin/python3 tests/bench/bench_queries.py [--ipsurvey build-bench/ipsurvey]
        [--filler build-bench/bench_fill_db] [--enterprises 1000000] [--seed 2022] [--runs 7]
        [--sql-runs 7] [--workdir build/bench] [--no-dbstat] [--try-fixes]

(or `bash tests/bench/run.sh --queries`, which builds ipsurvey and bench_fill_db with the tests
in build-bench/).

1. Once, cached in the work folder as queries_<N>_seed<S>.db (+ .json: how long it took), the
   filler (tests/bench/fill_db.cpp) stores N synthetic enterprises — 11 Hebei cities, every
   survey field — through the real import path (db::ImportSession), 100,000 per upload. It takes
   minutes; the filler prints its progress. A cached file whose enterprise count is not N is
   filled again.
2. Once per command, untimed: a check run (its JSON is parsed: entries, total; the SQL of
   survey_query.cpp run here must give the same total) that also brings the file into the OS
   page cache. The timings are thus of a warm OS cache, as on a server that has been up a while.
3. Interleaved, --runs times each, the real commands (wall time from spawn to exit, so process
   start, opening and migrating the database are included; user+sys CPU and peak RSS from
   wait4, see bench_cells.measure):
     - baselines: `ipsurvey roster --help` (process start) and a roster of an empty round
       (start + opening the database + an empty query);
     - `ipsurvey roster --city 石家庄 --round 2022 --limit 50 --format json` — bar < 100 ms —
       its second page (--offset 50), and filtered by --bank 中行 and by --industry steel;
     - `ipsurvey summary --round 2022 --format json` — bar < 1 s;
     - the province-wide first page (roster without --city);
     - `ipsurvey export --bank 中行 --city 石家庄 --round 2022 --review any --format xlsx -o F`
       (a long list; it appends to the audit log, as `--as bench_queries`: those rows are
       deleted afterwards so the cached database stays as filled).
4. Interleaved, --sql-runs times each, in this process (sqlite3 module, the same libsqlite3 as
   ipsurvey on Debian): the same SQL as the command (survey_query.cpp: the count(*) and the
   page; province_summary.cpp: the scan of records_summary), each on a fresh connection with
   ipsurvey's cache_size. For the summary the scan is timed as an aggregate over the same index
   columns (SQLite alone; fetching 1M rows into Python would time Python instead).
5. EXPLAIN QUERY PLAN of each query (whether it uses the intended index; whether ORDER BY needs
   a temporary B-tree), and the database's size: file size / N, and per table and index from
   the dbstat virtual table (--no-dbstat skips it: it reads every page).
6. With --try-fixes: candidate fixes timed in this process against the SQL ipsurvey runs now,
   interleaved, on a copy of the database (WORKDIR/queries_fixes.db, deleted afterwards) that
   gets the extra index/table: the bank filter as a correlated EXISTS instead of IN (SELECT …);
   record_banks rows carrying round, city and the latest/has_need flags, for the filtered
   count; a narrow partial index for the province-wide count. Nothing in the project changes.

Prints a markdown table of the medians and writes it to WORKDIR/bench_queries.md. Always exits 0
(unless the arguments are wrong or the filler fails): it is a measurement, not a test.
"""

import argparse
import json
import os
import pathlib
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import bench_cells  # noqa: E402  (measure, median, fmt, cpu_model, the subreaper set-up)
from bench_import import remove_db  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[2]
ROUND = "2022"
ROSTER_BAR_S = 0.100
SUMMARY_BAR_S = 1.0
AUDIT_ACCOUNT = "bench_queries"
FILL_FORMAT = 1  # bump when the cached file's meaning changes (fill_db.cpp's content), to refill

# What the command line's spellings resolve to (collector/survey_filter_options.cpp).
CITY, CITY_FULL = "石家庄", "石家庄市"
BANK, BANK_FULL = "中行", "中国银行"
INDUSTRY = "steel"

SELECT_COLUMNS = (
    "r.id, r.enterprise_id, r.version, r.upload_id, r.round, r.city, r.credit_code, r.enterprise_name, "
    "r.industry, r.enterprise_size, r.loan_term, r.max_cost, r.loan_amount_wan, r.purposes, r.banks, "
    "r.high_tech, r.valid_patents, r.ip_total, r.risk_flags, r.needs_correction, r.review, r.review_note, "
    "r.fields, u.name, u.received_at, r.sheet, r.row")

SUMMARY_SQL = ("SELECT city, has_need, loan_amount_wan, industry, loan_term, max_cost, review, needs_correction "
               "FROM records INDEXED BY records_summary "
               "WHERE latest = 1 AND round = ? AND enterprise_id IS NOT NULL")
# The same index scan, every column read, aggregated in SQLite (no per-row Python).
SUMMARY_AGGREGATE_SQL = (
    "SELECT count(*), sum(has_need), sum(loan_amount_wan), count(industry), count(loan_term), count(max_cost), "
    "count(review), sum(needs_correction), count(DISTINCT city) "
    "FROM records INDEXED BY records_summary WHERE latest = 1 AND round = ? AND enterprise_id IS NOT NULL")


def survey_where(round_, city="", industry="", bank="", review=None, need_only=True):
    """build_where() of db/survey_query.cpp, for the filters used here: (sql, params)."""
    sql, params = "r.latest = 1", []
    if need_only:
        sql += " AND r.has_need = 1"
    sql += " AND r.round = ?"
    params.append(round_)
    if city:
        sql += " AND r.city = ?"
        params.append(city)
    if industry:
        sql += " AND r.industry = ?"
        params.append(industry)
    if bank:
        sql += " AND r.id IN (SELECT record_id FROM record_banks WHERE bank = ?)"
        params.append(bank)
    if review:
        sql += " AND r.review IN (" + ", ".join("?" * len(review)) + ")"
        params.extend(review)
    return sql, params


def survey_queries(limit=None, offset=0, count=True, **filters):
    """The statements a roster/export runs: [(label, sql, params)] — count_survey_entries (JSON
    roster only) then for_each_survey_entry."""
    where, params = survey_where(ROUND, **filters)
    out = []
    if count:
        out.append(("count", "SELECT count(*) FROM records r WHERE " + where, params))
    page = ("SELECT " + SELECT_COLUMNS + " FROM records r JOIN uploads u ON u.id = r.upload_id WHERE " + where +
            " ORDER BY r.city, r.rank_key, r.credit_code")
    if limit is not None or offset:
        page += " LIMIT %d OFFSET %d" % (-1 if limit is None else limit, offset)
    out.append(("page", page, params))
    return out


class Case:
    def __init__(self, key, title, args, sql=None, bar=None, kind="roster", expect_entries=None):
        self.key, self.title, self.args, self.sql, self.bar = key, title, args, sql, bar
        self.kind, self.expect_entries = kind, expect_entries
        self.runs = []          # bench_cells.Measurement
        self.sql_runs = []      # {label: seconds}
        self.check = ""         # what the check run found
        self.plans = {}         # label: [detail]


def make_cases(db, export_path):
    d = ["--db", str(db)]
    roster = ["roster", "--round", ROUND, "--limit", "50", "--format", "json"]
    city = ["--city", CITY]
    return [
        Case("start", "process start: `roster --help`", ["roster", "--help"], kind="baseline"),
        Case("empty", "open db + empty query: `roster --round 1999 --limit 50 --format json`",
             ["roster", "--round", "1999", "--city", CITY, "--limit", "50", "--format", "json"] + d,
             kind="baseline", expect_entries=0),
        Case("city", "roster, one city, first page: `roster --city 石家庄 --round 2022 --limit 50 --format json`",
             roster + city + d, survey_queries(limit=50, city=CITY_FULL), ROSTER_BAR_S, expect_entries=50),
        Case("city_p2", "… second page (`--offset 50`)", roster + city + ["--offset", "50"] + d,
             survey_queries(limit=50, offset=50, city=CITY_FULL), expect_entries=50),
        Case("city_bank", "… filtered `--bank 中行`", roster + city + ["--bank", BANK] + d,
             survey_queries(limit=50, city=CITY_FULL, bank=BANK_FULL), expect_entries=50),
        Case("city_industry", "… filtered `--industry steel`", roster + city + ["--industry", INDUSTRY] + d,
             survey_queries(limit=50, city=CITY_FULL, industry=INDUSTRY), expect_entries=50),
        Case("summary", "province summary: `summary --round 2022 --format json`",
             ["summary", "--round", ROUND, "--format", "json"] + d,
             [("scan", SUMMARY_AGGREGATE_SQL, [ROUND])], SUMMARY_BAR_S, kind="summary"),
        Case("province", "roster, province-wide first page: `roster --round 2022 --limit 50 --format json`",
             roster + d, survey_queries(limit=50), expect_entries=50),
        Case("export", "bank list: `export --bank 中行 --city 石家庄 --round 2022 --review any --format xlsx -o F`",
             ["export", "--bank", BANK, "--city", CITY, "--round", ROUND, "--review", "any", "--format", "xlsx",
              "-o", str(export_path), "--as", AUDIT_ACCOUNT] + d,
             survey_queries(count=False, city=CITY_FULL, bank=BANK_FULL), kind="export"),
    ]


# --------------------------------------------------------------------------------------------
# The database
# --------------------------------------------------------------------------------------------

def stored_enterprises(path):
    try:
        con = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
        try:
            return (con.execute("SELECT count(*) FROM enterprises").fetchone()[0],
                    con.execute("SELECT count(*) FROM records").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return None


def database_for(workdir, filler, n, seed):
    """The cached database of n enterprises (filled when missing or wrong) and its metadata."""
    path = workdir / ("queries_%d_seed%d.db" % (n, seed))
    meta_path = path.with_suffix(".json")
    if path.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("format") == FILL_FORMAT and stored_enterprises(path) == (n, n):
            return path, meta
        print("bench_queries: %s is stale or incomplete: filling it again" % path, file=sys.stderr)
    if not os.access(filler, os.X_OK):
        sys.exit("bench_queries: no filler at %s (build the target bench_fill_db, with the tests)" % filler)
    part = pathlib.Path(str(path) + ".part")
    remove_db(part)
    remove_db(path)
    print("bench_queries: filling %s with %d enterprises (seed %d) — this takes minutes ..." % (path, n, seed),
          file=sys.stderr, flush=True)
    started = time.monotonic()
    load_before = os.getloadavg()
    subprocess.run([str(filler), str(part), str(n), str(seed)], check=True)  # progress on stderr
    seconds = time.monotonic() - started
    con = sqlite3.connect(str(part))
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    for suffix in ("-wal", "-shm"):  # emptied by the checkpoint; the next opener makes new ones
        try:
            os.unlink(str(part) + suffix)
        except FileNotFoundError:
            pass
    os.replace(part, path)
    meta = {"format": FILL_FORMAT, "enterprises": n, "seed": seed, "fill_seconds": round(seconds, 1),
            "load_before": [round(x, 2) for x in load_before], "load_after": [round(x, 2) for x in os.getloadavg()],
            "filler": str(filler), "bytes": path.stat().st_size}
    meta_path.write_text(json.dumps(meta, indent=1))
    print("bench_queries: filled in %.0f s (%.1f MiB)" % (seconds, meta["bytes"] / 2 ** 20), file=sys.stderr)
    return path, meta


def db_bytes(path):
    return sum(os.path.getsize(str(path) + s) for s in ("", "-wal") if os.path.exists(str(path) + s))


def describe(path, with_dbstat):
    """Sizes: per table and index (dbstat), and the average stored text of a record."""
    con = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    out = {"page_size": con.execute("PRAGMA page_size").fetchone()[0],
           "page_count": con.execute("PRAGMA page_count").fetchone()[0],
           "freelist": con.execute("PRAGMA freelist_count").fetchone()[0],
           "cities": con.execute("SELECT count(DISTINCT city) FROM records").fetchone()[0],
           "record_banks": con.execute("SELECT count(*) FROM record_banks").fetchone()[0],
           "with_need": con.execute("SELECT count(*) FROM records WHERE latest = 1 AND has_need = 1").fetchone()[0],
           "tables": []}
    row = con.execute("SELECT avg(length(CAST(fields AS BLOB))), avg(length(CAST(sources AS BLOB))) "
                      "FROM records").fetchone()
    out["avg_fields"], out["avg_sources"] = row
    if with_dbstat:
        try:
            try:  # one row per table/index (SQLite >= 3.31)
                rows = con.execute("SELECT name, pgsize, payload, unused FROM dbstat WHERE aggregate = TRUE").fetchall()
            except sqlite3.Error:
                rows = con.execute("SELECT name, sum(pgsize), sum(payload), sum(unused) FROM dbstat "
                                   "GROUP BY name").fetchall()
            kinds = dict(con.execute("SELECT name, type FROM sqlite_schema"))
            out["tables"] = sorted(((name, kinds.get(name, "index" if name.startswith("sqlite_autoindex")
                                                     else "table"), size, payload, unused)
                                    for name, size, payload, unused in rows), key=lambda t: -t[2])
        except sqlite3.Error as e:
            out["dbstat_error"] = str(e)
    con.close()
    return out


def explain(path, sql, params):
    con = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        return [r[3] for r in con.execute("EXPLAIN QUERY PLAN " + sql, params)]
    finally:
        con.close()


# --------------------------------------------------------------------------------------------
# Timing the SQL in-process
# --------------------------------------------------------------------------------------------

def time_sql(path, statements):
    """Each statement on one fresh connection set up as ipsurvey's: {label: seconds} and the rows."""
    out, results = {}, {}
    started = time.perf_counter()
    con = sqlite3.connect(str(path))
    con.execute("PRAGMA cache_size = -32768")
    out["open"] = time.perf_counter() - started
    try:
        for label, sql, params in statements:
            t = time.perf_counter()
            rows = con.execute(sql, params).fetchall()
            out[label] = time.perf_counter() - t
            results[label] = rows
    finally:
        con.close()
    out["total"] = time.perf_counter() - started
    return out, results


# --------------------------------------------------------------------------------------------
# Checking a command's output
# --------------------------------------------------------------------------------------------

def check_output(case, m, sql_results, export_path):
    if m.status != 0:
        return "**exit %d**: %s" % (m.status, m.output.strip()[-200:])
    if case.kind == "baseline" and case.expect_entries is None:
        return "ok"
    if case.kind == "export":
        rows = len(sql_results.get("page", []))
        size = export_path.stat().st_size if export_path.exists() else 0
        return "ok: %d enterprises (SQL), %.1f MiB xlsx" % (rows, size / 2 ** 20)
    try:
        doc = json.loads(m.output)
    except ValueError as e:
        return "**not JSON**: %s" % e
    if case.kind == "summary":
        cities = doc.get("cities", [])
        surveyed = sum(c.get("surveyed", 0) for c in cities)
        want = sql_results.get("scan", [[None]])[0][0]
        return "ok: %d cities, %d surveyed%s" % (
            len(cities), surveyed, "" if want in (None, surveyed) else " (**SQL says %s**)" % want)
    entries = doc.get("entries", [])
    total = doc.get("total")
    note = "ok: %d of %s" % (len(entries), total)
    if case.expect_entries is not None and len(entries) != case.expect_entries:
        note = "**%d entries, expected %d** (total %s)" % (len(entries), case.expect_entries, total)
    want = sql_results.get("count", [[None]])[0][0]
    if want is not None and want != total:
        note += " (**SQL count %s**)" % want
    page = sql_results.get("page")
    if page is not None and [e.get("record_id") for e in entries] != [r[0] for r in page]:
        note += " (**page differs from the SQL's**)"
    return note


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------

# --------------------------------------------------------------------------------------------
# Candidate fixes (--try-fixes), on a copy of the database
# --------------------------------------------------------------------------------------------

FIX_SETUP = [
    ("records_need_round",
     "CREATE INDEX records_need_round ON records(round) WHERE latest = 1 AND has_need = 1"),
    ("bank_scope",
     "CREATE TABLE bank_scope (bank TEXT NOT NULL, round TEXT NOT NULL, city TEXT NOT NULL, "
     "has_need INTEGER NOT NULL, record_id INTEGER NOT NULL, PRIMARY KEY (bank, round, city, has_need, record_id)) "
     "WITHOUT ROWID"),
    ("bank_scope rows (latest versions only)",
     "INSERT INTO bank_scope SELECT b.bank, r.round, r.city, r.has_need, b.record_id FROM record_banks b "
     "JOIN records r ON r.id = b.record_id WHERE r.latest = 1"),
]


def fix_experiments():
    """[(title, current (sql, params, index), candidate (sql, params, index), extra object)]."""
    where = "r.latest = 1 AND r.has_need = 1 AND r.round = ? AND r.city = ?"
    in_list = " AND r.id IN (SELECT record_id FROM record_banks WHERE bank = ?)"
    exists = " AND EXISTS (SELECT 1 FROM record_banks b WHERE b.bank = ? AND b.record_id = r.id)"
    page = ("SELECT " + SELECT_COLUMNS + " FROM records r JOIN uploads u ON u.id = r.upload_id WHERE " + where)
    order = " ORDER BY r.city, r.rank_key, r.credit_code"
    city_bank = [ROUND, CITY_FULL, BANK_FULL]
    return [
        ("`--bank` roster page (LIMIT 50): IN (SELECT …) → correlated EXISTS",
         (page + in_list + order + " LIMIT 50 OFFSET 0", city_bank),
         (page + exists + order + " LIMIT 50 OFFSET 0", city_bank), None),
        ("`--bank` export list (all rows): IN (SELECT …) → correlated EXISTS",
         (page + in_list + order, city_bank), (page + exists + order, city_bank), None),
        ("`--bank` count: IN (SELECT …) → bank_scope(bank, round, city, has_need, record_id)",
         ("SELECT count(*) FROM records r WHERE " + where + in_list, city_bank),
         ("SELECT count(*) FROM bank_scope WHERE bank = ? AND round = ? AND city = ? AND has_need = 1",
          [BANK_FULL, ROUND, CITY_FULL]), "bank_scope"),
        ("province-wide count: records_roster → records_need_round(round) WHERE latest AND has_need",
         ("SELECT count(*) FROM records r INDEXED BY records_roster WHERE r.latest = 1 AND r.has_need = 1 "
          "AND r.round = ?", [ROUND]),
         ("SELECT count(*) FROM records r INDEXED BY records_need_round WHERE r.latest = 1 AND r.has_need = 1 "
          "AND r.round = ?", [ROUND]), "records_need_round"),
    ]


def try_fixes(db, workdir, runs):
    """Markdown lines: each candidate against the current SQL, timed on a copy of the database."""
    import shutil
    copy = workdir / "queries_fixes.db"
    remove_db(copy)
    print("bench_queries: --try-fixes: copying the database ...", file=sys.stderr, flush=True)
    shutil.copyfile(db, copy)
    lines = ["", "## Candidate fixes (measured on a copy; nothing in the project changed)", ""]
    try:
        con = sqlite3.connect(str(copy))
        for name, sql in FIX_SETUP:
            started = time.perf_counter()
            con.execute(sql)
            con.commit()
            lines.append("- set-up: %s — %.1f s" % (name, time.perf_counter() - started))
        sizes = dict(con.execute("SELECT name, pgsize FROM dbstat WHERE aggregate = TRUE AND name IN "
                                 "('records_need_round', 'bank_scope', 'record_banks', 'records_roster')"))
        n = con.execute("SELECT count(*) FROM enterprises").fetchone()[0] or 1
        con.close()
        lines.append("- sizes: " + ", ".join("%s %.1f MiB (%.0f bytes per enterprise)" % (k, v / 2 ** 20, v / n)
                                              for k, v in sorted(sizes.items())))
        experiments = fix_experiments()
        times = {}
        results = {}
        for _ in range(runs):
            for i, (_, now, fix, _) in enumerate(experiments):
                for which, (sql, params) in (("now", now), ("fix", fix)):
                    t, rows = time_sql(copy, [(which, sql, params)])
                    times.setdefault((i, which), []).append(t[which])
                    results[(i, which)] = rows[which] if len(rows[which]) == 1 else [r[0] for r in rows[which]]
        lines += ["", "| change | now (ms) | with the fix (ms) | same result | plan with the fix |",
                  "|---|---:|---:|---|---|"]
        for i, (title, _, fix, _) in enumerate(experiments):
            same = results[(i, "now")] == results[(i, "fix")]
            lines.append("| %s | %s | %s | %s | %s |" % (
                title, ms(bench_cells.median(times[(i, "now")])), ms(bench_cells.median(times[(i, "fix")])),
                "yes" if same else "**NO**", "; ".join("`%s`" % d for d in explain(copy, fix[0], fix[1]))))
    finally:
        remove_db(copy)
    return lines


def ms(x):
    return bench_cells.fmt(x * 1000, 1) if x == x else "—"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ipsurvey", default=str(REPO / "build-bench" / "ipsurvey"))
    ap.add_argument("--filler", default=None, help="bench_fill_db (default: next to --ipsurvey)")
    ap.add_argument("--enterprises", type=int, default=1000000)
    ap.add_argument("--seed", type=int, default=2022, help="the filler's seed (part of the cache key)")
    ap.add_argument("--runs", type=int, default=7, help="timed runs of each command, interleaved")
    ap.add_argument("--sql-runs", type=int, default=7, help="in-process timings of each query's SQL")
    ap.add_argument("--workdir", default=str(REPO / "build" / "bench"))
    ap.add_argument("--no-dbstat", action="store_true", help="skip the per-table sizes (reads every page)")
    ap.add_argument("--try-fixes", action="store_true",
                    help="also time candidate indexes and query shapes on a copy of the database")
    args = ap.parse_args()
    if args.runs < 1 or args.enterprises < 1 or args.sql_runs < 0:
        ap.error("--runs and --enterprises must be positive")
    filler = args.filler or str(pathlib.Path(args.ipsurvey).parent / "bench_fill_db")

    bench_cells.SUBREAPER = bench_cells._become_subreaper()
    workdir = pathlib.Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    load_start = os.getloadavg()
    db, meta = database_for(workdir, filler, args.enterprises, args.seed)
    n = args.enterprises
    tmp = tempfile.TemporaryDirectory(prefix="bench-queries-")
    export_path = pathlib.Path(tmp.name) / "bank_list.xlsx"
    cases = make_cases(db, export_path)

    # Check runs (also warm the OS page cache), the plans.
    for case in cases:
        print("bench_queries: check run: %s ..." % case.key, file=sys.stderr, flush=True)
        _, sql_results = time_sql(db, case.sql) if case.sql else ({}, {})
        m = bench_cells.measure([args.ipsurvey] + case.args, stdout_to_devnull=case.kind == "export")
        case.check = check_output(case, m, sql_results, export_path)
        for label, sql, params in case.sql or []:
            case.plans[label] = explain(db, SUMMARY_SQL if case.kind == "summary" else sql, params)

    loads = []
    for run in range(args.runs):
        for case in cases:
            print("bench_queries: run %d/%d: %s ..." % (run + 1, args.runs, case.key), file=sys.stderr, flush=True)
            m = bench_cells.measure([args.ipsurvey] + case.args, stdout_to_devnull=True)
            case.runs.append(m)
            if m.status != 0:
                print("bench_queries: %s exited %d: %s" % (case.key, m.status, m.output[-300:]), file=sys.stderr)
        loads.append(os.getloadavg()[0])
    for run in range(args.sql_runs):
        for case in cases:
            if case.sql:
                case.sql_runs.append(time_sql(db, case.sql)[0])
        loads.append(os.getloadavg()[0])

    # Leave the cached database as filled: drop the exports' audit rows.
    con = sqlite3.connect(str(db))
    con.execute("DELETE FROM audit_log WHERE account = ?", (AUDIT_ACCOUNT,))
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()

    print("bench_queries: sizes%s ..." % ("" if args.no_dbstat else " (dbstat reads every page)"),
          file=sys.stderr, flush=True)
    size = describe(db, not args.no_dbstat)
    file_bytes = db_bytes(db)
    load_end = os.getloadavg()
    med = bench_cells.median

    def ok_runs(case):
        return [m for m in case.runs if m.status == 0]

    def wall(case, f=med):
        r = ok_runs(case)
        return f([m.wall for m in r]) if r else float("nan")

    def cpu_of(case):
        r = ok_runs(case)
        return med([m.cpu for m in r]) if r else float("nan")

    def sql_piece(case, label):
        v = [r[label] for r in case.sql_runs if label in r]
        return med(v) if v else float("nan")

    lines = [
        "# bench_queries",
        "",
        "- database: `%s`, %d enterprises (seed %d; %d cities; %d with a financing need), filled through "
        "db::ImportSession in %.0f s (load average then %s)" % (
            db.name, n, args.seed, size["cities"], size["with_need"], meta.get("fill_seconds", float("nan")),
            " ".join("%.1f" % x for x in meta.get("load_after", []))),
        "- runs: %d interleaved per command (medians; min–max shown), after one untimed check run each (the file is "
        "in the OS page cache: warm); in-process SQL: %d runs each, fresh connection, cache_size as ipsurvey" % (
            args.runs, args.sql_runs),
        "- machine: %s, %d CPUs, shared; load average at the start %s, at the end %s; 1-min load during the runs "
        "%.1f–%.1f (median %.1f)" % (
            bench_cells.cpu_model(), os.cpu_count(), " ".join("%.1f" % x for x in load_start),
            " ".join("%.1f" % x for x in load_end), min(loads), max(loads), med(loads)),
        "- ipsurvey: `%s`; SQLite %s (Python's sqlite3: same system library)" % (args.ipsurvey, sqlite3.sqlite_version),
        "",
        "| command | wall median (ms) | min–max (ms) | CPU median (ms) | peak RSS (MiB) | in-process SQL (ms) | "
        "SQL pieces (ms) | bar | check |",
        "|---|---:|---:|---:|---:|---:|---|---|---|",
    ]
    for case in cases:
        r = ok_runs(case)
        cpu = med([m.cpu for m in r]) if r else float("nan")
        rss = max([m.rss_mib for m in r]) if r else float("nan")
        pieces = ""
        if case.sql_runs:
            labels = [label for label, _, _ in case.sql]
            pieces = ", ".join("%s %s" % (label, ms(sql_piece(case, label))) for label in ["open"] + labels)
        bar = ""
        if case.bar:
            bar = "< %s ms: **%s**" % (ms(case.bar).rstrip("0").rstrip("."),
                                       "met" if wall(case) < case.bar else "MISSED")
        lines.append("| %s | %s | %s–%s | %s | %s | %s | %s | %s | %s |" % (
            case.title, ms(wall(case)), ms(wall(case, min)), ms(wall(case, max)), ms(cpu), bench_cells.fmt(rss, 1),
            ms(sql_piece(case, "total")) if case.sql_runs else "—", pieces or "—", bar or "—",
            case.check + ("" if len(r) == len(case.runs) else " (%d runs failed)" % (len(case.runs) - len(r)))))
    lines.append("")
    city, summary, start, empty = (next(c for c in cases if c.key == k) for k in ("city", "summary", "start", "empty"))
    lines.append("- one city's first page: %s ms wall (bar < 100 ms: **%s**); for scale, the baselines: process "
                 "start %s ms, start + opening the database + an empty query %s ms; its SQL alone %s ms warm" % (
                     ms(wall(city)), "met" if wall(city) < ROSTER_BAR_S else "MISSED", ms(wall(start)),
                     ms(wall(empty)), ms(sql_piece(city, "total"))))
    lines.append("- province summary: %s ms wall, %s ms CPU (bar < 1 s: **%s**); its index scan alone %s ms warm "
                 "(the rest is the per-row work in province_summary.cpp and process start)" % (
                     ms(wall(summary)), ms(cpu_of(summary)), "met" if wall(summary) < SUMMARY_BAR_S else "MISSED",
                     ms(sql_piece(summary, "scan"))))
    lines.append("- on this shared 2-CPU machine wall time exceeds CPU time when the load average is above 2: "
                 "CPU time is the load-independent figure")

    # Growth per enterprise.
    lines += ["", "## Size", "",
              "- file: %.1f MiB for %d enterprises = **%.0f bytes per enterprise** (page size %d, %d pages, %d free)" % (
                  file_bytes / 2 ** 20, n, file_bytes / n, size["page_size"], size["page_count"], size["freelist"]),
              "- a record's stored text: fields JSON %.0f bytes, sources JSON %.0f bytes on average; %.2f "
              "record_banks rows per enterprise" % (size["avg_fields"], size["avg_sources"], size["record_banks"] / n)]
    if size["tables"]:
        lines += ["", "| table / index | kind | MiB | bytes per enterprise | payload bytes per enterprise | unused |",
                  "|---|---|---:|---:|---:|---:|"]
        for name, kind, pg, payload, unused in size["tables"]:
            if pg < 1 << 20:
                continue
            lines.append("| %s | %s | %.1f | %.0f | %.0f | %.0f%% |" % (
                name, kind, pg / 2 ** 20, pg / n, payload / n, 100.0 * unused / pg if pg else 0))
        small = sum(t[2] for t in size["tables"] if t[2] < 1 << 20)
        lines.append("| (%d smaller ones) | | %.1f | %.1f | | |" % (
            sum(1 for t in size["tables"] if t[2] < 1 << 20), small / 2 ** 20, small / n))
    elif "dbstat_error" in size:
        lines.append("- dbstat not available: %s" % size["dbstat_error"])

    # Plans.
    lines += ["", "## Query plans (EXPLAIN QUERY PLAN)", ""]
    for case in cases:
        for label, detail in case.plans.items():
            temp = any("TEMP B-TREE" in d for d in detail)
            lines.append("- %s — %s: %s%s" % (case.key, "summary scan" if case.kind == "summary" else label,
                                                "; ".join("`%s`" % d for d in detail),
                                                " — **uses a temp B-tree**" if temp else ""))
    with_temp = [case.key for case in cases for d in case.plans.values() if any("TEMP B-TREE" in x for x in d)]
    lines.append("- temporary B-trees (a sort for ORDER BY or DISTINCT): %s" % (
        ", ".join(with_temp) if with_temp else "none — every ORDER BY is read off records_roster in order"))
    if args.try_fixes:
        lines += try_fixes(db, workdir, max(args.sql_runs, 3))
    text = "\n".join(lines) + "\n"
    print(text)
    (workdir / "bench_queries.md").write_text(text)
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""`ipsurvey import` under failure: an upload is stored whole or not at all.

    /usr/bin/python3 tests/db/import_failure_test.py --ipsurvey build/ipsurvey [--rounds 15]
        [--batch-rounds 6] [--rows 3000] [--batch 200] [--picture-mib 40] [--fresh-pairs 10]
        [--seed N] [--keep] [-v]

(run by CTest as `import_failure`). In a temporary folder it writes, with XlsxWriter, summary
workbooks of a few thousand enterprises (valid GB 32100 credit codes, one row each) and a zip of
many small ones, then checks:

1. SIGKILL during a large import, --rounds times. The large workbook also carries a picture of
   --picture-mib MiB, more than SQLite's page cache, so that the open transaction spills pages to
   the WAL and many kills leave uncommitted frames there (the report counts them). A small workbook
   is imported first so that the database is not empty. One complete import of the large workbook
   (on a copy) gives its run time and the row counts it adds to every table. Then, again and again
   on the same database, the import is started and killed with SIGKILL after a random delay spread
   over that run time; after each kill `PRAGMA integrity_check` must say ok, and the database must
   be exactly as before the import (no uploads row with the file's SHA-256, no records, problems,
   files, blob or audit row of it: every table has its earlier row count) or exactly as after a
   complete one (one uploads row, all its records, its blob). The small upload's rows are unchanged
   throughout. Finally one import runs to its end (the record count is exact) and importing the
   file again says duplicate.
2. Two imports at once: two processes on two different large files, started together: both exit 0
   (the second waits for the write lock) and every record of both is stored exactly once. Then two
   processes on the same file: both exit 0, one says ok and the other duplicate (`--json` status),
   and there is one uploads row for it. And --fresh-pairs times, two imports of small files on a
   database that does not exist yet (both create it, switch it to WAL and migrate it): both exit 0;
   likewise one import on a database not yet in WAL mode whose write lock another connection holds
   for a second (the deterministic form of that race): it waits, and exits 0.
3. SIGKILL during the import of a zip of many small workbooks (a batch; one of them with the
   picture), with the same whole-or-nothing check.

Every check is on exit codes, statuses, codes and row counts — never on wording. Exit 0 when all
pass, 1 when any fails.
"""

import argparse
import hashlib
import io
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]         # GB 11714
ROUND = "2024"
TABLES = ["blobs", "uploads", "upload_files", "enterprises", "records", "record_banks", "problems",
          "ledger_filings", "audit_log"]

REGIONS = [("石家庄市", "130100"), ("唐山市", "130200"), ("保定市", "130600"), ("邯郸市", "130400"),
           ("沧州市", "130900"), ("廊坊市", "131000")]
INDUSTRY = ["高端装备制造", "信息智能", "生物医药健康", "新能源新材料", "钢铁", "石化", "食品", "其它"]
NATURE = ["民营企业", "国有企业", "中外合资企业"]
SIZE = ["小型", "微型", "中型", "大型"]
TERMS = ["3—6个月", "6个月—1年", "1年-2年", "3个月以下"]
BANKS = ["中国银行", "河北银行", "中国工商银行", "中国建设银行", "中国农业银行", "交通银行", "招商银行"]
PURPOSES = ["扩大经营规模", "补充周转资金", "归还到期贷款", "固定资产投资", "技改项目"]
COSTS = ["5%-6%", "6%-7%", "7%-8%", "8%-9%"]
HEADERS = ["序号", "企业名称", "统一社会信用代码", "所在城市", "所在地址", "企业性质", "企业规模", "所属行业",
           "联系人", "电话/手机", "拟融资额（万元）", "期望贷款期限", "拟合作银行（可填写多个）",
           "能够接受的最高融资成本", "融资目的（可多选）", "有效专利量"]

VERBOSE = False


def log(*a):
    if VERBOSE:
        print(*a, flush=True)


# ------------------------------------------------------------------------------------------
# Inputs
# ------------------------------------------------------------------------------------------

def org_check(first8):
    s = sum((int(c) if c.isdigit() else 10 + ord(c) - ord("A")) * w for c, w in zip(first8, ORG_WEIGHTS))
    check = 11 - s % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def credit_code(region, serial):
    """A valid unified social credit code (both check characters), unique per serial."""
    org8 = "MA%06d" % serial  # digits only after MA: always in both alphabets
    body = "91" + region + org8 + org_check(org8)
    total = sum(ALPHABET.index(ch) * pow(3, i, 31) for i, ch in enumerate(body))
    return body + ALPHABET[(31 - total % 31) % 31]


def summary_workbook(rows, first_serial, rng, tag):
    """The bytes of a one-sheet summary table: a header row, then one enterprise per row."""
    import xlsxwriter
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False,
                                   "strings_to_formulas": False, "strings_to_urls": False})
    ws = wb.add_worksheet("汇总表")
    for c, h in enumerate(HEADERS):
        ws.write_string(0, c, h)
    for i in range(1, rows + 1):
        serial = first_serial + i
        city, region = rng.choice(REGIONS)
        row = [i, "%s%s第%06d科技有限公司" % (city[:-1], tag, serial), credit_code(region, serial), city,
               "河北省%s裕华路%d号" % (city, rng.randint(1, 999)), rng.choice(NATURE), rng.choice(SIZE),
               rng.choice(INDUSTRY), "王%s" % rng.choice("伟芳娜敏静丽强"),
               "13%09d" % rng.randrange(10 ** 9), rng.choice((100, 200, 500, 800, 1000)), rng.choice(TERMS),
               "、".join(rng.sample(BANKS, rng.randint(1, 3))), rng.choice(COSTS),
               "、".join(rng.sample(PURPOSES, rng.randint(1, 2))), rng.randint(0, 50)]
        for c, v in enumerate(row):
            if isinstance(v, str):
                ws.write_string(i, c, v)
            else:
                ws.write_number(i, c, v)
    wb.close()
    return buf.getvalue()


def with_picture(workbook, mib, rng):
    """The workbook with an embedded picture of `mib` MiB of incompressible bytes (a scanned
    stamp, say): the stored upload (its blob) then outgrows SQLite's page cache, so that pages of
    the open transaction are spilled to the WAL before the commit and a kill leaves them there."""
    if mib <= 0:
        return workbook
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info.filename))
        zout.writestr("xl/media/image1.png", rng.randbytes(mib << 20), compress_type=zipfile.ZIP_STORED)
    return out.getvalue()


def batch_zip(count, rows_each, first_serial, rng, picture_mib):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for k in range(count):
            book = summary_workbook(rows_each, first_serial + k * rows_each, rng, "批%d" % k)
            if k == count // 2:
                book = with_picture(book, picture_mib, rng)
            z.writestr("city_%04d.xlsx" % k, book)
    return buf.getvalue()


# ------------------------------------------------------------------------------------------
# Running ipsurvey and looking at the database
# ------------------------------------------------------------------------------------------

class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)


def import_cmd(ipsurvey, files, db, *extra):
    return [ipsurvey, "import", *map(str, files), "--db", str(db), "--round", ROUND, "--quiet", *extra]


def run_import(ipsurvey, files, db, *extra, timeout=600):
    p = subprocess.run(import_cmd(ipsurvey, files, db, *extra), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def statuses(json_text):
    doc = json.loads(json_text)
    return [f["status"] for f in doc["files"]]


def remove_db(db):
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.unlink(str(db) + suffix)
        except FileNotFoundError:
            pass


def copy_db(src, dst):
    """Copies a closed database (and its WAL, if any)."""
    remove_db(dst)
    for suffix in ("", "-wal"):
        if os.path.exists(str(src) + suffix):
            shutil.copyfile(str(src) + suffix, str(dst) + suffix)


class Snapshot:
    """What is in the database: row counts per table, and per stored upload (by SHA-256) its rows."""

    def __init__(self, db):
        con = sqlite3.connect(str(db), timeout=120)
        try:
            self.integrity = [r[0] for r in con.execute("PRAGMA integrity_check")]
            self.counts = {t: con.execute("SELECT count(*) FROM %s" % t).fetchone()[0] for t in TABLES}
            self.uploads = {}
            for uid, sha, status, rc in con.execute(
                    "SELECT id, sha256, status, record_count FROM uploads ORDER BY id"):
                self.uploads.setdefault(sha, []).append((uid, status, rc))
            self.blobs = {sha for (sha,) in con.execute("SELECT sha256 FROM blobs")}
            self.orphans = {
                "records": con.execute("SELECT count(*) FROM records WHERE upload_id NOT IN "
                                       "(SELECT id FROM uploads)").fetchone()[0],
                "problems": con.execute("SELECT count(*) FROM problems WHERE upload_id NOT IN "
                                        "(SELECT id FROM uploads)").fetchone()[0],
                "upload_files": con.execute("SELECT count(*) FROM upload_files WHERE upload_id NOT IN "
                                            "(SELECT id FROM uploads)").fetchone()[0],
                "uploads_without_blob": con.execute("SELECT count(*) FROM uploads WHERE sha256 NOT IN "
                                                    "(SELECT sha256 FROM blobs)").fetchone()[0],
            }
            # One current version per enterprise, and it is the one enterprises points at.
            self.latest_violations = con.execute(
                "SELECT count(*) FROM (SELECT enterprise_id FROM records WHERE enterprise_id IS NOT NULL "
                "GROUP BY enterprise_id HAVING sum(latest) <> 1)").fetchone()[0]
            self.latest_violations += con.execute(
                "SELECT count(*) FROM enterprises e JOIN records r ON r.id = e.latest_record_id "
                "WHERE r.latest <> 1").fetchone()[0]
            self.fk_violations = len(con.execute("PRAGMA foreign_key_check").fetchall())
        finally:
            con.close()

    def records_of(self, db, sha):
        con = sqlite3.connect(str(db), timeout=120)
        try:
            return con.execute("SELECT count(*) FROM records WHERE upload_id IN "
                               "(SELECT id FROM uploads WHERE sha256 = ?)", (sha,)).fetchone()[0]
        finally:
            con.close()


def digest_of_upload(db, sha):
    """A digest of everything stored for one upload (its rows in every table but the blob)."""
    con = sqlite3.connect(str(db), timeout=120)
    try:
        h = hashlib.sha256()
        ids = [r[0] for r in con.execute("SELECT id FROM uploads WHERE sha256 = ? ORDER BY id", (sha,))]
        for uid in ids:
            for table, order in (("uploads", "id"), ("upload_files", "id"), ("records", "id"),
                                 ("problems", "id"), ("ledger_filings", "id")):
                col = "id" if table == "uploads" else "upload_id"
                for row in con.execute("SELECT * FROM %s WHERE %s = ? ORDER BY %s" % (table, col, order), (uid,)):
                    h.update(repr(row).encode())
        h.update(repr(con.execute("SELECT size, length(bytes) FROM blobs WHERE sha256 = ?", (sha,)).fetchone())
                 .encode())
        return h.hexdigest()
    finally:
        con.close()


def check_sane(snap, where):
    check(snap.integrity == ["ok"], "%s: integrity_check says %r" % (where, snap.integrity[:3]))
    check(all(v == 0 for v in snap.orphans.values()), "%s: rows without their upload: %r" % (where, snap.orphans))
    check(snap.latest_violations == 0, "%s: %d enterprises without exactly one latest record"
          % (where, snap.latest_violations))
    check(snap.fk_violations == 0, "%s: %d foreign key violations" % (where, snap.fk_violations))


def check_whole_or_nothing(db, sha, before, after, where):
    """The database after a kill is `before` (nothing of the upload) or `after` (all of it)."""
    snap = Snapshot(db)
    check_sane(snap, where)
    if sha in snap.uploads:
        check(len(snap.uploads[sha]) == 1, "%s: %d uploads rows for one file" % (where, len(snap.uploads[sha])))
        check(snap.counts == after.counts, "%s: upload present but rows differ from a complete import: %r vs %r"
              % (where, snap.counts, after.counts))
        check(sha in snap.blobs, "%s: upload present without its blob" % where)
        check(snap.uploads[sha][0][1:] == after.uploads[sha][0][1:],
              "%s: upload status/record_count %r, complete import gave %r"
              % (where, snap.uploads[sha][0][1:], after.uploads[sha][0][1:]))
        return "whole"
    check(snap.counts == before.counts, "%s: upload absent but rows changed: %r vs %r"
          % (where, snap.counts, before.counts))
    check(sha not in snap.blobs, "%s: blob of an absent upload left behind" % where)
    return "absent"


def start_and_kill(ipsurvey, files, db, delay):
    """Starts an import and SIGKILLs it after `delay` seconds; returns its exit status (negative if
    killed) and the seconds it ran."""
    start = time.monotonic()
    p = subprocess.Popen(import_cmd(ipsurvey, files, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        p.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
    return p.returncode, time.monotonic() - start


def kill_rounds(ipsurvey, tmp, name, upload_path, baseline_db, rounds, rng, small_sha, small_digest,
                expected_records, expected_files):
    """The SIGKILL loop on one upload; returns a summary line."""
    sha = hashlib.sha256(upload_path.read_bytes()).hexdigest()
    db = tmp / ("%s.db" % name)
    ref = tmp / ("%s_ref.db" % name)
    copy_db(baseline_db, ref)
    before = Snapshot(ref)
    # One complete run: its time, and what it adds.
    t0 = time.monotonic()
    code, out, err = run_import(ipsurvey, [upload_path], ref)
    full = time.monotonic() - t0
    check(code == 0, "%s: complete import exited %d: %s" % (name, code, err[-500:]))
    after = Snapshot(ref)
    check_sane(after, name + " complete")
    check(sha in after.uploads and after.uploads[sha][0][1] == "ok", "%s: complete import not stored ok" % name)
    got = after.records_of(ref, sha)
    check(got == expected_records, "%s: %d records stored, expected %d" % (name, got, expected_records))
    check(after.counts["upload_files"] - before.counts["upload_files"] == expected_files,
          "%s: %d upload_files rows, expected %d"
          % (name, after.counts["upload_files"] - before.counts["upload_files"], expected_files))
    log("%s: complete import %.2f s, %d records" % (name, full, got))

    copy_db(baseline_db, db)
    outcomes = {"absent": 0, "whole": 0, "wal": 0}
    for r in range(rounds):
        # Spread over the whole run: from the very start (opening, migrating, the first statement)
        # to a little past the usual end (the commit).
        delay = rng.uniform(0.02, 1.1) * full
        status, ran = start_and_kill(ipsurvey, [upload_path], db, delay)
        wal = os.path.getsize(str(db) + "-wal") if os.path.exists(str(db) + "-wal") else 0
        where = "%s round %d (kill after %.2f s, status %s)" % (name, r + 1, delay, status)
        state = check_whole_or_nothing(db, sha, before, after, where)
        check(digest_of_upload(db, small_sha) == small_digest, "%s: the earlier upload changed" % where)
        if status is not None and status >= 0:
            check(status == 0, "%s: the import was not killed but exited %d" % (where, status))
            check(state == "whole", "%s: exited 0 but the upload is not stored" % where)
        outcomes[state] += 1
        if state == "absent" and wal > 0:
            outcomes["wal"] += 1  # killed with pages of the open transaction in the WAL
        log("  %s -> %s (WAL %d bytes)" % (where, state, wal))
        if state == "whole":
            copy_db(baseline_db, db)  # start the next round from before the import again
    # Whatever the last kill left: a complete run now stores it exactly once.
    code, out, err = run_import(ipsurvey, [upload_path], db, "--json")
    check(code == 0, "%s: final import exited %d: %s" % (name, code, err[-500:]))
    check(set(statuses(out)) == {"ok"}, "%s: final import statuses %r" % (name, statuses(out)))
    final = Snapshot(db)
    check_sane(final, name + " final")
    check(final.counts == after.counts, "%s: final rows %r, complete import gave %r"
          % (name, final.counts, after.counts))
    check(final.records_of(db, sha) == expected_records, "%s: final record count" % name)
    check(digest_of_upload(db, small_sha) == small_digest, "%s: the earlier upload changed" % name)
    code, out, err = run_import(ipsurvey, [upload_path], db, "--json")
    check(code == 0 and statuses(out) == ["duplicate"], "%s: re-import gave exit %d, statuses %r"
          % (name, code, statuses(out) if out.strip() else out))
    check(Snapshot(db).counts == after.counts, "%s: a duplicate import wrote rows" % name)
    return ("%s: %d kills (%d left nothing — %d of them with uncommitted pages in the WAL —, %d after the "
            "commit), complete run %.2f s" % (name, rounds, outcomes["absent"], outcomes["wal"], outcomes["whole"],
                                              full))


def concurrent_pair(ipsurvey, files_a, files_b, db, extra=("--json",)):
    """Starts two imports together; returns [(exit code, stdout, stderr)] of both."""
    procs = [subprocess.Popen(import_cmd(ipsurvey, f, db, *extra), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) for f in (files_a, files_b)]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=900)
        results.append((p.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")))
    return results


def stored_codes(db):
    con = sqlite3.connect(str(db), timeout=120)
    try:
        return [c for (c,) in con.execute("SELECT credit_code FROM records")]
    finally:
        con.close()


# ------------------------------------------------------------------------------------------

def main():
    global VERBOSE
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ipsurvey", required=True)
    ap.add_argument("--rounds", type=int, default=15, help="SIGKILLs of the large import")
    ap.add_argument("--batch-rounds", type=int, default=6, help="SIGKILLs of the batch import")
    ap.add_argument("--rows", type=int, default=3000, help="rows of each large workbook")
    ap.add_argument("--batch", type=int, default=200, help="workbooks in the zip")
    ap.add_argument("--picture-mib", type=int, default=40,
                    help="MiB of picture in the large workbook and in one workbook of the zip (more than "
                         "SQLite's page cache, so that the open transaction spills to the WAL)")
    ap.add_argument("--fresh-pairs", type=int, default=10, help="pairs of imports racing to create a database")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    VERBOSE = args.verbose
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    ipsurvey = str(Path(args.ipsurvey).resolve())
    print("import_failure_test: seed %d (rerun with --seed %d)" % (seed, seed), flush=True)

    tmp = Path(tempfile.mkdtemp(prefix="ipsurvey-import-failure-"))
    failures = []

    def section(title, fn):
        started = time.monotonic()
        try:
            line = fn()
            print("PASS %s — %s (%.1f s)" % (title, line, time.monotonic() - started), flush=True)
        except Failure as e:
            failures.append(title)
            print("FAIL %s: %s" % (title, e), flush=True)
        except Exception as e:  # noqa: BLE001  (a crash of the test is a failure too)
            failures.append(title)
            print("FAIL %s: %s: %s" % (title, type(e).__name__, e), flush=True)

    try:
        gen = random.Random(seed ^ 0x5EED)
        small = tmp / "small.xlsx"
        small.write_bytes(summary_workbook(20, 0, gen, "小"))
        big = tmp / "big.xlsx"
        big.write_bytes(with_picture(summary_workbook(args.rows, 100000, gen, "大"), args.picture_mib, gen))
        other_a = tmp / "other_a.xlsx"
        other_a.write_bytes(summary_workbook(args.rows, 200000, gen, "甲"))
        other_b = tmp / "other_b.xlsx"
        other_b.write_bytes(summary_workbook(args.rows, 300000, gen, "乙"))
        same = tmp / "same.xlsx"
        same.write_bytes(summary_workbook(args.rows // 2, 400000, gen, "同"))
        per = 5
        batch = tmp / "batch.zip"
        batch.write_bytes(batch_zip(args.batch, per, 500000, gen, args.picture_mib))

        baseline = tmp / "baseline.db"
        code, out, err = run_import(ipsurvey, [small], baseline)
        if code != 0:
            print("FAIL setup: importing the small workbook exited %d: %s" % (code, err[-500:]))
            return 1
        small_sha = hashlib.sha256(small.read_bytes()).hexdigest()
        small_digest = digest_of_upload(baseline, small_sha)
        snap = Snapshot(baseline)
        if snap.counts["records"] != 20:
            print("FAIL setup: the small workbook gave %d records, expected 20" % snap.counts["records"])
            return 1

        section("sigkill_large_import", lambda: kill_rounds(
            ipsurvey, tmp, "large", big, baseline, args.rounds, rng, small_sha, small_digest, args.rows, 1))

        def two_files():
            db = tmp / "pair.db"
            remove_db(db)
            code, out, err = run_import(ipsurvey, [small], db)  # not empty: this is about the write lock
            check(code == 0, "setup import exited %d" % code)
            (ca, oa, ea), (cb, ob, eb) = concurrent_pair(ipsurvey, [other_a], [other_b], db)
            check(ca == 0 and cb == 0, "exit codes %d, %d: %s %s" % (ca, cb, ea[-300:], eb[-300:]))
            check(statuses(oa) == ["ok"] and statuses(ob) == ["ok"],
                  "statuses %r, %r" % (statuses(oa), statuses(ob)))
            snap = Snapshot(db)
            check_sane(snap, "two files")
            check(snap.counts["uploads"] == 3, "%d uploads rows, expected 3" % snap.counts["uploads"])
            codes = stored_codes(db)
            check(len(codes) == 2 * args.rows + 20, "%d records, expected %d" % (len(codes), 2 * args.rows + 20))
            check(len(set(codes)) == len(codes), "%d records stored more than once" % (len(codes) - len(set(codes))))
            for f in (other_a, other_b):
                sha = hashlib.sha256(f.read_bytes()).hexdigest()
                check(snap.records_of(db, sha) == args.rows, "records of %s: %d" % (f.name, snap.records_of(db, sha)))
            return "2 × %d records stored once each" % args.rows

        def same_file():
            db = tmp / "pair.db"  # reused: the two different files are in it
            before = Snapshot(db)
            (ca, oa, ea), (cb, ob, eb) = concurrent_pair(ipsurvey, [same], [same], db)
            check(ca == 0 and cb == 0, "exit codes %d, %d: %s %s" % (ca, cb, ea[-300:], eb[-300:]))
            got = sorted(statuses(oa) + statuses(ob))
            check(got == ["duplicate", "ok"], "statuses %r" % got)
            snap = Snapshot(db)
            check_sane(snap, "same file")
            sha = hashlib.sha256(same.read_bytes()).hexdigest()
            check(len(snap.uploads.get(sha, [])) == 1, "%d uploads rows" % len(snap.uploads.get(sha, [])))
            check(snap.counts["uploads"] == before.counts["uploads"] + 1, "uploads rows %d -> %d"
                  % (before.counts["uploads"], snap.counts["uploads"]))
            check(snap.records_of(db, sha) == args.rows // 2, "records %d" % snap.records_of(db, sha))
            check(snap.counts["records"] == before.counts["records"] + args.rows // 2, "records %d -> %d"
                  % (before.counts["records"], snap.counts["records"]))
            return "one ok, one duplicate, %d records once" % (args.rows // 2)

        def fresh_database():
            # Two imports on a database that does not exist yet: both create it, switch it to WAL
            # and migrate it. Small files, many times: the race is in the first milliseconds.
            tiny = [tmp / "tiny_a.xlsx", tmp / "tiny_b.xlsx"]
            tiny[0].write_bytes(summary_workbook(5, 600000, gen, "丙"))
            tiny[1].write_bytes(summary_workbook(5, 600100, gen, "丁"))
            failed = []
            # The deterministic form of the race: the database is not in WAL mode yet and another
            # connection holds its write lock (as the first import does while it sets the database
            # up). The import must wait for it (busy timeout), not give up at once.
            db = tmp / "fresh.db"
            remove_db(db)
            holder = sqlite3.connect(str(db), isolation_level=None)
            holder.execute("CREATE TABLE placeholder(x)")
            holder.execute("DROP TABLE placeholder")
            holder.execute("BEGIN IMMEDIATE")
            p = subprocess.Popen(import_cmd(ipsurvey, [tiny[0]], db), stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE)
            time.sleep(1.0)
            holder.execute("COMMIT")
            holder.close()
            err = p.communicate(timeout=300)[1].decode("utf-8", "replace")
            if p.returncode != 0:
                failed.append("import while another connection held the write lock of a database not yet "
                              "in WAL mode: exit %d: %s" % (p.returncode, err.strip()[-200:]))
            for k in range(args.fresh_pairs):
                db = tmp / "fresh.db"
                remove_db(db)
                results = concurrent_pair(ipsurvey, [tiny[0]], [tiny[1]], db)
                for code, out, err in results:
                    if code != 0:
                        failed.append("pair %d: exit %d: %s" % (k + 1, code, err.strip()[-200:]))
                if all(code == 0 for code, _, _ in results):
                    snap = Snapshot(db)
                    check_sane(snap, "fresh pair %d" % (k + 1))
                    check(snap.counts["uploads"] == 2 and snap.counts["records"] == 10,
                          "fresh pair %d: %d uploads, %d records" % (k + 1, snap.counts["uploads"],
                                                                     snap.counts["records"]))
            check(not failed, "%d of %d imports failed; first: %s" % (len(failed), 2 * args.fresh_pairs + 1,
                                                                       failed[0] if failed else ""))
            return "%d pairs, every import exit 0" % args.fresh_pairs

        section("concurrent_two_files", two_files)
        section("concurrent_fresh_database", fresh_database)
        section("concurrent_same_file", same_file)
        section("sigkill_batch_zip", lambda: kill_rounds(
            ipsurvey, tmp, "batch", batch, baseline, args.batch_rounds, rng, small_sha, small_digest,
            args.batch * per, args.batch))
    finally:
        if args.keep or failures:
            print("import_failure_test: files kept in %s" % tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print("import_failure_test: %d failed: %s (seed %d)" % (len(failures), ", ".join(failures), seed))
        return 1
    print("import_failure_test: all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""End-to-end test of the storing commands (import, roster, review, export, ledger, summary).

    /usr/bin/python3 tests/collector/storage_cli_test.py --ipsurvey build/ipsurvey [--keep DIR] [CASE...]

Every case runs on a fresh database (`--db`) in its own temporary folder, on the committed
fixtures of tests/fixtures/forms/ (expected.json says what each holds) and on a few workbooks
made here from them with openpyxl. Only codes, counts, keys and cells are asserted, never the
Chinese wording of messages. The cases:

  import_json        `import --json` follows interface.md and gives the records `parse --json`
                     gives; the same bytes again are `duplicate` and change no table; a zip gives
                     one entry per file inside
  import_refused     exit 1 for a corrupt / non-workbook file (the good ones beside it are still
                     stored), exit 2 on usage errors (nothing stored)
  versions           a second and third survey for one credit code are versions 2 and 3; a new
                     version goes back to `pending`; an old version cannot be reviewed
  zip_member_same_bytes  a form imported alone and then again, byte for byte, inside a zip
                     changes nothing (no new version, the review is kept)
  roster             the JSON contract, demand only, one entry per enterprise, the order,
                     --bank/--industry filters, --limit/--offset, csv (BOM) and xlsx
  review             `returned` needs a note (and changes nothing without one); `--pending`
                     skips records that need correction
  export             the list for one bank: the approved enterprises naming it, a fixed header,
                     text credit codes and phones, 是/blank option columns, frozen header,
                     autofilter, formula-injection safety in XLSX and CSV, usage errors, the audit log
  libreoffice        the bank list, the roster and the summary as XLSX, converted to CSV by
                     LibreOffice, hold exactly the values openpyxl reads (skipped only without soffice)
  ledger_summary     the ledger matrix (on_time / late / missing / not_due) and the activities;
                     the summary's counts per city agree with the roster

Prints `ok`/`FAIL` per check, then one line per case; exit 0 when all pass, 1 when any check
fails, 2 on a usage error.
"""

import argparse
import csv
import datetime
import io
import json
import math
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures" / "forms"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))

ROUND = "2022"
BANK_OF_CHINA = "中国银行"          # the full name `--bank 中行` stands for (forms.md)
BOM = b"\xef\xbb\xbf"
REVIEW_STATES = {"pending", "approved", "returned", "rejected"}
TABLES = ["blobs", "uploads", "upload_files", "enterprises", "records", "record_banks", "problems",
          "review_events", "ledger_filings", "audit_log"]
# The purposes' options in forms.md order, with their labels (the export's option columns).
PURPOSES = [("expand", "扩大经营规模"), ("working_capital", "补充周转资金"),
            ("repay_loans", "归还到期贷款"), ("fixed_assets", "固定资产投资"),
            ("tech_upgrade", "技改项目"), ("new_project", "投资新项目"),
            ("new_company", "创办新企业"), ("other", "其他（请注明）")]
FORMULA_STARTS = ("=", "+", "-", "@")
CODE_RE = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")

# The survey_printed.xlsx answer cells this test rewrites (sheet 信息采集表).
PRINTED_SHEET = "信息采集表"
CELL_NAME, CELL_CREDIT, CELL_PHONE, CELL_TITLE = "B5", "B9", "F10", "D10"
CELL_PREMISES, CELL_AMOUNT, CELL_BANKS, CELL_REPAY, CELL_REMARKS = "E7", "B23", "B24", "B26", "B27"

FAILURES = []      # (case, message)
CURRENT = ["-"]    # the case being run


def check(ok, message):
    print(("ok    " if ok else "FAIL  ") + f"[{CURRENT[0]}] {message}")
    if not ok:
        FAILURES.append((CURRENT[0], message))
    return bool(ok)


def show(v):
    return json.dumps(v, ensure_ascii=False)


# --- credit codes (GB 32100-2015) ---------------------------------------------------------------

CC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def credit_code(first16):
    """The 18-character code: `first16` (ending in the 8-character organisation code) plus the
    organisation code's check character (GB 11714) and the code's own (GB 32100)."""
    org = sum((int(c) if c.isdigit() else ord(c) - 55) * w
              for c, w in zip(first16[8:], [3, 7, 9, 10, 5, 8, 4, 2]))
    first17 = first16 + {10: "X", 11: "0"}.get(11 - org % 11, str(11 - org % 11))
    total = sum(CC_ALPHABET.index(c) * w for c, w in zip(first17, CC_WEIGHTS))
    return first17 + CC_ALPHABET[(31 - total % 31) % 31]


# --- expected.json --------------------------------------------------------------------------------

def expected_results(name):
    for fx in EXPECTED["fixtures"]:
        if fx["file"] == name:
            return fx["results"]
    raise KeyError(name)


def expected_ledger(name):
    return expected_results(name)[0]["records"][0]


# --- running ipsurvey on one database -------------------------------------------------------------

SANITIZER_RE = re.compile(r"ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:")


def stderr_excerpt(err):
    """The sanitizer's first lines (the error and the top frames), else the end of stderr."""
    m = SANITIZER_RE.search(err)
    if m:
        start = err.rfind("\n", 0, m.start()) + 1
        lines = err[start:].splitlines()
        frames = [re.sub(r"^#(\d+) 0x[0-9a-f]+ in ([^(]*)\(.*\) ", r"#\1 \2 ", l.strip())
                  for l in lines[1:] if l.strip().startswith("#")][:3]
        return " | ".join([re.sub(r" on address .*", "", lines[0].strip())] + frames)
    return err[-600:]


class Db:
    def __init__(self, ipsurvey, folder):
        self.ipsurvey = ipsurvey
        self.dir = Path(folder)
        self.path = self.dir / "ipsurvey.db"
        self.env = dict(os.environ)
        self.env["IPSURVEY_DB"] = str(self.dir / "not-this.db")  # --db must be what counts

    def run(self, *args, db=True):
        """Runs ipsurvey; a sanitizer report on stderr is a failure whatever the exit code."""
        cmd = [str(self.ipsurvey)] + [str(a) for a in args]
        if db:
            cmd += ["--db", str(self.path)]
        r = subprocess.run(cmd, capture_output=True, cwd=self.dir, env=self.env, timeout=300)
        err = r.stderr.decode("utf-8", errors="replace")
        if SANITIZER_RE.search(err):
            check(False, f"`ipsurvey {' '.join(map(str, args))}`: sanitizer report: {stderr_excerpt(err)}")
        return r

    def ok(self, *args, want=0):
        """Runs, checks the exit code, returns the completed process."""
        r = self.run(*args)
        err = r.stderr.decode(errors="replace")
        check(r.returncode == want, f"`ipsurvey {' '.join(map(str, args))}` exits {want}"
              + ("" if r.returncode == want else f" (got {r.returncode}"
                 + ("" if SANITIZER_RE.search(err) else f"; stderr: {err[-600:]}") + ")"))
        return r

    def json(self, *args, want=0):
        r = self.ok(*args, want=want)
        try:
            return json.loads(r.stdout.decode("utf-8"))
        except ValueError as e:
            check(False, f"`ipsurvey {' '.join(map(str, args))}` prints one JSON document ({e})")
            return {}

    def roster(self, *args):
        return self.json("roster", "--round", ROUND, "--format", "json", *args).get("entries", [])

    def counts(self):
        if not self.path.exists():
            return {}
        with sqlite3.connect(self.path) as c:
            return {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}

    def query(self, sql, *params):
        with sqlite3.connect(self.path) as c:
            return c.execute(sql, params).fetchall()


def import_files(db, city, *files, want=0):
    args = ["import", "--json", "--round", ROUND]
    if city:
        args += ["--city", city]
    return db.json(*args, *files, want=want)


# The usual sample load (as scripts/run.sh): a zip, a printed form, summary tables, a form with
# mistakes, the ledgers, the Wingdings form, the 2003 XML summary, the three-sheet workbook.
SAMPLE_LOAD = [
    ("石家庄", ["batch.zip", "summary_two_headers.xlsx", "survey_mistakes.xlsx", "survey_option_cells.xlsx",
               "ledger_q1_shijiazhuang.xlsx"]),
    ("保定", ["survey_wingdings.xlsx", "ledger_q4_baoding.xlsx"]),
    ("沧州", ["summary_2003.xml"]),
    ("唐山", ["survey_three_sheets.xlsx"]),
]


def load_samples(db, extra=()):
    """Imports SAMPLE_LOAD (and `extra`: [(city, [paths])]); returns every survey record stored."""
    records = []
    for city, names in SAMPLE_LOAD:
        doc = import_files(db, city, *[FIXTURES / n for n in names])
        for f in doc.get("files", []):
            # ledger_q1 is also inside batch.zip: the same bytes again are a duplicate
            check(f.get("status") == "ok" or (f.get("status") == "duplicate" and "ledger_q1" in f.get("file", "")),
                  f"{f.get('file')} imported ok")
            records += [r for r in f.get("records", []) if r.get("form") == "survey"]
    for city, paths in extra:
        doc = import_files(db, city, *paths)
        for f in doc.get("files", []):
            errors = [p.get("code") for p in f.get("problems", []) if p.get("severity") == "error"]
            check(f.get("status") == "ok" and not errors, f"{f.get('file')} imported ok, no errors {errors}")
            records += [r for r in f.get("records", []) if r.get("form") == "survey"]
    return records


def demand_codes(records):
    """Credit codes with a financing need (a code and an amount > 0), by the latest record."""
    latest = {}
    for r in records:
        code = r["fields"].get("credit_code")
        if code:
            latest[code] = r
    return {c for c, r in latest.items() if (r["fields"].get("loan_amount_wan") or 0) > 0}


# --- workbooks made from survey_printed.xlsx ------------------------------------------------------

def printed_copy(path, **cells):
    """survey_printed.xlsx with some answer cells replaced; a value given as ("s", text) is
    written as a text cell even when it starts with `=`."""
    wb = openpyxl.load_workbook(FIXTURES / "survey_printed.xlsx")
    ws = wb[PRINTED_SHEET]
    for ref, value in cells.items():
        if isinstance(value, tuple):
            ws[ref].value = value[1]
            ws[ref].data_type = "s"
        else:
            ws[ref].value = value
    wb.save(path)
    return path


INJECTED = {  # field -> the text written into the form
    "enterprise_name": '=HYPERLINK("http://x","y")',
    "remarks": "=1+1",
    "contact_title": "@财务",
    "premises_ownership": "-租赁",
    "repayment_plan": "+还款",
}
INJECTED_CODE = credit_code("91130104MA0X9K7P")
NUMERIC_PHONE_CODE = credit_code("91130105MA0Y4H2N")


def injection_form(folder):
    """A survey whose name, remark and other answers start with = @ - +, a landline phone,
    a valid credit code and the bank 中行."""
    return printed_copy(Path(folder) / "injected.xlsx",
                        **{CELL_NAME: ("s", INJECTED["enterprise_name"]),
                           CELL_REMARKS: ("s", INJECTED["remarks"]),
                           CELL_TITLE: ("s", INJECTED["contact_title"]),
                           CELL_PREMISES: ("s", INJECTED["premises_ownership"]),
                           CELL_REPAY: ("s", INJECTED["repayment_plan"]),
                           CELL_CREDIT: INJECTED_CODE, CELL_PHONE: "0311-88886666",
                           CELL_BANKS: "中行"})


def numeric_phone_form(folder):
    """A survey whose mobile number is a number cell and which names only a branch of 中国银行."""
    return printed_copy(Path(folder) / "numeric_phone.xlsx",
                        **{CELL_NAME: "石家庄测试数控设备有限公司", CELL_CREDIT: NUMERIC_PHONE_CODE,
                           CELL_PHONE: 13812345678, CELL_BANKS: "中国银行许昌分行", CELL_AMOUNT: 260})


# --- reading tables back ---------------------------------------------------------------------------

def xlsx_rows(path):
    """(worksheet, [[cell, ...], ...]) of the first sheet."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    return ws, [list(r) for r in ws.iter_rows()]


def csv_rows(path):
    data = Path(path).read_bytes()
    check(data.startswith(BOM), f"{Path(path).name} starts with a UTF-8 byte-order mark")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def same_number(a, b):
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def column_of(rows, predicate):
    """Index of the first column where predicate(row, value) holds for every data row given."""
    for c in range(len(rows[0]) if rows else 0):
        if all(predicate(r, r[c]) for r in rows):
            return c
    return None


# =================================================================================================
# The cases
# =================================================================================================

def case_import_json(ipsurvey, tmp):
    db = Db(ipsurvey, tmp)
    names = ["batch.zip", "survey_mistakes.xlsx", "summary_two_headers.xlsx", "summary_2003.xml",
             "ledger_q4_baoding.xlsx"]
    files = [FIXTURES / n for n in names]

    parsed = db.json("parse", "--json", *files)
    r = db.ok("import", "--json", "--round", ROUND, *files)
    text = r.stdout.decode("utf-8")
    try:
        doc = json.loads(text)   # one document: nothing before or after it
    except ValueError as e:
        check(False, f"import --json prints exactly one JSON document ({e})")
        return
    check(set(doc) == {"files"}, f"the document holds `files` only (keys {sorted(doc)})")
    got = doc.get("files", [])

    inner = zipfile.ZipFile(FIXTURES / "batch.zip").namelist()
    want_names = [f"batch.zip/{n}" for n in inner] + names[1:]
    check(len(got) == len(want_names), f"one entry per file, the zip's members each on their own "
          f"({len(got)} entries, want {len(want_names)})")
    for entry, want in zip(got, want_names):
        check(str(entry.get("file", "")).endswith(want), f"entry {show(entry.get('file'))} is {want}")
        check({"file", "status", "records", "problems"} <= set(entry),
              f"{want}: has file, status, records, problems")
        check(entry.get("status") == "ok", f"{want}: status ok (got {entry.get('status')})")

    # The same records and problems as `parse --json` gives for the same files.
    pfiles = parsed.get("files", [])
    check(len(pfiles) == len(got), f"parse gives as many entries ({len(pfiles)}) as import ({len(got)})")
    for p, i in zip(pfiles, got):
        check(p.get("records") == i.get("records"),
              f"{i.get('file')}: import's records are parse's ({len(i.get('records', []))} records)")
        check(p.get("problems") == i.get("problems"), f"{i.get('file')}: import's problems are parse's")

    # And what expected.json says each holds.
    for name, entry in zip(want_names, got):
        fixture = name.split("/")[0]
        want = next(x for x in expected_results(fixture) if x["file"] == name)
        check([r["fields"] for r in entry.get("records", [])] == [r["fields"] for r in want["records"]],
              f"{name}: records' fields are those of expected.json")
        keys = {(p["code"], p.get("sheet"), p.get("cell")) for p in entry.get("problems", [])}
        for p in want["problems"]:
            check((p["code"], p["sheet"], p["cell"]) in keys,
                  f"{name}: problem {p['code']} at {p['sheet']}!{p['cell']}")

    # Every problem: severity, a dotted code, a message, and its place (sheet and cell: all workbooks).
    problems = [p for e in got for p in e.get("problems", [])]
    check(len(problems) >= 6, f"the problems of survey_mistakes.xlsx are reported ({len(problems)})")
    for p in problems:
        check(p.get("severity") in ("error", "warning") and CODE_RE.match(p.get("code", ""))
              and isinstance(p.get("message"), str) and p["message"]
              and isinstance(p.get("sheet"), str) and re.match(r"^[A-Z]{1,3}[0-9]+$", p.get("cell", "")),
              f"problem {show({k: p.get(k) for k in ('code', 'severity', 'sheet', 'cell')})} is complete")

    # What was stored.
    n_survey = sum(1 for e in got for r in e["records"] if r["form"] == "survey")
    n_ledger = sum(1 for e in got for r in e["records"] if r["form"] == "ledger")
    before = db.counts()
    check(before.get("uploads") == len(files), f"one upload per FILE ({before.get('uploads')})")
    check(before.get("upload_files") == len(want_names), f"one upload_files row per file ({before.get('upload_files')})")
    check(before.get("records") == n_survey, f"{n_survey} survey records stored ({before.get('records')})")
    check(before.get("ledger_filings") == n_ledger, f"{n_ledger} ledger filings stored ({before.get('ledger_filings')})")
    check(before.get("problems") == len(problems), f"{len(problems)} problems stored ({before.get('problems')})")

    # The same bytes again: duplicate, nothing changes (in one call and one by one).
    again = db.json("import", "--json", "--round", ROUND, *files)
    check(len(again.get("files", [])) >= len(files), "the second import reports every FILE")
    for e in again.get("files", []):
        check(e.get("status") == "duplicate" and e.get("records") == [],
              f"{e.get('file')}: duplicate, no records (got {e.get('status')})")
    check(db.counts() == before, f"a duplicate import changes no table's row count "
          f"({show(before)} -> {show(db.counts())})")
    for f in files:
        single = db.json("import", "--json", "--city", "石家庄", f)
        check([e.get("status") for e in single.get("files", [])] and
              all(e.get("status") == "duplicate" for e in single.get("files", [])),
              f"{f.name} alone, with --city: duplicate")
    check(db.counts() == before, "still no table changed")
    check(all(e["version"] == 1 for e in db.roster("--all")), "every enterprise is still at version 1")


def case_import_refused(ipsurvey, tmp):
    db = Db(ipsurvey, tmp)
    text = tmp / "notes.xlsx"
    text.write_text("这不是一个工作簿\n", encoding="utf-8")
    truncated = tmp / "truncated.xlsx"
    truncated.write_bytes((FIXTURES / "survey_printed.xlsx").read_bytes()[:3000])

    for bad in (text, truncated):
        doc = db.json("import", "--json", "--round", ROUND, bad, want=1)
        files = doc.get("files", [])
        check(len(files) == 1 and files[0].get("status") == "rejected" and files[0].get("records") == []
              and any(p.get("severity") == "error" and CODE_RE.match(p.get("code", ""))
                      for p in files[0].get("problems", [])),
              f"{bad.name}: rejected with an error code, no records")
    check(db.counts().get("records", 0) == 0, "nothing stored from refused files")

    # A refused file beside a good one: exit 1, the good one is stored whole.
    doc = db.json("import", "--json", "--round", ROUND, "--city", "保定", text,
                  FIXTURES / "survey_wingdings.xlsx", want=1)
    st = [e.get("status") for e in doc.get("files", [])]
    check(st == ["rejected", "ok"], f"refused + good: statuses {st}")
    check(db.counts().get("records") == 1, "the good file's record is stored")

    # A zip with a good member and two bad ones: one entry per member.
    mixed = tmp / "mixed.zip"
    with zipfile.ZipFile(mixed, "w") as z:
        z.write(FIXTURES / "survey_option_cells.xlsx", "forms/survey_option_cells.xlsx")
        z.writestr("broken.xlsx", b"PK\x03\x04 not really a zip")
        z.writestr("readme.txt", "说明")
    doc = db.json("import", "--json", "--round", ROUND, "--city", "石家庄", mixed, want=1)
    got = [(Path(e.get("file", "")).name, e.get("status")) for e in doc.get("files", [])]
    check(got == [("survey_option_cells.xlsx", "ok"), ("broken.xlsx", "rejected"), ("readme.txt", "rejected")],
          f"mixed zip entries {got}")
    check(db.counts().get("records") == 2, "the zip's good member is stored")

    # Usage errors: exit 2, nothing stored.
    before = db.counts()
    for args in (["--city", "火星"], ["--bogus-option"], ["--city"]):
        r = db.run("import", "--json", *args, FIXTURES / "survey_three_sheets.xlsx")
        check(r.returncode == 2, f"import {' '.join(args)} exits 2 (got {r.returncode})")
    r = db.run("import", "--json")
    check(r.returncode == 2, f"import without a FILE exits 2 (got {r.returncode})")
    check(db.counts() == before, "usage errors store nothing")


def case_versions(ipsurvey, tmp):
    db = Db(ipsurvey, tmp)
    code = "91130100MA0D5X1G38"   # survey_printed.xlsx
    v2 = printed_copy(tmp / "v2.xlsx", **{CELL_AMOUNT: "600万元"})
    v3 = printed_copy(tmp / "v3.xlsx", **{CELL_AMOUNT: 750})

    def entries():
        return [e for e in db.roster("--review", "any") if e.get("credit_code") == code]

    import_files(db, "石家庄", FIXTURES / "survey_printed.xlsx")
    e = entries()
    check(len(e) == 1 and e[0].get("version") == 1 and e[0].get("review") == "pending",
          f"first survey: version 1, pending ({[(x.get('version'), x.get('review')) for x in e]})")

    doc = import_files(db, "石家庄", v2)
    check([f.get("status") for f in doc.get("files", [])] == ["ok"], "the modified copy is imported")
    e = entries()
    check(len(e) == 1, f"one roster entry for {code} ({len(e)})")
    check(e and e[0].get("version") == 2 and e[0].get("review") == "pending"
          and e[0]["fields"].get("loan_amount_wan") == 600,
          f"second survey: version 2, pending, amount 600 ({[(x.get('version'), x.get('review'), x['fields'].get('loan_amount_wan')) for x in e]})")
    check(db.query("SELECT count(*) FROM enterprises WHERE credit_code = ?", code)[0][0] == 1,
          "still one enterprise")
    old_id = db.query("SELECT id FROM records WHERE credit_code = ? AND version = 1", code)
    old_id = old_id[0][0] if old_id else None

    db.ok("review", code, "--state", "approved", "--round", ROUND)
    e = entries()
    check(e and e[0].get("version") == 2 and e[0].get("review") == "approved", "version 2 approved")

    # An old version cannot be reviewed, and the attempt changes nothing.
    if check(old_id is not None, "version 1 is kept in records"):
        before = db.counts()
        r = db.run("review", old_id, "--state", "rejected", "--round", ROUND)
        check(r.returncode != 0, f"reviewing the old version (record {old_id}) fails (exit {r.returncode})")
        check(db.counts() == before and entries()[0].get("review") == "approved",
              "and changes nothing")

    import_files(db, "石家庄", v3)
    e = entries()
    check(len(e) == 1 and e[0].get("version") == 3 and e[0].get("review") == "pending"
          and e[0]["fields"].get("loan_amount_wan") == 750,
          f"third survey: version 3, pending again ({[(x.get('version'), x.get('review')) for x in e]})")
    rows = db.query("SELECT version, latest, review FROM records WHERE credit_code = ? ORDER BY version", code)
    check([(v, l) for v, l, _ in rows] == [(1, 0), (2, 0), (3, 1)], f"records versions/latest {rows}")
    check([s for _, _, s in rows][1] == "approved", "version 2 keeps its approval in the history")

    r = db.ok("review", "--history", code, "--round", ROUND)
    check(len(r.stdout) > 0, "review --history prints the history")
    r = db.run("review", "--history", "91130100MA0000000X", "--round", ROUND)
    check(r.returncode != 0, f"review --history of an unknown code fails (exit {r.returncode})")


def case_zip_member_same_bytes(ipsurvey, tmp):
    """interface.md: re-importing the same bytes changes nothing. survey_printed.xlsx is inside
    batch.zip byte for byte; sent again in the zip, it must not become a new version of the
    enterprise nor lose the province's approval."""
    db = Db(ipsurvey, tmp)
    code = "91130100MA0D5X1G38"
    inner = zipfile.ZipFile(FIXTURES / "batch.zip").read("survey_printed.xlsx")
    check(inner == (FIXTURES / "survey_printed.xlsx").read_bytes(),
          "batch.zip holds survey_printed.xlsx byte for byte")
    import_files(db, "石家庄", FIXTURES / "survey_printed.xlsx")
    db.ok("review", code, "--state", "approved", "--round", ROUND)
    doc = import_files(db, "石家庄", FIXTURES / "batch.zip")
    member = [f for f in doc.get("files", []) if str(f.get("file", "")).endswith("survey_printed.xlsx")]
    check(not member or member[0].get("status") == "duplicate",
          f"the zip's survey_printed.xlsx is reported duplicate (got {member[0].get('status') if member else None})")
    e = [x for x in db.roster("--review", "any") if x.get("credit_code") == code]
    check(e and e[0].get("version") == 1 and e[0].get("review") == "approved",
          f"{code} stays version 1, approved (got version {e[0].get('version') if e else None}, "
          f"review {e[0].get('review') if e else None})")


def roster_key(e):
    f = e.get("fields", {})
    return (0 if f.get("recognised_high_tech") else 1, -(f.get("valid_patents") or 0),
            -sum(f.get(k) or 0 for k in ("trademarks", "software_copyrights", "ic_layouts")),
            len(e.get("risk_flags") or []), e.get("credit_code"))


def case_roster(ipsurvey, tmp):
    db = Db(ipsurvey, tmp)
    branch_only = numeric_phone_form(tmp)           # names only 中国银行许昌分行
    records = load_samples(db, [("石家庄", [branch_only])])
    doc = db.json("roster", "--round", ROUND, "--format", "json")
    check(isinstance(doc.get("entries"), list), "roster JSON: {\"entries\": [...]}")
    entries = doc.get("entries", [])

    for e in entries:
        f = e.get("fields")
        check(isinstance(f, dict) and isinstance(e.get("city"), str) and e["city"]
              and e.get("credit_code") == f.get("credit_code")
              and e.get("enterprise_name", "") == f.get("enterprise_name", "")
              and e.get("review") in REVIEW_STATES and isinstance(e.get("version"), int),
              f"entry {e.get('credit_code')}: city, credit_code, enterprise_name, fields, review, version")
    codes = [e.get("credit_code") for e in entries]
    check(len(codes) == len(set(codes)), "one entry per enterprise")
    want = demand_codes(records)
    check(set(codes) == want, f"exactly the enterprises with an amount ({len(codes)} entries, want {len(want)}; "
          f"extra {sorted(set(codes) - want)}, missing {sorted(want - set(codes))})")
    check(all((e["fields"].get("loan_amount_wan") or 0) > 0 for e in entries), "every entry has an amount")
    latest = {r["fields"]["credit_code"]: r for r in records if r["fields"].get("credit_code")}
    for e in entries:
        r = latest.get(e.get("credit_code"), {})
        check(e.get("fields") == r.get("fields") and e.get("city") == r.get("city"),
              f"{e.get('credit_code')}: the roster's fields and city are those import reported")
    no_need = "91130104MA0CUJ8P93"   # survey_mistakes.xlsx, 正元智能: no amount
    check(no_need not in codes, "an enterprise without an amount is not listed")
    all_codes = [e.get("credit_code") for e in db.roster("--all")]
    check(no_need in all_codes and set(codes) < set(all_codes), "--all lists it too")

    # Order: per city, high-tech first, then the documented keys.
    sjz = db.roster("--city", "石家庄")
    check(sjz and sjz[0]["fields"].get("recognised_high_tech") is True,
          f"石家庄: a high-tech enterprise first ({sjz[0].get('credit_code') if sjz else None})")
    check([roster_key(e) for e in sjz] == sorted(roster_key(e) for e in sjz),
          f"石家庄: in the documented order ({[e.get('credit_code')[-4:] for e in sjz]})")
    check(all(e.get("city") == "石家庄市" for e in sjz), "--city keeps one city")
    by_city = {}
    for e in entries:
        by_city.setdefault(e["city"], []).append(e)
    for city, es in by_city.items():
        check([roster_key(e) for e in es] == sorted(roster_key(e) for e in es), f"{city}: in order")

    # --bank 中行: 中国银行 written in full, as 中行, or only as a branch.
    boc = {e["credit_code"] for e in entries if BANK_OF_CHINA in e["fields"].get("banks", [])}
    got = [e.get("credit_code") for e in db.roster("--bank", "中行")]
    check(set(got) == boc and len(got) == len(boc), f"--bank 中行: {sorted(got)} (want {sorted(boc)})")
    check(set(c.get("credit_code") for c in db.roster("--bank", BANK_OF_CHINA)) == boc, "--bank 中国银行: the same")
    check("91130204MA09YB2M37" in got, "--bank 中行 finds one that wrote only 中国银行唐山分行")
    check(NUMERIC_PHONE_CODE in got, "--bank 中行 finds one that wrote only 中国银行许昌分行")
    check("91130100MA0D5X1G38" in got, "--bank 中行 finds one that wrote 中行")
    check([c for c in codes if c in boc] == got, "--bank keeps the roster's order")

    # --industry as code and as label.
    for code, label in (("steel", "钢铁"), ("equipment", "高端装备制造")):
        want_i = [e["credit_code"] for e in entries if e["fields"].get("industry") == code]
        a = [e.get("credit_code") for e in db.roster("--industry", code)]
        b = [e.get("credit_code") for e in db.roster("--industry", label)]
        check(want_i and a == want_i and b == want_i, f"--industry {code} / {label}: {a} / {b} (want {want_i})")
    r = db.run("roster", "--industry", "火星", "--format", "json")
    check(r.returncode == 2, f"--industry with an unknown value exits 2 (got {r.returncode})")
    r = db.run("roster", "--city", "火星", "--format", "json")
    check(r.returncode == 2, f"--city with an unknown city exits 2 (got {r.returncode})")

    # Paging.
    # (Under AddressSanitizer a bad read of --limit/--offset fails the first call: stop there.)
    pages, n0 = [], len(FAILURES)
    for offset in range(0, len(codes) + 5, 5):
        pages += [e.get("credit_code") for e in db.roster("--limit", 5, "--offset", offset)]
        if len(FAILURES) > n0:
            break
    check(pages == codes, "--limit 5 --offset 0,5,10,… gives the whole roster in order")
    if len(FAILURES) == n0:
        check(len(db.roster("--limit", 3)) == 3, "--limit 3 gives 3")
        check([e.get("credit_code") for e in db.roster("--limit", 2, "--offset", 4)] == codes[4:6],
              "--limit 2 --offset 4")

    # csv (BOM) and xlsx.
    db.ok("roster", "--round", ROUND, "--format", "csv", "-o", tmp / "roster.csv")
    rows = csv_rows(tmp / "roster.csv")
    check(len(rows) == len(entries) + 1, f"roster.csv: header + {len(entries)} rows ({len(rows)})")
    cc = column_of(rows[1:], lambda r, v: v in codes)
    check(cc is not None and [r[cc] for r in rows[1:]] == codes, "roster.csv: the credit codes, in order")
    r = db.ok("roster", "--round", ROUND, "--format", "csv")
    check(r.stdout.startswith(BOM), "roster --format csv on stdout starts with the BOM too")
    db.ok("roster", "--round", ROUND, "--format", "xlsx", "-o", tmp / "roster.xlsx")
    try:
        ws, cells = xlsx_rows(tmp / "roster.xlsx")
        check(len(cells) == len(entries) + 1, f"roster.xlsx opens with openpyxl: header + {len(entries)} rows")
        values = [[c.value for c in r] for r in cells[1:]]
        cc = column_of(values, lambda r, v: v in codes)
        check(cc is not None and [r[cc] for r in values] == codes
              and all(r[cc].data_type == "s" for r in cells[1:]), "roster.xlsx: the credit codes, as text, in order")
        check(ws.freeze_panes == "A2", f"roster.xlsx: the header is frozen ({ws.freeze_panes})")
    except Exception as e:  # noqa: BLE001 - any failure to read is the finding
        check(False, f"roster.xlsx opens with openpyxl ({e!r})")
    db.ok("roster", "--round", ROUND)  # text


def review_snapshot(db):
    return (db.query("SELECT id, review, review_note FROM records ORDER BY id"),
            db.counts().get("review_events"), db.counts().get("audit_log"))


def case_review(ipsurvey, tmp):
    db = Db(ipsurvey, tmp)
    load_samples(db)
    code = "91130100MA0CR1WJ7X"     # 瑞博, in batch.zip
    other = "91130109MA07Q3K276"    # 北方轴承

    before = review_snapshot(db)
    for args in ([code], [code, other]):
        r = db.run("review", *args, "--state", "returned", "--round", ROUND)
        check(r.returncode != 0, f"review {' '.join(args)} --state returned without --note fails (exit {r.returncode})")
        check(review_snapshot(db) == before, "and changes nothing")
    r = db.run("review", code, "--state", "returned", "--note", "", "--round", ROUND)
    check(r.returncode != 0 and review_snapshot(db) == before, f"--note '' is no note (exit {r.returncode})")
    r = db.run("review", code, "--state", "maybe", "--round", ROUND)
    check(r.returncode == 2 and review_snapshot(db) == before, f"an unknown --state exits 2 (got {r.returncode})")

    db.ok("review", code, "--state", "returned", "--note", "请补充财务报表", "--round", ROUND)
    state = {e["credit_code"]: e for e in db.roster("--all", "--review", "any")}
    check(state.get(code, {}).get("review") == "returned", "returned with a note")
    notes = db.query("SELECT review_note FROM records WHERE credit_code = ? AND latest = 1", code)
    check(notes == [("请补充财务报表",)], "the note is kept")

    needing = {c for c, e in state.items() if e.get("needs_correction")}
    check(len(needing) >= 2, f"the sample has records needing correction ({sorted(needing)})")
    audit_before = len(db.query("SELECT id FROM audit_log WHERE action = 'review'"))
    db.ok("review", "--pending", "--state", "approved", "--round", ROUND)
    after = {e["credit_code"]: e for e in db.roster("--all", "--review", "any")}
    for c, e in after.items():
        if c in needing:
            check(e.get("review") == "pending", f"{c} needs correction: left pending (got {e.get('review')})")
        elif c == code:
            check(e.get("review") == "returned", f"{c} was returned: left returned (got {e.get('review')})")
        else:
            check(e.get("review") == "approved", f"{c}: approved (got {e.get('review')})")
    approved = sum(1 for c, e in after.items() if e.get("review") == "approved")
    audit = len(db.query("SELECT id FROM audit_log WHERE action = 'review'")) - audit_before
    check(audit == approved, f"one audit_log 'review' row per approved record ({audit}, {approved})")
    check(len(db.query("SELECT id FROM review_events")) == approved + 1, "one review event per decision")


def export_header(path_xlsx):
    _, cells = xlsx_rows(path_xlsx)
    return [c.value for c in cells[0]] if cells else []


def sheet_xml_has_formula(path):
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            if n.startswith("xl/worksheets/") and n.endswith(".xml"):
                if re.search(rb"<(?:\w+:)?f[\s>/]", z.read(n)):
                    return True
    return False


def case_export(ipsurvey, tmp):
    db = Db(ipsurvey, tmp)
    injected, numeric = injection_form(tmp), numeric_phone_form(tmp)
    load_samples(db, [("石家庄", [injected, numeric])])

    # Usage errors.
    for args in (["--format", "xlsx", "-o", "x.xlsx"], ["--bank", "中行", "--format", "xlsx"],
                 ["--bank", "中行", "-o", "x.xlsx"], ["--bank", "火星银行", "--format", "xlsx", "-o", "x.xlsx"],
                 ["--bank", "中行", "--format", "pdf", "-o", "x.pdf"]):
        r = db.run("export", *args)
        check(r.returncode == 2, f"export {' '.join(args)} exits 2 (got {r.returncode})")
    check(not (tmp / "x.xlsx").exists(), "no file written on a usage error")

    # Before any approval: an empty list, with the header.
    db.ok("export", "--bank", "中行", "--format", "xlsx", "-o", tmp / "empty.xlsx")
    db.ok("export", "--bank", "中行", "--format", "csv", "-o", tmp / "empty.csv")
    empty_header = export_header(tmp / "empty.xlsx")
    _, empty_cells = xlsx_rows(tmp / "empty.xlsx")
    check(len(empty_cells) == 1 and len(empty_header) > 40, f"empty export: the header row only "
          f"({len(empty_cells)} rows, {len(empty_header)} columns)")
    check(csv_rows(tmp / "empty.csv") == [empty_header], "empty csv: the same header only")

    db.ok("review", "--pending", "--state", "approved", "--round", ROUND)
    approved = db.roster("--bank", "中行", "--review", "approved")
    want_codes = [e["credit_code"] for e in approved]
    check(INJECTED_CODE in want_codes and NUMERIC_PHONE_CODE in want_codes and len(want_codes) >= 5,
          f"the roster lists {len(want_codes)} approved enterprises naming 中国银行")
    everyone = {e["credit_code"]: e for e in db.roster("--all", "--review", "any")}
    check(set(want_codes) == {c for c, e in everyone.items() if e.get("review") == "approved"
                              and BANK_OF_CHINA in e["fields"].get("banks", [])},
          "…which are the approved ones whose banks include 中国银行")

    out = tmp / "bank.xlsx"
    db.ok("export", "--bank", "中行", "--format", "xlsx", "-o", out)
    ws, cells = xlsx_rows(out)
    header = [c.value for c in cells[0]]
    data = cells[1:]
    values = [[c.value for c in r] for r in data]
    check(header == empty_header, "the header does not depend on the data (empty vs full export)")
    check(all(isinstance(h, str) and h for h in header), "every header cell is text")
    cc = column_of(values, lambda r, v: v in want_codes)
    got_codes = [r[cc] for r in values] if cc is not None else []
    check(sorted(got_codes) == sorted(want_codes) and len(got_codes) == len(set(got_codes)),
          f"exactly the approved enterprises naming 中国银行 ({len(got_codes)} rows, want {len(want_codes)}; "
          f"extra {sorted(set(got_codes) - set(want_codes))}, missing {sorted(set(want_codes) - set(got_codes))})")
    if cc is None:
        return
    check(all(r[cc].data_type == "s" for r in data), "credit codes are text cells")
    rows_by_code = {r[cc].value: r for r in data}

    # Phones: each enterprise's phone is in one column, as text.
    phones = {c: everyone[c]["fields"].get("contact_phone") for c in got_codes}
    check(phones.get(INJECTED_CODE) == "0311-88886666" and phones.get(NUMERIC_PHONE_CODE) == "13812345678",
          f"the phones as stored ({phones.get(INJECTED_CODE)}, {phones.get(NUMERIC_PHONE_CODE)})")
    with_phone = [r for r in data if phones.get(r[cc].value)]
    pc = column_of([[c.value for c in r] for r in with_phone],
                   lambda r, v: v is not None and str(v) == phones[r[cc]])
    check(pc is not None, "a column holds the phone numbers")
    if pc is not None:
        for r in data:
            ph = phones.get(r[cc].value)
            check(r[pc].value == ph if ph else r[pc].value is None,
                  f"{r[cc].value}: phone {r[pc].value!r} (data type {r[pc].data_type})")
            if ph:
                check(r[pc].data_type == "s", f"{r[cc].value}: the phone {ph} is a text cell")

    # The amount sought: a number cell; the city: the first column.
    amounts = {c: everyone[c]["fields"]["loan_amount_wan"] for c in got_codes}
    ac = column_of(values, lambda r, v: isinstance(v, (int, float)) and same_number(v, amounts[r[cc]]))
    check(ac is not None and all(r[ac].data_type == "n" for r in data), "the amounts are number cells")
    check(all(r[0].value == everyone[r[cc].value]["city"] for r in data), "the first column is the city")

    # Multi-choice option columns: 是 or nothing, exactly for the options chosen.
    for code, label in PURPOSES:
        cols = [i for i, h in enumerate(header) if isinstance(h, str) and h.endswith(label) and h != label]
        if not check(len(cols) == 1, f"one option column for purposes.{code} ({[header[i] for i in cols]})"):
            continue
        for r in data:
            chosen = code in everyone[r[cc].value]["fields"].get("purposes", [])
            v = r[cols[0]].value
            check(v == ("是" if chosen else None), f"{r[cc].value}: purposes.{code} cell {v!r} (chosen: {chosen})")

    check(ws.freeze_panes == "A2", f"the header row is frozen ({ws.freeze_panes})")
    want_ref = f"A1:{get_column_letter(len(header))}{len(cells)}"
    check(ws.auto_filter.ref == want_ref, f"an autofilter over the table ({ws.auto_filter.ref}, want {want_ref})")

    # Formula injection: text in XLSX, guarded in CSV.
    check(not sheet_xml_has_formula(out), "no <f> element in the sheet XML")
    inj = rows_by_code.get(INJECTED_CODE)
    if check(inj is not None, "the injected survey is exported"):
        cellmap = {c.value: c for c in inj if isinstance(c.value, str)}
        for field, text in INJECTED.items():
            c = cellmap.get(text)
            check(c is not None and c.data_type == "s", f"{field} {text!r} is a text cell, unchanged")
    db.ok("export", "--bank", "中行", "--format", "csv", "-o", tmp / "bank.csv")
    crow = csv_rows(tmp / "bank.csv")
    check(crow[:1] == [header], "csv: the same header as the xlsx")
    check(len(crow) == len(cells), f"csv: as many rows as the xlsx ({len(crow)})")
    ccsv = {r[cc]: r for r in crow[1:] if len(r) > cc}
    for code, r in rows_by_code.items():
        c = ccsv.get(code)
        if not check(c is not None and len(c) == len(header), f"csv: a full row for {code}"):
            continue
        for i, cell in enumerate(r):
            v, got = cell.value, c[i]
            if v is None:
                ok = got == ""
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                ok = got != "" and same_number(got, v)
            elif v.startswith(FORMULA_STARTS):
                ok = got == "'" + v
            else:
                ok = got == v
            if not ok:
                check(False, f"csv {code} column {i + 1}: {got!r}, xlsx has {v!r}")
    injrow = ccsv.get(INJECTED_CODE, [])
    for field, text in INJECTED.items():
        check("'" + text in injrow, f"csv: {field} is written '{text}")
    check(not any(v.startswith(FORMULA_STARTS) for r in crow for v in r),
          "csv: no value starts with = + - @")

    # --city narrows the list.
    db.ok("export", "--bank", "中行", "--city", "石家庄", "--format", "xlsx", "-o", tmp / "sjz.xlsx")
    _, sc = xlsx_rows(tmp / "sjz.xlsx")
    sjz_want = sorted(c for c in want_codes if everyone[c]["city"] == "石家庄市")
    check(sorted(r[cc].value for r in sc[1:]) == sjz_want, f"--city 石家庄: {len(sc) - 1} rows, want {len(sjz_want)}")

    # The audit log.
    rows = db.query("SELECT bank, record_count FROM audit_log WHERE action = 'export' ORDER BY id")
    check(rows == [(BANK_OF_CHINA, 0), (BANK_OF_CHINA, 0), (BANK_OF_CHINA, len(want_codes)),
                   (BANK_OF_CHINA, len(want_codes)), (BANK_OF_CHINA, len(sjz_want))],
          f"audit_log: one 'export' row per list with the bank and the count ({rows})")


def soffice_csv(soffice, tmp, files):
    """Converts `files` with LibreOffice; {file: [[text, ...], ...]}."""
    outdir = tmp / "lo"
    outdir.mkdir(exist_ok=True)
    profile = Path(f"/tmp/lo_profile_storage_cli_{os.getpid()}")
    try:
        r = subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                            "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(outdir)]
                           + [str(f) for f in files], capture_output=True, timeout=240)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    got = {}
    for f in files:
        out = outdir / (f.stem + ".csv")
        if check(out.exists(), f"LibreOffice converts {f.name} to csv"
                 + ("" if out.exists() else f" ({r.returncode}: {r.stdout!r} {r.stderr!r})")):
            with open(out, encoding="utf-8", newline="") as fh:
                got[f] = list(csv.reader(fh))
    return got


def case_libreoffice(ipsurvey, tmp):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print(f"SKIP  [{CURRENT[0]}] LibreOffice (soffice) is not installed: the LibreOffice check did not run")
        return
    db = Db(ipsurvey, tmp)
    load_samples(db, [("石家庄", [injection_form(tmp), numeric_phone_form(tmp)])])
    db.ok("review", "--pending", "--state", "approved", "--round", ROUND)
    files = [tmp / "bank_list.xlsx", tmp / "roster.xlsx", tmp / "summary.xlsx", tmp / "ledger_matrix.xlsx",
             tmp / "ledger_activities.xlsx", tmp / "ledger_policies.xlsx"]
    db.ok("export", "--bank", "中行", "--format", "xlsx", "-o", files[0])
    db.ok("roster", "--round", ROUND, "--format", "xlsx", "-o", files[1])
    db.ok("summary", "--round", ROUND, "--format", "xlsx", "-o", files[2])
    for f, table in zip(files[3:], ("matrix", "activities", "policies")):
        db.ok("ledger", "--year", "2022", "--format", "xlsx", "--table", table, "-o", f)
    converted = soffice_csv(soffice, tmp, files)

    seen = {"credit code": False, "landline": False, "mobile": False, "chinese": False, "number": False}
    for f in files:
        if f not in converted:
            continue
        wb = openpyxl.load_workbook(f)
        check(len(wb.worksheets) == 1, f"{f.name}: one sheet")
        want = [[c.value for c in r] for r in wb.worksheets[0].iter_rows()]
        got = converted[f]
        check(len(got) == len(want), f"{f.name}: LibreOffice reads {len(got)} rows, openpyxl {len(want)}")
        bad = 0
        for i, (wr, gr) in enumerate(zip(want, got), start=1):
            gr = gr + [""] * (len(wr) - len(gr))
            if len(gr) > len(wr) and any(gr[len(wr):]):
                check(False, f"{f.name} row {i}: LibreOffice has extra cells {gr[len(wr):]}")
            for j, (w, g) in enumerate(zip(wr, gr)):
                where = f"{f.name} {get_column_letter(j + 1)}{i}"
                if w is None:
                    ok = g == ""
                elif isinstance(w, datetime.datetime):
                    ok = g == (w.date().isoformat() if w.time() == datetime.time() else w.isoformat(sep=" "))
                elif isinstance(w, datetime.date):
                    ok = g == w.isoformat()
                elif isinstance(w, bool):
                    ok = g.upper() == str(w).upper()
                elif isinstance(w, (int, float)):
                    try:
                        ok = same_number(g, w)
                    except ValueError:
                        ok = False
                    seen["number"] = True
                else:
                    ok = g == w or g == w.replace("\r\n", "\n").replace("\r", "\n")
                    if re.fullmatch(r"[0-9A-Z]{18}", w):
                        seen["credit code"] = True
                    if w == "0311-88886666":
                        seen["landline"] = True
                    if re.fullmatch(r"1[3-9][0-9]{9}", w):
                        seen["mobile"] = True
                    if re.search(r"[\u4e00-\u9fff]", w):
                        seen["chinese"] = True
                if not ok:
                    bad += 1
                    if bad <= 20:
                        check(False, f"{where}: LibreOffice {g!r}, openpyxl {w!r}")
        check(bad == 0, f"{f.name}: every cell intact in LibreOffice ({bad} differ)")
    for what, s in seen.items():
        check(s, f"the converted files held a {what} value, compared")


def case_ledger_summary(ipsurvey, tmp):
    db = Db(ipsurvey, tmp)
    records = load_samples(db)
    # A late ledger (邢台, filed the 11th) and one on the deadline itself (邯郸, the 10th).
    made = []
    for city, day in (("邢台", 11), ("邯郸", 10)):
        wb = openpyxl.load_workbook(FIXTURES / "ledger_q1_shijiazhuang.xlsx")
        ws = wb.worksheets[0]
        ws["A2"] = f"填报单位：{city}市市场监督管理局"
        ws["E2"] = f"填报时间：2022年4月{day}日"
        path = tmp / f"ledger_{day}.xlsx"
        wb.save(path)
        made.append((city, path))
    for city, path in made:
        import_files(db, city, path)

    doc = db.json("ledger", "--format", "json", "--year", "2022")
    check(doc.get("year") == 2022, f"ledger year 2022 ({doc.get('year')})")
    today = doc.get("today", "")
    check(re.fullmatch(r"\d{4}-\d{2}-\d{2}", today or "") is not None, f"ledger gives today ({today})")
    matrix = doc.get("matrix", [])
    cells = {(m.get("city"), m.get("quarter")): m for m in matrix}
    check(len(cells) == len(matrix) and len(matrix) >= 44, f"one matrix cell per city and quarter ({len(matrix)})")
    deadlines = {1: "2022-04-10", 2: "2022-07-10", 3: "2022-10-10", 4: "2023-01-10"}
    for city in {c for c, _ in cells}:
        check(all((city, q) in cells for q in (1, 2, 3, 4)), f"{city}: four quarters")

    q1 = expected_ledger("ledger_q1_shijiazhuang.xlsx")
    q4 = expected_ledger("ledger_q4_baoding.xlsx")
    filed = {("石家庄市", 1): (q1["fields"]["filed_on"], "on_time"),
             ("保定市", 4): (q4["fields"]["filed_on"], "on_time"),
             ("邢台市", 1): ("2022-04-11", "late"),
             ("邯郸市", 1): ("2022-04-10", "on_time")}
    for key, m in cells.items():
        check(m.get("deadline") == deadlines.get(key[1]), f"{key}: deadline {m.get('deadline')}")
        if key in filed:
            on, status = filed[key]
            check(m.get("status") == status and m.get("filed") == on and (m.get("filings") or 0) >= 1,
                  f"{key}: {status}, filed {on} (got {m.get('status')}, {m.get('filed')})")
        else:
            want = "not_due" if today <= m.get("deadline", "") else "missing"
            check(m.get("status") == want and not m.get("filings"), f"{key}: {want} (got {m.get('status')})")

    filings = doc.get("filings", [])
    by_city = {f.get("city"): f for f in filings}
    check(len(filings) == 4, f"four latest filings ({len(filings)})")
    for f in filings:
        acts = f.get("fields", {}).get("activities")
        check(isinstance(acts, list) and acts and all(isinstance(a, dict) and a.get("content") for a in acts),
              f"{f.get('city')}: fields.activities present")
    check(by_city.get("石家庄市", {}).get("fields", {}).get("activities") == q1["fields"]["activities"],
          "石家庄市: the activities of expected.json")
    check(by_city.get("保定市", {}).get("fields", {}).get("policies") == q4["fields"]["policies"],
          "保定市: the policies of expected.json")
    q = db.json("ledger", "--format", "json", "--year", "2022", "--quarter", "4")
    check({m.get("quarter") for m in q.get("matrix", [])} == {4}, "--quarter 4 keeps Q4 only")

    # summary: counts per city agree with the roster.
    summary = db.json("summary", "--round", ROUND, "--format", "json")
    everyone = db.roster("--all", "--review", "any")
    demand = db.roster("--review", "any")
    sc = {c.get("city"): c for c in summary.get("cities", [])}
    cities = {e["city"] for e in everyone}
    check(cities <= set(sc), f"the summary lists every surveyed city ({sorted(cities - set(sc))} missing)")
    # Only a valid credit code makes an enterprise: records with a mistyped one are listed
    # (--all, marked for correction) but not counted.
    everyone = [e for e in everyone if e.get("enterprise_id")]
    for city, c in sc.items():
        n_all = sum(1 for e in everyone if e["city"] == city)
        need = [e for e in demand if e["city"] == city]
        amount = sum(e["fields"]["loan_amount_wan"] for e in need)
        check(c.get("surveyed") == n_all and c.get("with_need") == len(need)
              and math.isclose(c.get("total_amount_wan") or 0, amount),
              f"{city}: surveyed {c.get('surveyed')} / with_need {c.get('with_need')} / "
              f"total {c.get('total_amount_wan')} (roster: {n_all} / {len(need)} / {amount})")
        check(sum((c.get("review") or {}).values()) == n_all, f"{city}: review counts add up to surveyed")
    check(sum(c.get("surveyed", 0) for c in sc.values()) == len({e["credit_code"] for e in everyone}),
          "surveyed adds up to the distinct credit codes imported")


CASES = [
    ("import_json", case_import_json),
    ("import_refused", case_import_refused),
    ("versions", case_versions),
    ("zip_member_same_bytes", case_zip_member_same_bytes),
    ("roster", case_roster),
    ("review", case_review),
    ("export", case_export),
    ("libreoffice", case_libreoffice),
    ("ledger_summary", case_ledger_summary),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ipsurvey", required=True)
    ap.add_argument("--keep", help="run in this folder and keep the databases and files")
    ap.add_argument("cases", nargs="*", help="only these cases: " + ", ".join(n for n, _ in CASES))
    args = ap.parse_args()
    ipsurvey = Path(args.ipsurvey).resolve()
    if not ipsurvey.exists():
        print(f"no such file: {ipsurvey}", file=sys.stderr)
        return 2
    unknown = set(args.cases) - {n for n, _ in CASES}
    if unknown:
        print(f"unknown case(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="ipsurvey-storage-"))
    root.mkdir(parents=True, exist_ok=True)
    summary = []
    try:
        for name, fn in CASES:
            if args.cases and name not in args.cases:
                continue
            CURRENT[0] = name
            folder = root / name
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            n0, t0 = len(FAILURES), time.monotonic()
            try:
                fn(ipsurvey, folder)
            except Exception as e:  # noqa: BLE001 - a crash is a failed case, the others still run
                import traceback
                traceback.print_exc()
                check(False, f"the case raised {e!r}")
            summary.append((name, len(FAILURES) - n0, time.monotonic() - t0))
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    print()
    for name, failed, secs in summary:
        print(f"{'PASS' if not failed else 'FAIL'}  {name}  ({failed} failed checks, {secs:.1f}s)")
    if FAILURES:
        print(f"\n{len(FAILURES)} failed check(s):")
        for case, message in FAILURES:
            print(f"  [{case}] {message}")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())

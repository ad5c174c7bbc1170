#!/usr/bin/python3
"""The marked workbook of a stored file, end to end, read with openpyxl.

    /usr/bin/python3 tests/collector/check_marked_workbook.py --ipsurvey build/ipsurvey \\
        --tool build/tests/collector/marked_workbook_tool [--keep DIR]

Each case imports fixtures of tests/fixtures/forms/ with `ipsurvey import --json` into a fresh
database, takes the file ids from the database, and writes each file's marked workbook with the
test-only marked_workbook_tool (collector/marked_workbook.h). Checked with openpyxl against the
original (`data_only`: cached values): the same sheets in the same order and state, every
non-empty cell with the same value and type (a credit code stays a string, nothing becomes a
formula), the same merged ranges; every problem of the import JSON that names a sheet and cell
has a fill (red for an error, yellow for a warning) and a comment holding its code on that cell
(or on the first cell of its range or merged range); the last sheet 问题清单 lists every problem
(code, sheet, cell) in order, with a frozen header and an autofilter; and `ipsurvey parse` of
the marked workbook gives the same problems as of the original. Codes and places are asserted,
never wording. The cases:

  single      survey_mistakes.xlsx imported alone (three sheets, errors and warnings)
  batch       batch.zip: each file of the zip, taken out of the stored upload by its name
  duplicate   survey_mistakes.xlsx again inside a zip: the duplicate is marked with the
              problems stored with its first copy
  refused     a refused file and an unknown id give exit 1 and a reason

Exit 0 when all pass, 1 when a check fails, 2 on a usage error.
"""

import argparse
import datetime
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.utils.cell import range_boundaries, get_column_letter

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures" / "forms"
LIST_TITLE = "问题清单"
FILLS = {"error": "FFC7CE", "warning": "FFEB9C"}

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)
    return ok


class Run:
    def __init__(self, args, folder):
        self.ipsurvey = args.ipsurvey
        self.tool = args.tool
        self.dir = Path(folder)
        self.db = self.dir / "t.db"

    def run(self, *cmd):
        return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=120)

    def import_json(self, *files):
        p = self.run(self.ipsurvey, "import", "--db", self.db, "--city", "石家庄", "--round", "2022", "--json", *files)
        check(p.returncode in (0, 1), f"import {' '.join(Path(f).name for f in files)} ran (exit {p.returncode})")
        return json.loads(p.stdout)

    def files(self):
        with sqlite3.connect(self.db) as c:
            return c.execute("SELECT id, name, status FROM upload_files ORDER BY id").fetchall()

    def mark(self, file_id, out):
        return self.run(self.tool, "--db", self.db, "--file-id", file_id, "-o", out)

    def parse_places(self, path):
        p = self.run(self.ipsurvey, "parse", "--city", "石家庄", "--json", path)
        doc = json.loads(p.stdout)
        return sorted((q["code"], q.get("sheet", ""), q.get("cell", "")) for f in doc["files"] for q in f["problems"])


def json_file(doc, stored_name):
    """The import JSON's entry for the file stored as `stored_name` (JSON names it by the path given)."""
    for f in doc["files"]:
        if f["file"] == stored_name or f["file"].endswith("/" + stored_name):
            return f
    raise KeyError(stored_name)


def same_value(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, datetime.datetime) and isinstance(b, datetime.datetime):
        return abs((a - b).total_seconds()) < 1
    if isinstance(a, (datetime.date, datetime.time)) or isinstance(b, (datetime.date, datetime.time)):
        return type(a) is type(b) and a == b
    return type(a) is type(b) and a == b


def cells(ws):
    out = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is None or c.value == "":
                continue
            out[c.coordinate] = c
    return out


def mark_place(ws, ref):
    """Where a problem at `ref` is marked: the first cell of its range, or of the merged range holding it."""
    min_col, min_row, _, _ = range_boundaries(ref.split(":")[0] + ":" + ref.split(":")[0])
    for r in ws.merged_cells.ranges:
        if r.min_row <= min_row <= r.max_row and r.min_col <= min_col <= r.max_col:
            return f"{get_column_letter(r.min_col)}{r.min_row}"
    return f"{get_column_letter(min_col)}{min_row}"


def compare(name, original, marked, problems, run):
    """Checks the marked workbook `marked` of `original` against the file's import problems."""
    wo = openpyxl.load_workbook(original, data_only=True)
    wm = openpyxl.load_workbook(marked)
    check(wm.sheetnames[:-1] == wo.sheetnames, f"{name}: the same sheets in the same order {wm.sheetnames}")
    check(wm.sheetnames[-1] == LIST_TITLE, f"{name}: the last sheet is {LIST_TITLE}")
    for title in wo.sheetnames:
        so, sm = wo[title], wm[title]
        want_state = "visible" if so.sheet_state == "visible" else "hidden"
        check(sm.sheet_state == want_state, f"{name}!{title}: state {so.sheet_state}")
        co, cm = cells(so), cells(sm)
        bad = [ref for ref, c in co.items() if ref not in cm or not same_value(c.value, cm[ref].value)]
        check(not bad, f"{name}!{title}: {len(co)} cells keep value and type"
              + (f" (differ: {[(r, co[r].value, cm[r].value if r in cm else None) for r in bad[:5]]})" if bad else ""))
        extra = sorted(set(cm) - set(co))
        check(not extra, f"{name}!{title}: no cell added {extra[:5]}")
        codes = [ref for ref, c in co.items() if isinstance(c.value, str) and re.fullmatch(r"[0-9A-Z]{18}", c.value)]
        check(all(isinstance(cm[r].value, str) for r in codes), f"{name}!{title}: credit codes {codes} stay strings")
        check(all(c.data_type != "f" for c in cm.values()), f"{name}!{title}: no formula")
        check({str(r) for r in sm.merged_cells.ranges} == {str(r) for r in so.merged_cells.ranges},
              f"{name}!{title}: the same merged ranges")

    located = [p for p in problems if p.get("sheet") in wo.sheetnames and p.get("cell")]
    worst = {}
    for p in located:
        key = (p["sheet"], mark_place(wm[p["sheet"]], p["cell"]))
        if p["severity"] == "error" or key not in worst:
            worst[key] = p["severity"]
    for p in located:
        ref = mark_place(wm[p["sheet"]], p["cell"])
        c = wm[p["sheet"]][ref]
        fill = (c.fill.fgColor.rgb or "") if c.fill is not None and c.fill.fill_type == "solid" else ""
        want = FILLS.get(worst[(p["sheet"], ref)], "")
        check(bool(want) and str(fill).upper().endswith(want),
              f"{name}: {p['code']} at {p['sheet']}!{p['cell']} filled {want} (got {fill})")
        check(c.comment is not None and p["code"] in c.comment.text,
              f"{name}: {p['code']} at {p['sheet']}!{p['cell']} in the comment on {ref}")

    ws = wm[LIST_TITLE]
    rows = [tuple("" if v is None else str(v) for v in r[:4]) for r in ws.iter_rows(min_row=2, values_only=True)]
    want_rows = [(p["code"], p.get("sheet", ""), p.get("cell", "")) for p in problems]
    check([r[1:4] for r in rows] == want_rows, f"{name}: {LIST_TITLE} lists the {len(problems)} problems in order")
    check(ws.freeze_panes == "A2", f"{name}: {LIST_TITLE} has a frozen header")
    check(bool(ws.auto_filter.ref) and ws.auto_filter.ref.startswith("A1"), f"{name}: {LIST_TITLE} has an autofilter")
    check(run.parse_places(marked) == run.parse_places(original),
          f"{name}: `parse` of the marked workbook gives the original's problems")


def case_single(run):
    original = FIXTURES / "survey_mistakes.xlsx"
    doc = run.import_json(original)
    [(file_id, stored, status)] = run.files()
    check(status == "ok", f"single: stored ({status})")
    problems = json_file(doc, stored)["problems"]
    check(any(p.get("cell") for p in problems), "single: the fixture has located problems")
    out = run.dir / "single.xlsx"
    p = run.mark(file_id, out)
    if check(p.returncode == 0, f"single: marked (exit {p.returncode}) {p.stderr.strip()}"):
        check(p.stdout.strip() == "survey_mistakes（问题标注）.xlsx", f"single: named {p.stdout.strip()}")
        compare("single", original, out, problems, run)


def case_batch(run):
    batch = FIXTURES / "batch.zip"
    doc = run.import_json(batch)
    members = run.dir / "members"
    with zipfile.ZipFile(batch) as z:
        z.extractall(members)
    stored = run.files()
    check(len(stored) == 3 and all(s == "ok" for _, _, s in stored), f"batch: three files stored {stored}")
    for file_id, name, _ in stored:
        check(name.startswith("batch.zip/"), f"batch: {name} named inside the zip")
        out = run.dir / f"batch-{file_id}.xlsx"
        p = run.mark(file_id, out)
        if check(p.returncode == 0, f"batch: {name} marked (exit {p.returncode}) {p.stderr.strip()}"):
            compare(name, members / name.split("/", 1)[1], out, json_file(doc, name)["problems"], run)


def case_duplicate(run):
    original = FIXTURES / "survey_mistakes.xlsx"
    first_doc = run.import_json(original)
    zipped = run.dir / "again.zip"
    with zipfile.ZipFile(zipped, "w") as z:
        z.write(original, "survey_mistakes.xlsx")
        z.write(FIXTURES / "survey_printed.xlsx", "survey_printed.xlsx")
    run.import_json(zipped)
    rows = {name: (file_id, status) for file_id, name, status in run.files()}
    file_id, status = rows["again.zip/survey_mistakes.xlsx"]
    check(status == "duplicate", f"duplicate: the copy in the zip is a duplicate ({status})")
    out = run.dir / "duplicate.xlsx"
    p = run.mark(file_id, out)
    if check(p.returncode == 0, f"duplicate: marked (exit {p.returncode}) {p.stderr.strip()}"):
        compare("duplicate", original, out, json_file(first_doc, "survey_mistakes.xlsx")["problems"], run)


def case_refused(run):
    bad = run.dir / "bad.xlsx"
    bad.write_bytes(b"%PDF-1.4\n% not a workbook\n")
    run.import_json(bad)
    [(file_id, _, status)] = run.files()
    check(status == "rejected", f"refused: the file is rejected ({status})")
    for fid in (file_id, file_id + 1000):
        p = run.mark(fid, run.dir / "refused.xlsx")
        check(p.returncode == 1 and p.stderr.strip() != "", f"refused: file {fid} gives exit 1 and a reason")
    check(not (run.dir / "refused.xlsx").exists(), "refused: nothing written")


CASES = {"single": case_single, "batch": case_batch, "duplicate": case_duplicate, "refused": case_refused}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ipsurvey", required=True)
    ap.add_argument("--tool", required=True)
    ap.add_argument("--keep", help="keep each case's folder under this directory")
    ap.add_argument("cases", nargs="*", help=f"some of {', '.join(CASES)} (default: all)")
    args = ap.parse_args()
    unknown = [c for c in args.cases if c not in CASES]
    if unknown:
        ap.error(f"unknown case(s) {unknown}")
    for name in args.cases or CASES:
        folder = tempfile.mkdtemp(prefix=f"marked-{name}-")
        try:
            before = len(failures)
            CASES[name](Run(args, folder))
            print(f"== {name}: {'ok' if len(failures) == before else 'FAIL'}")
        finally:
            if args.keep:
                shutil.copytree(folder, Path(args.keep) / name, dirs_exist_ok=True)
            shutil.rmtree(folder, ignore_errors=True)
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

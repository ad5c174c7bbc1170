#!/usr/bin/python3
"""Checks the table writer's XLSX with independent readers (run by CTest).

collector_tests writes the sample table (tests/collector/table_test_support.cpp)
as sample.xlsx, sample.json and sample.csv into a scratch directory; the JSON,
written by our JSON writer from the same rows, is the expectation. Then:

- openpyxl: every text value comes back as a string (credit codes, phones,
  "=1+1", "+86 138", "-5", "@SUM(A1)" ...), numbers as numbers, full ISO dates
  as dates; the header row is bold and frozen; the autofilter covers header and
  data; text columns have the text format "@"; widths are sensible.
  openpyxl 3.0 does not decode OOXML "_xHHHH_" escapes (Excel and LibreOffice
  do), so its strings are decoded here with openpyxl's own unescape().
- the raw sheet XML holds no formula;
- `ipsurvey cells --json` (our reader) gives the same values;
- Python's csv module reads sample.csv (BOM, CRLF, quoting) to the same values,
  with the leading ' on text that could start a formula;
- LibreOffice (soffice --headless --convert-to csv) reads the XLSX to the same
  values; skipped, with a message, only when soffice is not installed.

Usage: check_table_xlsx.py --tests-exe collector_tests [--ipsurvey ipsurvey]
"""

import argparse
import csv
import datetime
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

import openpyxl
from openpyxl.utils.escape import unescape

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def expected_table(directory):
    with open(os.path.join(directory, "sample.json"), encoding="utf-8") as f:
        doc = json.load(f)
    return doc["title"], doc["columns"], doc["rows"]


def is_full_date(kind, value):
    if kind != "date" or not isinstance(value, str) or len(value) != 10:
        return False
    try:
        datetime.date.fromisoformat(value)
        return True
    except ValueError:
        return False


def check_openpyxl(path, title, columns, rows):
    wb = openpyxl.load_workbook(path)
    check(wb.sheetnames == [title], f"sheet names {wb.sheetnames!r} != [{title!r}]")
    ws = wb[wb.sheetnames[0]]
    check(ws.freeze_panes == "A2", f"freeze_panes is {ws.freeze_panes!r}, want 'A2'")
    last = openpyxl.utils.get_column_letter(len(columns))
    want_ref = f"A1:{last}{len(rows) + 1}"
    check(ws.auto_filter.ref == want_ref, f"autofilter {ws.auto_filter.ref!r} != {want_ref!r}")
    check(ws.max_row == len(rows) + 1, f"max_row {ws.max_row}")
    for c, col in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=c)
        check(cell.value == col["header"] and cell.data_type == "s", f"header {c}: {cell.value!r}")
        check(bool(cell.font.b), f"header {c} is not bold")
        letter = openpyxl.utils.get_column_letter(c)
        width = ws.column_dimensions[letter].width
        check(width is not None and 6 <= width <= 62, f"column {letter} width {width}")
    for r, row in enumerate(rows, start=2):
        for c, (col, want) in enumerate(zip(columns, row), start=1):
            cell = ws.cell(row=r, column=c)
            where = f"{cell.coordinate} ({col['header']})"
            got = cell.value
            if want is None:
                check(got is None, f"{where}: {got!r}, want empty")
            elif isinstance(want, (int, float)) and col["kind"] in ("number", "integer"):
                check(cell.data_type == "n" and isinstance(got, (int, float)) and got == want,
                      f"{where}: {got!r} ({cell.data_type}), want the number {want!r}")
            elif is_full_date(col["kind"], want):
                check(isinstance(got, datetime.datetime) and got.date().isoformat() == want,
                      f"{where}: {got!r}, want the date {want}")
                check(cell.number_format == "yyyy-mm-dd", f"{where}: date format {cell.number_format!r}")
            else:
                check(cell.data_type == "s" and isinstance(got, str), f"{where}: {got!r} is not a string")
                check(isinstance(got, str) and unescape(got) == want, f"{where}: {got!r} != {want!r}")
                check(cell.number_format == "@", f"{where}: format {cell.number_format!r}, want '@'")
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    check("<f>" not in xml and "<f " not in xml, "the sheet XML holds a formula")


def check_cells_json(ipsurvey, path, columns, rows):
    out = subprocess.run([ipsurvey, "cells", path, "--json"], capture_output=True, check=False)
    check(out.returncode == 0, f"ipsurvey cells exited {out.returncode}: {out.stderr.decode()}")
    if out.returncode != 0:
        return
    doc = json.loads(out.stdout)
    cells = {c["ref"]: c for c in doc["sheets"][0]["cells"]}
    for r, row in enumerate(rows, start=2):
        for c, (col, want) in enumerate(zip(columns, row), start=1):
            ref = f"{openpyxl.utils.get_column_letter(c)}{r}"
            got = cells.get(ref)
            if want is None:
                check(got is None, f"cells {ref}: {got!r}, want empty")
            elif isinstance(want, (int, float)) and col["kind"] in ("number", "integer"):
                check(got is not None and got["type"] == "number" and got["value"] == want, f"cells {ref}: {got!r}")
            elif is_full_date(col["kind"], want):
                check(got is not None and got["type"] == "date" and got["value"] == want, f"cells {ref}: {got!r}")
            else:
                check(got is not None and got["type"] == "string" and got["value"] == want,
                      f"cells {ref}: {got!r} != {want!r}")


def check_csv(path, columns, rows):
    with open(path, "rb") as f:
        data = f.read()
    check(data.startswith(b"\xef\xbb\xbf"), "sample.csv has no byte-order mark")
    check(data.endswith(b"\r\n"), "sample.csv does not end in CRLF")
    records = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    check(records[0] == [c["header"] for c in columns], f"csv header {records[0]!r}")
    check(len(records) == len(rows) + 1, f"csv has {len(records)} records")
    for r, (record, row) in enumerate(zip(records[1:], rows), start=1):
        for c, (got, want) in enumerate(zip(record, row)):
            if want is None:
                check(got == "", f"csv row {r} col {c}: {got!r}")
            elif isinstance(want, (int, float)):
                check(float(got) == want, f"csv row {r} col {c}: {got!r} != {want!r}")
            elif want.startswith(FORMULA_STARTS):
                check(got == "'" + want, f"csv row {r} col {c}: {got!r}, want a guarded {want!r}")
            else:
                check(got == want, f"csv row {r} col {c}: {got!r} != {want!r}")


def check_libreoffice(path, columns, rows):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("SKIP: soffice is not installed; the LibreOffice check did not run")
        return
    outdir = tempfile.mkdtemp(prefix="lo_out_")
    profile = f"/tmp/lo_profile_{os.getpid()}"
    try:
        # 44 = ',', 34 = '"', 76 = UTF-8, 1 = first line; "as shown" for dates.
        cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", outdir, path]
        done = subprocess.run(cmd, capture_output=True, timeout=300, check=False)
        out = os.path.join(outdir, os.path.splitext(os.path.basename(path))[0] + ".csv")
        check(done.returncode == 0 and os.path.exists(out),
              f"soffice failed ({done.returncode}): {done.stdout.decode()} {done.stderr.decode()}")
        if not os.path.exists(out):
            return
        with open(out, encoding="utf-8", newline="") as f:
            records = list(csv.reader(f))
        check(records[0] == [c["header"] for c in columns], f"LibreOffice header {records[0]!r}")
        check(len(records) == len(rows) + 1, f"LibreOffice gives {len(records)} records")
        for r, (record, row) in enumerate(zip(records[1:], rows), start=2):
            record += [""] * (len(columns) - len(record))
            for c, (col, got, want) in enumerate(zip(columns, record, row)):
                where = f"LibreOffice {openpyxl.utils.get_column_letter(c + 1)}{r}"
                if want is None:
                    check(got == "", f"{where}: {got!r}, want empty")
                elif isinstance(want, (int, float)) and col["kind"] in ("number", "integer"):
                    check(float(got) == want, f"{where}: {got!r} != {want!r}")
                else:
                    # A CR in a cell comes back as LF from LibreOffice's CSV export.
                    check(got == want or got == want.replace("\r", "\n"), f"{where}: {got!r} != {want!r}")
    finally:
        shutil.rmtree(outdir, ignore_errors=True)
        shutil.rmtree(profile, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tests-exe", required=True)
    ap.add_argument("--ipsurvey")
    args = ap.parse_args()
    directory = tempfile.mkdtemp(prefix="table_xlsx_")
    try:
        run = subprocess.run([args.tests_exe, "--run_test=xlsx_sample_keeps_every_value", "--",
                              "--sample-dir", directory], capture_output=True, check=False)
        if run.returncode != 0:
            print(run.stdout.decode(), run.stderr.decode())
            print("FAIL: collector_tests could not write the sample")
            return 1
        title, columns, rows = expected_table(directory)
        xlsx = os.path.join(directory, "sample.xlsx")
        check_openpyxl(xlsx, title, columns, rows)
        if args.ipsurvey:
            check_cells_json(args.ipsurvey, xlsx, columns, rows)
        check_csv(os.path.join(directory, "sample.csv"), columns, rows)
        check_libreoffice(xlsx, columns, rows)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    for f in failures:
        print("FAIL:", f)
    if failures:
        return 1
    print(f"ok: {len(rows)} rows x {len(columns)} columns agree (openpyxl, ipsurvey cells, csv, LibreOffice)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

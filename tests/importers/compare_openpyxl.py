#!/usr/bin/python3
"""Compare `ipsurvey cells FILE --json` with openpyxl on every workbook of a corpus.

Run with Debian's system Python (python3-openpyxl), from the repository root:

    /usr/bin/python3 tests/importers/compare_openpyxl.py [--ipsurvey build/ipsurvey]
        [--corpus ../shared/corpus] [--report FILE] [--jobs 2] [--max-output 128] [-v]

For every .xlsx/.xlsm under the corpus (recursively, in sorted order) it runs our reader (30 s
timeout) and, in a separate child process (so that a hang or a memory blow-up is contained),
openpyxl's `load_workbook(FILE, data_only=True)`. It then compares the worksheets' names, order and
states (we skip chartsheets, as openpyxl's `worksheets` does), the merged ranges, and every cell's
type and value:

- numbers with a small relative tolerance;
- openpyxl's datetime/date/time are turned into the contract's ISO forms and compared to the
  second; a timedelta (elapsed-time formats such as [h]:mm:ss) matches a number or a date whose
  Excel serial is the same; a negative serial in a date format (Excel shows ####) matches our
  number;
- strings exactly, with three allowances for what openpyxl cannot see: characters of a symbol font
  (openpyxl keeps `R` where we give ☑), `_xHHHH_` escapes that openpyxl leaves undecoded, and values
  under a merged range that openpyxl removes;
- openpyxl's empty strings count as empty cells.

Each file is classified as:

    same            no difference
    documented      differs, and tests/importers/openpyxl_differences.tsv lists it (file<TAB>reason;
                    the file may be an fnmatch pattern relative to the corpus, e.g. poi/poc-*)
    rejected-by-us  our status is "rejected" (the problem codes are listed)
    openpyxl-failed openpyxl could not load it, or found no sheet at all (Strict OOXML), or its
                    cells are over --max-output as JSON (recorded, not fatal)
    too-large       our JSON is over --max-output (default 128 MiB): not compared, not fatal
    differs         an undocumented difference (the first few differing cells are shown)
    crashed         our reader timed out, exited with a code other than 0/1 (or by a signal),
                    printed invalid JSON or JSON outside the contract, or its exit code
                    contradicts its status

The last line is a summary such as
`compare: 430 same, 12 documented, 5 rejected, 3 openpyxl-failed, 0 differs, 0 crashed`
(", N too-large" is added when there are any). --report FILE gets every file's class, time and
up to 20 differences.
Exit status: 1 if any file differs (undocumented) or crashed, 2 on a usage error, else 0.

The script's internal mode `--dump-openpyxl FILE` prints openpyxl's view of one file as JSON; it is
what the child processes run.
"""

import argparse
import concurrent.futures
import datetime as dt
import fnmatch
import json
import math
import os
import re
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_IPSURVEY = REPO / "build" / "ipsurvey"
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
DEFAULT_DOCUMENTED = Path(__file__).resolve().parent / "openpyxl_differences.tsv"

OUR_TIMEOUT = 30          # seconds, per file, as the brief asks
OPENPYXL_TIMEOUT = 120    # seconds, per file
OPENPYXL_MEMORY = 4 << 30  # address-space limit of an openpyxl child
SHOWN_DIFFS = 5           # differing cells shown per file on stdout (the report gets more)
REPORT_DIFFS = 20

CELL_TYPES = ("string", "number", "bool", "date", "error")

# What a symbol font draws, as the contract names it. Used only to tolerate openpyxl's raw
# letters; our reader may know more glyphs, which the comparison also tolerates (see below).
WINGDINGS2 = {"R": "☑", "T": "☒", "S": "☒", "£": "□", "P": "✓", "O": "✗"}
WINGDINGS = {"\u00fe": "☑", "\u00a8": "□", "\u00fc": "✓", "\u00fb": "✗", "\u00fd": "☒",
             "o": "□", "n": "■"}
SYMBOL_FONTS = {"wingdings": WINGDINGS, "wingdings 2": WINGDINGS2, "wingdings 3": {},
                "webdings": {}, "symbol": {}}


# --------------------------------------------------------------------------------------------
# Cell references and values
# --------------------------------------------------------------------------------------------

REF_RE = re.compile(r"^([A-Z]{1,3})([0-9]+)$")


def split_ref(ref):
    """'B12' -> (12, 2): 1-based row and column; (0, 0) for anything malformed."""
    m = REF_RE.match(ref or "")
    if not m:
        return (0, 0)
    col = 0
    for ch in m.group(1):
        col = col * 26 + (ord(ch) - 64)
    return (int(m.group(2)), col)


def ref_in_range(ref, rng):
    """True when ref lies inside the range 'A1:C3'."""
    a, _, b = rng.partition(":")
    r, c = split_ref(ref)
    r1, c1 = split_ref(a)
    r2, c2 = split_ref(b or a)
    return min(r1, r2) <= r <= max(r1, r2) and min(c1, c2) <= c <= max(c1, c2)


def normalize_range(rng):
    rng = str(rng).upper().replace("$", "")
    return rng if ":" in rng else f"{rng}:{rng}"


def iso_of(value):
    """openpyxl's date/time value -> the contract's ISO text (rounded to the second)."""
    if isinstance(value, dt.datetime):
        if value.microsecond:
            value = (value + dt.timedelta(microseconds=500000)).replace(microsecond=0)
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second
        seconds += round(value.microsecond / 1e6)
        seconds = min(seconds, 86399)
        return "%02d:%02d:%02d" % (seconds // 3600, seconds // 60 % 60, seconds % 60)
    raise TypeError(value)


_EPOCH = dt.datetime(1899, 12, 30)


def iso_seconds(text):
    """ISO date, date-time or time -> seconds (dates from 1899-12-30, times from midnight).
    None when the text is none of those forms."""
    if not isinstance(text, str):
        return None
    try:
        if re.fullmatch(r"-?\d{4,}-\d\d-\d\d", text):
            return (dt.datetime.fromisoformat(text) - _EPOCH).total_seconds()
        if re.fullmatch(r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?", text):
            return (dt.datetime.fromisoformat(text) - _EPOCH).total_seconds()
        m = re.fullmatch(r"(\d\d):(\d\d):(\d\d)(\.\d+)?", text)
        if m:
            return int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3))
    except ValueError:
        return None
    return None


def iso_to_serial(text, date1904=False):
    """The contract's ISO text -> Excel's serial number (1900 system with its leap-year bug, or
    the 1904 system). None when the text is not one of the contract's forms."""
    m = re.fullmatch(r"(\d\d):(\d\d):(\d\d)", text or "")
    if m:
        return (int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3))) / 86400
    try:
        d = dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    if date1904:
        return (d - dt.datetime(1904, 1, 1)).total_seconds() / 86400
    days = (d - dt.datetime(1899, 12, 30)).total_seconds() / 86400
    return days - 1 if d < dt.datetime(1900, 3, 1) else days


_XESC = re.compile(r"_x([0-9A-Fa-f]{4})_")


def decode_x_escapes(text):
    return _XESC.sub(lambda m: chr(int(m.group(1), 16)), text)


def symbol_equivalent(ours, theirs, font):
    """True when `ours` is `theirs` with symbol-font characters drawn as glyphs.

    font: the openpyxl cell's font name when it is a symbol font (the whole cell), else None; then
    only characters the contract maps may differ (a symbol run inside rich text, which openpyxl
    3.0 does not report)."""
    if len(ours) != len(theirs):
        return False
    table = SYMBOL_FONTS.get(font.strip().lower(), {}) if font else {}
    changed = False
    for a, b in zip(ours, theirs):
        if a == b:
            continue
        changed = True
        if b in table:
            if a != table[b]:
                return False
        elif font:
            # A whole-cell symbol font: our reader may know glyphs the contract does not name.
            # Accept a non-ASCII glyph for a character of the font's 8-bit range or private use.
            if not (0x20 <= ord(b) <= 0xFF or 0xF020 <= ord(b) <= 0xF0FF) or ord(a) < 0x80:
                return False
        elif 0xF020 <= ord(b) <= 0xF0FF:
            # Private use U+F0xx: what Word/WPS store for a symbol; drawn in any font.
            if ord(a) < 0x80:
                return False
        elif a not in {t[b] for t in (WINGDINGS, WINGDINGS2) if b in t}:
            return False
    return changed


# --------------------------------------------------------------------------------------------
# openpyxl's view (runs in a child process)
# --------------------------------------------------------------------------------------------

def openpyxl_cells(path):
    """Loads path with openpyxl (data_only) and returns
    {"ok": true, "sheets": [{"name", "state", "cells": [{"ref","type","value"[, "font"]}],
    "merged": [...]}]} or {"ok": false, "error": "..."}.

    Dates become ISO text; a timedelta becomes type "duration" with its value in days; a
    string cell in a symbol font carries "font"."""
    import warnings
    try:
        import openpyxl
        from openpyxl.utils.cell import get_column_letter
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, to_excel
    except ImportError as exc:  # pragma: no cover
        return {"ok": False, "error": f"openpyxl is not installed: {exc}"}
    warnings.simplefilter("ignore")
    try:
        wb = openpyxl.load_workbook(path, data_only=True, read_only=False, keep_links=False)
    except Exception as exc:  # openpyxl failing on a file is a result, not a crash
        return {"ok": False, "error": f"{type(exc).__name__}: {str(exc)[:300]}"}
    if not wb.sheetnames:
        return {"ok": False, "error": "openpyxl found no sheets (Strict OOXML or an unusual "
                                      "package layout)"}
    try:
        date1904 = wb.epoch == CALENDAR_MAC_1904
        sheets = []
        for ws in wb.worksheets:
            cells = []
            for (row, col), cell in sorted(ws._cells.items()):
                v = cell.value
                if v is None:
                    continue
                ref = f"{get_column_letter(col)}{row}"
                entry = {"ref": ref}
                if cell.data_type == "e":
                    entry.update(type="error", value=str(v))
                elif isinstance(v, bool):
                    entry.update(type="bool", value=v)
                elif isinstance(v, (int, float)):
                    if isinstance(v, float) and not math.isfinite(v):
                        entry.update(type="number", value=str(v))
                    else:
                        entry.update(type="number", value=v)
                elif isinstance(v, dt.timedelta):
                    entry.update(type="duration", value=v.total_seconds() / 86400)
                elif isinstance(v, (dt.datetime, dt.date, dt.time)):
                    entry.update(type="date", value=iso_of(v))
                    try:
                        entry["serial"] = to_excel(v, wb.epoch)
                    except Exception:
                        pass
                else:
                    text = str(v)
                    if text == "":
                        continue
                    entry.update(type="string", value=text)
                    font = cell.font.name if cell.has_style and cell.font is not None else None
                    if font and font.strip().lower() in SYMBOL_FONTS:
                        entry["font"] = font
                cells.append(entry)
            merged = [normalize_range(r.coord) for r in ws.merged_cells.ranges]
            sheets.append({"name": ws.title, "state": ws.sheet_state, "cells": cells,
                           "merged": merged})
        return {"ok": True, "date1904": date1904, "sheets": sheets}
    except Exception as exc:
        return {"ok": False, "error": f"{type(exc).__name__} while reading cells: {str(exc)[:300]}"}


class Run:
    """What a child process did: exit code (negative: signal), stdout (None when it was cut),
    the tail of stderr, and whether it timed out or wrote more than the cap."""

    def __init__(self, returncode, stdout, stderr_tail, timed_out, too_large, seconds):
        self.returncode = returncode
        self.stdout = stdout
        self.stderr_tail = stderr_tail
        self.timed_out = timed_out
        self.too_large = too_large
        self.seconds = seconds


def run_capped(cmd, timeout, max_output, max_memory=None):
    """Runs cmd with stdout and stderr in temporary files. The child's file-size limit is set to
    max_output (so a flood of output stops it with SIGXFSZ instead of filling our memory) and,
    when given, its address-space limit to max_memory."""
    import resource
    import tempfile
    start = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        try:  # set from here rather than in a preexec_fn, which is unsafe with threads
            resource.prlimit(proc.pid, resource.RLIMIT_FSIZE, (max_output, max_output))
            if max_memory:
                resource.prlimit(proc.pid, resource.RLIMIT_AS, (max_memory, max_memory))
        except (ProcessLookupError, OSError, ValueError):
            pass  # already gone, or not allowed: the run goes on without the limit
        timed_out = False
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            proc.kill()
            proc.wait()
        seconds = time.monotonic() - start
        size = os.fstat(out.fileno()).st_size
        too_large = size >= max_output or proc.returncode == -25  # SIGXFSZ
        stdout = None
        if not too_large and not timed_out:
            out.seek(0)
            stdout = out.read()
        err.seek(max(0, os.fstat(err.fileno()).st_size - 2000))
        tail = err.read().decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
    return Run(proc.returncode, stdout, tail[0][:300], timed_out, too_large, seconds)


def run_openpyxl_child(path, max_output):
    cmd = [sys.executable, os.path.abspath(__file__), "--dump-openpyxl", str(path)]
    run = run_capped(cmd, OPENPYXL_TIMEOUT, max_output, OPENPYXL_MEMORY)
    if run.timed_out:
        return {"ok": False, "error": f"openpyxl timed out after {OPENPYXL_TIMEOUT} s"}
    if run.too_large:
        return {"ok": False, "error": f"openpyxl's cells exceed {max_output >> 20} MiB of JSON; "
                                      "not compared"}
    if run.returncode != 0:
        return {"ok": False, "error": f"openpyxl child exited {run.returncode}: {run.stderr_tail}"}
    try:
        return json.loads(run.stdout)
    except ValueError:
        return {"ok": False, "error": "openpyxl child printed invalid JSON"}


# --------------------------------------------------------------------------------------------
# Our reader
# --------------------------------------------------------------------------------------------

TOO_LARGE = "too large"


def run_ours(ipsurvey, path, max_output):
    """Runs `ipsurvey cells FILE --json`. Returns (doc, reason, seconds): doc is None when
    reason is TOO_LARGE (output over the cap: not compared) or a crash (anything else)."""
    try:
        run = run_capped([str(ipsurvey), "cells", str(path), "--json"], OUR_TIMEOUT, max_output)
    except OSError as exc:  # e.g. the executable is being rebuilt
        return None, f"could not run {ipsurvey}: {exc}", 0.0
    seconds = run.seconds
    if run.timed_out:
        return None, f"timeout after {OUR_TIMEOUT} s", seconds
    if run.too_large:
        return None, TOO_LARGE, seconds
    rc = run.returncode
    if rc not in (0, 1):
        what = f"killed by signal {-rc}" if rc < 0 else f"exit code {rc}"
        return None, f"{what}: {run.stderr_tail[:200]}", seconds
    try:
        doc = json.loads(run.stdout.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        return None, f"invalid JSON (exit {rc}): {str(exc)[:200]}", seconds
    problem = check_our_document(doc)
    if problem:
        return None, f"JSON does not follow the contract: {problem}", seconds
    status = doc["status"]
    if (status == "ok") != (rc == 0):
        return None, f"status {status!r} but exit code {rc}", seconds
    return doc, None, seconds


def check_our_document(doc):
    """The shape of `cells --json`; returns a reason or None."""
    if not isinstance(doc, dict):
        return "not an object"
    if doc.get("status") not in ("ok", "rejected"):
        return f"status {doc.get('status')!r}"
    if not isinstance(doc.get("sheets", []), list) or not isinstance(doc.get("problems", []), list):
        return "sheets/problems are not arrays"
    for sheet in doc.get("sheets", []):
        if not isinstance(sheet, dict) or not isinstance(sheet.get("name"), str):
            return "a sheet without a name"
        if not isinstance(sheet.get("cells", []), list):
            return f"sheet {sheet.get('name')!r}: cells is not an array"
        for cell in sheet.get("cells", []):
            if not isinstance(cell, dict) or not isinstance(cell.get("ref"), str):
                return f"sheet {sheet['name']!r}: a cell without a ref"
            if cell.get("type") not in CELL_TYPES:
                return f"{sheet['name']}!{cell['ref']}: type {cell.get('type')!r}"
            v = cell.get("value")
            t = cell["type"]
            ok = ((t == "number" and isinstance(v, (int, float)) and not isinstance(v, bool))
                  or (t == "bool" and isinstance(v, bool))
                  or (t in ("string", "date", "error") and isinstance(v, str)))
            if not ok:
                return f"{sheet['name']}!{cell['ref']}: {t} with value {v!r}"
    return None


def problem_codes(doc):
    codes = []
    for p in doc.get("problems", []):
        code = p.get("code") if isinstance(p, dict) else None
        if code and code not in codes:
            codes.append(code)
    return codes


# --------------------------------------------------------------------------------------------
# The comparison
# --------------------------------------------------------------------------------------------

def show(value):
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def cells_equal(ours, theirs, rel_tol=1e-9, date1904=False):
    """ours: {"type","value"}; theirs: openpyxl's entry. Returns True when they agree
    (numbers within rel_tol; 0 asks for exact equality)."""
    ot, ov = ours["type"], ours["value"]
    tt, tv = theirs["type"], theirs["value"]
    if tt == "duration":  # openpyxl's timedelta ([h]:mm:ss): a number of days
        if ot == "number":
            return math.isclose(ov, tv, rel_tol=1e-9, abs_tol=1e-9)
        if ot == "date":
            serial = iso_to_serial(ov, date1904)
            return serial is not None and abs(serial - tv) * 86400 <= 1
        return False
    if ot == "number" and tt == "date" and ov < 0 and "serial" in theirs:
        # A negative serial in a date format: Excel shows ####, not a date; we give the number.
        return math.isclose(ov, theirs["serial"], rel_tol=1e-9, abs_tol=1e-9)
    if ot != tt:
        return False
    if ot == "number":
        if isinstance(tv, str):  # inf/nan from openpyxl
            return False
        if rel_tol == 0:
            return float(ov) == float(tv)
        return math.isclose(float(ov), float(tv), rel_tol=rel_tol, abs_tol=1e-12)
    if ot == "date":
        if ov == tv or rel_tol == 0:
            return ov == tv
        a, b = iso_seconds(ov), iso_seconds(tv)
        same_kind = (":" in ov and "-" not in ov) == (":" in tv and "-" not in tv)
        return a is not None and b is not None and same_kind and abs(a - b) <= 1
    if ot == "string":
        if ov == tv:
            return True
        decoded = decode_x_escapes(tv) if "_x" in tv else tv
        if ov == decoded:
            return True
        return symbol_equivalent(ov, decoded, theirs.get("font"))
    return ov == tv  # bool, error


def compare_workbooks(ours, theirs, limit=REPORT_DIFFS, rel_tol=1e-9):
    """Returns a list of differences (text), at most `limit` plus a closing count."""
    date1904 = bool(theirs.get("date1904"))
    diffs = []
    total = 0

    def add(text):
        nonlocal total
        total += 1
        if len(diffs) < limit:
            diffs.append(text)

    our_sheets = ours.get("sheets", [])
    their_sheets = theirs.get("sheets", [])
    our_names = [s["name"] for s in our_sheets]
    their_names = [s["name"] for s in their_sheets]
    if our_names != their_names:
        add(f"sheets: ours {our_names} openpyxl {their_names}")
    theirs_by_name = {s["name"]: s for s in their_sheets}
    for sheet in our_sheets:
        name = sheet["name"]
        other = theirs_by_name.get(name)
        if other is None:
            continue
        if sheet.get("state", "visible") != other.get("state", "visible"):
            add(f"{name}: state ours {sheet.get('state')} openpyxl {other.get('state')}")
        our_merged = sorted({normalize_range(m) for m in sheet.get("merged", [])})
        their_merged = sorted(set(other.get("merged", [])))
        if our_merged != their_merged:
            only_ours = [m for m in our_merged if m not in their_merged]
            only_theirs = [m for m in their_merged if m not in our_merged]
            add(f"{name}: merged ranges only ours {only_ours[:5]} only openpyxl {only_theirs[:5]}")
        a = {c["ref"]: c for c in sheet.get("cells", [])}
        b = {c["ref"]: c for c in other.get("cells", [])}
        covered = [m for m in their_merged]  # openpyxl drops values under merged ranges
        for ref in sorted(set(a) | set(b), key=split_ref):
            oc, tc = a.get(ref), b.get(ref)
            if oc is not None and oc["type"] == "string" and oc["value"] == "":
                oc = None  # the contract leaves these out; tolerate it here, the fixtures check it
            if oc is None and tc is None:
                continue
            if tc is None:
                if any(ref_in_range(ref, m) and not m.startswith(ref + ":") for m in covered):
                    continue
                add(f"{name}!{ref}: ours {oc['type']} {show(oc['value'])}, openpyxl empty")
            elif oc is None:
                add(f"{name}!{ref}: ours empty, openpyxl {tc['type']} {show(tc['value'])}")
            elif not cells_equal(oc, tc, rel_tol, date1904):
                add(f"{name}!{ref}: ours {oc['type']} {show(oc['value'])}, "
                    f"openpyxl {tc['type']} {show(tc['value'])}")
    if total > len(diffs):
        diffs.append(f"... {total - len(diffs)} more")
    return diffs


# --------------------------------------------------------------------------------------------
# The corpus run
# --------------------------------------------------------------------------------------------

def load_documented(path):
    """file-or-pattern -> reason, from a TSV with '#' comments."""
    documented = {}
    if not path.exists():
        return documented
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, _, reason = line.partition("\t")
        documented[name.strip()] = reason.strip()
    return documented


def documented_reason(rel, documented):
    if rel in documented:
        return documented[rel]
    for pattern, reason in documented.items():
        if fnmatch.fnmatchcase(rel, pattern):
            return reason
    return None


def examine(ipsurvey, corpus, path, documented, max_output):
    """Classifies one file. Returns a dict with class, rel, details (list of text) and notes."""
    try:
        return _examine(ipsurvey, corpus, path, documented, max_output)
    except Exception as exc:  # a bug here must not hide the other files' results
        return {"rel": path.relative_to(corpus).as_posix(), "seconds": 0.0, "class": "crashed",
                "details": [f"compare_openpyxl.py failed on it: {type(exc).__name__}: {exc}"],
                "notes": []}


def _examine(ipsurvey, corpus, path, documented, max_output):
    rel = path.relative_to(corpus).as_posix()
    doc, crash, seconds = run_ours(ipsurvey, path, max_output)
    result = {"rel": rel, "seconds": seconds, "details": [], "notes": []}
    if crash == TOO_LARGE:
        result["class"] = "too-large"
        result["details"] = [f"our JSON exceeds {max_output >> 20} MiB; not compared"]
        return result
    theirs = run_openpyxl_child(path, max_output)
    if crash:
        result["class"] = "crashed"
        result["details"] = [crash]
        return result
    if doc["status"] == "rejected":
        result["class"] = "rejected-by-us"
        result["details"] = [", ".join(problem_codes(doc)) or "(no problem codes)"]
        if theirs.get("ok"):
            result["notes"].append("openpyxl loaded it")
        return result
    if not theirs.get("ok"):
        result["class"] = "openpyxl-failed"
        result["details"] = [theirs.get("error", "?")]
        return result
    diffs = compare_workbooks(doc, theirs)
    reason = documented_reason(rel, documented)
    if not diffs:
        result["class"] = "same"
        if reason is not None:
            result["notes"].append(f"documented as different but now the same: {reason}")
    elif reason is not None:
        result["class"] = "documented"
        result["details"] = [reason] + diffs
    else:
        result["class"] = "differs"
        result["details"] = diffs
    return result


CLASSES = ("same", "documented", "rejected-by-us", "openpyxl-failed", "too-large", "differs",
           "crashed")


def summary_line(counts):
    line = ("compare: {same} same, {documented} documented, {rejected} rejected, "
            "{failed} openpyxl-failed, {differs} differs, {crashed} crashed").format(
        same=counts["same"], documented=counts["documented"], rejected=counts["rejected-by-us"],
        failed=counts["openpyxl-failed"], differs=counts["differs"], crashed=counts["crashed"])
    if counts["too-large"]:
        line += f", {counts['too-large']} too-large"
    return line


def main(argv=None):
    ap = argparse.ArgumentParser(description="Compare ipsurvey cells --json with openpyxl.")
    ap.add_argument("--ipsurvey", default=str(DEFAULT_IPSURVEY), help="the ipsurvey executable")
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="folder searched recursively")
    ap.add_argument("--report", help="write the full report (every file) to this file")
    ap.add_argument("--documented", default=str(DEFAULT_DOCUMENTED),
                    help="TSV of known deliberate differences (file<TAB>reason)")
    ap.add_argument("--jobs", type=int, default=2, help="files examined in parallel (default 2)")
    ap.add_argument("--max-output", type=int, default=128, metavar="MiB",
                    help="largest JSON compared, ours or openpyxl's (default 128 MiB)")
    ap.add_argument("-v", "--verbose", action="store_true", help="also list same/documented files")
    ap.add_argument("--dump-openpyxl", metavar="FILE", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.dump_openpyxl:
        json.dump(openpyxl_cells(args.dump_openpyxl), sys.stdout, ensure_ascii=False)
        return 0

    ipsurvey = Path(args.ipsurvey)
    corpus = Path(args.corpus)
    if not (ipsurvey.is_file() and os.access(ipsurvey, os.X_OK)):
        print(f"compare: {ipsurvey} is not an executable; build it first", file=sys.stderr)
        return 2
    if not corpus.is_dir():
        print(f"compare: no corpus folder {corpus}", file=sys.stderr)
        return 2
    documented = load_documented(Path(args.documented))
    files = sorted((p for p in corpus.rglob("*")
                    if p.is_file() and p.suffix.lower() in (".xlsx", ".xlsm")),
                   key=lambda p: p.relative_to(corpus).as_posix())
    if not files:
        print(f"compare: no .xlsx/.xlsm files under {corpus}", file=sys.stderr)
        return 2

    start = time.monotonic()
    results = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(examine, ipsurvey, corpus, p, documented, args.max_output << 20)
                   for p in files]
        for fut in futures:  # in corpus order, so the output is stable
            r = fut.result()
            results.append(r)
            quiet = r["class"] in ("same", "documented") and not args.verbose
            if not quiet:
                print(f"{r['class']:<16} {r['rel']}")
                shown = r["details"][:SHOWN_DIFFS + (1 if r["class"] == "documented" else 0)]
                for d in shown:
                    print(f"    {d}")
                for n in r["notes"]:
                    print(f"    note: {n}")
            elif r["notes"] and r["class"] == "same" and any("documented" in n for n in r["notes"]):
                print(f"same             {r['rel']}  (note: {r['notes'][0]})")
            sys.stdout.flush()

    counts = {c: 0 for c in CLASSES}
    for r in results:
        counts[r["class"]] += 1
    slowest = max(results, key=lambda r: r["seconds"])
    line = summary_line(counts)

    if args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            f.write(f"# compare_openpyxl: {len(files)} files under {corpus}, "
                    f"{time.monotonic() - start:.0f} s; slowest for ipsurvey: "
                    f"{slowest['rel']} {slowest['seconds']:.2f} s\n")
            for r in results:
                f.write(f"{r['class']}\t{r['rel']}\t{r['seconds']:.2f}s\n")
                for d in r["details"]:
                    f.write(f"    {d}\n")
                for n in r["notes"]:
                    f.write(f"    note: {n}\n")
            f.write(line + "\n")
    print(line)
    return 1 if counts["differs"] or counts["crashed"] else 0


if __name__ == "__main__":
    sys.exit(main())

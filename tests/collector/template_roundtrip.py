#!/usr/bin/python3
"""Round trip of `ipsurvey template`: the blank forms, filled in, parse back exactly.

    /usr/bin/python3 tests/collector/template_roundtrip.py --ipsurvey build/ipsurvey [--keep DIR]

1. `ipsurvey template survey|ledger -o …` write the blank forms; the fields (keys, printed labels,
   which are choices / yes-no / multi-choice and their options) are taken from `ipsurvey schema`,
   i.e. from the same form definition, so a field added to the definition is checked too.
2. The blanks: every field's label is printed (LibreOffice opens them: `--convert-to csv`), every
   choice and yes/no answer cell and every multi-choice option cell has a drop-down (openpyxl
   `ws.data_validations`) offering only values the parser accepts, the quarter has one, the credit
   code and phone cells are text ("@"); parsed blank, they give no answer.
3. Every field is filled in with openpyxl (choices through their drop-down's values, two purposes
   ticked through theirs) and `ipsurvey parse --json` must give exactly the expected fields.
4. The openpyxl-filled files, converted by LibreOffice (`soffice --headless --convert-to xlsx`,
   private profile), must parse to the same fields. Skipped, with a message, when soffice is absent.

Exit 0 when all checks pass, 1 when any fails, 2 on a usage error.
"""

import argparse
import csv
import datetime
import json
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter, range_boundaries

XS = "{http://www.w3.org/2001/XMLSchema}"
FAILURES = []


def check(ok, message):
    print(("ok    " if ok else "FAIL  ") + message)
    if not ok:
        FAILURES.append(message)
    return ok


def run(args, **kw):
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=600, **kw)


# --- the fields, from the XSD made from the definition --------------------------------------

def schema_fields(ipsurvey, form):
    """{key: {"label", "kind" ("choice" | "boolean" | "multi" | other), "values": [...]}}."""
    r = run([ipsurvey, "schema", form])
    if r.returncode != 0:
        sys.exit(f"ipsurvey schema {form} failed: {r.stderr}")
    root = ET.fromstring(r.stdout)
    enums = {st.get("name"): [e.get("value") for e in st.iter(XS + "enumeration")]
             for st in root.findall(XS + "simpleType")}
    fields = {}
    for el in root.iter(XS + "element"):
        doc = el.find(f"{XS}annotation/{XS}documentation")
        if doc is None or el.get("name") == "item":
            continue
        kind, values = "other", []
        t = el.get("type")
        item = el.find(f"{XS}complexType/{XS}sequence/{XS}element[@name='item']")
        if t == "yes_no":
            kind, values = "boolean", enums[t]
        elif t in enums and t.startswith(form + "_"):
            kind, values = "choice", enums[t]
        elif item is not None and item.get("type") in enums and item.get("type").startswith(form + "_"):
            kind, values = "multi", enums[item.get("type")]
        fields[el.get("name")] = {"label": doc.text, "kind": kind, "values": values}
    return fields


# --- finding cells in a workbook --------------------------------------------------------------

def find_text(ws, text):
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str) and c.value.strip() == text:
                return c
    return None


def merge_of(ws, cell):
    for m in ws.merged_cells.ranges:
        if cell.coordinate in m:
            return m
    return None


def right_of(ws, cell):
    """The cell right of `cell` (after its merged range)."""
    m = merge_of(ws, cell)
    last_col = m.max_col if m else cell.column
    return ws.cell(row=cell.row, column=last_col + 1)


def validations(ws):
    """{coordinate: DataValidation} for every cell a validation covers."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            c1, r1, c2, r2 = range_boundaries(rng.coord)
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    out[f"{get_column_letter(c)}{r}"] = dv
    return out


def list_values(dv, wb=None):
    """A list validation's values: written in it ("a,b"), or (a list too long for that) in a
    range of another sheet of `wb`."""
    if dv is None or dv.type != "list" or not dv.formula1:
        return None
    if dv.formula1.startswith('"'):
        return dv.formula1.strip('"').split(",")
    if wb is None or "!" not in dv.formula1:
        return None
    sheet, rng = dv.formula1.lstrip("=").rsplit("!", 1)
    sheet = sheet.strip("'")
    if sheet not in wb.sheetnames:
        return None
    return [c.value for row in wb[sheet][rng.replace("$", "")] for c in row if c.value is not None]


# --- parsing -------------------------------------------------------------------------------

def parse(ipsurvey, path):
    r = run([ipsurvey, "parse", path, "--json"])
    try:
        doc = json.loads(r.stdout)
    except ValueError:
        check(False, f"parse {path.name}: no JSON (exit {r.returncode}): {r.stderr.strip()}")
        return None, []
    f = doc["files"][0]
    records = f.get("records", [])
    if not check(r.returncode == 0 and f["status"] == "ok" and len(records) == 1,
                 f"parse {path.name}: exit {r.returncode}, status {f['status']}, {len(records)} record(s)"):
        return None, f.get("problems", [])
    return records[0], f.get("problems", [])


def show(v):
    return json.dumps(v, ensure_ascii=False, sort_keys=True)


def compare(name, want, got):
    if got is None:
        return
    diffs = [f"  {k}: expected {show(want.get(k))}, got {show(got.get(k))}"
             for k in sorted(set(want) | set(got)) if want.get(k) != got.get(k)]
    check(not diffs, f"{name}: fields are exactly the expected ones" + ("\n" + "\n".join(diffs) if diffs else ""))


def no_problems(name, problems):
    bad = [p for p in problems if p["severity"] in ("error", "warning")]
    check(not bad, f"{name}: no error or warning" + "".join(f"\n  {show(p)}" for p in bad))


# --- the survey ----------------------------------------------------------------------------

# What is written for each field (a choice or yes/no by its printed label, checked against its
# drop-down), and what the parser must give. The header field 填报时间 is written beside its label.
SURVEY_INPUT = {
    "filled_month": "2024年3月",
    "controller_years": 15,
    "controller_education": "硕士研究生",
    "enterprise_name": "石家庄某某科技有限公司",
    "enterprise_nature": "民营企业",
    "years_established": 8,
    "registered_capital_wan": 500,
    "address": "河北省石家庄市高新区黄河大道136号",
    "premises_ownership": "租赁",
    "recognised_high_tech": "是",
    "management_changed_12m": "否",
    "credit_code": "91130100MA0D5X1G38",
    "enterprise_size": "小型",
    "contact_name": "张三",
    "contact_title": "财务总监",
    "contact_phone": "13812345678",
    "industry": "生物医药健康",
    "assets_wan": 3200.5,
    "liabilities_wan": 1200,
    "revenue_last_year_wan": 2800,
    "revenue_ytd_wan": 650,
    "sales_last_two_years": "2022年2500万元，2023年2800万元",
    "major_assets": "厂房一处、检测设备一套",
    "audited": "是",
    "defendant_cases_12m": 0,
    "penalties_12m": 1,
    "main_products": "工业视觉检测系统",
    "military_civil": "否",
    "cultural": "否",
    "patent_applications": 12,
    "patent_grants": 8,
    "valid_patents": 7,
    "trademarks": 3,
    "software_copyrights": 5,
    "ic_layouts": 0,
    "loan_amount_wan": 300,
    "loan_term": "6个月—1年",
    "banks": "中行、工行石家庄分行",
    "max_cost": "6%-7%",
    "purposes": ["扩大经营规模", "其他（请注明）"],
    "repayment_plan": "以经营收入按季度还款",
    "remarks": "无",
    "policy_suggestions": "建议扩大贴息范围，简化评估流程。",
}
PURPOSES_OTHER = "购置检测设备"  # written in the cell after 其他（请注明）

SURVEY_EXPECTED = {
    "filled_month": "2024-03",
    "controller_years": 15,
    "controller_education": "硕士研究生",
    "enterprise_name": "石家庄某某科技有限公司",
    "enterprise_nature": "private",
    "years_established": 8,
    "registered_capital_wan": 500,
    "address": "河北省石家庄市高新区黄河大道136号",
    "premises_ownership": "租赁",
    "recognised_high_tech": True,
    "management_changed_12m": False,
    "credit_code": "91130100MA0D5X1G38",
    "enterprise_size": "small",
    "contact_name": "张三",
    "contact_title": "财务总监",
    "contact_phone": "13812345678",
    "industry": "biomedicine",
    "assets_wan": 3200.5,
    "liabilities_wan": 1200,
    "revenue_last_year_wan": 2800,
    "revenue_ytd_wan": 650,
    "sales_last_two_years": "2022年2500万元，2023年2800万元",
    "major_assets": "厂房一处、检测设备一套",
    "audited": True,
    "defendant_cases_12m": 0,
    "penalties_12m": 1,
    "main_products": "工业视觉检测系统",
    "military_civil": False,
    "cultural": False,
    "patent_applications": 12,
    "patent_grants": 8,
    "valid_patents": 7,
    "trademarks": 3,
    "software_copyrights": 5,
    "ic_layouts": 0,
    "loan_amount_wan": 300,
    "loan_term": "6m_1y",
    "banks": ["中国银行", "中国工商银行"],
    # The branch with its bank's full name, as the parser's fixtures fix it (make_form_fixtures.py).
    "bank_branches": ["中国工商银行石家庄分行"],
    "max_cost": "6_7",
    "purposes": ["expand", "other"],
    "purposes_other": PURPOSES_OTHER,
    "repayment_plan": "以经营收入按季度还款",
    "remarks": "无",
    "policy_suggestions": "建议扩大贴息范围，简化评估流程。",
}


def check_blank_survey(ws, fields):
    dvs = validations(ws)
    for key, f in fields.items():
        label = find_text(ws, f["label"]) or find_text(ws, f["label"] + "：")
        if not check(label is not None, f"survey template: “{f['label']}” ({key}) is printed"):
            continue
        if key == "policy_suggestions":
            continue
        answer = right_of(ws, label)
        if f["kind"] in ("choice", "boolean"):
            values = list_values(dvs.get(answer.coordinate), ws.parent)
            check(values is not None and set(values) <= set(f["values"]) and
                  (f["kind"] != "boolean" or set(values) == {"是", "否"}),
                  f"survey template: {key} has a drop-down at {answer.coordinate} ({values})")
        elif f["kind"] == "multi":
            m = merge_of(ws, label)
            rows = range(label.row, (m.max_row if m else label.row) + 1)
            cells = [c for r in rows for c in ws[r][label.column:] if isinstance(c.value, str)]
            ok = len(cells) >= 2
            for c in cells:
                values = list_values(dvs.get(c.coordinate), ws.parent)
                ok &= (values is not None and len(values) == 2 and values[0] == c.value and
                       values[0].startswith("□") and values[1] == "■" + values[0][1:] and values[0][1:] in f["values"])
            check(ok, f"survey template: {key} has one drop-down □/■ cell per option "
                      f"({', '.join(c.value for c in cells)})")
        elif key in ("credit_code", "contact_phone"):
            check(answer.number_format == "@", f"survey template: {key} cell {answer.coordinate} is text (@)")


def fill_cell(ws, cell, value, dvs, what):
    values = list_values(dvs.get(cell.coordinate), ws.parent)
    if values is not None and isinstance(value, str):
        check(value in values, f"{what}: “{value}” is one of its drop-down's values")
    cell.value = value


def fill_survey_form(ws, fields):
    dvs = validations(ws)
    for key, value in SURVEY_INPUT.items():
        label = find_text(ws, fields[key]["label"] + "：") or find_text(ws, fields[key]["label"])
        if label is None:
            check(False, f"survey: no label for {key}")
            continue
        if key == "policy_suggestions":  # the cell under its title
            m = merge_of(ws, label)
            ws.cell(row=(m.max_row if m else label.row) + 1, column=label.column).value = value
        elif fields[key]["kind"] == "multi":
            m = merge_of(ws, label)
            rows = range(label.row, (m.max_row if m else label.row) + 1)
            cells = [c for r in rows for c in ws[r][label.column:]]
            for i, c in enumerate(cells):
                values = list_values(dvs.get(c.coordinate), ws.parent)
                if values and values[0][1:] in value:
                    c.value = values[1]  # ■option, from the drop-down
                    if values[0][1:] == "其他（请注明）":
                        cells[i + 1].value = PURPOSES_OTHER
        else:
            fill_cell(ws, right_of(ws, label), value, dvs, f"survey {key}")


# --- the ledger ----------------------------------------------------------------------------

LEDGER_ROWS = {
    "activities": [
        {"content": "政银企对接会", "departments": "市市场监管局、人民银行石家庄中心支行", "outcome": "12家企业获得授信"},
        {"content": "知识产权质押融资政策宣讲", "departments": "市市场监管局", "outcome": "培训企业80家"},
    ],
    "policies": [
        {"title": "知识产权质押融资风险补偿办法", "partners": "市财政局、市市场监管局",
         "doc_number": "石市监〔2024〕3号", "issued_on": datetime.datetime(2024, 2, 20), "summary": "设立风险补偿资金池"},
        {"title": "银企合作协议", "partners": "河北银行", "doc_number": "冀市监〔2023〕15号",
         "issued_on": "2024年3月5日", "summary": "三年内提供10亿元知识产权质押贷款"},
    ],
}
LEDGER_EXPECTED = {
    "unit": "石家庄市市场监督管理局",
    "year": 2024,
    "quarter": 1,
    "filed_on": "2024-04-08",
    "activities": [
        {"content": "政银企对接会", "departments": ["市市场监管局", "人民银行石家庄中心支行"], "outcome": "12家企业获得授信"},
        {"content": "知识产权质押融资政策宣讲", "departments": ["市市场监管局"], "outcome": "培训企业80家"},
    ],
    "policies": [
        {"title": "知识产权质押融资风险补偿办法", "partners": ["市财政局", "市市场监管局"],
         "doc_number": "石市监〔2024〕3号", "doc_issuer": "石市监", "doc_year": 2024, "doc_serial": 3,
         "issued_on": "2024-02-20", "summary": "设立风险补偿资金池"},
        {"title": "银企合作协议", "partners": ["河北银行"], "doc_number": "冀市监〔2023〕15号",
         "doc_issuer": "冀市监", "doc_year": 2023, "doc_serial": 15,
         "issued_on": "2024-03-05", "summary": "三年内提供10亿元知识产权质押贷款"},
    ],
}


def quarter_cell(ws):
    dvs = validations(ws)
    for coord, dv in dvs.items():
        values = list_values(dv, ws.parent)
        if values and "第1季度" in values:
            return ws[coord], values
    return None, None


def check_blank_ledger(ws, fields):
    cell, values = quarter_cell(ws)
    check(values == ["第1季度", "第2季度", "第3季度", "第4季度"], f"ledger template: quarter drop-down {values}")
    for key, f in fields.items():
        if key == "quarter":
            check(cell is not None and "季度" in str(cell.value),
                  f"ledger template: quarter cell reads {cell.value if cell is not None else None!r}")
        elif key == "year":  # not printed: it comes with the quarter or from 填报时间
            continue
        else:
            check(find_text(ws, f["label"]) is not None or find_text(ws, f["label"] + "：") is not None,
                  f"ledger template: “{f['label']}” ({key}) is printed")


def fill_ledger(ws, fields):
    dvs = validations(ws)
    for key, value in (("unit", "石家庄市市场监督管理局"), ("filed_on", datetime.datetime(2024, 4, 8))):
        label = find_text(ws, fields[key]["label"] + "：")
        if check(label is not None, f"ledger: “{fields[key]['label']}：” is printed"):
            fill_cell(ws, right_of(ws, label), value, dvs, f"ledger {key}")
    cell, values = quarter_cell(ws)
    if check(cell is not None, "ledger: the quarter has a drop-down"):
        cell.value = values[0]
    for table, rows in LEDGER_ROWS.items():
        for i, row in enumerate(rows):
            for key, value in row.items():
                head = find_text(ws, fields[key]["label"])
                if check(head is not None, f"ledger: column “{fields[key]['label']}” is printed") and i == 0:
                    pass
                if head is not None:
                    ws.cell(row=head.row + 1 + i, column=head.column).value = value


# --- LibreOffice ---------------------------------------------------------------------------

def soffice_convert(soffice, profile, src, outdir, target):
    outdir.mkdir(parents=True, exist_ok=True)
    r = run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", target,
             "--outdir", outdir, src])
    ext = target.split(":")[0]
    out = outdir / (src.stem + "." + ext)
    check(r.returncode == 0 and out.exists(), f"LibreOffice converts {src.name} to {ext}"
          + ("" if out.exists() else f": {r.stdout.strip()} {r.stderr.strip()}"))
    return out if out.exists() else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ipsurvey", required=True)
    ap.add_argument("--keep", help="write the files here and keep them")
    args = ap.parse_args()
    ipsurvey = Path(args.ipsurvey).resolve()
    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="ipsurvey-template-"))
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        run_checks(ipsurvey, tmp)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"{len(FAILURES)} failed" if FAILURES else "all passed")
    return 1 if FAILURES else 0


def run_checks(ipsurvey, tmp):
    survey_fields = schema_fields(ipsurvey, "survey")
    ledger_fields = schema_fields(ipsurvey, "ledger")
    check(set(SURVEY_INPUT) == set(survey_fields),
          "the test fills every survey field of the definition "
          f"(missing {sorted(set(survey_fields) - set(SURVEY_INPUT))}, unknown {sorted(set(SURVEY_INPUT) - set(survey_fields))})")

    # Usage errors.
    for bad in (["template"], ["template", "survey"], ["template", "nosuch", "-o", tmp / "x.xlsx"],
                ["template", "survey", "-o", tmp / "x.xlsx", "--bogus"]):
        r = run([ipsurvey] + bad)
        check(r.returncode == 2 and "用法" in r.stderr, f"`ipsurvey {' '.join(map(str, bad[:3]))}…` is a usage error (exit 2)")
    r = run([ipsurvey, "template", "survey", "-o", tmp / "no-such-dir" / "t.xlsx"])
    check(r.returncode == 1 and "无法" in r.stderr and not (tmp / "no-such-dir").exists(),
          f"an unwritable path exits 1 with a Chinese message ({r.stderr.strip()})")
    r = run([ipsurvey, "template", "--help"])
    check(r.returncode == 0 and "用法" in r.stdout, "template --help")

    blank = {}
    for form in ("survey", "ledger"):
        blank[form] = tmp / f"{form}_template.xlsx"
        r = run([ipsurvey, "template", form, "-o", blank[form]])
        check(r.returncode == 0 and blank[form].exists(), f"ipsurvey template {form} (exit {r.returncode}) {r.stderr.strip()}")
        if not blank[form].exists():
            return

    # The blanks.
    wb = openpyxl.load_workbook(blank["survey"])
    check(sum(ws.sheet_state == "visible" for ws in wb.worksheets) == 1, "survey template: one visible sheet")
    check_blank_survey(wb.worksheets[0], survey_fields)
    ws = wb.worksheets[0]
    check(ws.page_setup.paperSize in (9, "9") and ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (1, "1", None),
          "survey template: A4, fit to width")
    wb = openpyxl.load_workbook(blank["ledger"])
    check_blank_ledger(wb.worksheets[0], ledger_fields)
    record, problems = parse(ipsurvey, blank["survey"])
    if record is not None:
        check(record["fields"] == {}, f"blank survey parses to no answer: {show(record['fields'])}")
        check({p["code"] for p in problems} <= {"required.missing", "sheet.classified"},
              f"blank survey: only required.missing ({sorted({p['code'] for p in problems})})")
    record, problems = parse(ipsurvey, blank["ledger"])
    if record is not None:
        check(record["fields"] == {"activities": [], "policies": []},
              f"blank ledger parses to no answer: {show(record['fields'])}")

    # Filled in with openpyxl.
    filled = {"survey": tmp / "survey_filled.xlsx", "ledger": tmp / "ledger_filled.xlsx"}
    wb = openpyxl.load_workbook(blank["survey"])
    fill_survey_form(wb.worksheets[0], survey_fields)
    wb.save(filled["survey"])
    wb = openpyxl.load_workbook(blank["ledger"])
    fill_ledger(wb.worksheets[0], ledger_fields)
    wb.save(filled["ledger"])
    expected = {"survey": (SURVEY_EXPECTED, "石家庄市"), "ledger": (LEDGER_EXPECTED, "石家庄市")}
    for form, path in filled.items():
        record, problems = parse(ipsurvey, path)
        if record is not None:
            compare(f"openpyxl-filled {form}", expected[form][0], record["fields"])
            check(record["city"] == expected[form][1], f"openpyxl-filled {form}: city {record['city']}")
            no_problems(f"openpyxl-filled {form}", problems)

    # Through LibreOffice.
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("skip  LibreOffice (soffice) is not installed: the LibreOffice round trip was not checked")
        return
    profile = tmp / "lo-profile"
    for form in ("survey", "ledger"):
        csv_path = soffice_convert(soffice, profile, blank[form], tmp / "csv", "csv:Text - txt - csv (StarCalc):44,34,76")
        if csv_path:
            text = "\n".join(",".join(row) for row in csv.reader(csv_path.open(encoding="utf-8")))
            fields = survey_fields if form == "survey" else ledger_fields
            missing = [f["label"] for k, f in fields.items() if k != "year" and f["label"] not in text]
            check(not missing, f"{form} template opened by LibreOffice: its CSV holds every label (missing {missing})")
        converted = soffice_convert(soffice, profile, filled[form], tmp / "lo", "xlsx:Calc MS Excel 2007 XML")
        if converted:
            record, problems = parse(ipsurvey, converted)
            if record is not None:
                compare(f"LibreOffice-saved {form}", expected[form][0], record["fields"])
                no_problems(f"LibreOffice-saved {form}", problems)


if __name__ == "__main__":
    sys.exit(main())

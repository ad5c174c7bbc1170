#!/usr/bin/python3
"""Measure how fast `ipsurvey cells FILE --count` reads a large city summary workbook.

Run with Debian's system Python (python3-xlsxwriter; python3-openpyxl for --openpyxl), from the
repository root:

    /usr/bin/python3 tests/bench/bench_cells.py [--ipsurvey build/ipsurvey] [--rows 100000]
        [--cols 40] [--runs 5] [--openpyxl] [--workdir build/bench] [--inline-strings]

(or `bash tests/bench/run.sh`, which first builds an optimised ipsurvey into build/).

1. Once, cached in the work folder (default build/bench/), it writes a "city summary" workbook with
   xlsxwriter, its strings in a shared string table as Excel writes them (--inline-strings uses
   xlsxwriter's constant_memory mode, which writes them inline): a header row of Chinese field
   labels, then one row per enterprise with unique Chinese names and addresses, credit-code-like
   strings, repeated choice labels (民营企业, 高端装备制造, 3—6个月 …), amounts, integers, dates and
   phone numbers as text. The same seed gives the same file.
2. Then, interleaved, --runs times each:
   a. the baseline: inflating the same XML parts with
      `unzip -p FILE xl/worksheets/*.xml [xl/sharedStrings.xml] > /dev/null`;
   b. `ipsurvey cells FILE --count`;
   c. with --openpyxl, openpyxl's read-only mode iterating every cell once (a child process).
   For each it takes the wall time, the user+sys CPU time and the peak RSS of the child (from
   os.wait4's rusage).
3. It prints a markdown table of the medians, with the ratio ipsurvey/inflate for CPU and wall
   time and the peak RSS in MiB, and writes it to WORKDIR/bench_cells.md.

It always exits 0 (unless the arguments are wrong): it is a measurement, not a test. A failing
ipsurvey is reported in the table.
"""

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEED = 20220408
GENERATOR_VERSION = 1  # bump when the generated content changes, to invalidate cached files

# --------------------------------------------------------------------------------------------
# Realistic content
# --------------------------------------------------------------------------------------------

CITIES = [("石家庄市", "130100"), ("唐山市", "130200"), ("秦皇岛市", "130300"), ("邯郸市", "130400"),
          ("邢台市", "130500"), ("保定市", "130600"), ("张家口市", "130700"), ("承德市", "130800"),
          ("沧州市", "130900"), ("廊坊市", "131000"), ("衡水市", "131100"), ("郑州市", "410100"),
          ("开封市", "410200"), ("洛阳市", "410300"), ("许昌市", "411000"), ("济源市", "419001")]
DISTRICTS = ["高新区", "经开区", "长安区", "桥西区", "新华区", "裕华区", "路南区", "莲池区", "竞秀区",
             "运河区", "广阳区", "桃城区", "魏都区", "金水区", "二七区", "涧西区"]
ROADS = ["长江大道", "黄河大道", "中山路", "建设大街", "和平路", "友谊大街", "胜利大街", "裕华路",
         "槐安路", "学府路", "科技路", "工业路", "朝阳路", "人民路", "文化路", "东风路"]
NAME_WORDS = ["华", "泰", "恒", "信", "达", "瑞", "丰", "鑫", "盛", "通", "博", "创", "源", "科", "智",
              "远", "宏", "德", "安", "诚", "新", "隆", "昌", "正", "中", "冀", "豫", "凯", "汇", "弘"]
NAME_TRADES = ["科技", "机械", "电子", "新材料", "生物", "医药", "装备", "能源", "化工", "食品", "信息技术",
               "智能制造", "环保", "软件", "精密", "光电"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰海峰晓东雪梅文斌俊"
NATURE = ["民营企业"] * 14 + ["国有企业"] * 3 + ["中外合资企业", "其他"]
SIZE = ["小型"] * 6 + ["微型"] * 4 + ["中型"] * 2 + ["大型"]
INDUSTRY = ["高端装备制造", "信息智能", "生物医药健康", "新能源新材料", "钢铁", "石化", "食品", "其它"]
EDUCATION = ["本科", "硕士研究生", "大专", "博士研究生", "高中", "中专"]
PREMISES = ["自有", "租赁", "自有", "部分自有部分租赁"]
TITLES = ["总经理", "财务总监", "董事长", "财务经理", "办公室主任", "会计", "副总经理"]
TERMS = ["3—6个月", "6个月—1年", "1年-2年", "3个月以下"]
BANKS = ["中国银行", "河北银行", "中国工商银行", "中国建设银行", "中国农业银行", "交通银行",
         "中国邮政储蓄银行", "兴业银行", "招商银行", "邯郸银行", "中原银行", "中行", "工行"]
COSTS = ["5%-6%", "6%-7%", "基准利率", "7%-8%", "8%-9%", "9%-10%", "10%以上"]
PURPOSES = ["扩大经营规模", "补充周转资金", "归还到期贷款", "固定资产投资", "技改项目", "投资新项目",
            "创办新企业"]
PRODUCTS = ["工业机器人", "精密减速器", "数控机床", "医用敷料", "锂电池隔膜", "光伏支架", "特种钢材",
            "食品添加剂", "工业软件", "传感器", "环保涂料", "智能电表", "轴承", "汽车零部件", "中成药",
            "检测设备"]
CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def credit_code(rng, region):
    """An 18-character code shaped like a unified social credit code (valid check character)."""
    body = "91" + region + "".join(rng.choice(CODE_CHARS) for _ in range(9))
    weights = [pow(3, i, 31) for i in range(17)]
    total = sum(CODE_CHARS.index(ch) * w for ch, w in zip(body, weights))
    return body + CODE_CHARS[(31 - total % 31) % 31]


def phone(rng):
    if rng.random() < 0.8:
        return "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))
    return "0311-" + "".join(rng.choice("0123456789") for _ in range(8))


def person(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def amount(rng, low, high):
    return round(rng.uniform(low, high), 2)


# Each column: (header, kind, make(rng, row_number, state) -> value or None). kind is
# "string", "number" or "date"; None leaves the cell empty.
def _columns():
    return [
        ("序号", "number", lambda r, i, s: i),
        ("企业名称", "string", lambda r, i, s: s["name"]),
        ("统一社会信用代码", "string", lambda r, i, s: s["code"]),
        ("所在城市", "string", lambda r, i, s: s["city"]),
        ("所在地址", "string", lambda r, i, s: s["address"]),
        ("企业性质", "string", lambda r, i, s: r.choice(NATURE)),
        ("企业规模", "string", lambda r, i, s: r.choice(SIZE)),
        ("所属行业", "string", lambda r, i, s: r.choice(INDUSTRY)),
        ("成立日期", "date", lambda r, i, s: dt.date(1990, 1, 1) + dt.timedelta(days=r.randrange(11500))),
        ("注册资本（万元）", "number", lambda r, i, s: r.choice((50, 100, 200, 500, 1000, 3000, 5000))),
        ("实际控制人从业年限（年）", "number", lambda r, i, s: r.randint(1, 35)),
        ("实际控制人受教育程度", "string", lambda r, i, s: r.choice(EDUCATION)),
        ("主要经营场所权属", "string", lambda r, i, s: r.choice(PREMISES)),
        ("是否纳入省级及以上高新技术、专精特新等企业", "string", lambda r, i, s: r.choice("是否否")),
        ("近12个月关键管理人员是否发生变动", "string", lambda r, i, s: r.choice("否否否否是")),
        ("联系人", "string", lambda r, i, s: person(r)),
        ("职务", "string", lambda r, i, s: r.choice(TITLES)),
        ("电话/手机", "string", lambda r, i, s: phone(r)),
        ("上年度末资产金额（万元）", "number", lambda r, i, s: amount(r, 100, 50000)),
        ("上年度末负债金额（万元）", "number", lambda r, i, s: amount(r, 0, 20000)),
        ("上年度营业收入（万元）", "number", lambda r, i, s: amount(r, 50, 80000)),
        ("当年累计营业收入（万元）", "number", lambda r, i, s: amount(r, 10, 40000)),
        ("财务报表是否经过审计", "string", lambda r, i, s: r.choice("是是否")),
        ("近12个月企业作为被告的案件数量（次）", "number", lambda r, i, s: r.choice((0, 0, 0, 0, 1, 2))),
        ("近12个月企业被工商/税务/海关行政处罚次数", "number", lambda r, i, s: r.choice((0, 0, 0, 0, 0, 1))),
        ("主要产品/服务名称", "string", lambda r, i, s: "、".join(r.sample(PRODUCTS, r.randint(1, 3)))),
        ("军民融合企业", "string", lambda r, i, s: r.choice("否否否否是")),
        ("文化企业", "string", lambda r, i, s: r.choice("否否否否否是")),
        ("专利申请量", "number", lambda r, i, s: r.randint(0, 120)),
        ("专利授权量", "number", lambda r, i, s: r.randint(0, 80)),
        ("有效专利量", "number", lambda r, i, s: r.randint(0, 80)),
        ("商标拥有数量", "number", lambda r, i, s: r.randint(0, 20)),
        ("软件著作权数量", "number", lambda r, i, s: r.randint(0, 40)),
        ("集成电路布图设计数量", "number", lambda r, i, s: r.choice((0, 0, 0, 0, 0, 0, 1, 2))),
        ("拟融资额（万元）", "number", lambda r, i, s: r.choice((100, 200, 300, 500, 800, 1000, 2000, 3000))),
        ("期望贷款期限", "string", lambda r, i, s: r.choice(TERMS)),
        ("拟合作银行（可填写多个）", "string",
         lambda r, i, s: None if r.random() < 0.1 else "、".join(r.sample(BANKS, r.randint(1, 3)))),
        ("能够接受的最高融资成本", "string", lambda r, i, s: r.choice(COSTS)),
        ("融资目的（可多选）", "string", lambda r, i, s: "、".join(r.sample(PURPOSES, r.randint(1, 3)))),
        ("填报日期", "date", lambda r, i, s: dt.date(2022, 4, 1) + dt.timedelta(days=r.randrange(30))),
    ]


def generate(path, rows, cols, shared_strings):
    """Writes the workbook to path (atomically) and returns its metadata."""
    import xlsxwriter

    rng = random.Random(SEED)
    columns = _columns()
    tmp = path.with_name(path.name + ".part")
    options = {"constant_memory": not shared_strings, "strings_to_numbers": False,
               "strings_to_formulas": False, "strings_to_urls": False}
    wb = xlsxwriter.Workbook(str(tmp), options)
    wb.set_properties({"title": "企业知识产权质押融资需求汇总表", "created": dt.datetime(2022, 4, 8)})
    ws = wb.add_worksheet("汇总表")
    header_fmt = wb.add_format({"bold": True, "text_wrap": True, "align": "center", "valign": "vcenter",
                                "border": 1})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    amount_fmt = wb.add_format({"num_format": "#,##0.00"})
    non_empty = 0
    for c in range(cols):
        header, _, _ = columns[c % len(columns)]
        label = header if c < len(columns) else f"{header}{c // len(columns) + 1}"
        ws.write_string(0, c, label, header_fmt)
        non_empty += 1
    used_names = set()
    started = time.monotonic()
    for i in range(1, rows + 1):
        city, region = rng.choice(CITIES)
        while True:
            name = (city[:-1] + "".join(rng.sample(NAME_WORDS, 2)) + rng.choice(NAME_TRADES)
                    + rng.choice(("有限公司", "股份有限公司", "有限责任公司")))
            if name not in used_names:
                break
            name = name.replace("有限", f"{rng.choice(NAME_WORDS)}有限", 1)
            if name not in used_names:
                break
        used_names.add(name)
        state = {
            "name": name, "city": city, "code": credit_code(rng, region),
            "address": (f"河北省{city}{rng.choice(DISTRICTS)}{rng.choice(ROADS)}{rng.randint(1, 999)}号"
                        f"{rng.choice(('', '', 'A座', 'B座', '科技园'))}{i % 97 + 1}室"),
        }
        for c in range(cols):
            _, kind, make = columns[c % len(columns)]
            value = make(rng, i, state)
            if value is None:
                continue
            if kind == "string":
                ws.write_string(i, c, value)
            elif kind == "date":
                ws.write_datetime(i, c, dt.datetime.combine(value, dt.time()), date_fmt)
            elif isinstance(value, float):
                ws.write_number(i, c, value, amount_fmt)
            else:
                ws.write_number(i, c, value)
            non_empty += 1
        if i % 20000 == 0:
            print(f"  generated {i} rows ({time.monotonic() - started:.0f} s)", file=sys.stderr)
    ws.freeze_panes(1, 2)
    wb.close()
    os.replace(tmp, path)
    return {"rows": rows, "cols": cols, "sheet": "汇总表", "non_empty_cells": non_empty,
            "shared_strings": shared_strings, "generator_version": GENERATOR_VERSION,
            "bytes": path.stat().st_size}


def workbook_for(workdir, rows, cols, shared_strings):
    """The cached workbook and its metadata; generated when missing or stale."""
    suffix = "sst" if shared_strings else "inline"
    path = workdir / f"city_summary_{rows}x{cols}_{suffix}.xlsx"
    meta_path = path.with_suffix(".json")
    if path.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("generator_version") == GENERATOR_VERSION and meta.get("bytes") == path.stat().st_size:
            return path, meta
    print(f"bench: generating {path} ({rows} rows x {cols} columns) ...", file=sys.stderr)
    started = time.monotonic()
    meta = generate(path, rows, cols, shared_strings)
    meta["generation_seconds"] = round(time.monotonic() - started, 1)
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1))
    return path, meta


# --------------------------------------------------------------------------------------------
# Measuring a child process
# --------------------------------------------------------------------------------------------

class Measurement:
    def __init__(self, wall, cpu, maxrss_kib, status, output):
        self.wall = wall
        self.cpu = cpu
        self.rss_mib = maxrss_kib / 1024.0
        self.status = status  # exit code, or -signal
        self.output = output


def _become_subreaper():
    """prctl(PR_SET_CHILD_SUBREAPER): orphaned grandchildren are re-parented to us, so that we
    can wait4() them. Returns False where that is not available."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


SUBREAPER = False  # set in main()


def measure(cmd, stdout_to_devnull=False):
    """Runs cmd once; wall time, user+sys CPU and peak RSS from os.wait4.

    Linux counts in a process's peak RSS the memory of the process it was exec'ed over. A child
    started straight from this Python process would thus report Python's ~20 MiB at least. So,
    where possible, the command is started by a small shell in the background; the shell exits,
    the command is re-parented to us (we are a subreaper) and we wait4() it: its peak RSS then
    only includes the shell's ~1 MiB."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        stdout = subprocess.DEVNULL if stdout_to_devnull else out
        start = time.perf_counter()
        if SUBREAPER:
            pidfile = os.path.join(tmp, "pid")
            shell = subprocess.Popen(["/bin/sh", "-c", '"$@" & echo $! > "$0"', pidfile] + cmd,
                                     stdin=subprocess.DEVNULL, stdout=stdout, stderr=err)
            shell.wait()
            with open(pidfile) as f:
                pid = int(f.read().strip())
            _, status, usage = os.wait4(pid, 0)
        else:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=stdout, stderr=err)
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped: tell Popen
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        output = out.read().decode("utf-8", "replace")
        if code != 0:
            output += err.read().decode("utf-8", "replace")[-500:]
    return Measurement(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, code, output)


def openpyxl_child(path):
    """Child mode: openpyxl read-only, every cell once; prints the number of non-empty cells."""
    import openpyxl
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    counts = []
    for ws in wb.worksheets:
        n = 0
        for row in ws.iter_rows(values_only=True):
            for v in row:
                if v is not None and v != "":
                    n += 1
        counts.append(f"{ws.title}\t{n}")
    wb.close()
    print("\n".join(counts))


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------

def median(values):
    return statistics.median(values) if values else float("nan")


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def fmt(x, digits=2):
    return "—" if x is None or x != x else f"{x:.{digits}f}"


def report(path, meta, results, runs, ipsurvey, count_check):
    names = [n for n in ("inflate", "ipsurvey", "openpyxl") if n in results]
    ok = {n: [m for m in results[n] if m.status == 0] for n in names}
    med = {n: {"wall": median([m.wall for m in ok[n]]), "cpu": median([m.cpu for m in ok[n]]),
               "rss": median([m.rss_mib for m in ok[n]])} for n in names}
    titles = {"inflate": "inflate (unzip -p)", "ipsurvey": "ipsurvey cells --count",
              "openpyxl": "openpyxl read-only"}

    def ratio(key, name):
        if name not in med or "inflate" not in med:
            return None
        base = med["inflate"][key]
        return med[name][key] / base if base and base == base else None

    lines = [
        "# bench_cells",
        "",
        f"- file: `{path.name}`, {meta['bytes'] / 2**20:.1f} MiB, {meta['rows']} rows × {meta['cols']} "
        f"columns, {meta['non_empty_cells']} non-empty cells, "
        f"{'shared strings' if meta['shared_strings'] else 'inline strings (constant_memory)'}",
        f"- runs: {runs} each, interleaved; medians of the successful runs",
        f"- machine: {cpu_model()}, {os.cpu_count()} CPUs; {dt.date.today().isoformat()}",
        f"- ipsurvey: `{ipsurvey}`",
        "- peak RSS: " + ("of the measured process alone (started from a small shell)" if SUBREAPER
                          else "includes this Python process's RSS at the time of the start"),
        "",
        "| | " + " | ".join(titles[n] for n in names) + " |",
        "|---|" + "---:|" * len(names),
        "| wall time (s) | " + " | ".join(fmt(med[n]["wall"]) for n in names) + " |",
        "| CPU user+sys (s) | " + " | ".join(fmt(med[n]["cpu"]) for n in names) + " |",
        "| peak RSS (MiB) | " + " | ".join(fmt(med[n]["rss"], 1) for n in names) + " |",
        "| CPU / inflate | " + " | ".join(fmt(ratio("cpu", n)) for n in names) + " |",
        "| wall / inflate | " + " | ".join(fmt(ratio("wall", n)) for n in names) + " |",
        "| failed runs | " + " | ".join(str(len(results[n]) - len(ok[n])) for n in names) + " |",
    ]
    if count_check:
        lines += ["", count_check]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description="Benchmark ipsurvey cells --count on a large workbook.")
    ap.add_argument("--ipsurvey", default=str(REPO / "build" / "ipsurvey"))
    ap.add_argument("--rows", type=int, default=100000)
    ap.add_argument("--cols", type=int, default=40)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--openpyxl", action="store_true", help="also time openpyxl's read-only mode")
    ap.add_argument("--workdir", default=str(REPO / "build" / "bench"))
    ap.add_argument("--inline-strings", action="store_true",
                    help="write strings inline (xlsxwriter constant_memory) instead of a shared string table")
    ap.add_argument("--openpyxl-child", metavar="FILE", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.openpyxl_child:
        openpyxl_child(args.openpyxl_child)
        return 0
    if args.rows < 1 or args.cols < 1 or args.runs < 1:
        ap.error("--rows, --cols and --runs must be positive")

    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    path, meta = workbook_for(workdir, args.rows, args.cols, not args.inline_strings)

    with zipfile.ZipFile(path) as z:
        members = [n for n in z.namelist()
                   if n.startswith("xl/worksheets/") and n.endswith(".xml") and n.count("/") == 2]
        members += [n for n in z.namelist() if n == "xl/sharedStrings.xml"]
    inflate_cmd = ["unzip", "-p", str(path)] + members
    ipsurvey = Path(args.ipsurvey)
    have_ipsurvey = ipsurvey.is_file() and os.access(ipsurvey, os.X_OK)
    commands = {"inflate": (inflate_cmd, True)}
    if have_ipsurvey:
        commands["ipsurvey"] = ([str(ipsurvey), "cells", str(path), "--count"], False)
    else:
        print(f"bench: {ipsurvey} is not an executable; measuring the baseline only", file=sys.stderr)
    if args.openpyxl:
        commands["openpyxl"] = ([sys.executable, os.path.abspath(__file__), "--openpyxl-child",
                                 str(path)], False)

    global SUBREAPER
    SUBREAPER = _become_subreaper()
    measure(inflate_cmd, True)  # warm the page cache
    results = {name: [] for name in commands}
    for run in range(args.runs):
        for name, (cmd, quiet) in commands.items():
            m = measure(cmd, quiet)
            results[name].append(m)
            state = "ok" if m.status == 0 else f"exit {m.status}"
            print(f"bench: run {run + 1}/{args.runs} {name:<8} wall {m.wall:7.2f} s  "
                  f"cpu {m.cpu:7.2f} s  rss {m.rss_mib:8.1f} MiB  {state}", file=sys.stderr)

    count_check = ""
    if have_ipsurvey:
        outputs = [m.output for m in results["ipsurvey"] if m.status == 0]
        expected_line = f"{meta['sheet']}\t{meta['non_empty_cells']}"
        if not outputs:
            first = results["ipsurvey"][0]
            count_check = (f"ipsurvey failed (exit {first.status}): "
                           f"`{first.output.strip()[-200:]}`")
        elif outputs[0].strip() == expected_line:
            count_check = f"ipsurvey's count matches: `{expected_line.replace(chr(9), ' → ')}`."
        else:
            count_check = (f"ipsurvey's count differs: expected `{expected_line.replace(chr(9), ' → ')}`, "
                           f"got `{outputs[0].strip()[:200].replace(chr(9), ' → ')}`.")
    else:
        count_check = f"ipsurvey not measured: `{ipsurvey}` does not exist."

    table = report(path, meta, results, args.runs, ipsurvey, count_check)
    print(table)
    (workdir / "bench_cells.md").write_text(table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

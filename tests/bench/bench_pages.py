#!/usr/bin/python3
"""Measure the web application's HTML pages on a large database (`ipsurvey serve`).

    /usr/bin/python3 tests/bench/bench_pages.py [--ipsurvey build-bench/ipsurvey]
        [--filler build-bench/bench_fill_db] [--enterprises 1000000] [--seed 2022] [--runs 15]
        [--db PATH] [--workdir build/bench] [--no-approve]

(or `bash tests/bench/run.sh --pages`, which builds ipsurvey and bench_fill_db with the tests in
build-bench/).

1. The database: with --db PATH naming an existing file, that file is used as it is (no fill: a
   filled database can be reused to save minutes). Otherwise a fresh one (--db PATH, or
   WORKDIR/pages_<N>_seed<S>.db, replaced if present) is filled by tests/bench/fill_db.cpp with N
   synthetic enterprises of the 11 Hebei cities, round 2022, every survey field, through the real
   import path, 100,000 per upload, all `pending`; the fill time is printed (minutes at 1M).
2. The city with the most latest records (CITY) and the bank named most often (BANK, from
   record_banks) are looked up in SQL. Unless --no-approve, every pending record of CITY is
   approved with `ipsurvey review --pending --city CITY --state approved` (skipped when CITY
   already has approved records): a bank's list holds only approved enterprises, so without it
   /bank, /exports and the CSV download would time empty lists. This also fills the audit log
   with one row per review, as the province's work would.
3. Three accounts through `ipsurvey user add NAME --role … --db DB` (password on stdin; `user
   passwd` when the account exists already): bench_pages_province, bench_pages_city (CITY),
   bench_pages_bank (BANK).
4. `ipsurvey serve --port 0 --db DB`; its stderr is read for "listening on http://127.0.0.1:PORT/"
   and then for the access log (`access … status= bytes= ms=`: the server's own time of each
   request). Each account signs in through the login form (GET /login: the csrf hidden field and
   the ipsurvey_session cookie; POST /login: 303 and a new cookie) and keeps one keep-alive
   connection (http.client; reconnected when the server closes it).
5. Each page, in turn: one untimed warm-up request, then --runs timed requests one after
   another (wall time from sending the request to the last byte of the body read). Reported:
   median and p90 (nearest rank) in ms, the server's median (access log, whole ms), the body's
   bytes, and what the page showed (rows, totals). Pages:
     province: /dashboard, /records, /records?page=200, /records?city=CITY,
               /records?city=CITY&bank=BANK, /records?sort=amount_desc&city=CITY,
               /records/ID (the latest record of CITY), /exports, /audit, /uploads;
     city:     /records, /uploads;
     bank:     /bank, /exports/download?format=csv&bank=BANK&city=CITY (each download is written
               to the audit log, as in real use).
   Baselines, the same way: GET /static/app.css (the server's floor: routing, no database) and
   the command line `ipsurvey roster --city CITY --limit 50 --db DB --format json` (wall time,
   process start and opening the database included); each page's median is also shown as a
   ratio to that command's.
6. The server is stopped (SIGTERM, then SIGKILL after 15 s).

Prints a markdown table and writes it to WORKDIR/bench_pages.md. Exits 1 when a page answered
other than 200 (or the connection failed), 0 otherwise: slowness is reported, not failed.
"""

import argparse
import http.client
import math
import os
import pathlib
import re
import secrets
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import bench_cells  # noqa: E402  (measure, median, fmt, cpu_model, the subreaper set-up)
from bench_import import remove_db  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[2]
SLOW_S = 1.0
ACCOUNTS = {"province": "bench_pages_province", "city": "bench_pages_city", "bank": "bench_pages_bank"}
LISTENING = re.compile(r"listening on http://([0-9.]+):(\d+)/")
ACCESS = re.compile(r" access method=(\S+) path=(\S*) status=(\d+) bytes=(\d+) ms=(\d+)")


def log(msg):
    print("bench_pages: " + msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# The database
# --------------------------------------------------------------------------------------------

def fill(filler, path, n, seed):
    """Fills a fresh database at path with n enterprises; the seconds it took."""
    if not os.access(filler, os.X_OK):
        sys.exit("bench_pages: no filler at %s (build the target bench_fill_db, with the tests)" % filler)
    remove_db(path)
    log("filling %s with %d enterprises (seed %d) — at 1M this takes minutes ..." % (path, n, seed))
    started = time.monotonic()
    subprocess.run([str(filler), str(path), str(n), str(seed)], check=True)  # progress on stderr
    seconds = time.monotonic() - started
    con = sqlite3.connect(str(path))
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    log("filled in %.1f s (%.1f MiB)" % (seconds, path.stat().st_size / 2 ** 20))
    return seconds


def pick_subjects(path):
    """(round, city with the most latest records, bank named most often, counts)."""
    con = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        round_ = con.execute("SELECT max(round) FROM enterprises").fetchone()[0]
        if round_ is None:
            sys.exit("bench_pages: %s holds no enterprises" % path)
        city, city_records = con.execute(
            "SELECT city, count(*) FROM records INDEXED BY records_summary WHERE latest = 1 AND round = ? "
            "GROUP BY city ORDER BY count(*) DESC, city LIMIT 1", (round_,)).fetchone()
        bank, bank_rows = con.execute(
            "SELECT bank, count(*) FROM record_banks GROUP BY bank ORDER BY count(*) DESC, bank LIMIT 1").fetchone()
        records = con.execute("SELECT count(*) FROM records").fetchone()[0]
        enterprises = con.execute("SELECT count(*) FROM enterprises").fetchone()[0]
        with_need = con.execute("SELECT count(*) FROM records INDEXED BY records_roster WHERE latest = 1 "
                                "AND has_need = 1 AND round = ?", (round_,)).fetchone()[0]
        return round_, city, bank, {"records": records, "enterprises": enterprises, "with_need": with_need,
                                    "city_records": city_records, "bank_rows": bank_rows}
    finally:
        con.close()


def approved_in(path, round_, city):
    con = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        return con.execute("SELECT count(*) FROM records INDEXED BY records_summary WHERE latest = 1 AND round = ? "
                           "AND city = ? AND review = 'approved'", (round_, city)).fetchone()[0]
    finally:
        con.close()


def latest_record_of(path, round_, city):
    con = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        row = con.execute("SELECT id FROM records WHERE latest = 1 AND has_need = 1 AND round = ? AND city = ? "
                          "ORDER BY id DESC LIMIT 1", (round_, city)).fetchone()
        return row[0] if row else None
    finally:
        con.close()


def run_cli(ipsurvey, args, stdin=None):
    p = subprocess.run([ipsurvey] + args, input=stdin, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit("bench_pages: `ipsurvey %s` exited %d: %s" % (" ".join(args), p.returncode,
                                                                (p.stderr or p.stdout).strip()[-400:]))
    return p.stdout


def set_up_accounts(ipsurvey, db, city, bank):
    """The three accounts (added, or given a new password when they exist): {role: (name, password)}."""
    existing = set()
    for line in run_cli(ipsurvey, ["user", "list", "--db", str(db)]).splitlines():
        if line.strip():
            existing.add(line.split("\t")[0])
    out = {}
    for role, name in ACCOUNTS.items():
        password = secrets.token_urlsafe(18)
        if name in existing:
            run_cli(ipsurvey, ["user", "passwd", name, "--db", str(db)], stdin=password + "\n")
        else:
            extra = {"city": ["--city", city], "bank": ["--bank", bank]}.get(role, [])
            run_cli(ipsurvey, ["user", "add", name, "--role", role] + extra + ["--db", str(db)],
                    stdin=password + "\n")
        out[role] = (name, password)
    return out


# --------------------------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------------------------

class Server:
    """`ipsurvey serve --port 0`; a thread reads its stderr: the port, then the access log."""

    def __init__(self, ipsurvey, db):
        self.proc = subprocess.Popen([ipsurvey, "serve", "--port", "0", "--db", str(db)],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.port = None
        self.access = []        # (method, path, status, bytes, ms), in the order logged
        self.tail = []          # the last lines, for error messages
        self.cond = threading.Condition()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()
        with self.cond:
            self.cond.wait_for(lambda: self.port is not None or self.proc.poll() is not None, timeout=30)
        if self.port is None:
            self.stop()
            sys.exit("bench_pages: the server did not start: %s" % "".join(self.tail)[-500:])

    def _read(self):
        for raw in self.proc.stderr:
            line = raw.decode("utf-8", "replace")
            with self.cond:
                self.tail = (self.tail + [line])[-20:]
                m = LISTENING.search(line)
                if m and self.port is None:
                    self.port = int(m.group(2))
                m = ACCESS.search(line)
                if m:
                    self.access.append((m.group(1), m.group(2), int(m.group(3)), int(m.group(4)), int(m.group(5))))
                self.cond.notify_all()
        with self.cond:
            self.cond.notify_all()

    def access_count(self):
        with self.cond:
            return len(self.access)

    def access_after(self, count, timeout=5.0):
        """The first access line logged after `count` lines, or None (logged after the answer)."""
        with self.cond:
            self.cond.wait_for(lambda: len(self.access) > count or self.proc.poll() is not None, timeout=timeout)
            return self.access[count] if len(self.access) > count else None

    def peak_rss_mib(self):
        try:
            for line in pathlib.Path("/proc/%d/status" % self.proc.pid).read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
        except (OSError, ValueError):
            pass
        return float("nan")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.thread.join(timeout=5)


class Client:
    """One account's browser: its session cookie and one keep-alive connection."""

    def __init__(self, port, timeout=600):
        self.port, self.timeout = port, timeout
        self.cookie = ""
        self.conn = None

    def _connection(self):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        return self.conn

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method, path, body=None, headers=None):
        """(status, headers, body bytes). A connection the server closed while idle is opened again
        and the request sent once more (only when nothing of an answer arrived)."""
        h = {"Cookie": self.cookie} if self.cookie else {}
        h.update(headers or {})
        for attempt in (0, 1):
            reused = self.conn is not None
            conn = self._connection()
            try:
                conn.request(method, path, body=body, headers=h)
                resp = conn.getresponse()
                data = resp.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError,
                    http.client.CannotSendRequest):
                self.close()
                if attempt == 0 and reused:
                    continue
                raise
            if resp.will_close:
                self.close()
            return resp.status, resp, data
        raise AssertionError("unreachable")

    def sign_in(self, name, password):
        status, resp, body = self.request("GET", "/login")
        if status != 200:
            raise RuntimeError("GET /login: %d" % status)
        self.cookie = cookie_of(resp)
        token = re.search(rb'name="csrf" value="([^"]+)"', body)
        if not self.cookie or not token:
            raise RuntimeError("GET /login: no session cookie or no csrf field")
        form = urllib.parse.urlencode({"name": name, "password": password, "csrf": token.group(1).decode()})
        status, resp, body = self.request("POST", "/login", form.encode(),
                                          {"Content-Type": "application/x-www-form-urlencoded"})
        new = cookie_of(resp)
        if status != 303 or not new or new == self.cookie:
            raise RuntimeError("POST /login as %s: %d (expected 303 and a new session cookie)" % (name, status))
        self.cookie = new
        return resp.getheader("Location", "")


def cookie_of(resp):
    for k, v in resp.getheaders():
        if k.lower() == "set-cookie" and v.startswith("ipsurvey_session="):
            return v.split(";")[0]
    return ""


# --------------------------------------------------------------------------------------------
# What a page showed
# --------------------------------------------------------------------------------------------

def describe_page(kind, body):
    text = body.decode("utf-8", "replace")
    if kind == "csv":
        lines = [l for l in text.split("\n") if l.strip()]
        return "%d rows (+ header)" % max(0, len(lines) - 1)
    if kind == "css":
        return "ok"
    notes = []
    rows = text.count('data-record="')
    if kind == "records":
        total = re.search(r"共 ([0-9]+) 条", text)
        notes.append("%d rows of %s" % (rows, total.group(1) if total else "?"))
    elif kind == "bank":
        total = re.search(r'id="bank-total">([0-9]+)<', text)
        notes.append("%d rows of %s" % (text.count('data-code="'), total.group(1) if total else "?"))
    elif kind == "exports":
        notes.append("%d bank × city rows" % text.count("format=csv"))
    elif kind == "audit":
        notes.append("%d entries" % text.count('data-action="'))
    elif kind == "uploads":
        notes.append("%d uploads" % len(re.findall(r'href="/uploads/[0-9]+"', text)))
    elif kind == "record":
        notes.append("%d fields" % text.count('data-key="'))
    elif kind == "dashboard":
        notes.append("%d cities" % text.split('id="ledger"')[0].count('<tr data-city="'))
    return "; ".join(notes) or "ok"


class Page:
    def __init__(self, role, path, kind):
        self.role, self.path, self.kind = role, path, kind
        self.times, self.server_ms = [], []
        self.bytes, self.status, self.check = 0, None, ""
        self.errors = []


def p90(values):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[max(0, math.ceil(0.9 * len(s)) - 1)]


def time_page(server, client, page, runs):
    for i in range(runs + 1):  # the first is the warm-up
        before = server.access_count()
        started = time.perf_counter()
        try:
            status, resp, body = client.request("GET", page.path)
        except (OSError, http.client.HTTPException) as e:
            page.errors.append("%s: %s" % (type(e).__name__, e))
            page.status = page.status or 0
            client.close()
            continue
        seconds = time.perf_counter() - started
        line = server.access_after(before)
        if status != 200:
            page.errors.append("HTTP %d: %s" % (status, body[:200].decode("utf-8", "replace")))
        page.status = status if page.status in (None, 200) else page.status
        if i == 0:
            page.bytes = len(body)
            page.check = describe_page(page.kind, body) if status == 200 else "**HTTP %d**" % status
            continue
        page.times.append(seconds)
        if line is not None and line[1] == urllib.parse.urlsplit(page.path).path:
            page.server_ms.append(line[4])


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------

def ms(x):
    return bench_cells.fmt(x * 1000, 1) if x == x else "—"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ipsurvey", default=str(REPO / "build-bench" / "ipsurvey"))
    ap.add_argument("--filler", default=None, help="bench_fill_db (default: next to --ipsurvey)")
    ap.add_argument("--enterprises", type=int, default=1000000, help="enterprises to fill a fresh database with")
    ap.add_argument("--seed", type=int, default=2022, help="the filler's seed")
    ap.add_argument("--runs", type=int, default=15, help="timed requests of each page, after one warm-up")
    ap.add_argument("--db", default=None,
                    help="the database: used as it is when it exists (no fill), else filled there "
                         "(default: a fresh WORKDIR/pages_<N>_seed<S>.db)")
    ap.add_argument("--workdir", default=str(REPO / "build" / "bench"))
    ap.add_argument("--no-approve", action="store_true",
                    help="do not approve the pending records of the city (the bank lists stay empty)")
    args = ap.parse_args()
    if args.runs < 1 or args.enterprises < 1:
        ap.error("--runs and --enterprises must be positive")
    ipsurvey = str(pathlib.Path(args.ipsurvey).resolve())
    if not os.access(ipsurvey, os.X_OK):
        sys.exit("bench_pages: no ipsurvey at %s" % ipsurvey)
    filler = args.filler or str(pathlib.Path(ipsurvey).parent / "bench_fill_db")
    bench_cells.SUBREAPER = bench_cells._become_subreaper()
    workdir = pathlib.Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    load_start = os.getloadavg()

    # 1. The database.
    fill_seconds = None
    if args.db and pathlib.Path(args.db).exists():
        db = pathlib.Path(args.db)
        log("reusing %s (no fill)" % db)
    else:
        db = pathlib.Path(args.db) if args.db else workdir / ("pages_%d_seed%d.db" % (args.enterprises, args.seed))
        fill_seconds = fill(filler, db, args.enterprises, args.seed)
    round_, city, bank, counts = pick_subjects(db)
    log("round %s; city %s (%d records); bank %s (named %d times)" % (
        round_, city, counts["city_records"], bank, counts["bank_rows"]))

    # 2. Approvals, so that the bank lists are not empty.
    approve_note = "none (--no-approve)"
    if not args.no_approve:
        already = approved_in(db, round_, city)
        if already:
            approve_note = "none: %s already had %d approved records" % (city, already)
        else:
            log("approving every pending record of %s (`ipsurvey review --pending`) ..." % city)
            started = time.monotonic()
            said = run_cli(ipsurvey, ["review", "--pending", "--city", city, "--round", round_, "--state", "approved",
                                      "--as", "bench_pages", "--db", str(db)]).strip()
            approve_note = "`review --pending --city %s --state approved`: %s in %.1f s" % (
                city, said, time.monotonic() - started)
            log(approve_note)
    record_id = latest_record_of(db, round_, city)

    # 3. Accounts.
    accounts = set_up_accounts(ipsurvey, db, city, bank)

    q = urllib.parse.quote
    pages = [
        Page("-", "/static/app.css", "css"),
        Page("province", "/dashboard", "dashboard"),
        Page("province", "/records", "records"),
        Page("province", "/records?page=200", "records"),
        Page("province", "/records?city=%s" % q(city), "records"),
        Page("province", "/records?city=%s&bank=%s" % (q(city), q(bank)), "records"),
        Page("province", "/records?sort=amount_desc&city=%s" % q(city), "records"),
        Page("province", "/records/%d" % record_id, "record"),
        Page("province", "/exports", "exports"),
        Page("province", "/audit", "audit"),
        Page("province", "/uploads", "uploads"),
        Page("city", "/records", "records"),
        Page("city", "/uploads", "uploads"),
        Page("bank", "/bank", "bank"),
        Page("bank", "/exports/download?format=csv&bank=%s&city=%s" % (q(bank), q(city)), "csv"),
    ]

    # 4. The server, the sign-ins, the pages.
    server = Server(ipsurvey, db)
    log("serving on port %d (pid %d)" % (server.port, server.proc.pid))
    clients = {}
    failed = []
    try:
        for role, (name, password) in accounts.items():
            clients[role] = Client(server.port)
            home = clients[role].sign_in(name, password)
            log("signed in as %s (%s), sent to %s" % (name, role, home))
        clients["-"] = clients["province"]
        for page in pages:
            log("%s %s: 1 warm-up + %d timed ..." % (page.role, urllib.parse.unquote(page.path), args.runs))
            time_page(server, clients[page.role], page, args.runs)
            if page.errors:
                failed.append(page)
                log("  errors: %s" % "; ".join(page.errors[:3]))
            else:
                log("  median %s ms" % ms(bench_cells.median(page.times)))

        # The command line's roster, for scale (process start included).
        roster_cmd = [ipsurvey, "roster", "--city", city, "--limit", "50", "--db", str(db), "--format", "json"]
        log("command line roster: 1 warm-up + %d timed ..." % args.runs)
        cli = [bench_cells.measure(roster_cmd, stdout_to_devnull=True) for _ in range(args.runs + 1)][1:]
        cli_bad = [m for m in cli if m.status != 0]
        server_rss = server.peak_rss_mib()
    finally:
        for c in clients.values():
            c.close()
        server.stop()
        log("server stopped (exit %s)" % server.proc.returncode)
    if cli_bad:
        failed.append("roster command exited %d: %s" % (cli_bad[0].status, cli_bad[0].output[-200:]))
    cli_median = bench_cells.median([m.wall for m in cli if m.status == 0])
    load_end = os.getloadavg()

    # 5. The report.
    med = bench_cells.median
    size = sum(os.path.getsize(str(db) + s) for s in ("", "-wal") if os.path.exists(str(db) + s))
    lines = [
        "# bench_pages",
        "",
        "- database: `%s`, %d records, %d enterprises, %d on the roster (round %s, a financing need) "
        "(%.1f MiB); %s" % (
            db, counts["records"], counts["enterprises"], counts["with_need"], round_, size / 2 ** 20,
            "filled with %d enterprises (seed %d) by bench_fill_db in **%.1f s**" % (
                args.enterprises, args.seed, fill_seconds) if fill_seconds is not None else "reused as it was (--db)"),
        "- round %s; CITY = %s (%d latest records, the most); BANK = %s (named %d times, the most); record %s" % (
            round_, city, counts["city_records"], bank, counts["bank_rows"], record_id),
        "- approvals: %s" % approve_note,
    ]
    if counts["enterprises"] < counts["records"] // 2:
        lines.append("- **note: only %d of %d records made an enterprise** (an enterprise needs a valid credit code, "
                     "both check digits): the rosters and bank lists are that much smaller than the record count "
                     "says" % (counts["enterprises"], counts["records"]))
    lines += [
        "- each page: 1 warm-up then %d requests one after another on a keep-alive connection (http.client); "
        "wall time from sending to the body's last byte; p90 by nearest rank; server = the access log's ms "
        "(handler time, whole ms)" % args.runs,
        "- machine: %s, %d CPUs, shared; load average at the start %s, at the end %s; server peak RSS %.1f MiB" % (
            bench_cells.cpu_model(), os.cpu_count(), " ".join("%.1f" % x for x in load_start),
            " ".join("%.1f" % x for x in load_end), server_rss),
        "- ipsurvey: `%s`; SQLite %s" % (ipsurvey, sqlite3.sqlite_version),
        "",
        "| account | page | median (ms) | p90 (ms) | server median (ms) | bytes | × CLI roster | shows |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    slow = []
    for page in pages:
        m = med(page.times)
        if m == m and m > SLOW_S:
            slow.append(page)
        smed = med(page.server_ms) if page.server_ms else float("nan")
        path = urllib.parse.unquote(page.path).replace("|", "%7C")
        lines.append("| %s | `%s` | %s | %s | %s | %d | %s | %s%s |" % (
            page.role if page.role != "-" else "(any)", path, ms(m), ms(p90(page.times)),
            bench_cells.fmt(smed, 0), page.bytes,
            bench_cells.fmt(m / cli_median, 1) if cli_median == cli_median and m == m else "—",
            page.check, "" if not page.errors else " — **%d errors: %s**" % (len(page.errors), page.errors[0][:120])))
    lines.append("| (command line) | `ipsurvey roster --city %s --limit 50 --format json` | %s | %s | — | — | 1.0 | "
                 "process start + open + query; CPU median %s ms |" % (
                     city, ms(cli_median), ms(p90([m.wall for m in cli if m.status == 0])),
                     ms(med([m.cpu for m in cli if m.status == 0]))))
    lines.append("")
    lines.append("- pages slower than %.0f s (median): %s" % (
        SLOW_S, ", ".join("%s `%s` (%s ms)" % (p.role, urllib.parse.unquote(p.path), ms(med(p.times))) for p in slow)
        if slow else "none"))
    if failed:
        lines.append("- **errors**: %s" % "; ".join(
            f if isinstance(f, str) else "%s `%s`: %s" % (f.role, f.path, f.errors[0][:200]) for f in failed))
    text = "\n".join(lines) + "\n"
    print(text)
    (workdir / "bench_pages.md").write_text(text)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

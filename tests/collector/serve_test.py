"""`ipsurvey serve`: the JSON API end to end, on loopback, with a temporary database.

    /usr/bin/python3 tests/collector/serve_test.py --ipsurvey build/ipsurvey [--load-seconds 10] [--clients 20]

Sections: the access matrix (every API route x {anonymous, city A, city B, province, bank X,
bank Y}, guessing other cities' record ids too), hostile uploads, an unexpected exception (a
test-only route enabled by IPSURVEY_SERVE_TEST_ROUTES=1), and a small load test (concurrent
uploads and rosters: no 5xx, every upload stored exactly once, latency percentiles printed).
"""
import argparse
import base64
import http.client
import importlib.util
import io
import json
import os
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("gen", HERE.parent / "db" / "import_failure_test.py")
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)

CITY_A, REGION_A = "石家庄市", "130100"
CITY_B, REGION_B = "唐山市", "130200"
BANK_X, BANK_Y = "中国银行", "河北银行"
PASSWORD = "serve-test-password"
ACTORS = ["anonymous", "cityA", "cityB", "province", "bankX", "bankY"]

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, flush=True)
    return cond


class FirstChoices(random.Random):
    """sample() takes the first k: every enterprise names the first bank (BANK_X)."""
    def sample(self, population, k, **kw):
        return list(population)[:min(k, len(population))]


gen_lock = threading.Lock()  # gen's module globals are set per call


def workbook(city, region, rows, first_serial, tag, banks=(BANK_X,)):
    """A valid one-sheet summary table of `rows` enterprises of `city`; returns (bytes, names, codes)."""
    with gen_lock:
        gen.REGIONS = [(city, region)]
        gen.BANKS = list(banks)
        data = gen.summary_workbook(rows, first_serial, FirstChoices(first_serial), tag)
    names = ["%s%s第%06d科技有限公司" % (city[:-1], tag, first_serial + i) for i in range(1, rows + 1)]
    codes = [gen.credit_code(region, first_serial + i) for i in range(1, rows + 1)]
    return data, names, codes


class Server:
    """`ipsurvey serve --port 0` on a database, its log in `log_path`; the test routes enabled."""

    def __init__(self, ipsurvey, db, log_path, env_extra=None):
        env = dict(os.environ, IPSURVEY_SERVE_TEST_ROUTES="1", **(env_extra or {}))
        self.log_path = log_path
        self.log = open(log_path, "w+")
        self.proc = subprocess.Popen([ipsurvey, "serve", "--port", "0", "--db", str(db)], stdout=subprocess.DEVNULL,
                                     stderr=self.log, env=env)
        deadline = time.time() + 30
        self.port = None
        while time.time() < deadline and self.port is None:
            time.sleep(0.1)
            self.log.seek(0)
            for line in self.log:
                if "listening on http://" in line:
                    self.port = int(line.split("http://")[1].split("/")[0].rsplit(":", 1)[1])
            if self.proc.poll() is not None:
                break
        if self.port is None:
            self.stop()
            raise RuntimeError("server did not start: " + self.tail())
        self.base = "http://127.0.0.1:%d" % self.port

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if not self.log.closed:
            self.log.close()

    def tail(self, n=40):
        try:
            return "\n".join(Path(self.log_path).read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""


def auth_header(actor, accounts):
    if actor == "anonymous":
        return {}
    token = base64.b64encode(("%s:%s" % (accounts[actor], PASSWORD)).encode()).decode()
    return {"Authorization": "Basic " + token}


def request(port, method, path, actor, accounts, body=None, headers=None, timeout=60):
    h = dict(auth_header(actor, accounts))
    h.update(headers or {})
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        return r.status, r.read(), dict(r.getheaders())
    finally:
        c.close()


def multipart(fields, filename, data):
    boundary = "----ipsurvey%016x" % random.getrandbits(64)
    out = io.BytesIO()
    for k, v in fields.items():
        out.write(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (boundary, k, v)).encode())
    out.write(("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
               "Content-Type: application/octet-stream\r\n\r\n" % (boundary, filename)).encode())
    out.write(data)
    out.write(("\r\n--%s--\r\n" % boundary).encode())
    return out.getvalue(), "multipart/form-data; boundary=" + boundary


def upload(port, actor, accounts, filename, data, fields=None):
    body, ctype = multipart(fields or {}, filename, data)
    return request(port, "POST", "/api/uploads", actor, accounts, body, {"Content-Type": ctype})


def form(port, path, actor, accounts, fields):
    from urllib.parse import urlencode
    return request(port, "POST", path, actor, accounts, urlencode(fields).encode(),
                   {"Content-Type": "application/x-www-form-urlencoded"})


def quote(s):
    from urllib.parse import quote as q
    return q(s)


def no_secret(body, secrets, what):
    text = body.decode("utf-8", "replace")
    leaked = [s for s in secrets if s in text]
    check(not leaked, "%s: body leaks %s" % (what, leaked[:3]))


def raw_request(port, head, body=b"", timeout=20):
    """Sends raw bytes; returns (status or None, body bytes)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        s.sendall(head + body)
        data = b""
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
                if b"\r\n\r\n" in data:
                    hdr, _, rest = data.partition(b"\r\n\r\n")
                    length = [int(l.split(b":")[1]) for l in hdr.split(b"\r\n") if l.lower().startswith(b"content-length:")]
                    if length and len(rest) >= length[0]:
                        break
        except socket.timeout:
            pass
        if not data.startswith(b"HTTP/1."):
            return None, data
        return int(data.split(b" ")[1]), data.partition(b"\r\n\r\n")[2]
    finally:
        s.close()


def web_login(port, name, password):
    """Signs in through the login form; returns the Cookie header of the new session."""
    import re
    from urllib.parse import urlencode
    st, body, hdr = request(port, "GET", "/login", "anonymous", {})
    cookie = hdr.get("Set-Cookie", "").split(";")[0]
    token = re.search(rb'name="csrf" value="([0-9a-f]{64})"', body).group(1).decode()
    st, body, hdr = request(port, "POST", "/login", "anonymous", {},
                            urlencode({"csrf": token, "name": name, "password": password}).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    if st != 303:
        raise RuntimeError("login of %s: %s" % (name, st))
    return hdr["Set-Cookie"].split(";")[0]


def alive(port, accounts):
    status, _, _ = request(port, "GET", "/api/roster", "province", accounts, timeout=30)
    return status == 200


# ------------------------------------------------------------------------------------------

def access_matrix(port, accounts, db):
    # Seed: city A and city B each upload their own enterprises.
    a_data, a_names, a_codes = workbook(CITY_A, REGION_A, 3, 100, "甲")
    b_data, b_names, b_codes = workbook(CITY_B, REGION_B, 3, 200, "乙")
    st, body, _ = upload(port, "cityA", accounts, "a.xlsx", a_data)
    check(st == 200, "seed upload A: %s %s" % (st, body[:300]))
    st, body, _ = upload(port, "cityB", accounts, "b.xlsx", b_data)
    check(st == 200, "seed upload B: %s %s" % (st, body[:300]))
    st, body, _ = request(port, "GET", "/api/roster", "province", accounts)
    roster = json.loads(body)
    ids = {e["credit_code"]: e["record_id"] for e in roster["entries"]}
    check(set(a_codes + b_codes) <= set(ids), "province roster lists every seeded enterprise")
    a_ids = [ids[c] for c in a_codes if c in ids]
    b_ids = [ids[c] for c in b_codes if c in ids]
    a_secrets, b_secrets = a_names + a_codes, b_names + b_codes

    # The allowed cells, and what each actor must never see.
    def expect(route, actor, allowed, status, body, secrets_forbidden):
        if allowed:
            check(200 <= status < 300, "%s as %s: expected success, got %s %s" % (route, actor, status, body[:200]))
        else:
            check(status in (401, 403, 404), "%s as %s: expected 401/403/404, got %s" % (route, actor, status))
            if actor == "anonymous":
                check(status == 401, "%s as anonymous: 401" % route)
            no_secret(body, a_secrets + b_secrets, "%s as %s (refused)" % (route, actor))
        if allowed and secrets_forbidden:
            no_secret(body, secrets_forbidden, "%s as %s" % (route, actor))

    serial = [1000]

    def fresh(city, region):
        serial[0] += 10
        return workbook(city, region, 1, serial[0], "矩")[0]

    for actor in ACTORS:
        # uploads: each account for its own city (the province names one)
        city, region = (CITY_B, REGION_B) if actor == "cityB" else (CITY_A, REGION_A)
        fields = {"city": CITY_A} if actor == "province" else {}
        st, body, hdr = upload(port, actor, accounts, "m.xlsx", fresh(city, region), fields)
        expect("POST /api/uploads", actor, actor in ("cityA", "cityB", "province"), st, body, [])
        if actor == "anonymous":
            check(hdr.get("WWW-Authenticate") == 'Basic realm="ipsurvey"', "401 has WWW-Authenticate")
        # roster of city A
        st, body, _ = request(port, "GET", "/api/roster?city=" + quote(CITY_A), actor, accounts)
        expect("GET /api/roster?city=A", actor, actor in ("cityA", "province"), st, body, b_secrets)
        # roster without a city: a city sees only its own
        st, body, _ = request(port, "GET", "/api/roster", actor, accounts)
        expect("GET /api/roster", actor, actor in ("cityA", "cityB", "province"), st, body,
               {"cityA": b_secrets, "cityB": a_secrets}.get(actor, []))
        # export for bank X
        st, body, hdr = request(port, "GET", "/api/export?format=csv&bank=" + quote(BANK_X), actor, accounts)
        expect("GET /api/export?bank=X", actor, actor in ("province", "bankX"), st, body, [])
        # review of a city A record
        st, body, _ = form(port, "/api/records/%d/review" % a_ids[0], actor, accounts, {"state": "approved", "note": ""})
        expect("POST /api/records/A/review", actor, actor == "province", st, body, [])
        # guessing other cities' record ids
        targets = b_ids if actor == "cityA" else a_ids
        for rid in targets + [rid for rid in range(1, 40) if rid not in targets][:10]:
            st, body, _ = form(port, "/api/records/%d/review" % rid, actor, accounts, {"state": "approved", "note": ""})
            if actor != "province":
                expect("POST /api/records/%d/review" % rid, actor, False, st, body, [])

    # The province approves everything; the banks' lists.
    for rid in a_ids + b_ids:
        st, body, _ = form(port, "/api/records/%d/review" % rid, "province", accounts, {"state": "approved", "note": ""})
        check(st == 200, "approve %d: %s %s" % (rid, st, body[:200]))
    st, body, hdr = request(port, "GET", "/api/export?format=csv", "bankX", accounts)
    check(st == 200 and all(c in body.decode("utf-8", "replace") for c in a_codes + b_codes),
          "bank X's own list (no bank given) holds the approved enterprises: %s" % st)
    st, body, _ = request(port, "GET", "/api/export?format=csv&bank=" + quote(BANK_X), "bankY", accounts)
    check(st == 403, "bank Y asking for bank X's list: 403, got %s" % st)
    no_secret(body, a_secrets + b_secrets, "bank Y asking for bank X")
    st, body, hdr = request(port, "GET", "/api/export?format=xlsx&bank=" + quote(BANK_X), "province", accounts)
    check(st == 200 and body[:2] == b"PK", "province xlsx export: %s" % st)
    st, body, _ = request(port, "GET", "/api/export?format=csv", "bankY", accounts)
    check(st == 200, "bank Y's own (empty) list: %s" % st)
    no_secret(body, a_secrets + b_secrets, "bank Y's own list")
    with sqlite3.connect(str(db)) as c:
        n = c.execute("SELECT count(*) FROM audit_log WHERE account = ?", (accounts["bankX"],)).fetchone()[0]
    check(n >= 1, "the bank's export is in the audit log under its account name")

    # Other refusals of the review route.
    st, _, _ = form(port, "/api/records/999999/review", "province", accounts, {"state": "approved", "note": ""})
    check(st == 404, "review of an unknown id: 404, got %s" % st)
    st, _, _ = form(port, "/api/records/%d/review" % a_ids[0], "province", accounts, {"state": "maybe", "note": ""})
    check(st == 400, "bad state: 400, got %s" % st)
    st, _, _ = form(port, "/api/records/%d/review" % a_ids[0], "province", accounts, {"state": "returned", "note": ""})
    check(st == 400, "returned without a note: 400, got %s" % st)
    # A new version of an A enterprise makes the old record stale: 409.
    with gen_lock:
        gen.REGIONS = [(CITY_A, REGION_A)]
        gen.BANKS = [BANK_X, BANK_Y]
        newer = gen.summary_workbook(3, 100, FirstChoices(7), "甲")
    st, body, _ = upload(port, "cityA", accounts, "a2.xlsx", newer)
    check(st == 200, "new version upload: %s %s" % (st, body[:200]))
    st, _, _ = form(port, "/api/records/%d/review" % a_ids[0], "province", accounts, {"state": "approved", "note": ""})
    check(st == 409, "review of a stale version: 409, got %s" % st)
    # A city may not upload for another; the province must name a city.
    st, _, _ = upload(port, "cityA", accounts, "x.xlsx", fresh(CITY_B, REGION_B), {"city": CITY_B})
    check(st == 403, "city A uploading for city B: 403, got %s" % st)
    st, _, _ = upload(port, "province", accounts, "x.xlsx", fresh(CITY_A, REGION_A))
    check(st == 400, "province upload without a city: 400, got %s" % st)
    st, _, _ = request(port, "GET", "/api/roster", "anonymous", {}, headers={"Authorization": "Basic " +
                       base64.b64encode(b"province:wrong-password").decode()})
    check(st == 401, "wrong password: 401, got %s" % st)
    st, _, _ = request(port, "GET", "/api/roster", "anonymous", {}, headers={"Authorization": "Basic " +
                       base64.b64encode(("city_off:" + PASSWORD).encode()).decode()})
    check(st == 401, "a disabled account: 401, got %s" % st)
    # Basic auth shares the sign-in limit: 5 failures for an account from an address, then 429.
    for i in range(5):
        st, _, _ = request(port, "GET", "/api/roster", "anonymous", {}, headers={"Authorization": "Basic " +
                           base64.b64encode(("city_rl:wrong-%d" % i).encode()).decode()})
        check(st == 401, "wrong password %d: 401, got %s" % (i, st))
    st, _, hdr = request(port, "GET", "/api/roster", "anonymous", {}, headers={"Authorization": "Basic " +
                         base64.b64encode(("city_rl:" + PASSWORD).encode()).decode()})
    check(st == 429 and "Retry-After" in hdr, "the 6th attempt, even with the right password: 429, got %s" % st)
    st, _, hdr = request(port, "GET", "/api/roster", "cityA", accounts)
    check(st == 200, "another account from the same address still works: %s" % st)
    st, _, _ = request(port, "GET", "/api/roster", "anonymous", {}, headers={"Authorization": "Bearer abc"})
    check(st == 401, "another scheme: 401, got %s" % st)
    st, _, _ = request(port, "GET", "/api/uploads", "cityA", accounts)
    check(st == 405, "GET on the upload route: 405, got %s" % st)
    st, _, _ = request(port, "GET", "/api/nothing", "province", accounts)
    check(st == 404, "unknown route: 404, got %s" % st)


def hostile_uploads(port, accounts):
    def codes_of(body):
        try:
            doc = json.loads(body)
        except ValueError:
            return []
        out = [doc.get("error")] if "error" in doc else []
        for f in doc.get("files", []):
            out += [p.get("code") for p in f.get("problems", [])]
        return [c for c in out if c]

    # A zip bomb-ish workbook: a valid workbook whose sheet inflates to 300 MiB of zeros (~300 KiB sent).
    valid, _, _ = workbook(CITY_A, REGION_A, 1, 900, "炸")
    bomb = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(valid)) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                z.writestr(info.filename, zin.read(info.filename))
                continue
            with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as w:
                block = b"\0" * (1 << 20)
                for _ in range(300):
                    w.write(block)
    cases = [
        ("bomb.xlsx", bomb.getvalue()),
        ("doctype.xml", b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>\n'
                        b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">&lol2;</Workbook>'),
        ("garbage.xlsx", random.Random(5).randbytes(200000)),
    ]
    for name, data in cases:
        st, body, _ = upload(port, "cityA", accounts, name, data)
        codes = codes_of(body)
        print("  %-13s -> %s %s" % (name, st, codes[:4]), flush=True)
        check(400 <= st < 500, "%s: 4xx, got %s" % (name, st))
        check(codes, "%s: the reader's reason code is in the JSON" % name)
        check(alive(port, accounts), "server answers after %s" % name)

    auth = auth_header("cityA", accounts)["Authorization"]
    body, ctype = multipart({}, "t.xlsx", b"hello")
    head = ("POST /api/uploads HTTP/1.1\r\nHost: x\r\nAuthorization: %s\r\nContent-Type: %s\r\n" % (auth, ctype)).encode()
    # No Content-Length (chunked): 411.
    chunked = b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n"
    st, resp = raw_request(port, head + b"Transfer-Encoding: chunked\r\n\r\n", chunked)
    print("  %-13s -> %s %s" % ("no length", st, codes_of(resp)), flush=True)
    check(st == 411, "upload without Content-Length: 411, got %s" % st)
    # Transfer-Encoding with Content-Length: 400.
    st, resp = raw_request(port, head + b"Transfer-Encoding: chunked\r\nContent-Length: %d\r\n\r\n" % len(chunked), chunked)
    print("  %-13s -> %s %s" % ("TE+CL", st, codes_of(resp)), flush=True)
    check(st == 400, "Transfer-Encoding with Content-Length: 400, got %s" % st)
    # Over the cap (declared): 413 before the body is read.
    st, resp = raw_request(port, head + b"Content-Length: %d\r\n\r\n" % (80 << 20), b"x" * 1000)
    print("  %-13s -> %s %s" % ("over the cap", st, codes_of(resp)), flush=True)
    check(st == 413 and "upload.too_large" in codes_of(resp), "upload over the cap: 413 upload.too_large, got %s" % st)
    # A file part over 64 MiB inside a body within the declared cap: counted while reading, 413.
    st, resp, _ = upload(port, "cityA", accounts, "big.xlsx", b"PK" + b"\0" * ((64 << 20) + 1000))
    print("  %-13s -> %s %s" % ("file over cap", st, codes_of(resp)), flush=True)
    check(st == 413 and "upload.too_large" in codes_of(resp), "file part over the cap: 413, got %s" % st)
    # A review body over its cap: 413.
    st, _, _ = form(port, "/api/records/1/review", "province", accounts, {"state": "approved", "note": "x" * 100000})
    check(st == 413, "review body over its cap: 413, got %s" % st)
    # A body shorter than its Content-Length, then the client goes away.
    st, resp = raw_request(port, head + b"Content-Length: 5000\r\n\r\n", body, timeout=2)
    check(alive(port, accounts), "server answers after a truncated body")
    for _ in range(3):
        check(alive(port, accounts), "server keeps answering after hostile uploads")


def unexpected_exception(port, accounts):
    st, body, _ = request(port, "GET", "/api/_test/throw", "province", accounts)
    check(st == 500 and json.loads(body).get("error") == "server.error", "unexpected exception: 500 JSON, got %s" % st)
    check(alive(port, accounts), "server answers after an unexpected exception")


def load_test(port, accounts, db, clients, seconds):
    lock = threading.Lock()
    lat = {"upload": [], "roster": [], "page": []}
    statuses = {}
    sent_codes = []
    bad_bodies = []
    stop_at = time.time() + seconds

    def client(k):
        actor = "cityA" if k % 2 == 0 else "cityB"
        city, region = (CITY_A, REGION_A) if actor == "cityA" else (CITY_B, REGION_B)
        n = 0
        try:
            cookie = web_login(port, accounts[actor], PASSWORD)
        except Exception as e:  # noqa: BLE001 - a client that cannot sign in is a failure, not a lost thread
            with lock:
                statuses[("login", "exc:%s" % e)] = statuses.get(("login", "exc:%s" % e), 0) + 1
            return
        while time.time() < stop_at:
            n += 1
            first = 100000 + k * 15000 + n * 3  # 6 digits after MA: valid codes, none shared
            data, _, codes = workbook(city, region, 2, first, "载")
            t = time.time()
            try:
                st, body, _ = upload(port, actor, accounts, "load_%d_%d.xlsx" % (k, n), data)
            except Exception as e:  # noqa: BLE001
                st, body = "exc:%s" % type(e).__name__, b""
            dt = time.time() - t
            with lock:
                lat["upload"].append(dt)
                statuses[("upload", st)] = statuses.get(("upload", st), 0) + 1
                if st == 200:
                    sent_codes.extend(codes)
                elif len(bad_bodies) < 3:
                    bad_bodies.append((st, body[:400].decode("utf-8", "replace")))
            t = time.time()
            try:
                st, body, _ = request(port, "GET", "/api/roster", actor, accounts)
            except Exception as e:  # noqa: BLE001
                st = "exc:%s" % type(e).__name__
            with lock:
                lat["roster"].append(time.time() - t)
                statuses[("roster", st)] = statuses.get(("roster", st), 0) + 1
            t = time.time()
            try:
                st, body, _ = request(port, "GET", "/records?page=%d" % (1 + n % 3), "anonymous", {},
                                      headers={"Cookie": cookie})
            except Exception as e:  # noqa: BLE001
                st = "exc:%s" % type(e).__name__
            with lock:
                lat["page"].append(time.time() - t)
                statuses[("page", st)] = statuses.get(("page", st), 0) + 1

    with sqlite3.connect(str(db)) as c:
        uploads_before = c.execute("SELECT count(*) FROM uploads").fetchone()[0]
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    t0 = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 300)
    elapsed = time.time() - t0
    print("  %d clients, %.1f s: %s" % (clients, elapsed, sorted(statuses.items(), key=str)), flush=True)
    for kind, xs in lat.items():
        xs = sorted(xs)
        if xs:
            pct = lambda p: xs[min(len(xs) - 1, int(p * len(xs)))] * 1000
            print("  %-6s n=%d p50=%.0fms p90=%.0fms p99=%.0fms max=%.0fms" % (kind, len(xs), pct(.5), pct(.9),
                                                                               pct(.99), xs[-1] * 1000), flush=True)
    bad = {k: v for k, v in statuses.items() if k[1] != 200}
    check(not bad, "load: every request answered 200: %s %s" % (bad, bad_bodies))
    ok_uploads = statuses.get(("upload", 200), 0)
    with sqlite3.connect(str(db)) as c:
        uploads_after = c.execute("SELECT count(*) FROM uploads").fetchone()[0]
        per_code = dict(c.execute("SELECT e.credit_code, count(r.id) FROM records r JOIN enterprises e "
                                  "ON e.id = r.enterprise_id GROUP BY e.credit_code").fetchall())
    check(uploads_after - uploads_before == ok_uploads,
          "load: uploads stored %d = answered 200 %d" % (uploads_after - uploads_before, ok_uploads))
    missing = [c for c in sent_codes if per_code.get(c) != 1]
    check(not missing, "load: every uploaded enterprise stored exactly once (%d wrong: %s)" % (len(missing), missing[:3]))
    check(ok_uploads > 0, "load: some uploads went through")


def add_users(ipsurvey, db, users):
    """`ipsurvey user add NAME ARGS...` for each (NAME, ARGS), all with PASSWORD; False on a failure."""
    for name, extra in users:
        p = subprocess.run([ipsurvey, "user", "add", name, *extra, "--db", str(db)], input=PASSWORD + "\n",
                           capture_output=True, text=True, timeout=60)
        if p.returncode != 0:
            print("user add failed:", p.stdout, p.stderr)
            return False
    return True


def run_sections(sections):
    """Runs each (title, fn), printing PASS or FAIL with its count of failed checks."""
    for title, fn in sections:
        before = len(failures)
        t = time.time()
        try:
            fn()
        except Exception as e:  # noqa: BLE001
            import traceback
            traceback.print_exc()
            failures.append("%s: %r" % (title, e))
        print("%s  %s  (%d failed checks, %.1fs)" % ("PASS" if len(failures) == before else "FAIL", title,
                                                    len(failures) - before, time.time() - t), flush=True)


def finish(server, tmp, log_checks=()):
    """After server.stop(): the log checks every serve test makes (and `log_checks`, each a
    (predicate on the log's text, what)); the exit code; the temporary folder removed on success."""
    log = (tmp / "server.log").read_text(errors="replace")
    check(PASSWORD not in log, "the password never appears in the server's log")
    check("runtime error:" not in log and "Sanitizer" not in log, "no sanitizer report in the server's log")
    check(server.proc.returncode == 0, "server exits cleanly on SIGTERM (%s)" % server.proc.returncode)
    for predicate, what in log_checks:
        check(predicate(log), what)
    if failures:
        print("server log tail:\n" + "\n".join(log.splitlines()[-30:]))
        print("%d failed checks (files kept in %s)" % (len(failures), tmp))
        return 1
    shutil.rmtree(tmp, ignore_errors=True)
    print("all checks passed")
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ipsurvey", required=True)
    ap.add_argument("--load-seconds", type=float, default=10)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--sections", default="matrix,hostile,exception,load",
                    help="comma-separated: matrix, hostile, exception, load")
    args = ap.parse_args()
    sections = set(args.sections.split(","))
    ipsurvey = str(Path(args.ipsurvey).resolve())
    tmp = Path(tempfile.mkdtemp(prefix="ipsurvey-serve-"))
    db = tmp / "serve.db"
    accounts = {"cityA": "city_a", "cityB": "city_b", "province": "province", "bankX": "bank_x", "bankY": "bank_y"}
    users = [("province", ["--role", "province"]), ("city_a", ["--role", "city", "--city", CITY_A]),
             ("city_b", ["--role", "city", "--city", CITY_B]), ("bank_x", ["--role", "bank", "--bank", BANK_X]),
             ("bank_y", ["--role", "bank", "--bank", BANK_Y]), ("city_off", ["--role", "city", "--city", CITY_A]),
             ("city_rl", ["--role", "city", "--city", CITY_A])]
    if not add_users(ipsurvey, db, users):
        return 1
    p = subprocess.run([ipsurvey, "user", "disable", "city_off", "--db", str(db)], capture_output=True, timeout=60)
    check(p.returncode == 0, "user disable: %s" % p.stderr)
    server = Server(ipsurvey, db, tmp / "server.log")
    try:
        run_sections([(title, fn) for key, title, fn in [
            ("matrix", "access matrix", lambda: access_matrix(server.port, accounts, db)),
            ("hostile", "hostile uploads", lambda: hostile_uploads(server.port, accounts)),
            ("exception", "unexpected exception", lambda: unexpected_exception(server.port, accounts)),
            ("load", "load", lambda: load_test(server.port, accounts, db, args.clients, args.load_seconds))]
            if key in sections])
    finally:
        server.stop()
    return finish(server, tmp, [(lambda log: "access method=GET path=/api/roster status=200" in log,
                                 "the access log has lines")])


if __name__ == "__main__":
    sys.exit(main())

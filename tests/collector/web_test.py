"""`ipsurvey serve`'s HTML pages end to end, on loopback, with a temporary database (no browser).

    /usr/bin/python3 tests/collector/web_test.py --ipsurvey build/ipsurvey

Sections:
- the access matrix: every page route x {anonymous, city A, city B, province, bank X, bank Y},
  with the ids of both cities' uploads, files and records and guessed ids around them: only the
  allowed cells succeed; the others get 403/404 (anonymous: 303 to /login for a page, 403 for a
  form) and no data of either city;
- sessions: cookie flags (HttpOnly, SameSite=Strict), a new id at sign-in, sign-out, a disabled
  account and a changed password ending sessions, the CSRF token on every form, no GET that
  changes anything, the login rate limit per account and address;
- escaping: an enterprise named with markup is shown as text on every page;
- hostile uploads through the upload page: 4xx with the reader's reason, the server keeps
  answering; an unexpected exception gives a 500 page.
"""
import argparse
import importlib.util
import io
import re
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, quote

HERE = Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("serve_test", HERE / "serve_test.py")
st = importlib.util.module_from_spec(spec)
spec.loader.exec_module(st)
check, PASSWORD = st.check, st.PASSWORD
CITY_A, REGION_A, CITY_B, REGION_B, BANK_X = st.CITY_A, st.REGION_A, st.CITY_B, st.REGION_B, st.BANK_X

ACTORS = ["anonymous", "cityA", "cityB", "province", "bankX", "bankY"]
ACCOUNTS = {"cityA": "city_a", "cityB": "city_b", "province": "province", "bankX": "bank_x", "bankY": "bank_y"}


class Browser:
    """A signed-in (or anonymous) client: the session cookie and the CSRF token of its pages."""

    def __init__(self, port, actor):
        self.port, self.actor, self.cookie, self.csrf = port, actor, "", ""
        if actor != "anonymous":
            self.login(ACCOUNTS[actor], PASSWORD)

    def request(self, method, path, body=None, headers=None):
        h = {"Cookie": self.cookie} if self.cookie else {}
        h.update(headers or {})
        return st.request(self.port, method, path, "anonymous", {}, body, h)

    def login(self, name, password, expect=303):
        status, body, hdr = self.request("GET", "/login")
        if hdr.get("Set-Cookie"):
            self.cookie = hdr["Set-Cookie"].split(";")[0]
        token = re.search(rb'name="csrf" value="([0-9a-f]{64})"', body)
        status, body, hdr = self.post("/login", {"name": name, "password": password},
                                      token=token.group(1).decode() if token else "")
        check(status == expect, "login of %s: %s, got %s" % (name, expect, status))
        if status == 303:
            self.cookie = hdr["Set-Cookie"].split(";")[0]
            status, body, _ = self.request("GET", hdr["Location"].replace("http://127.0.0.1:%d" % self.port, ""))
            self.csrf = re.search(rb'name="csrf" value="([0-9a-f]{64})"', body).group(1).decode()
        return status, body, hdr

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields, token=None):
        data = dict(fields)
        data["csrf"] = self.csrf if token is None else token
        return self.request("POST", path, urlencode(data, doseq=True).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def upload(self, files, fields=None, token=None):
        boundary = "----ipsurveyweb%08d" % int(time.time() * 1000 % 1e8)
        out = io.BytesIO()
        data = dict(fields or {})
        data["csrf"] = self.csrf if token is None else token
        for k, v in data.items():
            out.write(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (boundary, k, v)).encode())
        for name, content in files:
            out.write(("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
                       "Content-Type: application/octet-stream\r\n\r\n" % (boundary, name)).encode())
            out.write(content)
            out.write(b"\r\n")
        out.write(("--%s--\r\n" % boundary).encode())
        return self.request("POST", "/uploads", out.getvalue(),
                            {"Content-Type": "multipart/form-data; boundary=" + boundary})


def with_bad_code(data, row):
    """The workbook with the credit code of data row `row` given a wrong check digit."""
    import openpyxl
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.active
    cell = ws.cell(row=row + 1, column=3)
    code = cell.value
    cell.value = code[:-1] + ("1" if code[-1] != "1" else "2")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), "C%d" % (row + 1)


def seed(port, db):
    """City A and city B each upload a workbook with one mistake; returns what the matrix needs."""
    a_data, a_names, a_codes = st.workbook(CITY_A, REGION_A, 3, 300, "甲")
    b_data, b_names, b_codes = st.workbook(CITY_B, REGION_B, 3, 400, "乙")
    a_data, a_cell = with_bad_code(a_data, 3)
    b_data, b_cell = with_bad_code(b_data, 3)
    out = {"a_secrets": a_names + a_codes[:2], "b_secrets": b_names + b_codes[:2], "a_cell": a_cell}
    for key, actor, data in (("a", "cityA", a_data), ("b", "cityB", b_data)):
        status, body, _ = st.upload(port, actor, ACCOUNTS, key + ".xlsx", data)
        check(status == 200, "seed upload %s: %s %s" % (key, status, body[:200]))
    with sqlite3.connect(str(db)) as c:
        for key, city in (("a", CITY_A), ("b", CITY_B)):
            out[key + "_upload"] = c.execute("SELECT max(id) FROM uploads WHERE city = ?", (city,)).fetchone()[0]
            out[key + "_file"] = c.execute("SELECT max(id) FROM upload_files WHERE upload_id = ?",
                                           (out[key + "_upload"],)).fetchone()[0]
            out[key + "_records"] = [r[0] for r in c.execute(
                "SELECT id FROM records WHERE upload_id = ? ORDER BY id", (out[key + "_upload"],))]
    return out


def access_matrix(port, db, browsers, s):
    a_sec, b_sec = s["a_secrets"], s["b_secrets"]
    every = a_sec + b_sec
    a_rec, b_rec = s["a_records"][0], s["b_records"][0]
    spare = {}
    with sqlite3.connect(str(db)) as c:
        for name in ("spare_pw", "spare_off"):
            spare[name] = c.execute("SELECT id FROM accounts WHERE name = ?", (name,)).fetchone()[0]
    city_pages = ("cityA", "cityB", "province")
    # (method, path, fields or None, allowed actors, secrets an allowed actor must not see)
    routes = [
        ("GET", "/uploads", None, city_pages, {"cityA": b_sec, "cityB": a_sec}),
        ("GET", "/uploads/%d" % s["a_upload"], None, ("cityA", "province"), {}),
        ("GET", "/uploads/%d" % s["b_upload"], None, ("cityB", "province"), {}),
        ("GET", "/uploads/results?ids=%d" % s["a_upload"], None, ("cityA", "province"), {}),
        ("GET", "/uploads/results?ids=%d,%d" % (s["a_upload"], s["b_upload"]), None, ("province",), {}),
        ("GET", "/files/%d/marked.xlsx" % s["a_file"], None, ("cityA", "province"), {}),
        ("GET", "/files/%d/marked.xlsx" % s["b_file"], None, ("cityB", "province"), {}),
        ("GET", "/templates/survey.xlsx", None, city_pages, {}),
        ("GET", "/templates/ledger.xlsx", None, city_pages, {}),
        ("GET", "/records", None, city_pages, {"cityA": b_sec, "cityB": a_sec}),
        ("GET", "/records?city=" + quote(CITY_B), None, city_pages, {"cityA": b_sec, "cityB": a_sec}),
        ("GET", "/records/%d" % a_rec, None, ("cityA", "province"), {}),
        ("GET", "/records/%d" % b_rec, None, ("cityB", "province"), {}),
        ("POST", "/records/%d/review" % a_rec, {"state": "pending", "note": ""}, ("province",), {}),
        ("POST", "/review", {"id": [a_rec, b_rec], "state": "pending", "note": "", "back": "/records"},
         ("province",), {}),
        ("GET", "/dashboard", None, ("province",), {}),
        ("GET", "/exports", None, ("province",), {}),
        ("GET", "/exports/download?format=csv&bank=" + quote(BANK_X), None, ("province", "bankX"), {}),
        ("GET", "/audit", None, ("province",), {}),
        ("GET", "/accounts", None, ("province",), {}),
        ("POST", "/accounts", {"name": "added_%(actor)s", "role": "city", "city": CITY_A,
                               "password": PASSWORD, "password2": PASSWORD}, ("province",), {}),
        ("POST", "/accounts/%d/password" % spare["spare_pw"], {"password": PASSWORD, "password2": PASSWORD},
         ("province",), {}),
        ("POST", "/accounts/%d/disable" % spare["spare_off"], {}, ("province",), {}),
        ("POST", "/accounts/%d/enable" % spare["spare_off"], {}, ("province",), {}),
        ("GET", "/bank", None, ("bankX", "bankY", "province"), {"bankY": every}),
        ("GET", "/bank?bank=" + quote(BANK_X), None, ("bankX", "province"), {}),
    ]
    # Guessed ids: every other id near the real ones, for each kind.
    for rid in range(1, max(s["a_records"] + s["b_records"]) + 5):
        routes.append(("GET", "/records/%d" % rid, None, None, {}))
    for uid in range(1, s["b_upload"] + 4):
        routes.append(("GET", "/uploads/%d" % uid, None, None, {}))
        routes.append(("GET", "/files/%d/marked.xlsx" % uid, None, None, {}))
    routes.append(("UPLOAD", "/uploads", None, city_pages, {}))  # last: it adds uploads and records
    with sqlite3.connect(str(db)) as c:
        record_city = dict(c.execute("SELECT id, city FROM records"))
        upload_city = dict(c.execute("SELECT id, city FROM uploads"))
        file_city = dict(c.execute("SELECT f.id, u.city FROM upload_files f JOIN uploads u ON u.id = f.upload_id"))
        file_problems = dict(c.execute("SELECT file_id, count(*) FROM problems GROUP BY file_id"))
    own = {"cityA": CITY_A, "cityB": CITY_B}
    cells = denied = 0
    serial = [5000]
    for method, path, fields, allowed, forbidden in routes:
        guessed = allowed is None
        for actor in ACTORS:
            b = browsers[actor]
            if guessed:
                # Allowed only for the province and the city the object belongs to.
                kind, num = path.split("/")[1], int(path.split("/")[2])
                city = {"records": record_city, "uploads": upload_city, "files": file_city}[kind].get(num)
                ok = city is not None and (actor == "province" or own.get(actor) == city)
                if kind == "files" and ok and not file_problems.get(num):
                    continue  # nothing to mark: a 422 for everyone allowed to ask
                if city is None and actor in ("province", "cityA", "cityB"):
                    ok_status = (404,)
                else:
                    ok_status = None
            else:
                ok = actor in allowed
                ok_status = None
            if method == "GET":
                status, body, hdr = b.get(path)
            elif method == "UPLOAD":
                serial[0] += 10
                city, region = (CITY_B, REGION_B) if actor == "cityB" else (CITY_A, REGION_A)
                data = st.workbook(city, region, 1, serial[0], "矩")[0]
                extra = {"city": CITY_A} if actor == "province" else {}
                status, body, hdr = b.upload([("m%d.xlsx" % serial[0], data)], extra)
            else:
                f = {k: (v % {"actor": actor} if isinstance(v, str) else v) for k, v in fields.items()}
                status, body, hdr = b.post(path, f)
            cells += 1
            what = "%s %s as %s" % (method, path, actor)
            if ok_status:
                check(status in ok_status, "%s: %s, got %s" % (what, ok_status, status))
                st.no_secret(body, every, what)
                continue
            if ok:
                check(status in (200, 303), "%s: allowed, got %s %s" % (what, status, body[:150]))
                if status == 303:
                    check("/login" not in hdr.get("Location", ""), "%s: not sent to sign in" % what)
                if forbidden.get(actor):
                    st.no_secret(body, forbidden[actor], what)
            else:
                denied += 1
                if actor == "anonymous" and method == "GET":
                    check(status == 303 and hdr.get("Location", "").endswith("/login"),
                          "%s: 303 to /login, got %s" % (what, status))
                else:
                    check(status in (403, 404), "%s: 403/404, got %s" % (what, status))
                st.no_secret(body, every, what + " (refused)")
    print("  %d cells, %d refused" % (cells, denied), flush=True)


def sessions(port, db, s):
    anon = Browser(port, "anonymous")
    status, body, hdr = anon.get("/login")
    set_cookie = hdr.get("Set-Cookie", "")
    check("HttpOnly" in set_cookie and "SameSite=Strict" in set_cookie and "Path=/" in set_cookie,
          "session cookie flags: %s" % set_cookie)
    check("Content-Security-Policy" in hdr and "X-Frame-Options" in hdr, "pages carry CSP and X-Frame-Options")
    before = set_cookie.split(";")[0]
    b = Browser(port, "cityA")
    check(b.cookie != before and len(b.cookie.split("=")[1]) == 64, "a new 256-bit id at sign-in")
    # The CSRF token: missing, wrong, or another session's.
    prov = Browser(port, "province")
    rec = s["a_records"][1]
    for token, what in (("", "no token"), ("0" * 64, "a wrong token"), (b.csrf, "another session's token")):
        status, body, _ = prov.post("/records/%d/review" % rec, {"state": "approved", "note": ""}, token=token)
        check(status == 403 and b"csrf.invalid" in body, "review with %s: 403 csrf.invalid, got %s" % (what, status))
    status, _, _ = b.upload([("x.xlsx", b"hello")], token="")
    check(status == 403, "upload without the token: 403, got %s" % status)
    with sqlite3.connect(str(db)) as c:
        events = c.execute("SELECT count(*) FROM review_events WHERE record_id = ?", (rec,)).fetchone()[0]
    check(events == 0, "refused forms changed nothing")
    # No GET changes state.
    for path in ("/records/%d/review" % rec, "/review", "/logout", "/accounts/1/disable"):
        status, _, _ = prov.get(path)
        check(status == 405, "GET %s: 405, got %s" % (path, status))
    # Sign-out ends the session.
    old = Browser(port, "cityB")
    status, _, hdr = old.post("/logout", {})
    check(status == 303 and "Max-Age=0" in hdr.get("Set-Cookie", ""), "sign-out: 303 and the cookie cleared")
    status, _, hdr = old.get("/records")
    check(status == 303 and hdr.get("Location", "").endswith("/login"), "the old cookie after sign-out: to /login")
    # A disabled account's and a changed password's sessions end at once.
    off = Browser(port, "anonymous")
    off.login("spare_off2", PASSWORD)
    pw = Browser(port, "anonymous")
    pw.login("spare_pw2", PASSWORD)
    with sqlite3.connect(str(db)) as c:
        off_id = c.execute("SELECT id FROM accounts WHERE name = 'spare_off2'").fetchone()[0]
        pw_id = c.execute("SELECT id FROM accounts WHERE name = 'spare_pw2'").fetchone()[0]
    check(off.get("/records")[0] == 200 and pw.get("/records")[0] == 200, "spare sessions work")
    check(prov.post("/accounts/%d/disable" % off_id, {})[0] == 303, "province disables an account")
    check(prov.post("/accounts/%d/password" % pw_id, {"password": PASSWORD + "x", "password2": PASSWORD + "x"})[0]
          == 303, "province sets a new password")
    check(off.get("/records")[0] == 303, "a disabled account's session ends")
    check(pw.get("/records")[0] == 303, "a changed password ends the account's sessions")
    status, body, _ = prov.post("/accounts/%d/password" % pw_id, {"password": "short", "password2": "short"})
    check(status == 400 and b"account.bad_password" in body, "a short password: 400, got %s" % status)
    # The login limit: 5 failures for one account from one address, then refused even with the right password.
    rl = Browser(port, "anonymous")
    for i in range(5):
        rl.login("spare_rl", "wrong-password-%d" % i, expect=401)
    status, body, hdr = rl.login("spare_rl", PASSWORD, expect=429)
    check("Retry-After" in hdr, "429 has Retry-After")
    other = Browser(port, "cityA")
    check(other.csrf != "", "another account from the same address still signs in")
    # Guesses sent in parallel cannot pass the limit together: at most 5 are checked.
    import threading
    forms = []
    for i in range(20):
        g = Browser(port, "anonymous")
        _, body, hdr = g.get("/login")
        g.cookie = hdr["Set-Cookie"].split(";")[0]
        forms.append((g, re.search(rb'name="csrf" value="([0-9a-f]{64})"', body).group(1).decode()))
    results = []
    def guess(g, token, i):
        status, _, _ = g.post("/login", {"name": "spare_par", "password": "wrong-guess-%d" % i}, token=token)
        results.append(status)
    threads = [threading.Thread(target=guess, args=(g, t, i)) for i, (g, t) in enumerate(forms)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    print("  20 parallel guesses: %s" % sorted(results), flush=True)
    check(results.count(401) <= 5 and results.count(429) >= 15, "parallel guesses: at most 5 checked")
    status, body, _ = st.request(port, "GET", "/login", "anonymous", {})
    # Requests another site makes a browser send are refused, pages and API alike; so is a POST
    # whose URL carries a query (its values would mix with the form's).
    for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Origin": "http://evil.example"}):
        status, body, _ = prov.request("POST", "/records/%d/review" % rec,
                                       urlencode({"csrf": prov.csrf, "state": "approved", "note": ""}).encode(),
                                       dict(headers, **{"Content-Type": "application/x-www-form-urlencoded"}))
        check(status == 403 and b"request.cross_site" in body, "page POST with %s: 403, got %s" % (headers, status))
        status, body, _ = st.request(port, "POST", "/api/records/%d/review" % rec, "province", ACCOUNTS,
                                     urlencode({"state": "approved", "note": ""}).encode(),
                                     dict(headers, **{"Content-Type": "application/x-www-form-urlencoded"}))
        check(status == 403 and b"request.cross_site" in body, "API POST with %s: 403, got %s" % (headers, status))
    status, body, _ = prov.post("/records/%d/review?state=rejected" % rec, {"state": "approved", "note": ""})
    check(status == 400 and b"request.query_on_post" in body, "a POST with a query: 400, got %s" % status)
    status, body, _ = prov.request("POST", "/records/%d/review" % rec,
                                   urlencode({"csrf": prov.csrf, "state": "approved", "note": ""}).encode(),
                                   {"Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "same-origin",
                                    "Origin": "http://127.0.0.1:%d" % port, "Host": "127.0.0.1:%d" % port})
    check(status == 303, "a same-origin POST from the page: 303, got %s" % status)
    status, _, _ = prov.get("/%zz")
    check(status == 400, "a malformed percent-escape: 400, got %s" % status)
    status, _, _ = prov.get("/uploads/results?ids=" + ",".join([str(s["a_upload"])] * 30))
    check(status == 200, "the results page of 30 uploads: 200, got %s" % status)
    # "Every pending one" needs a city, and takes the roster's filters.
    status, body, _ = prov.post("/review", {"scope": "pending", "state": "approved", "note": "", "back": "/records"})
    check(status == 400 and b"review.city_required" in body, "bulk review of every pending one without a city: 400")
    # A bulk review leaves out records that need correction.
    with sqlite3.connect(str(db)) as c:
        bad = c.execute("SELECT id FROM records WHERE upload_id = ? AND needs_correction = 1",
                        (s["a_upload"],)).fetchone()[0]
        good = c.execute("SELECT id FROM records WHERE upload_id = ? AND needs_correction = 0 ORDER BY id DESC",
                         (s["a_upload"],)).fetchone()[0]
    status, _, hdr = prov.post("/review", {"id": [bad, good], "state": "approved", "note": "", "back": "/records"})
    check(status == 303 and "reviewed=1" in hdr.get("Location", "") and "skipped=1" in hdr.get("Location", ""),
          "bulk review: 1 reviewed, 1 skipped: %s %s" % (status, hdr.get("Location")))
    with sqlite3.connect(str(db)) as c:
        states = dict(c.execute("SELECT id, review FROM records WHERE id IN (?, ?)", (bad, good)))
    check(states == {bad: "pending", good: "approved"}, "the record needing correction stays pending: %s" % states)
    # An open redirect through the bulk form's `back` is not possible.
    status, _, hdr = prov.post("/review", {"id": [good], "state": "approved", "note": "", "back": "//evil.example/x"})
    check(status == 303 and hdr.get("Location", "").startswith("/records"), "back stays on /records: %s" % hdr)
    # Passwords never in pages; the disabled account cannot sign in.
    Browser(port, "anonymous").login("spare_off2", PASSWORD, expect=401)


def escaping(port, db):
    tag = '<b id="x">\'&"'
    data, names, codes = st.workbook(CITY_A, REGION_A, 1, 7000, tag)
    b = Browser(port, "cityA")
    status, body, hdr = b.upload([("<i>esc</i>.xlsx", data)])
    check(status == 303, "upload of a workbook with markup in a name: %s" % status)
    with sqlite3.connect(str(db)) as c:
        rid = c.execute("SELECT id FROM records WHERE credit_code = ?", (codes[0],)).fetchone()[0]
    prov = Browser(port, "province")
    for who, path in (("cityA", hdr["Location"]), ("cityA", "/records"), ("cityA", "/records/%d" % rid),
                      ("province", "/records?city=" + quote(CITY_A)), ("province", "/uploads")):
        status, body, _ = (b if who == "cityA" else prov).get(path)
        check(status == 200, "%s: 200, got %s" % (path, status))
        check(b'<b id="x">' not in body and b"<i>esc</i>" not in body, "%s: the markup is not in the page raw" % path)
        # The Content-Security-Policy allows no inline style or script: the pages must not need any.
        check(b" style=" not in body and b"<script>" not in body and b" on" + b"click=" not in body,
              "%s: no inline style or script" % path)
    status, body, _ = b.get("/records/%d" % rid)
    check(b"&lt;b id=&quot;x&quot;&gt;&#39;&amp;&quot;" in body, "the name is shown escaped")


def hostile(port, accounts):
    b = Browser(port, "cityA")
    valid, _, _ = st.workbook(CITY_A, REGION_A, 1, 9000, "坏")
    for name, data in (("garbage.xlsx", bytes(range(256)) * 400), ("truncated.xlsx", valid[: len(valid) // 2]),
                       ("doctype.xml", b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "a">]><Workbook/>')):
        status, body, _ = b.upload([(name, data)])
        codes = re.findall(rb'data-code="([a-z_.0-9]+)"', body)
        print("  %-15s -> %s %s" % (name, status, codes[:3]), flush=True)
        check(status == 422 and codes, "%s: 422 with the reader's reason code, got %s" % (name, status))
        check(b.get("/uploads")[0] == 200, "server answers after %s" % name)
    status, body, _ = b.upload([])
    check(status == 400 and b"upload.no_file" in body, "an upload without a file: 400, got %s" % status)
    status, body, hdr = b.get("/_test/throw")
    check(status == 500 and hdr.get("Content-Type", "").startswith("text/html") and b"server.error" in body,
          "an unexpected exception: a 500 page, got %s" % status)
    check(b.get("/uploads")[0] == 200, "server answers after an unexpected exception")
    status, _, _ = b.get("/login%0aipsurvey%20serve:%20forged%20access%20method=POST")
    check(status in (303, 404), "a path with a line break: answered, got %s" % status)
    status, _, _ = b.get("/nothing-here")
    check(status == 404, "an unknown page: 404, got %s" % status)
    # A client dribbling its request head, a byte every 2 s (within the 30 s receive timeout),
    # is cut off by the head deadline (20 s); the server answers others meanwhile.
    answer, took = dribble(port, b"GET /login HTTP/1.1\r\nHost: x\r\n", b"X",
                           lambda: check(b.get("/uploads")[0] == 200, "server answers while a client dribbles"))
    print("  dribbling client cut off after %.1f s" % took, flush=True)
    check(answer == b"" and 15 <= took <= 35, "a dribbling request head is cut off after ~20 s: %.1f" % took)
    # The same with a body (the sign-in form, open to anyone): 408 at the body deadline (15 s here).
    answer, took = dribble(port, b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded"
                           b"\r\nContent-Length: 1000\r\n\r\n", b"a")
    print("  dribbled body answered %r after %.1f s" % (answer[:12], took), flush=True)
    check(answer.startswith(b"HTTP/1.1 408") and 12 <= took <= 30, "a dribbled body gets 408 at its deadline")
    # And an upload, whose parts are read straight from the connection.
    answer, took = dribble(port, ("POST /uploads HTTP/1.1\r\nHost: x\r\nCookie: %s\r\nContent-Type: multipart/form-data; "
                                  "boundary=XyZ\r\nContent-Length: 100000\r\n\r\n--XyZ\r\nContent-Disposition: "
                                  "form-data; name=\"file\"; filename=\"slow.xlsx\"\r\n\r\n" % b.cookie).encode(), b"P")
    print("  dribbled upload answered %r after %.1f s" % (answer[:12], took), flush=True)
    check(answer.startswith(b"HTTP/1.1 408") and 12 <= took <= 30, "a dribbled upload gets 408 at its deadline")
    check(b.get("/uploads")[0] == 200, "server answers after the dribbled upload")


def dribble(port, head, byte, meanwhile=None):
    """Sends `head`, then `byte` every 2 s (calling `meanwhile` every 10 s) until the server answers
    or closes the connection, for at most 60 s; returns (what it answered, seconds taken)."""
    import socket as sk
    s = sk.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(head)
    s.settimeout(2)
    t0, answer = time.time(), b""
    while time.time() - t0 < 60:
        try:
            s.sendall(byte)
            chunk = s.recv(4096)
        except sk.timeout:
            chunk = None
        except OSError:
            break
        if chunk == b"":
            break
        if chunk:
            answer += chunk
            if b"\r\n\r\n" in answer:
                break
        if meanwhile and int(time.time() - t0) % 10 == 0:
            meanwhile()
    took = time.time() - t0
    s.close()
    return answer, took

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ipsurvey", required=True)
    args = ap.parse_args()
    ipsurvey = str(Path(args.ipsurvey).resolve())
    tmp = Path(tempfile.mkdtemp(prefix="ipsurvey-web-"))
    db = tmp / "web.db"
    users = [("province", ["--role", "province"]), ("city_a", ["--role", "city", "--city", CITY_A]),
             ("city_b", ["--role", "city", "--city", CITY_B]), ("bank_x", ["--role", "bank", "--bank", BANK_X]),
             ("bank_y", ["--role", "bank", "--bank", st.BANK_Y])]
    users += [(n, ["--role", "city", "--city", CITY_A]) for n in
              ("spare_pw", "spare_off", "spare_pw2", "spare_off2", "spare_rl", "spare_par")]
    if not st.add_users(ipsurvey, db, users):
        return 1
    # The body deadline is 120 s; 15 s here, so that the test of a dribbled body stays short.
    server = st.Server(ipsurvey, db, tmp / "server.log", {"IPSURVEY_SERVE_BODY_SECONDS": "15"})
    try:
        s = seed(server.port, db)
        browsers = {a: Browser(server.port, a) for a in ACTORS}
        st.run_sections([("access matrix", lambda: access_matrix(server.port, db, browsers, s)),
                         ("sessions", lambda: sessions(server.port, db, s)),
                         ("escaping", lambda: escaping(server.port, db)),
                         ("hostile uploads", lambda: hostile(server.port, ACCOUNTS))])
    finally:
        server.stop()
    return st.finish(server, tmp, [
        (lambda log: not re.search(r"[0-9a-f]{64}", log), "no session id or token in the server's log"),
        (lambda log: all(line.startswith("ipsurvey serve: ") or not line.strip() for line in log.splitlines()
                         if "Sanitizer" not in line), "every log line is the server's own (no injected lines)")])


if __name__ == "__main__":
    sys.exit(main())

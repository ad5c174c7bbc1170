"""`ipsurvey serve`'s HTML pages driven end to end by a real browser (headless Chromium via Selenium).

    /usr/bin/python3 tests/collector/browser_test.py --ipsurvey build/ipsurvey [--artifacts DIR] [--keep]

(run by CTest as `browser_e2e`; exit 77 = skipped when Chromium, chromedriver or Selenium is missing).
On a fresh database with a province, two cities (石家庄, 保定) and a bank (中国银行) account:

1. The city signs in through /login, uploads (the page's XHR upload with progress) a summary table of
   four enterprises, one with a wrong credit-code check digit: the results page lists that problem
   (code and cell), and the problem-marked workbook, fetched with the browser's session cookie,
   has a comment on that cell. The corrected workbook is uploaded next: no error, and an
   enterprise's page shows its second version. With JavaScript off (a second browser) 保定 uploads
   through the plain form and lands on the results page too.
2. The province filters the roster to 石家庄, approves three enterprises in bulk, returns a fourth
   from its page with a note (the city sees the note), and exports 中国银行's list for 石家庄 as XLSX
   through the real browser download: it holds exactly the approved enterprises naming 中国银行.
3. The bank's page lists exactly those enterprises; its XLSX download (via the browser) too.
4. Security: the session cookie is HttpOnly and SameSite=Strict; after sign-out the old cookie is
   refused (303 to /login); a POST without the CSRF token is 403 csrf.invalid.
5. A full-page screenshot of every page into --artifacts (01-login.png ...).

Checks are on codes, cells, ids and attributes, never on wording. Exit 0 when all pass, 1 when any fails.
"""
import argparse
import importlib.util
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

SKIP = 77
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
PASSWORD = "browser-test-password"
WAIT = 30  # seconds: the bound of every wait

failures = []


def check(cond, what):
    print("%s: %s" % ("ok  " if cond else "FAIL", what), flush=True)
    if not cond:
        failures.append(what)
    return cond


# ------------------------------------------------------------------------------------------
# Workbooks: a summary table (one header row, one enterprise a row), written with openpyxl.
# ------------------------------------------------------------------------------------------

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]         # GB 11714
HEADERS = ["序号", "企业名称", "统一社会信用代码", "所在城市", "所在地址", "企业性质", "企业规模", "所属行业",
           "联系人", "电话/手机", "拟融资额（万元）", "期望贷款期限", "拟合作银行（可填写多个）",
           "能够接受的最高融资成本", "融资目的（可多选）", "有效专利量"]
CODE_COLUMN = "C"  # 统一社会信用代码


def org_check(first8):
    s = sum((int(c) if c.isdigit() else 10 + ord(c) - ord("A")) * w for c, w in zip(first8, ORG_WEIGHTS))
    check_digit = 11 - s % 11
    return "X" if check_digit == 10 else "0" if check_digit == 11 else str(check_digit)


def credit_code(region, serial):
    """A valid unified social credit code (both check characters), unique per serial."""
    org8 = "MA%06d" % serial
    body = "91" + region + org8 + org_check(org8)
    total = sum(ALPHABET.index(ch) * pow(3, i, 31) for i, ch in enumerate(body))
    return body + ALPHABET[(31 - total % 31) % 31]


def wrong_check_digit(code):
    return code[:-1] + ALPHABET[(ALPHABET.index(code[-1]) + 1) % 31]


def enterprises(city, region, first_serial, banks):
    """[(name, code, banks)] — one enterprise per entry of `banks`."""
    return [("%s浏览器测试第%06d科技有限公司" % (city[:-1], first_serial + i), credit_code(region, first_serial + i), b)
            for i, b in enumerate(banks)]


def summary_workbook(path, city, ents, bad_index=None):
    """Writes the table; the enterprise at `bad_index` gets a wrong check digit. Returns its cell."""
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "汇总表"
    ws.append(HEADERS)
    bad_cell = None
    for i, (name, code, banks) in enumerate(ents):
        if i == bad_index:
            code = wrong_check_digit(code)
            bad_cell = "%s%d" % (CODE_COLUMN, i + 2)
        ws.append([i + 1, name, code, city, "河北省%s裕华路%d号" % (city, 10 + i), "民营企业", "小型", "信息智能",
                   "王伟", "13%09d" % (123456789 + i), 100 * (i + 1), "6个月—1年", banks, "5%-6%",
                   "补充周转资金", 3 + i])
        ws["%s%d" % (CODE_COLUMN, i + 2)].number_format = "@"
    wb.save(path)
    return bad_cell


# The server: serve_test.py's Server (started with the test routes, which this test does not use).
_spec = importlib.util.spec_from_file_location("serve_test", Path(__file__).resolve().parent / "serve_test.py")
_serve_test = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_serve_test)
Server = _serve_test.Server


# ------------------------------------------------------------------------------------------
# HTTP outside the browser (urllib, the browser's cookie), never following redirects
# ------------------------------------------------------------------------------------------

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def http(url, cookie=None, data=None, timeout=60):
    """(status, headers, body) of one request; 3xx and 4xx are answers, not exceptions."""
    headers = {}
    if cookie:
        headers["Cookie"] = cookie
    if data is not None:
        data = urllib.parse.urlencode(data).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    req = urllib.request.Request(url, data=data, headers=headers, method="POST" if data is not None else "GET")
    try:
        with OPENER.open(req, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def cookie_header(driver):
    return "; ".join("%s=%s" % (c["name"], c["value"]) for c in driver.get_cookies())


def session_cookie(driver):
    for c in driver.get_cookies():
        if c["name"] == "ipsurvey_session":
            return c
    return None


# ------------------------------------------------------------------------------------------
# The browser
# ------------------------------------------------------------------------------------------

def make_driver(profile_dir, download_dir, javascript=True):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=%s" % profile_dir,
              "--lang=zh-CN"]:
        opts.add_argument(a)
    prefs = {"download.default_directory": str(download_dir), "download.prompt_for_download": False,
             "download.directory_upgrade": True, "safebrowsing.enabled": False}
    if not javascript:
        prefs["profile.managed_default_content_settings.javascript"] = 2
    opts.add_experimental_option("prefs", prefs)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(WAIT)
    try:  # headless downloads: allow them into download_dir
        driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(download_dir)})
    except Exception:  # noqa: BLE001
        pass
    return driver


class Browser:
    """A driver and the helpers the flow uses."""

    def __init__(self, driver, server, artifacts, download_dir):
        self.d, self.server, self.artifacts, self.downloads = driver, server, artifacts, Path(download_dir)
        self.console = []  # (page, level, message)

    def wait(self, cond, what, timeout=WAIT):
        from selenium.webdriver.support.ui import WebDriverWait
        try:
            return WebDriverWait(self.d, timeout).until(cond)
        except Exception as e:  # noqa: BLE001
            raise AssertionError("timed out after %ss waiting for %s (at %s)" % (timeout, what, self.d.current_url)) \
                from e

    def get(self, path):
        self.d.get(self.server.base + path)
        self.wait(lambda d: d.execute_script("return document.readyState") == "complete", "page load of " + path)
        self.collect_console()

    def path(self):
        u = urllib.parse.urlsplit(self.d.current_url)
        return u.path + ("?" + u.query if u.query else "")

    def query(self):
        return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.d.current_url).query))

    def css(self, sel):
        from selenium.webdriver.common.by import By
        return self.d.find_elements(By.CSS_SELECTOR, sel)

    def one(self, sel):
        from selenium.webdriver.common.by import By
        return self.d.find_element(By.CSS_SELECTOR, sel)

    def wait_css(self, sel, what=None):
        return self.wait(lambda d: self.css(sel) or False, what or sel)

    def click_and_load(self, element, what, url_cond=None):
        """Clicks, then waits for the next page (its old <html> gone, the new one loaded)."""
        old = self.one("html")
        element.click()
        self.wait(lambda d: self._stale(old), "navigation after " + what)
        self.wait(lambda d: d.execute_script("return document.readyState") == "complete", "load after " + what)
        if url_cond:
            self.wait(lambda d: url_cond(self.path()), "url after %s (%s)" % (what, self.path()))
        self.collect_console()

    @staticmethod
    def _stale(element):
        try:
            element.tag_name
            return False
        except Exception:  # noqa: BLE001 (StaleElementReferenceException)
            return True

    def collect_console(self):
        try:
            for e in self.d.get_log("browser"):
                self.console.append((self.path(), e.get("level"), e.get("message", "")))
        except Exception:  # noqa: BLE001
            pass

    def select(self, sel, value):
        from selenium.webdriver.support.ui import Select
        Select(self.one(sel)).select_by_value(value)

    def sign_in(self, name, password=PASSWORD):
        self.get("/login")
        self.one("form[action='/login'] input[name=name]").send_keys(name)
        self.one("form[action='/login'] input[name=password]").send_keys(password)
        self.click_and_load(self.one("form[action='/login'] button[type=submit]"), "sign-in of " + name)

    def sign_out(self):
        self.click_and_load(self.one("header form[action='/logout'] button[type=submit]"), "sign-out",
                            lambda p: p.startswith("/login"))

    def shot(self, name):
        """A full-page screenshot: the viewport made as tall (and, if the page overflows, as wide) as the page."""
        d = self.d
        size = d.get_window_size()
        try:
            for _ in range(3):  # the window's frame is not the viewport: grow until the page fits
                need_h, need_w, inner_h, inner_w = d.execute_script(
                    "var e = document.documentElement; return [Math.max(document.body.scrollHeight, e.scrollHeight),"
                    " Math.max(document.body.scrollWidth, e.scrollWidth), window.innerHeight, e.clientWidth];")
                if need_h <= inner_h and need_w <= inner_w:
                    break
                cur = d.get_window_size()
                d.set_window_size(min(cur["width"] + max(0, need_w - inner_w), 3000),
                                  min(cur["height"] + max(0, need_h - inner_h), 12000))
                time.sleep(0.2)
            path = self.artifacts / (name + ".png")
            d.save_screenshot(str(path))
            print("      screenshot %s" % path, flush=True)
        finally:
            d.set_window_size(size["width"], size["height"])

    def scroll_table_right(self, table_sel):
        """Scrolls the .scroll box around a wide table to its right end (for a screenshot of its last columns)."""
        self.d.execute_script("var t = document.querySelector(arguments[0]); var s = t && t.closest('.scroll');"
                              " if (s) s.scrollLeft = s.scrollWidth;", table_sel)

    def download(self, click, what, suffix):
        """Clicks something that downloads a file; waits for it in the download folder; returns its path."""
        before = set(self.downloads.iterdir())
        click()
        deadline = time.time() + WAIT
        while time.time() < deadline:
            new = [p for p in self.downloads.iterdir() if p not in before]
            done = [p for p in new if p.name.endswith(suffix) and not p.name.endswith(".crdownload")]
            partial = [p for p in new if p.name.endswith(".crdownload")]
            if done and not partial:
                time.sleep(0.2)
                return done[0]
            time.sleep(0.2)
        raise AssertionError("no %s download of %s within %ss (folder: %s)" %
                             (suffix, what, WAIT, sorted(p.name for p in self.downloads.iterdir())))


# ------------------------------------------------------------------------------------------
# Reading the pages
# ------------------------------------------------------------------------------------------

def result_enterprises(b):
    """{credit code: (record id, version)} from the results / upload page's enterprise table."""
    out = {}
    for tr in b.css("div.upload table tr"):
        tds = tr.find_elements("css selector", "td")
        links = tr.find_elements("css selector", "td a[href^='/records/']")
        if len(tds) >= 4 and links:
            rid = int(links[0].get_attribute("href").rsplit("/", 1)[1])
            out[tds[1].text.strip()] = (rid, int(tds[3].text.strip()))
    return out


def problems(b):
    return [(tr.get_attribute("data-code"), tr.get_attribute("data-cell"),
             "error" if tr.find_elements("css selector", ".badge.s-error") else "other")
            for tr in b.css("tr.problem")]


CODE_HEADERS = ("统一社会信用代码", "信用代码")  # the bank list takes the survey form's label, 信用代码


def xlsx_codes(path):
    """The credit codes of an exported list: the column headed 统一社会信用代码 (or the form's 信用代码)."""
    import openpyxl
    wb = openpyxl.load_workbook(str(path), read_only=True)
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    for i, row in enumerate(rows[:10]):
        texts = [str(v).strip() if v is not None else "" for v in (row or ())]
        for header in CODE_HEADERS:
            if header in texts:
                col = texts.index(header)
                return [str(r[col]).strip() for r in rows[i + 1:] if r and col < len(r) and r[col] not in (None, "")]
    raise AssertionError("no credit-code header in the first rows of %s" % path)


# ------------------------------------------------------------------------------------------
# The flow
# ------------------------------------------------------------------------------------------

SJZ, SJZ_REGION = "石家庄市", "130100"
BD, BD_REGION = "保定市", "130600"
BANK = "中国银行"
RETURN_NOTE = "请核对拟融资额 NOTE-7Q3"


def city_flow(b, tmp, state):
    """石家庄 signs in, uploads the workbook with the mistake, then the corrected one."""
    # Four enterprises: 0 and 1 name 中行, 2 names 中行 (it will be returned), 3 only 河北银行.
    ents = enterprises(SJZ, SJZ_REGION, 700, ["中行、河北银行", "中国银行", "中行", "河北银行"])
    state["ents"] = ents
    bad_path, good_path = tmp / "石家庄-有错.xlsx", tmp / "石家庄-更正.xlsx"
    bad_cell = summary_workbook(bad_path, SJZ, ents, bad_index=1)
    summary_workbook(good_path, SJZ, ents)

    b.get("/login")
    check(bool(b.css("form[action='/login'] input[name=csrf]")), "login form carries a CSRF field")
    b.shot("01-login")
    # A wrong password first: the form again with #login-error.
    b.one("input[name=name]").send_keys("city_sjz")
    b.one("input[name=password]").send_keys("not-the-password")
    b.click_and_load(b.one("form[action='/login'] button[type=submit]"), "a wrong password")
    check(bool(b.css("#login-error")) and b.path().startswith("/login"), "wrong password: #login-error on /login")
    b.sign_in("city_sjz")
    check(b.path() == "/uploads", "city lands on /uploads after sign-in (%s)" % b.path())
    c = session_cookie(b.d)
    check(c is not None and c.get("httpOnly") is True, "session cookie is HttpOnly (%s)" % c)
    check(c is not None and c.get("sameSite") == "Strict", "session cookie is SameSite=Strict (%s)" %
          (c or {}).get("sameSite"))
    b.shot("02-city-upload")

    # The XHR upload. A flag in sessionStorage (kept across same-origin navigation) tells the
    # page's script sent it, not the browser's own form submission.
    b.d.execute_script("var s = XMLHttpRequest.prototype.send; XMLHttpRequest.prototype.send = function () {"
                       " sessionStorage.setItem('xhr-upload', '1'); return s.apply(this, arguments); };")
    b.one("#upload-form input[type=file]").send_keys(str(bad_path))
    b.wait(lambda d: len(b.css("#chosen li")) == 1, "the chosen-file list (#chosen li)")
    check(True, "the script lists the chosen file (#chosen li)")
    b.click_and_load(b.one("#upload-form button[type=submit]"), "the XHR upload",
                     lambda p: p.startswith("/uploads/results?ids="))
    check(b.d.execute_script("return sessionStorage.getItem('xhr-upload')") == "1",
          "the upload went through the page's XMLHttpRequest")
    ids = b.query().get("ids", "")
    check(ids.isdigit(), "results page for one new upload (ids=%s)" % ids)
    state["upload1"] = ids
    files = b.css("div.upload div.file")
    check(len(files) == 1 and files[0].get_attribute("data-status") == "ok", "the file is read (data-status=ok)")
    check(b.one(".records-read").text.strip() == "4", "4 records read (%s)" % b.one(".records-read").text)
    probs = problems(b)
    print("      problems: %s" % probs)
    check(("credit_code.check_digit", bad_cell, "error") in probs,
          "problem row credit_code.check_digit at %s, severity error" % bad_cell)
    check(len([p for p in probs if p[2] == "error"]) == 1, "exactly one error problem")
    links = b.css("div.file a[href$='/marked.xlsx']")
    check(len(links) == 1, "the marked-workbook link is there")
    b.shot("03-upload-results-problem")
    if links:
        href = urllib.parse.urlsplit(links[0].get_attribute("href")).path
        check(href == "/files/%s/marked.xlsx" % files[0].get_attribute("data-file"),
              "marked link is /files/<data-file>/marked.xlsx (%s)" % href)
        st, hdr, body = http(b.server.base + href, cookie_header(b.d))
        check(st == 200 and body[:2] == b"PK", "marked workbook fetched with the browser's cookie: %s" % st)
        if st == 200:
            import openpyxl
            wb = openpyxl.load_workbook(io.BytesIO(body))
            ws = wb["汇总表"] if "汇总表" in wb.sheetnames else wb.worksheets[0]
            check(ws[bad_cell].comment is not None, "marked workbook has a comment on %s" % bad_cell)
            commented = [cell.coordinate for row in ws.iter_rows() for cell in row if cell.comment]
            check(commented == [bad_cell], "only %s carries a comment (%s)" % (bad_cell, commented))
        st, _, _ = http(b.server.base + href)
        check(st in (302, 303), "marked workbook without a cookie: redirect to sign-in (%s)" % st)
    first = result_enterprises(b)
    check(set(first) == {e[1] for i, e in enumerate(ents) if i != 1} | {wrong_check_digit(ents[1][1])},
          "the results list the four enterprises as read (%s)" % sorted(first))

    # The corrected workbook.
    b.get("/uploads")
    b.one("#upload-form input[type=file]").send_keys(str(good_path))
    b.wait(lambda d: len(b.css("#chosen li")) == 1, "the chosen-file list")
    b.click_and_load(b.one("#upload-form button[type=submit]"), "the corrected upload",
                     lambda p: p.startswith("/uploads/results?ids="))
    ids2 = b.query().get("ids", "")
    check(ids2.isdigit() and ids2 != ids, "corrected upload: a new upload (ids=%s)" % ids2)
    probs = problems(b)
    check(not [p for p in probs if p[2] == "error"], "corrected upload: no error problem (%s)" % probs)
    check(not b.css("div.file a[href$='/marked.xlsx']") or probs, "no marked link without problems")
    second = result_enterprises(b)
    codes = [e[1] for e in ents]
    check(set(second) == set(codes), "corrected upload lists the four enterprises")
    for i, code in enumerate(codes):
        want = 1 if i == 1 else 2  # the fixed code is a new enterprise; the others a second version
        check(second.get(code, (0, 0))[1] == want, "enterprise %d: version %d (%s)" % (i, want, second.get(code)))
    state["rid"] = {code: second[code][0] for code in codes if code in second}
    state["bad_rid"] = first.get(wrong_check_digit(ents[1][1]), (0, 0))[0]
    b.shot("03b-upload-results-corrected")

    # The enterprise page: version 2, both versions listed, the older one links to its record.
    rid0 = state["rid"].get(codes[0])
    b.get("/records/%d" % rid0)
    vrows = [tr for tr in b.css("#versions tr") if tr.find_elements("css selector", "td")]
    check(len(vrows) == 2, "enterprise page lists 2 versions (%d)" % len(vrows))
    check(any(a.get_attribute("href").endswith("/records/%d" % first[codes[0]][0])
              for a in b.css("#versions a")), "versions link the first record")
    fields = {tr.get_attribute("data-key"): tr for tr in b.css("#fields tr[data-key]")}
    check("credit_code" in fields and codes[0] in fields["credit_code"].text, "the fields table shows the credit code")
    check(bool(b.css("#fields tr[data-key=credit_code] .cell")) and
          b.one("#fields tr[data-key=credit_code] .cell").text.strip() == "C2",
          "the credit code's source cell is C2")
    b.shot("05-enterprise-page")

    b.get("/records")
    rows = {tr.get_attribute("data-code") for tr in b.css("#roster tr[data-code]")}
    check(set(codes) <= rows, "the city's records list its enterprises")
    check(not b.css("#roster input[name=id]") and not b.css("form#bulk-review"), "a city has no review controls")
    b.shot("04-city-records")

    # Another city's record and upload are 404 for 石家庄 (the same as unknown).
    st, _, _ = http(b.server.base + "/records/999999", cookie_header(b.d))
    check(st == 404, "unknown record: 404 (%s)" % st)
    b.sign_out()


def nojs_flow(server, tmp, artifacts, state):
    """保定 with JavaScript off: the plain multipart form, then the results page."""
    bd_ents = enterprises(BD, BD_REGION, 800, ["中行", "河北银行"])
    path = tmp / "保定.xlsx"
    summary_workbook(path, BD, bd_ents)
    state["bd_codes"] = [e[1] for e in bd_ents]
    dl = tmp / "downloads-nojs"
    dl.mkdir()
    driver = make_driver(tmp / "profile-nojs", dl, javascript=False)
    try:
        b = Browser(driver, server, artifacts, dl)
        b.sign_in("city_bd")
        check(b.path() == "/uploads", "保定 lands on /uploads (%s)" % b.path())
        b.one("#upload-form input[type=file]").send_keys(str(path))
        check(not b.css("#chosen li"), "no script ran (#chosen stays empty)")
        b.click_and_load(b.one("#upload-form button[type=submit]"), "the plain-form upload",
                         lambda p: p.startswith("/uploads/results?ids="))
        ids = b.query().get("ids", "")
        check(ids.isdigit(), "no-JS upload lands on the results page (ids=%s)" % ids)
        got = result_enterprises(b)
        check(set(got) == set(state["bd_codes"]), "no-JS results list 保定's enterprises")
        check(not problems(b), "no-JS upload: no problem")
        b.shot("03c-upload-results-nojs")
        st, _, _ = http(server.base + "/uploads/" + state["upload1"], cookie_header(b.d))
        check(st == 404, "保定 asking for 石家庄's upload: 404 (%s)" % st)
        rid = next(iter(state["rid"].values()))
        st, _, _ = http(server.base + "/records/%d" % rid, cookie_header(b.d))
        check(st == 404, "保定 asking for a 石家庄 record: 404 (%s)" % st)
    finally:
        driver.quit()


def province_flow(b, state):
    ents, rid = state["ents"], state["rid"]
    codes = [e[1] for e in ents]
    approve = [codes[0], codes[1], codes[3]]
    returned = codes[2]
    state["approved_bank"] = {codes[0], codes[1]}  # approved and naming 中国银行

    b.sign_in("province")
    check(b.path() == "/dashboard", "province lands on /dashboard (%s)" % b.path())
    sjz = b.css("#summary tr[data-city='%s']" % SJZ)
    check(len(sjz) == 1, "the dashboard has a 石家庄 row")
    b.shot("06-province-dashboard")

    # The roster, filtered to 石家庄 through the filter form.
    b.get("/records")
    b.select("form.filters select[name=city]", SJZ)
    b.click_and_load(b.one("form.filters button[type=submit]"), "the roster filter",
                     lambda p: "city=" in p)
    check(b.query().get("city") == SJZ, "roster filtered to 石家庄 (%s)" % b.query())
    rows = {tr.get_attribute("data-code"): tr for tr in b.css("#roster tr[data-code]")}
    check(set(rows) <= set(codes) | {wrong_check_digit(codes[1])} and set(codes) <= set(rows),
          "the filtered roster holds only 石家庄's enterprises (%d rows)" % len(rows))
    check(not set(state["bd_codes"]) & set(rows), "no 保定 enterprise in the 石家庄 roster")
    for code in approve:
        box = rows[code].find_element("css selector", "input[name=id]")
        check(box.get_attribute("value") == str(rid[code]), "checkbox value is the record id of %s" % code)
        box.click()
    b.select("form#bulk-review select[name=state]", "approved")
    b.shot("07-roster")
    submit = [x for x in b.css("form#bulk-review button[type=submit]") if not x.get_attribute("name")][0]
    b.click_and_load(submit, "the bulk approval", lambda p: "reviewed=" in p)
    check(b.query().get("reviewed") == "3", "bulk review: reviewed=3 (%s)" % b.query())
    check(b.query().get("city") == SJZ, "back on the filtered roster")
    check(bool(b.css("#review-done")), "#review-done shown")
    rows = {tr.get_attribute("data-code"): tr for tr in b.css("#roster tr[data-code]")}
    for code in codes:
        want = "s-approved" if code in approve else "s-pending"
        check(bool(rows[code].find_elements("css selector", ".badge." + want)), "%s is %s" % (code, want))
    b.shot("07b-roster-after-bulk")
    b.scroll_table_right("#roster")
    b.shot("07c-roster-after-bulk-right-columns")

    # Return one from its page, with a note.
    b.get("/records/%d" % rid[returned])
    b.one("form#review-form input[name=state][value=returned]").click()
    b.one("form#review-form textarea[name=note]").send_keys(RETURN_NOTE)
    b.click_and_load(b.one("form#review-form button[type=submit]"), "the single review",
                     lambda p: p.startswith("/records/%d" % rid[returned]))
    check(b.query().get("reviewed") == "1" and bool(b.css("#review-done")), "single review saved")
    check(bool(b.css("#review-state .badge.s-returned")), "the record is returned")
    check(RETURN_NOTE in b.one("#review-note").text if b.css("#review-note") else False,
          "the province sees the note in #review-note")
    hist = [tr for tr in b.css("#history tr") if tr.find_elements("css selector", "td")]
    check(len(hist) == 1 and bool(hist[0].find_elements("css selector", ".badge.s-returned")),
          "the review history has the return")
    b.shot("05b-enterprise-returned")

    # CSRF: the same session's cookie, a POST without the token.
    cookie = cookie_header(b.d)
    st, _, body = http(b.server.base + "/review", cookie, {"id": str(rid[returned]), "state": "approved",
                                                           "back": "/records"})
    check(st == 403 and b"csrf.invalid" in body, "POST /review without the CSRF token: 403 csrf.invalid (%s)" % st)
    st, _, body = http(b.server.base + "/records/%d/review" % rid[returned], cookie, {"state": "approved"})
    check(st == 403 and b"csrf.invalid" in body, "POST /records/ID/review without the token: 403 (%s)" % st)
    st, _, body = http(b.server.base + "/records/%d/review" % rid[returned], cookie,
                       {"state": "approved", "csrf": "0" * 32})
    check(st == 403, "POST with a wrong token: 403 (%s)" % st)
    b.get("/records/%d" % rid[returned])
    check(bool(b.css("#review-state .badge.s-returned")), "the refused POSTs changed nothing")

    # Exports: the form, downloaded by Chrome.
    b.get("/exports")
    counts = [[td.text.strip() for td in tr.find_elements("css selector", "td")] for tr in b.css("#export-counts tr")]
    check([BANK, SJZ, "2"] in [r[:3] for r in counts], "export counts: 中国银行 / 石家庄 / 2 (%s)" % counts)
    b.select("form#export-form select[name=bank]", BANK)
    b.select("form#export-form select[name=city]", SJZ)
    b.select("form#export-form select[name=format]", "xlsx")
    b.shot("08-exports")
    path = b.download(lambda: b.one("form#export-form button[type=submit]").click(), "the export form", ".xlsx")
    got = xlsx_codes(path)
    print("      export file %s: %s" % (path.name, got))
    check(sorted(got) == sorted(state["approved_bank"]), "the exported list is exactly the approved 中行 set")

    b.get("/audit")
    actions = {tr.get_attribute("data-action") for tr in b.css("#audit tr[data-action]")}
    check({"import", "review", "export"} <= actions, "the audit log has import, review and export (%s)" % actions)
    b.shot("09-audit")
    b.get("/accounts")
    names = {tr.get_attribute("data-account") for tr in b.css("#accounts tr[data-account]")}
    check({"province", "city_sjz", "city_bd", "bank_boc"} <= names, "the accounts page lists the accounts")
    b.shot("10-accounts")
    b.get("/uploads")
    b.shot("10b-province-uploads")
    b.sign_out()


def city_sees_note(b, state):
    b.sign_in("city_sjz")
    rid = state["rid"][state["ents"][2][1]]
    b.get("/records/%d" % rid)
    check(bool(b.css("#review-note")) and RETURN_NOTE in b.one("#review-note").text,
          "the city sees the province's note on the record page (#review-note)")
    check(not b.css("form#review-form"), "the city has no review form")
    b.shot("05c-city-sees-note")
    # Security: the old cookie after sign-out.
    old = cookie_header(b.d)
    st, _, _ = http(b.server.base + "/records", old)
    check(st == 200, "the live cookie opens /records (%s)" % st)
    b.sign_out()
    st, hdr, _ = http(b.server.base + "/records", old)
    check(st == 303 and hdr.get("Location", "").endswith("/login"),
          "after sign-out the old cookie gets 303 to /login (%s %s)" % (st, hdr.get("Location")))
    st, _, body = http(b.server.base + "/review", old, {"id": "1", "state": "approved"})
    check(st == 403, "a POST with the old cookie: 403 (%s)" % st)


def bank_flow(b, state):
    b.sign_in("bank_boc")
    check(b.path() == "/bank", "bank lands on /bank (%s)" % b.path())
    got = {tr.get_attribute("data-code") for tr in b.css("#bank-list tr[data-code]")}
    check(got == state["approved_bank"], "the bank's list is exactly the approved 中行 enterprises (%s)" % got)
    check(b.one("#bank-total").text.strip() == str(len(state["approved_bank"])), "#bank-total")
    b.shot("11-bank")
    link = [a for a in b.css("main a[href*='/exports/download']") if "format=xlsx" in a.get_attribute("href")]
    check(len(link) == 1, "the page links its XLSX list")
    if link:
        path = b.download(link[0].click, "the bank's XLSX link", ".xlsx")
        codes = xlsx_codes(path)
        print("      bank file %s: %s" % (path.name, codes))
        check(sorted(codes) == sorted(state["approved_bank"]), "the bank's XLSX is exactly the approved 中行 set")
    for path in ["/records", "/uploads", "/exports", "/dashboard"]:
        st, _, _ = http(b.server.base + path, cookie_header(b.d))
        check(st == 403, "bank GET %s: 403 (%s)" % (path, st))
    st, _, _ = http(b.server.base + "/exports/download?bank=%s&format=csv" % urllib.parse.quote("河北银行"),
                    cookie_header(b.d))
    check(st == 403, "bank asking for another bank's list: 403 (%s)" % st)
    b.sign_out()


# ------------------------------------------------------------------------------------------

def console_report(entries):
    """The browser's console: a script error fails; CSP refusals of inline style attributes are noted."""
    csp_pages = {}
    for page, level, msg in entries:
        if level != "SEVERE" or "favicon.ico" in msg:
            continue
        if "/login" in msg and "status of 401" in msg:
            continue  # the wrong-password attempt
        if "Applying inline style violates" in msg:
            # Known: style="…" attributes in web_record_pages.cpp are blocked by the CSP (style-src 'self').
            csp_pages[page.split("?")[0]] = csp_pages.get(page.split("?")[0], 0) + 1
            continue
        check(False, "browser console on %s: %s" % (page, msg[:300]))
    for page, n in sorted(csp_pages.items()):
        print("NOTE: %s: %d inline style attribute(s) refused by the Content-Security-Policy" % (page, n))
    check(True, "no script error in the browser console")


def missing_browser():
    if not os.access(CHROMIUM, os.X_OK):
        return "%s not found" % CHROMIUM
    if not os.access(CHROMEDRIVER, os.X_OK):
        return "%s not found" % CHROMEDRIVER
    try:
        import selenium  # noqa: F401
        from selenium import webdriver  # noqa: F401
    except ImportError as e:
        return "selenium not importable (%s)" % e
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ipsurvey", required=True)
    ap.add_argument("--artifacts", default=None, help="where the screenshots go (default: a temp folder)")
    ap.add_argument("--keep", action="store_true", help="keep the temp folder")
    args = ap.parse_args()
    why = missing_browser()
    if why:
        print("SKIP: browser test needs Chromium, chromedriver and python3-selenium: " + why)
        return SKIP
    started = time.time()
    ipsurvey = str(Path(args.ipsurvey).resolve())
    tmp = Path(tempfile.mkdtemp(prefix="ipsurvey-browser-"))
    artifacts = Path(args.artifacts).resolve() if args.artifacts else tmp / "artifacts"
    if artifacts.exists():
        for p in artifacts.glob("*.png"):
            p.unlink()
    artifacts.mkdir(parents=True, exist_ok=True)
    db = tmp / "browser.db"
    users = [("province", ["--role", "province"]), ("city_sjz", ["--role", "city", "--city", "石家庄"]),
             ("city_bd", ["--role", "city", "--city", "保定"]), ("bank_boc", ["--role", "bank", "--bank", "中行"])]
    for name, extra in users:
        p = subprocess.run([ipsurvey, "user", "add", name, *extra, "--db", str(db)], input=PASSWORD + "\n",
                           capture_output=True, text=True, timeout=60)
        if not check(p.returncode == 0, "user add %s" % name):
            print(p.stdout, p.stderr)
            return 1
    server = Server(ipsurvey, db, tmp / "server.log")
    driver = None
    state = {}
    b = None
    try:
        downloads = tmp / "downloads"
        downloads.mkdir()
        driver = make_driver(tmp / "profile", downloads)
        b = Browser(driver, server, artifacts, downloads)
        for title, fn in [("city uploads", lambda: city_flow(b, tmp, state)),
                          ("no-JavaScript upload", lambda: nojs_flow(server, tmp, artifacts, state)),
                          ("province review and export", lambda: province_flow(b, state)),
                          ("city sees the note; sign-out", lambda: city_sees_note(b, state)),
                          ("bank list", lambda: bank_flow(b, state))]:
            t = time.time()
            before = len(failures)
            print("== %s" % title, flush=True)
            try:
                fn()
            except Exception as e:  # noqa: BLE001
                import traceback
                traceback.print_exc()
                failures.append("%s: %s" % (title, e))
                if driver:
                    try:
                        b.shot("zz-failure-" + title.split()[0])
                    except Exception:  # noqa: BLE001
                        pass
                print("FAIL: %s stopped: %s" % (title, e), flush=True)
                if title == "city uploads":
                    break  # everything after needs its records
                try:  # the next section starts signed out
                    if b.css("header form[action='/logout'] button"):
                        b.sign_out()
                except Exception:  # noqa: BLE001
                    driver.delete_all_cookies()
            print("%s  %s  (%d failed checks, %.1fs)" % ("PASS" if len(failures) == before else "FAIL", title,
                                                        len(failures) - before, time.time() - t), flush=True)
        if b:
            b.collect_console()
            console_report(b.console)
    finally:
        if driver:
            try:
                driver.quit()
            except Exception:  # noqa: BLE001
                pass
        server.stop()
    log = Path(tmp / "server.log").read_text(errors="replace")
    check(PASSWORD not in log, "the password never appears in the server's log")
    check(server.proc.returncode == 0, "server exits cleanly on SIGTERM (%s)" % server.proc.returncode)
    print("artifacts: %s" % artifacts)
    print("time: %.1fs" % (time.time() - started))
    if failures:
        print("server log tail:\n" + "\n".join(log.splitlines()[-40:]))
        print("%d failed checks (files kept in %s)" % (len(failures), tmp))
        return 1
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

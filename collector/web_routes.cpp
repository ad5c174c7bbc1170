#include "collector/web_routes.h"

#include <Poco/Net/NameValueCollection.h>

#include <stdexcept>

#include "collector/serve_context.h"
#include "collector/web_handlers.h"
#include "db/account_store.h"

namespace ipsurvey::collector {
namespace {

constexpr const char* kCookie = "ipsurvey_session";

enum Roles : unsigned { kAnyone = 0, kProvince = 1, kCity = 2, kBank = 4, kSignedIn = 7 };

struct Route {
  const char* method;
  const char* pattern;  // "{id}" matches a decimal id
  unsigned roles;       // kAnyone: no sign-in needed
  void (*handler)(WebRequest&);
  bool multipart = false;  // the handler reads its own body (and checks the CSRF token)
};

void page_home(WebRequest& r);
void page_login(WebRequest& r);
void post_login(WebRequest& r);
void post_logout(WebRequest& r);

const std::vector<Route>& routes() {
  static const std::vector<Route> table = {
      {"GET", "/", kAnyone, page_home},
      {"GET", "/login", kAnyone, page_login},
      {"POST", "/login", kAnyone, post_login},
      {"POST", "/logout", kSignedIn, post_logout},
      {"GET", "/uploads", kCity | kProvince, page_uploads},
      {"POST", "/uploads", kCity | kProvince, post_uploads, true},
      {"GET", "/uploads/results", kCity | kProvince, page_upload_results},
      {"GET", "/uploads/{id}", kCity | kProvince, page_upload},
      {"GET", "/files/{id}/marked.xlsx", kCity | kProvince, download_marked_workbook},
      {"GET", "/templates/survey.xlsx", kCity | kProvince, download_template},
      {"GET", "/templates/ledger.xlsx", kCity | kProvince, download_template},
      {"GET", "/records", kCity | kProvince, page_records},
      {"GET", "/records/{id}", kCity | kProvince, page_record},
      {"POST", "/records/{id}/review", kProvince, post_review},
      {"POST", "/review", kProvince, post_bulk_review},
      {"GET", "/dashboard", kProvince, page_dashboard},
      {"GET", "/exports", kProvince, page_exports},
      {"GET", "/exports/download", kProvince | kBank, download_bank_list},
      {"GET", "/audit", kProvince, page_audit},
      {"GET", "/accounts", kProvince, page_accounts},
      {"POST", "/accounts", kProvince, post_account_add},
      {"POST", "/accounts/{id}/password", kProvince, post_account_password},
      {"POST", "/accounts/{id}/disable", kProvince, post_account_disable},
      {"POST", "/accounts/{id}/enable", kProvince, post_account_enable},
      {"GET", "/bank", kBank | kProvince, page_bank},
  };
  return table;
}

unsigned role_bit(const WebUser& user) {
  if (user.is("province")) return kProvince;
  if (user.is("city")) return kCity;
  if (user.is("bank")) return kBank;
  return 0;
}

// Matches `path` against `pattern`; the {id} segment's value into *id.
bool match(const char* pattern, const std::string& path, int64_t* id) {
  std::string_view p(pattern), s(path);
  while (!p.empty() && !s.empty()) {
    if (p.substr(0, 4) == "{id}") {
      size_t n = 0;
      while (n < s.size() && s[n] >= '0' && s[n] <= '9') ++n;
      if (n == 0 || n > 18) return false;
      *id = std::stoll(std::string(s.substr(0, n)));
      p.remove_prefix(4);
      s.remove_prefix(n);
      continue;
    }
    if (p.front() != s.front()) return false;
    p.remove_prefix(1);
    s.remove_prefix(1);
  }
  return p.empty() && s.empty();
}

void set_session_cookie(Exchange& x, const std::string& id) {
  x.resp.add("Set-Cookie", std::string(kCookie) + "=" + id + "; Path=/; HttpOnly; SameSite=Strict");
}

void clear_session_cookie(Exchange& x) {
  x.resp.add("Set-Cookie", std::string(kCookie) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
}

// The session the request's cookie names, and its account when it is still
// enabled and its password unchanged since sign-in (else the session ends).
void load_session(Exchange& x, WebUser& user) {
  Poco::Net::NameValueCollection cookies;
  x.req.getCookies(cookies);
  const std::string id = cookies.get(kCookie, "");
  if (id.empty()) return;
  auto session = x.ctx.sessions.touch(id);
  if (!session) return;
  user.session = *session;
  if (session->account.empty()) return;
  auto account = db::find_account(x.db(), session->account);
  if (!account || account->disabled || account->password_hash != session->hash_seen) {
    x.ctx.sessions.remove(id);
    user.session = Session{};
    return;
  }
  user.account = *account;
  x.account = account->name;
}

std::string home_of(const WebUser& user) {
  if (user.is("province")) return "/dashboard";
  if (user.is("city")) return "/uploads";
  if (user.is("bank")) return "/bank";
  return "/login";
}

void page_home(WebRequest& r) { redirect(r.x, home_of(r.user)); }

void login_form(WebRequest& r, const std::string& name, const std::string& error, int status) {
  Html h;
  h.raw("<div class=\"login card\">");
  if (!error.empty()) h.raw("<div class=\"flash bad\" id=\"login-error\">").text(error).raw("</div>");
  h.raw("<form method=\"post\" action=\"/login\">");
  csrf_field(h, r.user);
  h.raw("<label>账户名<input type=\"text\" name=\"name\" autocomplete=\"username\" required maxlength=\"64\"")
      .attr("value", name)
      .raw("></label><label>密码<input type=\"password\" name=\"password\" autocomplete=\"current-password\" "
           "required maxlength=\"128\"></label><p><button type=\"submit\">登录</button></p></form>"
           "<p class=\"muted\">账户由省局开设。连续输错密码会被暂时禁止登录。</p></div>");
  send_page(r.x, r.user, "登录", h, status);
}

void page_login(WebRequest& r) {
  if (r.user.signed_in()) return redirect(r.x, home_of(r.user));
  if (r.user.session.id.empty()) {
    // A session before sign-in carries the login form's CSRF token.
    r.user.session = r.x.ctx.sessions.create("", "");
    set_session_cookie(r.x, r.user.session.id);
  }
  login_form(r, "", "", 200);
}

void post_login(WebRequest& r) {
  if (r.user.signed_in()) return redirect(r.x, home_of(r.user));
  const std::string name = r.field("name"), password = r.field("password");
  const std::string address = r.x.req.clientAddress().host().toString();
  const SignIn attempt = r.x.ctx.credentials.sign_in(r.x.db(), name, password, r.x.ctx.login_limiter, address);
  if (attempt.wait_seconds > 0) {
    r.x.resp.set("Retry-After", std::to_string(attempt.wait_seconds));
    return login_form(r, name,
                      "登录失败次数过多，请 " + std::to_string((attempt.wait_seconds + 59) / 60) + " 分钟后再试", 429);
  }
  if (!attempt.account) return login_form(r, name, "账户名或密码不对，或账户已停用", 401);
  const db::Account* account = &*attempt.account;
  // A new id at sign-in: the session before it (and its token) ends.
  r.x.ctx.sessions.remove(r.user.session.id);
  r.user.session = r.x.ctx.sessions.create(account->name, account->password_hash);
  r.user.account = *account;
  r.x.account = account->name;
  set_session_cookie(r.x, r.user.session.id);
  redirect(r.x, home_of(r.user));
}

void post_logout(WebRequest& r) {
  r.x.ctx.sessions.remove(r.user.session.id);
  clear_session_cookie(r.x);
  r.user = WebUser{};
  redirect(r.x, "/login");
}

}  // namespace

std::string WebRequest::field(const std::string& name) const { return form_field(form, name); }

std::string WebRequest::param(const std::string& name) const {
  auto it = query.find(name);
  return it == query.end() ? std::string() : it->second;
}

void route_web(Exchange& x, WebUser& user) {
  const std::string& path = x.path();
  if (x.req.getMethod() == "GET" && serve_static(x, path)) return;
  load_session(x, user);
  if (x.ctx.test_routes && path == "/_test/throw") throw std::logic_error("test route: unexpected exception");
  const Route* found = nullptr;
  bool path_known = false;
  int64_t id = 0;
  for (const auto& route : routes()) {
    if (!match(route.pattern, path, &id)) continue;
    path_known = true;
    if (x.req.getMethod() == route.method) {
      found = &route;
      break;
    }
  }
  if (!found) {
    if (path_known) throw HttpError(405, "request.method", "这个地址不接受 " + x.req.getMethod().substr(0, 16));
    throw HttpError(404, "not_found", "没有这个页面");
  }
  if (found->roles != kAnyone) {
    if (!user.signed_in()) {
      if (x.req.getMethod() == "GET") return redirect(x, "/login");
      throw HttpError(403, "auth.required", "请先登录");
    }
    if (!(found->roles & role_bit(user))) throw HttpError(403, "access.denied", "您的账户无权使用这个页面");
  }
  if (x.req.getMethod() == "POST") refuse_cross_site(x);
  WebRequest r(x, user);
  r.id = id;
  r.query = query_of(x.req);
  if (x.req.getMethod() == "POST" && !found->multipart) {
    r.form = read_form_body(x);
    // Every form carries the session's token (the login form that of the
    // session made when it was shown): a request from another site has none.
    if (user.session.id.empty() || !same_token(r.field("csrf"), user.session.csrf))
      throw HttpError(403, "csrf.invalid", "表单已过期或来源不明，请刷新页面后重试");
  }
  found->handler(r);
}

}  // namespace ipsurvey::collector

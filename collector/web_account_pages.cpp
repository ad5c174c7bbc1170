// The province's account management: list, add (role, city or bank), set a
// new password, disable and enable. Passwords are hashed here (Argon2id) and
// never stored, shown or logged; a changed password or a disabled account
// ends that account's browser sessions at once.
#include "collector/password_hash.h"
#include "collector/serve_context.h"
#include "collector/survey_filter_options.h"
#include "collector/web_handlers.h"
#include "db/account_store.h"
#include "forms/banks.h"

namespace ipsurvey::collector {
namespace {

db::Account account_by_id(WebRequest& r) {
  auto a = db::find_account(r.x.db(), r.id);
  if (!a) throw HttpError(404, "account.not_found", "没有这个账户");
  return *a;
}

std::string checked_password(WebRequest& r) {
  const std::string password = r.field("password");
  if (!acceptable_password(password)) throw HttpError(400, "account.bad_password", "密码应为 10 到 128 个字节");
  if (password != r.field("password2")) throw HttpError(400, "account.password_mismatch", "两次输入的密码不一致");
  return password;
}

std::string hashed(const std::string& password) {
  const std::string hash = hash_password(password);
  if (hash.empty()) throw std::runtime_error("password hashing failed");
  return hash;
}

}  // namespace

void page_accounts(WebRequest& r) {
  db::Database& db = r.x.db();
  Html h;
  if (!r.param("done").empty()) h.raw("<div class=\"flash\" id=\"account-done\">已保存。</div>");
  h.raw("<div class=\"scroll\"><table id=\"accounts\"><tr><th>账户名</th><th>角色</th><th>城市 / 银行</th><th>开设时间</th>"
        "<th>状态</th><th>设置新密码</th><th>停用 / 启用</th></tr>");
  for (const auto& a : db::list_accounts(db)) {
    const std::string base = "/accounts/" + std::to_string(a.id);
    h.raw("<tr").attr("data-account", a.name).raw("><td>").text(a.name).raw("</td><td>").raw(role_label(a.role))
        .raw("</td><td>").text(a.role == "city" ? a.city : a.bank).raw("</td><td>").text(china_time(a.created_at))
        .raw("</td><td>");
    badge(h, a.disabled ? "rejected" : "approved", a.disabled ? "已停用" : "正常");
    h.raw("</td><td><form class=\"inline\" method=\"post\"").attr("action", base + "/password").raw(">");
    csrf_field(h, r.user);
    h.raw("<input type=\"password\" name=\"password\" placeholder=\"新密码\" autocomplete=\"new-password\" size=\"10\" "
          "required minlength=\"10\" maxlength=\"128\"> <input type=\"password\" name=\"password2\" placeholder=\"再输一次\" "
          "autocomplete=\"new-password\" size=\"10\" required> <button type=\"submit\" class=\"secondary\">设置</button>"
          "</form></td><td><form class=\"inline\" method=\"post\"")
        .attr("action", base + (a.disabled ? "/enable" : "/disable"))
        .raw(">");
    csrf_field(h, r.user);
    if (a.disabled) h.raw("<button type=\"submit\" class=\"secondary\">启用</button>");
    else if (a.name != r.user.account.name) h.raw("<button type=\"submit\" class=\"danger\">停用</button>");
    h.raw("</form></td></tr>");
  }
  h.raw("</table></div><div class=\"card\"><h2>开设账户</h2><form method=\"post\" action=\"/accounts\" id=\"add-account\">");
  csrf_field(h, r.user);
  std::vector<std::pair<std::string, std::string>> cities, banks;
  for (const auto& c : known_cities(db)) cities.emplace_back(c, c);
  for (const auto& b : Banks::instance().full_names()) banks.emplace_back(b, b);
  h.raw("<p><label>账户名<input type=\"text\" name=\"name\" required maxlength=\"64\"></label><label>角色");
  select_box(h, "role", {{"city", "城市"}, {"bank", "银行"}, {"province", "省局"}}, "city");
  h.raw("</label><label>城市（城市账户）");
  select_box(h, "city", cities, "", "—");
  h.raw("</label><label>银行（银行账户）");
  select_box(h, "bank", banks, "", "—");
  h.raw("</label></p><p><label>密码<input type=\"password\" name=\"password\" autocomplete=\"new-password\" required "
        "minlength=\"10\" maxlength=\"128\"></label><label>再输一次<input type=\"password\" name=\"password2\" "
        "autocomplete=\"new-password\" required></label> <button type=\"submit\">开设</button></p>"
        "<p class=\"muted\">密码 10 到 128 个字节，只保存其 Argon2id 散列。</p></form></div>");
  send_page(r.x, r.user, "账户管理", h);
}

void post_account_add(WebRequest& r) {
  db::Account a;
  a.name = r.field("name");
  a.role = r.field("role");
  if (!db::valid_account_role(a.role)) throw HttpError(400, "account.bad_role", "角色无效");
  if (!db::valid_account_name(a.name))
    throw HttpError(400, "account.bad_name", "账户名应为 1 到 64 个字节，不含空格、控制字符、“=”和“:”");
  if (a.role == "city") a.city = known_city(r.field("city"));
  if (a.role == "bank") {
    a.bank = bank_full_name(r.field("bank"));
    if (a.bank.empty()) throw HttpError(400, "request.unknown_bank", "银行账户需要选择银行");
  }
  a.password_hash = hashed(checked_password(r));
  switch (db::add_account(r.x.db(), a, r.user.account.name)) {
    case db::AccountResult::Done: break;
    case db::AccountResult::Exists: throw HttpError(409, "account.exists", "已有同名账户");
    default: throw HttpError(400, "account.invalid", "账户信息不完整");
  }
  log_event("account add account=" + r.user.account.name + " name=" + a.name + " role=" + a.role);
  redirect(r.x, "/accounts?done=1");
}

void post_account_password(WebRequest& r) {
  const db::Account a = account_by_id(r);
  const std::string hash = hashed(checked_password(r));
  if (db::set_account_password(r.x.db(), a.name, hash, r.user.account.name) != db::AccountResult::Done)
    throw HttpError(404, "account.not_found", "没有这个账户");
  r.x.ctx.sessions.remove_account(a.name);
  log_event("account passwd account=" + r.user.account.name + " name=" + a.name);
  if (a.name == r.user.account.name) return redirect(r.x, "/login");
  redirect(r.x, "/accounts?done=1");
}

namespace {
void set_disabled(WebRequest& r, bool disabled) {
  const db::Account a = account_by_id(r);
  if (disabled && a.name == r.user.account.name) throw HttpError(400, "account.self", "不能停用自己的账户");
  if (db::set_account_disabled(r.x.db(), a.name, disabled, r.user.account.name) != db::AccountResult::Done)
    throw HttpError(404, "account.not_found", "没有这个账户");
  if (disabled) r.x.ctx.sessions.remove_account(a.name);
  log_event(std::string("account ") + (disabled ? "disable" : "enable") + " account=" + r.user.account.name +
            " name=" + a.name);
  redirect(r.x, "/accounts?done=1");
}
}  // namespace

void post_account_disable(WebRequest& r) { set_disabled(r, true); }
void post_account_enable(WebRequest& r) { set_disabled(r, false); }

}  // namespace ipsurvey::collector

#include "collector/api_routes.h"

#include <sstream>

#include <Poco/Net/HTTPBasicCredentials.h>

#include "collector/command_line.h"
#include "collector/bank_list_download.h"
#include "collector/roster_command.h"
#include "collector/serve_context.h"
#include "collector/upload_form.h"
#include "db/review_store.h"
#include "forms/banks.h"
#include "forms/json_writer.h"

namespace ipsurvey::collector {
namespace {

using Poco::Net::HTTPServerRequest;

std::optional<db::Account> authenticate(Exchange& x) {
  if (!x.req.hasCredentials()) return std::nullopt;
  std::string scheme, info;
  try {
    x.req.getCredentials(scheme, info);
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
  if (Poco::icompare(scheme, "Basic") != 0) return std::nullopt;
  std::string name, password;
  try {
    Poco::Net::HTTPBasicCredentials creds(info);
    name = creds.getUsername();
    password = creds.getPassword();
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
  // The same limit as the sign-in form (a password verified in the last minute passes at once).
  const std::string address = x.req.clientAddress().host().toString();
  const SignIn attempt = x.ctx.credentials.sign_in(x.db(), name, password, x.ctx.login_limiter, address);
  if (attempt.wait_seconds > 0) {
    x.resp.set("Retry-After", std::to_string(attempt.wait_seconds));
    throw HttpError(429, "auth.too_many_attempts", "认证失败次数过多，请稍后再试");
  }
  return attempt.account;
}

void handle_upload(Exchange& x, const db::Account& account) {
  require_method(x, "POST");
  if (account.role != "city" && account.role != "province")
    throw HttpError(403, "access.denied", "只有城市账户和省局可以上传");
  Slot in_flight(x, x.ctx.uploads);
  UploadForm form = read_upload_form(x);
  if (form.files.empty()) throw HttpError(400, "upload.no_file", "缺少 file 字段");
  if (form.files.size() > 1) throw HttpError(400, "upload.one_file", "接口每次只接受一个文件");
  const std::string city = upload_city(account, form.field("city"));
  std::ostringstream json;
  const UploadResult result = store_uploaded_file(x, account, city, form.field("round"), form.files[0], json, true);
  int status = 200;
  if (result.kind == UploadResult::Kind::Failed) status = 500;
  else if (result.any_file_rejected || result.kind == UploadResult::Kind::Rejected) status = 422;
  send_json(x, status, json.str());
}

void handle_roster(Exchange& x, const db::Account& account) {
  require_method(x, "GET");
  const auto q = query_of(x.req);
  auto get = [&](const char* k) {
    auto it = q.find(k);
    return it == q.end() ? std::string() : it->second;
  };
  std::string city = get("city");
  if (!city.empty()) city = known_city(city);
  if (account.role == "city") {
    if (city.empty()) city = account.city;
    if (city != account.city) throw HttpError(403, "access.denied", "城市账户只能查看本市名单");
  } else if (account.role != "province") {
    throw HttpError(403, "access.denied", "只有省局和城市账户可以查看名单");
  }
  std::vector<std::string> args = {"--format", "json", "--db", x.ctx.db_path};
  if (!city.empty()) args.insert(args.end(), {"--city", city});
  if (!get("round").empty()) args.insert(args.end(), {"--round", get("round")});
  Slot heavy(x, x.ctx.heavy);
  std::ostringstream out, err;
  const int code = run_roster_command(args, out, err);
  if (code == kExitUsage) throw HttpError(400, "request.bad_parameter", err.str().substr(0, err.str().find('\n')));
  if (code != kExitOk) throw std::runtime_error("roster: " + err.str());
  send_json(x, 200, out.str());
}

void handle_review(Exchange& x, const db::Account& account, int64_t record_id) {
  require_method(x, "POST");
  if (account.role != "province") throw HttpError(403, "access.denied", "只有省局可以审核");
  const auto form = read_form_body(x);
  const std::string state = form_field(form, "state"), note = form_field(form, "note");
  if (note.size() > 8000) throw HttpError(400, "review.note_too_long", "审核意见过长");
  switch (db::set_review(x.db(), record_id, state, note, account.name)) {
    case db::ReviewResult::Done: break;
    case db::ReviewResult::UnknownRecord: throw HttpError(404, "review.unknown_record", "没有这条记录");
    case db::ReviewResult::NotLatest: throw HttpError(409, "review.not_latest", "这条记录已有更新版本");
    case db::ReviewResult::BadState: throw HttpError(400, "review.bad_state", "审核状态无效");
    case db::ReviewResult::NoteRequired: throw HttpError(400, "review.note_required", "退回需要审核意见");
  }
  std::string json;
  JsonWriter w(json);
  w.begin_object().key("record_id").value(record_id).key("state").value(state).key("result").value("done");
  w.end_object();
  send_json(x, 200, json + "\n");
}

}  // namespace

void route_api(Exchange& x) {
  const std::string path = x.path();
  if (x.req.getMethod() == "POST") refuse_cross_site(x);
  const auto account = authenticate(x);
  if (!account) throw HttpError(401, "auth.required", "需要有效的账户（HTTP Basic）");
  x.account = account->name;
  if (path == "/api/uploads") return handle_upload(x, *account);
  if (path == "/api/roster") return handle_roster(x, *account);
  if (path == "/api/export") {
    require_method(x, "GET");
    return send_bank_list(x, *account, query_of(x.req));
  }
  const std::string prefix = "/api/records/", suffix = "/review";
  if (path.size() > prefix.size() + suffix.size() && path.compare(0, prefix.size(), prefix) == 0 &&
      path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0) {
    const std::string id = path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
    if (id.empty() || id.size() > 18 || id.find_first_not_of("0123456789") != std::string::npos)
      throw HttpError(404, "not_found", "没有这个地址");
    return handle_review(x, *account, std::stoll(id));
  }
  if (x.ctx.test_routes && path == "/api/_test/throw") throw std::logic_error("test route: unexpected exception");
  throw HttpError(404, "not_found", "没有这个地址");
}

void send_api_error(Exchange& x, int status, const std::string& code, const std::string& message) {
  std::string json;
  JsonWriter w(json);
  w.begin_object().key("error").value(code).key("message").value(message).end_object();
  json += "\n";
  if (status == 401) x.resp.set("WWW-Authenticate", "Basic realm=\"ipsurvey\"");
  send_json(x, status, json);
}

}  // namespace ipsurvey::collector

#include "collector/serve_command.h"

#include <signal.h>
#include <sodium.h>
#include <stdlib.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>

#include <Poco/Exception.h>
#include <Poco/MemoryStream.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPBasicCredentials.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/NullPartHandler.h>
#include <Poco/Net/PartHandler.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/URI.h>

#include "collector/command_line.h"
#include "collector/export_command.h"
#include "collector/file_report.h"
#include "collector/password_hash.h"
#include "collector/roster_command.h"
#include "collector/upload_importer.h"
#include "db/account_store.h"
#include "db/database.h"
#include "db/db_error.h"
#include "db/review_store.h"
#include "forms/banks.h"
#include "forms/cities.h"
#include "forms/json_writer.h"
#include "importers/byte_source.h"

namespace ipsurvey::collector {
namespace {

using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

constexpr const char* kHelp =
    "用法: ipsurvey serve [--port P] [--bind ADDR] [--db PATH]\n"
    "\n"
    "网页应用的 JSON 接口（/api/ 下，HTTP Basic 认证，账户见 ipsurvey user add）。\n"
    "  --port P     端口（默认 8080；0 表示任选一个空闲端口，启动时在标准错误上写出）\n"
    "  --bind ADDR  监听地址（默认 127.0.0.1）\n"
    "  --db PATH    数据库文件（默认 $IPSURVEY_DB，否则 ./ipsurvey.db）\n"
    "收到 SIGINT 或 SIGTERM 时退出。\n";

constexpr uint64_t kMaxUploadBytes = 64ull << 20;          // the file itself
constexpr uint64_t kMaxUploadBody = kMaxUploadBytes + (64 << 10);  // with the multipart framing
constexpr uint64_t kMaxFormBody = 64 << 10;                // other routes
constexpr int kMaxConcurrentImports = 2;
constexpr int kMaxUploadsInFlight = 6;
constexpr int kMaxConcurrentHashes = 2;                    // Argon2id: 64 MiB each
constexpr auto kBodyDeadline = std::chrono::seconds(120);  // reading one request's body

std::string g_db_path;
std::mutex g_log_mutex;
bool g_test_routes = false;

void log_line(const std::string& line) {
  std::lock_guard<std::mutex> lock(g_log_mutex);
  std::cerr << "ipsurvey serve: " << db::now_utc() << " " << line << std::endl;
}

// A connection of its own for each request, never shared (db/database.h),
// closed when the request ends. Not one per thread kept open: db/'s cached
// statements may stay stepped after a read, and a connection kept open would
// then hold an old snapshot (stale reads of the accounts; "database is locked"
// at the next import's BEGIN IMMEDIATE). Opening costs well under a millisecond.
struct RequestDatabase {
  db::Database& get() {
    if (!database) database = db::Database::open(g_db_path);
    return *database;
  }
  std::unique_ptr<db::Database> database;
};

// ---- authentication ---------------------------------------------------------
// Argon2id costs ~64 MiB and a fraction of a second: a password once verified
// is remembered for a minute as a keyed BLAKE2b MAC (never in clear), valid
// only while the stored hash is unchanged.
class CredentialCache {
 public:
  CredentialCache() { randombytes_buf(key_.data(), key_.size()); }
  using Mac = std::array<unsigned char, 32>;
  Mac mac(const std::string& name, const std::string& password) const {
    Mac out{};
    std::string in = name + '\0' + password;
    crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(in.data()), in.size(),
                       key_.data(), key_.size());
    sodium_memzero(in.data(), in.size());
    return out;
  }
  bool known(const std::string& name, const std::string& hash, const Mac& m) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = entries_.find(name);
    if (it == entries_.end()) return false;
    if (std::chrono::steady_clock::now() > it->second.expires || it->second.hash != hash ||
        sodium_memcmp(it->second.mac.data(), m.data(), m.size()) != 0)
      return false;
    return true;
  }
  void remember(const std::string& name, const std::string& hash, const Mac& m) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (entries_.size() > 10000) entries_.clear();
    entries_[name] = {hash, m, std::chrono::steady_clock::now() + std::chrono::seconds(60)};
  }

 private:
  struct Entry {
    std::string hash;
    Mac mac;
    std::chrono::steady_clock::time_point expires;
  };
  std::array<unsigned char, 32> key_{};
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;
};

CredentialCache* g_credentials = nullptr;
std::mutex g_hash_mutex;
std::condition_variable g_hash_cv;
int g_hashing = 0;

bool verify_limited(const std::string& hash, const std::string& password) {
  std::unique_lock<std::mutex> lock(g_hash_mutex);
  g_hash_cv.wait(lock, [] { return g_hashing < kMaxConcurrentHashes; });
  ++g_hashing;
  lock.unlock();
  bool ok = false;
  try {
    ok = verify_password(hash, password);
  } catch (...) {
  }
  lock.lock();
  --g_hashing;
  g_hash_cv.notify_one();
  return ok;
}

std::optional<db::Account> authenticate(const HTTPServerRequest& req, db::Database& database) {
  if (!req.hasCredentials()) return std::nullopt;
  std::string scheme, info;
  try {
    req.getCredentials(scheme, info);
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
  if (name.empty() || name.size() > 64 || password.size() > 128) return std::nullopt;
  auto account = db::find_account(database, name);
  if (!account || account->disabled || account->password_hash.empty()) return std::nullopt;
  const auto mac = g_credentials->mac(name, password);
  if (g_credentials->known(name, account->password_hash, mac)) return account;
  if (!verify_limited(account->password_hash, password)) return std::nullopt;
  g_credentials->remember(name, account->password_hash, mac);
  return account;
}

// ---- responses ----------------------------------------------------------------

class HttpError : public std::runtime_error {
 public:
  HttpError(int status, std::string code, const std::string& message)
      : std::runtime_error(message), status(status), code(std::move(code)) {}
  int status;
  std::string code;
};

struct Exchange {
  Exchange(HTTPServerRequest& req, HTTPServerResponse& resp) : req(req), resp(resp) {}
  HTTPServerRequest& req;
  HTTPServerResponse& resp;
  std::string account = "-";
  int status = 0;
  size_t bytes = 0;
  bool body_read = false;  // false: the connection is not kept alive after an answer
  RequestDatabase db;
};

void send(Exchange& x, int status, const std::string& content_type, const std::string& body) {
  x.resp.setStatusAndReason(static_cast<HTTPResponse::HTTPStatus>(status));
  x.resp.setContentType(content_type);
  x.resp.setContentLength(static_cast<std::streamsize>(body.size()));
  x.resp.set("X-Content-Type-Options", "nosniff");
  x.resp.set("Cache-Control", "no-store");
  const bool has_body = x.req.has("Content-Length") || x.req.has("Transfer-Encoding");
  if (has_body && !x.body_read) x.resp.setKeepAlive(false);
  std::ostream& out = x.resp.send();
  out.write(body.data(), static_cast<std::streamsize>(body.size()));
  out.flush();
  x.status = status;
  x.bytes = body.size();
}

void send_json(Exchange& x, int status, const std::string& json) {
  send(x, status, "application/json; charset=utf-8", json);
}

void send_error(Exchange& x, int status, const std::string& code, const std::string& message) {
  std::string json;
  JsonWriter w(json);
  w.begin_object().key("error").value(code).key("message").value(message).end_object();
  json += "\n";
  if (status == 401) x.resp.set("WWW-Authenticate", "Basic realm=\"ipsurvey\"");
  send_json(x, status, json);
}

// ---- request bodies --------------------------------------------------------------

// Reads the body, refusing Transfer-Encoding with Content-Length (400), a
// missing length when `require_length` (411), and more than `cap` bytes (413),
// counted while reading; an overall deadline against slow clients (408).
std::string read_body(Exchange& x, uint64_t cap, bool require_length) {
  const bool te = x.req.has("Transfer-Encoding");
  const bool cl = x.req.has("Content-Length");
  if (te && cl) throw HttpError(400, "request.te_and_length", "Transfer-Encoding 与 Content-Length 不能同时出现");
  if (!cl && require_length) throw HttpError(411, "request.length_required", "上传需要 Content-Length");
  if (!cl && !te) {
    x.body_read = true;
    return {};
  }
  uint64_t expected = 0;
  if (cl) {
    const std::string& v = x.req.get("Content-Length");
    if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos)
      throw HttpError(400, "request.bad_length", "Content-Length 无效");
    expected = std::stoull(v);
    if (expected > cap)
      throw HttpError(413, cap >= kMaxUploadBytes ? "upload.too_large" : "request.too_large",
                      "请求超过 " + std::to_string(cap) + " 字节");
  }
  std::string body;
  if (cl) body.reserve(expected);
  const auto deadline = std::chrono::steady_clock::now() + kBodyDeadline;
  std::istream& in = x.req.stream();
  char buf[64 << 10];
  while (true) {
    if (cl && body.size() >= expected) break;
    size_t want = sizeof buf;
    if (cl) want = std::min<uint64_t>(want, expected - body.size());
    in.read(buf, static_cast<std::streamsize>(want));
    const auto got = static_cast<size_t>(in.gcount());
    if (got == 0) break;
    body.append(buf, got);
    if (body.size() > cap)
      throw HttpError(413, cap >= kMaxUploadBytes ? "upload.too_large" : "request.too_large",
                      "请求超过 " + std::to_string(cap) + " 字节");
    if (std::chrono::steady_clock::now() > deadline) throw HttpError(408, "request.timeout", "请求体读取超时");
  }
  if (cl && body.size() != expected) throw HttpError(400, "request.truncated", "请求体短于 Content-Length");
  x.body_read = true;
  return body;
}

class FilePart : public Poco::Net::PartHandler {
 public:
  void handlePart(const Poco::Net::MessageHeader& header, std::istream& stream) override {
    std::string disposition;
    Poco::Net::NameValueCollection params;
    Poco::Net::MessageHeader::splitParameters(header.get("Content-Disposition", ""), disposition, params);
    if (params.get("name", "") != "file" || found) {
      char sink[8192];
      while (stream.read(sink, sizeof sink) || stream.gcount() > 0) {
      }
      return;
    }
    found = true;
    filename = params.get("filename", "");
    char chunk[64 << 10];
    while (stream.read(chunk, sizeof chunk) || stream.gcount() > 0) {
      bytes.append(chunk, static_cast<size_t>(stream.gcount()));
      if (bytes.size() > kMaxUploadBytes) throw HttpError(413, "upload.too_large", "文件超过 64 MiB");
    }
  }
  bool found = false;
  std::string filename, bytes;
};

std::string safe_upload_name(std::string name) {
  const size_t slash = name.find_last_of("/\\");
  if (slash != std::string::npos) name = name.substr(slash + 1);
  std::string out;
  for (unsigned char c : name)
    if (c >= 0x20 && c != 0x7f) out += static_cast<char>(c);
  if (out.size() > 200) out.resize(200);
  if (out.empty() || out == "." || out == "..") out = "upload";
  return out;
}

const City* city_named(const std::string& name) {
  const City* c = Cities::instance().by_name(name);
  if (!c) throw HttpError(400, "request.unknown_city", "不认识的城市“" + name + "”");
  return c;
}

bool plain_value(const std::string& v) {
  if (v.size() > 64 || (!v.empty() && v[0] == '-')) return false;
  for (unsigned char c : v)
    if (c < 0x20) return false;
  return true;
}

std::map<std::string, std::string> query_of(const HTTPServerRequest& req) {
  std::map<std::string, std::string> q;
  for (const auto& [k, v] : Poco::URI(req.getURI()).getQueryParameters()) {
    if (!plain_value(v)) throw HttpError(400, "request.bad_parameter", "参数 " + k + " 无效");
    q[k] = v;
  }
  return q;
}

// ---- routes ------------------------------------------------------------------

void require_method(Exchange& x, const std::string& method) {
  if (x.req.getMethod() != method) {
    x.resp.set("Allow", method);
    throw HttpError(405, "request.method", "只接受 " + method);
  }
}

// A bounded number of holders at once: a request waits up to 20 s for a
// place, then gets 503 with Retry-After.
class Limiter {
 public:
  explicit Limiter(int limit) : limit_(limit) {}
  bool acquire() {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!cv_.wait_for(lock, std::chrono::seconds(20), [&] { return held_ < limit_; })) return false;
    ++held_;
    return true;
  }
  void release() {
    std::lock_guard<std::mutex> lock(mutex_);
    --held_;
    cv_.notify_one();
  }

 private:
  const int limit_;
  int held_ = 0;
  std::mutex mutex_;
  std::condition_variable cv_;
};

Limiter g_imports(kMaxConcurrentImports);       // importing
Limiter g_uploads(kMaxUploadsInFlight);         // reading or importing: bounds the memory held by bodies

struct Slot {
  Slot(Exchange& x, Limiter& limiter) : limiter(limiter), held(limiter.acquire()) {
    if (!held) {
      x.resp.set("Retry-After", "5");
      throw HttpError(503, "server.busy", "同时进行的上传已达上限，请稍后再试");
    }
  }
  ~Slot() {
    if (held) limiter.release();
  }
  Limiter& limiter;
  bool held;
};

void handle_upload(Exchange& x, const db::Account& account) {
  require_method(x, "POST");
  if (account.role != "city" && account.role != "province")
    throw HttpError(403, "access.denied", "只有城市账户和省局可以上传");
  Slot in_flight(x, g_uploads);
  std::string body = read_body(x, kMaxUploadBody, true);
  FilePart part;
  Poco::Net::HTMLForm form;
  try {
    Poco::MemoryInputStream in(body.data(), body.size());
    form.load(x.req, in, part);
  } catch (const HttpError&) {
    throw;
  } catch (const Poco::Exception& e) {
    throw HttpError(400, "upload.bad_multipart", "无法读取 multipart 请求：" + e.displayText());
  }
  if (!part.found) throw HttpError(400, "upload.no_file", "缺少 file 字段");
  std::string city;
  const std::string asked = form.get("city", "");
  if (account.role == "city") {
    if (!asked.empty() && city_named(asked)->name != account.city)
      throw HttpError(403, "access.denied", "城市账户只能为本市上传");
    city = account.city;
  } else {
    if (asked.empty()) throw HttpError(400, "request.city_required", "省局上传需要 city 字段");
    city = city_named(asked)->name;
  }
  const std::string round = form.get("round", "");
  if (!plain_value(round)) throw HttpError(400, "request.bad_parameter", "round 无效");
  std::string().swap(body);  // the file part is all that is needed now
  Slot importing(x, g_imports);
  const std::string name = safe_upload_name(part.filename);
  part.filename.clear();
  importers::MemorySource source(part.bytes);
  importers::FormOptions options;
  options.city = city;
  db::UploadInfo info;
  info.name = name;
  info.account = account.name;
  info.city = city;
  info.round = round;
  std::ostringstream json;
  FileReport report(json, true, 50, "已保存");
  const UploadResult result = import_upload(x.db.get(), source, name, info, options, report, true);
  report.finish();
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
  if (!city.empty()) city = city_named(city)->name;
  if (account.role == "city") {
    if (city.empty()) city = account.city;
    if (city != account.city) throw HttpError(403, "access.denied", "城市账户只能查看本市名单");
  } else if (account.role != "province") {
    throw HttpError(403, "access.denied", "只有省局和城市账户可以查看名单");
  }
  std::vector<std::string> args = {"--format", "json", "--db", g_db_path};
  if (!city.empty()) args.insert(args.end(), {"--city", city});
  if (!get("round").empty()) args.insert(args.end(), {"--round", get("round")});
  std::ostringstream out, err;
  const int code = run_roster_command(args, out, err);
  if (code == kExitUsage) throw HttpError(400, "request.bad_parameter", err.str().substr(0, err.str().find('\n')));
  if (code != kExitOk) throw std::runtime_error("roster: " + err.str());
  send_json(x, 200, out.str());
}

struct TempDir {
  TempDir() {
    char tmpl[] = "/tmp/ipsurvey-serve-XXXXXX";
    if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
    path = tmpl;
  }
  ~TempDir() {
    std::remove((path + "/list.xlsx").c_str());
    std::remove((path + "/list.csv").c_str());
    ::rmdir(path.c_str());
  }
  std::string path;
};

void handle_export(Exchange& x, const db::Account& account) {
  require_method(x, "GET");
  const auto q = query_of(x.req);
  auto get = [&](const char* k) {
    auto it = q.find(k);
    return it == q.end() ? std::string() : it->second;
  };
  if (account.role != "province" && account.role != "bank")
    throw HttpError(403, "access.denied", "只有省局和银行账户可以下载名单");
  std::string bank = get("bank");
  if (!bank.empty()) {
    const BankName b = Banks::instance().normalize(bank);
    if (!b.known) throw HttpError(400, "request.unknown_bank", "不认识的银行“" + bank + "”");
    bank = b.bank;
  }
  if (account.role == "bank") {
    if (bank.empty()) bank = account.bank;
    if (bank != account.bank) throw HttpError(403, "access.denied", "银行账户只能下载本行的名单");
  }
  if (bank.empty()) throw HttpError(400, "request.bank_required", "需要 bank 参数");
  std::string city = get("city");
  if (!city.empty()) city = city_named(city)->name;
  std::string format = get("format").empty() ? "xlsx" : get("format");
  if (format != "xlsx" && format != "csv") throw HttpError(400, "request.bad_format", "format 只能是 xlsx 或 csv");
  TempDir dir;
  const std::string path = dir.path + "/list." + format;
  std::vector<std::string> args = {"--bank", bank, "--format", format, "-o", path, "--db", g_db_path, "--as",
                                   account.name};
  if (!city.empty()) args.insert(args.end(), {"--city", city});
  if (!get("round").empty()) args.insert(args.end(), {"--round", get("round")});
  std::ostringstream out, err;
  const int code = run_export_command(args, out, err);
  if (code == kExitUsage) throw HttpError(400, "request.bad_parameter", err.str().substr(0, err.str().find('\n')));
  if (code != kExitOk) throw std::runtime_error("export: " + err.str());
  std::ifstream file(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (!file.good() && !file.eof()) throw std::runtime_error("export: cannot read " + path);
  x.resp.set("Content-Disposition", "attachment; filename=\"list." + format + "\"");
  send(x, 200,
       format == "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                        : "text/csv; charset=utf-8",
       bytes);
}

void handle_review(Exchange& x, const db::Account& account, int64_t record_id) {
  require_method(x, "POST");
  if (account.role != "province") throw HttpError(403, "access.denied", "只有省局可以审核");
  const std::string body = read_body(x, kMaxFormBody, false);
  Poco::Net::HTMLForm form;
  try {
    std::istringstream in(body);
    Poco::Net::NullPartHandler none;
    form.load(x.req, in, none);
  } catch (const Poco::Exception& e) {
    throw HttpError(400, "request.bad_form", "无法读取表单：" + e.displayText());
  }
  const std::string state = form.get("state", "");
  const std::string note = form.get("note", "");
  if (note.size() > 4000) throw HttpError(400, "review.note_too_long", "审核意见过长");
  switch (db::set_review(x.db.get(), record_id, state, note, account.name)) {
    case db::ReviewResult::Done: break;
    case db::ReviewResult::UnknownRecord: throw HttpError(404, "review.unknown_record", "没有这条记录");
    case db::ReviewResult::NotLatest: throw HttpError(409, "review.not_latest", "这条记录已有更新版本");
    case db::ReviewResult::BadState: throw HttpError(400, "review.bad_state", "审核状态无效");
    case db::ReviewResult::NoteRequired: throw HttpError(400, "review.note_required", "退回或不通过需要审核意见");
  }
  std::string json;
  JsonWriter w(json);
  w.begin_object().key("record_id").value(record_id).key("state").value(state).key("result").value("done");
  w.end_object();
  send_json(x, 200, json + "\n");
}

void route(Exchange& x) {
  const std::string path = Poco::URI(x.req.getURI()).getPath();
  if (path.compare(0, 5, "/api/") != 0) throw HttpError(404, "not_found", "没有这个地址");
  const auto account = authenticate(x.req, x.db.get());
  if (!account) throw HttpError(401, "auth.required", "需要有效的账户（HTTP Basic）");
  x.account = account->name;
  if (path == "/api/uploads") return handle_upload(x, *account);
  if (path == "/api/roster") return handle_roster(x, *account);
  if (path == "/api/export") return handle_export(x, *account);
  const std::string prefix = "/api/records/", suffix = "/review";
  if (path.size() > prefix.size() + suffix.size() && path.compare(0, prefix.size(), prefix) == 0 &&
      path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0) {
    const std::string id = path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
    if (id.empty() || id.size() > 18 || id.find_first_not_of("0123456789") != std::string::npos)
      throw HttpError(404, "not_found", "没有这个地址");
    return handle_review(x, *account, std::stoll(id));
  }
  if (g_test_routes && path == "/api/_test/throw") throw std::logic_error("test route: unexpected exception");
  throw HttpError(404, "not_found", "没有这个地址");
}

std::string log_path(const HTTPServerRequest& req) {
  try {
    return Poco::URI(req.getURI()).getPath();  // the query (with its values) is never logged
  } catch (...) {
    return "(bad uri)";
  }
}

class ApiHandler : public Poco::Net::HTTPRequestHandler {
 public:
  void handleRequest(HTTPServerRequest& req, HTTPServerResponse& resp) override {
    const auto start = std::chrono::steady_clock::now();
    Exchange x(req, resp);
    // The one guard: any exception becomes an answer (and a log line).
    try {
      route(x);
    } catch (const HttpError& e) {
      if (!resp.sent()) send_error(x, e.status, e.code, e.what());
    } catch (const std::exception& e) {
      log_line(std::string("error: ") + req.getMethod() + " " + log_path(req) + ": " + e.what());
      if (!resp.sent()) send_error(x, 500, "server.error", "服务器内部错误");
    } catch (...) {
      log_line(std::string("error: ") + req.getMethod() + " " + log_path(req) + ": unknown exception");
      if (!resp.sent()) send_error(x, 500, "server.error", "服务器内部错误");
    }
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    log_line("access " + req.getMethod() + " " + log_path(req) + " " + std::to_string(x.status) + " " +
             std::to_string(x.bytes) + " " + std::to_string(ms.count()) + "ms " + x.account);
  }
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  Poco::Net::HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override { return new ApiHandler; }
};

}  // namespace

int run_serve_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine cl(args, {"--help", "-h"}, {"--port", "--bind", "--db"});
  if (cl.has("--help") || cl.has("-h")) {
    out << kHelp;
    return kExitOk;
  }
  if (!cl.ok() || !cl.positional().empty()) {
    err << "ipsurvey serve: " << (cl.ok() ? std::string("不接受位置参数") : cl.error()) << "\n" << kHelp;
    return kExitUsage;
  }
  int port = 8080;
  if (cl.has("--port")) {
    const std::string p = cl.value("--port");
    if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(p) > 65535) {
      err << "ipsurvey serve: 端口无效“" << p << "”\n";
      return kExitUsage;
    }
    port = std::stoi(p);
  }
  const std::string bind = cl.has("--bind") ? cl.value("--bind") : "127.0.0.1";
  g_db_path = database_path(cl);
  const char* test_routes = getenv("IPSURVEY_SERVE_TEST_ROUTES");
  g_test_routes = test_routes && std::string(test_routes) == "1";
  try {
    db::Database::open(g_db_path);  // migrates, and fails here rather than on the first request
  } catch (const db::DbError& e) {
    err << "ipsurvey serve: " << e.what() << "\n";
    return kExitRejected;
  }
  if (sodium_init() < 0) {
    err << "ipsurvey serve: libsodium 初始化失败\n";
    return kExitRejected;
  }
  CredentialCache credentials;
  g_credentials = &credentials;
  // The server's threads inherit a mask that leaves SIGINT/SIGTERM to sigwait below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  try {
    Poco::Net::ServerSocket socket;
    socket.bind(Poco::Net::SocketAddress(bind, static_cast<Poco::UInt16>(port)), true);
    socket.listen(64);
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(16);
    params->setMaxQueued(64);
    params->setTimeout(Poco::Timespan(30, 0));  // per receive / send: against slow clients
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(5, 0));
    params->setMaxKeepAliveRequests(100);
    params->setServerName("ipsurvey");
    Poco::Net::HTTPServer server(new Factory, socket, params);
    server.start();
    log_line("listening on http://" + socket.address().toString() + "/ (db " + g_db_path + ")");
    int sig = 0;
    sigwait(&signals, &sig);
    log_line("stopping (signal " + std::to_string(sig) + ")");
    server.stopAll(false);
  } catch (const Poco::Exception& e) {
    err << "ipsurvey serve: " << e.displayText() << "\n";
    return kExitRejected;
  }
  return kExitOk;
}

}  // namespace ipsurvey::collector

#include "collector/http_exchange.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/NullPartHandler.h>
#include <Poco/URI.h>

#include <algorithm>
#include <optional>
#include <sstream>

#include "collector/connection_watch.h"
#include "collector/serve_context.h"
#include "forms/cities.h"

namespace ipsurvey::collector {

using Poco::Net::HTTPResponse;

db::Database& Exchange::db() {
  if (!database_) database_ = db::Database::open(ctx.db_path);
  return *database_;
}

const std::string& Exchange::path() {
  if (!path_known_) {
    try {
      path_ = Poco::URI(req.getURI()).getPath();
    } catch (const Poco::Exception&) {
      throw HttpError(400, "request.bad_uri", "地址无效");
    }
    path_known_ = true;
  }
  return path_;
}

void refuse_cross_site(Exchange& x) {
  // Browsers say where a request comes from; programs (curl, scripts) send neither header.
  const std::string site = x.req.get("Sec-Fetch-Site", "");
  if (!site.empty() && site != "same-origin" && site != "none")
    throw HttpError(403, "request.cross_site", "不接受来自其他网站的请求");
  const std::string origin = x.req.get("Origin", "");
  const std::string host = x.req.get("Host", "");
  if (!origin.empty() && origin != "http://" + host && origin != "https://" + host)
    throw HttpError(403, "request.cross_site", "不接受来自其他网站的请求");
  if (!Poco::URI(x.req.getURI()).getRawQuery().empty())
    throw HttpError(400, "request.query_on_post", "表单不接受地址中的查询参数");
}

void send(Exchange& x, int status, const std::string& content_type, const std::string& body) {
  x.resp.setStatusAndReason(static_cast<HTTPResponse::HTTPStatus>(status));
  x.resp.setContentType(content_type);
  x.resp.setContentLength(static_cast<std::streamsize>(body.size()));
  x.resp.set("X-Content-Type-Options", "nosniff");
  x.resp.set("Cache-Control", "no-store");
  x.resp.set("X-Frame-Options", "DENY");
  x.resp.set("Referrer-Policy", "same-origin");
  x.resp.set("Content-Security-Policy",
             "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; connect-src 'self'; "
             "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
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

void redirect(Exchange& x, const std::string& location) {
  x.resp.set("Location", location);
  send(x, 303, "text/plain; charset=utf-8", "");
}

namespace {

HttpError too_large(uint64_t cap) {
  return HttpError(413, cap >= kMaxUploadBytes ? "upload.too_large" : "request.too_large",
                   "请求超过 " + std::to_string(cap) + " 字节");
}

// The body's declared length, checked (see read_body); nullopt when there is
// no body at all, or it is chunked without a length.
std::optional<uint64_t> checked_length(Exchange& x, uint64_t cap, bool require_length) {
  const bool te = x.req.has("Transfer-Encoding");
  const bool cl = x.req.has("Content-Length");
  if (te && cl) throw HttpError(400, "request.te_and_length", "Transfer-Encoding 与 Content-Length 不能同时出现");
  if (!cl && require_length) throw HttpError(411, "request.length_required", "上传需要 Content-Length");
  if (!cl) return std::nullopt;
  const std::string& v = x.req.get("Content-Length");
  if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos)
    throw HttpError(400, "request.bad_length", "Content-Length 无效");
  const uint64_t expected = std::stoull(v);
  if (expected > cap) throw too_large(cap);
  return expected;
}

}  // namespace

BodyPhase::BodyPhase() { ConnectionWatch::body_started(); }
BodyPhase::~BodyPhase() { ConnectionWatch::body_finished(); }

uint64_t upload_length(Exchange& x, uint64_t cap) { return *checked_length(x, cap, true); }

std::string read_body(Exchange& x, uint64_t cap, bool require_length) {
  const auto length = checked_length(x, cap, require_length);
  const bool cl = length.has_value();
  if (!cl && !x.req.has("Transfer-Encoding")) {
    x.body_read = true;
    return {};
  }
  const uint64_t expected = length.value_or(0);
  std::string body;
  if (cl) body.reserve(expected);
  const auto deadline = std::chrono::steady_clock::now() + x.ctx.body_deadline;
  // A read blocks until its piece has arrived: the connection watch shuts the
  // socket of a body still arriving at the deadline, and the read returns.
  BodyPhase phase;
  std::istream& in = x.req.stream();
  char buf[64 << 10];
  while (true) {
    if (cl && body.size() >= expected) break;
    size_t want = sizeof buf;
    if (cl) want = std::min<uint64_t>(want, expected - body.size());
    try {
      in.read(buf, static_cast<std::streamsize>(want));
    } catch (const Poco::Exception&) {
      break;  // the connection failed, or was shut at the deadline: told apart below
    }
    const auto got = static_cast<size_t>(in.gcount());
    if (got == 0) break;
    body.append(buf, got);
    if (body.size() > cap) throw too_large(cap);
    if (std::chrono::steady_clock::now() > deadline) throw HttpError(408, "request.timeout", "请求体读取超时");
  }
  if (cl && body.size() != expected) {
    if (std::chrono::steady_clock::now() > deadline) throw HttpError(408, "request.timeout", "请求体读取超时");
    throw HttpError(400, "request.truncated", "请求体短于 Content-Length");
  }
  x.body_read = true;
  return body;
}

bool plain_value(const std::string& v, size_t max_size) {
  if (v.size() > max_size || (!v.empty() && v[0] == '-')) return false;
  for (unsigned char c : v)
    if (c < 0x20) return false;
  return true;
}

std::map<std::string, std::string> query_of(const Poco::Net::HTTPServerRequest& req) {
  std::map<std::string, std::string> q;
  Poco::URI::QueryParameters params;
  try {
    params = Poco::URI(req.getURI()).getQueryParameters();
  } catch (const Poco::Exception&) {
    throw HttpError(400, "request.bad_parameter", "查询参数无效");
  }
  for (const auto& [k, v] : params) {
    // "ids" lists the uploads of one request (the upload results page): up to 50 ids.
    if (!plain_value(v, k == "ids" ? 1100 : 64) || k.size() > 32) throw HttpError(400, "request.bad_parameter", "参数 " + k.substr(0, 32) + " 无效");
    q[k] = v;
  }
  return q;
}

std::string known_city(const std::string& written) {
  const City* c = Cities::instance().by_name(written);
  if (!c) throw HttpError(400, "request.unknown_city", "不认识的城市“" + written.substr(0, 64) + "”");
  return c->name;
}

std::vector<std::pair<std::string, std::string>> read_form_body(Exchange& x) {
  const std::string body = read_body(x, kMaxFormBody, false);
  Poco::Net::HTMLForm form;
  try {
    std::istringstream in(body);
    Poco::Net::NullPartHandler none;
    form.load(x.req, in, none);
  } catch (const Poco::Exception& e) {
    throw HttpError(400, "request.bad_form", "无法读取表单：" + e.displayText());
  }
  std::vector<std::pair<std::string, std::string>> fields;
  for (const auto& [k, v] : form) fields.emplace_back(k, v);
  return fields;
}

std::string form_field(const std::vector<std::pair<std::string, std::string>>& fields, const std::string& name) {
  for (const auto& [k, v] : fields)
    if (k == name) return v;
  return {};
}

void require_method(Exchange& x, const char* method) {
  if (x.req.getMethod() != method) {
    x.resp.set("Allow", method);
    throw HttpError(405, "request.method", std::string("只接受 ") + method);
  }
}

bool Limiter::acquire() {
  std::unique_lock<std::mutex> lock(mutex_);
  if (!cv_.wait_for(lock, std::chrono::seconds(20), [&] { return held_ < limit_; })) return false;
  ++held_;
  return true;
}

void Limiter::release() {
  std::lock_guard<std::mutex> lock(mutex_);
  --held_;
  cv_.notify_one();
}

Slot::Slot(Exchange& x, Limiter& limiter) : limiter_(limiter), held_(limiter.acquire()) {
  if (!held_) {
    x.resp.set("Retry-After", "5");
    throw HttpError(503, "server.busy", "服务器正忙，请稍后再试");
  }
}

Slot::~Slot() {
  if (held_) limiter_.release();
}

}  // namespace ipsurvey::collector

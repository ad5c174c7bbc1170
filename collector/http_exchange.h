// One HTTP request of `ipsurvey serve` and its answer: the pieces every route
// (the JSON API and the HTML pages) shares — refusals as HttpError, sending a
// body, reading a body under caps and a deadline, query parameters, bounded
// slots for uploads and imports.
//
// An Exchange lives for one request on the server thread that handles it; it
// owns the request's database connection (opened on first use, closed at the
// end: never shared between requests). Not thread-safe; Limiter is.
#pragma once

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "db/database.h"

namespace ipsurvey::collector {

struct ServeContext;

constexpr uint64_t kMaxUploadBytes = 64ull << 20;                  // the files of one request
constexpr uint64_t kMaxUploadBody = kMaxUploadBytes + (64 << 10);  // with the multipart framing
constexpr uint64_t kMaxFormBody = 64 << 10;                        // every other body

// A refusal: the status, a stable code (assert on it) and a Chinese message.
class HttpError : public std::runtime_error {
 public:
  HttpError(int status, std::string code, const std::string& message)
      : std::runtime_error(message), status(status), code(std::move(code)) {}
  int status;
  std::string code;
};

struct Exchange {
  Exchange(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp, ServeContext& ctx)
      : req(req), resp(resp), ctx(ctx) {}
  Poco::Net::HTTPServerRequest& req;
  Poco::Net::HTTPServerResponse& resp;
  ServeContext& ctx;
  std::string account = "-";  // for the access log
  int status = 0;
  size_t bytes = 0;
  bool body_read = false;  // false: the connection is not kept alive after an answer
  db::Database& db();      // this request's connection, opened on first use
  const std::string& path();

 private:
  std::unique_ptr<db::Database> database_;
  std::string path_;
  bool path_known_ = false;
};

// Sends the whole answer (nosniff, no-store, and the page's security headers).
void send(Exchange& x, int status, const std::string& content_type, const std::string& body);
void send_json(Exchange& x, int status, const std::string& json);
// 303 See Other to a local path.
void redirect(Exchange& x, const std::string& location);

// Reads the body: Transfer-Encoding with Content-Length is refused (400), a
// missing length when `require_length` (411), more than `cap` bytes (413),
// counted while reading; an overall deadline against slow clients (408).
std::string read_body(Exchange& x, uint64_t cap, bool require_length);

// For a body read as a stream (an upload's multipart parts): its declared
// length, after the same checks (a length is required); the stream then ends
// there (Poco's fixed-length stream).
uint64_t upload_length(Exchange& x, uint64_t cap);

// While one exists on a connection's thread, the connection is held to the
// body deadline (connection_watch.h).
class BodyPhase {
 public:
  BodyPhase();
  ~BodyPhase();
  BodyPhase(const BodyPhase&) = delete;
  BodyPhase& operator=(const BodyPhase&) = delete;
};

// The query's parameters (values of at most 64 bytes — "ids" 1,100 —, no
// control characters, not starting with '-': 400 otherwise).
std::map<std::string, std::string> query_of(const Poco::Net::HTTPServerRequest& req);
bool plain_value(const std::string& v, size_t max_size = 64);

void require_method(Exchange& x, const char* method);

// A city written any way (石家庄, 石家庄市): its full name; 400 request.unknown_city otherwise.
std::string known_city(const std::string& written);

// The request's urlencoded body (at most kMaxFormBody), its fields in order; 400 when unreadable.
std::vector<std::pair<std::string, std::string>> read_form_body(Exchange& x);
// The first field of that name, or "".
std::string form_field(const std::vector<std::pair<std::string, std::string>>& fields, const std::string& name);

// For a request that changes something (every POST): refused (403) when a
// browser says it comes from another site (Sec-Fetch-Site, Origin) — the
// API's Basic credentials, remembered by a browser, cannot be used from
// another site — and (400) when its URL has a query, whose values would mix
// with the form's.
void refuse_cross_site(Exchange& x);

// A bounded number of holders at once: a request waits up to 20 s for a
// place, then is refused with 503 and Retry-After.
class Limiter {
 public:
  explicit Limiter(int limit) : limit_(limit) {}
  bool acquire();
  void release();

 private:
  const int limit_;
  int held_ = 0;
  std::mutex mutex_;
  std::condition_variable cv_;
};

// Holds a place of a Limiter for a scope, or throws the 503.
class Slot {
 public:
  Slot(Exchange& x, Limiter& limiter);
  ~Slot();
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;

 private:
  Limiter& limiter_;
  bool held_;
};

}  // namespace ipsurvey::collector

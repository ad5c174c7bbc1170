#include "collector/serve_command.h"

#include <signal.h>
#include <sodium.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <mutex>
#include <string>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/URI.h>

#include "collector/api_routes.h"
#include "collector/command_line.h"
#include "collector/connection_watch.h"
#include "collector/serve_context.h"
#include "collector/web_routes.h"
#include "db/database.h"
#include "db/db_error.h"

namespace ipsurvey::collector {
namespace {

using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

constexpr const char* kHelp =
    "用法: ipsurvey serve [--port P] [--bind ADDR] [--db PATH]\n"
    "\n"
    "网页应用：城市上传采集表，省局审核、导出银行名单，银行下载本行名单（账户见 ipsurvey user add）。\n"
    "网页用登录表单和会话 Cookie；/api/ 下的 JSON 接口用 HTTP Basic 认证。\n"
    "  --port P     端口（默认 8080；0 表示任选一个空闲端口，启动时在标准错误上写出）\n"
    "  --bind ADDR  监听地址（默认 127.0.0.1）\n"
    "  --db PATH    数据库文件（默认 $IPSURVEY_DB，否则 ./ipsurvey.db）\n"
    "收到 SIGINT 或 SIGTERM 时退出。\n";

std::string log_path(const HTTPServerRequest& req) {
  try {
    // The query (with its values) is never logged; spaces and '%' are encoded so that
    // the path stays one value.
    const std::string path = Poco::URI(req.getURI()).getPath();
    std::string out;
    for (char c : path) {
      if (c == ' ' || c == '%') out += c == ' ' ? "%20" : "%25";
      else out += c;
    }
    return out;
  } catch (...) {
    return "(bad-uri)";
  }
}

class Handler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(ServeContext& ctx) : ctx_(ctx) {}
  void handleRequest(HTTPServerRequest& req, HTTPServerResponse& resp) override {
    const auto start = std::chrono::steady_clock::now();
    ConnectionWatch::handler_started();
    Exchange x(req, resp, ctx_);
    WebUser user;
    const std::string path = log_path(req);  // parsed once, for the routing choice and the log
    const bool api = path.compare(0, 5, "/api/") == 0;
    auto refuse = [&](int status, const std::string& code, const std::string& message) {
      if (resp.sent()) return;
      try {
        if (api) send_api_error(x, status, code, message);
        else send_error_page(x, user, status, code, message);
      } catch (...) {
      }
    };
    // The one guard: any exception becomes an answer (and a log line).
    try {
      if (api) route_api(x);
      else route_web(x, user);
    } catch (const HttpError& e) {
      refuse(e.status, e.code, e.what());
    } catch (const std::exception& e) {
      log_event("error method=" + req.getMethod() + " path=" + path + " what=" + e.what());
      refuse(500, "server.error", "服务器内部错误");
    } catch (...) {
      log_event("error method=" + req.getMethod() + " path=" + path + " what=unknown");
      refuse(500, "server.error", "服务器内部错误");
    }
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    log_event("access method=" + req.getMethod() + " path=" + path + " status=" + std::to_string(x.status) +
              " bytes=" + std::to_string(x.bytes) + " ms=" + std::to_string(ms.count()) + " account=" + x.account);
    ConnectionWatch::handler_finished();
  }

 private:
  ServeContext& ctx_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(ServeContext& ctx) : ctx_(ctx) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override {
    return new Handler(ctx_);
  }

 private:
  ServeContext& ctx_;
};

}  // namespace

void log_event(const std::string& line) {
  // One event, one line: control characters (a decoded %0a in a path, say) are written escaped.
  std::string safe;
  safe.reserve(line.size());
  for (unsigned char c : line) {
    if (c < 0x20 || c == 0x7f) {
      static const char* hex = "0123456789abcdef";
      safe += "\\x";
      safe += hex[c >> 4];
      safe += hex[c & 15];
    } else {
      safe += static_cast<char>(c);
    }
  }
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  std::cerr << "ipsurvey serve: " << db::now_utc() << " " << safe << std::endl;
}

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
  const std::string db_path = database_path(cl);
  try {
    db::Database::open(db_path);  // migrates, and fails here rather than on the first request
  } catch (const db::DbError& e) {
    err << "ipsurvey serve: " << e.what() << "\n";
    return kExitRejected;
  }
  if (sodium_init() < 0) {
    err << "ipsurvey serve: libsodium 初始化失败\n";
    return kExitRejected;
  }
  ServeContext ctx;
  ctx.db_path = db_path;
  const char* test_routes = getenv("IPSURVEY_SERVE_TEST_ROUTES");
  ctx.test_routes = test_routes && std::string(test_routes) == "1";
  if (const char* body = getenv("IPSURVEY_SERVE_BODY_SECONDS"); ctx.test_routes && body && atoi(body) > 0)
    ctx.body_deadline = std::chrono::seconds(atoi(body));
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
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;  // shared: counted
    params->setMaxThreads(16);
    params->setMaxQueued(64);
    params->setTimeout(Poco::Timespan(30, 0));  // per receive / send: against slow clients
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(5, 0));
    params->setMaxKeepAliveRequests(100);
    params->setServerName("ipsurvey");
    // A request's head must arrive within 20 s of the connection (or of the last answer on it),
    // a body within 120 s.
    ConnectionWatch watch(std::chrono::seconds(20), ctx.body_deadline);
    Poco::Net::TCPServer server(watch.factory(params, new Factory(ctx)), socket, params);
    server.start();
    log_event("listening on http://" + socket.address().toString() + "/ (db " + db_path + ")");
    int sig = 0;
    sigwait(&signals, &sig);
    log_event("stopping (signal " + std::to_string(sig) + ")");
    server.stop();
    // In-flight requests finish (an import takes at most a couple of minutes); idle connections end now.
    const bool drained = watch.drain(std::chrono::seconds(180));
    if (!drained) log_event("stopping with connections still busy after 180 s");
    else log_event("stopped");
    // A connection the server took just before it stopped could still start: end the process
    // here rather than let such a thread outlive what it uses (every answer is sent, every
    // import committed or rolled back by SQLite).
    std::cerr.flush();
    _exit(drained ? kExitOk : kExitRejected);
  } catch (const Poco::Exception& e) {
    err << "ipsurvey serve: " << e.displayText() << "\n";
    return kExitRejected;
  }
  return kExitOk;
}

}  // namespace ipsurvey::collector

// What every request of `ipsurvey serve` shares: the database path, the
// password checker, the browser sessions, the login limiter and the bounds on
// uploads. Made once by run_serve_command before the server starts and
// outlives it; every member is thread-safe.
#pragma once

#include <chrono>
#include <string>

#include "collector/credential_check.h"
#include "collector/http_exchange.h"
#include "collector/login_limiter.h"
#include "collector/session_store.h"

namespace ipsurvey::collector {

struct ServeContext {
  std::string db_path;
  bool test_routes = false;  // IPSURVEY_SERVE_TEST_ROUTES=1: a route that throws, for the guard's test
  // To send a request's body (IPSURVEY_SERVE_BODY_SECONDS shortens it, with the test routes only).
  std::chrono::seconds body_deadline{120};
  CredentialCheck credentials;
  SessionStore sessions;
  LoginLimiter login_limiter;
  Limiter imports{2};  // importing at once
  Limiter uploads{6};  // reading or importing: bounds the memory held by bodies
  Limiter heavy{3};    // a whole list built in memory: exports, marked workbooks, the API's roster
};

// Appends one line to the application log (stderr): "ipsurvey serve: TIME
// KIND key=value ..." — never a password, a session id or a query's values.
void log_event(const std::string& line);

}  // namespace ipsurvey::collector

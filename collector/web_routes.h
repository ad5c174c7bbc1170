// The HTML pages of `ipsurvey serve` (everything outside /api/): browser
// sessions (collector/session_store.h) with a cookie that is HttpOnly and
// SameSite=Strict, sign-in under the login limiter, a CSRF token checked on
// every POST, and the route table that says which roles may use each page.
// Each page then checks the city or bank it touches (another city's upload or
// record is 404). No GET changes anything. Refusals are thrown as HttpError
// and answered as an HTML page by the caller's guard.
#pragma once

#include "collector/http_exchange.h"
#include "collector/web_page.h"

namespace ipsurvey::collector {

// Serves one request; `user` is filled in as soon as the session is known, so
// that the guard's error page can show the navigation.
void route_web(Exchange& x, WebUser& user);

}  // namespace ipsurvey::collector

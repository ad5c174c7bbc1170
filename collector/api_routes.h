// The JSON API of `ipsurvey serve` under /api/ (interface.md, "HTTP"): HTTP
// Basic authentication on the accounts of `ipsurvey user` (a browser session
// is not accepted here), then uploads, rosters, bank lists and reviews, each
// checking the role and the city or bank it touches. Refusals are thrown as
// HttpError and answered as JSON {"error", "message"} by the caller's guard.
#pragma once

#include "collector/http_exchange.h"

namespace ipsurvey::collector {

void route_api(Exchange& x);

// The JSON error document for a refusal (with WWW-Authenticate on 401).
void send_api_error(Exchange& x, int status, const std::string& code, const std::string& message);

}  // namespace ipsurvey::collector

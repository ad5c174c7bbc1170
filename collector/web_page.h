// The frame of every HTML page of `ipsurvey serve`: the signed-in user, the
// page layout (title, navigation for the role, sign-out), the style sheet and
// the one script (drag-and-drop upload with progress; every page works
// without it), and the form pieces every page uses (the CSRF field).
//
// Pages are built with Html (collector/html.h): every value escaped. The
// Content-Security-Policy (http_exchange.cpp) allows only these same-origin
// style and script files, so no inline script or style is ever run.
// Thread-safety: functions are pure apart from sending on the Exchange.
#pragma once

#include <string>
#include <string_view>

#include "collector/html.h"
#include "collector/http_exchange.h"
#include "collector/session_store.h"
#include "db/account_store.h"

namespace ipsurvey::collector {

// Whoever made the request: signed in when account.name is not empty.
struct WebUser {
  db::Account account;
  Session session;
  bool signed_in() const { return !account.name.empty(); }
  bool is(const char* role) const { return account.role == role; }
};

// Sends a whole page (200 unless `status` says otherwise).
void send_page(Exchange& x, const WebUser& user, std::string_view title, const Html& body, int status = 200);
// An error page for a refused request.
void send_error_page(Exchange& x, const WebUser& user, int status, const std::string& code,
                     const std::string& message);

// GET /static/app.css and /static/app.js; false for any other path.
bool serve_static(Exchange& x, const std::string& path);

// <input type=hidden name=csrf value=…> of the user's session.
void csrf_field(Html& h, const WebUser& user);

// Labels of the account roles: 省局 / 城市 / 银行.
const char* role_label(const std::string& role);
// "2022-04-08T02:03:04Z" shown as China time "2022-04-08 10:03".
std::string china_time(const std::string& iso_utc);

}  // namespace ipsurvey::collector

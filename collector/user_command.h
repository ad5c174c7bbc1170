// `ipsurvey user add NAME --role province|city|bank [--city C] [--bank B]`:
// an account for the web application; the password is read from stdin (one
// line, never echoed or logged) and stored as an Argon2id hash.
// `ipsurvey user list` shows the accounts; `user passwd NAME` sets a new
// password (from stdin); `user disable|enable NAME`.
#pragma once

#include <istream>
#include <ostream>
#include <string>
#include <vector>

namespace ipsurvey::collector {

int run_user_command(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace ipsurvey::collector

// db-internal: the numbered schema migrations. Migration i (1-based) takes a
// database from user_version i-1 to i. Never edit a released migration; add one.
#pragma once

#include <vector>

namespace ipsurvey::db {

const std::vector<const char*>& migrations();

}  // namespace ipsurvey::db

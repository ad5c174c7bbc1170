// The one exception type db/ throws: the database itself failed (cannot be
// opened, is corrupt, the disk is full, a lock could not be had within the busy
// timeout). Expected outcomes — a duplicate upload, an unknown record, a stale
// review — are returned as values, never thrown. No SQLite type leaves db/.
#pragma once

#include <stdexcept>
#include <string>

namespace ipsurvey::db {

class DbError : public std::runtime_error {
 public:
  explicit DbError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace ipsurvey::db

// One connection to the ipsurvey database (an SQLite file).
//
// open() creates the file if needed, sets WAL, foreign_keys=ON, a busy timeout
// and synchronous=FULL (every commit is an import, a review or an export the
// province relies on), then brings the schema up to date with the numbered
// migrations (db/migrations.cpp), each in its own BEGIN IMMEDIATE transaction
// checked against PRAGMA user_version, so that two processes opening a new
// database at once migrate it once.
//
// Threads: a Database is one connection; use it from one thread at a time and
// open one per thread. Processes: any number may open the same file; writers
// are serialised by SQLite's lock (BEGIN IMMEDIATE, waiting up to the busy
// timeout). Errors: open() throws DbError with a Chinese reason.
#pragma once

#include <memory>
#include <string>

namespace ipsurvey::db {

struct DatabaseOptions {
  int busy_timeout_ms = 120000;  // how long a writer waits for another's transaction
};

class Connection;  // db-internal (db/connection.h)

class Database {
 public:
  static std::unique_ptr<Database> open(const std::string& path, const DatabaseOptions& options = {});
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  const std::string& path() const { return path_; }
  int schema_version() const;
  // PRAGMA integrity_check: "ok", or the first problems it lists.
  std::string integrity_check() const;

  Connection& connection() { return *connection_; }  // for db/ internals only

 private:
  Database(std::string path, std::unique_ptr<Connection> connection);
  std::string path_;
  std::unique_ptr<Connection> connection_;
};

// The number of migrations this program knows: a database with a higher
// user_version was written by a newer ipsurvey and is refused.
int latest_schema_version();

// The time now as ISO 8601 UTC ("2026-11-22T20:30:00Z"); the stored form of
// every timestamp.
std::string now_utc();
// The date in China (UTC+8) of such a timestamp, YYYY-MM-DD; and today's.
std::string china_date(const std::string& utc);
std::string today_in_china();

}  // namespace ipsurvey::db

#include "db/database.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <thread>

#include <sqlite3.h>

#include "db/connection.h"
#include "db/db_error.h"
#include "db/migrations.h"

namespace ipsurvey::db {
namespace {

int user_version(SQLite::Database& sql) { return sql.execAndGet("PRAGMA user_version").getInt(); }

void migrate(SQLite::Database& sql) {
  const auto& list = migrations();
  const int known = static_cast<int>(list.size());
  if (user_version(sql) > known)
    throw DbError("数据库由更新版本的 ipsurvey 写入（结构版本 " + std::to_string(user_version(sql)) +
                  "，本程序只认识到 " + std::to_string(known) + "）");
  for (int i = user_version(sql); i < known;) {
    SQLite::Transaction tx(sql, SQLite::TransactionBehavior::IMMEDIATE);
    const int now = user_version(sql);  // another process may have migrated meanwhile
    if (now < known) {
      sql.exec(list[now]);
      sql.exec("PRAGMA user_version = " + std::to_string(now + 1));
    }
    tx.commit();
    i = user_version(sql);
  }
}

}  // namespace

Database::Database(std::string path, std::unique_ptr<Connection> connection)
    : path_(std::move(path)), connection_(std::move(connection)) {}

Database::~Database() = default;

namespace {

// Sets the connection up and migrates. Some of it (the page size and WAL on a
// new file, a migration) needs a lock that SQLite reports busy at once,
// without its busy handler, when another process is doing the same: such
// steps are retried until the busy timeout has passed.
void prepare(Connection& c, const DatabaseOptions& options) {
  c.sql.setBusyTimeout(options.busy_timeout_ms);
  c.sql.exec("PRAGMA foreign_keys = ON");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options.busy_timeout_ms);
  for (int attempt = 0;; ++attempt) {
    try {
      // A survey record is about 2 KiB of JSON: 16 KiB pages hold several
      // (with 4 KiB pages each would take a page of its own). Only takes
      // effect on a new, empty database, before WAL is set.
      if (c.sql.execAndGet("PRAGMA page_count").getInt64() == 0) c.sql.exec("PRAGMA page_size = 16384");
      std::string mode = c.sql.execAndGet("PRAGMA journal_mode = WAL").getString();
      if (mode != "wal") throw DbError("无法把数据库切换到 WAL 模式（" + mode + "）");
      migrate(c.sql);
      break;
    } catch (const SQLite::Exception& e) {
      const int code = e.getErrorCode() & 0xff;
      if ((code != SQLITE_BUSY && code != SQLITE_LOCKED) || std::chrono::steady_clock::now() > deadline) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(10 + 10 * std::min(attempt, 10)));
    }
  }
  c.sql.exec("PRAGMA synchronous = FULL");
  // 32 MiB of page cache, so that one large import does not spill.
  c.sql.exec("PRAGMA cache_size = -32768");
}

}  // namespace

std::unique_ptr<Database> Database::open(const std::string& path, const DatabaseOptions& options) {
  try {
    // One connection per thread (NOMUTEX: SQLite's per-call locking is not needed).
    auto c = std::make_unique<Connection>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX);
    prepare(*c, options);
    return std::unique_ptr<Database>(new Database(path, std::move(c)));
  } catch (const SQLite::Exception& e) {
    throw DbError("无法打开数据库 " + path + "：" + e.what());
  }
}

int Database::schema_version() const { return user_version(connection_->sql); }

std::string Database::integrity_check() const {
  try {
    SQLite::Statement q(connection_->sql, "PRAGMA integrity_check");
    std::string out;
    while (q.executeStep()) {
      if (!out.empty()) out += "\n";
      out += q.getColumn(0).getString();
    }
    return out;
  } catch (const SQLite::Exception& e) {
    return std::string("integrity_check failed: ") + e.what();
  }
}

int latest_schema_version() { return static_cast<int>(migrations().size()); }

std::string now_utc() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string china_date(const std::string& utc) {
  std::tm tm{};
  if (utc.size() < 19 || !strptime(utc.c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) return utc.substr(0, 10);
  std::time_t t = timegm(&tm) + 8 * 3600;
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::string today_in_china() { return china_date(now_utc()); }

}  // namespace ipsurvey::db

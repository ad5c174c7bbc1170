// db-internal: the SQLiteCpp connection behind a Database, with the statements
// every store caches. Only db/*.cpp include this header.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <unordered_map>
#include <memory>
#include <string>

#include "db/db_error.h"

namespace ipsurvey::db {

class Connection {
 public:
  explicit Connection(const std::string& path, int flags) : sql(path, flags) {}
  // A prepared statement kept for the connection's lifetime, reset before
  // reuse. `text` must be a string literal: statements are found by its address.
  SQLite::Statement& cached(const char* text) {
    auto it = statements_.find(text);
    if (it == statements_.end())
      it = statements_.emplace(text, std::make_unique<SQLite::Statement>(sql, text)).first;
    it->second->reset();
    it->second->clearBindings();
    return *it->second;
  }
  // Resets every cached statement. A statement left stepping holds a read
  // snapshot open: on a connection that lives on, a later write transaction
  // would then fail with SQLITE_BUSY_SNAPSHOT ("database is locked"). Called
  // before every commit and after every cached read.
  void reset_all() {
    for (auto& entry : statements_) entry.second->tryReset();
  }
  SQLite::Database sql;

 private:
  std::unordered_map<const char*, std::unique_ptr<SQLite::Statement>> statements_;
};

// A failed read as the DbError db/ throws.
[[noreturn]] inline void throw_read_failed(const SQLite::Exception& e) {
  throw DbError(std::string("读取数据库失败：") + e.what());
}
[[noreturn]] inline void throw_write_failed(const SQLite::Exception& e) {
  throw DbError(std::string("写入数据库失败，未作改动：") + e.what());
}

// Runs f inside BEGIN IMMEDIATE … COMMIT, rolling back if f throws.
template <typename F>
auto in_write_transaction(Connection& c, F&& f) {
  c.reset_all();
  struct ResetAfter {
    Connection& c;
    ~ResetAfter() { c.reset_all(); }
  } reset_after{c};
  SQLite::Transaction tx(c.sql, SQLite::TransactionBehavior::IMMEDIATE);
  if constexpr (std::is_void_v<decltype(f())>) {
    f();
    c.reset_all();
    tx.commit();
  } else {
    auto result = f();
    c.reset_all();
    tx.commit();
    return result;
  }
}

}  // namespace ipsurvey::db

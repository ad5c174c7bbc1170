#include "db/upload_query.h"

#include "db/connection.h"
#include "db/database.h"
#include "db/problem_rows.h"

namespace ipsurvey::db {

namespace {

constexpr const char* kUploadColumns =
    "SELECT id, name, city, account, round, received_at, status, file_count, record_count, error_count, "
    "warning_count FROM uploads ";

UploadSummary upload_row(SQLite::Statement& q) {
  UploadSummary u;
  u.id = q.getColumn(0).getInt64();
  u.name = q.getColumn(1).getString();
  u.city = q.getColumn(2).getString();
  u.account = q.getColumn(3).getString();
  u.round = q.getColumn(4).getString();
  u.received_at = q.getColumn(5).getString();
  u.status = q.getColumn(6).getString();
  u.file_count = q.getColumn(7).getInt64();
  u.record_count = q.getColumn(8).getInt64();
  u.error_count = q.getColumn(9).getInt64();
  u.warning_count = q.getColumn(10).getInt64();
  return u;
}

}  // namespace

std::vector<UploadSummary> list_uploads(Database& db, const std::string& city, int64_t limit, int64_t offset) {
  std::vector<UploadSummary> out;
  try {
    SQLite::Statement q(db.connection().sql,
                        std::string(kUploadColumns) +
                            (city.empty() ? "ORDER BY id DESC LIMIT ? OFFSET ?"
                                          : "WHERE city = ? ORDER BY id DESC LIMIT ? OFFSET ?"));
    int i = 1;
    if (!city.empty()) q.bind(i++, city);
    q.bind(i++, limit);
    q.bind(i++, offset);
    while (q.executeStep()) out.push_back(upload_row(q));
  } catch (const SQLite::Exception& e) {
    throw_read_failed(e);
  }
  return out;
}

int64_t count_uploads(Database& db, const std::string& city) {
  try {
    SQLite::Statement q(db.connection().sql, city.empty() ? "SELECT count(*) FROM uploads"
                                                          : "SELECT count(*) FROM uploads WHERE city = ?");
    if (!city.empty()) q.bind(1, city);
    q.executeStep();
    return q.getColumn(0).getInt64();
  } catch (const SQLite::Exception& e) {
    throw_read_failed(e);
  }
}

std::optional<UploadSummary> find_upload(Database& db, int64_t upload_id) {
  try {
    SQLite::Statement q(db.connection().sql, std::string(kUploadColumns) + "WHERE id = ?");
    q.bind(1, upload_id);
    if (q.executeStep()) return upload_row(q);
  } catch (const SQLite::Exception& e) {
    throw_read_failed(e);
  }
  return std::nullopt;
}

std::vector<std::string> upload_cities(Database& db) {
  std::vector<std::string> out;
  try {
    SQLite::Statement q(db.connection().sql, "SELECT DISTINCT city FROM uploads WHERE city <> '' ORDER BY city");
    while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  } catch (const SQLite::Exception& e) {
    throw_read_failed(e);
  }
  return out;
}

std::vector<UploadFileSummary> upload_files(Database& db, int64_t upload_id) {
  std::vector<UploadFileSummary> out;
  try {
    SQLite::Statement q(db.connection().sql,
                        "SELECT f.id, f.name, f.status, f.record_count, "
                        "(SELECT count(*) FROM problems p WHERE p.file_id = f.id AND p.severity = 'error'), "
                        "(SELECT count(*) FROM problems p WHERE p.file_id = f.id AND p.severity = 'warning') "
                        "FROM upload_files f WHERE f.upload_id = ? ORDER BY f.id");
    q.bind(1, upload_id);
    while (q.executeStep()) {
      UploadFileSummary f;
      f.id = q.getColumn(0).getInt64();
      f.name = q.getColumn(1).getString();
      f.status = q.getColumn(2).getString();
      f.record_count = q.getColumn(3).getInt64();
      f.error_count = q.getColumn(4).getInt64();
      f.warning_count = q.getColumn(5).getInt64();
      out.push_back(std::move(f));
    }
  } catch (const SQLite::Exception& e) {
    throw_read_failed(e);
  }
  return out;
}


void for_each_file_problem(Database& db, int64_t file_id, const std::function<void(const Problem&)>& each) {
  try {
    SQLite::Statement q(db.connection().sql,
                        "SELECT severity, code, sheet, cell, line, field, message FROM problems "
                        "WHERE file_id = ? ORDER BY id");
    q.bind(1, file_id);
    while (q.executeStep()) each(problem_from_row(q));
  } catch (const SQLite::Exception& e) {
    throw_read_failed(e);
  }
}

}  // namespace ipsurvey::db

#include "db/record_detail.h"

#include "db/connection.h"
#include "db/database.h"
#include "db/problem_rows.h"

namespace ipsurvey::db {

std::optional<RecordDetail> find_record(Database& db, int64_t record_id) {
  try {
    SQLite::Statement q(db.connection().sql,
                        "SELECT r.id, r.upload_id, r.file_id, r.version, r.enterprise_id, r.latest, "
                        "r.needs_correction, r.round, r.sheet, r.city, coalesce(r.credit_code, ''), "
                        "coalesce(r.enterprise_name, ''), r.review, r.review_note, r.row, r.fields, r.sources, "
                        "f.name, u.name, u.account, u.received_at "
                        "FROM records r JOIN upload_files f ON f.id = r.file_id JOIN uploads u ON u.id = r.upload_id "
                        "WHERE r.id = ?");
    q.bind(1, record_id);
    if (!q.executeStep()) return std::nullopt;
    RecordDetail d;
    d.id = q.getColumn(0).getInt64();
    d.upload_id = q.getColumn(1).getInt64();
    d.file_id = q.getColumn(2).getInt64();
    d.version = q.getColumn(3).getInt64();
    if (!q.getColumn(4).isNull()) d.enterprise_id = q.getColumn(4).getInt64();
    d.latest = q.getColumn(5).getInt() != 0;
    d.needs_correction = q.getColumn(6).getInt() != 0;
    d.round = q.getColumn(7).getString();
    d.sheet = q.getColumn(8).getString();
    d.city = q.getColumn(9).getString();
    d.credit_code = q.getColumn(10).getString();
    d.enterprise_name = q.getColumn(11).getString();
    d.review = q.getColumn(12).getString();
    d.review_note = q.getColumn(13).getString();
    d.row = q.getColumn(14).getInt();
    d.fields_json = q.getColumn(15).getString();
    d.sources_json = q.getColumn(16).getString();
    d.file_name = q.getColumn(17).getString();
    d.upload_name = q.getColumn(18).getString();
    d.upload_account = q.getColumn(19).getString();
    d.received_at = q.getColumn(20).getString();
    return d;
  } catch (const SQLite::Exception& e) {
    throw_read_failed(e);
  }
}

std::vector<Problem> record_problems(Database& db, int64_t record_id) {
  std::vector<Problem> out;
  try {
    SQLite::Statement q(db.connection().sql,
                        "SELECT severity, code, sheet, cell, line, field, message FROM problems "
                        "WHERE record_id = ? ORDER BY id");
    q.bind(1, record_id);
    while (q.executeStep()) out.push_back(problem_from_row(q));
  } catch (const SQLite::Exception& e) {
    throw_read_failed(e);
  }
  return out;
}

std::vector<UploadedRecord> upload_records(Database& db, int64_t upload_id, int64_t limit) {
  std::vector<UploadedRecord> out;
  try {
    SQLite::Statement q(db.connection().sql,
                        "SELECT id, file_id, version, coalesce(credit_code, ''), coalesce(enterprise_name, ''), "
                        "review, sheet, row, latest, needs_correction FROM records WHERE upload_id = ? "
                        "ORDER BY id LIMIT ?");
    q.bind(1, upload_id);
    q.bind(2, limit);
    while (q.executeStep()) {
      UploadedRecord r;
      r.id = q.getColumn(0).getInt64();
      r.file_id = q.getColumn(1).getInt64();
      r.version = q.getColumn(2).getInt64();
      r.credit_code = q.getColumn(3).getString();
      r.enterprise_name = q.getColumn(4).getString();
      r.review = q.getColumn(5).getString();
      r.sheet = q.getColumn(6).getString();
      r.row = q.getColumn(7).getInt();
      r.latest = q.getColumn(8).getInt() != 0;
      r.needs_correction = q.getColumn(9).getInt() != 0;
      out.push_back(std::move(r));
    }
  } catch (const SQLite::Exception& e) {
    throw_read_failed(e);
  }
  return out;
}

}  // namespace ipsurvey::db

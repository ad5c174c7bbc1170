#include "db/audit_log.h"

#include "db/connection.h"
#include "db/database.h"

namespace ipsurvey::db {

void append_audit_entry(Database& db, const AuditEntry& e) {
  auto& q = db.connection().cached(
      "INSERT INTO audit_log(at, account, action, city, bank, upload_id, record_id, record_count, detail) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.bind(1, e.at.empty() ? now_utc() : e.at);
  q.bind(2, e.account);
  q.bind(3, e.action);
  q.bind(4, e.city);
  q.bind(5, e.bank);
  if (e.upload_id) q.bind(6, e.upload_id);
  if (e.record_id) q.bind(7, e.record_id);
  q.bind(8, e.record_count);
  q.bind(9, e.detail);
  q.exec();
}

void log_export(Database& db, const std::string& account, const std::string& bank, const std::string& city,
                int64_t record_count, const std::string& detail_json) {
  try {
    in_write_transaction(db.connection(), [&] {
      AuditEntry e;
      e.account = account;
      e.action = "export";
      e.city = city;
      e.bank = bank;
      e.record_count = record_count;
      e.detail = detail_json;
      append_audit_entry(db, e);
    });
  } catch (const SQLite::Exception& e) {
    throw_write_failed(e);
  }
}

std::vector<AuditEntry> audit_entries(Database& db, const std::string& action, int64_t limit, int64_t offset) {
  try {
    SQLite::Statement q(db.connection().sql,
                        "SELECT id, at, account, action, city, bank, upload_id, record_id, record_count, detail "
                        "FROM audit_log WHERE (? = '' OR action = ?) ORDER BY id DESC LIMIT ? OFFSET ?");
    q.bind(1, action);
    q.bind(2, action);
    q.bind(3, limit);
    q.bind(4, offset);
    std::vector<AuditEntry> out;
    while (q.executeStep()) {
      AuditEntry e;
      e.id = q.getColumn(0).getInt64();
      e.at = q.getColumn(1).getString();
      e.account = q.getColumn(2).getString();
      e.action = q.getColumn(3).getString();
      e.city = q.getColumn(4).getString();
      e.bank = q.getColumn(5).getString();
      e.upload_id = q.getColumn(6).isNull() ? 0 : q.getColumn(6).getInt64();
      e.record_id = q.getColumn(7).isNull() ? 0 : q.getColumn(7).getInt64();
      e.record_count = q.getColumn(8).getInt64();
      e.detail = q.getColumn(9).getString();
      out.push_back(std::move(e));
    }
    return out;
  } catch (const SQLite::Exception& e) {
    throw_read_failed(e);
  }
}

}  // namespace ipsurvey::db

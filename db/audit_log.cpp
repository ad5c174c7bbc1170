#include "db/audit_log.h"

#include "db/connection.h"
#include "db/database.h"

namespace ipsurvey::db {

void log_export(Database& db, const std::string& account, const std::string& bank, const std::string& city,
                int64_t record_count, const std::string& detail_json) {
  Connection& c = db.connection();
  try {
    in_write_transaction(c, [&] {
      auto& q = c.cached(
          "INSERT INTO audit_log(at, account, action, city, bank, record_count, detail) "
          "VALUES (?, ?, 'export', ?, ?, ?, ?)");
      q.bind(1, now_utc());
      q.bind(2, account);
      q.bind(3, city);
      q.bind(4, bank);
      q.bind(5, record_count);
      q.bind(6, detail_json);
      q.exec();
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

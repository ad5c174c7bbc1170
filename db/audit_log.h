// The audit log: who imported which upload, reviewed which record, and sent
// which list to which bank, when, with how many records. Imports and reviews
// are logged by their own stores inside their transactions; exports are
// logged here, after the file is written. Append-only.
//
// Errors: database failures throw DbError.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ipsurvey::db {

class Database;

struct AuditEntry {
  int64_t id = 0;
  std::string at, account, action, city, bank;
  int64_t upload_id = 0, record_id = 0, record_count = 0;
  std::string detail;  // JSON object
};

// Appends one entry (its id ignored; `at` "" = now) inside the caller's
// transaction, if any: imports and reviews log this way, with what they log.
void append_audit_entry(Database& db, const AuditEntry& entry);

// Logs an export of `record_count` records for `bank` (and `city`, round,
// format, file name in detail_json).
void log_export(Database& db, const std::string& account, const std::string& bank, const std::string& city,
                int64_t record_count, const std::string& detail_json);

// The newest entries first; action "" = every action.
std::vector<AuditEntry> audit_entries(Database& db, const std::string& action, int64_t limit, int64_t offset = 0);

}  // namespace ipsurvey::db

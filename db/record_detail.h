// One stored survey record in full, for the enterprise page: its fields and
// where each was read, the file and upload it came from, its review state and
// the problems found in it; and the records an upload brought.
//
// Errors: database failures throw DbError. Thread-safety: as Database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "forms/problem.h"

namespace ipsurvey::db {

class Database;

struct RecordDetail {
  int64_t id = 0, upload_id = 0, file_id = 0, version = 1;
  std::optional<int64_t> enterprise_id;  // none: the record has no credit code
  bool latest = true, needs_correction = false;
  std::string round, sheet, city, credit_code, enterprise_name, review, review_note;
  int row = 0;
  std::string fields_json;   // as stored (interface.md)
  std::string sources_json;  // db/record_sources.h
  std::string file_name, upload_name, upload_account, received_at;
};

std::optional<RecordDetail> find_record(Database& db, int64_t record_id);

// The problems stored against the record, in the order they were found.
std::vector<Problem> record_problems(Database& db, int64_t record_id);

struct UploadedRecord {
  int64_t id = 0, file_id = 0, version = 1;
  std::string credit_code, enterprise_name, review, sheet;
  int row = 0;
  bool latest = true, needs_correction = false;
};

// The survey records an upload brought, in the order they were stored (at most `limit`).
std::vector<UploadedRecord> upload_records(Database& db, int64_t upload_id, int64_t limit);

}  // namespace ipsurvey::db

// Review of survey records by the province: pending → approved / returned
// (with a note for the city) / rejected, with its history, and each
// enterprise's versions. Only an enterprise's latest version can be reviewed:
// a review of an older one is refused as stale (the city has sent a newer
// version since, which starts pending again).
//
// Every change is one BEGIN IMMEDIATE transaction that also writes the audit
// log. Errors: database failures throw DbError; refusals are returned.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ipsurvey::db {

class Database;

enum class ReviewResult { Done, UnknownRecord, NotLatest, BadState, NoteRequired };

bool valid_review_state(const std::string& state);  // pending approved returned rejected
const char* review_state_label(const std::string& state);  // 待审核 已通过 已退回 未通过

// Sets the review state of a record (its latest version), by `account`.
ReviewResult set_review(Database& db, int64_t record_id, const std::string& state, const std::string& note,
                        const std::string& account);

// The same for many records in one transaction (a review in bulk); one result each.
std::vector<ReviewResult> set_reviews(Database& db, const std::vector<int64_t>& record_ids, const std::string& state,
                                      const std::string& note, const std::string& account);

struct ReviewEvent {
  int64_t record_id = 0;
  std::string state, note, account, at;
};
std::vector<ReviewEvent> review_history(Database& db, int64_t enterprise_or_record_id, bool by_enterprise);

struct RecordVersion {
  int64_t record_id = 0, version = 0, upload_id = 0;
  bool latest = false;
  std::string upload_name, received_at, account, review, sheet;
  int row = 0;
};
std::vector<RecordVersion> record_versions(Database& db, int64_t enterprise_id);

// The latest record of an enterprise in a round, by credit code.
std::optional<int64_t> latest_record_id(Database& db, const std::string& round, const std::string& credit_code);

// The enterprise a record is a version of (none for a record without a credit code).
std::optional<int64_t> enterprise_of_record(Database& db, int64_t record_id);

// The latest records of a city (or all cities) in a round whose review state
// is `from` (e.g. all pending ones), for a review in bulk. Records that need
// correction are left out: they are reviewed one by one, or sent again.
std::vector<int64_t> records_in_state(Database& db, const std::string& round, const std::string& city,
                                      const std::string& from);

}  // namespace ipsurvey::db

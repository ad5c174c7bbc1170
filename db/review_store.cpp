#include "db/review_store.h"

#include "db/audit_log.h"
#include "db/connection.h"
#include "db/database.h"
#include "forms/json_writer.h"

namespace ipsurvey::db {

bool valid_review_state(const std::string& s) {
  return s == "pending" || s == "approved" || s == "returned" || s == "rejected";
}

const char* review_state_label(const std::string& s) {
  if (s == "pending") return "待审核";
  if (s == "approved") return "已通过";
  if (s == "returned") return "已退回";
  if (s == "rejected") return "未通过";
  return "未知";
}

namespace {

ReviewResult apply_review(Database& db, int64_t record_id, const std::string& state, const std::string& note,
                          const std::string& account, const std::string& at) {
  Connection& c = db.connection();
  auto& q = c.cached("SELECT latest, city, credit_code FROM records WHERE id = ?");
  q.bind(1, record_id);
  if (!q.executeStep()) return ReviewResult::UnknownRecord;
  if (q.getColumn(0).getInt() != 1) return ReviewResult::NotLatest;
  const std::string city = q.getColumn(1).getString();
  const std::string code = q.getColumn(2).isNull() ? "" : q.getColumn(2).getString();
  q.reset();
  auto& u = c.cached("UPDATE records SET review = ?, review_note = ? WHERE id = ?");
  u.bind(1, state);
  u.bind(2, note);
  u.bind(3, record_id);
  u.exec();
  auto& e = c.cached("INSERT INTO review_events(record_id, state, note, account, at) VALUES (?, ?, ?, ?, ?)");
  e.bind(1, record_id);
  e.bind(2, state);
  e.bind(3, note);
  e.bind(4, account);
  e.bind(5, at);
  e.exec();
  std::string detail;
  JsonWriter w(detail);
  w.begin_object().key("state").value(state).key("note").value(note).key("credit_code").value(code).end_object();
  AuditEntry entry;
  entry.at = at;
  entry.account = account;
  entry.action = "review";
  entry.city = city;
  entry.record_id = record_id;
  entry.record_count = 1;
  entry.detail = detail;
  append_audit_entry(db, entry);
  return ReviewResult::Done;
}

}  // namespace

std::vector<ReviewResult> set_reviews(Database& db, const std::vector<int64_t>& record_ids, const std::string& state,
                                      const std::string& note, const std::string& account) {
  if (!valid_review_state(state)) return std::vector<ReviewResult>(record_ids.size(), ReviewResult::BadState);
  if (state == "returned" && note.empty())
    return std::vector<ReviewResult>(record_ids.size(), ReviewResult::NoteRequired);
  Connection& c = db.connection();
  try {
    return in_write_transaction(c, [&] {
      const std::string at = now_utc();
      std::vector<ReviewResult> out;
      out.reserve(record_ids.size());
      for (int64_t id : record_ids) out.push_back(apply_review(db, id, state, note, account, at));
      return out;
    });
  } catch (const SQLite::Exception& e) {
    throw_write_failed(e);
  }
}

ReviewResult set_review(Database& db, int64_t record_id, const std::string& state, const std::string& note,
                        const std::string& account) {
  return set_reviews(db, {record_id}, state, note, account).front();
}

std::vector<ReviewEvent> review_history(Database& db, int64_t id, bool by_enterprise) {
  try {
    SQLite::Statement q(db.connection().sql,
                        by_enterprise ? "SELECT e.record_id, e.state, e.note, e.account, e.at FROM review_events e "
                                        "JOIN records r ON r.id = e.record_id WHERE r.enterprise_id = ? ORDER BY e.id"
                                      : "SELECT record_id, state, note, account, at FROM review_events "
                                        "WHERE record_id = ? ORDER BY id");
    q.bind(1, id);
    std::vector<ReviewEvent> out;
    while (q.executeStep())
      out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                     q.getColumn(3).getString(), q.getColumn(4).getString()});
    return out;
  } catch (const SQLite::Exception& e) {
    throw_read_failed(e);
  }
}

std::vector<RecordVersion> record_versions(Database& db, int64_t enterprise_id) {
  try {
    SQLite::Statement q(db.connection().sql,
                        "SELECT r.id, r.version, r.upload_id, r.latest, u.name, u.received_at, u.account, r.review, "
                        "r.sheet, r.row FROM records r JOIN uploads u ON u.id = r.upload_id "
                        "WHERE r.enterprise_id = ? ORDER BY r.version");
    q.bind(1, enterprise_id);
    std::vector<RecordVersion> out;
    while (q.executeStep()) {
      RecordVersion v;
      v.record_id = q.getColumn(0).getInt64();
      v.version = q.getColumn(1).getInt64();
      v.upload_id = q.getColumn(2).getInt64();
      v.latest = q.getColumn(3).getInt() == 1;
      v.upload_name = q.getColumn(4).getString();
      v.received_at = q.getColumn(5).getString();
      v.account = q.getColumn(6).getString();
      v.review = q.getColumn(7).getString();
      v.sheet = q.getColumn(8).getString();
      v.row = q.getColumn(9).getInt();
      out.push_back(std::move(v));
    }
    return out;
  } catch (const SQLite::Exception& e) {
    throw_read_failed(e);
  }
}

std::optional<int64_t> latest_record_id(Database& db, const std::string& round, const std::string& credit_code) {
  try {
    auto& q = db.connection().cached("SELECT latest_record_id FROM enterprises WHERE round = ? AND credit_code = ?");
    q.bind(1, round);
    q.bind(2, credit_code);
    std::optional<int64_t> id;
    if (q.executeStep() && !q.getColumn(0).isNull()) id = q.getColumn(0).getInt64();
    q.reset();  // a stepping statement would hold its snapshot (Connection::reset_all)
    return id;
  } catch (const SQLite::Exception& e) {
    throw_read_failed(e);
  }
}

std::optional<int64_t> enterprise_of_record(Database& db, int64_t record_id) {
  try {
    auto& q = db.connection().cached("SELECT enterprise_id FROM records WHERE id = ?");
    q.bind(1, record_id);
    std::optional<int64_t> id;
    if (q.executeStep() && !q.getColumn(0).isNull()) id = q.getColumn(0).getInt64();
    q.reset();
    return id;
  } catch (const SQLite::Exception& e) {
    throw_read_failed(e);
  }
}

std::vector<int64_t> records_in_state(Database& db, const std::string& round, const std::string& city,
                                      const std::string& from) {
  try {
    SQLite::Statement q(db.connection().sql,
                        "SELECT id FROM records WHERE latest = 1 AND enterprise_id IS NOT NULL AND round = ? "
                        "AND needs_correction = 0 AND review = ? AND (? = '' OR city = ?) ORDER BY city, rank_key, credit_code");
    q.bind(1, round);
    q.bind(2, from);
    q.bind(3, city);
    q.bind(4, city);
    std::vector<int64_t> out;
    while (q.executeStep()) out.push_back(q.getColumn(0).getInt64());
    return out;
  } catch (const SQLite::Exception& e) {
    throw_read_failed(e);
  }
}

}  // namespace ipsurvey::db

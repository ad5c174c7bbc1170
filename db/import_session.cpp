#include "db/import_session.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <unordered_map>
#include <optional>
#include <utility>

#include "db/audit_log.h"
#include "db/connection.h"
#include "db/database.h"
#include "db/db_error.h"
#include "db/record_sources.h"
#include "db/stored_record.h"
#include "forms/sha256.h"
#include "forms/json_writer.h"

namespace ipsurvey::db {
namespace {

void bind_text_or_null(SQLite::Statement& q, int i, const std::string& s) {
  if (s.empty()) q.bind(i);
  else q.bind(i, s);
}

template <typename T>
void bind_optional(SQLite::Statement& q, int i, const std::optional<T>& v) {
  if (v) q.bind(i, *v);
  else q.bind(i);
}

}  // namespace

class ImportSession::Impl {
 public:
  Impl(Database& db, const UploadInfo& info, uint64_t size, const UploadReader& read)
      : db_(db), c_(db.connection()), info_(info) {
    if (info_.received_at.empty()) info_.received_at = now_utc();
    std::vector<char> chunk(std::min<uint64_t>(size, kChunk));
    {
      Sha256 hash;
      for (uint64_t at = 0; at < size; at += chunk.size()) {
        const size_t n = static_cast<size_t>(std::min<uint64_t>(chunk.size(), size - at));
        if (!read(at, chunk.data(), n)) throw DbError("读取上传的文件失败");
        hash.update(chunk.data(), n);
      }
      sha_ = hash.hex_digest();
    }
    guard([&] {
      c_.reset_all();  // no snapshot from an earlier read may outlive into this transaction
      tx_ = std::make_unique<SQLite::Transaction>(c_.sql, SQLite::TransactionBehavior::IMMEDIATE);
      // A duplicate of this city's own earlier upload only (an upload without a
      // city matches any): the same bytes from another city are that city's
      // submission (the blob is shared).
      auto& q = c_.cached(
          "SELECT id FROM uploads WHERE sha256 = ?1 AND (city = ?2 OR city = '' OR ?2 = '') "
          "AND status <> 'rejected' ORDER BY id LIMIT 1");
      q.bind(1, sha_);
      q.bind(2, info_.city);
      if (q.executeStep()) {
        duplicate_of_ = q.getColumn(0).getInt64();
        c_.reset_all();
        tx_.reset();  // rolls back: nothing written
        return;
      }
      auto& blob = c_.cached(
          "INSERT INTO blobs(sha256, size, bytes) VALUES (?, ?, zeroblob(?)) ON CONFLICT(sha256) DO NOTHING");
      blob.bind(1, sha_);
      blob.bind(2, static_cast<int64_t>(size));
      blob.bind(3, static_cast<int64_t>(size));
      if (blob.exec() == 1) write_blob(c_.sql.getLastInsertRowid(), size, read, chunk);
      auto& up = c_.cached(
          "INSERT INTO uploads(sha256, name, city, account, round, received_at, status) "
          "VALUES (?, ?, ?, ?, ?, ?, 'rejected')");
      up.bind(1, sha_);
      up.bind(2, info_.name);
      up.bind(3, info_.city);
      up.bind(4, info_.account);
      up.bind(5, info_.round);
      up.bind(6, info_.received_at);
      up.exec();
      upload_id_ = c_.sql.getLastInsertRowid();
    });
  }

  bool duplicate() const { return duplicate_of_ != 0; }
  const std::string& sha256() const { return sha_; }

  // Copies the upload into the blob row just made, a piece at a time.
  void write_blob(int64_t rowid, uint64_t size, const UploadReader& read, std::vector<char>& chunk) {
    sqlite3_blob* handle = nullptr;
    if (sqlite3_blob_open(c_.sql.getHandle(), "main", "blobs", "bytes", rowid, 1, &handle) != SQLITE_OK) {
      sqlite3_blob_close(handle);
      throw SQLite::Exception(c_.sql.getHandle(), sqlite3_errcode(c_.sql.getHandle()));
    }
    for (uint64_t at = 0; at < size; at += chunk.size()) {
      const size_t n = static_cast<size_t>(std::min<uint64_t>(chunk.size(), size - at));
      if (!read(at, chunk.data(), n)) {
        sqlite3_blob_close(handle);
        throw DbError("读取上传的文件失败");
      }
      if (sqlite3_blob_write(handle, chunk.data(), static_cast<int>(n), static_cast<int>(at)) != SQLITE_OK) {
        sqlite3_blob_close(handle);
        throw SQLite::Exception(c_.sql.getHandle(), sqlite3_errcode(c_.sql.getHandle()));
      }
    }
    if (sqlite3_blob_close(handle) != SQLITE_OK)
      throw SQLite::Exception(c_.sql.getHandle(), sqlite3_errcode(c_.sql.getHandle()));
  }

  void add_record(const std::string& file, const StoredRecord& r, const Problems& found_before) {
    if (duplicate() || !tx_) return;
    guard([&] {
      if (!file_open_ || file != file_name_) start_file(file);
      int64_t id = 0;
      if (r.form == "ledger") {
        id = insert_ledger(r);
        placed_[r.sheet][r.row] = {id, true};
      } else {
        id = insert_survey(r);
        placed_[r.sheet][r.row] = {id, false};
      }
      ++file_records_;
      for (const auto& p : found_before) insert_problem(p);
    });
  }

  FileOutcome finish_file(const std::string& file, bool ok, const Problems& problems, const std::string& file_sha) {
    if (duplicate() || !tx_) return {"duplicate", 0, 0};
    std::string status = ok ? "ok" : "rejected";
    FileOutcome outcome;
    guard([&] {
      const std::string sha = file_sha.empty() ? sha_ : file_sha;
      const bool mine = file_open_ && file == file_name_;
      if (ok && stored_before(sha, mine ? file_id_ : 0)) {
        status = "duplicate";
        ++duplicate_files_;
      }
      if (mine && status == "ok") {
        c_.sql.exec("RELEASE file");
        auto& q = c_.cached("UPDATE upload_files SET record_count = ?, sha256 = ? WHERE id = ?");
        q.bind(1, static_cast<int64_t>(file_records_));
        q.bind(2, sha);
        q.bind(3, file_id_);
        q.exec();
      } else {
        if (mine) {  // refused after some records, or seen before: none of them is kept
          c_.sql.exec("ROLLBACK TO file");
          c_.sql.exec("RELEASE file");
          new_versions_ -= file_new_versions_;
          errors_ -= file_errors_;
          warnings_ -= file_warnings_;
          file_errors_ = file_warnings_ = file_problems_ = 0;
          placed_.clear();
          extra_.clear();
          file_records_ = 0;
        }
        file_id_ = insert_file(file, sha, status.c_str());
      }
      file_open_ = false;
      ++files_;
      if (status != "rejected") ++ok_files_;
      records_ += file_records_;
      if (status != "duplicate") {  // a duplicate's problems were stored with its first copy
        for (const auto& p : problems) insert_problem(p);
        for (const auto& p : extra_) insert_problem(p);
      }
      outcome = {status, file_id_, file_problems_};
      placed_.clear();
      extra_.clear();
      file_records_ = 0;
      file_new_versions_ = 0;
      file_errors_ = file_warnings_ = file_problems_ = 0;
    });
    return outcome;
  }

  UploadOutcome commit() {
    UploadOutcome out;
    if (duplicate()) {
      out.status = "duplicate";
      out.upload_id = duplicate_of_;
      return out;
    }
    if (!tx_) throw DbError("导入事务已结束");
    guard([&] {
      if (file_open_) finish_file(file_name_, true, {}, "");
      if (files_ > 0 && duplicate_files_ == files_) {
        // Every file was stored before: the same bytes again change nothing.
        c_.reset_all();
        tx_.reset();
        out.status = "duplicate";
        out.upload_id = first_duplicate_of_;
        out.files = files_;
        return;
      }
      out.status = files_ == 0 || ok_files_ == 0 ? "rejected" : ok_files_ == files_ ? "ok" : "partial";
      out.upload_id = upload_id_;
      out.files = files_;
      out.records = records_;
      out.errors = errors_;
      out.warnings = warnings_;
      out.new_versions = new_versions_;
      auto& q = c_.cached(
          "UPDATE uploads SET status = ?, file_count = ?, record_count = ?, error_count = ?, warning_count = ? "
          "WHERE id = ?");
      q.bind(1, out.status);
      q.bind(2, static_cast<int64_t>(files_));
      q.bind(3, static_cast<int64_t>(records_));
      q.bind(4, static_cast<int64_t>(errors_));
      q.bind(5, static_cast<int64_t>(warnings_));
      q.bind(6, upload_id_);
      q.exec();
      std::string detail;
      JsonWriter w(detail);
      w.begin_object().key("name").value(info_.name).key("sha256").value(sha_).key("status").value(out.status);
      w.key("files").value(static_cast<int64_t>(files_)).end_object();
      AuditEntry entry;
      entry.account = info_.account;
      entry.action = "import";
      entry.city = info_.city;
      entry.upload_id = upload_id_;
      entry.record_count = static_cast<int64_t>(records_);
      entry.detail = detail;
      append_audit_entry(db_, entry);
      c_.reset_all();
      tx_->commit();
      tx_.reset();
    });
    return out;
  }

 private:
  template <typename F>
  void guard(F&& f) {
    try {
      f();
    } catch (const SQLite::Exception& e) {
      c_.reset_all();
      tx_.reset();  // rolls back the whole upload
      throw DbError(std::string("数据库写入失败，本次上传未保存：") + e.what());
    }
  }

  void start_file(const std::string& file) {
    if (file_open_) finish_file(file_name_, true, {}, "");  // a file with no result: kept
    c_.sql.exec("SAVEPOINT file");
    file_open_ = true;
    file_name_ = file;
    file_id_ = insert_file(file, "", "ok");  // its hash is known when it is finished
  }

  int64_t insert_file(const std::string& name, const std::string& sha, const char* status) {
    auto& q = c_.cached(
        "INSERT INTO upload_files(upload_id, name, sha256, status, record_count) VALUES (?, ?, ?, ?, 0)");
    q.bind(1, upload_id_);
    q.bind(2, name);
    q.bind(3, sha);
    q.bind(4, status);
    q.exec();
    return c_.sql.getLastInsertRowid();
  }

  // Whether a file with these bytes was stored before by the same city (or with
  // no city told; alone or in a zip, in this upload or an earlier one), other
  // than the row `self`.
  bool stored_before(const std::string& sha, int64_t self) {
    auto& q = c_.cached(
        "SELECT f.upload_id FROM upload_files f JOIN uploads u ON u.id = f.upload_id "
        "WHERE f.sha256 = ?1 AND f.status = 'ok' AND f.id <> ?2 AND (u.city = ?3 OR u.city = '' OR ?3 = '') "
        "ORDER BY f.id LIMIT 1");
    q.bind(1, sha);
    q.bind(2, self);
    q.bind(3, info_.city);
    if (!q.executeStep()) return false;
    if (!first_duplicate_of_) first_duplicate_of_ = q.getColumn(0).getInt64();
    return true;
  }

  std::string round_of(const StoredRecord& r) const {
    if (!info_.round.empty()) return info_.round;
    if (r.filled_month.size() >= 4) return r.filled_month.substr(0, 4);
    return info_.received_at.substr(0, 4);
  }

  int64_t insert_survey(const StoredRecord& r) {
    const RecordColumns& col = r.columns;
    const std::string round = round_of(r);
    int64_t enterprise_id = 0, version = 1;
    bool repeated = false, has_need = col.has_need, needs_correction = r.needs_correction;
    if (col.credit_code_valid) {
      // One statement finds or makes the enterprise.
      auto& ent = c_.cached(
          "INSERT INTO enterprises(round, credit_code) VALUES (?, ?) "
          "ON CONFLICT(round, credit_code) DO UPDATE SET latest_record_id = latest_record_id "
          "RETURNING id, latest_record_id");
      ent.bind(1, round);
      ent.bind(2, col.credit_code);
      if (!ent.executeStep()) throw DbError("enterprise row vanished");
      enterprise_id = ent.getColumn(0).getInt64();
      const int64_t previous = ent.getColumn(1).isNull() ? 0 : ent.getColumn(1).getInt64();
      ent.reset();
      std::string other_city;
      if (previous) {
        auto& prev = c_.cached("SELECT version, upload_id, city FROM records WHERE id = ?");
        prev.bind(1, previous);
        if (!prev.executeStep()) throw DbError("latest record vanished");
        version = prev.getColumn(0).getInt64() + 1;
        repeated = prev.getColumn(1).getInt64() == upload_id_;  // an earlier row of this very upload
        const std::string prev_city = prev.getColumn(2).getString();
        prev.reset();
        // An enterprise is one city's: another city's form for it does not replace that city's
        // version (it is kept, marked for correction, and the province sees the conflict).
        if (!prev_city.empty() && !r.city.empty() && prev_city != r.city) other_city = prev_city;
      }
      if (!other_city.empty()) {
        Problem p = make_problem(Severity::Error, "enterprise.other_city",
                                 "该企业（信用代码 " + col.credit_code + "）本轮已由" + other_city +
                                     "填报；一家企业只由一个城市填报，本条未替换其记录，请核对",
                                 r.sheet);
        p.field = "credit_code";
        p.cell = r.credit_code_source.cell;
        p.line = r.credit_code_source.line;
        extra_.push_back(std::move(p));
        enterprise_id = 0;
        version = 1;
        repeated = false;
        has_need = false;
        needs_correction = true;
      } else if (previous) {
        auto& old = c_.cached("UPDATE records SET latest = 0 WHERE id = ?");
        old.bind(1, previous);
        old.exec();
        ++new_versions_;
        ++file_new_versions_;
      }
      if (repeated) {
        Problem p = make_problem(Severity::Warning, "enterprise.repeated",
                                 "同一信用代码在本次上传中出现多次，以最后一次为准", r.sheet);
        p.field = "credit_code";
        p.cell = r.credit_code_source.cell;
        p.line = r.credit_code_source.line;
        extra_.push_back(std::move(p));
      }
    }
    std::string banks;
    for (const auto& b : col.banks) banks += (banks.empty() ? "" : "、") + b;

    auto& q = c_.cached(
        "INSERT INTO records(upload_id, file_id, enterprise_id, version, latest, round, sheet, row, city, "
        "credit_code, enterprise_name, industry, enterprise_size, enterprise_nature, loan_amount_wan, "
        "loan_term, max_cost, purposes, banks, high_tech, valid_patents, ip_total, risk_flags, has_need, "
        "rank_key, needs_correction, fields, sources) "
        "VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    int i = 0;
    q.bind(++i, upload_id_);
    q.bind(++i, file_id_);
    if (enterprise_id) q.bind(++i, enterprise_id);
    else q.bind(++i);
    q.bind(++i, version);
    q.bind(++i, round);
    q.bind(++i, r.sheet);
    q.bind(++i, r.row);
    q.bind(++i, r.city);
    bind_text_or_null(q, ++i, col.credit_code);
    bind_text_or_null(q, ++i, col.enterprise_name);
    bind_text_or_null(q, ++i, col.industry);
    bind_text_or_null(q, ++i, col.enterprise_size);
    bind_text_or_null(q, ++i, col.enterprise_nature);
    bind_optional(q, ++i, col.loan_amount_wan);
    bind_text_or_null(q, ++i, col.loan_term);
    bind_text_or_null(q, ++i, col.max_cost);
    q.bind(++i, col.purposes);
    q.bind(++i, banks);
    bind_optional(q, ++i, col.high_tech);
    bind_optional(q, ++i, col.valid_patents);
    bind_optional(q, ++i, col.ip_total);
    q.bind(++i, col.risk_flags);
    q.bind(++i, has_need ? 1 : 0);
    q.bind(++i, col.rank_key);
    q.bind(++i, needs_correction ? 1 : 0);
    q.bind(++i, r.fields_json);
    q.bind(++i, r.sources_json);
    q.exec();
    const int64_t id = c_.sql.getLastInsertRowid();
    if (enterprise_id) {
      auto& e = c_.cached("UPDATE enterprises SET latest_record_id = ? WHERE id = ?");
      e.bind(1, id);
      e.bind(2, enterprise_id);
      e.exec();
    }
    for (const auto& bank : col.banks) {
      auto& b = c_.cached("INSERT OR IGNORE INTO record_banks(bank, record_id) VALUES (?, ?)");
      b.bind(1, bank);
      b.bind(2, id);
      b.exec();
    }
    return id;
  }

  int64_t insert_ledger(const StoredRecord& r) {
    const auto& year = r.year;
    const auto& quarter = r.quarter;
    auto& old = c_.cached(
        "UPDATE ledger_filings SET latest = 0 WHERE city = ? AND year IS ? AND quarter IS ? AND latest = 1");
    old.bind(1, r.city);
    bind_optional(old, 2, year);
    bind_optional(old, 3, quarter);
    old.exec();
    auto& q = c_.cached(
        "INSERT INTO ledger_filings(upload_id, file_id, sheet, city, unit, year, quarter, filed_on, received_at, "
        "needs_correction, fields, sources) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, upload_id_);
    q.bind(2, file_id_);
    q.bind(3, r.sheet);
    q.bind(4, r.city);
    q.bind(5, r.unit);
    bind_optional(q, 6, year);
    bind_optional(q, 7, quarter);
    q.bind(8, r.filed_on);
    q.bind(9, info_.received_at);
    q.bind(10, r.needs_correction ? 1 : 0);
    q.bind(11, r.fields_json);
    q.bind(12, r.sources_json);
    q.exec();
    return c_.sql.getLastInsertRowid();
  }

  void insert_problem(const Problem& p) {
    ++file_problems_;
    if (p.severity == Severity::Error) ++errors_, ++file_errors_;
    else if (p.severity == Severity::Warning) ++warnings_, ++file_warnings_;
    int64_t record_id = 0;
    bool ledger = false;
    if (auto sheet = placed_.find(p.sheet); sheet != placed_.end()) {
      auto it = sheet->second.find(split_cell_ref(p.cell).second);
      if (it == sheet->second.end()) it = sheet->second.find(0);
      if (it != sheet->second.end()) {
        record_id = it->second.first;
        ledger = it->second.second;
      }
    }
    auto& q = c_.cached(
        "INSERT INTO problems(upload_id, file_id, record_id, ledger_id, severity, code, sheet, cell, line, field, "
        "message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, upload_id_);
    q.bind(2, file_id_);
    if (record_id && !ledger) q.bind(3, record_id);
    else q.bind(3);
    if (record_id && ledger) q.bind(4, record_id);
    else q.bind(4);
    q.bind(5, severity_name(p.severity));
    q.bind(6, p.code);
    q.bind(7, p.sheet);
    q.bind(8, p.cell);
    q.bind(9, p.line);
    q.bind(10, p.field);
    q.bind(11, p.message);
    q.exec();
  }

  static constexpr uint64_t kChunk = 1 << 20;

 public:
  ~Impl() {
    c_.reset_all();  // before the transaction (if still open) rolls back
  }

 private:
  Database& db_;
  Connection& c_;
  UploadInfo info_;
  std::string sha_;
  std::unique_ptr<SQLite::Transaction> tx_;
  int64_t duplicate_of_ = 0;
  int64_t upload_id_ = 0;
  // The file being read: its savepoint, row and where its records went.
  bool file_open_ = false;
  std::string file_name_;
  int64_t file_id_ = 0;
  size_t file_records_ = 0, file_new_versions_ = 0, file_errors_ = 0, file_warnings_ = 0, file_problems_ = 0;
  // Where the file's records went: sheet -> row -> (id, is a ledger).
  std::unordered_map<std::string, std::unordered_map<int, std::pair<int64_t, bool>>> placed_;
  Problems extra_;                       // problems found here (repeated credit codes)
  size_t duplicate_files_ = 0;
  int64_t first_duplicate_of_ = 0;
  size_t files_ = 0, ok_files_ = 0, records_ = 0, errors_ = 0, warnings_ = 0, new_versions_ = 0;
};

ImportSession::ImportSession(Database& db, const UploadInfo& info, uint64_t size, const UploadReader& read)
    : impl_(std::make_unique<Impl>(db, info, size, read)) {}
ImportSession::ImportSession(Database& db, const UploadInfo& info, std::string_view bytes)
    : impl_(std::make_unique<Impl>(db, info, bytes.size(), [bytes](uint64_t at, void* buf, size_t n) {
        if (at > bytes.size() || n > bytes.size() - at) return false;
        std::memcpy(buf, bytes.data() + at, n);
        return true;
      })) {}
ImportSession::~ImportSession() = default;  // Impl's destructor resets and rolls back
bool ImportSession::duplicate() const { return impl_->duplicate(); }
const std::string& ImportSession::sha256() const { return impl_->sha256(); }
void ImportSession::add_record(const std::string& file, const Record& record, const Problems& found_before) {
  impl_->add_record(file, stored_record(record), found_before);
}
void ImportSession::add_record(const std::string& file, const StoredRecord& record, const Problems& found_before) {
  impl_->add_record(file, record, found_before);
}
FileOutcome ImportSession::finish_file(const std::string& file, bool ok, const Problems& problems,
                                       const std::string& file_sha256) {
  return impl_->finish_file(file, ok, problems, file_sha256);
}
UploadOutcome ImportSession::commit() { return impl_->commit(); }

}  // namespace ipsurvey::db

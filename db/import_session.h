// Stores one upload: its bytes, every file in it (one workbook, or each file of
// a zip), the records read from each and their problems — all in ONE
// transaction (BEGIN IMMEDIATE … COMMIT), so that an upload is stored whole or
// not at all, whatever happens to the process.
//
// Use: construct (this takes the write lock and checks for duplicates); if not
// duplicate(), hand each record to add_record() as the reader finishes it, then
// each file's result to finish_file() in reading order (a refused file's
// records are rolled back to a savepoint, its problems kept; so are the
// records of a file seen before, which is a duplicate); commit() ends it.
// Destroying a session that was not committed rolls everything back.
//
// Versions: a survey record is an enterprise's new version when its credit
// code was stored before in the same round; the earlier versions stay, and the
// new one starts `pending` review. A ledger is a new filing of its city and
// quarter. Records with errors are stored too, marked needs_correction.
//
// Errors: database failures throw DbError (and roll back). One session per
// Database at a time; not thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "forms/problem.h"
#include "db/stored_record.h"
#include "forms/record.h"

namespace ipsurvey::db {

class Database;

struct UploadInfo {
  std::string name;         // the file's name as the city sent it
  std::string account;      // who sent it (a user name, or "cli:<login>")
  std::string city;         // the uploading city, "" when not told
  std::string round;        // the survey round; "" = the year of 填报时间, else of the upload
  std::string received_at;  // ISO UTC; "" = now
};

struct FileOutcome {
  std::string status;    // ok, rejected, duplicate
  int64_t file_id = 0;   // its row in upload_files (0 when nothing was stored)
  size_t problems = 0;   // problems stored for it
};

struct UploadOutcome {
  // ok, partial (some files refused), rejected, or duplicate: the bytes, or
  // every file in them, were stored before (then nothing was written)
  std::string status;
  int64_t upload_id = 0;     // for duplicate: the upload that stored these bytes first
  size_t files = 0, records = 0, errors = 0, warnings = 0;
  size_t new_versions = 0;   // records that are a later version of a stored enterprise
};

// Reads `n` bytes of the upload at `offset` into `buf`; false when it cannot.
using UploadReader = std::function<bool(uint64_t offset, void* buf, size_t n)>;

class ImportSession {
 public:
  // The upload's `size` bytes are read through `read` (twice: once to hash
  // them, once into the database, in pieces, never held whole) and stored by
  // SHA-256 unless duplicate. Throws DbError when they cannot be read.
  ImportSession(Database& db, const UploadInfo& info, uint64_t size, const UploadReader& read);
  // The same for bytes in memory, which must stay alive until the constructor returns.
  ImportSession(Database& db, const UploadInfo& info, std::string_view bytes);
  ~ImportSession();
  ImportSession(const ImportSession&) = delete;
  ImportSession& operator=(const ImportSession&) = delete;

  // These bytes were stored before by an upload that was not refused: nothing
  // is written, and commit() reports "duplicate" with that upload's id. Only the
  // same city's uploads count (an upload with no city told matches any); the
  // same bytes from another city are stored for it.
  bool duplicate() const;
  const std::string& sha256() const;

  // `found_before` are problems found while reading up to this record (its
  // own among them), stored with it.
  void add_record(const std::string& file, const Record& record, const Problems& found_before = {});
  // The same, prepared already (stored_record(), e.g. on another thread).
  void add_record(const std::string& file, const StoredRecord& record, const Problems& found_before = {});
  // `file_sha256` is the hash of the file's bytes for a file inside a zip ("":
  // the upload itself). A readable file whose bytes were stored before (alone
  // or in a zip) is a duplicate: its records are dropped. Returns the file's
  // status: ok, rejected or duplicate.
  FileOutcome finish_file(const std::string& file, bool ok, const Problems& problems,
                          const std::string& file_sha256 = {});
  UploadOutcome commit();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ipsurvey::db

// Reading back what an upload stored: one file's row with its upload's, and
// the upload's bytes as they were received (for giving a city its own
// workbook back, marked).
//
// These functions do not check who may see a file: the caller compares
// StoredFile::city with the account's before handing anything out.
// Errors: database failures throw DbError; a missing row is nullopt. Use a
// Database from one thread at a time (database.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace ipsurvey::db {

class Database;

struct StoredFile {
  int64_t file_id = 0, upload_id = 0;
  std::string name;           // upload_files.name: the upload's name, or "batch.zip/a.xlsx" in a zip
  std::string status;         // ok, rejected, duplicate
  std::string upload_name;    // uploads.name
  std::string city;           // the uploading city ("" when not told)
  std::string upload_sha256;  // the upload's bytes (blobs.sha256)
  std::string file_sha256;    // upload_files.sha256: the file's bytes (the upload's for a zip member never read)
  uint64_t upload_size = 0;   // bytes in the stored upload
};

std::optional<StoredFile> find_stored_file(Database& db, int64_t file_id);

// The earliest stored file (status ok) with these bytes: where the problems
// of a later duplicate were stored. nullopt when there is none.
std::optional<int64_t> first_stored_copy(Database& db, const std::string& file_sha256);

// The upload's bytes as stored (whole), or nullopt when absent. Uploads are
// at most 64 MiB; the bytes are copied once, straight from the blob.
std::optional<std::string> upload_bytes(Database& db, int64_t upload_id);

}  // namespace ipsurvey::db

#include "db/upload_blob.h"

#include <sqlite3.h>

#include <algorithm>
#include <memory>

#include "db/connection.h"
#include "db/database.h"

namespace ipsurvey::db {
namespace {

struct BlobCloser {
  void operator()(sqlite3_blob* b) const { sqlite3_blob_close(b); }
};

[[noreturn]] void throw_blob_failed(sqlite3* handle) {
  throw DbError(std::string("读取数据库失败：") + sqlite3_errmsg(handle));
}

}  // namespace

std::optional<StoredFile> find_stored_file(Database& db, int64_t file_id) {
  try {
    SQLite::Statement q(db.connection().sql,
                        "SELECT f.id, f.upload_id, f.name, f.status, u.name, u.city, u.sha256, f.sha256, b.size "
                        "FROM upload_files f JOIN uploads u ON u.id = f.upload_id "
                        "LEFT JOIN blobs b ON b.sha256 = u.sha256 WHERE f.id = ?");
    q.bind(1, file_id);
    if (!q.executeStep()) return std::nullopt;
    StoredFile f;
    f.file_id = q.getColumn(0).getInt64();
    f.upload_id = q.getColumn(1).getInt64();
    f.name = q.getColumn(2).getString();
    f.status = q.getColumn(3).getString();
    f.upload_name = q.getColumn(4).getString();
    f.city = q.getColumn(5).getString();
    f.upload_sha256 = q.getColumn(6).getString();
    f.file_sha256 = q.getColumn(7).getString();
    f.upload_size = static_cast<uint64_t>(std::max<int64_t>(0, q.getColumn(8).getInt64()));
    return f;
  } catch (const SQLite::Exception& e) {
    throw_read_failed(e);
  }
}

std::optional<int64_t> first_stored_copy(Database& db, const std::string& file_sha256) {
  try {
    SQLite::Statement q(db.connection().sql,
                        "SELECT id FROM upload_files WHERE sha256 = ? AND status = 'ok' ORDER BY id LIMIT 1");
    q.bind(1, file_sha256);
    if (!q.executeStep()) return std::nullopt;
    return q.getColumn(0).getInt64();
  } catch (const SQLite::Exception& e) {
    throw_read_failed(e);
  }
}

std::optional<std::string> upload_bytes(Database& db, int64_t upload_id) {
  int64_t rowid = 0;
  try {
    SQLite::Statement q(db.connection().sql,
                        "SELECT b.rowid FROM uploads u JOIN blobs b ON b.sha256 = u.sha256 WHERE u.id = ?");
    q.bind(1, upload_id);
    if (!q.executeStep()) return std::nullopt;
    rowid = q.getColumn(0).getInt64();
  } catch (const SQLite::Exception& e) {
    throw_read_failed(e);
  }
  // Read in pieces straight into the string: never a second copy of the upload.
  sqlite3* handle = db.connection().sql.getHandle();
  sqlite3_blob* raw = nullptr;
  const int opened = sqlite3_blob_open(handle, "main", "blobs", "bytes", rowid, 0, &raw);
  std::unique_ptr<sqlite3_blob, BlobCloser> blob(raw);
  if (opened != SQLITE_OK) throw_blob_failed(handle);
  const int size = sqlite3_blob_bytes(blob.get());
  std::string bytes(static_cast<size_t>(size), '\0');
  constexpr int kPiece = 1 << 20;
  for (int at = 0; at < size; at += kPiece) {
    const int n = std::min(kPiece, size - at);
    if (sqlite3_blob_read(blob.get(), bytes.data() + at, n, at) != SQLITE_OK) throw_blob_failed(handle);
  }
  return bytes;
}

}  // namespace ipsurvey::db

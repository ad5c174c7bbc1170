// Importing one upload into the database and reporting it: the loop of
// `ipsurvey import`, shared with `ipsurvey serve` (POST /api/uploads).
//
// import_upload() reads `source` (named `path`: the reader names the upload's
// files by it, and they are stored under `info.name`), stores it whole or not
// at all through db::ImportSession, and reports each file to `report`
// (records too when `as_json`). A database failure is reported as a rejected
// upload (problem db.failed), never thrown. Not thread-safe: one Database,
// used from the calling thread (and the BackgroundWriter it starts).
#pragma once

#include <cstddef>
#include <string>

#include "collector/file_report.h"
#include "db/database.h"
#include "db/import_session.h"
#include "importers/byte_source.h"
#include "importers/form_context.h"

namespace ipsurvey::collector {

// Told of the import's progress (the command's progress line); all optional.
class ImportObserver {
 public:
  virtual ~ImportObserver() = default;
  virtual void record() {}
  virtual void problems(size_t) {}
  virtual void file() {}
  virtual void committed() {}  // before the files are reported
};

struct UploadResult {
  enum class Kind { Stored, Duplicate, Rejected, Failed } kind = Kind::Failed;  // Failed: db.failed
  bool any_file_rejected = false;  // a file (or the upload) reported rejected
  size_t records = 0, new_versions = 0, errors = 0, warnings = 0;
  int64_t upload_id = 0;
};

UploadResult import_upload(db::Database& database, const importers::ByteSource& source, const std::string& path,
                           const db::UploadInfo& info, const importers::FormOptions& options, FileReport& report,
                           bool as_json, ImportObserver* observer = nullptr);

}  // namespace ipsurvey::collector

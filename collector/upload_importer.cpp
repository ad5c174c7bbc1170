#include "collector/upload_importer.h"

#include <exception>
#include <iterator>
#include <vector>

#include "collector/background_writer.h"
#include "db/db_error.h"
#include "db/upload_query.h"
#include "importers/submission_reader.h"

namespace ipsurvey::collector {

UploadResult import_upload(db::Database& database, const importers::ByteSource& source, const std::string& path,
                           const db::UploadInfo& info, const importers::FormOptions& options, FileReport& report,
                           bool as_json, ImportObserver* observer) {
  ImportObserver none;
  ImportObserver& progress = observer ? *observer : none;
  UploadResult result;
  try {
    db::ImportSession session(database, info, source.size(), [&](uint64_t at, void* buf, size_t n) {
      return source.read_at(at, buf, n);
    });
    if (session.duplicate()) {
      const auto outcome = session.commit();
      result.kind = UploadResult::Kind::Duplicate;
      result.upload_id = outcome.upload_id;
      report.file_done(path, "duplicate", 0, {},
                       "与第 " + std::to_string(outcome.upload_id) + " 号上传相同（SHA-256 " +
                           session.sha256().substr(0, 16) + "…）");
      return result;
    }
    // The reader names files by the path given (and "path/inner.xlsx" in a
    // zip); they are stored under the upload's own name.
    auto stored_name = [&](const std::string& file) {
      return file.compare(0, path.size(), path) == 0 ? info.name + file.substr(path.size()) : file;
    };
    // Records are stored on a thread of their own while the next are read,
    // each with the problems found up to it; a file's result is stored
    // once its records are. Problems are not kept in memory: the report
    // reads them back from the database after the commit.
    BackgroundWriter writer([&](BackgroundWriter::Batch& batch) {
      for (auto& item : batch) session.add_record(item.file, item.record, item.found_before);
    });
    // A database failure is not thrown through the reader (its threads):
    // it is kept, the rest of the upload is skipped, and it is thrown after.
    std::exception_ptr failed;
    Problems found;
    auto on_problems = [&](const std::string&, Problems& p) {
      progress.problems(p.size());
      if (found.empty()) found.swap(p);
      else std::move(p.begin(), p.end(), std::back_inserter(found));
    };
    auto on_record = [&](const std::string& file, Record& r) {
      if (failed) return;
      if (as_json) report.record(file, r);  // text: a count per file, not every record
      writer.push(stored_name(file), db::stored_record(r), std::move(found));
      found = Problems();
      progress.record();
    };
    struct Finished {
      std::string file, status;
      size_t records = 0;
      db::FileOutcome outcome;
    };
    std::vector<Finished> finished;
    auto on_file = [&](const importers::FileResult& f) {
      if (failed) return;
      try {
        writer.drain();
        progress.problems(f.problems.size());
        auto outcome = session.finish_file(stored_name(f.file), f.ok, f.problems, f.sha256);
        progress.file();
        finished.push_back({f.file, outcome.status, f.record_count, outcome});
      } catch (const db::DbError&) {
        failed = std::current_exception();
      }
    };
    importers::read_submission(source, path, options, {}, on_record, on_file, on_problems);
    if (failed) std::rethrow_exception(failed);
    writer.drain();
    const auto outcome = session.commit();
    // Reported after the commit: until then nothing is stored.
    progress.committed();
    result.records = outcome.records;
    result.new_versions = outcome.new_versions;
    result.errors = outcome.errors;
    result.warnings = outcome.warnings;
    result.upload_id = outcome.upload_id;
    result.kind = outcome.status == "rejected"    ? UploadResult::Kind::Rejected
                  : outcome.status == "duplicate" ? UploadResult::Kind::Duplicate  // every file seen before
                                                  : UploadResult::Kind::Stored;
    for (size_t i = 0; i < finished.size(); ++i) {
      const auto& f = finished[i];
      result.any_file_rejected |= f.status == "rejected";
      std::string note;
      if (i == 0)
        note = outcome.status == "duplicate"
                   ? "其中的文件都已保存过（与第 " + std::to_string(outcome.upload_id) + " 号上传相同），未作改动"
                   : "第 " + std::to_string(outcome.upload_id) + " 号上传" +
                         (outcome.new_versions ? "，其中 " + std::to_string(outcome.new_versions) + " 家企业为新版本"
                                               : "");
      const int64_t file_id = f.outcome.file_id;
      report.file_done(
          f.file, f.status, f.records,
          [&](const std::function<void(const Problem&)>& each) {
            if (file_id) db::for_each_file_problem(database, file_id, each);
          },
          f.outcome.problems, note);
    }
  } catch (const db::DbError& e) {
    result = UploadResult();
    result.kind = UploadResult::Kind::Failed;
    result.any_file_rejected = true;
    report.file_done(path, "rejected", 0, {make_problem(Severity::Error, "db.failed", e.what())});
  }
  return result;
}

}  // namespace ipsurvey::collector

// Reads one uploaded file into normalised records: a workbook (xlsx/xlsm or
// Excel 2003 XML) or a zip holding many workbooks and XML files (a batch,
// never a zip inside a zip). Each workbook gives one FileResult.
//
// Limits: a workbook keeps ReadLimits; a batch may hold up to
// `max_batch_entries` files and inflate to `max_batch_bytes` in all, one
// workbook in memory at a time. Thread-safe (no shared state).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "forms/problem.h"
#include "forms/record.h"
#include "importers/byte_source.h"
#include "importers/form_context.h"
#include "importers/workbook.h"
#include "importers/zip_archive.h"

namespace ipsurvey::importers {

struct FileResult {
  std::string file;  // the upload's name, or "batch.zip/a.xlsx" inside a batch
  bool ok = false;   // false: refused, nothing of it usable (problems say why)
  std::vector<Record> records;  // empty when records were handed to a callback
  size_t record_count = 0;
  Problems problems;  // those not handed to a ProblemCallback
  std::string sha256;  // of the file's bytes, for a file inside a batch ("" for the upload itself)
};

// Receives each record as it is finished, with the name of the file it is in
// (records of a file that is refused later may already have been handed on:
// the caller keeps them apart until the file's result says ok).
using RecordCallback = std::function<void(const std::string& file, Record& record)>;

// Receives a workbook's problems as they are found, just before the record
// they concern (and those found before it), in pieces; the callee may move
// them out. Problems of the file as a whole, and of a file that is refused,
// stay in FileResult::problems.
using ProblemCallback = std::function<void(const std::string& file, Problems& problems)>;

// Receives each file's result as soon as the file is read, before the next
// file's records (so that a store can keep or drop that file's records).
using FileCallback = std::function<void(const FileResult& result)>;

struct SubmissionLimits {
  ReadLimits workbook;
  uint32_t max_batch_entries = 20000;
  uint64_t max_batch_bytes = 4ull << 30;
  uint64_t max_workbook_bytes = 64ull << 20;  // one workbook inside a batch, inflated
};

// Whether a zip is one workbook (an xlsx/xlsm package), not a batch of files.
bool is_workbook_package(const ZipArchive& zip);
// The name read_submission() gives the file `entry_name` of the batch `upload_name`.
std::string batch_member_name(const std::string& upload_name, const std::string& entry_name);

// How many files read_submission() will report for this upload: the files of
// a batch (from the zip's directory alone, nothing inflated), else 1.
size_t submission_file_count(const ByteSource& source, const SubmissionLimits& limits = {});

std::vector<FileResult> read_submission(const ByteSource& source, const std::string& name,
                                        const FormOptions& options, const SubmissionLimits& limits = {},
                                        const RecordCallback& on_record = {},
                                        const FileCallback& on_file = {},
                                        const ProblemCallback& on_problems = {});

}  // namespace ipsurvey::importers

// The report `parse` and `import` print: per file, its status, its records
// (shown only once the file is known to be readable) and its problems — as
// one JSON document (interface.md) or as text for people.
//
// Use: record() for each record as the reader finishes it, file_done() when a
// file's result is known (records of a refused file are dropped), finish() at
// the end. Output is written as files finish, so a batch of 5,000 workbooks
// or a 100,000-row table is never held whole (see RenderedRecords). Text mode
// lists at most `text_problem_limit` problems per file. Not thread-safe.
#pragma once

#include <functional>
#include <map>
#include <ostream>
#include <string>

#include "collector/rendered_records.h"
#include "forms/problem.h"
#include "forms/record.h"

namespace ipsurvey::collector {

class FileReport {
 public:
  // `ok_text` is how text mode names a file that was read (已读取; import: 已保存).
  FileReport(std::ostream& out, bool as_json, size_t text_problem_limit = SIZE_MAX, std::string ok_text = "已读取");
  void record(const std::string& file, const Record& r);
  // status: ok, rejected or duplicate; `note` is an extra text line (import's outcome).
  void file_done(const std::string& file, const std::string& status, size_t record_count,
                 const Problems& problems, const std::string& note = {});
  // The same, with the problems read one at a time (e.g. back from the
  // database): `problems` calls its argument for each, in order.
  using ProblemSource = std::function<void(const std::function<void(const Problem&)>&)>;
  void file_done(const std::string& file, const std::string& status, size_t record_count,
                 const ProblemSource& problems, size_t problem_count, const std::string& note = {});
  void finish();

 private:
  std::ostream& out_;
  bool as_json_;
  size_t text_problem_limit_;
  std::string ok_text_;
  bool first_file_ = true;
  std::map<std::string, RenderedRecords> rendered_;
};

std::string status_text(const std::string& status);  // 已读取 / 已拒收 / 重复（未改变）/ …

}  // namespace ipsurvey::collector

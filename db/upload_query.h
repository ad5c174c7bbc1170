// Reading back what uploads stored: a city's upload history, one upload's
// files with their counts, and the problems of one file in the order they
// were found (for the import report and the city's pages).
//
// Errors: database failures throw DbError. Thread-safety: as Database.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "forms/problem.h"

namespace ipsurvey::db {

class Database;

struct UploadSummary {
  int64_t id = 0;
  std::string name, city, account, round, received_at;
  std::string status;  // ok, partial, rejected
  int64_t file_count = 0, record_count = 0, error_count = 0, warning_count = 0;
};

struct UploadFileSummary {
  int64_t id = 0;
  std::string name;
  std::string status;  // ok, rejected, duplicate
  int64_t record_count = 0, error_count = 0, warning_count = 0;
};

// Uploads, newest first; `city` "" = every city.
std::vector<UploadSummary> list_uploads(Database& db, const std::string& city, int64_t limit, int64_t offset);
int64_t count_uploads(Database& db, const std::string& city);
std::optional<UploadSummary> find_upload(Database& db, int64_t upload_id);

// The cities that have uploaded anything, by name (read off an index).
std::vector<std::string> upload_cities(Database& db);

// The files of an upload, in the order they were read.
std::vector<UploadFileSummary> upload_files(Database& db, int64_t upload_id);

// Calls `each` for every problem stored for the file (upload_files.id).
void for_each_file_problem(Database& db, int64_t file_id, const std::function<void(const Problem&)>& each);

}  // namespace ipsurvey::db

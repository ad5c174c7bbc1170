// Reading back what an upload stored: the problems of one of its files, in
// the order they were found (for the import report and the city's pages).
//
// Errors: database failures throw DbError.
#pragma once

#include <cstdint>
#include <functional>

#include "forms/problem.h"

namespace ipsurvey::db {

class Database;

// Calls `each` for every problem stored for the file (upload_files.id).
void for_each_file_problem(Database& db, int64_t file_id, const std::function<void(const Problem&)>& each);

}  // namespace ipsurvey::db

// What the storing and reporting commands share: opening the database with a
// clear message, and reading --format / -o.
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include "collector/command_line.h"
#include "collector/table_output.h"
#include "db/database.h"

namespace ipsurvey::collector {

// Opens database_path(cl); on failure prints "ipsurvey COMMAND: reason" to err and returns null.
std::unique_ptr<db::Database> open_database(const CommandLine& cl, const char* command, std::ostream& err);

// --format (default `fallback`); false with a message on err for an unknown one.
bool table_format_from(const CommandLine& cl, TableFormat fallback, TableFormat* format, const char* command,
                       std::ostream& err);

}  // namespace ipsurvey::collector

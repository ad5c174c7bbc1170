// What the storing and reporting commands share: opening the database with a
// clear message, and reading --format / -o.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "collector/command_line.h"
#include "collector/table_output.h"
#include "collector/table_output_file.h"
#include "db/database.h"

namespace ipsurvey::collector {

// Opens database_path(cl); on failure prints "ipsurvey COMMAND: reason" to err and returns null.
std::unique_ptr<db::Database> open_database(const CommandLine& cl, const char* command, std::ostream& err);

// --format (default `fallback`); false with a message on err for an unknown one.
bool table_format_from(const CommandLine& cl, TableFormat fallback, TableFormat* format, const char* command,
                       std::ostream& err);

// Every city (in the city table's order) of the provinces the given cities
// are in: the rows a province-wide summary or ledger matrix lists.
std::vector<std::string> province_cities(const std::vector<std::string>& cities);

// Where a command's JSON goes: -o FILE (written whole, under a temporary name,
// or not at all: table_output_file.h) or `out`. Null after printing the reason.
std::unique_ptr<OutputTarget> open_json_output(std::ostream& out, const std::string& path, const char* command,
                                               std::ostream& err);
// Writes `json` (then, with `last`, a newline and commits); false after printing the reason.
bool write_json_output(OutputTarget& target, std::string& json, bool last, const char* command,
                       std::ostream& err);

}  // namespace ipsurvey::collector

#include "collector/command_support.h"

#include "db/db_error.h"

namespace ipsurvey::collector {

std::unique_ptr<db::Database> open_database(const CommandLine& cl, const char* command, std::ostream& err) {
  try {
    return db::Database::open(database_path(cl));
  } catch (const db::DbError& e) {
    err << "ipsurvey " << command << ": " << e.what() << "\n";
    return nullptr;
  }
}

bool table_format_from(const CommandLine& cl, TableFormat fallback, TableFormat* format, const char* command,
                       std::ostream& err) {
  *format = fallback;
  if (!cl.has("--format")) return true;
  if (parse_table_format(cl.value("--format"), format)) return true;
  err << "ipsurvey " << command << ": 未知格式“" << cl.value("--format") << "”（text、csv、json 或 xlsx）\n";
  return false;
}

}  // namespace ipsurvey::collector

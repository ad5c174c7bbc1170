#include "db/upload_query.h"

#include <cstring>

#include "db/connection.h"
#include "db/database.h"

namespace ipsurvey::db {

void for_each_file_problem(Database& db, int64_t file_id, const std::function<void(const Problem&)>& each) {
  try {
    SQLite::Statement q(db.connection().sql,
                        "SELECT severity, code, sheet, cell, line, field, message FROM problems "
                        "WHERE file_id = ? ORDER BY id");
    q.bind(1, file_id);
    Problem p;
    while (q.executeStep()) {
      const char* severity = q.getColumn(0).getText();
      p.severity = !std::strcmp(severity, "error")     ? Severity::Error
                   : !std::strcmp(severity, "warning") ? Severity::Warning
                                                       : Severity::Info;
      p.code = q.getColumn(1).getString();
      p.sheet = q.getColumn(2).getString();
      p.cell = q.getColumn(3).getString();
      p.line = q.getColumn(4).getInt();
      p.field = q.getColumn(5).getString();
      p.message = q.getColumn(6).getString();
      each(p);
    }
  } catch (const SQLite::Exception& e) {
    throw_read_failed(e);
  }
}

}  // namespace ipsurvey::db

// db-internal: a stored problem read back from the seven columns
// "severity, code, sheet, cell, line, field, message" of a statement, starting
// at column 0. Only db/*.cpp include this header.
#pragma once

#include <cstring>

#include "db/connection.h"
#include "forms/problem.h"

namespace ipsurvey::db {

inline Problem problem_from_row(SQLite::Statement& q) {
  Problem p;
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
  return p;
}

}  // namespace ipsurvey::db

#include "forms/problem.h"

namespace ipsurvey {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Info: return "info";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "error";
}

bool has_error(const Problems& problems) {
  for (const auto& p : problems)
    if (p.severity == Severity::Error) return true;
  return false;
}

Problem make_problem(Severity s, std::string code, std::string message,
                     std::string sheet, std::string cell, int line) {
  Problem p;
  p.severity = s;
  p.code = std::move(code);
  p.message = std::move(message);
  p.sheet = std::move(sheet);
  p.cell = std::move(cell);
  p.line = line;
  return p;
}

}  // namespace ipsurvey

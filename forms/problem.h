// A problem found in what a city sent: the unit every reader and normaliser reports.
//
// Readers and normalisers never stop at the first problem; they append to a
// std::vector<Problem> supplied by the caller, who decides the policy (reject,
// store with a correction flag, show). `code` is a stable dotted identifier that
// tests and programs match on; `message` is plain Chinese for the clerk and may
// change wording at any time. Plain value type, no I/O.
#pragma once

#include <string>
#include <vector>

namespace ipsurvey {

enum class Severity { Info, Warning, Error };

const char* severity_name(Severity s);  // "info", "warning", "error"

struct Problem {
  Severity severity = Severity::Error;
  std::string code;     // e.g. "zip.crc_mismatch", "xml.doctype"
  std::string sheet;    // sheet name, or the part / file name when no sheet applies
  std::string cell;     // "B5", empty when not tied to a cell
  int line = 0;         // XML line, 0 when not known
  std::string field;    // form field key, empty for reader problems
  std::string message;  // Chinese, for the city
};

using Problems = std::vector<Problem>;

bool has_error(const Problems& problems);

// Shorthand for the common case of a located error/warning without a field.
Problem make_problem(Severity s, std::string code, std::string message,
                     std::string sheet = {}, std::string cell = {}, int line = 0);

}  // namespace ipsurvey

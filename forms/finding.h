// What a normaliser found about one answer, before the caller places it.
//
// Normalisers are pure: they see a value, not where it came from. The caller
// (the form engine) turns a Finding into a Problem by adding the sheet, cell
// and field, and by prefixing the field's label. So `message` is phrased to
// follow a label: "应为数字，收到“五百万”".
#pragma once

#include <string>
#include <vector>

#include "forms/problem.h"

namespace ipsurvey {

struct Finding {
  Severity severity = Severity::Error;
  std::string code;     // stable dotted code, e.g. "amount.not_a_number"
  std::string message;  // Chinese, to follow the field's label
};

using Findings = std::vector<Finding>;

inline Finding error_finding(std::string code, std::string message) {
  return Finding{Severity::Error, std::move(code), std::move(message)};
}
inline Finding warning_finding(std::string code, std::string message) {
  return Finding{Severity::Warning, std::move(code), std::move(message)};
}

}  // namespace ipsurvey

// The JSON form of a Problem, as every --json output and the HTTP API give it:
// {"severity","code","sheet","cell","line","field","message"}; empty strings and
// a zero line are left out.
#pragma once

#include "forms/json_writer.h"
#include "forms/problem.h"

namespace ipsurvey {

void write_problem_json(JsonWriter& w, const Problem& p);

// One line for people: "错误 [code] 工作表 Sheet1 单元格 B5：message".
std::string problem_text(const Problem& p);

}  // namespace ipsurvey

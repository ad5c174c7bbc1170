// `ipsurvey cells FILE [--sheet S] [--json|--count]`: the raw cells of one
// workbook, for checking a reader (interface.md). Writes to the given streams;
// returns the exit code.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace ipsurvey::collector {

int run_cells_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace ipsurvey::collector

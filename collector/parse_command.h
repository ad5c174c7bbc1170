// `ipsurvey parse FILE... [--json] [--city C] [--verbose]`: reads and
// normalises, stores nothing (interface.md). Returns the exit code.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace ipsurvey::collector {

int run_parse_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace ipsurvey::collector

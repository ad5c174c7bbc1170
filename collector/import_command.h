// `ipsurvey import FILE... [--city C] [--round R] [--json] [--db PATH] [--as NAME]`:
// reads, normalises and stores each upload whole or not at all (one
// transaction per FILE); the same bytes again are reported `duplicate` and
// change nothing. On a terminal it shows progress on stderr.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace ipsurvey::collector {

int run_import_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace ipsurvey::collector

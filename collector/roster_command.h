// `ipsurvey roster`: the demand roster — enterprises with a financing need,
// per city and round, in the matchmaking order of db/record_columns.h, with
// risk flags shown — as text, csv, json (interface.md) or xlsx.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace ipsurvey::collector {

int run_roster_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace ipsurvey::collector

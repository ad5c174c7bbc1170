// `ipsurvey ledger [--year Y] [--quarter Q] [--format text|csv|json|xlsx] [-o FILE] [--table T]`:
// the city × quarter matrix of the quarterly ledgers (filed on time, late,
// missing, not yet due; rules in db/ledger_query.h) and the activity and
// policy entries of the latest filings. Text and JSON give everything; csv
// and xlsx give one table: --table matrix (default), activities or policies.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace ipsurvey::collector {

int run_ledger_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace ipsurvey::collector

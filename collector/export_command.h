// `ipsurvey export --bank B [--city C] [--round R] --format xlsx|csv -o FILE`:
// the list for one bank — the enterprises whose latest version named that bank
// (any abbreviation or branch of it) and that the province approved (by
// default; --review widens it), in the fixed column layout of
// collector/survey_table_layout.h. Each export is written to the audit log.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace ipsurvey::collector {

int run_export_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace ipsurvey::collector

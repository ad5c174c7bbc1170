// `ipsurvey review`: the province's review from the command line —
//   review RECORD_ID|CREDIT_CODE... --state S [--note N] [--round R]
//   review --pending [--city C] [--round R] --state S [--note N]   (in bulk)
//   review --history CREDIT_CODE [--round R]   (versions and review history)
// States: approved, returned (a note is required), rejected, pending. Only an
// enterprise's latest version can be reviewed. Written to the audit log.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace ipsurvey::collector {

int run_review_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace ipsurvey::collector

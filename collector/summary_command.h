// `ipsurvey summary [--round R] [--format text|csv|json|xlsx] [-o FILE]`: the
// province summary per city — surveyed against the target of 50, demand
// sought (total, median), breakdowns by industry, term and acceptable cost,
// and the review work outstanding. Every city of the provinces that have
// records is listed, with zeros where nothing was sent.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace ipsurvey::collector {

int run_summary_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace ipsurvey::collector

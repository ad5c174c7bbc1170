// `ipsurvey template survey|ledger -o FILE.xlsx`: the blank form to hand out to
// cities, made from the form definition (collector/form_template.h), with
// drop-down lists for every choice, so that a filled copy parses back exactly.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace ipsurvey::collector {

int run_template_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace ipsurvey::collector

// `ipsurvey schema survey|ledger [-o FILE]`: the XSD of the project's own XML
// submission format for a form, produced from its definition.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace ipsurvey::collector {

int run_schema_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace ipsurvey::collector

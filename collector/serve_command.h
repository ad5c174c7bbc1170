// `ipsurvey serve [--port P] [--bind ADDR] [--db PATH]`: the JSON API of the
// web application (interface.md, HTTP): uploads, the roster, a bank's list
// and reviews under /api/, with HTTP Basic authentication on the accounts
// table. Poco::Net stays inside serve_command.cpp. Runs until SIGINT/SIGTERM.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace ipsurvey::collector {

int run_serve_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace ipsurvey::collector

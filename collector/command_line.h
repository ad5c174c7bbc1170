// A small command-line parser shared by the subcommands: positional arguments,
// flags ("--json") and options with a value ("--sheet S" or "--sheet=S").
// Unknown options are usage errors (exit 2), reported through error().
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

namespace ipsurvey::collector {

class CommandLine {
 public:
  // `flags` take no value, `options` take one.
  CommandLine(const std::vector<std::string>& args, const std::set<std::string>& flags,
              const std::set<std::string>& options);
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  bool has(const std::string& name) const { return present_.count(name) > 0; }
  std::string value(const std::string& name, const std::string& fallback = "") const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::set<std::string> present_;
  std::map<std::string, std::string> values_;
  std::vector<std::string> positional_;
  std::string error_;
};

// The database every storing command uses: --db PATH, else $IPSURVEY_DB, else ./ipsurvey.db.
std::string database_path(const CommandLine& cl);
// Who is acting, for the audit log: --as NAME, else "cli:" + the login name.
std::string acting_account(const CommandLine& cl);

// Exit codes of every subcommand (interface.md).
constexpr int kExitOk = 0;
constexpr int kExitRejected = 1;
constexpr int kExitUsage = 2;

}  // namespace ipsurvey::collector

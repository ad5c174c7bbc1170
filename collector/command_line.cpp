#include "collector/command_line.h"

#include <cstdlib>

namespace ipsurvey::collector {

CommandLine::CommandLine(const std::vector<std::string>& args, const std::set<std::string>& flags,
                         const std::set<std::string>& options) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.size() < 2 || a[0] != '-' || a == "-") {
      positional_.push_back(a);
      continue;
    }
    if (a == "--") {
      positional_.insert(positional_.end(), args.begin() + static_cast<long>(i) + 1, args.end());
      break;
    }
    std::string name = a, value;
    bool inline_value = false;
    const size_t eq = a.find('=');
    if (eq != std::string::npos) {
      name = a.substr(0, eq);
      value = a.substr(eq + 1);
      inline_value = true;
    }
    if (flags.count(name)) {
      if (inline_value) {
        error_ = "选项 " + name + " 不带参数";
        return;
      }
      present_.insert(name);
    } else if (options.count(name)) {
      if (!inline_value) {
        if (i + 1 >= args.size()) {
          error_ = "选项 " + name + " 需要一个参数";
          return;
        }
        value = args[++i];
      }
      present_.insert(name);
      values_[name] = value;
    } else {
      error_ = "未知选项 " + name;
      return;
    }
  }
}

std::string CommandLine::value(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

std::string database_path(const CommandLine& cl) {
  if (cl.has("--db")) return cl.value("--db");
  const char* env = std::getenv("IPSURVEY_DB");
  return env && *env ? env : "ipsurvey.db";
}

std::string acting_account(const CommandLine& cl) {
  if (cl.has("--as")) return cl.value("--as");
  const char* user = std::getenv("USER");
  if (!user || !*user) user = std::getenv("LOGNAME");
  return std::string("cli:") + (user && *user ? user : "unknown");
}

}  // namespace ipsurvey::collector

#include "collector/command_support.h"

#include <set>

#include "db/db_error.h"
#include "forms/cities.h"

namespace ipsurvey::collector {

std::unique_ptr<db::Database> open_database(const CommandLine& cl, const char* command, std::ostream& err) {
  try {
    return db::Database::open(database_path(cl));
  } catch (const db::DbError& e) {
    err << "ipsurvey " << command << ": " << e.what() << "\n";
    return nullptr;
  }
}

bool table_format_from(const CommandLine& cl, TableFormat fallback, TableFormat* format, const char* command,
                       std::ostream& err) {
  *format = fallback;
  if (!cl.has("--format")) return true;
  if (parse_table_format(cl.value("--format"), format)) return true;
  err << "ipsurvey " << command << ": 未知格式“" << cl.value("--format") << "”（text、csv、json 或 xlsx）\n";
  return false;
}

std::vector<std::string> province_cities(const std::vector<std::string>& cities) {
  std::set<std::string> provinces;
  for (const auto& name : cities)
    if (const City* c = Cities::instance().by_name(name)) provinces.insert(c->province);
  std::vector<std::string> out;
  for (const auto& c : Cities::instance().all())
    if (provinces.count(c.province)) out.push_back(c.name);
  return out;
}

std::unique_ptr<OutputTarget> open_json_output(std::ostream& out, const std::string& path, const char* command,
                                               std::ostream& err) {
  std::string error;
  auto target = OutputTarget::open(&out, path, &error);
  if (!target) err << "ipsurvey " << command << ": " << error << "\n";
  return target;
}

bool write_json_output(OutputTarget& target, std::string& json, bool last, const char* command,
                       std::ostream& err) {
  if (last) json.push_back('\n');
  std::string error;
  const bool ok = target.write(json, &error) && (!last || target.commit(&error));
  json.clear();
  if (!ok) err << "ipsurvey " << command << ": " << error << "\n";
  return ok;
}

}  // namespace ipsurvey::collector

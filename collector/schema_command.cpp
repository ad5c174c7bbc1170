#include "collector/schema_command.h"

#include <fstream>

#include "collector/command_line.h"
#include "forms/form_definition.h"
#include "forms/xml_schema.h"

namespace ipsurvey::collector {

int run_schema_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  static const char* kHelp =
      "用法: ipsurvey schema survey|ledger [-o FILE]\n"
      "\n"
      "输出本系统 XML 提交格式的 XSD（由表单定义生成）。\n";
  CommandLine cl(args, {"--help", "-h"}, {"-o", "--db"});
  if (cl.has("--help") || cl.has("-h")) {
    out << kHelp;
    return kExitOk;
  }
  const FormDefinition* def = cl.positional().size() == 1 ? form_definition(cl.positional()[0]) : nullptr;
  if (!cl.ok() || !def) {
    err << "ipsurvey schema: " << (cl.ok() ? "需要表单名 survey 或 ledger" : cl.error()) << "\n" << kHelp;
    return kExitUsage;
  }
  const std::string xsd = form_xsd(*def);
  if (cl.has("-o")) {
    std::ofstream file(cl.value("-o"), std::ios::binary);
    file << xsd;
    if (!file) {
      err << "ipsurvey schema: 无法写入 " << cl.value("-o") << "\n";
      return kExitRejected;
    }
  } else {
    out << xsd;
  }
  return kExitOk;
}

}  // namespace ipsurvey::collector

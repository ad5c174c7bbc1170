#include "collector/template_command.h"

#include "collector/command_line.h"
#include "collector/form_template.h"
#include "forms/form_definition.h"

namespace ipsurvey::collector {

int run_template_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  static const char* kHelp =
      "用法: ipsurvey template survey|ledger -o FILE.xlsx\n"
      "\n"
      "生成空白表格（XLSX），发给各市填写：\n"
      "  survey  企业知识产权质押融资信息采集表（一家企业一张表）\n"
      "  ledger  知识产权金融工作事项台账（一个城市一个季度）\n"
      "表格由表单定义生成，与 ipsurvey parse 读取的栏目一致；选择项、是/否和季度为下拉列表，\n"
      "多选项（融资目的）每个选项一格，下拉选“■”表示选中。\n"
      "\n"
      "参数:\n"
      "  -o FILE.xlsx   输出文件（必填；已存在时覆盖）\n";
  CommandLine cl(args, {"--help", "-h"}, {"-o", "--db"});
  if (cl.has("--help") || cl.has("-h")) {
    out << kHelp;
    return kExitOk;
  }
  const FormDefinition* def = cl.positional().size() == 1 ? form_definition(cl.positional()[0]) : nullptr;
  std::string problem;
  if (!cl.ok())
    problem = cl.error();
  else if (!def)
    problem = "需要表单名 survey 或 ledger";
  else if (!cl.has("-o") || cl.value("-o").empty())
    problem = "需要用 -o 指定输出文件";
  if (!problem.empty()) {
    err << "ipsurvey template: " << problem << "\n" << kHelp;
    return kExitUsage;
  }
  const std::string path = cl.value("-o");
  std::string error;
  if (!write_form_template(*def, path, error)) {
    err << "ipsurvey template: 无法生成 " << path << "：" << error << "\n";
    return kExitRejected;
  }
  return kExitOk;
}

}  // namespace ipsurvey::collector

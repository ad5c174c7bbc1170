// The ipsurvey executable: dispatches to the subcommands of interface.md.
#include <iostream>
#include <string>
#include <vector>

#include "collector/cells_command.h"
#include "collector/command_line.h"
#include "collector/export_command.h"
#include "collector/import_command.h"
#include "collector/ledger_command.h"
#include "collector/review_command.h"
#include "collector/roster_command.h"
#include "collector/summary_command.h"
#include "collector/parse_command.h"
#include "collector/schema_command.h"
#include "collector/serve_command.h"
#include "collector/template_command.h"
#include "collector/user_command.h"

namespace {

constexpr const char* kUsage =
    "用法: ipsurvey <命令> [参数]\n"
    "\n"
    "命令:\n"
    "  parse FILE... [--json] [--city C]         读取并规范化采集表和台账（不保存）\n"
    "  import FILE... [--city C] [--round R] [--json]  读取、规范化并保存（整体保存或完全不保存）\n"
    "  roster [--city C] [--round R] [--format F] [-o FILE]  融资需求名单（可筛选、分页）\n"
    "  summary [--round R] [--format F]          全省各市汇总（调查数对照目标、需求金额、分布）\n"
    "  review ID|信用代码... --state S [--note N]  省局审核（通过、退回、不通过）\n"
    "  export --bank B [--city C] --format xlsx|csv -o FILE  给一家银行的企业名单\n"
    "  ledger [--year Y] [--quarter Q] [--format F]  台账报送情况和事项\n"
    "  schema survey|ledger [-o FILE]            本系统 XML 提交格式的 XSD\n"
    "  template survey|ledger -o FILE.xlsx       生成发给各市填写的空白表格（含下拉列表）\n"
    "  cells FILE [--sheet S] [--json|--count]   列出工作簿的原始单元格（检查读取结果）\n"
    "\n"
    "  user add NAME --role province|city|bank [--city C] [--bank B]  网页应用的账户（密码从标准输入读取）\n"
    "  serve [--port P] [--bind ADDR] [--db PATH]  网页应用的 JSON 接口（/api/，HTTP Basic 认证）\n"
    "\n"
    "每个命令都支持 --help。退出码: 0 成功, 1 有输入被拒收, 2 用法错误。\n";

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    (args.empty() ? std::cerr : std::cout) << kUsage;
    return args.empty() ? ipsurvey::collector::kExitUsage : ipsurvey::collector::kExitOk;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  if (command == "cells") return ipsurvey::collector::run_cells_command(args, std::cout, std::cerr);
  if (command == "schema") return ipsurvey::collector::run_schema_command(args, std::cout, std::cerr);
  if (command == "template") return ipsurvey::collector::run_template_command(args, std::cout, std::cerr);
  if (command == "parse") return ipsurvey::collector::run_parse_command(args, std::cout, std::cerr);
  if (command == "import") return ipsurvey::collector::run_import_command(args, std::cout, std::cerr);
  if (command == "roster") return ipsurvey::collector::run_roster_command(args, std::cout, std::cerr);
  if (command == "summary") return ipsurvey::collector::run_summary_command(args, std::cout, std::cerr);
  if (command == "export") return ipsurvey::collector::run_export_command(args, std::cout, std::cerr);
  if (command == "ledger") return ipsurvey::collector::run_ledger_command(args, std::cout, std::cerr);
  if (command == "review") return ipsurvey::collector::run_review_command(args, std::cout, std::cerr);
  if (command == "serve") return ipsurvey::collector::run_serve_command(args, std::cout, std::cerr);
  if (command == "user") return ipsurvey::collector::run_user_command(args, std::cin, std::cout, std::cerr);
  std::cerr << "ipsurvey: 未知或尚未提供的命令“" << command << "”\n\n" << kUsage;
  return ipsurvey::collector::kExitUsage;
}

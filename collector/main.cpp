// The ipsurvey executable: dispatches to the subcommands of interface.md.
#include <iostream>
#include <string>
#include <vector>

#include "collector/cells_command.h"
#include "collector/command_line.h"
#include "collector/parse_command.h"
#include "collector/schema_command.h"

namespace {

constexpr const char* kUsage =
    "用法: ipsurvey <命令> [参数]\n"
    "\n"
    "命令:\n"
    "  parse FILE... [--json] [--city C]         读取并规范化采集表和台账（不保存）\n"
    "  schema survey|ledger [-o FILE]            本系统 XML 提交格式的 XSD\n"
    "  cells FILE [--sheet S] [--json|--count]   列出工作簿的原始单元格（检查读取结果）\n"
    "\n"
    "尚未提供（见 issues）: import, roster, export, ledger, template, serve, user\n"
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
  if (command == "parse") return ipsurvey::collector::run_parse_command(args, std::cout, std::cerr);
  std::cerr << "ipsurvey: 未知或尚未提供的命令“" << command << "”\n\n" << kUsage;
  return ipsurvey::collector::kExitUsage;
}

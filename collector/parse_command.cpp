#include "collector/parse_command.h"

#include <ostream>
#include <string>
#include <vector>

#include "collector/command_line.h"
#include "collector/file_report.h"
#include "forms/cities.h"
#include "importers/submission_reader.h"

namespace ipsurvey::collector {
namespace {

constexpr const char* kHelp =
    "用法: ipsurvey parse FILE... [--json] [--city C] [--verbose]\n"
    "\n"
    "读取并规范化采集表和工作事项台账，不保存。FILE 可以是 .xlsx/.xlsm、XML，或装有多个表格的 .zip。\n"
    "  --json      以 JSON 输出（格式见 interface.md）\n"
    "  --city C    上报城市（如 石家庄 或 石家庄市），用于核对信用代码的登记机关\n"
    "  --verbose   说明每个工作表被识别成了什么\n"
    "有文件被拒收时退出码为 1，参数错误为 2。\n";

}  // namespace

int run_parse_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine cl(args, {"--json", "--verbose", "--help", "-h"}, {"--city", "--db"});
  if (cl.has("--help") || cl.has("-h")) {
    out << kHelp;
    return kExitOk;
  }
  if (!cl.ok() || cl.positional().empty()) {
    err << "ipsurvey parse: " << (cl.ok() ? "至少需要一个 FILE" : cl.error()) << "\n" << kHelp;
    return kExitUsage;
  }
  importers::FormOptions options;
  options.city = cl.value("--city");
  options.verbose = cl.has("--verbose");
  if (!options.city.empty() && !Cities::instance().by_name(options.city)) {
    err << "ipsurvey parse: 不认识的城市“" << options.city << "”\n";
    return kExitUsage;
  }
  bool any_rejected = false;
  FileReport report(out, cl.has("--json"));
  for (const auto& path : cl.positional()) {
    // Records are rendered as they are finished and each file is reported as
    // soon as its result is known, so that nothing large is held whole.
    auto on_record = [&](const std::string& file, Record& r) { report.record(file, r); };
    auto on_file = [&](const importers::FileResult& f) {
      any_rejected |= !f.ok;
      report.file_done(f.file, f.ok ? "ok" : "rejected", f.record_count, f.problems);
    };
    std::string error;
    auto source = importers::FileSource::open(path, &error);
    if (!source) {
      any_rejected = true;
      report.file_done(path, "rejected", 0, {make_problem(Severity::Error, "file.unreadable", error)});
      continue;
    }
    importers::read_submission(*source, path, options, {}, on_record, on_file);
  }
  report.finish();
  return any_rejected ? kExitRejected : kExitOk;
}

}  // namespace ipsurvey::collector

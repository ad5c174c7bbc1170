#include "collector/parse_command.h"

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "collector/command_line.h"
#include "forms/cities.h"
#include "forms/json_writer.h"
#include "forms/problem_json.h"
#include "forms/record_json.h"
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

constexpr size_t kFlushSize = 1 << 20;

std::string record_line(const Record& r) {
  const FieldValue* name = r.get(r.form == "ledger" ? "unit" : "enterprise_name");
  const FieldValue* code = r.get("credit_code");
  std::string line = "  [" + std::string(r.form == "ledger" ? "台账" : "采集表") + "] 工作表 " + r.sheet;
  if (r.row > 0) line += " 第" + std::to_string(r.row) + "行";
  line += "  " + (name ? name->text : std::string("（未填名称）"));
  if (code) line += "  " + code->text;
  if (!r.city.empty()) line += "  " + r.city;
  line += "  " + std::to_string(r.keys.size()) + " 项" + (r.needs_correction ? "  需更正" : "") + "\n";
  return line;
}

// One file's rendered records, kept until the file's status is known. Kept in
// pieces of about 1 MiB, so that a large table's output never has to be copied
// into ever larger strings as it grows.
class RenderedRecords {
 public:
  // Where the next record goes (after the separator, for JSON).
  std::string& next(bool as_json) {
    if (pieces_.empty() || pieces_.back().size() >= kPieceSize) {
      pieces_.emplace_back();
      pieces_.back().reserve(kPieceSize + kPieceSize / 8);
    }
    std::string& piece = pieces_.back();
    if (as_json && any_) piece.push_back(',');
    any_ = true;
    return piece;
  }
  void write_to(std::ostream& out) const {
    for (const auto& piece : pieces_) out << piece;
  }

 private:
  static constexpr size_t kPieceSize = 1 << 20;
  std::vector<std::string> pieces_;
  bool any_ = false;
};

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
  const bool as_json = cl.has("--json");
  bool any_rejected = false;
  std::string json;
  JsonWriter w(json);
  w.begin_object().key("files").begin_array();
  for (const auto& path : cl.positional()) {
    // Records are rendered as they are finished, per file, so that a large
    // table is never held as records (only as its output).
    std::map<std::string, RenderedRecords> rendered;
    auto on_record = [&](const std::string& file, Record& r) {
      std::string& buf = rendered[file].next(as_json);
      if (as_json) {
        JsonWriter rw(buf);
        write_record_json(rw, r);
      } else {
        buf += record_line(r);
      }
    };
    std::vector<importers::FileResult> results;
    std::string error;
    auto source = importers::FileSource::open(path, &error);
    if (!source) {
      importers::FileResult r;
      r.file = path;
      r.problems.push_back(make_problem(Severity::Error, "file.unreadable", error));
      results.push_back(std::move(r));
    } else {
      results = importers::read_submission(*source, path, options, {}, on_record);
    }
    for (const auto& f : results) {
      any_rejected |= !f.ok;
      const RenderedRecords no_records;
      const RenderedRecords& records = f.ok ? rendered[f.file] : no_records;
      if (!as_json) {
        out << "== " << f.file << "：" << (f.ok ? "已读取" : "已拒收") << "，" << (f.ok ? f.record_count : 0)
            << " 条记录\n";
        records.write_to(out);
        for (const auto& p : f.problems) out << "  " << problem_text(p) << "\n";
        continue;
      }
      w.begin_object();
      w.key("file").value(f.file);
      w.key("status").value(f.ok ? "ok" : "rejected");
      w.key("records").raw("[");
      out << json;
      records.write_to(out);  // written straight out, not copied into `json`
      json = "]";
      w.key("problems").begin_array();
      for (const auto& p : f.problems) {
        write_problem_json(w, p);
        if (json.size() >= kFlushSize) {  // many problems: written out as they go
          out << json;
          json.clear();
        }
      }
      w.end_array();
      w.end_object();
      out << json;
      json.clear();
    }
  }
  w.end_array().end_object();
  if (as_json) out << json << "\n";
  return any_rejected ? kExitRejected : kExitOk;
}

}  // namespace ipsurvey::collector

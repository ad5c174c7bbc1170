#include "collector/cells_command.h"

#include <algorithm>

#include "collector/command_line.h"
#include "forms/json_writer.h"
#include "forms/problem_json.h"
#include "importers/cell_ref.h"
#include "importers/workbook_reader.h"

namespace ipsurvey::collector {
namespace {

using importers::Cell;
using importers::CellType;

constexpr const char* kHelp =
    "用法: ipsurvey cells FILE [--sheet S] [--json | --count]\n"
    "\n"
    "读取一个工作簿（.xlsx/.xlsm、Excel 2003 XML），列出每个工作表的单元格。\n"
    "  --sheet S   只读名为 S 的工作表\n"
    "  --json      以 JSON 输出（格式见 interface.md）\n"
    "  --count     只输出每个工作表的名称和非空单元格数（制表符分隔）\n"
    "文件无法读取时退出码为 1，参数错误为 2。\n";

struct StoredCell {
  uint32_t row, col;
  CellType type;
  double number;
  uint32_t text_begin, text_len;
};

struct StoredSheet {
  importers::SheetInfo info;
  std::vector<StoredCell> cells;
  std::string text;
  std::vector<importers::CellRange> merged;
  std::vector<importers::CheckBox> boxes;
  uint64_t count = 0;
};

// Keeps what the chosen output needs: everything for --json and text, only
// counts for --count.
class CellsSink final : public importers::WorkbookSink {
 public:
  CellsSink(std::string sheet_filter, bool counts_only)
      : filter_(std::move(sheet_filter)), counts_only_(counts_only) {}

  bool begin_sheet(const importers::SheetInfo& sheet) override {
    if (!filter_.empty() && sheet.name != filter_) return false;
    sheets.emplace_back();
    sheets.back().info = sheet;
    return true;
  }
  void cell(const Cell& c) override {
    StoredSheet& s = sheets.back();
    ++s.count;
    if (counts_only_) return;
    StoredCell sc{c.row, c.col, c.type, c.number, static_cast<uint32_t>(s.text.size()),
                  static_cast<uint32_t>(c.text.size())};
    s.text.append(c.text);
    s.cells.push_back(sc);
  }
  void merged(const importers::CellRange& r) override {
    if (!counts_only_) sheets.back().merged.push_back(r);
  }
  void check_box(const importers::CheckBox& b) override {
    if (!counts_only_) sheets.back().boxes.push_back(b);
  }
  void end_sheet() override {
    StoredSheet& s = sheets.back();
    // Row-major; a cell given twice keeps its last value.
    std::stable_sort(s.cells.begin(), s.cells.end(), [](const StoredCell& a, const StoredCell& b) {
      return a.row != b.row ? a.row < b.row : a.col < b.col;
    });
    std::vector<StoredCell> unique;
    unique.reserve(s.cells.size());
    for (const auto& c : s.cells) {
      if (!unique.empty() && unique.back().row == c.row && unique.back().col == c.col)
        unique.back() = c;
      else
        unique.push_back(c);
    }
    if (!counts_only_) s.count = unique.size();
    s.cells.swap(unique);
  }

  std::vector<StoredSheet> sheets;

 private:
  std::string filter_;
  bool counts_only_;
};

std::string_view text_of(const StoredSheet& s, const StoredCell& c) {
  return std::string_view(s.text).substr(c.text_begin, c.text_len);
}

void write_json(std::ostream& out, const std::string& file, bool ok, const CellsSink& sink,
                const Problems& problems) {
  std::string buf;
  JsonWriter w(buf);
  w.begin_object();
  w.key("file").value(file);
  w.key("status").value(ok ? "ok" : "rejected");
  w.key("sheets").begin_array();
  if (ok) {
    for (const auto& s : sink.sheets) {
      w.begin_object();
      w.key("name").value(s.info.name);
      w.key("state").value(s.info.state);
      w.key("cells").begin_array();
      for (const auto& c : s.cells) {
        w.begin_object();
        w.key("ref").value(importers::cell_ref(c.row, c.col));
        w.key("type").value(importers::cell_type_name(c.type));
        w.key("value");
        switch (c.type) {
          case CellType::Number: w.value(c.number); break;
          case CellType::Bool: w.value(c.number != 0); break;
          default: w.value(text_of(s, c));
        }
        w.end_object();
        if (buf.size() > (1 << 20)) {
          out << buf;
          buf.clear();
        }
      }
      w.end_array();
      w.key("merged").begin_array();
      for (const auto& r : s.merged) w.value(importers::range_ref(r));
      w.end_array();
      w.key("controls").begin_array();
      for (const auto& b : s.boxes) {
        w.begin_object();
        w.key("type").value("checkbox");
        w.key("anchor").value(importers::cell_ref(b.row, b.col));
        w.key("checked").value(b.checked);
        if (b.mixed) w.key("mixed").value(true);
        w.key("caption").value(b.caption);
        if (!b.linked_cell.empty()) w.key("linked_cell").value(b.linked_cell);
        w.end_object();
      }
      w.end_array();
      w.end_object();
    }
  }
  w.end_array();
  w.key("problems").begin_array();
  for (const auto& p : problems) write_problem_json(w, p);
  w.end_array();
  w.end_object();
  buf.push_back('\n');
  out << buf;
}

void write_text(std::ostream& out, const CellsSink& sink) {
  for (const auto& s : sink.sheets) {
    out << "== " << s.info.name;
    if (s.info.state != "visible") out << " (" << s.info.state << ")";
    out << " — " << s.count << " 个非空单元格\n";
    std::string num;
    for (const auto& c : s.cells) {
      out << importers::cell_ref(c.row, c.col) << '\t' << importers::cell_type_name(c.type) << '\t';
      if (c.type == CellType::Number) {
        num.clear();
        JsonWriter::append_number(num, c.number);
        out << num;
      } else if (c.type == CellType::Bool) {
        out << (c.number != 0 ? "true" : "false");
      } else {
        out << text_of(s, c);
      }
      out << '\n';
    }
    for (const auto& r : s.merged) out << "合并\t" << importers::range_ref(r) << '\n';
    for (const auto& b : s.boxes)
      out << "复选框\t" << importers::cell_ref(b.row, b.col) << '\t' << (b.checked ? "☑" : "☐") << '\t'
          << b.caption << (b.linked_cell.empty() ? "" : "\t→ " + b.linked_cell) << '\n';
  }
}

}  // namespace

int run_cells_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CommandLine cl(args, {"--json", "--count", "--help", "-h"}, {"--sheet", "--db"});
  if (cl.has("--help") || cl.has("-h")) {
    out << kHelp;
    return kExitOk;
  }
  if (!cl.ok() || cl.positional().size() != 1 || (cl.has("--json") && cl.has("--count"))) {
    err << "ipsurvey cells: " << (cl.ok() ? "需要且只需要一个 FILE；--json 与 --count 不能同时使用" : cl.error())
        << "\n" << kHelp;
    return kExitUsage;
  }
  const std::string file = cl.positional()[0];
  const bool json = cl.has("--json"), count = cl.has("--count");
  Problems problems;
  std::string open_error;
  auto source = importers::FileSource::open(file, &open_error);
  CellsSink sink(cl.value("--sheet"), count);
  bool ok = false;
  if (!source) {
    problems.push_back(make_problem(Severity::Error, "file.unreadable", open_error));
  } else {
    ok = importers::read_workbook(*source, sink, problems).ok;
  }
  if (ok && cl.has("--sheet") && sink.sheets.empty()) {
    err << "ipsurvey cells: 工作簿中没有名为“" << cl.value("--sheet") << "”的工作表\n";
    return kExitUsage;
  }
  if (json) {
    write_json(out, file, ok, sink, problems);
  } else {
    if (ok && count) {
      for (const auto& s : sink.sheets) out << s.info.name << '\t' << s.count << '\n';
    } else if (ok) {
      write_text(out, sink);
    }
    for (const auto& p : problems) err << problem_text(p) << '\n';
    if (!ok) err << "ipsurvey cells: 文件已拒收：" << file << '\n';
  }
  return ok ? kExitOk : kExitRejected;
}

}  // namespace ipsurvey::collector

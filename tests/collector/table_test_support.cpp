#include "tests/collector/table_test_support.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "importers/byte_source.h"
#include "importers/workbook_reader.h"
#include "importers/zip_archive.h"

namespace ipsurvey::test {

using collector::Cell;
using collector::Column;
using collector::ColumnKind;

ScratchDir::ScratchDir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string templ = std::string(tmp && tmp[0] == '/' ? tmp : "/tmp") + "/collector_tests.XXXXXX";
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back('\0');
  if (::mkdtemp(buf.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = buf.data();
}

ScratchDir::~ScratchDir() {
  for (const std::string& e : entries()) ::unlink(file(e).c_str());
  ::rmdir(path_.c_str());
}

std::vector<std::string> ScratchDir::entries() const {
  std::vector<std::string> names;
  if (DIR* d = ::opendir(path_.c_str())) {
    while (const dirent* e = ::readdir(d)) {
      const std::string n = e->d_name;
      if (n != "." && n != "..") names.push_back(n);
    }
    ::closedir(d);
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool file_exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

collector::Table sample_table() {
  collector::Table t;
  t.title = "石家庄市 需求名单";
  t.columns = {
      Column{"统一社会信用代码", ColumnKind::Code, 0},
      Column{"企业名称", ColumnKind::Text, 0},
      Column{"联系电话", ColumnKind::Code, 0},
      Column{"备注", ColumnKind::Text, 0},
      Column{"贷款金额（万元）", ColumnKind::Number, 0},
      Column{"员工人数", ColumnKind::Integer, 0},
      Column{"填报日期", ColumnKind::Date, 0},
      Column{"扩大生产", ColumnKind::YesBlank, 8},
  };
  const auto text = [](const char* s) { return Cell::of_text(s); };
  const auto num = [](double d) { return Cell::of_number(d); };
  t.rows = {
      {text("91130100MA0D5X1G38"), text("石家庄某某科技有限公司"), text("03118888888"), text("=1+1"),
       num(500), num(120), text("2022-04-08"), Cell::yes(true)},
      {text("911301001234567890"), text("河北银行股份有限公司"), text("+86 138 0000 0000"), text("+86 138"),
       num(-5), num(0), text("2022-04"), Cell::yes(false)},
      {text("000123"), text("中文，全角（括号）“引号”"), text("13800138000"), text("-5"), num(0.1), num(3),
       text(""), text("是")},
      {text("1E5"), text("@SUM(A1)"), text("0311-88888888"), text("_x0041_"), num(1234567.25),
       num(2147483648.0), text("2023-12-31"), Cell{}},
      {text("2022-04-08"), text("a,b\"c\nd"), text("  前导空格"), text("TRUE"), text("-"), Cell{},
       text("2024-02-29"), text("是")},
      {text("0.10"), text("\tTAB"), text("\r=CR"), text("=HYPERLINK(\"http://x\",\"y\")"), num(3.5), num(-7),
       text("not a date"), Cell{}},
      {text("ctl\x01\x1f" "end"), text("emoji 😀 𠀀"), text("x"), text("_x005F_"), num(0), num(1),
       text("2022-02-30"), Cell{}},
  };
  return t;
}

namespace {

class Sink final : public importers::WorkbookSink {
 public:
  explicit Sink(std::vector<ReadSheet>* sheets) : sheets_(sheets) {}
  bool begin_sheet(const importers::SheetInfo& sheet) override {
    sheets_->push_back(ReadSheet{sheet.name, {}, {}});
    return true;
  }
  void cell(const importers::Cell& c) override {
    ReadSheet& s = sheets_->back();
    std::string text(c.text);
    if (c.type == importers::CellType::Number) {
      std::ostringstream o;
      o.precision(17);
      o << c.number;
      text = o.str();
    }
    s.cells[{c.row, c.col}] = {c.type, text};
    s.numbers[{c.row, c.col}] = c.number;
  }

 private:
  std::vector<ReadSheet>* sheets_;
};

}  // namespace

bool read_sheets(const std::string& path, std::vector<ReadSheet>* sheets, std::string* error) {
  std::unique_ptr<importers::FileSource> source = importers::FileSource::open(path, error);
  if (!source) return false;
  Sink sink(sheets);
  Problems problems;
  const bool ok = importers::read_workbook(*source, sink, problems).ok;
  if (!ok && error) *error = problems.empty() ? "refused" : problems.front().code + ": " + problems.front().message;
  return ok;
}

std::string read_zip_part(const std::string& path, const std::string& part) {
  std::string error, out;
  std::unique_ptr<importers::FileSource> source = importers::FileSource::open(path, &error);
  if (!source) return out;
  Problems problems;
  std::unique_ptr<importers::ZipArchive> zip = importers::ZipArchive::open(*source, importers::ZipLimits{}, problems);
  if (!zip) return out;
  if (const importers::ZipEntry* e = zip->find(part)) zip->read_all(*e, out, 1ull << 30, problems);
  return out;
}

}  // namespace ipsurvey::test

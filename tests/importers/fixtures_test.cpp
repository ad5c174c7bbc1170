// Reads every fixture made by independent writers (openpyxl, XlsxWriter,
// LibreOffice, hand-written Excel 2003 XML; see tests/fixtures/make_fixtures.py)
// and compares the cells with tests/fixtures/expected.tsv, which lists for each
// sheet its state, every non-empty cell and every merged range.
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <map>
#include <set>

#include "forms/json_writer.h"
#include "importers/cell_ref.h"
#include "importers/workbook_reader.h"
#include "test_support.h"

using namespace ipsurvey;
using namespace ipsurvey::importers;

namespace {

const std::string kFixtures = std::string(IPSURVEY_SOURCE_DIR) + "/tests/fixtures/";

std::string unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      const char n = s[++i];
      out.push_back(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// "file" -> lines "sheet|ref|type|value", in file order.
std::map<std::string, std::vector<std::string>> expected() {
  std::map<std::string, std::vector<std::string>> out;
  std::ifstream in(kFixtures + "expected.tsv");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    size_t start = 0;
    for (int k = 0; k < 4; ++k) {
      const size_t tab = line.find('\t', start);
      f.push_back(line.substr(start, tab - start));
      start = tab == std::string::npos ? line.size() : tab + 1;
    }
    f.push_back(line.substr(start));
    out[f[0]].push_back(unescape(f[1]) + "|" + f[2] + "|" + f[3] + "|" + unescape(f[4]));
  }
  return out;
}

class LineSink : public WorkbookSink {
 public:
  bool begin_sheet(const SheetInfo& s) override {
    sheet_ = s.name;
    cells_.clear();
    merged_.clear();
    state_ = s.state;
    return true;
  }
  void cell(const Cell& c) override {
    std::string v;
    if (c.type == CellType::Number) JsonWriter::append_number(v, c.number);
    else if (c.type == CellType::Bool) v = c.number != 0 ? "true" : "false";
    else v = std::string(c.text);
    cells_[{c.row, c.col}] = std::string(cell_type_name(c.type)) + "|" + v;
  }
  void merged(const CellRange& r) override { merged_.push_back(range_ref(r)); }
  void end_sheet() override {
    lines.push_back(sheet_ + "|@state|state|" + state_);
    for (const auto& [pos, v] : cells_) lines.push_back(sheet_ + "|" + cell_ref(pos.first, pos.second) + "|" + v);
    std::sort(merged_.begin(), merged_.end());
    for (const auto& m : merged_) lines.push_back(sheet_ + "|" + m + "|merged|");
  }
  std::vector<std::string> lines;

 private:
  std::string sheet_, state_;
  std::map<std::pair<uint32_t, uint32_t>, std::string> cells_;
  std::vector<std::string> merged_;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(fixtures)

BOOST_AUTO_TEST_CASE(independent_writers_read_as_expected) {
  const auto all = expected();
  BOOST_REQUIRE_MESSAGE(all.size() >= 5u, "tests/fixtures/expected.tsv is missing or nearly empty");
  for (const auto& [file, want_lines] : all) {
    std::string error;
    auto src = FileSource::open(kFixtures + file, &error);
    BOOST_REQUIRE_MESSAGE(src, file << ": " << error);
    LineSink sink;
    Problems problems;
    const bool ok = read_workbook(*src, sink, problems).ok;
    BOOST_TEST(ok, file << ": " << test::codes(problems));
    // Merged ranges are compared as a set per sheet; cells and states in order.
    std::vector<std::string> want = want_lines, got = sink.lines;
    auto split_merged = [](std::vector<std::string>& v) {
      std::multiset<std::string> m;
      std::vector<std::string> rest;
      for (auto& l : v) (l.find("|merged|") != std::string::npos ? (void)m.insert(l) : rest.push_back(l));
      v.swap(rest);
      return m;
    };
    const auto want_merged = split_merged(want), got_merged = split_merged(got);
    const size_t n = std::max(want.size(), got.size());
    for (size_t i = 0; i < n; ++i) {
      const std::string w = i < want.size() ? want[i] : "(nothing)";
      const std::string g = i < got.size() ? got[i] : "(nothing)";
      if (w != g) {
        BOOST_ERROR(file << ": expected " << w << " but read " << g);
        break;  // one difference per file is enough to act on
      }
    }
    BOOST_TEST((want_merged == got_merged), file << ": merged ranges differ");
  }
}

BOOST_AUTO_TEST_SUITE_END()

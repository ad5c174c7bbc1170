#include <boost/test/unit_test.hpp>

#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <sstream>

#include "collector/table_output.h"
#include "tests/collector/table_test_support.h"

using namespace ipsurvey::collector;
using ipsurvey::importers::CellType;
using ipsurvey::test::ReadSheet;
using ipsurvey::test::ScratchDir;

namespace {

// `collector_tests --run_test=xlsx_sample_keeps_every_value -- --sample-dir D`
// leaves sample.xlsx, sample.json and sample.csv in D for check_table_xlsx.py.
std::string sample_dir_argument() {
  const auto& suite = boost::unit_test::framework::master_test_suite();
  for (int i = 1; i + 1 < suite.argc; ++i)
    if (std::string(suite.argv[i]) == "--sample-dir") return suite.argv[i + 1];
  return {};
}

bool is_full_date(const std::string& s) {
  return s.size() == 10 && s[4] == '-' && s[7] == '-' && s != "not a date" && s != "2022-02-30";
}

ReadSheet read_one_sheet(const std::string& path) {
  std::vector<ReadSheet> sheets;
  std::string error;
  BOOST_TEST_REQUIRE(ipsurvey::test::read_sheets(path, &sheets, &error), error);
  BOOST_TEST_REQUIRE(sheets.size() == 1u);
  return sheets[0];
}

void check_sample(const ReadSheet& sheet, const Table& t) {
  BOOST_TEST(sheet.name == t.title);
  for (size_t c = 0; c < t.columns.size(); ++c) {
    const auto it = sheet.cells.find({0u, static_cast<uint32_t>(c)});
    BOOST_TEST_REQUIRE((it != sheet.cells.end()));
    BOOST_TEST((it->second.first == CellType::String));
    BOOST_TEST(it->second.second == t.columns[c].header);
  }
  size_t expected_cells = t.columns.size();
  for (size_t r = 0; r < t.rows.size(); ++r) {
    for (size_t c = 0; c < t.columns.size(); ++c) {
      const Cell want = c < t.rows[r].size() ? t.rows[r][c] : Cell{};
      const std::pair<uint32_t, uint32_t> at{static_cast<uint32_t>(r + 1), static_cast<uint32_t>(c)};
      const auto it = sheet.cells.find(at);
      if (want.is_empty()) {
        BOOST_TEST((it == sheet.cells.end()), "row " << r << " col " << c << " should be empty");
        continue;
      }
      ++expected_cells;
      BOOST_TEST_REQUIRE((it != sheet.cells.end()), "row " << r << " col " << c << " missing");
      const bool number_column = t.columns[c].kind == ColumnKind::Number || t.columns[c].kind == ColumnKind::Integer;
      if (want.kind == Cell::Kind::Number && number_column) {
        BOOST_TEST((it->second.first == CellType::Number), "row " << r << " col " << c);
        BOOST_TEST(sheet.numbers.at(at) == want.number);
      } else if (t.columns[c].kind == ColumnKind::Date && is_full_date(want.text)) {
        BOOST_TEST((it->second.first == CellType::Date), want.text);
        BOOST_TEST(it->second.second == want.text);
      } else {
        BOOST_TEST((it->second.first == CellType::String), "row " << r << " col " << c << ": " << want.text);
        BOOST_TEST(it->second.second == want.text, "row " << r << " col " << c);
      }
    }
  }
  BOOST_TEST(sheet.cells.size() == expected_cells);
}

long peak_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

}  // namespace

BOOST_AUTO_TEST_CASE(xlsx_sample_keeps_every_value) {
  ScratchDir scratch;
  const std::string given = sample_dir_argument();
  const std::string dir = given.empty() ? scratch.path() : given;
  const Table t = ipsurvey::test::sample_table();
  const std::string path = dir + "/sample.xlsx";
  std::string error;
  BOOST_TEST_REQUIRE(write_table(t, TableFormat::Xlsx, nullptr, path, &error), error);
  BOOST_TEST_REQUIRE(write_table(t, TableFormat::Json, nullptr, dir + "/sample.json", &error), error);
  BOOST_TEST_REQUIRE(write_table(t, TableFormat::Csv, nullptr, dir + "/sample.csv", &error), error);

  check_sample(read_one_sheet(path), t);

  const std::string xml = ipsurvey::test::read_zip_part(path, "xl/worksheets/sheet1.xml");
  BOOST_TEST_REQUIRE(!xml.empty());
  BOOST_TEST(xml.find("<f>") == std::string::npos);  // no formula anywhere
  BOOST_TEST(xml.find("<f ") == std::string::npos);
  BOOST_TEST(xml.find("state=\"frozen\"") != std::string::npos);
  BOOST_TEST(xml.find("ySplit=\"1\"") != std::string::npos);
  BOOST_TEST(xml.find("<autoFilter ref=\"A1:H8\"/>") != std::string::npos);
  BOOST_TEST(xml.find("numberStoredAsText") != std::string::npos);
  // Constant-memory mode: strings inline, no shared-string table kept in memory.
  BOOST_TEST(xml.find("t=\"inlineStr\"") != std::string::npos);
  BOOST_TEST(ipsurvey::test::read_zip_part(path, "xl/sharedStrings.xml").empty());
  // The workbook names the filter range, as Excel expects.
  const std::string wb = ipsurvey::test::read_zip_part(path, "xl/workbook.xml");
  BOOST_TEST(wb.find("_xlnm._FilterDatabase") != std::string::npos);
  const std::string styles = ipsurvey::test::read_zip_part(path, "xl/styles.xml");
  BOOST_TEST(styles.find("<b/>") != std::string::npos);  // the bold header
}

BOOST_AUTO_TEST_CASE(xlsx_to_a_stream) {
  const Table t = ipsurvey::test::sample_table();
  std::ostringstream out;
  std::string error;
  BOOST_TEST_REQUIRE(write_table(t, TableFormat::Xlsx, &out, "", &error), error);
  const std::string bytes = out.str();
  BOOST_TEST_REQUIRE(bytes.size() > 1000u);
  BOOST_TEST(bytes.compare(0, 4, "PK\x03\x04") == 0);
  ScratchDir dir;
  std::ofstream(dir.file("s.xlsx"), std::ios::binary) << bytes;
  check_sample(read_one_sheet(dir.file("s.xlsx")), t);
}

BOOST_AUTO_TEST_CASE(xlsx_sheet_names_are_made_valid) {
  ScratchDir dir;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"2022年[第1季度]/台账:石家庄*?", "2022年_第1季度__台账_石家庄__"},
      {"'引号'", "引号"},
      {"", "Sheet1"},
      {"很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长", "很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很"},
  };
  for (const auto& [title, name] : cases) {
    Table t;
    t.title = title;
    t.columns = {{"a", ColumnKind::Text, 0}};
    std::string error;
    BOOST_TEST_REQUIRE(write_table(t, TableFormat::Xlsx, nullptr, dir.file("n.xlsx"), &error), error);
    BOOST_TEST(read_one_sheet(dir.file("n.xlsx")).name == name);
  }
}

BOOST_AUTO_TEST_CASE(xlsx_replaces_what_xml_cannot_hold) {
  ScratchDir dir;
  std::string error;
  Table t;
  t.columns = {{"a", ColumnKind::Text, 0}};
  t.rows = {{Cell::of_text(std::string("a\0b", 3))}, {Cell::of_text("x\xEF\xBF\xBFy\xEF\xBF\xBE")}, {Cell::of_text("\xff")}};
  BOOST_TEST_REQUIRE(write_table(t, TableFormat::Xlsx, nullptr, dir.file("x.xlsx"), &error), error);
  const ReadSheet s = read_one_sheet(dir.file("x.xlsx"));
  BOOST_TEST(s.cells.at({1u, 0u}).second == "a\xEF\xBF\xBD" "b");
  BOOST_TEST(s.cells.at({2u, 0u}).second == "x\xEF\xBF\xBDy\xEF\xBF\xBD");
  BOOST_TEST(s.cells.at({3u, 0u}).second == "\xEF\xBF\xBD");
}

BOOST_AUTO_TEST_CASE(xlsx_refuses_what_excel_cannot_hold) {
  ScratchDir dir;
  std::string error;
  Table t;
  t.columns = {{"备注", ColumnKind::Text, 0}};
  t.rows = {{Cell::of_text(std::string(32767, 'a'))}};
  BOOST_TEST(write_table(t, TableFormat::Xlsx, nullptr, dir.file("ok.xlsx"), &error), error);
  t.rows.push_back({Cell::of_text(std::string(32768, 'a'))});
  BOOST_TEST(!write_table(t, TableFormat::Xlsx, nullptr, dir.file("long.xlsx"), &error));
  BOOST_TEST(error.find("32767") != std::string::npos, error);
  BOOST_TEST(error.find("第 2 行") != std::string::npos, error);
  BOOST_TEST(error.find("备注") != std::string::npos, error);
  BOOST_TEST(!ipsurvey::test::file_exists(dir.file("long.xlsx")));
  BOOST_TEST(dir.entries() == std::vector<std::string>{"ok.xlsx"});  // no temporary file left

  Table wide;
  wide.columns.assign(16385, Column{"c", ColumnKind::Text, 0});
  BOOST_TEST(!write_table(wide, TableFormat::Xlsx, nullptr, dir.file("wide.xlsx"), &error));
  BOOST_TEST(error.find("16384") != std::string::npos, error);
}

BOOST_AUTO_TEST_CASE(xlsx_streams_100000_rows) {
  ScratchDir dir;
  const std::string path = dir.file("big.xlsx");
  std::string error;
  const long rss_before = peak_rss_kib();
  const auto start = std::chrono::steady_clock::now();
  auto w = make_table_writer(TableFormat::Xlsx, nullptr, path, &error);
  BOOST_TEST_REQUIRE(static_cast<bool>(w), error);
  TableHeader header{"银行名单", {{"统一社会信用代码", ColumnKind::Code, 0}, {"企业名称", ColumnKind::Text, 0},
                                  {"联系电话", ColumnKind::Code, 0},       {"金额（万元）", ColumnKind::Number, 0},
                                  {"人数", ColumnKind::Integer, 0},        {"日期", ColumnKind::Date, 0},
                                  {"扩产", ColumnKind::YesBlank, 0},       {"备注", ColumnKind::Text, 0}}};
  BOOST_TEST_REQUIRE(w->begin(header), w->error());
  constexpr size_t kRows = 100'000;
  std::vector<Cell> row(header.columns.size());
  for (size_t i = 0; i < kRows; ++i) {
    row[0] = Cell::of_text("9113010012345" + std::to_string(10000 + i % 90000));
    row[1] = Cell::of_text("石家庄市第" + std::to_string(i) + "号科技有限公司");
    row[2] = Cell::of_text("0311" + std::to_string(8000000 + i));
    row[3] = Cell::of_number(static_cast<double>(i) / 4);
    row[4] = Cell::of_number(static_cast<double>(i % 500));
    row[5] = Cell::of_text("2022-04-" + std::string(i % 2 ? "08" : "18"));
    row[6] = Cell::yes(i % 3 == 0);
    row[7] = Cell::of_text(i % 7 == 0 ? "=SUM(A1:A9)" : "备注文字备注文字");
    BOOST_TEST_REQUIRE(w->row(row), w->error());
  }
  BOOST_TEST_REQUIRE(w->finish(), w->error());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const long rss_growth_mib = (peak_rss_kib() - rss_before) / 1024;
  BOOST_TEST_MESSAGE("100,000 rows x 8 columns: " << seconds << " s, peak RSS grew " << rss_growth_mib << " MiB");
#if !defined(__SANITIZE_ADDRESS__)
  BOOST_TEST(rss_growth_mib < 64);  // constant memory: rows are not kept
#endif

  std::vector<ReadSheet> sheets;
  BOOST_TEST_REQUIRE(ipsurvey::test::read_sheets(path, &sheets, &error), error);
  const ReadSheet& s = sheets.at(0);
  BOOST_TEST(s.cells.at({100'000u, 0u}).second == "9113010012345" + std::to_string(10000 + 99'999 % 90000));
  BOOST_TEST((s.cells.at({100'000u, 0u}).first == CellType::String));
  BOOST_TEST(s.cells.at({7u, 7u}).second == "备注文字备注文字");
  BOOST_TEST(s.cells.at({1u, 7u}).second == "=SUM(A1:A9)");
  BOOST_TEST(s.numbers.at({100'000u, 3u}) == 99'999.0 / 4);
  BOOST_TEST((s.cells.at({2u, 5u}).first == CellType::Date));
  const std::string xml = ipsurvey::test::read_zip_part(path, "xl/worksheets/sheet1.xml");
  BOOST_TEST(xml.find("<autoFilter ref=\"A1:H100001\"/>") != std::string::npos);
}

// mark_workbook(): the city's workbook back with its problems marked. The
// output is read again with importers::read_workbook and compared cell by cell
// with the input; marks are checked in the XLSX parts (fills, comments) and in
// the 问题清单 sheet. tests/collector/check_marked_workbook.py checks the same
// through the database with openpyxl.
#include "collector/marked_workbook.h"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "importers/cell_ref.h"
#include "importers/submission_reader.h"
#include "importers/workbook_reader.h"
#include "tests/collector/table_test_support.h"

using ipsurvey::Problem;
using ipsurvey::Problems;
using ipsurvey::Severity;
using ipsurvey::collector::mark_workbook;
using ipsurvey::collector::marked_file_name;
using ipsurvey::importers::CellType;
using ipsurvey::importers::MemorySource;
using ipsurvey::test::ScratchDir;

namespace {

struct Value {
  CellType type = CellType::String;
  double number = 0;
  std::string text;
};

struct Sheet {
  std::string name, state;
  std::map<std::string, Value> cells;  // by A1 reference
  std::set<std::string> merged;
};

class Collect final : public ipsurvey::importers::WorkbookSink {
 public:
  bool begin_sheet(const ipsurvey::importers::SheetInfo& info) override {
    sheets.push_back({info.name, info.state, {}, {}});
    return true;
  }
  void cell(const ipsurvey::importers::Cell& c) override {
    if (c.type != CellType::Number && c.type != CellType::Bool && c.text.empty()) return;
    sheets.back().cells[ipsurvey::importers::cell_ref(c.row, c.col)] = {c.type, c.number, std::string(c.text)};
  }
  void merged(const ipsurvey::importers::CellRange& r) override {
    sheets.back().merged.insert(ipsurvey::importers::range_ref(r));
  }
  std::vector<Sheet> sheets;
};

std::vector<Sheet> read(const std::string& bytes) {
  Collect sink;
  Problems problems;
  MemorySource source(bytes);
  BOOST_TEST_REQUIRE(ipsurvey::importers::read_workbook(source, sink, problems).ok);
  return sink.sheets;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Problem problem(Severity s, const std::string& code, const std::string& sheet, const std::string& cell,
                const std::string& field = {}) {
  Problem p = ipsurvey::make_problem(s, code, "说明：" + code, sheet, cell);
  p.field = field;
  return p;
}

// Every cell of `in` is in `out` at the same place with the same value and
// type (an error value becomes its text), and nothing else is.
void check_same_cells(const std::vector<Sheet>& in, const std::vector<Sheet>& out) {
  BOOST_TEST_REQUIRE(out.size() == in.size() + 1);
  for (size_t i = 0; i < in.size(); ++i) {
    const Sheet& a = in[i];
    const Sheet& b = out[i];
    BOOST_TEST(b.name == a.name);
    BOOST_TEST(b.state == (a.state == "visible" ? "visible" : "hidden"), a.name);
    BOOST_TEST(b.merged == a.merged, a.name);
    BOOST_TEST(b.cells.size() == a.cells.size(), a.name);
    for (const auto& [ref, want] : a.cells) {
      const auto it = b.cells.find(ref);
      BOOST_TEST_REQUIRE((it != b.cells.end()), a.name << "!" << ref << " missing");
      const Value& got = it->second;
      // An error value becomes its text; so does a date Excel cannot hold (before 1900).
      const bool before_1900 = want.type == CellType::Date && want.text.size() >= 10 && want.text < "1900";
      const bool as_text = want.type == CellType::Error || before_1900;
      const CellType want_type = as_text ? CellType::String : want.type;
      BOOST_TEST((got.type == want_type), a.name << "!" << ref);
      if (want.type == CellType::Number || want.type == CellType::Bool)
        BOOST_TEST(got.number == want.number, a.name << "!" << ref);
      else
        BOOST_TEST(got.text == want.text, a.name << "!" << ref);
    }
  }
}

// The 问题清单 rows as (code, sheet, cell), in order.
std::vector<std::tuple<std::string, std::string, std::string>> listed(const Sheet& list) {
  std::vector<std::tuple<std::string, std::string, std::string>> rows;
  for (uint32_t r = 1;; ++r) {
    auto at = [&](uint32_t c) {
      const auto it = list.cells.find(ipsurvey::importers::cell_ref(r, c));
      return it == list.cells.end() ? std::string() : it->second.text;
    };
    if (at(1).empty()) break;
    rows.emplace_back(at(1), at(2), at(3));
  }
  return rows;
}

// The text of the comment on `ref` in an XLSX comments part ("" when none).
std::string comment_on(const std::string& comments_xml, const std::string& ref) {
  const size_t at = comments_xml.find("<comment ref=\"" + ref + "\"");
  if (at == std::string::npos) return {};
  return comments_xml.substr(at, comments_xml.find("</comment>", at) - at);
}

// The style index of a cell in a sheet part (0 when it has none).
int style_of(const std::string& sheet_xml, const std::string& ref) {
  const size_t at = sheet_xml.find("<c r=\"" + ref + "\"");
  if (at == std::string::npos) return -1;
  const size_t end = sheet_xml.find('>', at);
  const size_t s = sheet_xml.find(" s=\"", at);
  return s == std::string::npos || s > end ? 0 : std::stoi(sheet_xml.substr(s + 4));
}

// An Excel 2003 XML workbook with every kind of value a city sends.
const char* const kWorkbook = R"(<?xml version="1.0" encoding="UTF-8"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" xmlns:x="urn:schemas-microsoft-com:office:excel">
 <Worksheet ss:Name="采集表">
  <Table>
   <Row><Cell ss:MergeAcross="2"><Data ss:Type="String">企业知识产权质押融资信息采集表</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">信用代码</Data></Cell><Cell><Data ss:Type="String">91130104MA0CUJ8P93</Data></Cell><Cell><Data ss:Type="String">031185551234</Data></Cell></Row>
   <Row><Cell><Data ss:Type="Number">500</Data></Cell><Cell><Data ss:Type="Number">0.1</Data></Cell><Cell><Data ss:Type="Boolean">1</Data></Cell><Cell><Data ss:Type="Boolean">0</Data></Cell></Row>
   <Row><Cell><Data ss:Type="DateTime">2022-04-08T00:00:00.000</Data></Cell><Cell><Data ss:Type="DateTime">2022-04-08T10:30:00.000</Data></Cell><Cell><Data ss:Type="Error">#N/A</Data></Cell><Cell><Data ss:Type="DateTime">1899-12-31T08:15:00.000</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">=SUM(A1:A3)</Data></Cell><Cell><Data ss:Type="String">第一行&#10;第二行</Data></Cell><Cell><Data ss:Type="String">_x0041_</Data></Cell><Cell><Data ss:Type="String">+8613800000000</Data></Cell></Row>
   <Row><Cell><Data ss:Type="DateTime">1899-12-30T00:00:00.000</Data></Cell><Cell><Data ss:Type="Number">-1.5e-7</Data></Cell><Cell><Data ss:Type="String">00123</Data></Cell></Row>
   <Row ss:Index="8"><Cell ss:Index="2" ss:MergeAcross="1" ss:MergeDown="1"><Data ss:Type="String">合并区域</Data></Cell></Row>
   <Row ss:Index="30"><Cell ss:Index="40"><Data ss:Type="String">远处</Data></Cell></Row>
  </Table>
 </Worksheet>
 <Worksheet ss:Name="说明">
  <Table><Row><Cell><Data ss:Type="String">隐藏的说明</Data></Cell></Row></Table>
  <WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Visible>SheetHidden</Visible></WorksheetOptions>
 </Worksheet>
 <Worksheet ss:Name="空表"><Table/></Worksheet>
</Workbook>
)";

}  // namespace

BOOST_AUTO_TEST_SUITE(marked_workbook)

BOOST_AUTO_TEST_CASE(every_cell_comes_back_as_it_was_and_each_problem_cell_is_marked) {
  const std::vector<Problem> problems = {
      problem(Severity::Error, "credit_code.check_digit", "采集表", "B2", "credit_code"),
      problem(Severity::Warning, "credit_code.region_mismatch", "采集表", "B2", "credit_code"),
      problem(Severity::Warning, "phone.invalid", "采集表", "C2"),
      problem(Severity::Error, "table.range", "采集表", "A5:B6"),
      problem(Severity::Error, "merged.inside", "采集表", "C9"),  // inside B8:C9: marks B8
      problem(Severity::Error, "required.missing", "采集表", "D9", "enterprise_name"),  // an empty cell
      problem(Severity::Error, "form.not_found", "", ""),
      problem(Severity::Warning, "elsewhere", "没有这个表", "A1"),
  };
  const std::string input = kWorkbook;
  std::string reason;
  const auto marked = mark_workbook(MemorySource(input), problems, &reason);
  BOOST_TEST_REQUIRE(marked.has_value(), reason);

  const std::vector<Sheet> in = read(input), out = read(*marked);
  BOOST_TEST_REQUIRE(in.size() == 3u);
  BOOST_TEST(in[1].state == "hidden");
  check_same_cells(in, out);
  BOOST_TEST((out[0].cells.at("B2").type == CellType::String));  // a credit code stays text
  BOOST_TEST(out[0].cells.at("C2").text == "031185551234");
  BOOST_TEST(out[0].cells.at("A5").text == "=SUM(A1:A3)");     // never a formula
  BOOST_TEST(out[0].cells.at("A4").text == "2022-04-08");
  BOOST_TEST(out[0].cells.at("D4").text == "08:15:00");

  // The list: every problem, in order, with its place.
  const Sheet& list = out.back();
  BOOST_TEST(list.name == "问题清单");
  BOOST_TEST(list.cells.at("A1").text == "严重性");
  const auto rows = listed(list);
  BOOST_TEST_REQUIRE(rows.size() == problems.size());
  for (size_t i = 0; i < problems.size(); ++i) {
    BOOST_TEST(std::get<0>(rows[i]) == problems[i].code);
    BOOST_TEST(std::get<1>(rows[i]) == problems[i].sheet);
    BOOST_TEST(std::get<2>(rows[i]) == problems[i].cell);
  }

  // The marks: fills (a style of their own) and one comment per cell.
  ScratchDir dir;
  const std::string path = dir.file("marked.xlsx");
  std::ofstream(path, std::ios::binary) << *marked;
  const std::string sheet1 = ipsurvey::test::read_zip_part(path, "xl/worksheets/sheet1.xml");
  const std::string comments = ipsurvey::test::read_zip_part(path, "xl/comments1.xml");
  const std::string styles = ipsurvey::test::read_zip_part(path, "xl/styles.xml");
  BOOST_TEST(styles.find("FFC7CE") != std::string::npos);
  BOOST_TEST(styles.find("FFEB9C") != std::string::npos);
  for (const char* ref : {"B2", "C2", "A5", "B8", "D9"}) {
    BOOST_TEST(style_of(sheet1, ref) > 0, ref);
    BOOST_TEST(!comment_on(comments, ref).empty(), ref);
  }
  BOOST_TEST(style_of(sheet1, "A3") == 0);  // a plain number: untouched
  BOOST_TEST(comment_on(comments, "A3").empty());
  BOOST_TEST(comment_on(comments, "C9").empty());
  const std::string b2 = comment_on(comments, "B2");
  BOOST_TEST(b2.find("credit_code.check_digit") != std::string::npos);
  BOOST_TEST(b2.find("credit_code.region_mismatch") != std::string::npos);
  BOOST_TEST(b2.find("信用代码") != std::string::npos);  // the field's printed label
  BOOST_TEST(comment_on(comments, "B8").find("merged.inside") != std::string::npos);
  BOOST_TEST(sheet1.find("<f>") == std::string::npos);
  // The workbook opens on the first visible sheet.
  const std::string workbook = ipsurvey::test::read_zip_part(path, "xl/workbook.xml");
  BOOST_TEST(workbook.find("activeTab") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_sheet_already_named_like_the_list_keeps_its_name_and_content) {
  const std::string input = R"(<?xml version="1.0"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="问题清单"><Table><Row><Cell><Data ss:Type="String">上次的清单</Data></Cell></Row></Table></Worksheet>
</Workbook>)";
  std::string reason;
  const auto marked =
      mark_workbook(MemorySource(input), {problem(Severity::Error, "x.y", "问题清单", "A1")}, &reason);
  BOOST_TEST_REQUIRE(marked.has_value(), reason);
  const auto out = read(*marked);
  BOOST_TEST_REQUIRE(out.size() == 2u);
  BOOST_TEST(out[0].name == "问题清单");
  BOOST_TEST(out[0].cells.at("A1").text == "上次的清单");
  BOOST_TEST(out[1].name != "问题清单");
  BOOST_TEST(out[1].name.find("问题清单") == 0u);
  BOOST_TEST(std::get<0>(listed(out[1]).at(0)) == "x.y");
}

BOOST_AUTO_TEST_CASE(a_printed_survey_form_marks_and_reads_back_to_the_same_records_and_problems) {
  const std::string input = read_file(std::string(IPSURVEY_SOURCE_DIR) + "/tests/fixtures/forms/survey_mistakes.xlsx");
  BOOST_TEST_REQUIRE(!input.empty());
  ipsurvey::importers::FormOptions options;
  options.city = "石家庄";
  const auto first = ipsurvey::importers::read_submission(MemorySource(input), "a.xlsx", options);
  BOOST_TEST_REQUIRE(first.size() == 1u);
  BOOST_TEST_REQUIRE(!first[0].problems.empty());
  std::string reason;
  const auto marked = mark_workbook(MemorySource(input), first[0].problems, &reason);
  BOOST_TEST_REQUIRE(marked.has_value(), reason);
  check_same_cells(read(input), read(*marked));

  // The marked workbook parses as the original did: a city may send it back corrected.
  const auto again = ipsurvey::importers::read_submission(MemorySource(*marked), "a.xlsx", options);
  BOOST_TEST_REQUIRE(again.size() == 1u);
  BOOST_TEST(again[0].ok == first[0].ok);
  BOOST_TEST(again[0].record_count == first[0].record_count);
  auto places = [](const Problems& ps) {
    std::multiset<std::string> s;
    for (const auto& p : ps) s.insert(p.code + " " + p.sheet + " " + p.cell);
    return s;
  };
  BOOST_TEST(places(again[0].problems) == places(first[0].problems));
}

BOOST_AUTO_TEST_CASE(what_cannot_be_marked_is_refused_with_a_reason) {
  std::string reason;
  const std::string xml = "<survey><enterprise_name>甲公司</enterprise_name></survey>";
  BOOST_TEST(!mark_workbook(MemorySource(xml), {}, &reason).has_value());
  BOOST_TEST(reason.find("XML") != std::string::npos);
  reason.clear();
  BOOST_TEST(!mark_workbook(MemorySource("%PDF-1.4 not a workbook"), {}, &reason).has_value());
  BOOST_TEST(!reason.empty());
  reason.clear();
  BOOST_TEST(!mark_workbook(MemorySource(""), {}, &reason).has_value());
  BOOST_TEST(!reason.empty());
}

BOOST_AUTO_TEST_CASE(the_download_name_says_what_it_is) {
  BOOST_TEST(marked_file_name("a.xlsx") == "a（问题标注）.xlsx");
  BOOST_TEST(marked_file_name("石家庄.zip/sub/表.xlsm") == "表（问题标注）.xlsx");
  BOOST_TEST(marked_file_name("summary_2003.xml") == "summary_2003（问题标注）.xlsx");
  BOOST_TEST(marked_file_name("no extension") == "no extension（问题标注）.xlsx");
  BOOST_TEST(marked_file_name("") == "workbook（问题标注）.xlsx");
}

BOOST_AUTO_TEST_SUITE_END()

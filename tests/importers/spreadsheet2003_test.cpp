#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "importers/byte_source.h"
#include "importers/cell_ref.h"
#include "importers/spreadsheet2003_reader.h"
#include "test_support.h"

using namespace ipsurvey;
using namespace ipsurvey::importers;

namespace {

const char* kHeader =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<?mso-application progid=\"Excel.Sheet\"?>\n"
    "<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"\n"
    " xmlns:o=\"urn:schemas-microsoft-com:office:office\"\n"
    " xmlns:x=\"urn:schemas-microsoft-com:office:excel\"\n"
    " xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\"\n"
    " xmlns:html=\"http://www.w3.org/TR/REC-html40\">\n";

// A whole XML Spreadsheet around `body` (Styles, ExcelWorkbook, Worksheets).
std::string workbook(const std::string& body) { return kHeader + body + "</Workbook>\n"; }

std::string sheet(const std::string& name, const std::string& rows,
                  const std::string& options = "") {
  return "<Worksheet ss:Name=\"" + name + "\"><Table>" + rows + "</Table>" + options +
         "</Worksheet>\n";
}

struct Result {
  bool ok = false;
  Problems problems;
  test::CollectingSink sink;
};

void read(const std::string& xml, Result& r, const ReadLimits& limits = {}) {
  MemorySource source(xml);
  r.ok = read_spreadsheet2003(source, r.sink, r.problems, limits);
}

const Problem* find_problem(const Problems& ps, const std::string& code) {
  for (const auto& p : ps)
    if (p.code == code) return &p;
  return nullptr;
}

// Skips the sheets whose name is in `skip`.
struct SkippingSink : test::CollectingSink {
  std::string skip;
  int ends = 0;
  std::vector<std::string> offered;
  bool begin_sheet(const SheetInfo& s) override {
    offered.push_back(s.name);
    if (s.name == skip) return false;
    return CollectingSink::begin_sheet(s);
  }
  void end_sheet() override { ++ends; }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(spreadsheet2003)

BOOST_AUTO_TEST_CASE(full_workbook_with_gaps_merges_and_types) {
  const std::string xml = workbook(
      "<Styles><Style ss:ID=\"Default\" ss:Name=\"Normal\"><Font ss:FontName=\"宋体\"/></Style>"
      "<Style ss:ID=\"s21\"><NumberFormat ss:Format=\"Short Date\"/></Style></Styles>\n" +
      sheet("企业信息",
            "<Row><Cell ss:MergeAcross=\"2\"><Data ss:Type=\"String\">企业名称</Data></Cell>"
            "<Cell><Data ss:Type=\"String\">D1</Data></Cell></Row>\n"
            "<Row ss:Index=\"3\"><Cell ss:Index=\"2\"><Data ss:Type=\"Number\">500</Data></Cell>"
            "<Cell><Data ss:Type=\"Boolean\">1</Data></Cell>"
            "<Cell ss:MergeDown=\"1\" ss:MergeAcross=\"1\"><Data ss:Type=\"DateTime\">2022-04-08T00:00:00.000</Data></Cell>"
            "<Cell><Data ss:Type=\"Error\">#N/A</Data></Cell>"
            "<Cell ss:Formula=\"=B3*2\"><Data ss:Type=\"Number\">1000</Data></Cell></Row>\n"
            "<Row><Cell ss:Index=\"4\" ss:StyleID=\"s21\"><Data ss:Type=\"Number\">44659</Data></Cell>"
            "<Cell ss:Index=\"6\"><Data ss:Type=\"String\"></Data></Cell>"
            "<Cell><Data ss:Type=\"Number\">-1.5E2</Data></Cell></Row>\n"
            "<Row ss:Span=\"2\"><Cell><Data ss:Type=\"String\">span</Data></Cell></Row>"
            "<Row><Cell><Data ss:Type=\"String\">after span</Data></Cell></Row>\n"));
  Result r;
  read(xml, r);
  BOOST_TEST(r.ok, test::codes(r.problems));
  BOOST_TEST(r.problems.empty(), test::codes(r.problems));
  BOOST_REQUIRE_EQUAL(r.sink.sheets.size(), 1u);
  const auto& s = r.sink.sheets[0];
  BOOST_TEST(s.info.name == "企业信息");
  BOOST_TEST(s.info.state == "visible");
  BOOST_TEST(s.info.index == 0u);
  BOOST_TEST(s.at("A1") == "企业名称");
  BOOST_TEST(s.at("D1") == "D1");  // shifted past the MergeAcross
  BOOST_TEST(s.at("B3") == "500");
  BOOST_TEST((s.type_at("B3") == CellType::Number));
  BOOST_TEST(s.at("C3") == "true");
  BOOST_TEST((s.type_at("C3") == CellType::Bool));
  BOOST_TEST(s.at("D3") == "2022-04-08");
  BOOST_TEST((s.type_at("D3") == CellType::Date));
  BOOST_TEST(s.at("F3") == "#N/A");  // D3:E4 merged, so the next cell is F
  BOOST_TEST((s.type_at("F3") == CellType::Error));
  BOOST_TEST(s.at("G3") == "1000");  // formula: cached value
  BOOST_TEST(s.at("D4") == "2022-04-08");  // 44659 in Short Date
  BOOST_TEST((s.type_at("D4") == CellType::Date));
  BOOST_TEST(s.numbers.at({3, 3}) == 44659.0);
  BOOST_TEST(s.at("F4") == "");  // empty string: no cell
  BOOST_TEST(s.cells.count({3, 5}) == 0u);
  BOOST_TEST(s.at("G4") == "-150");
  BOOST_TEST(s.at("A5") == "span");
  BOOST_TEST(s.at("A8") == "after span");  // row 5 spans 5..7
  BOOST_TEST(s.cells.size() == 11u);
  BOOST_REQUIRE_EQUAL(s.merged.size(), 2u);
  BOOST_TEST(range_ref(s.merged[0]) == "A1:C1");
  BOOST_TEST(range_ref(s.merged[1]) == "D3:E4");
}

BOOST_AUTO_TEST_CASE(unprefixed_attributes_and_prefixed_elements) {
  const std::string xml =
      "<?xml version=\"1.0\"?><ss:Workbook xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">"
      "<ss:Worksheet Name=\"S\"><ss:Table><ss:Row Index=\"2\"><ss:Cell Index=\"3\">"
      "<ss:Data Type=\"Number\">7</ss:Data></ss:Cell></ss:Row></ss:Table></ss:Worksheet>"
      "</ss:Workbook>";
  Result r;
  read(xml, r);
  BOOST_TEST(r.ok, test::codes(r.problems));
  BOOST_REQUIRE_EQUAL(r.sink.sheets.size(), 1u);
  BOOST_TEST(r.sink.sheets[0].info.name == "S");
  BOOST_TEST(r.sink.sheets[0].at("C2") == "7");
}

BOOST_AUTO_TEST_CASE(date1904_with_number_in_date_style) {
  const std::string styles =
      "<Styles><Style ss:ID=\"d\"><NumberFormat ss:Format=\"yyyy/m/d;@\"/></Style>"
      "<Style ss:ID=\"t\"><NumberFormat ss:Format=\"Short Time\"/></Style>"
      "<Style ss:ID=\"std\"><NumberFormat ss:Format=\"Standard\"/></Style>"
      "<Style ss:ID=\"fix\"><NumberFormat ss:Format=\"Fixed\"/></Style>"
      "<Style ss:ID=\"child\" ss:Parent=\"d\"><Font ss:FontName=\"Arial\"/></Style></Styles>";
  const std::string rows =
      "<Row><Cell ss:StyleID=\"d\"><Data ss:Type=\"Number\">43197</Data></Cell>"
      "<Cell ss:StyleID=\"t\"><Data ss:Type=\"Number\">0.4375</Data></Cell>"
      "<Cell ss:StyleID=\"std\"><Data ss:Type=\"Number\">43197</Data></Cell>"
      "<Cell ss:StyleID=\"fix\"><Data ss:Type=\"Number\">1.5</Data></Cell>"
      "<Cell ss:StyleID=\"child\"><Data ss:Type=\"Number\">43197.4375</Data></Cell>"
      "<Cell ss:StyleID=\"d\"><Data ss:Type=\"DateTime\">2022-04-08T00:00:00.000</Data></Cell>"
      "<Cell ss:StyleID=\"t\"><Data ss:Type=\"DateTime\">1899-12-31T09:30:00.000</Data></Cell>"
      "<Cell ss:StyleID=\"t\"><Data ss:Type=\"DateTime\">1904-01-01T09:30:00.000</Data></Cell>"
      "</Row>";
  {
    Result r;
    read(workbook(styles + "<ExcelWorkbook xmlns=\"urn:schemas-microsoft-com:office:excel\">"
                           "<Date1904/></ExcelWorkbook>" + sheet("S", rows)),
         r);
    BOOST_TEST(r.ok, test::codes(r.problems));
    BOOST_REQUIRE_EQUAL(r.sink.sheets.size(), 1u);
    const auto& s = r.sink.sheets[0];
    BOOST_TEST(s.at("A1") == "2022-04-08");  // 43197 in the 1904 system
    BOOST_TEST((s.type_at("A1") == CellType::Date));
    BOOST_TEST(s.at("B1") == "10:30:00");  // a pure time in either system
    BOOST_TEST(s.at("C1") == "43197");
    BOOST_TEST((s.type_at("C1") == CellType::Number));
    BOOST_TEST(s.at("D1") == "1.5");
    BOOST_TEST(s.at("E1") == "2022-04-08T10:30:00");  // inherited from the parent style
    BOOST_TEST(s.at("F1") == "2022-04-08");           // DateTime is not shifted
    BOOST_TEST(s.at("G1") == "1899-12-31T09:30:00");  // day 0 is 1904-01-01 here
    BOOST_TEST(s.at("H1") == "09:30:00");
  }
  {
    Result r;
    read(workbook(styles + "<x:ExcelWorkbook><x:Date1904>False</x:Date1904></x:ExcelWorkbook>" +
                  sheet("S", rows)),
         r);
    BOOST_TEST(r.ok, test::codes(r.problems));
    BOOST_TEST(r.sink.sheets.at(0).at("A1") == "2018-04-07");  // 1900 system
    BOOST_TEST(r.sink.sheets.at(0).at("B1") == "10:30:00");    // a pure time
    BOOST_TEST(r.sink.sheets.at(0).at("F1") == "2022-04-08");
    BOOST_TEST(r.sink.sheets.at(0).at("G1") == "09:30:00");  // Excel's time-only DateTime
    BOOST_TEST(r.sink.sheets.at(0).at("H1") == "1904-01-01T09:30:00");
  }
}

BOOST_AUTO_TEST_CASE(row_and_column_styles_apply_to_unstyled_cells) {
  const std::string xml = workbook(
      "<Styles><Style ss:ID=\"d\"><NumberFormat ss:Format=\"Short Date\"/></Style></Styles>" +
      sheet("S",
            "<Column ss:Index=\"2\" ss:StyleID=\"d\"/>"
            "<Row><Cell><Data ss:Type=\"Number\">44659</Data></Cell>"
            "<Cell><Data ss:Type=\"Number\">44659</Data></Cell></Row>"
            "<Row ss:StyleID=\"d\"><Cell><Data ss:Type=\"Number\">44659</Data></Cell></Row>"
            "<Row><Cell ss:StyleID=\"undefined\"><Data ss:Type=\"Number\">44659</Data></Cell></Row>"));
  Result r;
  read(xml, r);
  BOOST_TEST(r.ok, test::codes(r.problems));
  const auto& s = r.sink.sheets.at(0);
  BOOST_TEST(s.at("A1") == "44659");
  BOOST_TEST(s.at("B1") == "2022-04-08");
  BOOST_TEST(s.at("A2") == "2022-04-08");
  BOOST_TEST(s.at("A3") == "44659");  // an undefined style is plain
}

BOOST_AUTO_TEST_CASE(datetime_with_time_and_unparsable_values) {
  const std::string xml = workbook(sheet(
      "S",
      "<Row><Cell><Data ss:Type=\"DateTime\">2022-04-08T10:30:00.000</Data></Cell>"
      "<Cell><Data ss:Type=\"DateTime\">不是日期</Data></Cell>"
      "<Cell><Data ss:Type=\"Number\">12abc</Data></Cell>"
      "<Cell><Data ss:Type=\"Number\">inf</Data></Cell>"
      "<Cell><Data ss:Type=\"Boolean\">TRUE</Data></Cell>"
      "<Cell><Data ss:Type=\"Boolean\">0</Data></Cell>"
      "<Cell><Data ss:Type=\"Boolean\">是</Data></Cell>"
      "<Cell><Data ss:Type=\"Number\"> 42 </Data></Cell></Row>"));
  Result r;
  read(xml, r);
  BOOST_TEST(r.ok, test::codes(r.problems));
  const auto& s = r.sink.sheets.at(0);
  BOOST_TEST(s.at("A1") == "2022-04-08T10:30:00");
  BOOST_TEST((s.type_at("A1") == CellType::Date));
  BOOST_TEST(s.at("B1") == "不是日期");
  BOOST_TEST((s.type_at("B1") == CellType::String));
  BOOST_TEST(s.at("C1") == "12abc");
  BOOST_TEST((s.type_at("C1") == CellType::String));
  BOOST_TEST(s.at("D1") == "inf");
  BOOST_TEST((s.type_at("D1") == CellType::String));
  BOOST_TEST(s.at("E1") == "true");
  BOOST_TEST(s.at("F1") == "false");
  BOOST_TEST((s.type_at("F1") == CellType::Bool));
  BOOST_TEST(s.at("G1") == "是");
  BOOST_TEST((s.type_at("G1") == CellType::String));
  BOOST_TEST(s.at("H1") == "42");
  BOOST_TEST((s.type_at("H1") == CellType::Number));
}

BOOST_AUTO_TEST_CASE(rich_text_and_symbol_fonts) {
  const std::string xml = workbook(
      "<Styles><Style ss:ID=\"w2\"><Font ss:FontName=\"Wingdings 2\" x:CharSet=\"2\"/></Style></Styles>" +
      sheet("S",
            "<Row><Cell><ss:Data ss:Type=\"String\" xmlns=\"http://www.w3.org/TR/REC-html40\">"
            "<B>企业</B><Font html:Color=\"#FF0000\">名称</Font><I>（<U>全称</U>）</I></ss:Data></Cell>"
            "<Cell><ss:Data ss:Type=\"String\" xmlns=\"http://www.w3.org/TR/REC-html40\">"
            "<Font html:Face=\"Wingdings 2\" x:CharSet=\"2\">R</Font><Font>民营企业 R</Font></ss:Data></Cell>"
            "<Cell ss:StyleID=\"w2\"><Data ss:Type=\"String\">R£</Data></Cell>"
            "<Cell ss:StyleID=\"w2\"><ss:Data ss:Type=\"String\" xmlns=\"http://www.w3.org/TR/REC-html40\">"
            "<Font>R</Font><Font html:Face=\"宋体\">是R</Font></ss:Data></Cell>"
            "<Cell><Data ss:Type=\"String\">\xEF\x83\xBE 是</Data></Cell>"
            "<Cell ss:StyleID=\"w2\"><Data ss:Type=\"Number\">82</Data></Cell>"
            "<Cell ss:StyleID=\"w2\"><Data ss:Type=\"DateTime\">2022-04-08T10:30:00</Data></Cell>"
            "</Row>"));
  Result r;
  read(xml, r);
  BOOST_TEST(r.ok, test::codes(r.problems));
  const auto& s = r.sink.sheets.at(0);
  BOOST_TEST(s.at("A1") == "企业名称（全称）");
  BOOST_TEST(s.at("B1") == "☑民营企业 R");
  BOOST_TEST(s.at("C1") == "☑□");
  BOOST_TEST(s.at("D1") == "☑是R");  // an explicit non-symbol face is kept as written
  BOOST_TEST(s.at("E1") == "☑ 是");  // private-use U+F0FE (Wingdings)
  BOOST_TEST(s.at("F1") == "82");
  BOOST_TEST(s.at("G1") == "2022-04-08T10:30:00");
}

BOOST_AUTO_TEST_CASE(phonetic_text_and_comments_are_skipped) {
  const std::string xml = workbook(sheet(
      "S",
      "<Row><Cell><Data ss:Type=\"String\">東京</Data>"
      "<PhoneticText ss:Type=\"String\">トウキョウ</PhoneticText>"
      "<Comment ss:Author=\"a\"><ss:Data xmlns=\"http://www.w3.org/TR/REC-html40\">"
      "<B>注释</B></ss:Data></Comment><NamedCell ss:Name=\"Print_Area\"/></Cell>"
      "<Cell><Comment><Data>只有注释</Data></Comment></Cell>"
      "<Cell><Data ss:Type=\"String\">C1</Data><PhoneticText "
      "xmlns=\"urn:schemas-microsoft-com:office:excel\">シー</PhoneticText></Cell>"
      "<Cell><ss:Data ss:Type=\"String\" xmlns=\"http://www.w3.org/TR/REC-html40\">漢字"
      "<ss:PhoneticText>カンジ</ss:PhoneticText><x:PhoneticText>カンジ</x:PhoneticText></ss:Data></Cell>"
      "</Row>"));
  Result r;
  read(xml, r);
  BOOST_TEST(r.ok, test::codes(r.problems));
  const auto& s = r.sink.sheets.at(0);
  BOOST_TEST(s.at("A1") == "東京");
  BOOST_TEST(s.at("B1") == "");
  BOOST_TEST(s.at("C1") == "C1");
  BOOST_TEST(s.at("D1") == "漢字");
  BOOST_TEST(s.cells.size() == 3u);
}

BOOST_AUTO_TEST_CASE(hidden_and_very_hidden_sheets) {
  const std::string opts_hidden =
      "<WorksheetOptions xmlns=\"urn:schemas-microsoft-com:office:excel\">"
      "<Visible>SheetHidden</Visible></WorksheetOptions>";
  const std::string opts_very =
      "<x:WorksheetOptions><x:Selected/><x:Visible>SheetVeryHidden</x:Visible></x:WorksheetOptions>";
  const std::string cell = "<Row><Cell><Data ss:Type=\"String\">x</Data></Cell></Row>";
  Result r;
  read(workbook(sheet("A", cell) + sheet("B", cell, opts_hidden) + sheet("C", cell, opts_very) +
                "<Worksheet ss:Name=\"D\"/>"),
       r);
  BOOST_TEST(r.ok, test::codes(r.problems));
  BOOST_REQUIRE_EQUAL(r.sink.sheets.size(), 4u);
  BOOST_TEST(r.sink.sheets[0].info.state == "visible");
  BOOST_TEST(r.sink.sheets[1].info.state == "hidden");
  BOOST_TEST(r.sink.sheets[1].info.name == "B");
  BOOST_TEST(r.sink.sheets[1].info.index == 1u);
  BOOST_TEST(r.sink.sheets[2].info.state == "veryHidden");
  BOOST_TEST(r.sink.sheets[2].at("A1") == "x");
  BOOST_TEST(r.sink.sheets[3].info.name == "D");
  BOOST_TEST(r.sink.sheets[3].info.state == "visible");
  BOOST_TEST(r.sink.sheets[3].cells.empty());
}

BOOST_AUTO_TEST_CASE(begin_sheet_false_skips_the_sheet) {
  const std::string xml = workbook(
      sheet("A", "<Row><Cell ss:MergeAcross=\"1\"><Data ss:Type=\"String\">a</Data></Cell></Row>") +
      sheet("B", "<Row><Cell><Data ss:Type=\"String\">b</Data></Cell></Row>"));
  MemorySource source(xml);
  SkippingSink sink;
  sink.skip = "A";
  Problems problems;
  BOOST_TEST(read_spreadsheet2003(source, sink, problems, {}));
  BOOST_TEST(problems.empty(), test::codes(problems));
  BOOST_TEST(sink.offered.size() == 2u);
  BOOST_REQUIRE_EQUAL(sink.sheets.size(), 1u);
  BOOST_TEST(sink.sheets[0].info.name == "B");
  BOOST_TEST(sink.sheets[0].info.index == 1u);
  BOOST_TEST(sink.sheets[0].at("A1") == "b");
  BOOST_TEST(sink.sheets[0].merged.empty());
  BOOST_TEST(sink.ends == 1);
}

BOOST_AUTO_TEST_CASE(duplicate_sheet_names_warn) {
  Result r;
  read(workbook(sheet("表", "<Row><Cell><Data ss:Type=\"String\">1</Data></Cell></Row>") +
                sheet("表", "<Row><Cell><Data ss:Type=\"String\">2</Data></Cell></Row>")),
       r);
  BOOST_TEST(r.ok, test::codes(r.problems));
  BOOST_TEST(test::has_code(r.problems, "xml2003.duplicate_sheet"));
  BOOST_TEST(!has_error(r.problems));
  BOOST_REQUIRE_EQUAL(r.sink.sheets.size(), 2u);
  BOOST_TEST(r.sink.sheets[1].at("A1") == "2");
  const Problem* p = find_problem(r.problems, "xml2003.duplicate_sheet");
  BOOST_REQUIRE(p);
  BOOST_TEST(p->sheet == "表");
  BOOST_TEST((p->severity == Severity::Warning));
}

BOOST_AUTO_TEST_CASE(root_not_workbook_is_refused) {
  const std::string docs[] = {
      "<?xml version=\"1.0\"?><html><body>x</body></html>",
      "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>",
      "<?xml version=\"1.0\"?><Workbook><Worksheet Name=\"S\"/></Workbook>",  // no namespace
      "<?xml version=\"1.0\"?><Worksheet xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"/>",
  };
  for (const auto& doc : docs) {
    Result r;
    read(doc, r);
    BOOST_TEST(!r.ok, doc);
    BOOST_TEST(test::has_code(r.problems, "xml2003.not_spreadsheet"), test::codes(r.problems));
    BOOST_TEST(r.sink.sheets.empty());
  }
}

BOOST_AUTO_TEST_CASE(doctype_billion_laughs_is_refused) {
  std::string xml = "<?xml version=\"1.0\"?><!DOCTYPE Workbook [<!ENTITY lol \"lol\">";
  for (int i = 1; i <= 9; ++i) {
    const std::string prev = i == 1 ? "&lol;" : "&lol" + std::to_string(i - 1) + ";";
    std::string v;
    for (int k = 0; k < 10; ++k) v += prev;
    xml += "<!ENTITY lol" + std::to_string(i) + " \"" + v + "\">";
  }
  xml += "]>";
  xml += std::string(kHeader).substr(std::string(kHeader).find("<Workbook")) +
         sheet("S", "<Row><Cell><Data ss:Type=\"String\">&lol9;</Data></Cell></Row>") +
         "</Workbook>";
  Result r;
  read(xml, r);
  BOOST_TEST(!r.ok);
  BOOST_TEST(test::has_code(r.problems, "xml.doctype"), test::codes(r.problems));
  BOOST_TEST(r.sink.sheets.empty());
}

BOOST_AUTO_TEST_CASE(index_past_the_grid_is_refused) {
  struct Case {
    std::string rows;
    std::string cell;
  };
  const Case cases[] = {
      {"<Row ss:Index=\"1048577\"><Cell><Data ss:Type=\"String\">x</Data></Cell></Row>", "A1048577"},
      {"<Row ss:Index=\"99999999999999999999999\"><Cell/></Row>", ""},
      {"<Row><Cell ss:Index=\"16385\"><Data ss:Type=\"String\">x</Data></Cell></Row>", "XFE1"},
      {"<Row><Cell ss:Index=\"16384\"><Data ss:Type=\"String\">x</Data></Cell>"
       "<Cell><Data ss:Type=\"String\">y</Data></Cell></Row>", "XFE1"},
      {"<Row ss:Index=\"3\"><Cell ss:Index=\"abc\"/></Row>", "A3"},
      {"<Row ss:Index=\"-1\"/>", "A1"},
      {"<Row><Cell ss:Index=\"0\"/></Row>", "A1"},
      {"<Row><Cell ss:Index=\"16384\" ss:MergeAcross=\"1\"/></Row>", "XFE1"},
      {"<Row ss:Index=\"1048576\"><Cell ss:MergeDown=\"1\"/></Row>", "A1048577"},
  };
  for (const auto& c : cases) {
    Result r;
    read(workbook(sheet("表1", "<Row><Cell><Data ss:Type=\"String\">ok</Data></Cell></Row>") +
                  sheet("表2", c.rows)),
         r);
    BOOST_TEST(!r.ok, c.rows);
    const Problem* p = find_problem(r.problems, "cell.out_of_range");
    BOOST_REQUIRE_MESSAGE(p, c.rows + " -> " + test::codes(r.problems));
    BOOST_TEST(p->sheet == "表2");
    if (!c.cell.empty()) BOOST_TEST(p->cell == c.cell, c.rows);
    BOOST_TEST(!p->cell.empty());
    BOOST_TEST(p->line > 0);
    BOOST_TEST((p->severity == Severity::Error));
    BOOST_TEST(r.sink.sheets.size() == 1u);  // the bad sheet never reaches the sink
  }
}

BOOST_AUTO_TEST_CASE(too_many_cells_is_refused) {
  std::string rows;
  for (int i = 0; i < 10; ++i)
    rows += "<Row><Cell><Data ss:Type=\"Number\">" + std::to_string(i) +
            "</Data></Cell><Cell/><Cell><Data ss:Type=\"String\"></Data></Cell></Row>";
  ReadLimits limits;
  limits.max_cells = 10;
  {
    Result r;
    read(workbook(sheet("S", rows)), r, limits);
    BOOST_TEST(r.ok, test::codes(r.problems));  // exactly 10 cells with a value
  }
  limits.max_cells = 15;
  {
    Result r;
    read(workbook(sheet("S1", rows) + sheet("S2", rows)), r, limits);  // counted across sheets
    BOOST_TEST(!r.ok);
    const Problem* p = find_problem(r.problems, "cells.too_many");
    BOOST_REQUIRE_MESSAGE(p, test::codes(r.problems));
    BOOST_TEST(p->sheet == "S2");
    BOOST_TEST(p->cell == "A6");
  }
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_refused) {
  const std::string xml = workbook(
      sheet("S", "<Row><Cell><Data ss:Type=\"String\">ab\xC3\x28\xFF</Data></Cell></Row>"));
  Result r;
  read(xml, r);
  BOOST_TEST(!r.ok);
  BOOST_TEST(has_error(r.problems));
  BOOST_TEST(test::has_code(r.problems, "xml.encoding"), test::codes(r.problems));
  BOOST_TEST(r.sink.sheets.empty());
  BOOST_TEST(r.problems.at(0).sheet == "S");
}

BOOST_AUTO_TEST_CASE(truncated_and_empty_documents_are_refused) {
  const std::string xml = workbook(sheet("S", "<Row><Cell><Data ss:Type=\"String\">x</Data></Cell></Row>"));
  for (size_t cut : {xml.size() - 3, xml.size() - 20, xml.size() / 2, size_t{10}, size_t{0}}) {
    Result r;
    read(xml.substr(0, cut), r);
    BOOST_TEST(!r.ok, cut);
    BOOST_TEST(has_error(r.problems), cut);
    BOOST_TEST(test::has_code(r.problems, "xml.malformed"), test::codes(r.problems));
  }
}

BOOST_AUTO_TEST_CASE(too_deep_and_too_long_are_refused) {
  {
    std::string deep;
    for (int i = 0; i < 300; ++i) deep += "<B>";
    deep += "x";
    for (int i = 0; i < 300; ++i) deep += "</B>";
    Result r;
    read(workbook(sheet("S", "<Row><Cell><ss:Data ss:Type=\"String\" "
                             "xmlns=\"http://www.w3.org/TR/REC-html40\">" + deep +
                             "</ss:Data></Cell></Row>")),
         r);
    BOOST_TEST(!r.ok);
    BOOST_TEST(test::has_code(r.problems, "xml.too_deep"), test::codes(r.problems));
  }
  {
    // Many short runs adding up past max_text.
    std::string runs;
    for (int i = 0; i < 100; ++i) runs += "<B>0123456789</B>";
    ReadLimits limits;
    limits.max_text = 500;
    Result r;
    read(workbook(sheet("S", "<Row><Cell><ss:Data ss:Type=\"String\" "
                             "xmlns=\"http://www.w3.org/TR/REC-html40\">" + runs +
                             "</ss:Data></Cell></Row>")),
         r, limits);
    BOOST_TEST(!r.ok);
    BOOST_TEST(test::has_code(r.problems, "xml.text_too_long"), test::codes(r.problems));
  }
}

BOOST_AUTO_TEST_CASE(large_document_streams_across_chunks) {
  // Well over 64 KiB, with multi-byte text crossing chunk boundaries.
  std::string rows;
  const int n = 4000;
  for (int i = 1; i <= n; ++i)
    rows += "<Row><Cell><Data ss:Type=\"String\">企业名称第" + std::to_string(i) +
            "号☑</Data></Cell><Cell ss:Index=\"3\"><Data ss:Type=\"Number\">" + std::to_string(i) +
            ".5</Data></Cell></Row>\n";
  const std::string xml = workbook(sheet("大表", rows));
  BOOST_REQUIRE_GT(xml.size(), 4u * 65536u);
  Result r;
  read(xml, r);
  BOOST_TEST(r.ok, test::codes(r.problems));
  const auto& s = r.sink.sheets.at(0);
  BOOST_TEST(s.cells.size() == static_cast<size_t>(2 * n));
  bool all = true;
  for (int i = 1; i <= n && all; ++i) {
    all = s.at("A" + std::to_string(i)) == "企业名称第" + std::to_string(i) + "号☑" &&
          s.at("C" + std::to_string(i)) == std::to_string(i) + ".5";
    if (!all) BOOST_TEST_MESSAGE("row " << i << ": " << s.at("A" + std::to_string(i)));
  }
  BOOST_TEST(all);
}

BOOST_AUTO_TEST_CASE(mutated_documents_never_crash) {
  const std::string base = workbook(
      "<Styles><Style ss:ID=\"w\"><Font ss:FontName=\"Wingdings 2\"/>"
      "<NumberFormat ss:Format=\"Short Date\"/></Style></Styles>"
      "<x:ExcelWorkbook><x:Date1904>1</x:Date1904></x:ExcelWorkbook>" +
      sheet("S",
            "<Column ss:Index=\"2\" ss:Span=\"3\" ss:StyleID=\"w\"/>"
            "<Row ss:Index=\"2\" ss:Span=\"1\"><Cell ss:MergeAcross=\"2\" ss:MergeDown=\"1\" "
            "ss:StyleID=\"w\"><Data ss:Type=\"Number\">43197</Data></Cell>"
            "<Cell><ss:Data ss:Type=\"String\" xmlns=\"http://www.w3.org/TR/REC-html40\">"
            "<Font html:Face=\"Wingdings\">\xC3\xBE</Font><B>是</B></ss:Data>"
            "<PhoneticText>x</PhoneticText></Cell></Row>",
            "<x:WorksheetOptions><x:Visible>SheetHidden</x:Visible></x:WorksheetOptions>"));
  {
    Result r;
    read(base, r);
    BOOST_REQUIRE_MESSAGE(r.ok, test::codes(r.problems));
    BOOST_TEST(r.sink.sheets.at(0).at("A2") == "2022-04-08");
    BOOST_TEST(r.sink.sheets.at(0).at("D2") == "☑是");
    BOOST_TEST(r.sink.sheets.at(0).info.state == "hidden");
  }
  uint32_t seed = 12345;
  auto next = [&seed] {
    seed = seed * 1103515245u + 12345u;
    return seed >> 8;
  };
  const char bytes[] = {'<', '>', '/', '"', '=', '1', '9', 'x', ' ', '&', '\xFF', '\0'};
  for (int i = 0; i < 400; ++i) {
    std::string doc = base;
    const int edits = 1 + static_cast<int>(next() % 4);
    for (int k = 0; k < edits; ++k) {
      const size_t pos = next() % doc.size();
      switch (next() % 3) {
        case 0: doc[pos] = bytes[next() % sizeof bytes]; break;
        case 1: doc.erase(pos, 1 + next() % 8); break;
        default: doc.insert(pos, doc.substr(next() % doc.size(), next() % 40)); break;
      }
    }
    Result r;
    read(doc, r);
    if (!r.ok) BOOST_TEST(has_error(r.problems), doc);
  }
}

BOOST_AUTO_TEST_CASE(fixture_if_present) {
  // tests/fixtures/spreadsheet2003.xml and its lines in expected.tsv (made by
  // make_fixtures.py): the complete list of cells, states and merged ranges.
  const std::string dir = std::string(IPSURVEY_SOURCE_DIR) + "/tests/fixtures/";
  std::ifstream in(dir + "spreadsheet2003.xml", std::ios::binary);
  std::ifstream tsv(dir + "expected.tsv", std::ios::binary);
  if (!in || !tsv) {
    BOOST_TEST_MESSAGE("no fixture in " << dir << "; skipped");
    BOOST_TEST(true);
    return;
  }
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string xml = buf.str();
  Result r;
  read(xml, r);
  BOOST_TEST(r.ok, test::codes(r.problems));
  BOOST_TEST(!has_error(r.problems), test::codes(r.problems));

  auto unescape = [](const std::string& v) {
    std::string out;
    for (size_t i = 0; i < v.size(); ++i) {
      if (v[i] != '\\' || i + 1 == v.size()) {
        out.push_back(v[i]);
        continue;
      }
      const char c = v[++i];
      out.push_back(c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c);
    }
    return out;
  };
  std::vector<std::string> sheet_order;
  std::map<std::string, size_t> expected_cells, expected_merges;
  std::string line;
  size_t lines = 0;
  while (std::getline(tsv, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    size_t pos = 0;
    for (size_t tab; (tab = line.find('\t', pos)) != std::string::npos; pos = tab + 1)
      f.push_back(line.substr(pos, tab - pos));
    f.push_back(line.substr(pos));
    if (f.size() != 5 || f[0] != "spreadsheet2003.xml") continue;
    ++lines;
    const std::string& name = f[1];
    const test::CollectedSheet* s = nullptr;
    for (const auto& cs : r.sink.sheets)
      if (cs.info.name == name) s = &cs;
    BOOST_REQUIRE_MESSAGE(s, "missing sheet " << name);
    if (f[2] == "@state") {
      sheet_order.push_back(name);
      BOOST_TEST(s->info.state == f[4], name);
      continue;
    }
    if (f[3] == "merged") {
      ++expected_merges[name];
      bool found = false;
      for (const auto& m : s->merged) found |= range_ref(m) == f[2];
      BOOST_TEST(found, name << " merged " << f[2]);
      continue;
    }
    ++expected_cells[name];
    uint32_t row = 0, col = 0;
    BOOST_REQUIRE(parse_cell_ref(f[2], row, col));
    auto it = s->cells.find({row, col});
    BOOST_REQUIRE_MESSAGE(it != s->cells.end(), name << "!" << f[2] << " missing");
    BOOST_TEST(cell_type_name(it->second.first) == f[3], name << "!" << f[2]);
    if (f[3] == "number")
      BOOST_TEST(s->numbers.at({row, col}) == std::strtod(f[4].c_str(), nullptr), name << "!" << f[2]);
    else
      BOOST_TEST(it->second.second == unescape(f[4]), name << "!" << f[2]);
  }
  BOOST_TEST(lines > 0u);
  BOOST_REQUIRE_EQUAL(r.sink.sheets.size(), sheet_order.size());
  for (size_t i = 0; i < sheet_order.size(); ++i) {
    const auto& s = r.sink.sheets[i];
    BOOST_TEST(s.info.name == sheet_order[i]);
    BOOST_TEST(s.info.index == i);
    BOOST_TEST(s.cells.size() == expected_cells[s.info.name], s.info.name);  // the list is complete
    BOOST_TEST(s.merged.size() == expected_merges[s.info.name], s.info.name);
  }
}

BOOST_AUTO_TEST_SUITE_END()

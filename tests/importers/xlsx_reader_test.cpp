#include <boost/test/unit_test.hpp>

#include "importers/workbook_reader.h"
#include "test_support.h"

using namespace ipsurvey;
using namespace ipsurvey::importers;
using ipsurvey::test::CollectingSink;
using ipsurvey::test::make_xlsx;
using ipsurvey::test::ZipPart;

namespace {

const std::string kNs = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

std::string sheet(const std::string& data, const std::string& after = "") {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet " + kNs + "><sheetData>" + data +
         "</sheetData>" + after + "</worksheet>";
}

std::string sst(const std::string& items) {
  return "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" +
         items + "</sst>";
}

std::string styles(const std::string& num_fmts, const std::string& fonts, const std::string& xfs) {
  return "<?xml version=\"1.0\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
         "<numFmts>" + num_fmts + "</numFmts><fonts>" + fonts + "</fonts><cellXfs>" + xfs +
         "</cellXfs></styleSheet>";
}

struct Result {
  bool ok;
  Problems problems;
  CollectingSink sink;
};

Result read(const std::string& bytes, const ReadLimits& limits = {}) {
  Result r;
  MemorySource src(bytes);
  r.ok = read_workbook(src, r.sink, r.problems, limits).ok;
  return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(xlsx_reader)

BOOST_AUTO_TEST_CASE(reads_every_cell_type) {
  auto r = read(make_xlsx(
      {sheet("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\"><v>500</v></c>"
             "<c r=\"C1\" t=\"b\"><v>1</v></c><c r=\"D1\" t=\"e\"><v>#N/A</v></c>"
             "<c r=\"E1\" t=\"str\"><f>A1&amp;\"x\"</f><v>企业x</v></c>"
             "<c r=\"F1\" t=\"inlineStr\"><is><t>内联</t></is></c>"
             "<c r=\"G1\" t=\"d\"><v>2022-04-08T00:00:00Z</v></c><c r=\"H1\"><f>1+1</f><v>2</v></c>"
             "<c r=\"I1\" t=\"s\"><v>1</v></c><c r=\"J1\"/></row>")},
      {{"xl/sharedStrings.xml", sst("<si><t>企业名称</t></si><si/>")}}));
  BOOST_REQUIRE_MESSAGE(r.ok, test::codes(r.problems));
  const auto& s = r.sink.sheets.at(0);
  BOOST_TEST(s.at("A1") == "企业名称");
  BOOST_TEST(s.at("B1") == "500");
  BOOST_TEST((s.type_at("B1") == CellType::Number));
  BOOST_TEST(s.at("C1") == "true");
  BOOST_TEST((s.type_at("D1") == CellType::Error));
  BOOST_TEST(s.at("D1") == "#N/A");
  BOOST_TEST(s.at("E1") == "企业x");
  BOOST_TEST(s.at("F1") == "内联");
  BOOST_TEST((s.type_at("G1") == CellType::Date));
  BOOST_TEST(s.at("G1") == "2022-04-08");
  BOOST_TEST(s.at("H1") == "2");
  BOOST_TEST(s.cells.size() == 8u);  // the empty shared string and the empty cell are left out
}

BOOST_AUTO_TEST_CASE(rich_text_phonetic_runs_and_escapes) {
  auto r = read(make_xlsx(
      {sheet("<row><c t=\"s\"><v>0</v></c><c t=\"s\"><v>1</v></c><c t=\"s\"><v>2</v></c></row>")},
      {{"xl/sharedStrings.xml",
        sst("<si><r><t>石家庄</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\"> 科技</t></r>"
            "<rPh sb=\"0\" eb=\"1\"><t>シ</t></rPh></si>"
            "<si><t>a_x000D_b_x005F_x0041_</t></si>"
            "<si><t>漢字</t><rPh><t>かんじ</t></rPh></si>")}}));
  BOOST_REQUIRE(r.ok);
  const auto& s = r.sink.sheets.at(0);
  BOOST_TEST(s.at("A1") == "石家庄 科技");
  BOOST_TEST(s.at("B1") == "a\rb_x0041_");
  BOOST_TEST(s.at("C1") == "漢字");
}

BOOST_AUTO_TEST_CASE(rows_and_cells_without_references_and_unsorted_rows) {
  auto r = read(make_xlsx({sheet("<row r=\"3\"><c><v>1</v></c><c><v>2</v></c><c r=\"E3\"><v>3</v></c><c><v>4</v></c></row>"
                                 "<row r=\"1\"><c r=\"B1\"><v>5</v></c></row><row><c><v>6</v></c></row>")}));
  BOOST_REQUIRE(r.ok);
  const auto& s = r.sink.sheets.at(0);
  BOOST_TEST(s.at("A3") == "1");
  BOOST_TEST(s.at("B3") == "2");
  BOOST_TEST(s.at("E3") == "3");
  BOOST_TEST(s.at("F3") == "4");
  BOOST_TEST(s.at("B1") == "5");
  BOOST_TEST(s.at("A2") == "6");  // a row without r follows the previous one
}

BOOST_AUTO_TEST_CASE(dates_by_builtin_and_custom_formats) {
  const std::string st = styles(
      "<numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
      "<numFmt numFmtId=\"165\" formatCode=\"[$-804]yyyy年m月\"/>"
      "<numFmt numFmtId=\"166\" formatCode=\"[DBNum1][$-804]General\"/>"
      "<numFmt numFmtId=\"167\" formatCode=\"0.00&quot;万元&quot;\"/>"
      "<numFmt numFmtId=\"168\" formatCode=\"[Red]#,##0;\\-#,##0\"/>",
      "<font><name val=\"宋体\"/></font>",
      "<xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/>"
      "<xf numFmtId=\"166\"/><xf numFmtId=\"167\"/><xf numFmtId=\"168\"/><xf numFmtId=\"22\"/>"
      "<xf numFmtId=\"31\"/><xf numFmtId=\"57\"/>");
  const std::string data =
      "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>44659</v></c><c r=\"B1\" s=\"2\"><v>44659</v></c>"
      "<c r=\"C1\" s=\"3\"><v>44659</v></c><c r=\"D1\" s=\"4\"><v>44659</v></c>"
      "<c r=\"E1\" s=\"5\"><v>44659</v></c><c r=\"F1\" s=\"6\"><v>44659</v></c>"
      "<c r=\"G1\" s=\"7\"><v>44659.4375</v></c><c r=\"H1\" s=\"8\"><v>44659</v></c>"
      "<c r=\"I1\" s=\"9\"><v>44659</v></c><c r=\"J1\" s=\"1\"><v>59</v></c><c r=\"K1\" s=\"1\"><v>61</v></c></row>";
  auto r = read(make_xlsx({sheet(data)}, {{"xl/styles.xml", st}}));
  BOOST_REQUIRE(r.ok);
  const auto& s = r.sink.sheets.at(0);
  BOOST_TEST(s.at("A1") == "2022-04-08");
  BOOST_TEST(s.at("B1") == "2022-04-08");
  BOOST_TEST(s.at("C1") == "2022-04-08");
  BOOST_TEST((s.type_at("D1") == CellType::Number));  // [DBNum1] General is a number
  BOOST_TEST((s.type_at("E1") == CellType::Number));  // quoted 万元 is a literal
  BOOST_TEST((s.type_at("F1") == CellType::Number));  // [Red] is a colour
  BOOST_TEST(s.at("G1") == "2022-04-08T10:30:00");
  BOOST_TEST(s.at("H1") == "2022-04-08");
  BOOST_TEST(s.at("I1") == "2022-04-08");
  BOOST_TEST(s.at("J1") == "1900-02-28");
  BOOST_TEST(s.at("K1") == "1900-03-01");

  auto r1904 = read(make_xlsx({sheet(data)}, {{"xl/styles.xml", st}}, "<workbookPr date1904=\"true\"/>"));
  BOOST_REQUIRE(r1904.ok);
  BOOST_TEST(r1904.sink.sheets.at(0).at("A1") == "2026-04-09");
}

BOOST_AUTO_TEST_CASE(symbol_fonts_on_runs_and_cells) {
  const std::string st = styles("", "<font><name val=\"宋体\"/></font><font><name val=\"Wingdings 2\"/></font>"
                                    "<font><name val=\"Wingdings\"/></font>",
                                "<xf fontId=\"0\"/><xf fontId=\"1\"/><xf fontId=\"2\"/>");
  auto r = read(make_xlsx(
      {sheet("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\" s=\"1\"><v>1</v></c>"
             "<c r=\"C1\" t=\"s\" s=\"2\"><v>2</v></c><c r=\"D1\" t=\"inlineStr\" s=\"1\"><is><t>T</t></is></c>"
             "<c r=\"E1\" t=\"s\"><v>3</v></c><c r=\"F1\" t=\"s\" s=\"1\"><v>4</v></c></row>")},
      {{"xl/styles.xml", st},
       {"xl/sharedStrings.xml",
        sst("<si><r><rPr><rFont val=\"Wingdings 2\"/></rPr><t>R</t></r><r><rPr><rFont val=\"宋体\"/></rPr>"
            "<t>民营企业 </t></r><r><rPr><rFont val=\"Wingdings 2\"/></rPr><t>\xC2\xA3</t></r>"
            "<r><rPr><rFont val=\"宋体\"/></rPr><t>国有企业</t></r></si>"
            "<si><t>R\xC2\xA3</t></si><si><t>\xC3\xBE\xC2\xA8</t></si>"
            "<si><t>\xEF\x83\xBE是</t></si>"
            "<si><r><t>S</t></r><r><rPr><rFont val=\"Arial\"/></rPr><t>S</t></r></si>")}}));
  BOOST_REQUIRE(r.ok);
  const auto& s = r.sink.sheets.at(0);
  BOOST_TEST(s.at("A1") == "☑民营企业 □国有企业");
  BOOST_TEST(s.at("B1") == "☑□");
  BOOST_TEST(s.at("C1") == "☑□");
  BOOST_TEST(s.at("D1") == "☒");
  BOOST_TEST(s.at("E1") == "☑是");  // private-use U+F0FE
  BOOST_TEST(s.at("F1") == "☒S");   // the run in Arial keeps its letter
}

BOOST_AUTO_TEST_CASE(prefixed_strict_and_alternate_content) {
  const std::string prefixed =
      "<x:worksheet xmlns:x=\"http://purl.oclc.org/ooxml/spreadsheetml/main\" "
      "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><x:sheetData>"
      "<x:row r=\"1\"><x:c r=\"A1\"><x:v>1</x:v></x:c></x:row>"
      "<mc:AlternateContent><mc:Choice Requires=\"x99\"><x:row r=\"2\"><x:c r=\"A2\"><x:v>2</x:v></x:c></x:row></mc:Choice>"
      "<mc:Fallback><x:row r=\"3\"><x:c r=\"A3\"><x:v>3</x:v></x:c></x:row></mc:Fallback></mc:AlternateContent>"
      "</x:sheetData><x:mergeCells><x:mergeCell ref=\"A1:F1\"/></x:mergeCells></x:worksheet>";
  auto r = read(make_xlsx({prefixed}));
  BOOST_REQUIRE_MESSAGE(r.ok, test::codes(r.problems));
  const auto& s = r.sink.sheets.at(0);
  BOOST_TEST(s.at("A1") == "1");
  BOOST_TEST(s.at("A2") == "");
  BOOST_TEST(s.at("A3") == "3");
  BOOST_REQUIRE(s.merged.size() == 1u);
  BOOST_TEST(s.merged[0].last_col == 5u);
}

BOOST_AUTO_TEST_CASE(package_paths_absolute_relative_backslash_and_case) {
  const std::string ct = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>";
  const std::string rels =
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"/Book/WB.xml\"/></Relationships>";
  const std::string wb =
      "<workbook " + kNs + "><sheets><sheet name=\"甲\" sheetId=\"1\" r:id=\"a\"/><sheet name=\"乙\" sheetId=\"2\" "
      "r:id=\"b\" state=\"hidden\"/><sheet name=\"图\" sheetId=\"3\" r:id=\"c\"/><sheet name=\"丙\" sheetId=\"4\" r:id=\"d\"/></sheets></workbook>";
  const std::string wb_rels =
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"a\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"../Sheets/One.xml\"/>"
      "<Relationship Id=\"b\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"/book/sheets\\two.xml\"/>"
      "<Relationship Id=\"c\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet\" Target=\"chart.xml\"/>"
      "<Relationship Id=\"d\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"./s%203.xml\"/>"
      "</Relationships>";
  const std::string bytes = test::make_zip({{"[Content_Types].xml", ct},
                                            {"_rels/.rels", rels},
                                            {"book/wb.xml", wb},
                                            {"Book/_rels/WB.xml.rels", wb_rels},
                                            {"sheets/one.xml", sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>")},
                                            {"book/sheets/two.xml", sheet("<row r=\"1\"><c r=\"A1\"><v>2</v></c></row>")},
                                            {"book/chart.xml", "<chartsheet/>"},
                                            {"book/s 3.xml", sheet("<row r=\"1\"><c r=\"A1\"><v>3</v></c></row>")}});
  auto r = read(bytes);
  BOOST_REQUIRE_MESSAGE(r.ok, test::codes(r.problems));
  BOOST_REQUIRE(r.sink.sheets.size() == 3u);
  BOOST_TEST(r.sink.sheets[0].info.name == "甲");
  BOOST_TEST(r.sink.sheets[0].at("A1") == "1");
  BOOST_TEST(r.sink.sheets[1].info.state == "hidden");
  BOOST_TEST(r.sink.sheets[1].at("A1") == "2");
  BOOST_TEST(r.sink.sheets[2].info.name == "丙");
  BOOST_TEST(r.sink.sheets[2].at("A1") == "3");
}

BOOST_AUTO_TEST_CASE(form_control_check_boxes_with_vml_caption) {
  const std::string sheet_xml = sheet(
      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>企业性质</t></is></c></row>",
      "<legacyDrawing r:id=\"rId2\"/><mc:AlternateContent xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\">"
      "<mc:Choice Requires=\"x14\"><controls><mc:AlternateContent><mc:Choice Requires=\"x14\">"
      "<control shapeId=\"1025\" r:id=\"rId3\" name=\"Check Box 1\"><controlPr defaultSize=\"0\"><anchor>"
      "<from><xdr:col xmlns:xdr=\"http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing\">1</xdr:col>"
      "<xdr:colOff xmlns:xdr=\"http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing\">0</xdr:colOff>"
      "<xdr:row xmlns:xdr=\"http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing\">4</xdr:row></from>"
      "</anchor></controlPr></control></mc:Choice><mc:Fallback><control shapeId=\"1025\" r:id=\"rId3\"/></mc:Fallback>"
      "</mc:AlternateContent><control shapeId=\"1026\" r:id=\"rId4\" name=\"Check Box 2\"/></controls></mc:Choice></mc:AlternateContent>");
  const std::string sheet_rels =
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing\" Target=\"../drawings/vmlDrawing1.vml\"/>"
      "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/ctrlProp\" Target=\"../ctrlProps/ctrlProp1.xml\"/>"
      "<Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/ctrlProp\" Target=\"../ctrlProps/ctrlProp2.xml\"/>"
      "</Relationships>";
  const std::string vml =
      "<xml xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" "
      "xmlns:x=\"urn:schemas-microsoft-com:office:excel\">"
      "<v:shape id=\"_x0000_s1025\"><v:textbox><div><font>民营企业</font></div></v:textbox>"
      "<x:ClientData ObjectType=\"Checkbox\"><x:Anchor>1, 15, 4, 2, 3, 15, 5, 2</x:Anchor></x:ClientData></v:shape>"
      "<v:shape id=\"_x0000_s1026\"><v:textbox><div>国有<br>企业</div></v:textbox>"
      "<x:ClientData ObjectType=\"Checkbox\"><x:Anchor>3, 15, 6, 2, 5, 15, 7, 2</x:Anchor><x:Checked>1</x:Checked></x:ClientData></v:shape></xml>";
  auto r = read(make_xlsx(
      {sheet_xml},
      {{"xl/worksheets/_rels/sheet1.xml.rels", sheet_rels},
       {"xl/drawings/vmlDrawing1.vml", vml},
       {"xl/ctrlProps/ctrlProp1.xml",
        "<formControlPr xmlns=\"http://schemas.microsoft.com/office/spreadsheetml/2009/9/main\" objectType=\"CheckBox\" checked=\"Checked\" fmlaLink=\"$D$2\"/>"},
       {"xl/ctrlProps/ctrlProp2.xml",
        "<formControlPr xmlns=\"http://schemas.microsoft.com/office/spreadsheetml/2009/9/main\" objectType=\"CheckBox\"/>"}}));
  BOOST_REQUIRE_MESSAGE(r.ok, test::codes(r.problems));
  const auto& boxes = r.sink.sheets.at(0).boxes;
  BOOST_REQUIRE(boxes.size() == 2u);
  BOOST_TEST(boxes[0].row == 4u);
  BOOST_TEST(boxes[0].col == 1u);
  BOOST_TEST(boxes[0].checked);
  BOOST_TEST(boxes[0].caption == "民营企业");
  BOOST_TEST(boxes[0].linked_cell == "D2");
  // The second control has no anchor of its own: the VML one is used; ctrlProp wins on state.
  BOOST_TEST(boxes[1].row == 6u);
  BOOST_TEST(boxes[1].col == 3u);
  BOOST_TEST(!boxes[1].checked);
  BOOST_TEST(boxes[1].caption == "国有企业");
}

// ---- hostile workbooks: refused with a code, quickly --------------------------------

BOOST_AUTO_TEST_CASE(refuses_cell_reference_past_the_grid) {
  for (const char* ref : {"XFE1", "A1048577", "A0", "1A", "AAAA1"}) {
    auto r = read(make_xlsx({sheet(std::string("<row><c r=\"") + ref + "\"><v>1</v></c></row>")}));
    BOOST_TEST(!r.ok, ref);
    BOOST_TEST(test::has_code(r.problems, "cell.out_of_range"), ref << ": " << test::codes(r.problems));
  }
  auto rows = read(make_xlsx({sheet("<row r=\"1048577\"><c><v>1</v></c></row>")}));
  BOOST_TEST(test::has_code(rows.problems, "cell.out_of_range"));
  std::string wide = "<row r=\"1\"><c r=\"XFD1\"><v>1</v></c><c><v>2</v></c></row>";
  BOOST_TEST(test::has_code(read(make_xlsx({sheet(wide)})).problems, "cell.out_of_range"));
}

BOOST_AUTO_TEST_CASE(refuses_shared_string_index_out_of_range) {
  auto r = read(make_xlsx({sheet("<row><c t=\"s\"><v>5</v></c></row>")},
                          {{"xl/sharedStrings.xml", sst("<si><t>a</t></si>")}}));
  BOOST_TEST(!r.ok);
  BOOST_TEST(test::has_code(r.problems, "sst.index_out_of_range"));
  BOOST_TEST(r.problems.at(0).cell == "A1");
  auto neg = read(make_xlsx({sheet("<row><c t=\"s\"><v>-1</v></c></row>")}));
  BOOST_TEST(test::has_code(neg.problems, "sst.index_out_of_range"));
}

BOOST_AUTO_TEST_CASE(refuses_more_cells_than_the_cap) {
  std::string data;
  for (int i = 1; i <= 50; ++i) data += "<row r=\"" + std::to_string(i) + "\"><c><v>1</v></c><c><v>2</v></c></row>";
  ReadLimits limits;
  limits.max_cells = 99;
  auto r = read(make_xlsx({sheet(data)}), limits);
  BOOST_TEST(!r.ok);
  BOOST_TEST(test::has_code(r.problems, "cells.too_many"));
  limits.max_cells = 100;
  BOOST_TEST(read(make_xlsx({sheet(data)}), limits).ok);
}

BOOST_AUTO_TEST_CASE(refuses_doctype_in_any_part) {
  const std::string bomb =
      "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>";
  auto in_sheet = read(make_xlsx({bomb + "<worksheet " + kNs + "><sheetData/></worksheet>"}));
  BOOST_TEST(test::has_code(in_sheet.problems, "xml.doctype"));
  auto in_sst = read(make_xlsx({sheet("")}, {{"xl/sharedStrings.xml", bomb + "<sst/>"}}));
  BOOST_TEST(test::has_code(in_sst.problems, "xml.doctype"));
  auto in_styles = read(make_xlsx({sheet("")}, {{"xl/styles.xml", bomb + "<styleSheet/>"}}));
  BOOST_TEST(test::has_code(in_styles.problems, "xml.doctype"));
  auto xxe = read(make_xlsx({"<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                             "<worksheet " + kNs + "><sheetData><row><c t=\"inlineStr\"><is><t>&x;</t></is></c></row></sheetData></worksheet>"}));
  BOOST_TEST(!xxe.ok);
  BOOST_TEST(test::has_code(xxe.problems, "xml.doctype"));
  BOOST_TEST(xxe.sink.sheets.at(0).cells.empty());
}

BOOST_AUTO_TEST_CASE(refuses_huge_text_deep_nesting_and_bad_utf8) {
  const std::string big = "<row><c t=\"inlineStr\"><is><t>" + std::string(10'000'001, 'a') + "</t></is></c></row>";
  BOOST_TEST(test::has_code(read(make_xlsx({sheet(big)})).problems, "xml.text_too_long"));
  std::string deep;
  for (int i = 0; i < 300; ++i) deep += "<x>";
  for (int i = 0; i < 300; ++i) deep += "</x>";
  BOOST_TEST(test::has_code(read(make_xlsx({sheet("", deep)})).problems, "xml.too_deep"));
  auto utf = read(make_xlsx({sheet("")}, {{"xl/sharedStrings.xml", sst("<si><t>\xFF\xFE</t></si>")}}));
  BOOST_TEST(!utf.ok);
  BOOST_TEST(test::has_code(utf.problems, "xml.encoding"), test::codes(utf.problems));
}

BOOST_AUTO_TEST_CASE(refuses_non_workbooks_by_name) {
  BOOST_TEST(test::has_code(read("").problems, "file.empty"));
  BOOST_TEST(test::has_code(read("%PDF-1.7\n%....").problems, "file.pdf"));
  BOOST_TEST(test::has_code(read("<!DOCTYPE html><html><body>x</body></html>").problems, "file.html"));
  BOOST_TEST(test::has_code(read("<html><table><tr><td>1</td></tr></table></html>").problems, "file.html"));
  BOOST_TEST(test::has_code(read(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(600, '\0')).problems,
                            "file.ole2"));
  BOOST_TEST(test::has_code(read("just some text").problems, "file.unknown_format"));
  BOOST_TEST(test::has_code(read(test::make_zip({{"readme.txt", "hello"}})).problems, "xlsx.no_workbook"));
  const std::string whole = make_xlsx({sheet("<row><c><v>1</v></c></row>")});
  auto truncated = read(whole.substr(0, whole.size() / 2));
  BOOST_TEST(!truncated.ok);
  BOOST_TEST(!truncated.problems.empty());
}

BOOST_AUTO_TEST_SUITE_END()

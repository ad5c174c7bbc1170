// Form layouts that the Python-made fixtures cannot show: Excel form-control
// check boxes anchored over a survey form's answer cells.
#include <boost/test/unit_test.hpp>

#include "importers/submission_reader.h"
#include "test_support.h"

using namespace ipsurvey;
using namespace ipsurvey::importers;

namespace {

std::string inline_cell(const std::string& ref, const std::string& text) {
  return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + text + "</t></is></c>";
}

const char* kDrawingNs = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing";

std::string control(int shape, int rel, int col, int row) {
  return "<control shapeId=\"" + std::to_string(shape) + "\" r:id=\"rId" + std::to_string(rel) +
         "\"><controlPr><anchor><from><xdr:col xmlns:xdr=\"" + kDrawingNs + "\">" + std::to_string(col) +
         "</xdr:col><xdr:row xmlns:xdr=\"" + kDrawingNs + "\">" + std::to_string(row) +
         "</xdr:row></from></anchor></controlPr></control>";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(form_layout)

BOOST_AUTO_TEST_CASE(excel_check_boxes_over_the_answer_cells_tick_options) {
  // Row 3: 企业性质 with four check boxes in B3..E3, captioned by their VML text;
  // row 4: 企业规模 with boxes whose captions are empty (the cell under them names the option).
  const std::string data =
      "<row r=\"1\">" + inline_cell("A1", "企业名称") + inline_cell("B1", "石家庄某某科技有限公司") + "</row>"
      "<row r=\"2\">" + inline_cell("A2", "信用代码") + inline_cell("B2", "91130100MA0D5X1G38") + "</row>"
      "<row r=\"3\">" + inline_cell("A3", "企业性质") + "</row>"
      "<row r=\"4\">" + inline_cell("A4", "企业规模") + inline_cell("B4", "大型") + inline_cell("C4", "中型") +
      inline_cell("D4", "小型") + "</row>"
      "<row r=\"5\">" + inline_cell("A5", "所在地址") + inline_cell("B5", "河北省石家庄市长安区") + "</row>";
  const std::string sheet =
      "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
      "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheetData>" + data +
      "</sheetData><legacyDrawing r:id=\"rId99\"/><controls>" + control(1025, 1, 1, 2) + control(1026, 2, 2, 2) +
      control(1027, 3, 3, 2) + control(1028, 4, 4, 2) + control(1029, 5, 1, 3) + control(1030, 6, 2, 3) +
      control(1031, 7, 3, 3) + "</controls></worksheet>";
  std::string rels = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                     "<Relationship Id=\"rId99\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing\" Target=\"../drawings/vml1.vml\"/>";
  std::vector<test::ZipPart> extra;
  const bool checked[] = {false, false, true, false, false, true, false};
  for (int i = 1; i <= 7; ++i) {
    rels += "<Relationship Id=\"rId" + std::to_string(i) +
            "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/ctrlProp\" Target=\"../ctrlProps/p" +
            std::to_string(i) + ".xml\"/>";
    extra.push_back({"xl/ctrlProps/p" + std::to_string(i) + ".xml",
                     std::string("<formControlPr xmlns=\"http://schemas.microsoft.com/office/spreadsheetml/2009/9/main\" "
                                 "objectType=\"CheckBox\"") + (checked[i - 1] ? " checked=\"Checked\"" : "") + "/>"});
  }
  rels += "</Relationships>";
  std::string vml = "<xml xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:x=\"urn:schemas-microsoft-com:office:excel\">";
  const char* captions[] = {"中外合资企业", "国有企业", "民营企业", "其他"};
  for (int i = 0; i < 4; ++i)
    vml += "<v:shape id=\"_x0000_s" + std::to_string(1025 + i) + "\"><v:textbox><div>" + captions[i] +
           "</div></v:textbox><x:ClientData ObjectType=\"Checkbox\"/></v:shape>";
  vml += "</xml>";
  extra.push_back({"xl/worksheets/_rels/sheet1.xml.rels", rels});
  extra.push_back({"xl/drawings/vml1.vml", vml});
  const std::string xlsx = test::make_xlsx({sheet}, extra);

  MemorySource src(xlsx);
  auto results = read_submission(src, "boxes.xlsx", {});
  BOOST_REQUIRE(results.size() == 1u);
  BOOST_REQUIRE_MESSAGE(results[0].ok, test::codes(results[0].problems));
  BOOST_REQUIRE(results[0].records.size() == 1u);
  const Record& r = results[0].records[0];
  BOOST_REQUIRE(r.get("enterprise_nature"));
  BOOST_TEST(r.get("enterprise_nature")->text == "private");
  BOOST_REQUIRE(r.get("enterprise_size"));
  BOOST_TEST(r.get("enterprise_size")->text == "medium");
  BOOST_TEST(r.city == "石家庄市");
}

BOOST_AUTO_TEST_SUITE_END()

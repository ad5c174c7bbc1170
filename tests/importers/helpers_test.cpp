#include <boost/test/unit_test.hpp>

#include "importers/cell_ref.h"
#include "importers/format_sniffer.h"
#include "importers/ooxml_names.h"
#include "importers/part_path.h"
#include "importers/symbol_fonts.h"

using namespace ipsurvey::importers;

BOOST_AUTO_TEST_SUITE(helpers)

BOOST_AUTO_TEST_CASE(cell_references) {
  uint32_t r, c;
  BOOST_TEST((parse_cell_ref("A1", r, c) && r == 0 && c == 0));
  BOOST_TEST((parse_cell_ref("$XFD$1048576", r, c) && r == 1048575 && c == 16383));
  BOOST_TEST((parse_cell_ref("ab12", r, c) && r == 11 && c == 27));
  for (const char* bad : {"", "A", "1", "XFE1", "A1048577", "A0", "A-1", "AAAA1", "A1B", "A 1", "A12345678"})
    BOOST_TEST(!parse_cell_ref(bad, r, c), bad);
  BOOST_TEST(column_letters(0) == "A");
  BOOST_TEST(column_letters(25) == "Z");
  BOOST_TEST(column_letters(26) == "AA");
  BOOST_TEST(column_letters(16383) == "XFD");
  CellRange range;
  BOOST_TEST((parse_range_ref("F3:A1", range) && range_ref(range) == "A1:F3"));
}

BOOST_AUTO_TEST_CASE(symbol_font_glyphs) {
  auto conv = [](std::string_view text, SymbolFont f) {
    std::string out;
    append_symbol_text(out, text, f);
    return out;
  };
  BOOST_TEST((symbol_font_from_name(" Wingdings 2 ") == SymbolFont::Wingdings2));
  BOOST_TEST((symbol_font_from_name("WINGDINGS") == SymbolFont::Wingdings));
  BOOST_TEST((symbol_font_from_name("宋体") == SymbolFont::None));
  BOOST_TEST(conv("R\xC2\xA3TSPO", SymbolFont::Wingdings2) == "☑□☒☒✓✗");
  BOOST_TEST(conv("\xC3\xBE\xC2\xA8\xC3\xBC\xC3\xBBno", SymbolFont::Wingdings) == "☑□✓✗■□");
  BOOST_TEST(conv("R是", SymbolFont::None) == "R是");
  BOOST_TEST(conv("\xEF\x83\xBE\xEF\x81\x92", SymbolFont::None) == "☑\xEF\x81\x92");  // U+F0FE, U+F052
  BOOST_TEST(conv("\xEF\x81\x92", SymbolFont::Wingdings2) == "☑");
  BOOST_TEST(conv("\xD6", SymbolFont::Symbol) == "\xD6");  // invalid UTF-8 byte is kept as is
}

BOOST_AUTO_TEST_CASE(part_paths) {
  BOOST_TEST(resolve_part("xl/workbook.xml", "worksheets/sheet1.xml") == "xl/worksheets/sheet1.xml");
  BOOST_TEST(resolve_part("xl/workbook.xml", "/xl/worksheets/sheet1.xml") == "xl/worksheets/sheet1.xml");
  BOOST_TEST(resolve_part("xl/worksheets/sheet1.xml", "../drawings/vml1.vml") == "xl/drawings/vml1.vml");
  BOOST_TEST(resolve_part("xl/workbook.xml", "..\\..\\..\\x.xml") == "x.xml");
  BOOST_TEST(resolve_part("", "xl/workbook.xml") == "xl/workbook.xml");
  BOOST_TEST(resolve_part("xl/workbook.xml", "./a%20b.xml") == "xl/a b.xml");
  BOOST_TEST(rels_part_for("xl/workbook.xml") == "xl/_rels/workbook.xml.rels");
  BOOST_TEST(rels_part_for("") == "_rels/.rels");
  BOOST_TEST(rel_type_is("http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet", "worksheet"));
  BOOST_TEST(!rel_type_is("http://x/chartsheet", "sheet"));
}

BOOST_AUTO_TEST_CASE(ooxml_escapes) {
  std::string out;
  ooxml::append_unescaped(out, "a_x000D__x000a_b_xZZZZ_c_x00");
  BOOST_TEST(out == "a\r\nb_xZZZZ_c_x00");
  out.clear();
  ooxml::append_unescaped(out, "_xD800_");
  BOOST_TEST(out == "\xEF\xBF\xBD");
}

BOOST_AUTO_TEST_CASE(formats_are_told_by_bytes) {
  BOOST_TEST((sniff_format_bytes("PK\x03\x04rest") == FileFormat::Zip));
  BOOST_TEST((sniff_format_bytes(std::string_view("PK\x05\x06\0\0", 6)) == FileFormat::Zip));
  BOOST_TEST((sniff_format_bytes("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1....") == FileFormat::Ole2));
  BOOST_TEST((sniff_format_bytes("%PDF-1.4") == FileFormat::Pdf));
  BOOST_TEST((sniff_format_bytes("\xEF\xBB\xBF  <?xml version=\"1.0\"?><Workbook/>") == FileFormat::Xml));
  BOOST_TEST((sniff_format_bytes("<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">") == FileFormat::Html));
  BOOST_TEST((sniff_format_bytes("<HTML><body>") == FileFormat::Html));
  BOOST_TEST((sniff_format_bytes("\x89PNG") == FileFormat::Unknown));
  BOOST_TEST((sniff_format_bytes("") == FileFormat::Empty));
}

BOOST_AUTO_TEST_SUITE_END()

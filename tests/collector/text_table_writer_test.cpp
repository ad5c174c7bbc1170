#include <boost/test/unit_test.hpp>

#include <sstream>

#include "collector/display_width.h"
#include "collector/table_output.h"

using namespace ipsurvey::collector;

namespace {

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> lines;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

BOOST_AUTO_TEST_CASE(display_width_counts_cjk_double) {
  BOOST_TEST(display_width("abc") == 3u);
  BOOST_TEST(display_width("中文") == 4u);
  BOOST_TEST(display_width("石家庄市ab") == 10u);
  BOOST_TEST(display_width("，。、（）【】《》：；") == 22u);  // full-width and CJK punctuation
  BOOST_TEST(display_width("“”") == 2u);                    // ambiguous width: narrow
  BOOST_TEST(display_width("ＡＢ１") == 6u);              // full-width forms
  BOOST_TEST(display_width("ｱｲ") == 2u);                  // half-width katakana: narrow
  BOOST_TEST(display_width("한국어") == 6u);
  BOOST_TEST(display_width("𠀀") == 2u);                  // CJK extension B
  BOOST_TEST(display_width("😀") == 2u);
  BOOST_TEST(display_width("e\xCC\x81") == 1u);           // e + combining acute
  BOOST_TEST(display_width("a\xE2\x80\x8B" "b") == 2u);   // zero-width space
  BOOST_TEST(display_width("\xEF\xBB\xBF" "x") == 1u);    // byte-order mark
  BOOST_TEST(display_width("·×") == 2u);                  // ambiguous: narrow
  BOOST_TEST(display_width("a\tb\x1b") == 2u);            // controls: nothing
  BOOST_TEST(display_width("\xff\xfe") == 2u);            // invalid bytes: one each
  BOOST_TEST(codepoint_width(U'〇') == 2);
  BOOST_TEST(codepoint_width(U'\u3000') == 2);             // ideographic space
  BOOST_TEST(codepoint_width(U'\u302A') == 0);             // ideographic tone mark
  BOOST_TEST(codepoint_width(U'\uFF61') == 1);             // half-width ideographic full stop
  BOOST_TEST(codepoint_width(U'\u4DC0') == 1);             // hexagram symbols: between the blocks
  BOOST_TEST(codepoint_width(U'\u9FFF') == 2);
  BOOST_TEST(codepoint_width(U'\U0003134A') == 2);
}

BOOST_AUTO_TEST_CASE(text_aligns_columns_with_cjk) {
  Table t;
  t.title = "需求名单";
  t.columns = {{"企业名称", ColumnKind::Text, 0}, {"city", ColumnKind::Text, 0}, {"金额", ColumnKind::Number, 0}};
  t.rows = {{Cell::of_text("中国银行"), Cell::of_text("石家庄市"), Cell::of_number(500)},
            {Cell::of_text("ab"), Cell::of_text("x"), Cell::of_number(-0.5)},
            {Cell::of_text("ＡＢＣ有限公司"), Cell{}, Cell{}}};
  std::ostringstream out;
  std::string error;
  BOOST_TEST_REQUIRE(write_table(t, TableFormat::Text, &out, "", &error), error);
  const auto lines = lines_of(out.str());
  BOOST_TEST_REQUIRE(lines.size() == 6u);
  BOOST_TEST(lines[0] == "需求名单");
  // Column 1 is 14 wide (ＡＢＣ有限公司), column 2 is 8 (石家庄市), column 3 is 4 (金额, -0.5).
  BOOST_TEST(lines[1] == "企业名称        city      金额");
  BOOST_TEST(lines[2] == std::string(14 + 2 + 8 + 2 + 4, '-'));
  BOOST_TEST(lines[3] == "中国银行        石家庄市   500");
  BOOST_TEST(lines[4] == "ab              x         -0.5");
  BOOST_TEST(lines[5] == "ＡＢＣ有限公司");
  for (size_t i = 1; i + 1 < lines.size(); ++i) BOOST_TEST(display_width(lines[i]) == 30u, lines[i]);
}

BOOST_AUTO_TEST_CASE(text_cannot_drive_the_terminal) {
  Table t;
  t.columns = {{"a", ColumnKind::Text, 0}};
  t.rows = {{Cell::of_text("x\x1b[31mred\x1b[0m\r\n\xc2\x9b" "2J\xe2\x80\xae" "evil")}};
  std::ostringstream out;
  std::string error;
  BOOST_TEST_REQUIRE(write_table(t, TableFormat::Text, &out, "", &error), error);
  const std::string s = out.str();
  BOOST_TEST(s.find('\x1b') == std::string::npos);
  BOOST_TEST(s.find('\r') == std::string::npos);
  BOOST_TEST(s.find("\xc2\x9b") == std::string::npos);
  BOOST_TEST(s.find("\xe2\x80\xae") == std::string::npos);
  BOOST_TEST(lines_of(s).size() == 3u);  // header, rule, one row
}

BOOST_AUTO_TEST_CASE(text_streams_after_the_measured_rows) {
  Table t;
  t.columns = {{"n", ColumnKind::Integer, 0}, {"名称", ColumnKind::Text, 0}};
  for (size_t i = 0; i < kMeasureRows + 500; ++i)
    t.rows.push_back({Cell::of_number(static_cast<double>(i)), Cell::of_text(i == kMeasureRows + 10 ? "很长的名称在测量之后" : "名")});
  std::ostringstream out;
  std::string error;
  BOOST_TEST_REQUIRE(write_table(t, TableFormat::Text, &out, "", &error), error);
  const auto lines = lines_of(out.str());
  BOOST_TEST_REQUIRE(lines.size() == 2 + kMeasureRows + 500);
  BOOST_TEST(lines[2] == "  0  名");
  BOOST_TEST(lines[2 + kMeasureRows + 10] == "1010  很长的名称在测量之后");  // printed whole
  BOOST_TEST(lines.back() == "1499  名");
}

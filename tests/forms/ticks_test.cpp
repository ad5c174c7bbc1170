#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "forms/ticks.h"

using namespace ipsurvey;
using V = std::vector<std::string>;

namespace {

const std::vector<OptionSpelling>& nature() {
  static const std::vector<OptionSpelling> o = {{"sino_foreign", {"中外合资企业", "中外合资"}},
                                                {"state_owned", {"国有企业", "国有"}},
                                                {"private", {"民营企业", "民营"}},
                                                {"other", {"其他", "其它"}}};
  return o;
}

const std::vector<OptionSpelling>& loan_term() {
  static const std::vector<OptionSpelling> o = {{"under_3m", {"3个月以下"}},
                                                {"3m_6m", {"3—6个月"}},
                                                {"6m_1y", {"6个月—1年"}},
                                                {"1y_2y", {"1年-2年"}}};
  return o;
}

const std::vector<OptionSpelling>& purposes() {
  static const std::vector<OptionSpelling> o = {
      {"expand", {"扩大经营规模"}},     {"working_capital", {"补充周转资金"}},
      {"repay_loans", {"归还到期贷款"}}, {"fixed_assets", {"固定资产投资"}},
      {"tech_upgrade", {"技改项目"}},    {"new_project", {"投资新项目"}},
      {"new_company", {"创办新企业"}},   {"other", {"其他（请注明）", "其他", "其它"}}};
  return o;
}

const std::vector<OptionSpelling>& yes_no() {
  static const std::vector<OptionSpelling> o = {{"yes", {"是"}}, {"no", {"否"}}};
  return o;
}

const std::vector<OptionSpelling>& cost() {
  static const std::vector<OptionSpelling> o = {
      {"benchmark", {"基准利率"}}, {"5_6", {"5%-6%"}}, {"6_7", {"6%-7%"}},   {"7_8", {"7%-8%"}},
      {"8_9", {"8%-9%"}},          {"9_10", {"9%-10%"}}, {"over_10", {"10%以上"}}};
  return o;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ticks)

BOOST_AUTO_TEST_CASE(mark_of_glyphs) {
  for (const char* g : {"■", "☑", "☒", "▣", "√", "✓", "✔", "✗", "×", "x", "X"})
    BOOST_TEST((mark_of(g) == Mark::Ticked), g);
  for (const char* g : {"□", "☐", "○", "◯"}) BOOST_TEST((mark_of(g) == Mark::Blank), g);
  for (const char* g : {"", "a", "是", "□□", "√是", "R", "£"})
    BOOST_TEST((mark_of(g) == Mark::None), g);
}

BOOST_AUTO_TEST_CASE(one_of_several_on_two_lines) {
  const auto r = read_ticks("□中外合资企业 □国有企业\n■民营企业     □其他", nature());
  BOOST_TEST(r.boxes_seen);
  BOOST_TEST(r.ticked == V{"private"});
  BOOST_TEST((r.blank == V{"sino_foreign", "state_owned", "other"}));
  BOOST_TEST(r.unknown_ticked.empty());
  BOOST_TEST(r.other_text == "");
}

BOOST_AUTO_TEST_CASE(every_tick_glyph_ticks) {
  for (const char* g : {"■", "☑", "☒", "▣", "√", "✓", "✔", "✗", "×", "x", "X", "ｘ"}) {
    const auto r = read_ticks(std::string("□国有企业 ") + g + "民营企业", nature());
    BOOST_TEST(r.ticked == V{"private"}, g);
    BOOST_TEST(r.blank == V{"state_owned"}, g);
  }
  for (const char* g : {"□", "☐", "○", "◯"}) {
    const auto r = read_ticks(std::string(g) + "民营企业", nature());
    BOOST_TEST(r.ticked.empty(), g);
    BOOST_TEST(r.blank == V{"private"}, g);
  }
}

BOOST_AUTO_TEST_CASE(loan_terms_with_varied_dashes) {
  auto r = read_ticks("☑3个月以下□6个月—1年  □ 3—6个月 \n□1年-2年", loan_term());
  BOOST_TEST(r.ticked == V{"under_3m"});
  BOOST_TEST((r.blank == V{"3m_6m", "6m_1y", "1y_2y"}));
  for (const char* t : {"□3个月以下 ☑3-6个月", "□3个月以下 ☑3~6个月", "□3个月以下 ☑3至6个月",
                        "□3个月以下 ☑3–6个月", "□3个月以下 ☑3－6个月", "□3个月以下 ☑3～6个月",
                        "□3个月以下 ☑3——6个月", "□3个月以下 ☑ 3 — 6 个月"}) {
    r = read_ticks(t, loan_term());
    BOOST_TEST(r.ticked == V{"3m_6m"}, t);
    BOOST_TEST(r.blank == V{"under_3m"}, t);
  }
  r = read_ticks("□3—6个月 ■6个月至1年 □1年~2年", loan_term());
  BOOST_TEST(r.ticked == V{"6m_1y"});
  BOOST_TEST((r.blank == V{"3m_6m", "1y_2y"}));
  r = read_ticks("□3—6个月 □6个月—1年 ☑1年—2年", loan_term());
  BOOST_TEST(r.ticked == V{"1y_2y"});
}

BOOST_AUTO_TEST_CASE(multi_choice_with_tick_beside_box) {
  const auto r = read_ticks(
      "□扩大经营规模 √□补充周转资金 ☑归还到期贷款 □其他（请注明）___购置检测设备____",
      purposes(), "other");
  BOOST_TEST((r.ticked == V{"working_capital", "repay_loans"}));
  BOOST_TEST((r.blank == V{"expand", "other"}));
  BOOST_TEST(r.other_text == "");  // other not ticked
  BOOST_TEST(r.unknown_ticked.empty());
}

BOOST_AUTO_TEST_CASE(tick_after_the_box_counts_too) {
  auto r = read_ticks("□√补充周转资金 □扩大经营规模", purposes());
  BOOST_TEST(r.ticked == V{"working_capital"});
  BOOST_TEST(r.blank == V{"expand"});
  r = read_ticks("□ √ 补充周转资金", purposes());
  BOOST_TEST(r.ticked == V{"working_capital"});
  BOOST_TEST(r.blank.empty());
}

BOOST_AUTO_TEST_CASE(other_text_after_a_ticked_other) {
  auto r = read_ticks("☑其他（请注明）：购置检测设备", purposes(), "other");
  BOOST_TEST(r.ticked == V{"other"});
  BOOST_TEST(r.other_text == "购置检测设备");
  r = read_ticks("□扩大经营规模 ☑其他（请注明）___购置检测设备____", purposes(), "other");
  BOOST_TEST(r.ticked == V{"other"});
  BOOST_TEST(r.other_text == "购置检测设备");
  r = read_ticks("☑其他(请注明):购置检测设备 □技改项目", purposes(), "other");
  BOOST_TEST(r.ticked == V{"other"});
  BOOST_TEST(r.blank == V{"tech_upgrade"});
  BOOST_TEST(r.other_text == "购置检测设备");
  r = read_ticks("☑其他（请注明）\n  ＿＿购置检测设备（进口）＿＿\n", purposes(), "other");
  BOOST_TEST(r.other_text == "购置检测设备（进口）");
  r = read_ticks("☑其他（请注明）________", purposes(), "other");
  BOOST_TEST(r.ticked == V{"other"});
  BOOST_TEST(r.other_text == "");
  r = read_ticks("☑其它：研发投入", purposes(), "other");
  BOOST_TEST(r.ticked == V{"other"});
  BOOST_TEST(r.other_text == "研发投入");
  // Only "其他" in the spellings: "（请注明）" is still no part of the answer.
  const std::vector<OptionSpelling> short_other = {{"expand", {"扩大经营规模"}},
                                                   {"other", {"其他"}}};
  r = read_ticks("□扩大经营规模 ■其他【请注明】：购置检测设备", short_other, "other");
  BOOST_TEST(r.ticked == V{"other"});
  BOOST_TEST(r.other_text == "购置检测设备");
  // Without other_code no text is captured.
  r = read_ticks("☑其他（请注明）：购置检测设备", purposes());
  BOOST_TEST(r.ticked == V{"other"});
  BOOST_TEST(r.other_text == "");
}

BOOST_AUTO_TEST_CASE(label_spelled_with_colon_or_other_brackets) {
  const std::vector<OptionSpelling> o = {{"other", {"其他（请注明）"}}};
  for (const char* t : {"☑其他(请注明):", "☑其他(请注明)：", "☑其他【请注明】", "☑其 他（请 注明）",
                        "☑其他[请注明]"}) {
    const auto r = read_ticks(t, o, "other");
    BOOST_TEST(r.ticked == V{"other"}, t);
    BOOST_TEST(r.other_text == "", t);
    BOOST_TEST(r.unknown_ticked.empty(), t);
  }
  const std::vector<OptionSpelling> with_colon = {{"other", {"其他（请注明）："}}};
  BOOST_TEST(read_ticks("☑其他（请注明）", with_colon).ticked == V{"other"});
}

BOOST_AUTO_TEST_CASE(no_boxes_at_all) {
  auto r = read_ticks("民营企业", nature());
  BOOST_TEST(!r.boxes_seen);
  BOOST_TEST(r.ticked.empty());
  BOOST_TEST(r.blank.empty());
  BOOST_TEST(r.unknown_ticked.empty());
  r = read_ticks("", nature());
  BOOST_TEST(!r.boxes_seen);
  BOOST_TEST(r.ticked.empty());
  r = read_ticks("Excel导出", nature());  // an x inside a word is no mark
  BOOST_TEST(!r.boxes_seen);
}

BOOST_AUTO_TEST_CASE(lone_tick_and_unknown_labels) {
  auto r = read_ticks("√", nature());
  BOOST_TEST(r.boxes_seen);
  BOOST_TEST(r.ticked.empty());
  BOOST_TEST(r.unknown_ticked == V{""});
  r = read_ticks("  x ", nature());
  BOOST_TEST(r.boxes_seen);
  BOOST_TEST(r.unknown_ticked == V{""});
  r = read_ticks("□国有企业 ☑军工企业", nature());
  BOOST_TEST(r.ticked.empty());
  BOOST_TEST(r.blank == V{"state_owned"});
  BOOST_TEST(r.unknown_ticked == V{"军工企业"});
  r = read_ticks("☑军工企业\n□民营企业", nature());
  BOOST_TEST(r.unknown_ticked == V{"军工企业"});
  BOOST_TEST(r.blank == V{"private"});
  r = read_ticks("□军工企业 □民营企业", nature());  // blank marks are never unknown ticks
  BOOST_TEST(r.unknown_ticked.empty());
}

BOOST_AUTO_TEST_CASE(two_ticks_in_a_single_choice_are_both_reported) {
  const auto r = read_ticks("☑国有企业 ☑民营企业 □其他", nature());
  BOOST_TEST((r.ticked == V{"state_owned", "private"}));
  BOOST_TEST(r.blank == V{"other"});
}

BOOST_AUTO_TEST_CASE(ticked_codes_follow_the_options_order) {
  const auto r = read_ticks("☑其他 ☑民营企业 ☑中外合资企业", nature());
  BOOST_TEST((r.ticked == V{"sino_foreign", "private", "other"}));
}

BOOST_AUTO_TEST_CASE(longest_spelling_wins) {
  // "中外合资" must not also be read inside "中外合资企业", nor "民营" inside "民营企业".
  auto r = read_ticks("□中外合资企业 ☑民营企业", nature());
  BOOST_TEST(r.ticked == V{"private"});
  BOOST_TEST(r.blank == V{"sino_foreign"});
  r = read_ticks("☑民营", nature());
  BOOST_TEST(r.ticked == V{"private"});
  // Cost: "10%以上" is not read inside "9%-10%".
  r = read_ticks("□基准利率 □5%-6% □6%-7% □7%-8% □8%-9% ☑9%-10% □10%以上", cost());
  BOOST_TEST(r.ticked == V{"9_10"});
  BOOST_TEST(r.blank.size() == 6u);
  r = read_ticks("□9％－10％ ■10％以上", cost());
  BOOST_TEST(r.ticked == V{"over_10"});
  BOOST_TEST(r.blank == V{"9_10"});
}

BOOST_AUTO_TEST_CASE(yes_no_boxes) {
  auto r = read_ticks("☑是 □否", yes_no());
  BOOST_TEST(r.ticked == V{"yes"});
  BOOST_TEST(r.blank == V{"no"});
  r = read_ticks("■是□否", yes_no());
  BOOST_TEST(r.ticked == V{"yes"});
  r = read_ticks("√是 否", yes_no());
  BOOST_TEST(r.ticked == V{"yes"});
  BOOST_TEST(r.blank.empty());
  r = read_ticks("是 √否", yes_no());
  BOOST_TEST(r.ticked == V{"no"});
  r = read_ticks("是√ 否", yes_no());
  BOOST_TEST(r.ticked == V{"yes"});
  r = read_ticks("是√否", yes_no());  // cannot tell: both, for the caller to report
  BOOST_TEST((r.ticked == V{"yes", "no"}));
  r = read_ticks("□是 □否", yes_no());
  BOOST_TEST(r.ticked.empty());
  BOOST_TEST((r.blank == V{"yes", "no"}));
  r = read_ticks("☑是 ☑否", yes_no());
  BOOST_TEST((r.ticked == V{"yes", "no"}));
}

BOOST_AUTO_TEST_CASE(boxes_printed_after_the_labels) {
  auto r = read_ticks("是☑ 否□", yes_no());
  BOOST_TEST(r.ticked == V{"yes"});
  BOOST_TEST(r.blank == V{"no"});
  r = read_ticks("是□  否■", yes_no());
  BOOST_TEST(r.ticked == V{"no"});
  BOOST_TEST(r.blank == V{"yes"});
  r = read_ticks("民营企业√", nature());
  BOOST_TEST(r.ticked == V{"private"});
  r = read_ticks("民营企业 □", nature());
  BOOST_TEST(r.blank == V{"private"});
  r = read_ticks("□民营企业 √", nature());  // a tick written after a printed box
  BOOST_TEST(r.ticked == V{"private"});
  BOOST_TEST(r.unknown_ticked.empty());
}

BOOST_AUTO_TEST_CASE(letter_x_only_as_a_mark_when_apart) {
  auto r = read_ticks("X民营企业 □国有企业", nature());
  BOOST_TEST(r.ticked == V{"private"});
  r = read_ticks("x □民营企业", nature());
  BOOST_TEST(r.ticked == V{"private"});
  r = read_ticks("☑其他（请注明）：X光检测设备", purposes(), "other");
  BOOST_TEST(r.ticked == V{"other"});
  BOOST_TEST(r.other_text == "X光检测设备");
  BOOST_TEST(r.unknown_ticked.empty());
  r = read_ticks("☑其他 X光检测设备", purposes(), "other");
  BOOST_TEST(r.other_text == "X光检测设备");
  BOOST_TEST(r.unknown_ticked.empty());
}

BOOST_AUTO_TEST_CASE(full_width_spaces_and_line_breaks) {
  auto r = read_ticks("□中外合资企业\u3000□国有企业\r\n☑\u3000民营企业\u3000\u3000□其他", nature());
  BOOST_TEST(r.ticked == V{"private"});
  BOOST_TEST(r.blank.size() == 3u);
  // A label broken over two lines of a wrapped cell.
  r = read_ticks("□扩大经营\n规模 ☑补充周转\n资金", purposes());
  BOOST_TEST(r.ticked == V{"working_capital"});
  BOOST_TEST(r.blank == V{"expand"});
}

BOOST_AUTO_TEST_CASE(option_words_inside_other_text_are_not_ticks) {
  const auto r =
      read_ticks("□扩大经营规模 ☑其他（请注明）：为扩大经营规模购置设备", purposes(), "other");
  BOOST_TEST(r.ticked == V{"other"});
  BOOST_TEST(r.blank == V{"expand"});
  BOOST_TEST(r.other_text == "为扩大经营规模购置设备");
}

BOOST_AUTO_TEST_CASE(odd_input_does_not_break) {
  const std::vector<OptionSpelling> empty_spellings = {{"a", {""}}, {"b", {}}};
  auto r = read_ticks("☑□√ \n", empty_spellings);
  BOOST_TEST(r.boxes_seen);
  BOOST_TEST(r.ticked.empty());
  BOOST_TEST(r.unknown_ticked == V{""});
  r = read_ticks(std::string("\xff\xfe") + "□民营企业" + "\xe4", nature());
  BOOST_TEST(r.blank == V{"private"});
  r = read_ticks("☑民营企业", {});
  BOOST_TEST(r.unknown_ticked == V{"民营企业"});
}

BOOST_AUTO_TEST_SUITE_END()

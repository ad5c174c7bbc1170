#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

#include "forms/text_normalize.h"

using ipsurvey::label_key;
using ipsurvey::to_half_width;
using ipsurvey::trim_text;

BOOST_AUTO_TEST_SUITE(text_normalize)

BOOST_AUTO_TEST_CASE(half_width_converts_full_width_ascii_and_spaces) {
  BOOST_TEST(to_half_width("ＡＢＣａｂｃ１２３") == "ABCabc123");
  BOOST_TEST(to_half_width("（万元）：，；／％～！") == "(万元):,;/%~!");
  BOOST_TEST(to_half_width("企业\u3000名称") == "企业 名称");
  BOOST_TEST(to_half_width("a\u00A0b") == "a b");
  BOOST_TEST(to_half_width("企业名称【】〔〕") == "企业名称【】〔〕");
  BOOST_TEST(to_half_width("") == "");
  // Stray bytes go through untouched.
  BOOST_TEST(to_half_width(std::string("a\xff\xe4") + "１") == std::string("a\xff\xe4") + "1");
}

BOOST_AUTO_TEST_CASE(trim_removes_every_kind_of_space_at_both_ends_only) {
  BOOST_TEST(trim_text(" \t\n 企业 名称\u3000\r\n") == "企业 名称");
  BOOST_TEST(trim_text("\u00A0\u3000万元\u00A0") == "万元");
  BOOST_TEST(trim_text("  \u3000 \n") == "");
  BOOST_TEST(trim_text("") == "");
  BOOST_TEST(trim_text("a") == "a");
  BOOST_TEST(trim_text("a \n b") == "a \n b");
}

BOOST_AUTO_TEST_CASE(label_key_ignores_spacing_and_colons) {
  BOOST_TEST(label_key("企 业 名 称：") == label_key("企业名称"));
  BOOST_TEST(label_key("企业名称") == "企业名称");
  BOOST_TEST(label_key("企业名称:") == "企业名称");
  BOOST_TEST(label_key("\u3000企业\n名称 ：：") == "企业名称");
  BOOST_TEST(label_key("上年度末\n资产金额（万元）") == "上年度末资产金额");
}

BOOST_AUTO_TEST_CASE(label_key_drops_bracketed_units) {
  BOOST_TEST(label_key("拟融资额（万元）") == label_key("拟融资额"));
  BOOST_TEST(label_key("拟融资额(万元):") == "拟融资额");
  BOOST_TEST(label_key("拟融资额：（万元）") == "拟融资额");
  BOOST_TEST(label_key("拟融资额【万元】") == "拟融资额");
  BOOST_TEST(label_key("注册资本（元）") == "注册资本");
  BOOST_TEST(label_key("企业成立年限（年）") == "企业成立年限");
  BOOST_TEST(label_key("近12个月企业作为被告的案件数量（次）") == "近12个月企业作为被告的案件数量");
  BOOST_TEST(label_key("商标（个）") == "商标");
  BOOST_TEST(label_key("专利（项）") == "专利");
  BOOST_TEST(label_key("增长率（％）") == "增长率");
  BOOST_TEST(label_key("增长率(%)") == "增长率");
  BOOST_TEST(label_key("资产（单位：万元）") == "资产");
}

BOOST_AUTO_TEST_CASE(label_key_keeps_other_brackets_unified) {
  BOOST_TEST(label_key("拟合作银行（可填写多个）") == "拟合作银行(可填写多个)");
  BOOST_TEST(label_key("其他（请注明）：") == "其他(请注明)");
  BOOST_TEST(label_key("其他【请注明】") == "其他(请注明)");
  BOOST_TEST(label_key("其他〔请注明〕") == "其他(请注明)");
  BOOST_TEST(label_key("其他[请注明]") == "其他(请注明)");
  BOOST_TEST(label_key("其他〈请注明〉") == "其他(请注明)");
  BOOST_TEST(label_key("信用代码 (统一社会信用代码)") == "信用代码(统一社会信用代码)");
  BOOST_TEST(label_key("实际控制人（年）（个）") == "实际控制人");
}

BOOST_AUTO_TEST_CASE(label_key_unifies_dashes_and_case_keeps_separators) {
  BOOST_TEST(label_key("3—6个月") == "3-6个月");
  BOOST_TEST(label_key("3–6个月") == "3-6个月");
  BOOST_TEST(label_key("3~6个月") == "3-6个月");
  BOOST_TEST(label_key("3－6个月") == "3-6个月");
  BOOST_TEST(label_key("3——6个月") == "3-6个月");
  BOOST_TEST(label_key("电话/手机") == "电话/手机");
  BOOST_TEST(label_key("电话／手机") == "电话/手机");
  BOOST_TEST(label_key("工商、税务") == "工商、税务");
  BOOST_TEST(label_key("Q1 ＥＸＣＥＬ") == "q1excel");
}

BOOST_AUTO_TEST_CASE(label_key_survives_odd_input) {
  BOOST_TEST(label_key("") == "");
  BOOST_TEST(label_key("   ") == "");
  BOOST_TEST(label_key("：") == "");
  BOOST_TEST(label_key("（万元）") == "");
  BOOST_TEST(label_key(")))(((") == ")))(((");
  std::string deep(40, '(');
  BOOST_TEST(label_key(deep + "万元" + std::string(40, ')')).size() > 0u);
  BOOST_TEST(label_key(std::string("\xff\xfe", 2)) == std::string("\xff\xfe", 2));
}

BOOST_AUTO_TEST_CASE(label_key_is_fast_enough_for_every_cell) {
  const std::string label = "近12个月企业被工商/税务/海关行政处罚次数（次）：";
  const auto start = std::chrono::steady_clock::now();
  size_t total = 0;
  for (int i = 0; i < 100000; ++i) total += label_key(label).size();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start).count();
  BOOST_TEST(total > 0u);
  BOOST_TEST(ms < 5000);  // generous: sanitizer builds are slow
}

BOOST_AUTO_TEST_SUITE_END()

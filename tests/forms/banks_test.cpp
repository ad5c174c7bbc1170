#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "forms/banks.h"

using ipsurvey::BankName;
using ipsurvey::Banks;
using ipsurvey::Findings;
using ipsurvey::Severity;

namespace {

const Banks& banks() { return Banks::instance(); }

std::string banks_of(const std::vector<BankName>& list) {
  std::string out;
  for (const auto& b : list) out += b.bank + (b.branch.empty() ? "" : "[" + b.branch + "]") + (b.known ? "" : "?") + ";";
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(bank_names)

BOOST_AUTO_TEST_CASE(every_alias_names_its_bank) {
  const std::vector<std::pair<const char*, std::vector<const char*>>> table = {
      {"国家开发银行", {"国家开发银行", "国开行"}},
      {"中国进出口银行", {"中国进出口银行", "进出口银行"}},
      {"中国农业发展银行", {"中国农业发展银行", "农发行", "农业发展银行"}},
      {"中国工商银行", {"中国工商银行", "工行", "工商银行"}},
      {"中国农业银行", {"中国农业银行", "农行", "农业银行"}},
      {"中国银行", {"中国银行", "中行"}},
      {"中国建设银行", {"中国建设银行", "建行", "建设银行"}},
      {"交通银行", {"交通银行", "交行"}},
      {"中国邮政储蓄银行", {"中国邮政储蓄银行", "邮储", "邮储银行", "邮政储蓄银行", "邮政银行"}},
      {"招商银行", {"招商银行", "招行"}},
      {"中信银行", {"中信银行"}},
      {"中国光大银行", {"中国光大银行", "光大银行"}},
      {"华夏银行", {"华夏银行"}},
      {"中国民生银行", {"中国民生银行", "民生银行"}},
      {"广发银行", {"广发银行"}},
      {"平安银行", {"平安银行"}},
      {"兴业银行", {"兴业银行"}},
      {"上海浦东发展银行", {"上海浦东发展银行", "浦发银行", "浦发"}},
      {"浙商银行", {"浙商银行"}},
      {"恒丰银行", {"恒丰银行"}},
      {"渤海银行", {"渤海银行"}},
      {"河北银行", {"河北银行"}},
      {"中原银行", {"中原银行"}},
      {"郑州银行", {"郑州银行"}},
      {"洛阳银行", {"洛阳银行"}},
      {"沧州银行", {"沧州银行"}},
      {"邢台银行", {"邢台银行"}},
      {"张家口银行", {"张家口银行"}},
      {"承德银行", {"承德银行"}},
      {"廊坊银行", {"廊坊银行"}},
      {"衡水银行", {"衡水银行"}},
      {"保定银行", {"保定银行"}},
      {"唐山银行", {"唐山银行"}},
      {"秦皇岛银行", {"秦皇岛银行"}},
      {"邯郸银行", {"邯郸银行"}},
      {"石家庄汇融农村合作银行", {"石家庄汇融农村合作银行", "汇融银行"}},
      {"河北省农村信用社", {"河北省农村信用社", "河北省农村信用社联合社", "河北农信", "河北省农信社"}},
  };
  for (const auto& [full, aliases] : table) {
    BOOST_TEST_CONTEXT(full) {
      BOOST_TEST(std::count(banks().full_names().begin(), banks().full_names().end(), full) == 1);
    }
    for (const char* alias : aliases) {
      BOOST_TEST_CONTEXT(alias) {
        BankName b = banks().normalize(alias);
        BOOST_TEST(b.bank == full);
        BOOST_TEST(b.branch.empty());
        BOOST_TEST(b.known);
        BOOST_TEST(banks().same_bank(alias, full));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(families) {
  BankName b = banks().normalize("许昌农商行");
  BOOST_TEST(b.bank == "许昌农村商业银行");
  BOOST_TEST(b.known);
  BOOST_TEST(b.branch.empty());
  BOOST_TEST(banks().normalize("许昌农商银行").bank == "许昌农村商业银行");
  b = banks().normalize("长葛农村商业银行");
  BOOST_TEST(b.bank == "长葛农村商业银行");
  BOOST_TEST(b.known);
  b = banks().normalize("长葛农村商业银行股份有限公司");
  BOOST_TEST(b.bank == "长葛农村商业银行");
  BOOST_TEST(b.branch.empty());
  b = banks().normalize("许昌农商行营业部");
  BOOST_TEST(b.bank == "许昌农村商业银行");
  BOOST_TEST(b.branch == "许昌农村商业银行营业部");
  b = banks().normalize("河北晋州农村商业银行城区支行");
  BOOST_TEST(b.bank == "河北晋州农村商业银行");
  BOOST_TEST(b.branch == "河北晋州农村商业银行城区支行");
  b = banks().normalize("新郑郑银村镇银行");
  BOOST_TEST(b.bank == "新郑郑银村镇银行");
  BOOST_TEST(b.known);
  BOOST_TEST(banks().normalize("农商行").bank == "农村商业银行");
  BOOST_TEST(banks().normalize("农商行").known);
  BOOST_TEST(banks().normalize("村镇银行").known);
  // A family word after a bank's short name: the place's rural bank.
  b = banks().normalize("兴业县农商行");
  BOOST_TEST(b.bank == "兴业县农村商业银行");
  BOOST_TEST(b.branch.empty());
  BOOST_TEST(banks().normalize("兴业").bank == "兴业银行");
  // A bank of its own, though its name ends like a family.
  BOOST_TEST(banks().normalize("石家庄汇融农村合作银行").bank == "石家庄汇融农村合作银行");
  BOOST_TEST(std::count(banks().full_names().begin(), banks().full_names().end(), "农村商业银行") == 0);
  BOOST_TEST(banks().same_bank("许昌农商行", "许昌农村商业银行"));
  BOOST_TEST(!banks().same_bank("许昌农商行", "长葛农村商业银行"));
}

BOOST_AUTO_TEST_CASE(branches) {
  BankName b = banks().normalize("中行许昌分行");
  BOOST_TEST(b.bank == "中国银行");
  BOOST_TEST(b.branch == "中国银行许昌分行");
  BOOST_TEST(b.known);
  b = banks().normalize("中国银行许昌分行");
  BOOST_TEST(b.bank == "中国银行");
  BOOST_TEST(b.branch == "中国银行许昌分行");
  b = banks().normalize("工行石家庄分行");
  BOOST_TEST(b.bank == "中国工商银行");
  BOOST_TEST(b.branch == "中国工商银行石家庄分行");
  b = banks().normalize("中国工商银行石家庄长安支行");
  BOOST_TEST(b.bank == "中国工商银行");
  BOOST_TEST(b.branch == "中国工商银行石家庄长安支行");
  b = banks().normalize("中国工商银行股份有限公司石家庄分行");  // as written
  BOOST_TEST(b.bank == "中国工商银行");
  BOOST_TEST(b.branch == "中国工商银行股份有限公司石家庄分行");
  b = banks().normalize("招商银行股份有限公司");
  BOOST_TEST(b.bank == "招商银行");
  BOOST_TEST(b.branch.empty());
  b = banks().normalize("中原银行郑州分行");
  BOOST_TEST(b.bank == "中原银行");
  BOOST_TEST(b.branch == "中原银行郑州分行");
  b = banks().normalize("邮储银行石家庄市分行");
  BOOST_TEST(b.bank == "中国邮政储蓄银行");
  BOOST_TEST(b.branch == "中国邮政储蓄银行石家庄市分行");
  // Full-width and other brackets, spaces.
  b = banks().normalize("中国银行（许昌分行）");
  BOOST_TEST(b.bank == "中国银行");
  BOOST_TEST(b.branch == "中国银行许昌分行");
  b = banks().normalize("建设银行（建行）");
  BOOST_TEST(b.bank == "中国建设银行");
  BOOST_TEST(b.branch.empty());
  b = banks().normalize(" 中国 银行 许昌 分行 ");
  BOOST_TEST(b.bank == "中国银行");
  BOOST_TEST(b.branch == "中国银行许昌分行");
  BOOST_TEST(banks().normalize("中国\xE3\x80\x80银行").bank == "中国银行");
}

BOOST_AUTO_TEST_CASE(longest_name_wins) {
  BOOST_TEST(banks().normalize("中国农业发展银行").bank == "中国农业发展银行");
  BOOST_TEST(banks().normalize("中国农业银行").bank == "中国农业银行");
  BOOST_TEST(banks().normalize("中国银行").bank == "中国银行");
  BOOST_TEST(banks().normalize("中国建设银行").bank == "中国建设银行");
  BOOST_TEST(banks().normalize("中信银行").bank == "中信银行");
  BOOST_TEST(banks().normalize("浦发银行").branch.empty());
  BOOST_TEST(banks().normalize("邮政储蓄银行").branch.empty());
}

BOOST_AUTO_TEST_CASE(unknown_names) {
  BankName b = banks().normalize("许昌银行");
  BOOST_TEST(b.bank == "许昌银行");
  BOOST_TEST(b.branch.empty());
  BOOST_TEST(!b.known);
  BOOST_TEST(banks().normalize("").bank.empty());
  BOOST_TEST(!banks().normalize("").known);
  BOOST_TEST(!banks().same_bank("", "中国银行"));
}

BOOST_AUTO_TEST_CASE(parse_list_mixed_separators) {
  Findings fs;
  auto list = banks().parse_list("中行、工行，建行;农行；交行/邮储\n招行 浦发,中信银行\r\n广发银行／兴业银行", fs);
  BOOST_TEST(banks_of(list) ==
             "中国银行;中国工商银行;中国建设银行;中国农业银行;交通银行;中国邮政储蓄银行;招商银行;"
             "上海浦东发展银行;中信银行;广发银行;兴业银行;");
  BOOST_TEST(fs.empty());
}

BOOST_AUTO_TEST_CASE(parse_list_branches_and_duplicates) {
  Findings fs;
  auto list = banks().parse_list("中国银行许昌分行、工商银行、中行、工行石家庄分行、许昌农商行", fs);
  BOOST_TEST(banks_of(list) ==
             "中国银行[中国银行许昌分行];中国工商银行[中国工商银行石家庄分行];许昌农村商业银行;");
  BOOST_TEST(fs.empty());

  list = banks().parse_list("中行、中国银行，中国银行、 中 行", fs);
  BOOST_TEST(banks_of(list) == "中国银行;");

  // Two branches of one bank are both kept.
  list = banks().parse_list("中国银行许昌分行、中国银行长葛支行、中国银行许昌分行", fs);
  BOOST_TEST(banks_of(list) == "中国银行[中国银行许昌分行];中国银行[中国银行长葛支行];");
  BOOST_TEST(fs.empty());
}

BOOST_AUTO_TEST_CASE(parse_list_spaces) {
  Findings fs;
  // Runs of spaces separate names, unless only the whole names a bank.
  auto list = banks().parse_list("中国银行   建设银行  邮政银行", fs);
  BOOST_TEST(banks_of(list) == "中国银行;中国建设银行;中国邮政储蓄银行;");
  list = banks().parse_list("中国 银行", fs);
  BOOST_TEST(banks_of(list) == "中国银行;");
  list = banks().parse_list("中国银行 许昌分行", fs);
  BOOST_TEST(banks_of(list) == "中国银行[中国银行许昌分行];");
  BOOST_TEST(fs.empty());
}

BOOST_AUTO_TEST_CASE(parse_list_unknowns) {
  Findings fs;
  auto list = banks().parse_list("中行、许昌银行、某某担保公司、许昌银行", fs);
  BOOST_TEST(banks_of(list) == "中国银行;许昌银行?;某某担保公司?;");
  BOOST_TEST_REQUIRE(fs.size() == 2u);
  for (const auto& f : fs) {
    BOOST_TEST(f.code == "bank.unknown");
    BOOST_TEST((f.severity == Severity::Warning));
  }
  BOOST_TEST(fs[0].message.find("许昌银行") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(parse_list_noise) {
  Findings fs;
  BOOST_TEST(banks().parse_list("", fs).empty());
  BOOST_TEST(banks().parse_list("  \n ", fs).empty());
  BOOST_TEST(banks().parse_list("无", fs).empty());
  BOOST_TEST(banks().parse_list("、、，", fs).empty());
  BOOST_TEST(fs.empty());
  auto list = banks().parse_list("1.中国银行 2.工商银行", fs);
  BOOST_TEST(banks_of(list) == "中国银行;中国工商银行;");
  list = banks().parse_list("1、中国银行 2、工商银行", fs);
  BOOST_TEST(banks_of(list) == "中国银行;中国工商银行;");
  list = banks().parse_list("（1）中行（2）建行 ③农行④交行", fs);
  BOOST_TEST(banks_of(list) == "中国银行;中国建设银行;中国农业银行;交通银行;");
  list = banks().parse_list("工行、农行等四大行", fs);
  BOOST_TEST(banks_of(list) == "中国工商银行;中国农业银行;");
  list = banks().parse_list("中国银行、工商银行等", fs);
  BOOST_TEST(banks_of(list) == "中国银行;中国工商银行;");
  list = banks().parse_list("邮储银行。", fs);
  BOOST_TEST(banks_of(list) == "中国邮政储蓄银行;");
  BOOST_TEST(fs.empty());
}

BOOST_AUTO_TEST_CASE(same_bank) {
  BOOST_TEST(banks().same_bank("中行许昌分行", "中国银行"));
  BOOST_TEST(banks().same_bank("中国银行", "中行"));
  BOOST_TEST(banks().same_bank("邮政银行", "中国邮政储蓄银行"));
  BOOST_TEST(banks().same_bank("浦发", "上海浦东发展银行"));
  BOOST_TEST(!banks().same_bank("工行", "中国银行"));
  BOOST_TEST(!banks().same_bank("中国农业银行", "中国农业发展银行"));
  BOOST_TEST(banks().same_bank("许昌银行", "许昌银行"));  // unknown, but the same text
  BOOST_TEST(!banks().same_bank("许昌银行", "中国银行"));
}

BOOST_AUTO_TEST_SUITE_END()

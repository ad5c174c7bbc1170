#include <boost/test/unit_test.hpp>

#include <string>

#include "forms/value_parsers.h"

using namespace ipsurvey;

namespace {

Answer T(std::string s) { return Answer::of_text(std::move(s)); }
Answer N(double d) { return Answer::of_number(d); }

bool has(const Findings& f, const std::string& code) {
  for (const auto& x : f)
    if (x.code == code) return true;
  return false;
}

// An amount that must parse cleanly (no finding) to `want` 万元.
void amount_ok(const Answer& a, double want, AmountUnit unit = AmountUnit::Wan) {
  Findings f;
  const auto v = parse_amount_wan(a, f, unit);
  BOOST_TEST_CONTEXT(a.text << " / " << a.number) {
    BOOST_TEST_REQUIRE(v.has_value());
    BOOST_TEST(*v == want);
    BOOST_TEST(f.empty());
  }
}

void amount_error(const std::string& text, const std::string& code) {
  Findings f;
  const auto v = parse_amount_wan(T(text), f);
  BOOST_TEST_CONTEXT(text) {
    BOOST_TEST(!v.has_value());
    BOOST_TEST_REQUIRE(f.size() == 1u);
    BOOST_TEST(f[0].code == code);
    BOOST_TEST((f[0].severity == Severity::Error));
  }
}

void unanswered_amount(const Answer& a) {
  Findings f;
  BOOST_TEST_CONTEXT(a.text) {
    BOOST_TEST(!parse_amount_wan(a, f).has_value());
    BOOST_TEST(f.empty());
  }
}

std::optional<int64_t> count(const Answer& a, Findings& f) { return parse_count(a, f); }

void count_ok(const Answer& a, int64_t want) {
  Findings f;
  const auto v = parse_count(a, f);
  BOOST_TEST_CONTEXT(a.text << " / " << a.number) {
    BOOST_TEST_REQUIRE(v.has_value());
    BOOST_TEST(*v == want);
    BOOST_TEST(f.empty());
  }
}

void count_error(const Answer& a, const std::string& code) {
  Findings f;
  const auto v = parse_count(a, f);
  BOOST_TEST_CONTEXT(a.text << " / " << a.number) {
    BOOST_TEST(!v.has_value());
    BOOST_TEST_REQUIRE(f.size() == 1u);
    BOOST_TEST(f[0].code == code);
  }
}

void date_ok(const Answer& a, const std::string& want) {
  Findings f;
  const auto v = parse_date(a, f);
  BOOST_TEST_CONTEXT(a.text << " / " << a.number) {
    BOOST_TEST_REQUIRE(v.has_value());
    BOOST_TEST(*v == want);
    BOOST_TEST(f.empty());
  }
}

void date_invalid(const Answer& a) {
  Findings f;
  const auto v = parse_date(a, f);
  BOOST_TEST_CONTEXT(a.text << " / " << a.number) {
    BOOST_TEST(!v.has_value());
    BOOST_TEST_REQUIRE(f.size() == 1u);
    BOOST_TEST(f[0].code == "date.invalid");
  }
}

void month_ok(const Answer& a, const std::string& want) {
  Findings f;
  const auto v = parse_month(a, f);
  BOOST_TEST_CONTEXT(a.text << " / " << a.number) {
    BOOST_TEST_REQUIRE(v.has_value());
    BOOST_TEST(*v == want);
    BOOST_TEST(f.empty());
  }
}

void phone_ok(const Answer& a, const std::string& want) {
  Findings f;
  const auto v = parse_phone(a, f);
  BOOST_TEST_CONTEXT(a.text << " / " << a.number) {
    BOOST_TEST_REQUIRE(v.has_value());
    BOOST_TEST(*v == want);
    BOOST_TEST(f.empty());
  }
}

void phone_warned(const std::string& text, const std::string& want, const std::string& code) {
  Findings f;
  const auto v = parse_phone(T(text), f);
  BOOST_TEST_CONTEXT(text) {
    BOOST_TEST_REQUIRE(v.has_value());
    BOOST_TEST(*v == want);
    BOOST_TEST_REQUIRE(f.size() == 1u);
    BOOST_TEST(f[0].code == code);
    BOOST_TEST((f[0].severity == Severity::Warning));
  }
}

void yes_no_ok(const Answer& a, bool want) {
  Findings f;
  const auto v = parse_yes_no(a, f);
  BOOST_TEST_CONTEXT(a.text << " / " << a.number) {
    BOOST_TEST_REQUIRE(v.has_value());
    BOOST_TEST(*v == want);
    BOOST_TEST(f.empty());
  }
}

void yes_no_error(const std::string& text, const std::string& code) {
  Findings f;
  const auto v = parse_yes_no(T(text), f);
  BOOST_TEST_CONTEXT(text) {
    BOOST_TEST(!v.has_value());
    BOOST_TEST_REQUIRE(f.size() == 1u);
    BOOST_TEST(f[0].code == code);
  }
}

int quarter(std::string_view text, int* year = nullptr) {
  const auto q = parse_quarter(text, year);
  return q ? *q : -1;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(value_parsers)

// ---- amounts -------------------------------------------------------------

BOOST_AUTO_TEST_CASE(amount_units_and_separators) {
  amount_ok(T("500"), 500);
  amount_ok(T("500万"), 500);
  amount_ok(T("500万元"), 500);
  amount_ok(T("500 万元"), 500);
  amount_ok(T("5,000,000元"), 500);
  amount_ok(T("5，000，000元"), 500);
  amount_ok(T("0.05亿元"), 500);
  amount_ok(T("0.05 亿"), 500);
  amount_ok(T("￥5000000"), 500);  // ￥ is the sign of 元
  amount_ok(T("￥5,000,000.00"), 500);
  amount_ok(T("￥5000000元"), 500);
  amount_ok(T("RMB 500"), 500);
  amount_ok(T("¥500万"), 500);
  amount_ok(T("５００万元"), 500);
  amount_ok(T("  500万元 \n"), 500);
  amount_ok(T("\n500\u3000"), 500);
  amount_ok(T("500.00"), 500);
  amount_ok(T("1234.5678万元"), 1234.5678);
  amount_ok(T("1亿"), 10000);
  amount_ok(T("3000元"), 0.3);
  amount_ok(T("1元"), 0.0001);
  amount_ok(T("人民币500万元"), 500);
  amount_ok(T("500万元人民币"), 500);
  amount_ok(T("500万元整"), 500);
  amount_ok(T("0"), 0);
  amount_ok(T("无"), 0);
  amount_ok(T("500w"), 500);
  amount_ok(T("5千万元"), 5000);
}

BOOST_AUTO_TEST_CASE(amount_has_no_float_noise) {
  Findings f;
  BOOST_TEST(*parse_amount_wan(T("0.05亿元"), f) == 500.0);
  BOOST_TEST(*parse_amount_wan(T("0.07亿元"), f) == 700.0);
  BOOST_TEST(*parse_amount_wan(T("1234567元"), f) == 123.4567);
  BOOST_TEST(*parse_amount_wan(T("0.1亿"), f) == 1000.0);
  BOOST_TEST(*parse_amount_wan(N(0.3), f, AmountUnit::Yi) == 3000.0);
  BOOST_TEST(f.empty());
}

BOOST_AUTO_TEST_CASE(amount_number_cells_use_the_bare_unit) {
  amount_ok(N(500), 500);
  amount_ok(N(5000000), 500, AmountUnit::Yuan);
  amount_ok(N(0.05), 500, AmountUnit::Yi);
  amount_ok(T("5000000"), 500, AmountUnit::Yuan);
  amount_ok(T("￥5000000"), 500, AmountUnit::Yi);
  amount_ok(T("500万元"), 500, AmountUnit::Yuan);  // a written unit wins
  Findings f;
  BOOST_TEST(!parse_amount_wan(N(-5), f).has_value());
  BOOST_TEST_REQUIRE(f.size() == 1u);
  BOOST_TEST(f[0].code == "amount.negative");
}

BOOST_AUTO_TEST_CASE(amount_unanswered) {
  unanswered_amount(Answer{});
  unanswered_amount(T(""));
  unanswered_amount(T("万元"));
  unanswered_amount(T("  万元"));
  unanswered_amount(T("\u3000万元\n"));
  unanswered_amount(T("（万元）"));
  unanswered_amount(T("元"));
  unanswered_amount(T("   "));
  unanswered_amount(T("/"));
  unanswered_amount(T("—"));
}

BOOST_AUTO_TEST_CASE(amount_errors) {
  amount_error("五百万", "amount.not_a_number");
  amount_error("若干", "amount.not_a_number");
  amount_error("500万美元", "amount.not_a_number");
  amount_error("500,00", "amount.not_a_number");
  amount_error("500万元/600万元", "amount.not_a_number");
  amount_error("-500", "amount.negative");
  amount_error("－500万元", "amount.negative");
  amount_error("500-1000万", "amount.range");
  amount_error("500~1000万元", "amount.range");
  amount_error("500—1000万", "amount.range");
  amount_error("500至1000万元", "amount.range");
  amount_error("500万-1000万", "amount.range");
  amount_error("1e5", "amount.not_a_number");
  Findings f;
  parse_amount_wan(Answer::of_bool(true), f);
  BOOST_TEST_REQUIRE(f.size() == 1u);
  BOOST_TEST(f[0].code == "amount.not_a_number");
}

BOOST_AUTO_TEST_CASE(amount_messages_quote_what_was_received) {
  Findings f;
  parse_amount_wan(T("五百万"), f);
  BOOST_TEST_REQUIRE(f.size() == 1u);
  BOOST_TEST(f[0].message.find("“五百万”") != std::string::npos);
  f.clear();
  std::string long_text;
  for (int i = 0; i < 50; ++i) long_text += "多";
  parse_amount_wan(T(long_text), f);
  BOOST_TEST_REQUIRE(f.size() == 1u);
  BOOST_TEST(f[0].message.find(long_text) == std::string::npos);
  BOOST_TEST(f[0].message.find("…") != std::string::npos);
  BOOST_TEST(f[0].message.size() < 200u);
}

BOOST_AUTO_TEST_CASE(amount_approximate_is_a_warning) {
  Findings f;
  const auto v = parse_amount_wan(T("约500万元"), f);
  BOOST_TEST_REQUIRE(v.has_value());
  BOOST_TEST(*v == 500.0);
  BOOST_TEST_REQUIRE(f.size() == 1u);
  BOOST_TEST(f[0].code == "amount.approximate");
  BOOST_TEST((f[0].severity == Severity::Warning));
  f.clear();
  BOOST_TEST(*parse_amount_wan(T("500万元左右"), f) == 500.0);
  BOOST_TEST(has(f, "amount.approximate"));
}

// ---- counts and numbers --------------------------------------------------

BOOST_AUTO_TEST_CASE(count_with_counters) {
  count_ok(T("3"), 3);
  count_ok(T("3次"), 3);
  count_ok(T("12项"), 12);
  count_ok(T("8年"), 8);
  count_ok(T("3 件"), 3);
  count_ok(T("3个"), 3);
  count_ok(T("３次"), 3);
  count_ok(T(" 3 \n"), 3);
  count_ok(T("1,200件"), 1200);
  count_ok(T("3.0"), 3);
  count_ok(N(3.0), 3);
  count_ok(N(0), 0);
  count_ok(T("无"), 0);
  count_ok(T("0"), 0);
  count_ok(T("0次"), 0);
  count_ok(T("没有"), 0);
}

BOOST_AUTO_TEST_CASE(count_small_chinese_numerals) {
  count_ok(T("三"), 3);
  count_ok(T("三次"), 3);
  count_ok(T("十"), 10);
  count_ok(T("十二项"), 12);
  count_ok(T("二十"), 20);
  count_ok(T("九十九"), 99);
  count_ok(T("两个"), 2);
  count_ok(T("零"), 0);
  count_error(T("三百"), "count.not_a_number");
  count_error(T("十十"), "count.not_a_number");
}

BOOST_AUTO_TEST_CASE(count_unanswered_and_errors) {
  Findings f;
  BOOST_TEST(!count(T("  次"), f).has_value());
  BOOST_TEST(!count(T("次"), f).has_value());
  BOOST_TEST(!count(T(""), f).has_value());
  BOOST_TEST(!count(Answer{}, f).has_value());
  BOOST_TEST(f.empty());
  count_error(N(3.5), "count.not_whole");
  count_error(T("3.5"), "count.not_whole");
  count_error(T("2.5次"), "count.not_whole");
  count_error(N(-1), "count.negative");
  count_error(T("-2"), "count.negative");
  count_error(T("若干"), "count.not_a_number");
  count_error(T("3-5次"), "count.not_a_number");
  count_error(T("3次以上"), "count.not_a_number");
  count_error(T("abc"), "count.not_a_number");
  count_error(Answer::of_date("2022-04-08"), "count.not_a_number");
}

BOOST_AUTO_TEST_CASE(count_approximate_is_a_warning) {
  Findings f;
  const auto v = count(T("约3次"), f);
  BOOST_TEST_REQUIRE(v.has_value());
  BOOST_TEST(*v == 3);
  BOOST_TEST(has(f, "count.approximate"));
  f.clear();
  BOOST_TEST(*count(T("10余项"), f) == 10);
  BOOST_TEST(has(f, "count.approximate"));
}

BOOST_AUTO_TEST_CASE(numbers) {
  Findings f;
  BOOST_TEST(*parse_number(T("12.5"), f) == 12.5);
  BOOST_TEST(*parse_number(T("12.5年"), f) == 12.5);
  BOOST_TEST(*parse_number(T("8年"), f) == 8.0);
  BOOST_TEST(*parse_number(T("６%"), f) == 6.0);
  BOOST_TEST(*parse_number(T("5.5％"), f) == 5.5);
  BOOST_TEST(*parse_number(T("18个月"), f) == 18.0);
  BOOST_TEST(*parse_number(T("-3.5"), f) == -3.5);
  BOOST_TEST(*parse_number(T("1,234.5"), f) == 1234.5);
  BOOST_TEST(*parse_number(T("十二年"), f) == 12.0);
  BOOST_TEST(*parse_number(N(7.25), f) == 7.25);
  BOOST_TEST(f.empty());
  BOOST_TEST(!parse_number(T("  年"), f).has_value());
  BOOST_TEST(!parse_number(T(""), f).has_value());
  BOOST_TEST(f.empty());

  BOOST_TEST(*parse_number(T("约10年"), f) == 10.0);
  BOOST_TEST_REQUIRE(f.size() == 1u);
  BOOST_TEST(f[0].code == "number.approximate");
  BOOST_TEST((f[0].severity == Severity::Warning));
  f.clear();
  BOOST_TEST(*parse_number(T("10年左右"), f) == 10.0);
  BOOST_TEST(has(f, "number.approximate"));
  f.clear();
  BOOST_TEST(*parse_number(T("10余年"), f) == 10.0);
  BOOST_TEST(has(f, "number.approximate"));
  f.clear();

  BOOST_TEST(!parse_number(T("五点五"), f).has_value());
  BOOST_TEST(has(f, "number.not_a_number"));
  f.clear();
  BOOST_TEST(!parse_number(T("很久"), f).has_value());
  BOOST_TEST(has(f, "number.not_a_number"));
  f.clear();
  BOOST_TEST(!parse_number(T("5-10年"), f).has_value());
  BOOST_TEST(has(f, "number.not_a_number"));
  f.clear();
  BOOST_TEST(!parse_number(Answer::of_bool(true), f).has_value());
  BOOST_TEST(has(f, "number.not_a_number"));
}

// ---- dates and months ----------------------------------------------------

BOOST_AUTO_TEST_CASE(dates_written_every_way) {
  date_ok(T("2022年4月8日"), "2022-04-08");
  date_ok(T("2022年04月08日"), "2022-04-08");
  date_ok(T("2022 年 4 月 8 日"), "2022-04-08");
  date_ok(T("2022年4月8号"), "2022-04-08");
  date_ok(T("2022.4.8"), "2022-04-08");
  date_ok(T("2022/4/8"), "2022-04-08");
  date_ok(T("2022-04-08"), "2022-04-08");
  date_ok(T("2022-4-8"), "2022-04-08");
  date_ok(T("20220408"), "2022-04-08");
  date_ok(T("２０２２年４月８日"), "2022-04-08");
  date_ok(T(" 2022-04-08 \n"), "2022-04-08");
  date_ok(T("2022-04-08 10:30:00"), "2022-04-08");
  date_ok(T("2024-02-29"), "2024-02-29");
  date_ok(T("2000年2月29日"), "2000-02-29");
}

BOOST_AUTO_TEST_CASE(date_cells_and_serials) {
  date_ok(Answer::of_date("2022-04-08"), "2022-04-08");
  date_ok(Answer::of_date("2022-04-08T10:00:00"), "2022-04-08");
  date_ok(N(44659), "2022-04-08");
  date_ok(N(44659.75), "2022-04-08");
  date_ok(N(1), "1900-01-01");
  date_ok(N(59), "1900-02-28");
  date_ok(N(61), "1900-03-01");
  date_ok(N(25569), "1970-01-01");
  date_ok(N(2958465), "9999-12-31");
  date_ok(N(2022.4), "2022-04");  // a "2022.4" Excel took for a number
  date_invalid(N(0));
  date_invalid(N(-3));
  date_invalid(N(60));  // Excel's 1900-02-29
  date_invalid(N(2958466));
  date_invalid(Answer::of_bool(true));
}

BOOST_AUTO_TEST_CASE(dates_month_alone) {
  date_ok(T("2022-04"), "2022-04");
  date_ok(T("2022年4月"), "2022-04");
  date_ok(T("2022.4"), "2022-04");
  date_ok(T("2022/12"), "2022-12");
}

BOOST_AUTO_TEST_CASE(dates_invalid) {
  date_invalid(T("2022-02-30"));
  date_invalid(T("2022-13-01"));
  date_invalid(T("2022年13月"));
  date_invalid(T("2022年0月1日"));
  date_invalid(T("20220230"));
  date_invalid(T("2023-02-29"));
  date_invalid(T("2022-04-00"));
  date_invalid(T("去年四月"));
  date_invalid(T("2022"));
  date_invalid(T("22.4.8"));
  date_invalid(T("2022.4-8"));
  date_invalid(T("2022年4月8日前"));
  date_invalid(T("8/4/2022"));
  Findings f;
  BOOST_TEST(!parse_date(T("   "), f).has_value());
  BOOST_TEST(!parse_date(Answer{}, f).has_value());
  BOOST_TEST(f.empty());
}

BOOST_AUTO_TEST_CASE(months) {
  month_ok(T("2022年4月"), "2022-04");
  month_ok(T("2022年4月份"), "2022-04");
  month_ok(T("2022.4"), "2022-04");
  month_ok(T("2022-04"), "2022-04");
  month_ok(T("2022/10"), "2022-10");
  month_ok(T("202204"), "2022-04");
  month_ok(T("2022年4月8日"), "2022-04");
  month_ok(T("2022-04-08"), "2022-04");
  month_ok(Answer::of_date("2022-04-08T00:00:00"), "2022-04");
  month_ok(N(44659), "2022-04");
  month_ok(N(2022.12), "2022-12");
  Findings f;
  BOOST_TEST(!parse_month(T("2022年13月"), f).has_value());
  BOOST_TEST_REQUIRE(f.size() == 1u);
  BOOST_TEST(f[0].code == "month.invalid");
  f.clear();
  BOOST_TEST(!parse_month(T("四月"), f).has_value());
  BOOST_TEST(has(f, "month.invalid"));
  f.clear();
  BOOST_TEST(!parse_month(N(2022.1), f).has_value());  // January or October?
  BOOST_TEST(has(f, "month.invalid"));
  f.clear();
  BOOST_TEST(!parse_month(T(" "), f).has_value());
  BOOST_TEST(f.empty());
}

// ---- phones --------------------------------------------------------------

BOOST_AUTO_TEST_CASE(mobiles) {
  phone_ok(T("13912345678"), "13912345678");
  phone_ok(T("139 1234 5678"), "13912345678");
  phone_ok(T("139-1234-5678"), "13912345678");
  phone_ok(T("+86 13912345678"), "13912345678");
  phone_ok(T("+8613912345678"), "13912345678");
  phone_ok(T("86-13912345678"), "13912345678");
  phone_ok(T("0086 139 1234 5678"), "13912345678");
  phone_ok(T("１３９１２３４５６７８"), "13912345678");
  phone_ok(T(" 13912345678\n"), "13912345678");
  phone_ok(T("手机：13912345678"), "13912345678");
  phone_ok(N(13912345678.0), "13912345678");
}

BOOST_AUTO_TEST_CASE(landlines) {
  phone_ok(T("0311-87654321"), "0311-87654321");
  phone_ok(T("0311 87654321"), "0311-87654321");
  phone_ok(T("(0311)87654321"), "0311-87654321");
  phone_ok(T("（0311）8765-4321"), "0311-87654321");
  phone_ok(T("031187654321"), "0311-87654321");
  phone_ok(T("0311-8765432"), "0311-8765432");
  phone_ok(T("010-62345678"), "010-62345678");
  phone_ok(T("01062345678"), "010-62345678");
  phone_ok(T("021 52345678"), "021-52345678");
  phone_ok(T("0371-67654321"), "0371-67654321");
  phone_ok(T("+86 311 87654321"), "0311-87654321");
  phone_ok(T("0311-87654321转123"), "0311-87654321-123");
  phone_ok(T("0311-87654321 转 123"), "0311-87654321-123");
  phone_ok(T("0311-87654321-123"), "0311-87654321-123");
  phone_ok(N(31187654321.0), "0311-87654321");  // a number cell lost the 0
}

BOOST_AUTO_TEST_CASE(several_phones_keep_the_first) {
  phone_warned("13912345678/0311-87654321", "13912345678", "phone.several");
  phone_warned("0311-87654321、13912345678", "0311-87654321", "phone.several");
  phone_warned("13912345678\n13812345678", "13912345678", "phone.several");
  phone_warned("13912345678，13812345678", "13912345678", "phone.several");
  phone_warned("13912345678 0311-87654321", "13912345678", "phone.several");
  phone_warned("0311 87654321 13912345678", "0311-87654321", "phone.several");
}

BOOST_AUTO_TEST_CASE(invalid_phones_are_kept_as_written) {
  phone_warned(" 87654321 ", "87654321", "phone.invalid");
  phone_warned("1391234567", "1391234567", "phone.invalid");
  phone_warned("12912345678", "12912345678", "phone.invalid");
  phone_warned("张经理", "张经理", "phone.invalid");
  phone_warned("0311-876", "0311-876", "phone.invalid");
  phone_warned("+1 650 253 0000", "+1 650 253 0000", "phone.invalid");
  Findings f;
  BOOST_TEST(!parse_phone(T(" "), f).has_value());
  BOOST_TEST(!parse_phone(Answer{}, f).has_value());
  BOOST_TEST(f.empty());
}

// ---- yes / no ------------------------------------------------------------

BOOST_AUTO_TEST_CASE(yes_no_words) {
  for (const char* y : {"是", "有", "已审计", "已", "Y", "y", "yes", "YES", "true", "TRUE", "1", "√",
                        "✓", " 是 ", "是。", "是（国家高新技术企业）", "有变动"})
    yes_no_ok(T(y), true);
  for (const char* n : {"否", "无", "未审计", "未", "没有", "N", "no", "No", "false", "0", "×", "✗",
                        "不是", "无变动", "x", "X", "非军民融合企业"})
    yes_no_ok(T(n), false);
  yes_no_ok(Answer::of_bool(true), true);
  yes_no_ok(Answer::of_bool(false), false);
  yes_no_ok(N(1), true);
  yes_no_ok(N(0), false);
}

BOOST_AUTO_TEST_CASE(yes_no_printed_boxes) {
  yes_no_ok(T("☑是 □否"), true);
  yes_no_ok(T("□是 ☑否"), false);
  yes_no_ok(T("■是□否"), true);
  yes_no_ok(T("√是 否"), true);
  yes_no_ok(T("是 √否"), false);
  yes_no_ok(T("□是 √□否"), false);
  yes_no_ok(T("是☑ 否□"), true);
  yes_no_ok(T("☐是\n☒否"), false);
  yes_no_ok(T("□有 ■无"), false);
  yes_no_ok(T("☑已审计"), true);
  yes_no_ok(T("☑"), true);
  Findings f;
  BOOST_TEST(!parse_yes_no(T("□"), f).has_value());  // the print alone
  BOOST_TEST(f.empty());
}

BOOST_AUTO_TEST_CASE(yes_no_errors) {
  yes_no_error("☑是 ☑否", "yes_no.ambiguous");
  yes_no_error("□是 □否", "yes_no.ambiguous");
  yes_no_error("■是■否", "yes_no.ambiguous");
  yes_no_error("国家高新技术企业", "yes_no.invalid");
  yes_no_error("是否", "yes_no.invalid");
  yes_no_error("不清楚", "yes_no.invalid");
  yes_no_error("2", "yes_no.invalid");
  Findings f;
  BOOST_TEST(!parse_yes_no(N(2), f).has_value());
  BOOST_TEST(has(f, "yes_no.invalid"));
  f.clear();
  BOOST_TEST(!parse_yes_no(T(""), f).has_value());
  BOOST_TEST(!parse_yes_no(T(" / "), f).has_value());
  BOOST_TEST(f.empty());
}

// ---- quarters, document numbers, lists -----------------------------------

BOOST_AUTO_TEST_CASE(quarters) {
  BOOST_TEST(quarter("第一季度") == 1);
  BOOST_TEST(quarter("第1季度") == 1);
  BOOST_TEST(quarter("一季度") == 1);
  BOOST_TEST(quarter("1季度") == 1);
  BOOST_TEST(quarter("Q1") == 1);
  BOOST_TEST(quarter("q3") == 3);
  BOOST_TEST(quarter("Ｑ４") == 4);
  BOOST_TEST(quarter("第 一 季度") == 1);
  BOOST_TEST(quarter("第 2 季度") == 2);
  BOOST_TEST(quarter("第三季") == 3);
  BOOST_TEST(quarter("第四季度") == 4);
  BOOST_TEST(quarter("第五季度") == -1);
  BOOST_TEST(quarter("第0季度") == -1);
  BOOST_TEST(quarter("Q5") == -1);
  BOOST_TEST(quarter("") == -1);
  BOOST_TEST(quarter("季度") == -1);
  BOOST_TEST(quarter("第一季度台账") == -1);
  BOOST_TEST(quarter("第一") == -1);

  int year = 0;
  BOOST_TEST(quarter("2022年第1季度", &year) == 1);
  BOOST_TEST(year == 2022);
  year = 0;
  BOOST_TEST(quarter("2023年 第 三 季度", &year) == 3);
  BOOST_TEST(year == 2023);
  year = 0;
  BOOST_TEST(quarter("2021Q4", &year) == 4);
  BOOST_TEST(year == 2021);
  year = 7;
  BOOST_TEST(quarter("第二季度", &year) == 2);
  BOOST_TEST(year == 7);  // untouched when no year is written
  BOOST_TEST(quarter("2022年第1季度") == 1);  // no year pointer is fine
}

BOOST_AUTO_TEST_CASE(document_numbers) {
  DocNumber d;
  BOOST_TEST_REQUIRE(parse_doc_number("许市监〔2023〕1号", d));
  BOOST_TEST(d.issuer == "许市监");
  BOOST_TEST(d.year == 2023);
  BOOST_TEST(d.serial == 1);
  BOOST_TEST_REQUIRE(parse_doc_number("冀市监发[2022]12号", d));
  BOOST_TEST(d.issuer == "冀市监发");
  BOOST_TEST(d.year == 2022);
  BOOST_TEST(d.serial == 12);
  BOOST_TEST_REQUIRE(parse_doc_number("豫知办【2023】3号", d));
  BOOST_TEST(d.issuer == "豫知办");
  BOOST_TEST(d.serial == 3);
  BOOST_TEST_REQUIRE(parse_doc_number("(2021)5号", d));
  BOOST_TEST(d.issuer == "");
  BOOST_TEST(d.year == 2021);
  BOOST_TEST(d.serial == 5);
  BOOST_TEST_REQUIRE(parse_doc_number(" 石市监（2022）108号 ", d));
  BOOST_TEST(d.issuer == "石市监");
  BOOST_TEST(d.serial == 108);
  BOOST_TEST_REQUIRE(parse_doc_number("郑知 ［2022］ 第 7 号", d));
  BOOST_TEST(d.issuer == "郑知");
  BOOST_TEST(d.serial == 7);
  BOOST_TEST_REQUIRE(parse_doc_number("豫市监﹝2024﹞20号", d));
  BOOST_TEST(d.year == 2024);
  BOOST_TEST_REQUIRE(parse_doc_number("许市监〔2023〕1", d));
  BOOST_TEST(d.serial == 1);

  DocNumber untouched;
  untouched.issuer = "keep";
  BOOST_TEST(!parse_doc_number("无", untouched));
  BOOST_TEST(!parse_doc_number("", untouched));
  BOOST_TEST(!parse_doc_number("许市监〔23〕1号", untouched));
  BOOST_TEST(!parse_doc_number("许市监〔2023〕号", untouched));
  BOOST_TEST(!parse_doc_number("许市监〔2023〕1号文件", untouched));
  BOOST_TEST(!parse_doc_number("许市监2023年1号", untouched));
  BOOST_TEST(untouched.issuer == "keep");
}

BOOST_AUTO_TEST_CASE(lists) {
  using V = std::vector<std::string>;
  BOOST_TEST((split_list("中国银行、工商银行，建设银行,农业银行；交通银行;邮储/招商") ==
              V{"中国银行", "工商银行", "建设银行", "农业银行", "交通银行", "邮储", "招商"}));
  BOOST_TEST((split_list(" 中国银行 \n\n 工商银行\r\n、、") == V{"中国银行", "工商银行"}));
  BOOST_TEST((split_list("中国银行许昌分行") == V{"中国银行许昌分行"}));
  BOOST_TEST((split_list("市场监管局／财政局") == V{"市场监管局", "财政局"}));
  BOOST_TEST(split_list("").empty());
  BOOST_TEST(split_list(" 、 ; \n").empty());
  BOOST_TEST((split_list("中国 银行") == V{"中国 银行"}));
}

BOOST_AUTO_TEST_SUITE_END()

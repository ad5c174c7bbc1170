// Normalisers for single answers: amounts, counts, numbers, dates, months,
// phones, yes/no, quarters, document numbers and lists. Pure functions,
// thread-safe; each returns no value for an empty answer (and no finding), a
// value when it understood the answer (findings may hold warnings), and no
// value with an error finding when it did not. Finding messages are Chinese and
// follow a label ("应为数字，收到“五百万”").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "forms/answer.h"
#include "forms/finding.h"

namespace ipsurvey {

enum class AmountUnit { Yuan, Wan, Yi };

// An amount in 万元: "500", "500万元", "500 万", "5,000,000元", "0.05亿元",
// full-width digits, "￥" prefixes; a bare number (text or a number cell) is
// taken in `bare_unit`. A cell holding only the printed unit ("万元") is
// unanswered. Codes: amount.not_a_number, amount.negative (errors),
// amount.unit_assumed (never: a bare number is normal, no finding).
// Also: "￥5000000" (a ￥/¥ sign and no unit) is in 元; a range "500-1000万" is
// amount.range (error: one figure wanted); "约500万"/"500万左右"/"500余万" give
// the figure with a warning amount.approximate; "无" is 0; a cell holding only
// "/" or "—" is unanswered. The result is rounded to 6 decimals of 万元.
std::optional<double> parse_amount_wan(const Answer& a, Findings& f,
                                       AmountUnit bare_unit = AmountUnit::Wan);

// A whole count with an optional counter: "3", "3次", "12项", "8年", "3 件",
// "  次" (unanswered). Codes: count.not_a_number, count.not_whole, count.negative.
// Small Chinese numerals (零 to 九十九: "三", "十二项") are read; "无"/"没有" is 0;
// "约3次"/"10余项" give the figure with a warning count.approximate; a range
// "3-5次" is count.not_a_number.
std::optional<int64_t> parse_count(const Answer& a, Findings& f);

// A plain number ("12.5", "12.5年", "约10年" -> warning number.approximate).
// Codes: number.not_a_number.
std::optional<double> parse_number(const Answer& a, Findings& f);

// A date as "YYYY-MM-DD": "2022年4月8日", "2022.4.8", "2022/4/8", "2022-04-08",
// "20220408", a date cell, an Excel serial number (1900 system). A month alone
// ("2022-04", "2022年4月") gives "YYYY-MM". Codes: date.invalid (error: not a
// date, or an impossible one such as 2022-02-30). Serials run from 1 to
// 2958465 (60, Excel's 1900-02-29, is invalid); a number cell between 1900 and
// 2100 is a year.month typed as "2022.4" (gives "2022-04"; x.1 is January or
// October, so invalid). Text years outside 1900–2100 are not dates.
std::optional<std::string> parse_date(const Answer& a, Findings& f);

// A month as "YYYY-MM" ("2022年4月", "2022.4", "2022-04", a date cell).
// Codes: month.invalid.
std::optional<std::string> parse_month(const Answer& a, Findings& f);

// A phone: a mobile 1[3-9]xxxxxxxxx (spaces, hyphens and +86 removed), or a
// landline with area code given as "0311-87654321" (brackets, spaces and
// hyphens accepted; extension "转123" kept). Several numbers: the first is
// parsed, a warning phone.several keeps the rest out. Anything else is kept as
// written with a warning phone.invalid.
std::optional<std::string> parse_phone(const Answer& a, Findings& f);

// Yes/no: 是/否, 有/无, 已/未 (as in 已审计/未审计), Y/N, yes/no, true/false, 1/0,
// √/×, a bool cell; printed boxes "☑是 □否" too (via read_ticks). Both or
// neither box ticked: yes_no.ambiguous (error). Anything else: yes_no.invalid
// (error).
// A lone ☑/■ is yes, a lone ×/x is no, a lone blank box □ is unanswered; a
// tick before a word of its own ("☑已审计") reads the word.
std::optional<bool> parse_yes_no(const Answer& a, Findings& f);

// Quarter words: "第一季度", "第1季度", "一季度", "1季度", "Q1", "q1", "第 一 季度",
// "2022年第1季度" (then *year is set). 1..4, or nullopt.
std::optional<int> parse_quarter(std::string_view text, int* year = nullptr);

struct DocNumber {
  std::string issuer;  // "许市监"
  int year = 0;        // 2023
  int serial = 0;      // 1
};
// "许市监〔2023〕1号" with brackets 〔〕 [] 【】 () （） ［］ ﹝﹞; false when it does
// not have that shape.
bool parse_doc_number(std::string_view text, DocNumber& out);

// Splits a list cell on 、，,；; / and line breaks; items trimmed, empty ones
// dropped, order kept.
std::vector<std::string> split_list(std::string_view text);

}  // namespace ipsurvey

// parse_count and parse_number: whole counts ("3次") and plain numbers ("12.5年").
#include <cmath>

#include "forms/parse_support.h"
#include "forms/value_parsers.h"

namespace ipsurvey {

namespace {

using detail::eat_prefix;
using detail::eat_suffix;

// Counters printed after a count, longest first where one is a prefix of another.
const std::initializer_list<std::string_view> kCounters = {
    "件次", "人次", "项次", "个月", "次", "项", "年", "件", "个", "人", "家", "笔", "名",
    "户", "份", "篇", "起", "宗", "条", "台", "套", "种", "例", "部", "张", "天", "月"};

// Units printed after a plain number.
const std::initializer_list<std::string_view> kNumberUnits = {
    "个月", "万元", "亿元", "%", "‰", "年", "月", "天", "日", "岁", "倍", "元", "万", "次",
    "项", "件", "个", "人", "家", "笔", "名", "户", "平方米", "㎡", "亩"};

const std::initializer_list<std::string_view> kNone = {"无", "没有", "暂无", "零"};

enum class Outcome { Value, Empty, NotANumber, Range };

struct Reading {
  Outcome outcome = Outcome::NotANumber;
  double value = 0;
  bool negative = false;
  bool approx = false;
  bool fraction = false;
};

// What a count or a number cell says: a figure (Arabic, or a small Chinese
// numeral such as 十二), an optional sign, "约"/"左右"/"余"/"多" marking an
// estimate, and one of `units` after it.
Reading read_figure(std::string_view text, std::initializer_list<std::string_view> units) {
  Reading r;
  const std::string c = detail::compact(text);
  std::string_view s = c;
  if (s.empty() || detail::is_placeholder(s)) {
    r.outcome = Outcome::Empty;
    return r;
  }
  for (std::string_view none : kNone) {
    if (s == none) {
      r.outcome = Outcome::Value;
      return r;
    }
  }
  for (bool again = true; again;) {
    again = false;
    if (eat_prefix(s, {"大约", "约", "近"})) again = r.approx = true;
    if (eat_prefix(s, {"-", "\u2212", "负"})) again = r.negative = true;
    if (eat_prefix(s, {"+"})) again = true;
  }
  bool fraction = false;
  int small = 0;
  if (detail::read_decimal(s, r.value, fraction)) {
    r.fraction = fraction;
  } else if (detail::read_chinese_small(s, small)) {
    r.value = small;
  } else {
    // Only a counter ("  次") is the printed form of an empty cell.
    while (eat_prefix(s, units)) {
    }
    r.outcome = s.empty() ? Outcome::Empty : Outcome::NotANumber;
    return r;
  }
  if (eat_prefix(s, {"余", "多"})) r.approx = true;
  if (detail::looks_like_range_rest(s)) {
    r.outcome = Outcome::Range;
    return r;
  }
  eat_prefix(s, units);
  if (eat_prefix(s, {"余", "多"})) r.approx = true;
  if (eat_prefix(s, {"左右"}) || eat_suffix(s, {"左右"})) r.approx = true;
  r.outcome = s.empty() ? Outcome::Value : Outcome::NotANumber;
  return r;
}

}  // namespace

std::optional<int64_t> parse_count(const Answer& a, Findings& f) {
  if (a.empty()) return std::nullopt;
  auto not_a_number = [&] {
    f.push_back(error_finding("count.not_a_number", "应为整数，收到" + detail::quoted(a)));
    return std::nullopt;
  };
  Reading r;
  if (a.kind == Answer::Kind::Number) {
    if (!std::isfinite(a.number)) return not_a_number();
    r.outcome = Outcome::Value;
    r.negative = a.number < 0;
    r.value = std::fabs(a.number);
    r.fraction = true;
  } else if (a.kind == Answer::Kind::Text) {
    r = read_figure(a.text, kCounters);
  } else {
    return not_a_number();
  }
  switch (r.outcome) {
    case Outcome::Empty: return std::nullopt;
    case Outcome::NotANumber: return not_a_number();
    case Outcome::Range:
      f.push_back(error_finding("count.not_a_number",
                                "应填一个整数，不能填范围，收到" + detail::quoted(a)));
      return std::nullopt;
    case Outcome::Value: break;
  }
  if (r.negative && r.value != 0) {
    f.push_back(error_finding("count.negative", "不能为负数，收到" + detail::quoted(a)));
    return std::nullopt;
  }
  const double whole = std::round(r.value);
  if (std::fabs(r.value - whole) > 1e-9) {
    f.push_back(error_finding("count.not_whole", "应为整数，收到" + detail::quoted(a)));
    return std::nullopt;
  }
  if (whole > 9.0e15) return not_a_number();
  const auto n = static_cast<int64_t>(whole);
  if (r.approx)
    f.push_back(warning_finding("count.approximate", "填的是约数，按" + std::to_string(n) +
                                                         "记录，收到" + detail::quoted(a)));
  return n;
}

std::optional<double> parse_number(const Answer& a, Findings& f) {
  if (a.empty()) return std::nullopt;
  auto not_a_number = [&] {
    f.push_back(error_finding("number.not_a_number", "应为数字，收到" + detail::quoted(a)));
    return std::nullopt;
  };
  if (a.kind == Answer::Kind::Number) {
    if (!std::isfinite(a.number)) return not_a_number();
    return a.number;
  }
  if (a.kind != Answer::Kind::Text) return not_a_number();
  const Reading r = read_figure(a.text, kNumberUnits);
  switch (r.outcome) {
    case Outcome::Empty: return std::nullopt;
    case Outcome::NotANumber: return not_a_number();
    case Outcome::Range:
      f.push_back(error_finding("number.not_a_number",
                                "应填一个数字，不能填范围，收到" + detail::quoted(a)));
      return std::nullopt;
    case Outcome::Value: break;
  }
  const double v = r.negative && r.value != 0 ? -r.value : r.value;
  if (r.approx)
    f.push_back(warning_finding("number.approximate", "填的是约数，按" +
                                                          detail::format_number(v) +
                                                          "记录，收到" + detail::quoted(a)));
  return v;
}

}  // namespace ipsurvey

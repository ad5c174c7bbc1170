// parse_amount_wan: an amount of money, in 万元.
#include <cmath>

#include "forms/parse_support.h"
#include "forms/value_parsers.h"

namespace ipsurvey {

namespace {

using detail::eat_prefix;
using detail::eat_suffix;

double yuan_per(AmountUnit u) {
  switch (u) {
    case AmountUnit::Yuan: return 1;
    case AmountUnit::Wan: return 1e4;
    case AmountUnit::Yi: return 1e8;
  }
  return 1e4;
}

// 6 decimals of 万元 (0.01 元): enough, and no float noise such as 500.00000000000006.
double round_wan(double v) {
  const double r = std::round(v * 1e6) / 1e6;
  return r == 0 ? 0.0 : r;  // no -0
}

struct Unit {
  std::string_view text;
  double yuan;
};
// Longest first: "万元" before "万", "千万元" before "万元".
constexpr Unit kUnits[] = {
    {"人民币万元", 1e4}, {"千万元", 1e7}, {"百万元", 1e6}, {"千元", 1e3}, {"万元", 1e4},
    {"亿元", 1e8},       {"千万", 1e7},   {"百万", 1e6},   {"万", 1e4},   {"亿", 1e8},
    {"元", 1},           {"w", 1e4},      {"W", 1e4},
};

const std::initializer_list<std::string_view> kCurrencyPrefixes = {
    "人民币", "RMB", "rmb", "CNY", "\uFFE5", "\u00A5"};

const Unit* eat_unit(std::string_view& s) {
  for (const Unit& u : kUnits) {
    if (detail::starts_with(s, u.text)) {
      s.remove_prefix(u.text.size());
      return &u;
    }
  }
  return nullptr;
}

// Only units, currency signs and the like: the printed "万元" of an empty cell.
bool only_printed_unit(std::string_view s) {
  while (!s.empty()) {
    if (eat_unit(s) || eat_prefix(s, kCurrencyPrefixes) || eat_prefix(s, {"(", ")", ":"}))
      continue;
    return false;
  }
  return true;
}

Finding not_a_number(const Answer& a) {
  return error_finding("amount.not_a_number",
                       "应为金额数字（如500万元），收到" + detail::quoted(a));
}

}  // namespace

std::optional<double> parse_amount_wan(const Answer& a, Findings& f, AmountUnit bare_unit) {
  if (a.empty()) return std::nullopt;
  if (a.kind == Answer::Kind::Number) {
    if (!std::isfinite(a.number)) {
      f.push_back(not_a_number(a));
      return std::nullopt;
    }
    if (a.number < 0) {
      f.push_back(error_finding("amount.negative", "不能为负数，收到" + detail::quoted(a)));
      return std::nullopt;
    }
    const double wan = round_wan(a.number * yuan_per(bare_unit) / 1e4);
    if (!std::isfinite(wan)) {
      f.push_back(not_a_number(a));
      return std::nullopt;
    }
    return wan;
  }
  if (a.kind != Answer::Kind::Text) {
    f.push_back(not_a_number(a));
    return std::nullopt;
  }

  const std::string c = detail::compact(a.text);
  std::string_view s = c;
  if (s.empty() || detail::is_placeholder(s)) return std::nullopt;

  bool approx = false, negative = false, yuan_sign = false;
  for (bool again = true; again;) {
    if (eat_prefix(s, {"\uFFE5", "\u00A5"})) again = yuan_sign = true;  // ￥ ¥: the sign of 元
    else again = eat_prefix(s, kCurrencyPrefixes);
    if (eat_prefix(s, {"大约", "约合", "约", "近"})) again = approx = true;
    if (eat_prefix(s, {"-", "\u2212", "负"})) again = negative = true;
    if (eat_prefix(s, {"+"})) again = true;
  }
  double v = 0;
  bool fraction = false;
  if (!detail::read_decimal(s, v, fraction)) {
    if (s == "无" || s == "没有" || s == "暂无") return 0.0;
    if (only_printed_unit(s)) return std::nullopt;
    f.push_back(not_a_number(a));
    return std::nullopt;
  }
  if (eat_prefix(s, {"余", "多"})) approx = true;
  if (detail::looks_like_range_rest(s)) {
    f.push_back(error_finding("amount.range",
                              "应填一个金额，不能填范围，收到" + detail::quoted(a)));
    return std::nullopt;
  }
  const Unit* unit = eat_unit(s);
  if (unit && eat_prefix(s, {"余", "多"})) approx = true;  // "500万余元" is rare but seen
  if (unit && (unit->text == "万" || unit->text == "千万" || unit->text == "百万"))
    eat_prefix(s, {"元"});
  if (unit && detail::looks_like_range_rest(s)) {  // "500万-1000万"
    f.push_back(error_finding("amount.range",
                              "应填一个金额，不能填范围，收到" + detail::quoted(a)));
    return std::nullopt;
  }
  while (!s.empty()) {
    if (eat_suffix(s, {"左右"}) || eat_prefix(s, {"左右"})) {
      approx = true;
      continue;
    }
    if (eat_prefix(s, {"(人民币)", "人民币", "整"})) continue;
    break;
  }
  if (!s.empty()) {
    f.push_back(not_a_number(a));
    return std::nullopt;
  }
  if (negative && v != 0) {
    f.push_back(error_finding("amount.negative", "不能为负数，收到" + detail::quoted(a)));
    return std::nullopt;
  }
  // "￥5000000" is in 元 whatever the field's bare unit; "¥500万" says its unit.
  const double yuan = unit ? unit->yuan : yuan_sign ? 1 : yuan_per(bare_unit);
  const double wan = round_wan(v * yuan / 1e4);
  if (!std::isfinite(wan)) {
    f.push_back(not_a_number(a));
    return std::nullopt;
  }
  if (approx)
    f.push_back(warning_finding("amount.approximate", "填的是约数，按" +
                                                          detail::format_number(wan) +
                                                          "万元记录，收到" + detail::quoted(a)));
  return wan;
}

}  // namespace ipsurvey

// parse_date and parse_month: "YYYY-MM-DD" and "YYYY-MM" from the ways dates are written.
#include <cmath>
#include <cstdio>

#include "forms/parse_support.h"
#include "forms/utf8_scan.h"
#include "forms/value_parsers.h"

namespace ipsurvey {

namespace {

using detail::eat_prefix;

struct YMD {
  int y = 0, m = 0, d = 0;  // d == 0: a month alone
};

enum class DateRead { Ok, Empty, NotADate, Impossible };

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Years a survey or ledger date can plausibly carry.
constexpr int kMinYear = 1900, kMaxYear = 2100;

DateRead check(const YMD& v) {
  if (v.y < kMinYear || v.y > kMaxYear) return DateRead::NotADate;
  if (v.m < 1 || v.m > 12) return DateRead::Impossible;
  if (v.d != 0 && (v.d < 1 || v.d > days_in_month(v.y, v.m))) return DateRead::Impossible;
  return DateRead::Ok;
}

// The civil date `days` after 1970-01-01 (H. Hinnant's algorithm).
YMD civil_from_days(long long z) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long y = static_cast<long long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return YMD{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

// An Excel serial date, 1900 system: 1 is 1900-01-01, 60 the 1900-02-29 that
// Excel believes in, 2958465 is 9999-12-31. A time of day is dropped.
DateRead from_serial(double serial, YMD& out) {
  if (!std::isfinite(serial) || serial < 1 || serial >= 2958466) return DateRead::NotADate;
  const auto s = static_cast<long long>(std::floor(serial));
  if (s == 60) return DateRead::Impossible;
  // 1899-12-31 is day -25568 from 1970; past the phantom leap day, one less.
  const long long days = s < 60 ? s - 25568 : s - 25569;
  out = civil_from_days(days);
  return DateRead::Ok;
}

// A number cell between 1900 and 2100 is a year (and month) typed as "2022.4",
// not a serial (which would be a day in 1905). "2022.1" cannot tell January
// from October, which Excel stored as 2022.1 too: not a month.
DateRead from_year_month_number(double v, YMD& out) {
  const double year = std::floor(v);
  const long long hundredths = std::llround((v - year) * 100);
  if (hundredths == 0 || hundredths == 10) return DateRead::NotADate;
  const int month = hundredths % 10 == 0 ? static_cast<int>(hundredths / 10)
                                         : static_cast<int>(hundredths);
  out = YMD{static_cast<int>(year), month, 0};
  return check(out);
}

DateRead from_number(double v, YMD& out) {
  if (v >= kMinYear && v < kMaxYear + 1) return from_year_month_number(v, out);
  return from_serial(v, out);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int read_int(std::string_view& s, size_t max_digits, size_t& ndigits) {
  int v = 0;
  ndigits = 0;
  while (!s.empty() && is_digit(s[0]) && ndigits < max_digits) {
    v = v * 10 + (s[0] - '0');
    s.remove_prefix(1);
    ++ndigits;
  }
  return v;
}

// A time of day after a date: "10:00", "10:00:00", "T10:00:00", "10时".
bool is_time_rest(std::string_view s) {
  if (s.empty()) return true;
  if (s[0] == 'T' || s[0] == 't') s.remove_prefix(1);
  if (s.empty() || !is_digit(s[0])) return false;
  for (char c : s) {
    const bool ok = is_digit(c) || c == ':' || c == '.' || static_cast<unsigned char>(c) >= 0x80;
    if (!ok) return false;
  }
  return true;
}

// The text forms: "2022年4月8日", "2022.4.8", "2022/4/8", "2022-04-08", "20220408",
// with a time after it; "2022年4月", "2022.4", "2022-04", "202204" for a month.
DateRead read_text(std::string_view text, YMD& out) {
  const std::string c = detail::compact(text);
  std::string_view s = c;
  if (s.empty() || detail::is_placeholder(s)) return DateRead::Empty;
  size_t n = 0;
  // All digits: 20220408 or 202204.
  if (s.size() == 8 || s.size() == 6) {
    bool all = true;
    for (char ch : s) all = all && is_digit(ch);
    if (all) {
      std::string_view t = s;
      out.y = read_int(t, 4, n);
      out.m = read_int(t, 2, n);
      out.d = s.size() == 8 ? read_int(t, 2, n) : 0;
      if (s.size() == 8 && out.d == 0) return DateRead::Impossible;
      return check(out);
    }
  }
  out.y = read_int(s, 4, n);
  if (n != 4) return DateRead::NotADate;
  enum Style { Chinese, Punct } style;
  std::string_view sep;
  if (eat_prefix(s, {"年"})) {
    style = Chinese;
  } else if (!s.empty() && (s[0] == '.' || s[0] == '/' || s[0] == '-')) {
    style = Punct;
    sep = s.substr(0, 1);
    s.remove_prefix(1);
  } else {
    return DateRead::NotADate;
  }
  out.m = read_int(s, 2, n);
  if (n == 0) return DateRead::NotADate;
  if (style == Chinese) {
    if (!eat_prefix(s, {"月份", "月"})) return DateRead::NotADate;
    if (s.empty()) {
      out.d = 0;
      return check(out);
    }
  } else {
    if (s.empty()) {
      out.d = 0;
      return check(out);
    }
    if (s.substr(0, 1) != sep) return DateRead::NotADate;
    s.remove_prefix(1);
  }
  out.d = read_int(s, 2, n);
  if (n == 0) return DateRead::NotADate;
  if (style == Chinese) eat_prefix(s, {"日", "号"});
  if (!is_time_rest(s)) return DateRead::NotADate;
  if (out.d == 0) return DateRead::Impossible;
  return check(out);
}

DateRead read_answer(const Answer& a, YMD& out) {
  switch (a.kind) {
    case Answer::Kind::Empty: return DateRead::Empty;
    case Answer::Kind::Text: return read_text(a.text, out);
    case Answer::Kind::Number: return from_number(a.number, out);
    case Answer::Kind::Bool: return DateRead::NotADate;
    case Answer::Kind::Date: {
      if (a.text.empty()) return a.number != 0 ? from_serial(a.number, out) : DateRead::Empty;
      std::string_view t = a.text;
      const size_t cut = t.find_first_of("T ");
      if (cut != std::string_view::npos) t = t.substr(0, cut);
      return read_text(t, out);
    }
  }
  return DateRead::NotADate;
}

std::string format_ymd(const YMD& v, bool with_day) {
  char buf[32];
  if (with_day)
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", v.y, v.m, v.d);
  else
    std::snprintf(buf, sizeof buf, "%04d-%02d", v.y, v.m);
  return buf;
}

}  // namespace

std::optional<std::string> parse_date(const Answer& a, Findings& f) {
  if (a.empty()) return std::nullopt;
  YMD v;
  switch (read_answer(a, v)) {
    case DateRead::Empty: return std::nullopt;
    case DateRead::Ok: return format_ymd(v, v.d != 0);
    case DateRead::Impossible:
      f.push_back(error_finding("date.invalid", "不是实际存在的日期，收到" + detail::quoted(a)));
      return std::nullopt;
    case DateRead::NotADate: break;
  }
  f.push_back(error_finding("date.invalid",
                            "应为日期（如2022-04-08或2022年4月8日），收到" + detail::quoted(a)));
  return std::nullopt;
}

std::optional<std::string> parse_month(const Answer& a, Findings& f) {
  if (a.empty()) return std::nullopt;
  YMD v;
  switch (read_answer(a, v)) {
    case DateRead::Empty: return std::nullopt;
    case DateRead::Ok: return format_ymd(v, false);
    case DateRead::Impossible:
      f.push_back(error_finding("month.invalid", "不是实际存在的年月，收到" + detail::quoted(a)));
      return std::nullopt;
    case DateRead::NotADate: break;
  }
  f.push_back(error_finding("month.invalid",
                            "应为年月（如2022-04或2022年4月），收到" + detail::quoted(a)));
  return std::nullopt;
}

}  // namespace ipsurvey

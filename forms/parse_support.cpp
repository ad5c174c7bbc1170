#include "forms/parse_support.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "forms/utf8_scan.h"

namespace ipsurvey::detail {

std::string compact(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const auto d = utf8::decode(text, i);
    const char32_t h = utf8::half_width(d.cp);
    if (!utf8::is_space(h)) {
      if (h != d.cp)
        utf8::append(out, h);
      else
        out.append(text.substr(i, d.len));
    }
    i += d.len;
  }
  return out;
}

std::string quoted(std::string_view text) {
  constexpr size_t kMaxChars = 30;
  std::string out = "\u201C";
  size_t chars = 0;
  bool pending_space = false;
  size_t i = 0;
  for (; i < text.size();) {
    const auto d = utf8::decode(text, i);
    if (utf8::is_space(d.cp)) {
      pending_space = chars > 0;
      i += d.len;
      continue;
    }
    if (chars >= kMaxChars) break;
    if (pending_space) {
      out.push_back(' ');
      ++chars;
      pending_space = false;
      if (chars >= kMaxChars) break;
    }
    out.append(text.substr(i, d.len));
    ++chars;
    i += d.len;
  }
  if (i < text.size()) out += "\u2026";
  out += "\u201D";
  return out;
}

std::string format_number(double v) {
  if (!std::isfinite(v)) return "非数字";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  std::string s = buf;
  if (s.find('.') != std::string::npos) {
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

std::string shown(const Answer& a) {
  switch (a.kind) {
    case Answer::Kind::Empty: return {};
    case Answer::Kind::Text: return a.text;
    case Answer::Kind::Date: return a.text.empty() ? format_number(a.number) : a.text;
    case Answer::Kind::Number: return format_number(a.number);
    case Answer::Kind::Bool: return a.number != 0 ? "是" : "否";
  }
  return {};
}

std::string quoted(const Answer& a) { return quoted(std::string_view(shown(a))); }

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool eat_prefix(std::string_view& s, std::initializer_list<std::string_view> options) {
  for (std::string_view p : options) {
    if (!p.empty() && starts_with(s, p)) {
      s.remove_prefix(p.size());
      return true;
    }
  }
  return false;
}

bool eat_suffix(std::string_view& s, std::initializer_list<std::string_view> options) {
  for (std::string_view p : options) {
    if (!p.empty() && ends_with(s, p)) {
      s.remove_suffix(p.size());
      return true;
    }
  }
  return false;
}

bool is_placeholder(std::string_view c) {
  return c == "/" || c == "\\" || c == "-" || c == "--" || c == "\u2014" ||
         c == "\u2014\u2014" || c == "\u2013" || c == "\u2015";
}

namespace {
bool is_digit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

bool read_decimal(std::string_view& s, double& value, bool& has_fraction) {
  std::string digits;
  size_t i = 0;
  const size_t n = s.size();
  size_t group_len = 0, first_group = 0;
  bool commas = false;
  while (i < n) {
    const char c = s[i];
    if (is_digit(c)) {
      digits.push_back(c);
      ++group_len;
      ++i;
    } else if (c == ',' && group_len > 0 && i + 1 < n && is_digit(s[i + 1])) {
      if (!commas)
        first_group = group_len;
      else if (group_len != 3)
        return false;
      commas = true;
      group_len = 0;
      ++i;
    } else {
      break;
    }
  }
  if (commas && (group_len != 3 || first_group > 3)) return false;
  has_fraction = false;
  if (i + 1 < n && s[i] == '.' && is_digit(s[i + 1])) {
    digits.push_back('.');
    ++i;
    while (i < n && is_digit(s[i])) digits.push_back(s[i++]);
    has_fraction = true;
  }
  if (digits.empty() || digits == ".") return false;
  if (digits.front() == '.') digits.insert(digits.begin(), '0');
  double v = 0;
  const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (r.ec != std::errc() || !std::isfinite(v)) return false;
  value = v;
  s.remove_prefix(i);
  return true;
}

bool read_chinese_small(std::string_view& s, int& value) {
  int digits[4];
  size_t count = 0, bytes = 0;
  while (bytes < s.size() && count < 4) {
    const auto d = utf8::decode(s, bytes);
    int v;
    switch (d.cp) {
      case U'零': case U'〇': v = 0; break;
      case U'一': v = 1; break;
      case U'二': case U'两': v = 2; break;
      case U'三': v = 3; break;
      case U'四': v = 4; break;
      case U'五': v = 5; break;
      case U'六': v = 6; break;
      case U'七': v = 7; break;
      case U'八': v = 8; break;
      case U'九': v = 9; break;
      case U'十': v = 10; break;
      default: v = -1;
    }
    if (v < 0) break;
    digits[count++] = v;
    bytes += d.len;
  }
  if (count == 0 || count == 4) return false;
  int result = -1;
  if (count == 1) {
    result = digits[0];
  } else if (count == 2) {
    if (digits[0] == 10 && digits[1] >= 1 && digits[1] <= 9)
      result = 10 + digits[1];  // 十二
    else if (digits[0] >= 2 && digits[0] <= 9 && digits[1] == 10)
      result = digits[0] * 10;  // 二十
  } else if (digits[0] >= 2 && digits[0] <= 9 && digits[1] == 10 && digits[2] >= 1 &&
             digits[2] <= 9) {
    result = digits[0] * 10 + digits[2];  // 二十三
  }
  if (result < 0) return false;
  value = result;
  s.remove_prefix(bytes);
  return true;
}

bool looks_like_range_rest(std::string_view s) {
  if (!eat_prefix(s, {"-", "~", "\u2014\u2014", "\u2014", "\u2013", "\u2015", "\u2212", "\u301C",
                      "至", "到"}))
    return false;
  eat_prefix(s, {"\uFFE5", "\u00A5"});
  return !s.empty() && is_digit(s[0]);
}

}  // namespace ipsurvey::detail

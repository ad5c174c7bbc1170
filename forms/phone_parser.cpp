// parse_phone: a mobile "13912345678" or a landline "0311-87654321[-123]".
#include <cmath>
#include <cstdio>
#include <vector>

#include "forms/parse_support.h"
#include "forms/text_normalize.h"
#include "forms/utf8_scan.h"
#include "forms/value_parsers.h"

namespace ipsurvey {

namespace {

using detail::eat_prefix;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool has_digit(std::string_view s) {
  for (char c : s)
    if (is_digit(c)) return true;
  return false;
}

// Splits on what separates two numbers in one cell: / 、 , ; | \ 或 and line breaks.
std::vector<std::string> split_numbers(std::string_view half) {
  std::vector<std::string> parts(1);
  for (size_t i = 0; i < half.size();) {
    const auto d = utf8::decode(half, i);
    const char32_t c = d.cp;
    const bool sep = c == '/' || c == U'、' || c == ',' || c == ';' || c == '|' || c == '\\' ||
                     c == '\n' || c == '\r' || c == U'或' || c == U'；' || c == U'，';
    if (sep) {
      if (!parts.back().empty()) parts.emplace_back();
    } else {
      parts.back().append(half.substr(i, d.len));
    }
    i += d.len;
  }
  std::vector<std::string> out;
  for (auto& p : parts) {
    std::string t = trim_text(p);
    if (!t.empty()) out.push_back(std::move(t));
  }
  return out;
}

struct Digits {
  std::string all;                  // every digit of the number, in order
  std::vector<std::string> groups;  // as separated by spaces, hyphens, brackets
  bool plus = false;
};

// The number part: digits with spaces, hyphens, dashes, dots and brackets between
// them, a leading "+". False on anything else.
bool read_digits(std::string_view s, Digits& out) {
  bool in_group = false;
  for (size_t i = 0; i < s.size();) {
    const auto d = utf8::decode(s, i);
    const char32_t c = d.cp;
    i += d.len;
    if (c < 0x80 && is_digit(static_cast<char>(c))) {
      if (!in_group) out.groups.emplace_back();
      in_group = true;
      out.groups.back().push_back(static_cast<char>(c));
      out.all.push_back(static_cast<char>(c));
      continue;
    }
    in_group = false;
    if (c == '+' && out.all.empty() && !out.plus) {
      out.plus = true;
      continue;
    }
    if (utf8::is_space(c) || utf8::is_dash(c) || c == '(' || c == ')' || c == '[' ||
        c == ']' || c == '.' || c == U'【' || c == U'】' || c == U'〔' || c == U'〕')
      continue;
    return false;
  }
  return !out.all.empty();
}

bool is_mobile(std::string_view d) {
  return d.size() == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9';
}

// A mobile written as its 11 digits alone, the common case.
bool is_plain_mobile(std::string_view s) {
  if (!is_mobile(s)) return false;
  for (char c : s)
    if (!is_digit(c)) return false;
  return true;
}

// "0311" + "87654321" -> "0311-87654321"; area codes 010 and 02x have three digits.
std::optional<std::string> landline(std::string_view d) {
  if (d.size() < 3 || d[0] != '0') return std::nullopt;
  const size_t area = (d[1] == '1' && d[2] == '0') || d[1] == '2' ? 3 : 4;
  if (d.size() < area) return std::nullopt;
  const std::string_view local = d.substr(area);
  if (local.size() < 7 || local.size() > 8 || local[0] == '0' || local[0] == '1')
    return std::nullopt;
  return std::string(d.substr(0, area)) + "-" + std::string(local);
}

// One number written alone.
std::optional<std::string> parse_one(std::string_view written) {
  const std::string half = trim_text(to_half_width(written));
  std::string_view s = half;
  eat_prefix(s, {"手机号码", "手机号", "手机", "电话", "座机", "TEL", "Tel", "tel"});
  eat_prefix(s, {":"});
  std::string ext;
  for (std::string_view word : {"转", "分机", "ext.", "ext", "EXT", "Ext"}) {
    const size_t at = s.find(word);
    if (at == std::string_view::npos) continue;
    for (char c : s.substr(at + word.size())) {
      if (is_digit(c))
        ext.push_back(c);
      else if (c != ' ' && c != ':' && c != '.' && c != '-')
        return std::nullopt;
    }
    if (ext.empty()) return std::nullopt;
    s = s.substr(0, at);
    break;
  }
  Digits d;
  if (!read_digits(s, d)) return std::nullopt;
  std::string all = d.all;
  // Country code: +86, 0086, 86 before a mobile or written apart ("86-311-...").
  if (d.plus) {
    if (!detail::starts_with(all, "86")) return std::nullopt;
    all.erase(0, 2);
  } else if (detail::starts_with(all, "0086")) {
    all.erase(0, 4);
  } else if (detail::starts_with(all, "86") && (is_mobile(all.substr(2)) || d.groups[0] == "86")) {
    all.erase(0, 2);
  }
  if (all.size() != d.all.size() && !all.empty() && all[0] != '0' && !is_mobile(all))
    all.insert(all.begin(), '0');  // +86 311 87654321
  if (is_mobile(all)) return all;
  if (auto l = landline(all)) return ext.empty() ? *l : *l + "-" + ext;
  // "0311-87654321-123": the last group is an extension.
  if (ext.empty() && d.groups.size() >= 2 && d.groups.back().size() <= 6 &&
      all.size() > d.groups.back().size()) {
    const std::string& last = d.groups.back();
    if (auto l = landline(std::string_view(all).substr(0, all.size() - last.size())))
      return *l + "-" + last;
  }
  return std::nullopt;
}

std::vector<std::string> split_spaces(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (size_t i = 0; i < s.size();) {
    const auto d = utf8::decode(s, i);
    if (utf8::is_space(d.cp)) {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur.append(s.substr(i, d.len));
    }
    i += d.len;
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

}  // namespace

std::optional<std::string> parse_phone(const Answer& a, Findings& f) {
  if (a.empty()) return std::nullopt;
  std::string written;
  if (a.kind == Answer::Kind::Number && std::isfinite(a.number) && a.number > 0 &&
      a.number < 1e15 && a.number == std::floor(a.number)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", a.number);
    written = buf;
  } else if (a.kind == Answer::Kind::Text) {
    written = trim_text(a.text);
  } else {
    written = detail::shown(a);
  }
  if (written.empty() || detail::is_placeholder(detail::compact(written))) return std::nullopt;
  if (is_plain_mobile(written)) return written;  // what the general reading below gives it

  if (a.kind == Answer::Kind::Number && written[0] != '1') {
    // A number cell loses the leading 0 of an area code: 31187654321.
    if (auto l = parse_one("0" + written)) return l;
  }
  const std::vector<std::string> parts = split_numbers(to_half_width(written));
  std::optional<std::string> first;
  bool several = false;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (!first) {
      first = parse_one(parts[i]);
      if (!first && parts.size() == 1) {
        // "13912345678 0311-87654321": the longest run of words that is a number.
        const auto words = split_spaces(parts[i]);
        for (size_t k = words.size(); k-- > 1;) {
          std::string head;
          for (size_t j = 0; j < k; ++j) head += (j ? " " : "") + words[j];
          if ((first = parse_one(head))) {
            for (size_t j = k; j < words.size(); ++j) several = several || has_digit(words[j]);
            break;
          }
        }
      }
      if (!first && has_digit(parts[i])) break;  // the first number is not one: keep it all
    } else if (has_digit(parts[i])) {
      several = true;
    }
  }
  if (!first) {
    f.push_back(warning_finding(
        "phone.invalid",
        "不像电话号码（手机11位，座机需带区号，如0311-87654321），已按原样保存，收到" +
            detail::quoted(written)));
    return written;
  }
  if (several)
    f.push_back(warning_finding("phone.several", "填写了多个号码，只记录第一个“" + *first +
                                                     "”，收到" + detail::quoted(written)));
  return first;
}

}  // namespace ipsurvey

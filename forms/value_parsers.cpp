// parse_yes_no, parse_quarter, parse_doc_number and split_list. The amount,
// count/number, date and phone parsers have files of their own.
#include "forms/value_parsers.h"

#include "forms/parse_support.h"
#include "forms/text_normalize.h"
#include "forms/ticks.h"
#include "forms/utf8_scan.h"

namespace ipsurvey {

namespace {

using detail::eat_prefix;

std::string ascii_lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// A yes/no written as a word. nullopt when the word is neither.
std::optional<bool> yes_no_word(std::string_view w) {
  while (detail::eat_suffix(w, {"。", ".", "!", "！"})) {
  }
  for (std::string_view y : {"是", "是的", "有", "已", "对", "y", "yes", "true", "1", "√", "✓",
                             "✔", "☑", "■", "▣"})
    if (w == y) return true;
  for (std::string_view n : {"否", "不是", "无", "没有", "未", "没", "非", "n", "no", "false", "0",
                             "×", "✗", "✘", "x"})
    if (w == n) return false;
  if (detail::starts_with(w, "是否") || detail::starts_with(w, "有无")) return std::nullopt;
  // 未审计, 没有变动, 无变动, 不是, 否（…）, 非文化企业.
  for (std::string_view n : {"不是", "否", "未", "没", "无", "非"})
    if (detail::starts_with(w, n)) return false;
  // 已审计, 是（国家高新技术企业）, 有变动.
  for (std::string_view y : {"是", "已", "有"})
    if (detail::starts_with(w, y)) return true;
  return std::nullopt;
}

bool has_box_glyph(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto d = utf8::decode(s, i);
    i += d.len;
    if (d.cp >= 0x80 && mark_of(s.substr(i - d.len, d.len)) != Mark::None) return true;
  }
  return false;
}

const std::vector<OptionSpelling>& yes_no_options() {
  static const std::vector<OptionSpelling> options = {{"yes", {"是", "有"}}, {"no", {"否", "无"}}};
  return options;
}

}  // namespace

std::optional<bool> parse_yes_no(const Answer& a, Findings& f) {
  if (a.empty()) return std::nullopt;
  auto invalid = [&] {
    f.push_back(error_finding("yes_no.invalid", "应填“是”或“否”，收到" + detail::quoted(a)));
    return std::nullopt;
  };
  switch (a.kind) {
    case Answer::Kind::Bool: return a.number != 0;
    case Answer::Kind::Number:
      if (a.number == 1) return true;
      if (a.number == 0) return false;
      return invalid();
    case Answer::Kind::Text: break;
    default: return invalid();
  }
  const std::string w = ascii_lower(detail::compact(a.text));
  if (w.empty() || detail::is_placeholder(w)) return std::nullopt;
  // A lone glyph: √ or ☑ is yes, × is no, a blank box is the unanswered print.
  if (const Mark m = mark_of(w); m != Mark::None) {
    if (m == Mark::Blank) return std::nullopt;
    if (auto v = yes_no_word(w)) return v;
    return true;
  }
  if (has_box_glyph(a.text)) {
    const TickResult r = read_ticks(a.text, yes_no_options());
    if (r.ticked.size() == 1) return r.ticked[0] == "yes";
    if (r.ticked.empty() && r.blank.empty() && r.unknown_ticked.size() == 1) {
      // "☑已审计": a tick before a yes/no word of its own.
      if (auto v = yes_no_word(ascii_lower(detail::compact(r.unknown_ticked[0])))) return v;
    }
    if (r.ticked.size() > 1)
      f.push_back(error_finding("yes_no.ambiguous",
                                "“是”和“否”都勾选了，只能选一个，收到" + detail::quoted(a)));
    else
      f.push_back(error_finding("yes_no.ambiguous",
                                "没有勾选“是”或“否”，收到" + detail::quoted(a)));
    return std::nullopt;
  }
  if (auto v = yes_no_word(w)) return v;
  return invalid();
}

std::optional<int> parse_quarter(std::string_view text, int* year) {
  const std::string c = ascii_lower(detail::compact(text));
  std::string_view s = c;
  int y = 0;
  if (s.size() >= 4 && utf8::is_ascii_digit(s[0]) && utf8::is_ascii_digit(s[1]) &&
      utf8::is_ascii_digit(s[2]) && utf8::is_ascii_digit(s[3])) {
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    s.remove_prefix(4);
    eat_prefix(s, {"年度", "年", "-", "."});
  }
  int q = 0;
  if (eat_prefix(s, {"q"})) {
    if (s.size() != 1 || s[0] < '1' || s[0] > '4') return std::nullopt;
    q = s[0] - '0';
    s.remove_prefix(1);
  } else {
    eat_prefix(s, {"第"});
    if (!s.empty() && s[0] >= '1' && s[0] <= '4') {
      q = s[0] - '0';
      s.remove_prefix(1);
    } else if (eat_prefix(s, {"一"})) {
      q = 1;
    } else if (eat_prefix(s, {"二"})) {
      q = 2;
    } else if (eat_prefix(s, {"三"})) {
      q = 3;
    } else if (eat_prefix(s, {"四"})) {
      q = 4;
    } else {
      return std::nullopt;
    }
    if (!eat_prefix(s, {"季度", "季"})) return std::nullopt;
  }
  if (!s.empty()) return std::nullopt;
  if (year && y) *year = y;
  return q;
}

bool parse_doc_number(std::string_view text, DocNumber& out) {
  const std::string h = to_half_width(text);
  std::string_view s = h;
  size_t open = std::string_view::npos, open_len = 0;
  for (std::string_view b : {"(", "[", "〔", "【", "﹝", "〖"}) {
    const size_t at = s.find(b);
    if (at < open) {
      open = at;
      open_len = b.size();
    }
  }
  if (open == std::string_view::npos) return false;
  std::string issuer = trim_text(s.substr(0, open));
  s.remove_prefix(open + open_len);
  const std::string rest = detail::compact(s);
  s = rest;
  if (s.size() < 4) return false;
  int y = 0;
  for (int i = 0; i < 4; ++i) {
    if (!utf8::is_ascii_digit(s[i])) return false;
    y = y * 10 + (s[i] - '0');
  }
  s.remove_prefix(4);
  if (!eat_prefix(s, {")", "]", "〕", "】", "﹞", "〗"})) return false;
  eat_prefix(s, {"第"});
  long serial = 0;
  size_t digits = 0;
  while (!s.empty() && utf8::is_ascii_digit(s[0]) && digits < 9) {
    serial = serial * 10 + (s[0] - '0');
    s.remove_prefix(1);
    ++digits;
  }
  if (digits == 0) return false;
  eat_prefix(s, {"号"});
  if (!s.empty()) return false;
  out.issuer = std::move(issuer);
  out.year = y;
  out.serial = static_cast<int>(serial);
  return true;
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> items;
  size_t start = 0;
  auto flush = [&](size_t end) {
    std::string item = trim_text(text.substr(start, end - start));
    if (!item.empty()) items.push_back(std::move(item));
  };
  for (size_t i = 0; i < text.size();) {
    const auto d = utf8::decode(text, i);
    const char32_t c = d.cp;
    const bool sep = c == U'、' || c == U'，' || c == ',' || c == U'；' || c == ';' || c == '/' ||
                     c == U'／' || c == '\n' || c == '\r' || c == 0x2028;
    i += d.len;
    if (sep) {
      flush(i - d.len);
      start = i;
    }
  }
  flush(text.size());
  return items;
}

}  // namespace ipsurvey

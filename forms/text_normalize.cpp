#include "forms/text_normalize.h"

#include "forms/utf8_scan.h"

namespace ipsurvey {

std::string to_half_width(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const auto d = utf8::decode(text, i);
    const char32_t h = utf8::half_width(d.cp);
    if (h != d.cp)
      utf8::append(out, h);
    else
      out.append(text.substr(i, d.len));  // unchanged, stray bytes included
    i += d.len;
  }
  return out;
}

namespace {

// Where the text's first non-space character starts (text.size() when none).
size_t first_solid(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const auto d = utf8::decode(text, i);
    if (!utf8::is_space(d.cp)) return i;
    i += d.len;
  }
  return text.size();
}

// Where the text's last non-space character ends, scanning from `begin` (the
// first one). The last character is checked first: usually it is not a space.
size_t solid_end(std::string_view text, size_t begin) {
  size_t lead = text.size() - 1;
  while (lead > begin && text.size() - lead < 4 && (static_cast<unsigned char>(text[lead]) & 0xC0) == 0x80)
    --lead;
  // A lead byte is never inside an earlier sequence: decoding from it agrees
  // with decoding the whole text.
  if ((static_cast<unsigned char>(text[lead]) & 0xC0) != 0x80) {
    const auto d = utf8::decode(text, lead);
    if (lead + d.len == text.size() && !utf8::is_space(d.cp)) return text.size();
  }
  size_t end = begin;
  for (size_t i = begin; i < text.size();) {
    const auto d = utf8::decode(text, i);
    if (!utf8::is_space(d.cp)) end = i + d.len;
    i += d.len;
  }
  return end;
}

}  // namespace

std::string_view trim_view(std::string_view text) {
  const size_t begin = first_solid(text);
  if (begin == text.size()) return {};
  return text.substr(begin, solid_end(text, begin) - begin);
}

bool is_blank(std::string_view text) { return first_solid(text) == text.size(); }

std::string trim_text(std::string_view text) { return std::string(trim_view(text)); }

namespace {

// Units and counters printed in brackets after a label ("拟融资额（万元）"):
// the key drops them. Compared after half-width conversion, so "（％）" is "%".
constexpr std::string_view kBracketedUnits[] = {
    "万元", "元", "亿元", "亿", "万", "千元", "百万元", "年", "月", "个月", "天", "日", "次",
    "个", "项", "件", "件次", "人次", "项次", "人", "家", "笔", "名", "户", "份", "篇",
    "岁", "%", "‰", "亩", "平方米", "㎡", "m2", "万元/年", "元/年", "人民币万元",
};

bool is_bracketed_unit(std::string_view s) {
  for (std::string_view p : {std::string_view("单位:"), std::string_view("单位")}) {
    if (s.size() > p.size() && s.substr(0, p.size()) == p) {
      s.remove_prefix(p.size());
      break;
    }
  }
  for (std::string_view u : kBracketedUnits)
    if (s == u) return true;
  return false;
}

bool is_open_bracket(char32_t c) {
  // After half_width(): ( [ and the CJK brackets 【 〔 〈 ﹝ 〖.
  return c == '(' || c == '[' || c == 0x3010 || c == 0x3014 || c == 0x3008 || c == 0xFE5D ||
         c == 0x3016;
}

bool is_close_bracket(char32_t c) {
  return c == ')' || c == ']' || c == 0x3011 || c == 0x3015 || c == 0x3009 || c == 0xFE5E ||
         c == 0x3017;
}

}  // namespace

std::string label_key(std::string_view label) {
  std::string out;
  out.reserve(label.size());
  constexpr int kMaxDepth = 8;
  size_t opens[kMaxDepth];
  int depth = 0;
  for (size_t i = 0; i < label.size();) {
    const auto d = utf8::decode(label, i);
    const char32_t c = utf8::half_width(d.cp);
    if (d.cp == 0xFFFD && d.len == 1) {  // a stray byte: keep it, it still tells labels apart
      out.push_back(label[i]);
      i += 1;
      continue;
    }
    i += d.len;
    if (utf8::is_space(c)) continue;
    if (is_open_bracket(c)) {
      if (depth < kMaxDepth) opens[depth] = out.size();
      ++depth;
      out.push_back('(');
      continue;
    }
    if (is_close_bracket(c)) {
      if (depth > 0) {
        --depth;
        if (depth < kMaxDepth) {
          const size_t open = opens[depth];
          if (is_bracketed_unit(std::string_view(out).substr(open + 1))) {
            out.resize(open);
            continue;
          }
        }
      }
      out.push_back(')');
      continue;
    }
    if (utf8::is_dash(c)) {
      if (out.empty() || out.back() != '-') out.push_back('-');
      continue;
    }
    if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
      continue;
    }
    if (c == d.cp)
      out.append(label.substr(i - d.len, d.len));
    else
      utf8::append(out, c);
  }
  while (!out.empty() && out.back() == ':') out.pop_back();
  return out;
}

}  // namespace ipsurvey

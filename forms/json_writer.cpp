#include "forms/json_writer.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace ipsurvey {

namespace {

void append_integer(std::string& out, int64_t i) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, i);
  out.append(buf, static_cast<size_t>(r.ptr - buf));
}

// Length of the valid UTF-8 sequence starting at s[i], or 0 when invalid.
size_t utf8_sequence_length(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  size_t n;
  uint32_t min;
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) { n = 2; min = 0x80; }
  else if ((c & 0xF0) == 0xE0) { n = 3; min = 0x800; }
  else if ((c & 0xF8) == 0xF0) { n = 4; min = 0x10000; }
  else return 0;
  if (i + n > s.size()) return 0;
  uint32_t cp = c & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    const auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

// Whether the 8 bytes at p are all printable ASCII other than " and \ (none needs escaping).
bool plain_ascii8(const char* p) {
  uint64_t x;
  std::memcpy(&x, p, sizeof x);
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
  // Per byte, the high bit of (b - n) & ~b is set for some byte exactly when some byte is below n.
  const auto any_below = [&](uint64_t v, uint64_t n) { return (v - kOnes * n) & ~v & kHighs; };
  const uint64_t special = (x & kHighs) | any_below(x, 0x20) | any_below(x ^ (kOnes * '"'), 1) |
                           any_below(x ^ (kOnes * '\\'), 1);
  return special == 0;
}

// Whether a 3-byte sequence at s[i] is valid without looking further: the lead
// byte E1–EC or EE–EF (E0 and ED restrict the second byte) and two continuation
// bytes. Most Chinese text is made of these.
bool common_3byte(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  return i + 2 < s.size() && b(i) >= 0xE1 && b(i) <= 0xEF && b(i) != 0xED && (b(i + 1) & 0xC0) == 0x80 &&
         (b(i + 2) & 0xC0) == 0x80;
}

// How many bytes from `i` on are written as they are: printable ASCII but " and
// \, and valid UTF-8 sequences.
size_t plain_run(std::string_view s, size_t i) {
  const size_t start = i;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      if (common_3byte(s, i)) {
        i += 3;
      } else if (const size_t n = utf8_sequence_length(s, i)) {
        i += n;
      } else {
        break;
      }
    } else if (i + 8 <= s.size() && plain_ascii8(s.data() + i)) {
      i += 8;
    } else if (s.size() >= 8 && s.size() - i < 8 && plain_ascii8(s.data() + s.size() - 8)) {
      i = s.size();  // the last 8 bytes (some already looked at) are plain ASCII
    } else if (c >= 0x20 && c != '"' && c != '\\') {
      ++i;
    } else {
      break;
    }
  }
  return i - start;
}

// A character written escaped: a quote, a backslash or a control character.
void append_escape(std::string& out, unsigned char c) {
  switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    case '\b': out += "\\b"; break;
    case '\f': out += "\\f"; break;
    default: {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    }
  }
}

}  // namespace

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_.push_back(',');
    first_.back() = false;
  }
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  out_.push_back('{');
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  out_.push_back('}');
  if (!first_.empty()) first_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  before_value();
  out_.push_back('[');
  first_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  out_.push_back(']');
  if (!first_.empty()) first_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view k) {
  before_value();
  append_escaped(out_, k);
  out_.push_back(':');
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view s) {
  before_value();
  append_escaped(out_, s);
  return *this;
}

JsonWriter& JsonWriter::value(double d) {
  before_value();
  append_number(out_, d);
  return *this;
}

JsonWriter& JsonWriter::value(int64_t i) {
  before_value();
  append_integer(out_, i);
  return *this;
}

JsonWriter& JsonWriter::value(bool b) {
  before_value();
  out_ += b ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  before_value();
  out_.append(json);
  return *this;
}

std::string& JsonWriter::raw_value() {
  before_value();
  return out_;
}

void JsonWriter::append_number(std::string& out, double d) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  if (std::fabs(d) < 9.007199254740992e15 && static_cast<double>(static_cast<int64_t>(d)) == d) {
    // A whole number below 2^53 is exactly an int64 (and -0 is written 0).
    append_integer(out, static_cast<int64_t>(d));
    return;
  }
  // The shortest text that reads back as the same double.
  char buf[40];
  const auto r = std::to_chars(buf, buf + sizeof buf, d);
  out.append(buf, static_cast<size_t>(r.ptr - buf));
}

void JsonWriter::append_escaped(std::string& out, std::string_view s) {
  out.push_back('"');
  for (size_t i = 0; i < s.size();) {
    const size_t n = plain_run(s, i);
    out.append(s.data() + i, n);
    i += n;
    if (i == s.size()) break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80)
      out += "\xEF\xBF\xBD";  // not valid UTF-8
    else
      append_escape(out, c);
    ++i;
  }
  out.push_back('"');
}

}  // namespace ipsurvey

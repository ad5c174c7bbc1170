// Stepping through UTF-8 one code point at a time, and writing code points
// back. Shared by forms/ and importers/; header-only, no allocation except
// append().
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ipsurvey::utf8 {

struct Decoded {
  char32_t cp;  // U+FFFD for a byte that does not start a valid sequence
  size_t len;   // bytes consumed, at least 1
};

// The code point at byte `i` of `s` (i < s.size()). Malformed, overlong or
// truncated sequences and surrogates give U+FFFD with len 1, so a caller can
// copy the original byte through.
inline Decoded decode(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return {b0, 1};
  size_t n;
  char32_t cp;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    cp = b0 & 0x0F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    cp = b0 & 0x07;
  } else {
    return {0xFFFD, 1};
  }
  if (i + n > s.size()) return {0xFFFD, 1};
  for (size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return {0xFFFD, 1};
    cp = (cp << 6) | (b & 0x3F);
  }
  if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    return {0xFFFD, 1};
  return {cp, n};
}

inline void append(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Spaces, tabs and line breaks as people type them into cells: ASCII
// whitespace, the ideographic space, NBSP, the other Unicode spaces, zero-width
// spaces and a stray byte-order mark.
inline bool is_space(char32_t c) {
  switch (c) {
    case ' ': case '\t': case '\n': case '\r': case '\v': case '\f':
    case 0x00A0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F:
    case 0x3000: case 0xFEFF:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200B;
  }
}

// Full-width ASCII to half-width; U+3000 and NBSP to a space; else unchanged.
inline char32_t half_width(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFEE0;
  if (c == 0x3000 || c == 0x00A0) return ' ';
  return c;
}

// Dashes people put between two figures or in "3—6个月": — – ― − ‐ ‑ ‒ ~ 〜 ～ －.
inline bool is_dash(char32_t c) {
  switch (c) {
    case '-': case '~': case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
    case 0x2015: case 0x2212: case 0x301C: case 0xFF0D: case 0xFF5E: case 0xFE63:
      return true;
    default:
      return false;
  }
}

inline bool is_ascii_digit(char32_t c) { return c >= '0' && c <= '9'; }

}  // namespace ipsurvey::utf8

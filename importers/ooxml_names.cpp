#include "importers/ooxml_names.h"

#include <cstdint>

#include "forms/utf8_scan.h"

namespace ipsurvey::importers::ooxml {

void append_utf8(std::string& out, uint32_t cp) {
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
  utf8::append(out, static_cast<char32_t>(cp));
}

void append_unescaped(std::string& out, std::string_view text) {
  size_t i = 0;
  while (true) {
    const size_t p = text.find("_x", i);
    if (p == std::string_view::npos || p + 7 > text.size()) break;
    uint32_t cp = 0;
    bool ok = text[p + 6] == '_';
    for (size_t k = p + 2; ok && k < p + 6; ++k) {
      const char c = text[k];
      cp <<= 4;
      if (c >= '0' && c <= '9') cp |= static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') cp |= static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') cp |= static_cast<uint32_t>(c - 'A' + 10);
      else ok = false;
    }
    out.append(text.data() + i, p - i);
    if (ok) {
      append_utf8(out, cp);
      i = p + 7;
    } else {
      out.append("_x");
      i = p + 2;
    }
  }
  out.append(text.data() + i, text.size() - i);
}

}  // namespace ipsurvey::importers::ooxml

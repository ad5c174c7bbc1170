#include "importers/symbol_fonts.h"

#include <cstdint>

namespace ipsurvey::importers {
namespace {

struct Glyph {
  uint8_t code;
  const char* utf8;
};

// Only glyphs that forms use (ticks, boxes, bullets) and their neighbours;
// other characters of a symbol font are kept as written.
constexpr Glyph kWingdings[] = {
    {0x4A, "☺"}, {0x4C, "☹"}, {0x6C, "●"}, {0x6D, "❍"}, {0x6E, "■"}, {0x6F, "□"},
    {0x70, "□"}, {0x71, "❑"}, {0x72, "❒"}, {0x73, "⬧"}, {0x74, "⧫"}, {0x75, "◆"},
    {0x76, "❖"}, {0x77, "⬥"}, {0x78, "⌧"}, {0x9F, "•"}, {0xA1, "○"}, {0xA2, "○"},
    {0xA4, "◉"}, {0xA7, "▪"}, {0xA8, "□"}, {0xFB, "✗"}, {0xFC, "✓"}, {0xFD, "☒"},
    {0xFE, "☑"},
};

constexpr Glyph kWingdings2[] = {
    {0x4F, "✗"}, {0x50, "✓"}, {0x51, "☒"}, {0x52, "☑"}, {0x53, "☒"}, {0x54, "☒"},
    {0x55, "⊗"}, {0x56, "⊗"}, {0x97, "●"}, {0x98, "●"}, {0x99, "○"}, {0x9A, "○"},
    {0xA2, "□"}, {0xA3, "□"}, {0xA7, "■"}, {0xA8, "■"},
};

constexpr Glyph kWebdings[] = {{0x61, "✓"}, {0x72, "✗"}, {0x63, "□"}, {0x67, "■"}, {0x6E, "●"}};

constexpr Glyph kSymbol[] = {
    {0x41, "Α"}, {0x42, "Β"}, {0x43, "Χ"}, {0x44, "Δ"}, {0x45, "Ε"}, {0x46, "Φ"}, {0x47, "Γ"},
    {0x48, "Η"}, {0x49, "Ι"}, {0x4B, "Κ"}, {0x4C, "Λ"}, {0x4D, "Μ"}, {0x4E, "Ν"}, {0x4F, "Ο"},
    {0x50, "Π"}, {0x51, "Θ"}, {0x52, "Ρ"}, {0x53, "Σ"}, {0x54, "Τ"}, {0x55, "Υ"}, {0x57, "Ω"},
    {0x58, "Ξ"}, {0x59, "Ψ"}, {0x5A, "Ζ"}, {0x61, "α"}, {0x62, "β"}, {0x63, "χ"}, {0x64, "δ"},
    {0x65, "ε"}, {0x66, "φ"}, {0x67, "γ"}, {0x68, "η"}, {0x69, "ι"}, {0x6B, "κ"}, {0x6C, "λ"},
    {0x6D, "μ"}, {0x6E, "ν"}, {0x6F, "ο"}, {0x70, "π"}, {0x71, "θ"}, {0x72, "ρ"}, {0x73, "σ"},
    {0x74, "τ"}, {0x75, "υ"}, {0x77, "ω"}, {0x78, "ξ"}, {0x79, "ψ"}, {0x7A, "ζ"}, {0xB4, "×"},
    {0xB7, "•"}, {0xD6, "√"}, {0xD7, "⋅"},
};

template <size_t N>
const char* find(const Glyph (&table)[N], uint32_t code) {
  for (const auto& g : table)
    if (g.code == code) return g.utf8;
  return nullptr;
}

const char* glyph_for(SymbolFont font, uint32_t code) {
  switch (font) {
    case SymbolFont::Wingdings: return find(kWingdings, code);
    case SymbolFont::Wingdings2: return find(kWingdings2, code);
    case SymbolFont::Webdings: return find(kWebdings, code);
    case SymbolFont::Symbol: return find(kSymbol, code);
    case SymbolFont::Wingdings3:
    case SymbolFont::None: return nullptr;
  }
  return nullptr;
}

// Decodes one UTF-8 character at s[i]; returns its length (1 for invalid bytes).
size_t decode(std::string_view s, size_t i, uint32_t& cp) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) { cp = c; return 1; }
  size_t n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
  if (n == 1 || i + n > s.size()) { cp = 0xFFFD; return 1; }
  cp = c & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return n;
}

}  // namespace

SymbolFont symbol_font_from_name(std::string_view name) {
  while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  std::string lower;
  for (char c : name) lower.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  if (lower == "wingdings") return SymbolFont::Wingdings;
  if (lower == "wingdings 2" || lower == "wingdings2") return SymbolFont::Wingdings2;
  if (lower == "wingdings 3" || lower == "wingdings3") return SymbolFont::Wingdings3;
  if (lower == "webdings") return SymbolFont::Webdings;
  if (lower == "symbol") return SymbolFont::Symbol;
  return SymbolFont::None;
}

bool has_private_use_symbol(std::string_view text) {
  // U+F020..U+F0FF is EF 80 A0 .. EF 83 BF in UTF-8.
  for (size_t i = 0; i + 2 < text.size(); ++i)
    if (static_cast<unsigned char>(text[i]) == 0xEF) {
      const auto b = static_cast<unsigned char>(text[i + 1]);
      if (b >= 0x80 && b <= 0x83) return true;
    }
  return false;
}

void append_symbol_text(std::string& out, std::string_view text, SymbolFont font) {
  for (size_t i = 0; i < text.size();) {
    uint32_t cp;
    const size_t n = decode(text, i, cp);
    const char* glyph = nullptr;
    if (cp >= 0xF020 && cp <= 0xF0FF)
      glyph = glyph_for(font == SymbolFont::None ? SymbolFont::Wingdings : font, cp - 0xF000);
    else if (font != SymbolFont::None && cp < 0x100)
      glyph = glyph_for(font, cp);
    if (glyph)
      out += glyph;
    else
      out.append(text.data() + i, n);
    i += n;
  }
}

}  // namespace ipsurvey::importers

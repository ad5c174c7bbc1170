// Symbol fonts (Wingdings, Wingdings 2): the Unicode glyph a character draws.
//
// Forms are ticked with `R` in Wingdings 2 (☑) or 0xFE in Wingdings (☑); the
// reader gives the glyph, not the letter. Private-use characters U+F020–U+F0FF
// (what Word and WPS store for a symbol inserted from such a font) are mapped
// through the same tables.
#pragma once

#include <string>
#include <string_view>

namespace ipsurvey::importers {

enum class SymbolFont { None, Wingdings, Wingdings2, Wingdings3, Webdings, Symbol };

// Case-insensitive, ignores surrounding spaces: "Wingdings 2" -> Wingdings2.
SymbolFont symbol_font_from_name(std::string_view font_name);

// Appends `text` drawn in `font` to out as Unicode. With SymbolFont::None only
// private-use U+F0xx characters are mapped (through the Wingdings table).
// Characters without a known glyph are kept as they are.
void append_symbol_text(std::string& out, std::string_view text, SymbolFont font);

// True when text contains a private-use U+F0xx character (fast pre-check).
bool has_private_use_symbol(std::string_view text);

}  // namespace ipsurvey::importers

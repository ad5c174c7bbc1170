// How many terminal columns UTF-8 text takes: a small East Asian Width table.
//
// Wide (2): CJK ideographs (with extensions and compatibility ideographs), CJK
// symbols and punctuation (、。「」…), kana, Hangul, full-width forms (ＡＢ１，：（）)
// and the common emoji blocks. Zero (0): combining marks, zero-width spaces and
// joiners, variation selectors, the byte-order mark. Everything else, including
// "ambiguous" characters such as · and ×, counts 1 (what a terminal in a
// non-CJK locale shows). A byte that is not valid UTF-8 counts 1 (it is shown
// as U+FFFD). Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

namespace ipsurvey::collector {

// 0, 1 or 2 columns for one code point; control characters count 0.
int codepoint_width(char32_t cp);

// The sum of codepoint_width over the text.
size_t display_width(std::string_view utf8);

}  // namespace ipsurvey::collector

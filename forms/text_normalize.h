// Text helpers for matching what people type against form labels and options.
// Pure functions over UTF-8, thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace ipsurvey {

// Full-width ASCII (U+FF01–U+FF5E) to half-width, the ideographic space U+3000
// and NBSP to a space. Other characters unchanged.
std::string to_half_width(std::string_view text);

// Trims spaces (ASCII, full-width, NBSP), tabs and line breaks at both ends;
// inner spacing is kept.
std::string trim_text(std::string_view text);
// The same, as a view into `text` (no copy).
std::string_view trim_view(std::string_view text);
// Whether `text` is empty or only spacing (trim_text gives "").
bool is_blank(std::string_view text);

// The key a label is compared by: half-width, every space and line break
// removed, brackets unified to ASCII "()" (（）【】〔〕[] 〈〉), a bracketed unit
// or counter dropped ("（万元）", "(元)", "（年）", "（次）", "（个）", "（项）",
// "（%）"), trailing colons (：:) dropped, "、" and "/" kept, ASCII letters
// lower-cased, dashes (—–~－) unified to "-". "企 业 名 称：" and "企业名称"
// give the same key; "拟融资额（万元）" and "拟融资额" too.
std::string label_key(std::string_view label);

}  // namespace ipsurvey

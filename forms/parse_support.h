// Internal helpers shared by the value parsers (amount, count, date, phone,
// yes/no). Not part of the library's interface.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "forms/answer.h"

namespace ipsurvey::detail {

// Half-width, with every space, tab and line break removed: "５００ 万元\n" -> "500万元".
std::string compact(std::string_view text);

// “text” for a message: inner spacing collapsed to one space, cut after 30
// characters with "…".
std::string quoted(std::string_view text);

// What the answer was, for a message: its text, its number, 是/否 for a bool.
std::string shown(const Answer& a);
std::string quoted(const Answer& a);

// A number without float noise: 500, 0.05, 12.5.
std::string format_number(double v);

bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);
// Removes the first of `options` that `s` starts with (ends with); true when one did.
bool eat_prefix(std::string_view& s, std::initializer_list<std::string_view> options);
bool eat_suffix(std::string_view& s, std::initializer_list<std::string_view> options);

// A compacted cell that stands for "nothing to say": "/", "-", "—", "\".
bool is_placeholder(std::string_view compacted);

// Reads an unsigned decimal at the start of `s` ("5,000,000", "500.00", ".5"),
// advancing `s` past it. Thousands separators must group by three. False (and
// `s` untouched) when `s` does not start with one.
bool read_decimal(std::string_view& s, double& value, bool& has_fraction);

// Reads a small Chinese numeral (零〇一二两三四五六七八九十, 0..99: "三", "十二",
// "二十", "二十三") at the start of `s`, advancing past it; false when none.
bool read_chinese_small(std::string_view& s, int& value);

// After a figure: a second figure introduced by - ~ — 至 到 (a range such as
// "500-1000万"). Does not advance.
bool looks_like_range_rest(std::string_view s);

}  // namespace ipsurvey::detail

// A1-style cell references, bounded to Excel's grid (XFD1048576).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "importers/workbook.h"

namespace ipsurvey::importers {

constexpr uint32_t kMaxRows = 1048576;
constexpr uint32_t kMaxCols = 16384;

// Parses "B5" / "$B$5" into 0-based row and column. False when malformed or
// outside the grid.
bool parse_cell_ref(std::string_view ref, uint32_t& row, uint32_t& col);
// Parses "A1:F1" (or a single cell) into a range; false when malformed.
bool parse_range_ref(std::string_view ref, CellRange& range);
// Parses only column letters ("AB" -> 27); false when malformed or past XFD.
bool parse_column_letters(std::string_view letters, uint32_t& col);

std::string column_letters(uint32_t col);
std::string cell_ref(uint32_t row, uint32_t col);
std::string range_ref(const CellRange& range);

}  // namespace ipsurvey::importers

#include "importers/cell_ref.h"

#include <charconv>

namespace ipsurvey::importers {

bool parse_column_letters(std::string_view s, uint32_t& col) {
  if (s.empty() || s.size() > 3) return false;
  uint32_t c = 0;
  for (char ch : s) {
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    if (ch < 'A' || ch > 'Z') return false;
    c = c * 26 + static_cast<uint32_t>(ch - 'A' + 1);
  }
  if (c == 0 || c > kMaxCols) return false;
  col = c - 1;
  return true;
}

bool parse_cell_ref(std::string_view ref, uint32_t& row, uint32_t& col) {
  size_t i = 0;
  if (i < ref.size() && ref[i] == '$') ++i;
  const size_t letters_start = i;
  while (i < ref.size() && ((ref[i] >= 'A' && ref[i] <= 'Z') || (ref[i] >= 'a' && ref[i] <= 'z'))) ++i;
  if (!parse_column_letters(ref.substr(letters_start, i - letters_start), col)) return false;
  if (i < ref.size() && ref[i] == '$') ++i;
  if (i >= ref.size() || i + 7 < ref.size()) return false;
  uint32_t r = 0;
  for (; i < ref.size(); ++i) {
    if (ref[i] < '0' || ref[i] > '9') return false;
    r = r * 10 + static_cast<uint32_t>(ref[i] - '0');
  }
  if (r == 0 || r > kMaxRows) return false;
  row = r - 1;
  return true;
}

bool parse_range_ref(std::string_view ref, CellRange& range) {
  const size_t colon = ref.find(':');
  if (colon == std::string_view::npos) {
    if (!parse_cell_ref(ref, range.first_row, range.first_col)) return false;
    range.last_row = range.first_row;
    range.last_col = range.first_col;
    return true;
  }
  if (!parse_cell_ref(ref.substr(0, colon), range.first_row, range.first_col) ||
      !parse_cell_ref(ref.substr(colon + 1), range.last_row, range.last_col))
    return false;
  if (range.last_row < range.first_row) std::swap(range.last_row, range.first_row);
  if (range.last_col < range.first_col) std::swap(range.last_col, range.first_col);
  return true;
}

namespace {

// Writes the column's letters ending at `end`; returns where they start.
char* put_column_letters(uint32_t col, char* end) {
  char* p = end;
  for (uint32_t c = col + 1; c > 0; c = (c - 1) / 26) *--p = static_cast<char>('A' + (c - 1) % 26);
  return p;
}

}  // namespace

std::string column_letters(uint32_t col) {
  char buf[8];  // 26^7 > 2^32
  char* end = buf + sizeof buf;
  return std::string(put_column_letters(col, end), end);
}

std::string cell_ref(uint32_t row, uint32_t col) {
  char buf[24];
  char* letters_end = buf + 8;
  char* begin = put_column_letters(col, letters_end);
  const auto r = std::to_chars(letters_end, buf + sizeof buf, row + 1);  // a uint32_t sum, as ever
  return std::string(begin, r.ptr);
}

std::string range_ref(const CellRange& r) {
  std::string s = cell_ref(r.first_row, r.first_col);
  if (r.last_row != r.first_row || r.last_col != r.first_col)
    s += ":" + cell_ref(r.last_row, r.last_col);
  return s;
}

}  // namespace ipsurvey::importers

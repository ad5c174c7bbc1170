#include "importers/sheet_buffer.h"

#include <algorithm>

#include "forms/json_writer.h"
#include "forms/text_normalize.h"

namespace ipsurvey::importers {

Answer BufferedCell::answer() const {
  Answer a;
  answer_into(a);
  return a;
}

void BufferedCell::answer_into(Answer& out) const {
  out.number = 0;
  switch (type) {
    case CellType::String:
      out.kind = Answer::Kind::Text;
      out.text.assign(text);
      return;
    case CellType::Number:
      out.kind = Answer::Kind::Number;
      out.text.clear();
      out.number = number;
      return;
    case CellType::Bool:
      out.kind = Answer::Kind::Bool;
      out.text.clear();
      out.number = number != 0 ? 1.0 : 0.0;
      return;
    case CellType::Date:
      out.kind = Answer::Kind::Date;
      out.text.assign(text);
      out.number = number;
      return;
    case CellType::Error:
      break;
  }
  out.kind = Answer::Kind::Empty;
  out.text.clear();
}

std::string BufferedCell::display() const {
  switch (type) {
    case CellType::Number: {
      std::string s;
      JsonWriter::append_number(s, number);
      return s;
    }
    case CellType::Bool: return number != 0 ? "是" : "否";
    case CellType::Error: return {};
    default: return text;
  }
}

bool BufferedCell::shows_value() const {
  switch (type) {
    case CellType::Number:  // written out as a number, or "null"
    case CellType::Bool: return true;
    case CellType::Error: return false;
    default: return !is_blank(text);
  }
}

void SheetBuffer::add(const Cell& c) {
  BufferedCell b;
  b.row = c.row;
  b.col = c.col;
  b.type = c.type;
  b.number = c.number;
  b.text = std::string(c.text);
  cells_.push_back(std::move(b));
}

void SheetBuffer::clear() {
  cells_.clear();
  merged_.clear();
  boxes_.clear();
  index_.clear();
  merge_index_.clear();
}

void SheetBuffer::finish() {
  std::stable_sort(cells_.begin(), cells_.end(), [](const BufferedCell& a, const BufferedCell& b) {
    return a.row != b.row ? a.row < b.row : a.col < b.col;
  });
  std::vector<BufferedCell> unique;
  unique.reserve(cells_.size());
  for (auto& c : cells_) {
    if (!unique.empty() && unique.back().row == c.row && unique.back().col == c.col)
      unique.back() = std::move(c);
    else
      unique.push_back(std::move(c));
  }
  cells_.swap(unique);
  index_.clear();
  for (size_t i = 0; i < cells_.size(); ++i) index_[key(cells_[i].row, cells_[i].col)] = i;
  merge_index_.clear();
  for (size_t m = 0; m < merged_.size(); ++m) {
    const CellRange& r = merged_[m];
    // Forms merge small ranges; a huge merge is indexed by its corners only.
    const uint64_t area = static_cast<uint64_t>(r.last_row - r.first_row + 1) * (r.last_col - r.first_col + 1);
    if (area > 4096) {
      merge_index_[key(r.first_row, r.first_col)] = m;
      continue;
    }
    for (uint32_t row = r.first_row; row <= r.last_row; ++row)
      for (uint32_t col = r.first_col; col <= r.last_col; ++col) merge_index_[key(row, col)] = m;
  }
}

const BufferedCell* SheetBuffer::at(uint32_t row, uint32_t col) const {
  auto it = index_.find(key(row, col));
  return it == index_.end() ? nullptr : &cells_[it->second];
}

const CellRange* SheetBuffer::merge_at(uint32_t row, uint32_t col) const {
  auto it = merge_index_.find(key(row, col));
  return it == merge_index_.end() ? nullptr : &merged_[it->second];
}

CellRange SheetBuffer::extent(uint32_t row, uint32_t col) const {
  if (const CellRange* m = merge_at(row, col)) return *m;
  return CellRange{row, col, row, col};
}

std::pair<size_t, size_t> SheetBuffer::row_span(uint32_t row) const {
  auto lo = std::lower_bound(cells_.begin(), cells_.end(), row,
                             [](const BufferedCell& c, uint32_t r) { return c.row < r; });
  auto hi = std::upper_bound(lo, cells_.end(), row, [](uint32_t r, const BufferedCell& c) { return r < c.row; });
  return {static_cast<size_t>(lo - cells_.begin()), static_cast<size_t>(hi - cells_.begin())};
}

}  // namespace ipsurvey::importers

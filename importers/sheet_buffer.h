// A sheet's cells kept in memory for layout analysis (forms are small; a large
// table is streamed instead, see form_sink.h). Row-major after finish().
// Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "forms/answer.h"
#include "importers/workbook.h"

namespace ipsurvey::importers {

struct BufferedCell {
  uint32_t row = 0, col = 0;
  CellType type = CellType::String;
  double number = 0;
  std::string text;  // String/Error/Date text; empty for numbers and bools
  Answer answer() const;
  // answer() into `out`, reusing its text's buffer.
  void answer_into(Answer& out) const;
  // What people see: the text, or the number / bool written out.
  std::string display() const;
  // Whether display() shows anything but spacing.
  bool shows_value() const;
};

class SheetBuffer {
 public:
  void add(const Cell& c);
  void add_merged(const CellRange& r) { merged_.push_back(r); }
  void add_box(const CheckBox& b) { boxes_.push_back(b); }
  void clear();
  // Sorts the cells row-major (a cell given twice keeps its last value) and indexes them.
  void finish();

  const std::vector<BufferedCell>& cells() const { return cells_; }
  const std::vector<CellRange>& merged() const { return merged_; }
  const std::vector<CheckBox>& boxes() const { return boxes_; }
  const BufferedCell* at(uint32_t row, uint32_t col) const;
  // The merged range a cell belongs to, or null.
  const CellRange* merge_at(uint32_t row, uint32_t col) const;
  // The extent of a cell: its merged range, or the cell alone.
  CellRange extent(uint32_t row, uint32_t col) const;
  // Indices into cells() of the cells of one row, in column order.
  std::pair<size_t, size_t> row_span(uint32_t row) const;
  size_t size() const { return cells_.size(); }
  uint32_t max_row() const { return cells_.empty() ? 0 : cells_.back().row; }

 private:
  static uint64_t key(uint32_t r, uint32_t c) { return (static_cast<uint64_t>(r) << 16) | c; }
  std::vector<BufferedCell> cells_;
  std::vector<CellRange> merged_;
  std::vector<CheckBox> boxes_;
  std::unordered_map<uint64_t, size_t> index_;
  std::unordered_map<uint64_t, size_t> merge_index_;  // every covered cell -> merged_ index
};

}  // namespace ipsurvey::importers

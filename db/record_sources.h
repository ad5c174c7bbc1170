// Where each field of a stored record was read, kept compactly beside its
// fields: a JSON array parallel to the record's keys (the order of its fields
// JSON), each element a cell ("B5"; for a table row, only the column letters
// when the cell is in the record's own row: "B"), an XML line number, or ""
// when not known. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "forms/record.h"

namespace ipsurvey::db {

std::string encode_sources(const Record& record);

// The column letters and row of a cell reference ("B17" -> ("B", 17); of a
// range "A3:B4", its first cell); row 0 when `cell` is not one.
std::pair<std::string_view, int> split_cell_ref(std::string_view cell);

// Back to (key, where) for the given keys (the record's fields, in order) and
// row; false when `text` is not such an array.
bool decode_sources(std::string_view text, const std::vector<std::string>& keys, int row,
                    std::vector<std::pair<std::string, SourceRef>>* out);

}  // namespace ipsurvey::db

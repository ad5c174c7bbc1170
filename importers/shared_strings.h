// The workbook's shared-string table, kept compactly in one arena.
//
// Rich-text runs are joined, phonetic runs (<rPh>) skipped, "_xHHHH_" escapes
// decoded, runs in a symbol font converted to their glyphs. Runs without an
// explicit font take the cell's font, so for cells styled in a symbol font
// text(i, font) converts those runs at lookup. Memory: the text plus 8 bytes a
// string. Not thread-safe while reading; const lookups are.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "forms/problem.h"
#include "importers/symbol_fonts.h"
#include "importers/zip_archive.h"

namespace ipsurvey::importers {

class SharedStrings {
 public:
  // Streams the part. False when refused (problems says why).
  bool read(const ZipArchive& archive, const ZipEntry& entry, uint64_t max_bytes,
            size_t max_text, int max_depth, Problems& problems);

  size_t size() const { return offsets_.empty() ? 0 : offsets_.size() - 1; }
  // The string as stored (symbol-font runs already converted).
  std::string_view at(size_t i) const {
    return std::string_view(arena_).substr(offsets_[i], offsets_[i + 1] - offsets_[i]);
  }
  // The string shown in a cell whose own font is `cell_font`; `scratch` holds
  // the result when conversion is needed.
  std::string_view text(size_t i, SymbolFont cell_font, std::string& scratch) const;

  // Used by the parser.
  void append_string(std::string_view s, bool all_plain,
                     std::vector<std::pair<uint32_t, uint32_t>> plain_ranges);

 private:
  std::string arena_;
  std::vector<uint32_t> offsets_{0};
  std::vector<bool> all_plain_;  // every run takes the cell's font
  std::vector<bool> private_use_;  // holds U+F0xx symbol characters
  // Strings mixing explicit-font runs and plain runs: the plain byte ranges.
  std::unordered_map<uint32_t, std::vector<std::pair<uint32_t, uint32_t>>> plain_ranges_;
};

}  // namespace ipsurvey::importers

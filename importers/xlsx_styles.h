// What the reader needs from styles.xml: per cell style (xf index), whether it
// shows a date and whether its font is a symbol font. Internal to importers/.
#pragma once

#include <string>
#include <vector>

#include "forms/problem.h"
#include "importers/symbol_fonts.h"
#include "importers/zip_archive.h"

namespace ipsurvey::importers {

struct CellStyle {
  bool is_date = false;
  SymbolFont font = SymbolFont::None;
};

class StyleTable {
 public:
  // Reads the styles part (may be absent: every cell is then plain). A styles
  // part that cannot be parsed is a warning (xlsx.bad_styles): dates then read
  // as numbers.
  void read(const ZipArchive& archive, const std::string& part, Problems& problems);
  const CellStyle& at(size_t xf) const { return xf < styles_.size() ? styles_[xf] : plain_; }
  bool any_font() const { return any_font_; }

 private:
  std::vector<CellStyle> styles_;
  CellStyle plain_;
  bool any_font_ = false;
};

}  // namespace ipsurvey::importers

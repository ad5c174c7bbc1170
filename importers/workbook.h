// What a workbook reader reports: sheets, cells, merged ranges and check boxes,
// streamed to a WorkbookSink that decides what to keep.
//
// Cells are reported in file order (rows may be out of order in a file); a sink
// that needs row-major order sorts what it keeps. String views in a Cell are
// valid only during the call. Rows and columns are 0-based.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "importers/zip_archive.h"

namespace ipsurvey::importers {

enum class CellType : uint8_t { String, Number, Bool, Date, Error };

const char* cell_type_name(CellType t);  // "string", "number", "bool", "date", "error"

struct Cell {
  uint32_t row = 0;
  uint32_t col = 0;
  CellType type = CellType::String;
  double number = 0;      // Number; Bool as 0/1; Date as its serial (0 for t="d")
  std::string_view text;  // String, Error ("#N/A"), Date (ISO "2022-04-08[THH:MM:SS]")
};

struct CellRange {
  uint32_t first_row = 0, first_col = 0, last_row = 0, last_col = 0;
};

struct SheetInfo {
  std::string name;
  std::string state = "visible";  // "visible", "hidden", "veryHidden"
  size_t index = 0;               // position among the sheets reported
};

// An Excel check box drawn over the sheet (a form control).
struct CheckBox {
  uint32_t row = 0, col = 0;  // the cell under its top-left corner
  bool checked = false;
  bool mixed = false;
  std::string caption;
  std::string linked_cell;  // "D2", empty when none
};

class WorkbookSink {
 public:
  virtual ~WorkbookSink() = default;
  // Return false to skip this sheet (it is then not parsed at all).
  virtual bool begin_sheet(const SheetInfo& sheet) { return true; }
  virtual void cell(const Cell& cell) = 0;
  virtual void merged(const CellRange& range) {}
  virtual void check_box(const CheckBox& box) {}
  virtual void end_sheet() {}
};

struct ReadLimits {
  ZipLimits zip;
  uint64_t max_cells = 10'000'000;       // cells with a value, whole workbook
  size_t max_text = 10'000'000;          // one XML text node or attribute
  int max_depth = 256;                   // XML nesting
  uint64_t max_shared_strings_bytes = 256ull << 20;
  uint32_t max_sheets = 1000;
  double max_seconds = 120;              // wall clock for one workbook
};

}  // namespace ipsurvey::importers

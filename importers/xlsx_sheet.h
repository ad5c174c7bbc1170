// Streams one worksheet part into a WorkbookSink. Internal to importers/.
//
// Reports cells (in file order) and merged ranges as they are parsed; collects
// the form controls and the legacy drawing id for xlsx_controls to resolve.
// Refuses (stops the XmlStream with an error) on a cell reference outside the
// grid, a shared-string index out of range, more cells than the budget, or the
// deadline passing.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "importers/shared_strings.h"
#include "importers/workbook.h"
#include "importers/xlsx_styles.h"
#include "importers/ooxml_names.h"
#include "importers/xml_stream.h"

namespace ipsurvey::importers {

struct ControlRef {
  uint32_t shape_id = 0;
  std::string rel_id;
  std::string name;
  bool has_anchor = false;
  uint32_t row = 0, col = 0;
};

struct SheetContext {
  const SharedStrings* strings = nullptr;
  const StyleTable* styles = nullptr;
  bool date1904 = false;
  WorkbookSink* sink = nullptr;
  uint64_t* cells_left = nullptr;  // shared budget across sheets
  std::chrono::steady_clock::time_point deadline;
  std::string sheet_name;
};

class SheetParser final : public XmlHandler {
 public:
  SheetParser(const SheetContext& ctx, XmlStream*& stream) : ctx_(ctx), stream_(stream) {}

  void start_element(std::string_view local, std::string_view ns, const XmlAttribute* a,
                     size_t n) override;
  void end_element(std::string_view local, std::string_view ns) override;
  void text(std::string_view chunk) override;

  bool is_worksheet() const { return root_ == "worksheet"; }
  const std::string& root() const { return root_; }
  std::vector<ControlRef> controls;
  std::string legacy_drawing_rel;

 private:
  void begin_cell(const XmlAttribute* a, size_t n);
  void end_cell();
  void emit(CellType type, double number, std::string_view text);
  void refuse(const char* code, std::string message, std::string cell = {});

  SheetContext ctx_;
  XmlStream*& stream_;
  std::string root_;
  ooxml::MainNsCache is_main_;
  int depth_ = 0;
  int skip_ = 0;  // inside an element whose content is ignored (phonetic runs)
  bool in_sheet_data_ = false, in_row_ = false, in_cell_ = false;
  bool in_v_ = false, in_is_ = false, in_t_ = false, in_controls_ = false;
  bool in_from_ = false, in_from_col_ = false, in_from_row_ = false;
  int64_t last_row_ = -1;
  uint32_t row_ = 0, next_col_ = 0;
  // The open cell.
  uint32_t cell_row_ = 0, cell_col_ = 0;
  char cell_type_ = 'n';
  size_t cell_style_ = 0;
  bool has_v_ = false, has_is_ = false;
  bool run_has_font_ = false;
  SymbolFont run_font_ = SymbolFont::None;
  std::string v_, t_raw_, is_text_, unescaped_, scratch_, from_text_;
  std::vector<std::pair<uint32_t, uint32_t>> is_plain_;
  bool is_explicit_runs_ = false;
  uint64_t emitted_ = 0;
};

}  // namespace ipsurvey::importers

// Finds the forms in a workbook as it is read: each sheet is classified —
// survey form, survey table, ledger, or not a form — and its records are
// normalised into a FormOutput.
//
// A sheet is buffered until its 30th row; if a survey table's header row is
// found by then, the rest is streamed row by row (memory stays flat for a
// 100,000-row summary table). Other sheets are buffered whole (up to 200,000
// cells; a larger one that is no table is reported as not a form).
// Not thread-safe; one sink per file.
#pragma once

#include <string>
#include <vector>

#include "importers/form_context.h"
#include "importers/form_layouts.h"
#include "importers/sheet_buffer.h"
#include "importers/workbook.h"

namespace ipsurvey::importers {

class FormSink final : public WorkbookSink {
 public:
  FormSink(const FormOptions& options, FormOutput& out);
  bool begin_sheet(const SheetInfo& sheet) override;
  void cell(const Cell& cell) override;
  void merged(const CellRange& range) override;
  void check_box(const CheckBox& box) override;
  void end_sheet() override;

  size_t forms_found() const { return forms_found_; }

 private:
  enum class Mode { Buffering, Streaming, Dropped };
  void try_table();
  void stream_row();
  void start_streaming();
  void explain(const std::string& message);

  const FormOptions& options_;
  FormOutput& out_;
  std::string sheet_;
  Mode mode_ = Mode::Buffering;
  bool tried_table_ = false;
  SheetBuffer buffer_;
  TableColumns table_;
  std::vector<bool> mapped_cols_;  // streaming: columns the table uses
  bool row_is_total_ = false;      // streaming: the current row is a 合计 row
  uint32_t row_ = 0;
  std::vector<BufferedCell> row_cells_;
  size_t forms_found_ = 0;
  size_t table_records_ = 0;
};

}  // namespace ipsurvey::importers

// Finds the forms in a workbook as it is read: each sheet is classified —
// survey form, survey table, ledger, or not a form — and its records are
// normalised into a FormOutput.
//
// A sheet is buffered until its 30th row; if a survey table's header row is
// found by then, the rest is streamed a few rows at a time (memory stays flat
// for a 100,000-row summary table). Other sheets are buffered whole (up to 200,000
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
  void read_pending_rows();
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
  // Streaming: rows are read kBatchRows at a time, once their cells are in
  // (reading each row as it ends would take turns between two large bodies of
  // code, the XML reader's and the normalisers', and keep neither in the
  // processor's caches). The pending rows' mapped cells are the first
  // cells_used_ of row_cells_, in column order; the current row's start at
  // row_begin_. The other cells keep their text buffers for later rows.
  static constexpr size_t kBatchRows = 64;
  struct PendingRow {
    uint32_t row;
    size_t begin, end;  // its cells in row_cells_
  };
  std::vector<BufferedCell> row_cells_;
  size_t cells_used_ = 0;
  size_t row_begin_ = 0;
  std::vector<PendingRow> pending_rows_;
  std::vector<const BufferedCell*> row_view_;  // read_pending_rows: one row
  TableRowContext table_context_;               // streaming: kept from row to row
  BufferedCell& add_row_cell();
  size_t forms_found_ = 0;
  size_t table_records_ = 0;
};

}  // namespace ipsurvey::importers

// The layouts a sheet may hold: one survey form, one ledger, or a table of
// surveys (one enterprise per row). Internal to importers/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "forms/form_definition.h"
#include "importers/form_context.h"
#include "importers/sheet_buffer.h"

namespace ipsurvey::importers {

// A one-enterprise survey form: each field found by its label, its answer in
// the cells to the right up to the next label (or below it, for `below`
// fields), Excel check boxes over those cells included. Appends one record.
void read_survey_form(const SheetBuffer& sheet, const FormDefinition& def, const std::string& name,
                      const FormOptions& options, FormOutput& out);

// A quarterly ledger: the header fields and the two tables. Appends one record.
void read_ledger(const SheetBuffer& sheet, const FormDefinition& def, const std::string& name,
                 const FormOptions& options, FormOutput& out);

// A summary table's columns, found from its header row(s).
struct TableColumns {
  uint32_t header_row = 0;     // the last header row
  uint32_t first_data_row = 0;
  struct Column {
    uint32_t col;
    const FieldDef* field;
    std::string option;   // non-empty: the column holds a tick for this option
    std::string letters;  // the column's letters ("AB"), for cell references
  };
  std::vector<Column> columns;
  size_t distinct_fields = 0;
};

// Finds the header row of a survey table among the sheet's first rows: the row
// naming the most distinct fields, at least `min_fields`; a row under it naming
// options of those fields makes them option columns. False when none.
bool find_table_columns(const SheetBuffer& sheet, const FormDefinition& def, size_t min_fields,
                        TableColumns& out);

// Whether a cell's text marks a total row: 合计, 总计, 小计 or 总合计 (label_key()).
bool is_total_label(std::string_view text);

// What read_table_row keeps from one row of a table to the next: the answers
// the columns repeat (read once), and its working space (reused, not made anew
// for every row). The caller keeps one for the table and leaves it alone.
struct TableRowContext {
  struct FieldCells {
    const BufferedCell* cell = nullptr;
    const std::string* letters = nullptr;  // the column its cell reference names
    bool mapped = false;
    bool option_columns = false;
    std::vector<std::string> ticked;
  };
  NormalizeMemo memo;
  std::vector<FieldCells> fields;  // by the field's position in the definition
  FieldValues values;
  FieldAnswer answer;
  Record record;
};

// Reads one data row of a survey table (cells of that row, in column order).
// A blank row gives no record. Total rows (a cell reads 合计, 总计 or 小计, see
// is_total_label) are the caller's to leave out. A context kept from row to
// row makes it faster.
void read_table_row(const std::vector<const BufferedCell*>& cells, uint32_t row, const TableColumns& table,
                    const FormDefinition& def, const std::string& name, const FormOptions& options,
                    FormOutput& out, TableRowContext* context = nullptr);

}  // namespace ipsurvey::importers

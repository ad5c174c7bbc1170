// The blank form of a definition as an XLSX workbook, to hand out to cities
// (`ipsurvey template survey|ledger -o FILE.xlsx`).
//
// Everything printed comes from the form definition (forms/data/*.form): the
// title, the sections, each field's printed label, the options of a choice and
// the ledger's tables and columns, so that the template always matches what the
// parser reads. Layout (read back by importers/survey_form_layout.cpp and
// importers/ledger_layout.cpp):
//  - survey: the title, the header line 企业（盖章）… 填报时间：[answer], then each
//    section's title and its fields, two label/answer pairs per row. A choice is
//    one cell with a drop-down of its option labels; a yes/no one with 是/否; a
//    multi-choice one cell per option holding "□option" with a drop-down
//    {"□option", "■option"} (the parser reads the boxes of all cells right of
//    the label), the 其他（请注明） text in the cell after that option. A `below`
//    field (section 四) is its section title with a large cell under it.
//  - ledger: the title, 填报单位：[answer] alone on its line (a blank answer cell
//    must not let the parser take the next cell's text), then the quarter
//    (a drop-down 第1季度…第4季度) and 填报时间：[date]; then each table: its name
//    down the left, its column labels, kLedgerRows blank rows; then the notes.
// Credit codes, phones and other text answers are text-formatted ("@").
// Print setup: A4 portrait, fit to one page wide, centred.
//
// Errors: returns false with a Chinese message in `error` when libxlsxwriter
// reports a failure (the file may then be missing or incomplete). Nothing is
// kept after the call. Thread-safe: each call owns its workbook (libxlsxwriter
// keeps no shared state), so calls writing different paths may run at once.
#pragma once

#include <string>

#include "forms/form_definition.h"

namespace ipsurvey::collector {

// Blank data rows printed under each ledger table.
constexpr int kLedgerRows = 10;

// Writes the blank form of `def` ("survey" or "ledger" layout, chosen by
// whether it has tables) to `path`.
bool write_form_template(const FormDefinition& def, const std::string& path, std::string& error);

}  // namespace ipsurvey::collector

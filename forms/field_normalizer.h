// Turns what a form gave for one field into normalised values (forms.md keys
// and codes) and findings. Pure; thread-safe.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "forms/answer.h"
#include "forms/finding.h"
#include "forms/form_definition.h"
#include "forms/record.h"

namespace ipsurvey {

// An Excel check box found over a field's answer cells.
struct BoxAnswer {
  std::string caption;  // its caption, or the text of the cell it sits on
  bool checked = false;
};

// Everything the sheet held for one field.
struct FieldAnswer {
  Answer answer;                           // the answer cell's value (Empty when none)
  std::string region_text;                 // every text of the answer cells, joined by spaces
  std::vector<BoxAnswer> boxes;            // Excel check boxes over the answer cells
  std::vector<std::string> ticked_columns; // table layout: options whose own column is ticked
  bool option_columns = false;             // table layout: the field has one column per option
};

using FieldValues = std::vector<std::pair<std::string, FieldValue>>;

// Appends the field's value(s) to `out` (the field's key, and its other /
// note / branches keys when they apply); nothing for an unanswered field.
// Findings: the parsers' codes, plus choice.several_ticked,
// choice.unknown_option, choice.other_text_unticked, required.missing.
void normalize_field(const FieldDef& def, const FieldAnswer& answer, FieldValues& out,
                     Findings& findings);

}  // namespace ipsurvey

// The form definitions: what fields a form has, how they are labelled and what
// their options are, read from the definition files in forms/data/*.form (see
// the syntax in forms/data/survey.form). One engine reads every form; adding a
// field, an option or a label variant is an edit to a definition file.
//
// Definitions are immutable after loading and safe to share between threads.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "forms/problem.h"
#include "forms/ticks.h"

namespace ipsurvey {

enum class FieldType {
  Text, Count, Number, Amount, Boolean, Choice, MultiChoice, Month, Date, Phone,
  CreditCode, Banks, List, Quarter, DocNumber
};

const char* field_type_name(FieldType t);
bool parse_field_type(std::string_view name, FieldType& out);

struct FieldDef {
  std::string key;
  FieldType type = FieldType::Text;
  std::vector<std::string> labels;      // the printed label first, then variants
  std::vector<std::string> label_keys;  // label_key() of each, for matching
  std::string section;                  // section key ("" for header fields)
  bool required = false;
  bool below = false;        // the answer is under the label
  bool header = false;       // found in the form's header lines
  std::string other_key;     // choice / multichoice: where 其他（请注明） text goes
  std::string note_key;      // boolean: where a non-yes/no text goes
  std::string branches_key;  // banks: where the branches go
  std::vector<OptionSpelling> options;
  std::vector<std::pair<std::string, std::string>> option_keys;  // label_key(spelling) -> code
  const std::string& label() const { return labels.front(); }
  // The option's printed label ("" when the code is unknown).
  std::string option_label(std::string_view code) const;
};

struct SectionDef {
  std::string key;
  std::vector<std::string> labels;
  std::vector<std::string> label_keys;
};

struct TableDef {
  std::string key;
  std::vector<std::string> labels;
  std::vector<std::string> label_keys;
  std::vector<FieldDef> columns;
};

struct FormDefinition {
  std::string key;                   // "survey", "ledger"
  std::vector<std::string> titles;   // printed titles
  std::vector<std::string> title_keys;
  std::vector<SectionDef> sections;
  std::vector<FieldDef> fields;      // header fields first, then in form order
  std::vector<TableDef> tables;

  const FieldDef* field(std::string_view key) const;
  // Every key a record of this form may hold, in form order (fields, their
  // other/note/branches keys, tables).
  std::vector<std::string> record_keys() const;
};

// Parses one definition text. Problems carry code "definition.*" and the line.
bool parse_form_definition(std::string_view text, const std::string& name, FormDefinition& out,
                           Problems& problems);

// The definitions compiled in from forms/data/*.form, parsed once (aborts the
// process with a message on a broken definition: that is a build defect, and
// the forms tests check every definition).
const std::vector<FormDefinition>& form_definitions();
const FormDefinition* form_definition(std::string_view key);

}  // namespace ipsurvey

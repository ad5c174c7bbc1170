// Turns what a form gave for one field into normalised values (forms.md keys
// and codes) and findings. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
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

// Remembers what normalize_field gave each field for the answers it has seen:
// a table repeats a few words down a column (是/否, 民营企业, 1年-2年, the same
// banks), and each is then read once. Only fields read against a vocabulary
// (choices, yes/no, banks, months and dates) and plain answers (no check boxes
// or option columns) are remembered, up to kMaxAnswers a field. Not
// thread-safe; the definitions must outlive it.
class NormalizeMemo {
 public:
  static constexpr size_t kMaxAnswers = 4096;

  // The same as normalize_field(def, answer, out, findings).
  void normalize(const FieldDef& def, const FieldAnswer& answer, FieldValues& out, Findings& findings);
  void clear() { fields_.clear(); }

 private:
  struct Entry {
    size_t hash;
    Answer answer;
    std::string region_text;
    FieldValues values;
    Findings findings;
  };
  // One field's answers, found by hash (open addressing, at most half full).
  struct FieldMemo {
    const FieldDef* def = nullptr;
    std::vector<Entry> entries;
    std::vector<uint32_t> slots;  // 1 + an index in entries; 0 when free
    const Entry* find(size_t hash, const FieldAnswer& answer) const;
    void add(Entry entry);
    void place(size_t entry);
  };
  FieldMemo& memo_of(const FieldDef& def);
  std::vector<FieldMemo> fields_;  // a form has a few vocabulary fields
};

}  // namespace ipsurvey

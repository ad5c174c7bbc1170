// What the form layouts share while reading one file: options, and where the
// records and problems go. Internal to importers/.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "forms/field_normalizer.h"
#include "forms/form_definition.h"
#include "forms/problem.h"
#include "forms/record.h"

namespace ipsurvey::importers {

struct FormOptions {
  std::string city;      // --city: the uploading city (full or short name), may be empty
  bool verbose = false;  // explain each sheet's classification (info problems)
};

// Where records go: kept in `records`, or handed to `on_record` as each is
// finished (so that a 100,000-row table need not be held whole). With
// `on_problems`, the problems found so far (the record's own, and any before
// it) are handed on just before each record, and `problems` is emptied.
struct FormOutput {
  std::vector<Record> records;
  Problems problems;
  std::function<void(Record&)> on_record;
  std::function<void(Problems&)> on_problems;
  size_t count = 0;  // records produced, kept or handed on

  void add(Record&& r) {
    ++count;
    if (on_problems && !problems.empty()) {
      on_problems(problems);
      problems.clear();
    }
    if (on_record) on_record(r);
    else records.push_back(std::move(r));
  }
};

// Turns one field's findings into located problems and stores its values.
// `row_label` is "第5行" for table rows, empty for forms. With a memo, answers
// normalised before are not read again.
void apply_field(const FieldDef& def, const FieldAnswer& answer, const std::string& sheet,
                 const std::string& cell, const std::string& row_label, Record& record,
                 FieldValues& values_out, Problems& problems, NormalizeMemo* memo = nullptr);

// The form's record keys in definition order, computed once per form.
const std::vector<std::string>& record_key_order(const FormDefinition& def);

// Sets the record's city (from options, the ledger's unit, the address, the
// credit code, in that order), checks the credit code's division against it
// (credit_code.region_mismatch), and marks needs_correction.
void finish_record(Record& record, const FormOptions& options, Problems& problems,
                   size_t first_problem);

}  // namespace ipsurvey::importers

// Every printed label of every form definition, by label_key(): field labels,
// section titles, form titles, ledger table names and columns, and option
// labels (for tables with one column per option). Built once from
// form_definitions(); immutable; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "forms/form_definition.h"

namespace ipsurvey::importers {

struct LabelHit {
  enum class Kind { Field, Section, Title, Table, Column, Option };
  Kind kind = Kind::Field;
  const FormDefinition* form = nullptr;
  const FieldDef* field = nullptr;  // Field, Column, Option
  const TableDef* table = nullptr;  // Table, Column
  std::string option;               // Option: its code
};

class LabelIndex {
 public:
  static const LabelIndex& instance();
  // Hits for a whole cell's text; null when it is no label.
  const std::vector<LabelHit>* find_text(std::string_view text) const;
  const std::vector<LabelHit>* find_key(const std::string& key) const;
  // "企业名称：石家庄某某" -> hits for "企业名称", value "石家庄某某" (text after the
  // first colon). False when the part before the colon is no field label.
  bool split_label_value(std::string_view text, const std::vector<LabelHit>*& hits,
                         std::string& value) const;

 private:
  LabelIndex();
  std::unordered_map<std::string, std::vector<LabelHit>> by_key_;
};

}  // namespace ipsurvey::importers

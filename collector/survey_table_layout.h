// The fixed column layouts of survey records as tables (interface.md,
// "Exports for banks"):
// - the bank list: 城市, then every field of the survey in the order of
//   forms.md (header label in Chinese; choices as their Chinese labels;
//   booleans 是/否; a multi-choice field as its labels joined by 、 followed by
//   one 是/blank column per option; lists joined by 、; credit codes and phones
//   as text), then 风险提示, 审核状态, 调查轮次. The columns never depend on
//   the data.
// - the roster: a compact layout for the province's matchmaking view.
// Both are built from the survey definition at first use; immutable and
// thread-safe afterwards.
#pragma once

#include <string>
#include <vector>

#include "collector/table_output.h"
#include "db/survey_query.h"
#include "forms/record.h"

namespace ipsurvey::collector {

TableHeader bank_list_header(const std::string& title);
// One bank-list row: `fields` are the record's stored fields, read back.
std::vector<Cell> bank_list_row(const db::SurveyEntry& entry, const Record& fields);

TableHeader roster_header(const std::string& title);
std::vector<Cell> roster_row(size_t position, const db::SurveyEntry& entry);

// A stored survey field shown as the bank list shows it (choices as their
// labels, 是/否, lists joined by 、, numbers as written), and its label
// (the form's; "…（其他，请注明）" and the like for the extra keys).
std::string survey_field_text(const std::string& key, const FieldValue& value);
std::string survey_field_label(const std::string& key);
// The label of any form's field key: the survey's (with the extra keys above),
// else another form's field or table column, else the key itself.
std::string any_field_label(const std::string& key);

// The Chinese label of a survey option code ("private" -> 民营企业), or the code.
std::string survey_option_label(const std::string& field, const std::string& code);

}  // namespace ipsurvey::collector

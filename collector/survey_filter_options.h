// The filter options `roster` and `export` share, read from a command line
// into a db::SurveyFilter. Choice values may be given as the code of forms.md
// (`steel`) or as the form's Chinese label (钢铁); a bank by any name or
// abbreviation (中行 → 中国银行). Unknown values are usage errors.
#pragma once

#include <set>
#include <string>

#include "collector/command_line.h"
#include "db/survey_query.h"

namespace ipsurvey::collector {

// The option names (each takes a value) and flags read by survey_filter_from().
const std::set<std::string>& survey_filter_options();
const std::set<std::string>& survey_filter_flags();
// Help lines describing them.
const char* survey_filter_help();

// False with *error (Chinese) for an unknown value.
bool survey_filter_from(const CommandLine& cl, db::SurveyFilter& filter, std::string* error);

// The option code of a survey choice field given as code or label; "" if none.
std::string survey_option_code(const std::string& field, const std::string& value);

// The full name of a bank written any way; "" when unknown.
std::string bank_full_name(const std::string& written);

}  // namespace ipsurvey::collector

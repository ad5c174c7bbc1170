// Unified social credit codes (统一社会信用代码, GB 32100-2015).
//
// 18 characters of the alphabet 0-9 A-H J-N P-R T U W-Y: registering authority
// (1), organisation type (1), division code (6, GB/T 2260), organisation code
// (9, whose last character is its own check digit per GB 11714), and the
// check digit over the first 17. Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "forms/finding.h"

namespace ipsurvey {

struct CreditCodeResult {
  bool valid = false;        // 18 characters, both check digits right
  std::string code;          // normalised: trimmed, upper case, half-width ("" when unusable)
  std::string division;      // characters 3-8, e.g. "130104" (empty when code is empty)
  Findings findings;
};

// Codes: credit_code.corrected (warning: lower case, full-width characters or
// inner spaces were corrected), credit_code.length, credit_code.invalid_char,
// credit_code.org_check_digit, credit_code.check_digit (errors).
CreditCodeResult check_credit_code(std::string_view raw);

// check_credit_code(raw).division, without the findings.
std::string credit_code_division(std::string_view raw);

// GB 11714: the organisation code's check character ('0'-'9' or 'X') for its
// first 8 characters (characters 9-16 of a credit code); '\0' when one is not
// a digit or capital letter.
char credit_code_org_check_digit(std::string_view first8);

// The check digit the first 17 characters call for ('\0' when one is not in the alphabet).
char credit_code_check_digit(std::string_view first17);

}  // namespace ipsurvey

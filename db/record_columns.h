// The typed columns stored beside a survey record's JSON, for the rosters and
// lists to filter and sort on. Pure functions of the record.
//
// The roster's order (rank_key, ascending; ties by credit code):
//   1. enterprises recognised as provincial-or-higher high-tech / 专精特新 first;
//   2. more valid patents (有效专利量) first;
//   3. more other intellectual property first: trademarks + software
//      copyrights + IC layout designs;
//   4. fewer risk flags first. Risk flags are shown, never hidden: cases as a
//      defendant in the last 12 months, administrative penalties, a change of
//      key managers, accounts not audited.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "forms/record.h"

namespace ipsurvey::db {

enum RiskFlag : int { kRiskDefendant = 1, kRiskPenalties = 2, kRiskManagementChange = 4, kRiskUnaudited = 8 };

struct RecordColumns {
  std::string credit_code;  // as the record holds it
  // Whether it is a valid code (GB 32100: 18 characters, both check digits).
  // Only a valid code makes an enterprise (and a version of it): a record with
  // a mistyped code is kept, marked for correction, but neither counted nor
  // listed for banks — the corrected file brings the enterprise.
  bool credit_code_valid = false;
  std::string enterprise_name;
  std::string industry, enterprise_size, enterprise_nature, loan_term, max_cost;
  std::optional<double> loan_amount_wan;
  int64_t purposes = 0;  // bit i: option i of the survey's `purposes`
  std::vector<std::string> banks;
  std::optional<int> high_tech;
  std::optional<int64_t> valid_patents, ip_total;
  int risk_flags = 0;
  bool has_need = false;  // a valid credit code and an amount sought > 0
  int64_t rank_key = 0;
};

RecordColumns record_columns(const Record& survey_record);

// The bit of a purpose option code (0 when unknown) and the codes of a mask, in forms.md order.
int64_t purpose_bit(const std::string& code);
std::vector<std::string> purpose_codes(int64_t mask);

// The risk flags as short Chinese words (被告案件, 行政处罚, 高管变动, 未审计).
std::vector<std::string> risk_flag_names(int flags);

}  // namespace ipsurvey::db

#include "db/record_columns.h"

#include <algorithm>
#include <unordered_map>

#include "forms/credit_code.h"
#include "forms/form_definition.h"

namespace ipsurvey::db {
namespace {

const FieldDef& purposes_def() {
  static const FieldDef* def = form_definition("survey")->field("purposes");
  return *def;
}

constexpr int64_t kField = (int64_t(1) << 22) - 1;

}  // namespace

int64_t purpose_bit(const std::string& code) {
  const auto& options = purposes_def().options;
  for (size_t i = 0; i < options.size(); ++i)
    if (options[i].code == code) return int64_t(1) << i;
  return 0;
}

std::vector<std::string> purpose_codes(int64_t mask) {
  std::vector<std::string> out;
  const auto& options = purposes_def().options;
  for (size_t i = 0; i < options.size(); ++i)
    if (mask & (int64_t(1) << i)) out.push_back(options[i].code);
  return out;
}

std::vector<std::string> risk_flag_names(int flags) {
  std::vector<std::string> out;
  if (flags & kRiskDefendant) out.push_back("被告案件");
  if (flags & kRiskPenalties) out.push_back("行政处罚");
  if (flags & kRiskManagementChange) out.push_back("高管变动");
  if (flags & kRiskUnaudited) out.push_back("未审计");
  return out;
}

RecordColumns record_columns(const Record& r) {
  // One pass over the record's fields (a record has about 40).
  enum Key { kCode, kName, kIndustry, kSize, kNature, kTerm, kCost, kAmount, kPurposes, kBanks, kHighTech,
             kPatents, kTrademarks, kSoftware, kLayouts, kDefendant, kPenalties, kManagement, kAudited };
  static const std::unordered_map<std::string, Key> wanted = {
      {"credit_code", kCode}, {"enterprise_name", kName}, {"industry", kIndustry}, {"enterprise_size", kSize},
      {"enterprise_nature", kNature}, {"loan_term", kTerm}, {"max_cost", kCost}, {"loan_amount_wan", kAmount},
      {"purposes", kPurposes}, {"banks", kBanks}, {"recognised_high_tech", kHighTech},
      {"valid_patents", kPatents}, {"trademarks", kTrademarks}, {"software_copyrights", kSoftware},
      {"ic_layouts", kLayouts}, {"defendant_cases_12m", kDefendant}, {"penalties_12m", kPenalties},
      {"management_changed_12m", kManagement}, {"audited", kAudited}};
  RecordColumns c;
  bool any_ip = false;
  int64_t other_ip = 0;
  for (size_t i = 0; i < r.keys.size() && i < r.values.size(); ++i) {
    auto it = wanted.find(r.keys[i]);
    if (it == wanted.end()) continue;
    const FieldValue& v = r.values[i];
    const bool text = v.kind == FieldValue::Kind::Text, number = v.kind == FieldValue::Kind::Number,
               boolean = v.kind == FieldValue::Kind::Bool, list = v.kind == FieldValue::Kind::List;
    const int64_t count = number && v.number > 0 ? static_cast<int64_t>(v.number) : 0;
    switch (it->second) {
      case kCode: if (text) c.credit_code = v.text; break;
      case kName: if (text) c.enterprise_name = v.text; break;
      case kIndustry: if (text) c.industry = v.text; break;
      case kSize: if (text) c.enterprise_size = v.text; break;
      case kNature: if (text) c.enterprise_nature = v.text; break;
      case kTerm: if (text) c.loan_term = v.text; break;
      case kCost: if (text) c.max_cost = v.text; break;
      case kAmount: if (number) c.loan_amount_wan = v.number; break;
      case kPurposes:
        if (list)
          for (const auto& code : v.list) c.purposes |= purpose_bit(code);
        break;
      case kBanks: if (list) c.banks = v.list; break;
      case kHighTech: if (boolean) c.high_tech = v.boolean ? 1 : 0; break;
      case kPatents: if (number) c.valid_patents = static_cast<int64_t>(v.number); break;
      case kTrademarks:
      case kSoftware:
      case kLayouts:
        any_ip = true;
        other_ip += count;
        break;
      case kDefendant: if (count > 0) c.risk_flags |= kRiskDefendant; break;
      case kPenalties: if (count > 0) c.risk_flags |= kRiskPenalties; break;
      case kManagement: if (boolean && v.boolean) c.risk_flags |= kRiskManagementChange; break;
      case kAudited: if (boolean && !v.boolean) c.risk_flags |= kRiskUnaudited; break;
    }
  }
  if (any_ip) c.ip_total = other_ip;
  c.credit_code_valid = !c.credit_code.empty() && check_credit_code(c.credit_code).valid;
  c.has_need = c.credit_code_valid && c.loan_amount_wan && *c.loan_amount_wan > 0;

  int risks = 0;
  for (int f = c.risk_flags; f; f &= f - 1) ++risks;
  const int64_t patents = std::min<int64_t>(std::max<int64_t>(c.valid_patents.value_or(0), 0), kField);
  other_ip = std::min<int64_t>(c.ip_total.value_or(0), kField);
  c.rank_key = (int64_t(c.high_tech.value_or(0) == 1 ? 0 : 1) << 62) | ((kField - patents) << 40) |
               ((kField - other_ip) << 18) | (int64_t(risks) << 14);
  return c;
}

}  // namespace ipsurvey::db

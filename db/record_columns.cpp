#include "db/record_columns.h"

#include <algorithm>

#include "forms/form_definition.h"

namespace ipsurvey::db {
namespace {

const FieldDef& purposes_def() {
  static const FieldDef* def = form_definition("survey")->field("purposes");
  return *def;
}

std::string text_of(const Record& r, const char* key) {
  const FieldValue* v = r.get(key);
  return v && v->kind == FieldValue::Kind::Text ? v->text : std::string();
}

std::optional<double> number_of(const Record& r, const char* key) {
  const FieldValue* v = r.get(key);
  if (v && v->kind == FieldValue::Kind::Number) return v->number;
  return std::nullopt;
}

std::optional<bool> bool_of(const Record& r, const char* key) {
  const FieldValue* v = r.get(key);
  if (v && v->kind == FieldValue::Kind::Bool) return v->boolean;
  return std::nullopt;
}

int64_t count_of(const Record& r, const char* key) {
  auto n = number_of(r, key);
  return n && *n > 0 ? static_cast<int64_t>(*n) : 0;
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
  RecordColumns c;
  c.credit_code = text_of(r, "credit_code");
  c.enterprise_name = text_of(r, "enterprise_name");
  c.industry = text_of(r, "industry");
  c.enterprise_size = text_of(r, "enterprise_size");
  c.enterprise_nature = text_of(r, "enterprise_nature");
  c.loan_term = text_of(r, "loan_term");
  c.max_cost = text_of(r, "max_cost");
  c.loan_amount_wan = number_of(r, "loan_amount_wan");
  if (const FieldValue* p = r.get("purposes"); p && p->kind == FieldValue::Kind::List)
    for (const auto& code : p->list) c.purposes |= purpose_bit(code);
  if (const FieldValue* b = r.get("banks"); b && b->kind == FieldValue::Kind::List) c.banks = b->list;
  if (auto h = bool_of(r, "recognised_high_tech")) c.high_tech = *h ? 1 : 0;
  if (auto v = number_of(r, "valid_patents")) c.valid_patents = static_cast<int64_t>(*v);
  const bool any_ip = r.get("trademarks") || r.get("software_copyrights") || r.get("ic_layouts");
  if (any_ip) c.ip_total = count_of(r, "trademarks") + count_of(r, "software_copyrights") + count_of(r, "ic_layouts");
  if (count_of(r, "defendant_cases_12m") > 0) c.risk_flags |= kRiskDefendant;
  if (count_of(r, "penalties_12m") > 0) c.risk_flags |= kRiskPenalties;
  if (bool_of(r, "management_changed_12m").value_or(false)) c.risk_flags |= kRiskManagementChange;
  if (auto a = bool_of(r, "audited"); a && !*a) c.risk_flags |= kRiskUnaudited;
  c.has_need = !c.credit_code.empty() && c.loan_amount_wan && *c.loan_amount_wan > 0;

  int risks = 0;
  for (int f = c.risk_flags; f; f &= f - 1) ++risks;
  const int64_t patents = std::min<int64_t>(std::max<int64_t>(c.valid_patents.value_or(0), 0), kField);
  const int64_t other_ip = std::min<int64_t>(c.ip_total.value_or(0), kField);
  c.rank_key = (int64_t(c.high_tech.value_or(0) == 1 ? 0 : 1) << 62) | ((kField - patents) << 40) |
               ((kField - other_ip) << 18) | (int64_t(risks) << 14);
  return c;
}

}  // namespace ipsurvey::db

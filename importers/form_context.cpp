#include "importers/form_context.h"

#include <map>
#include <mutex>

#include "forms/cities.h"
#include "forms/credit_code.h"

namespace ipsurvey::importers {

void apply_field(const FieldDef& def, const FieldAnswer& answer, const std::string& sheet,
                 const std::string& cell, const std::string& row_label, Record& record,
                 FieldValues& values_out, Problems& problems, NormalizeMemo* memo) {
  Findings findings;
  const size_t before = values_out.size();
  if (memo)
    memo->normalize(def, answer, values_out, findings);
  else
    normalize_field(def, answer, values_out, findings);
  for (size_t i = before; i < values_out.size(); ++i)
    record.sources.emplace_back(values_out[i].first, SourceRef{cell, 0});
  for (auto& f : findings) {
    Problem p;
    p.severity = f.severity;
    p.code = std::move(f.code);
    p.sheet = sheet;
    p.cell = cell;
    p.field = def.key;
    const std::string& label = def.label();
    p.message.reserve(row_label.size() + label.size() + f.message.size() + 6);
    p.message.append(row_label).append("“").append(label).append("”").append(f.message);
    problems.push_back(std::move(p));
  }
}

const std::vector<std::string>& record_key_order(const FormDefinition& def) {
  static std::mutex mutex;
  static std::map<const FormDefinition*, std::vector<std::string>> orders;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = orders.find(&def);
  if (it == orders.end()) it = orders.emplace(&def, def.record_keys()).first;
  return it->second;
}

void finish_record(Record& record, const FormOptions& options, Problems& problems, size_t first_problem) {
  const Cities& cities = Cities::instance();
  const City* city = nullptr;
  bool from_code = false;
  if (!options.city.empty()) city = cities.by_name(options.city);
  if (!city)
    if (const FieldValue* unit = record.get("unit")) city = cities.find_in_text(unit->text);
  if (!city)
    if (const FieldValue* address = record.get("address")) city = cities.find_in_text(address->text);
  const FieldValue* code = record.get("credit_code");
  const City* code_city = nullptr;
  if (code) {
    const std::string division = credit_code_division(code->text);
    if (!division.empty()) code_city = cities.by_division(division);
  }
  if (!city && code_city) {
    city = code_city;
    from_code = true;
  }
  if (city) record.city = city->name;
  if (city && code_city && !from_code && code_city != city) {
    const SourceRef* src = record.source("credit_code");
    Problem p;
    p.severity = Severity::Warning;
    p.code = "credit_code.region_mismatch";
    p.sheet = record.sheet;
    p.cell = src ? src->cell : std::string();
    p.field = "credit_code";
    p.message = "信用代码的登记机关在" + code_city->name + "，与上报城市" + city->name + "不一致";
    problems.push_back(std::move(p));
  }
  for (size_t i = first_problem; i < problems.size(); ++i)
    if (problems[i].severity == Severity::Error) record.needs_correction = true;
}

}  // namespace ipsurvey::importers

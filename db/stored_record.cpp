#include "db/stored_record.h"

#include "db/record_sources.h"
#include "forms/json_writer.h"
#include "forms/record_json.h"

namespace ipsurvey::db {
namespace {

std::string text_of(const Record& r, const char* key) {
  const FieldValue* v = r.get(key);
  return v && v->kind == FieldValue::Kind::Text ? v->text : std::string();
}

std::optional<int64_t> whole_number_of(const Record& r, const char* key) {
  const FieldValue* v = r.get(key);
  if (v && v->kind == FieldValue::Kind::Number) return static_cast<int64_t>(v->number);
  return std::nullopt;
}

}  // namespace

StoredRecord stored_record(const Record& r) {
  StoredRecord s;
  s.form = r.form;
  s.sheet = r.sheet;
  s.row = r.row;
  s.city = r.city;
  s.needs_correction = r.needs_correction;
  JsonWriter w(s.fields_json);
  write_fields_json(w, r);
  s.sources_json = encode_sources(r);
  if (r.form == "ledger") {
    s.unit = text_of(r, "unit");
    s.filed_on = text_of(r, "filed_on");
    s.year = whole_number_of(r, "year");
    s.quarter = whole_number_of(r, "quarter");
  } else {
    s.columns = record_columns(r);
    s.filled_month = text_of(r, "filled_month");
    if (const SourceRef* src = r.source("credit_code")) s.credit_code_source = *src;
  }
  return s;
}

}  // namespace ipsurvey::db

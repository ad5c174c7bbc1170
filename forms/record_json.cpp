#include "forms/record_json.h"

namespace ipsurvey {

void write_field_value_json(JsonWriter& w, const FieldValue& v) {
  switch (v.kind) {
    case FieldValue::Kind::Text: w.value(v.text); break;
    case FieldValue::Kind::Number: w.value(v.number); break;
    case FieldValue::Kind::Bool: w.value(v.boolean); break;
    case FieldValue::Kind::List:
      w.begin_array();
      for (const auto& s : v.list) w.value(s);
      w.end_array();
      break;
    case FieldValue::Kind::Object:
      w.begin_object();
      for (size_t i = 0; i < v.keys.size() && i < v.items.size(); ++i) {
        w.key(v.keys[i]);
        write_field_value_json(w, v.items[i]);
      }
      w.end_object();
      break;
    case FieldValue::Kind::Array:
      w.begin_array();
      for (const auto& item : v.items) write_field_value_json(w, item);
      w.end_array();
      break;
  }
}

void write_record_json(JsonWriter& w, const Record& r, bool with_sources) {
  w.begin_object();
  w.key("form").value(r.form);
  w.key("source").begin_object();
  w.key("sheet").value(r.sheet);
  if (r.row > 0) w.key("row").value(r.row);
  w.end_object();
  if (!r.city.empty()) w.key("city").value(r.city);
  w.key("needs_correction").value(r.needs_correction);
  w.key("fields").begin_object();
  for (size_t i = 0; i < r.keys.size(); ++i) {
    w.key(r.keys[i]);
    write_field_value_json(w, r.values[i]);
  }
  w.end_object();
  if (with_sources) {
    w.key("cells").begin_object();
    for (const auto& [key, src] : r.sources) {
      w.key(key);
      if (!src.cell.empty()) w.value(src.cell);
      else w.value(src.line);
    }
    w.end_object();
  }
  w.end_object();
}

}  // namespace ipsurvey

#include "forms/record_json.h"

namespace ipsurvey {
namespace {

// The record's JSON is appended straight to the output, as JsonWriter would
// write it (no spaces, members in order): a large table has many records.
void append_string(std::string& out, std::string_view s) { JsonWriter::append_escaped(out, s); }

void append_key(std::string& out, std::string_view key) {
  append_string(out, key);
  out.push_back(':');
}

void append_value(std::string& out, const FieldValue& v) {
  switch (v.kind) {
    case FieldValue::Kind::Text: append_string(out, v.text); break;
    case FieldValue::Kind::Number: JsonWriter::append_number(out, v.number); break;
    case FieldValue::Kind::Bool: out += v.boolean ? "true" : "false"; break;
    case FieldValue::Kind::List:
      out.push_back('[');
      for (size_t i = 0; i < v.list.size(); ++i) {
        if (i > 0) out.push_back(',');
        append_string(out, v.list[i]);
      }
      out.push_back(']');
      break;
    case FieldValue::Kind::Object:
      out.push_back('{');
      for (size_t i = 0; i < v.keys.size() && i < v.items.size(); ++i) {
        if (i > 0) out.push_back(',');
        append_key(out, v.keys[i]);
        append_value(out, v.items[i]);
      }
      out.push_back('}');
      break;
    case FieldValue::Kind::Array:
      out.push_back('[');
      for (size_t i = 0; i < v.items.size(); ++i) {
        if (i > 0) out.push_back(',');
        append_value(out, v.items[i]);
      }
      out.push_back(']');
      break;
  }
}

void append_fields(std::string& out, const Record& r) {
  out.push_back('{');
  for (size_t i = 0; i < r.keys.size(); ++i) {
    if (i > 0) out.push_back(',');
    append_key(out, r.keys[i]);
    append_value(out, r.values[i]);
  }
  out.push_back('}');
}

void append_sources(std::string& out, const Record& r) {
  out.push_back('{');
  for (size_t i = 0; i < r.sources.size(); ++i) {
    if (i > 0) out.push_back(',');
    const auto& [key, src] = r.sources[i];
    append_key(out, key);
    if (!src.cell.empty())
      append_string(out, src.cell);
    else
      JsonWriter::append_number(out, src.line);
  }
  out.push_back('}');
}

}  // namespace

void write_field_value_json(JsonWriter& w, const FieldValue& v) { append_value(w.raw_value(), v); }

void write_fields_json(JsonWriter& w, const Record& r) { append_fields(w.raw_value(), r); }

void write_record_json(JsonWriter& w, const Record& r, bool with_sources) {
  std::string& out = w.raw_value();
  out += "{\"form\":";
  append_string(out, r.form);
  out += ",\"source\":{\"sheet\":";
  append_string(out, r.sheet);
  if (r.row > 0) {
    out += ",\"row\":";
    JsonWriter::append_number(out, r.row);
  }
  out.push_back('}');
  if (!r.city.empty()) {
    out += ",\"city\":";
    append_string(out, r.city);
  }
  out += r.needs_correction ? ",\"needs_correction\":true" : ",\"needs_correction\":false";
  out += ",\"fields\":";
  append_fields(out, r);
  if (with_sources) {
    out += ",\"cells\":";
    append_sources(out, r);
  }
  out.push_back('}');
}

}  // namespace ipsurvey

#include "forms/record.h"

namespace ipsurvey {

FieldValue FieldValue::of_text(std::string t) {
  FieldValue v;
  v.kind = Kind::Text;
  v.text = std::move(t);
  return v;
}

FieldValue FieldValue::of_number(double d) {
  FieldValue v;
  v.kind = Kind::Number;
  v.number = d;
  return v;
}

FieldValue FieldValue::of_bool(bool b) {
  FieldValue v;
  v.kind = Kind::Bool;
  v.boolean = b;
  return v;
}

FieldValue FieldValue::of_list(std::vector<std::string> l) {
  FieldValue v;
  v.kind = Kind::List;
  v.list = std::move(l);
  return v;
}

const FieldValue* Record::get(const std::string& key) const {
  for (size_t i = 0; i < keys.size(); ++i)
    if (keys[i] == key) return &values[i];
  return nullptr;
}

void Record::set(const std::string& key, FieldValue value) {
  for (size_t i = 0; i < keys.size(); ++i)
    if (keys[i] == key) {
      values[i] = std::move(value);
      return;
    }
  keys.push_back(key);
  values.push_back(std::move(value));
}

}  // namespace ipsurvey

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

const SourceRef* Record::source(const std::string& key) const {
  for (const auto& [k, ref] : sources)
    if (k == key) return &ref;
  return nullptr;
}

void Record::set_source(std::string key, SourceRef ref) {
  for (auto& [k, r] : sources)
    if (k == key) {
      r = std::move(ref);
      return;
    }
  sources.emplace_back(std::move(key), std::move(ref));
}

void Record::order_by(const std::vector<std::string>& order) {
  std::vector<std::string> new_keys;
  std::vector<FieldValue> new_values;
  new_keys.reserve(keys.size());
  new_values.reserve(values.size());
  std::vector<bool> taken(keys.size(), false);
  for (const auto& k : order)
    for (size_t i = 0; i < keys.size(); ++i)
      if (!taken[i] && keys[i] == k) {
        taken[i] = true;
        new_keys.push_back(std::move(keys[i]));
        new_values.push_back(std::move(values[i]));
        break;
      }
  for (size_t i = 0; i < keys.size(); ++i)
    if (!taken[i]) {
      new_keys.push_back(std::move(keys[i]));
      new_values.push_back(std::move(values[i]));
    }
  keys.swap(new_keys);
  values.swap(new_values);
}

}  // namespace ipsurvey

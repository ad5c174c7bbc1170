#include "db/record_sources.h"

#include "forms/json_reader.h"
#include "forms/json_writer.h"

namespace ipsurvey::db {

std::pair<std::string_view, int> split_cell_ref(std::string_view cell) {
  cell = cell.substr(0, cell.find(':'));
  size_t i = 0;
  while (i < cell.size() && cell[i] >= 'A' && cell[i] <= 'Z') ++i;
  if (i == 0 || i == cell.size() || i > 3) return {cell, 0};
  int row = 0;
  for (size_t j = i; j < cell.size(); ++j) {
    if (cell[j] < '0' || cell[j] > '9' || row > 10000000) return {cell, 0};
    row = row * 10 + (cell[j] - '0');
  }
  return {cell.substr(0, i), row};
}

std::string encode_sources(const Record& r) {
  std::string out = "[";
  size_t next = 0;  // sources mostly follow the keys' order: look there first
  for (size_t i = 0; i < r.keys.size(); ++i) {
    if (i) out.push_back(',');
    const SourceRef* s = nullptr;
    if (next < r.sources.size() && r.sources[next].first == r.keys[i]) {
      s = &r.sources[next++].second;
    } else {
      s = r.source(r.keys[i]);
    }
    if (!s) {
      out += "\"\"";
    } else if (!s->cell.empty()) {
      auto [column, row] = split_cell_ref(s->cell);
      JsonWriter::append_escaped(out, r.row > 0 && row == r.row ? column : std::string_view(s->cell));
    } else {
      out += std::to_string(s->line);
    }
  }
  out.push_back(']');
  return out;
}

bool decode_sources(std::string_view text, const std::vector<std::string>& keys, int row,
                    std::vector<std::pair<std::string, SourceRef>>* out) {
  FieldValue v;
  if (!read_field_value_json(text, &v, nullptr)) return false;
  out->clear();
  auto add = [&](size_t i, const FieldValue& item) {
    if (i >= keys.size()) return;
    if (item.kind == FieldValue::Kind::Number) {
      out->emplace_back(keys[i], SourceRef{"", static_cast<int>(item.number)});
    } else if (item.kind == FieldValue::Kind::Text && !item.text.empty()) {
      const bool column_only = item.text.find_first_of("0123456789") == std::string::npos;
      out->emplace_back(keys[i], SourceRef{column_only && row > 0 ? item.text + std::to_string(row) : item.text, 0});
    }
  };
  if (v.kind == FieldValue::Kind::List) {
    for (size_t i = 0; i < v.list.size(); ++i) add(i, FieldValue::of_text(v.list[i]));
    return true;
  }
  if (v.kind != FieldValue::Kind::Array) return false;
  for (size_t i = 0; i < v.items.size(); ++i) add(i, v.items[i]);
  return true;
}

}  // namespace ipsurvey::db

// find_table_columns and read_table_row: survey tables, one enterprise a row.
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "forms/text_normalize.h"
#include "forms/ticks.h"
#include "importers/cell_ref.h"
#include "importers/form_layouts.h"
#include "importers/label_index.h"

namespace ipsurvey::importers {
namespace {

constexpr uint32_t kHeaderSearchRows = 30;

bool is_tick(const BufferedCell& c) {
  if (c.type == CellType::Bool) return c.number != 0;
  if (c.type == CellType::Number) return c.number == 1;
  const std::string_view t = trim_view(c.text);
  if (t.empty()) return false;
  if (t == "是" || t == "有" || t == "1" || t == "Y" || t == "y") return true;
  // A single mark, or a mark followed by anything.
  size_t n = 1;
  const auto b = static_cast<unsigned char>(t[0]);
  if (b >= 0xF0) n = 4;
  else if (b >= 0xE0) n = 3;
  else if (b >= 0xC0) n = 2;
  return mark_of(std::string_view(t).substr(0, std::min(n, t.size()))) == Mark::Ticked;
}

// Whether label_key(text) may name a total. It keeps a valid text's own
// characters, so it cannot without a 计. Most texts are ASCII and 3-byte
// characters (valid whatever they are) and are read here in one pass; any
// other text may.
bool may_name_total(std::string_view text) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  for (size_t i = 0; i < text.size();) {
    const unsigned char b = byte(i);
    if (b < 0x80) {
      ++i;
    } else if (b >= 0xE1 && b <= 0xEF && b != 0xED && i + 2 < text.size() && (byte(i + 1) & 0xC0) == 0x80 &&
               (byte(i + 2) & 0xC0) == 0x80) {
      if (b == 0xE8 && byte(i + 1) == 0xAE && byte(i + 2) == 0xA1) return true;  // 计
      i += 3;
    } else {
      return true;
    }
  }
  return false;
}

// Choices, yes/no and bank lists read the written text; the rest the typed answer.
bool reads_written_text(FieldType t) {
  return t == FieldType::Choice || t == FieldType::MultiChoice || t == FieldType::Boolean ||
         t == FieldType::Banks;
}

// What a row's cell (null when none) gives a field. `a` is reused from field to
// field: its strings keep their buffers.
void set_cell_answer(const BufferedCell* cell, const FieldDef& f, FieldAnswer& a) {
  a.region_text.clear();
  if (!cell) {
    a.answer.kind = Answer::Kind::Empty;
    a.answer.text.clear();
    a.answer.number = 0;
    return;
  }
  cell->answer_into(a.answer);
  if (cell->type == CellType::String && reads_written_text(f.type)) a.region_text.assign(cell->text);
}

}  // namespace

bool is_total_label(std::string_view text) {
  if (!may_name_total(text)) return false;
  const std::string k = label_key(text);
  return k == "合计" || k == "总计" || k == "小计" || k == "总合计";
}

bool find_table_columns(const SheetBuffer& sheet, const FormDefinition& def, size_t min_fields,
                        TableColumns& out) {
  const LabelIndex& index = LabelIndex::instance();
  std::map<uint32_t, std::map<uint32_t, const FieldDef*>> by_row;
  for (const auto& c : sheet.cells()) {
    if (c.row >= kHeaderSearchRows) break;
    if (c.type != CellType::String) continue;
    const auto* hits = index.find_text(c.text);
    if (!hits) continue;
    for (const auto& h : *hits)
      if (h.kind == LabelHit::Kind::Field && h.form == &def) {
        by_row[c.row][c.col] = h.field;
        break;
      }
  }
  uint32_t best_row = 0;
  size_t best = 0;
  for (const auto& [row, cols] : by_row) {
    std::set<const FieldDef*> distinct;
    for (const auto& [col, f] : cols) distinct.insert(f);
    if (distinct.size() > best) {
      best = distinct.size();
      best_row = row;
    }
  }
  if (best < min_fields) return false;
  out = TableColumns{};
  out.header_row = best_row;
  out.first_data_row = best_row + 1;
  std::set<const FieldDef*> used;
  // Two header rows: labels in the row above (under a merged section title) also count.
  for (uint32_t r : {best_row > 0 ? best_row - 1 : best_row, best_row}) {
    auto it = by_row.find(r);
    if (it == by_row.end()) continue;
    for (const auto& [label_col, f] : it->second) {
      const uint32_t col = label_col;  // lambdas may not capture structured bindings (C++17)
      if (used.count(f)) continue;
      if (std::any_of(out.columns.begin(), out.columns.end(), [&](const auto& c) { return c.col == col; })) continue;
      used.insert(f);
      out.columns.push_back({col, f, {}, {}});
    }
  }
  // Option columns: a row names two or more options of a field whose label
  // stands in the row above them (at or left of the column: the label merged
  // over its options) — the header row itself (its field label one row up) or
  // the row under it. A data row naming one option per field is no such row.
  bool options_below = false;
  std::map<const FieldDef*, std::vector<TableColumns::Column>> options;
  for (uint32_t r : {best_row, best_row + 1}) {
    if (r == 0) continue;
    auto above = by_row.find(r - 1);
    if (above == by_row.end()) continue;
    std::map<const FieldDef*, std::vector<TableColumns::Column>> found;
    const auto [lo, hi] = sheet.row_span(r);
    for (size_t i = lo; i < hi; ++i) {
      const BufferedCell& c = sheet.cells()[i];
      if (c.type != CellType::String) continue;
      const auto* hits = index.find_text(c.text);
      if (!hits) continue;
      const FieldDef* owner = nullptr;
      for (const auto& [col, f] : above->second)
        if (col <= c.col) owner = f;
      for (const auto& h : *hits)
        if (h.kind == LabelHit::Kind::Option && h.field == owner) {
          found[owner].push_back({c.col, owner, h.option, {}});
          break;
        }
    }
    for (auto& [owner, cols] : found)
      if (cols.size() >= 2 && !options.count(owner)) {
        options[owner] = cols;
        options_below |= r == best_row + 1;
      }
  }
  for (auto& entry : options) {
    const FieldDef* owner = entry.first;
    const auto& cols = entry.second;
    // The label's own column holds its first option, not a written answer.
    out.columns.erase(std::remove_if(out.columns.begin(), out.columns.end(),
                                     [&](const TableColumns::Column& c) {
                                       return c.field == owner ||
                                              std::any_of(cols.begin(), cols.end(),
                                                          [&](const auto& o) { return o.col == c.col; });
                                     }),
                      out.columns.end());
    for (auto& o : cols) out.columns.push_back(o);
    used.insert(owner);
  }
  if (options_below) {
    out.header_row = best_row + 1;
    out.first_data_row = best_row + 2;
  }
  std::sort(out.columns.begin(), out.columns.end(), [](const auto& a, const auto& b) { return a.col < b.col; });
  for (auto& c : out.columns) c.letters = column_letters(c.col);
  out.distinct_fields = used.size();
  return true;
}

void read_table_row(const std::vector<const BufferedCell*>& cells, uint32_t row, const TableColumns& table,
                    const FormDefinition& def, const std::string& name, const FormOptions& options,
                    FormOutput& out, TableRowContext* context) {
  if (cells.empty()) return;
  std::optional<TableRowContext> local;
  TableRowContext& ctx = context ? *context : local.emplace();
  // Gather each field's cells, by the field's position in the definition.
  auto& by_field = ctx.fields;
  by_field.assign(def.fields.size(), {});
  size_t c = 0;
  bool any = false;
  for (const auto& col : table.columns) {
    while (c < cells.size() && cells[c]->col < col.col) ++c;
    const BufferedCell* cell = c < cells.size() && cells[c]->col == col.col ? cells[c] : nullptr;
    auto& g = by_field[static_cast<size_t>(col.field - def.fields.data())];
    g.mapped = true;
    if (!col.option.empty()) {
      g.option_columns = true;
      if (!g.cell) g.letters = &col.letters;
      if (cell && is_tick(*cell)) {
        g.ticked.push_back(col.option);
        any = true;
      }
      continue;
    }
    g.letters = &col.letters;
    if (cell && cell->shows_value()) {
      g.cell = cell;
      any = true;
    }
  }
  if (!any) return;
  const size_t first_problem = out.problems.size();
  Record& record = ctx.record;
  record.keys.clear();
  record.values.clear();
  record.sources.clear();
  record.city.clear();
  record.needs_correction = false;
  record.form = def.key;
  record.sheet = name;
  record.row = static_cast<int>(row + 1);
  FieldValues& values = ctx.values;  // one field's, moved into the record at once
  record.keys.reserve(def.fields.size());
  record.values.reserve(def.fields.size());
  record.sources.reserve(def.fields.size());
  const std::string row_number = std::to_string(row + 1);
  const std::string row_label = "第" + row_number + "行";
  FieldAnswer& a = ctx.answer;
  for (size_t i = 0; i < def.fields.size(); ++i) {
    auto& g = by_field[i];
    if (!g.mapped) continue;
    const FieldDef& f = def.fields[i];
    set_cell_answer(g.cell, f, a);
    a.ticked_columns = std::move(g.ticked);
    a.option_columns = g.option_columns;
    values.clear();
    apply_field(f, a, name, *g.letters + row_number, row_label, record, values, out.problems, &ctx.memo);
    // Fields are visited in definition order, each key once: this is record order.
    for (auto& [k, v] : values) record.append(std::move(k), std::move(v));
  }
  finish_record(record, options, out.problems, first_problem);
  out.add(std::move(record));
}

}  // namespace ipsurvey::importers

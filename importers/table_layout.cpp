// find_table_columns and read_table_row: survey tables, one enterprise a row.
#include <algorithm>
#include <map>
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
  const std::string t = trim_text(c.text);
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

bool is_total_row(const std::vector<const BufferedCell*>& cells) {
  for (const BufferedCell* c : cells) {
    if (c->type != CellType::String) continue;
    const std::string k = label_key(c->text);
    if (k == "合计" || k == "总计" || k == "小计" || k == "总合计") return true;
  }
  return false;
}

}  // namespace

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
    for (const auto& [col, f] : it->second) {
      if (used.count(f)) continue;
      if (std::any_of(out.columns.begin(), out.columns.end(), [&](const auto& c) { return c.col == col; })) continue;
      used.insert(f);
      out.columns.push_back({col, f, {}});
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
          found[owner].push_back({c.col, owner, h.option});
          break;
        }
    }
    for (auto& [owner, cols] : found)
      if (cols.size() >= 2 && !options.count(owner)) {
        options[owner] = cols;
        options_below |= r == best_row + 1;
      }
  }
  for (auto& [owner, cols] : options) {
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
  out.distinct_fields = used.size();
  return true;
}

void read_table_row(const std::vector<const BufferedCell*>& cells, uint32_t row, const TableColumns& table,
                    const FormDefinition& def, const std::string& name, const FormOptions& options,
                    FormOutput& out) {
  if (cells.empty() || is_total_row(cells)) return;
  // Gather each field's cells, by the field's position in the definition.
  struct Gathered {
    const BufferedCell* cell = nullptr;
    uint32_t col = 0;
    bool mapped = false;
    bool option_columns = false;
    std::vector<std::string> ticked;
  };
  std::vector<Gathered> by_field(def.fields.size());
  size_t c = 0;
  bool any = false;
  for (const auto& col : table.columns) {
    while (c < cells.size() && cells[c]->col < col.col) ++c;
    const BufferedCell* cell = c < cells.size() && cells[c]->col == col.col ? cells[c] : nullptr;
    Gathered& g = by_field[static_cast<size_t>(col.field - def.fields.data())];
    g.mapped = true;
    if (!col.option.empty()) {
      g.option_columns = true;
      if (!g.cell) g.col = col.col;
      if (cell && is_tick(*cell)) {
        g.ticked.push_back(col.option);
        any = true;
      }
      continue;
    }
    g.col = col.col;
    if (cell && !trim_text(cell->display()).empty()) {
      g.cell = cell;
      any = true;
    }
  }
  if (!any) return;
  const size_t first_problem = out.problems.size();
  Record record;
  record.form = def.key;
  record.sheet = name;
  record.row = static_cast<int>(row + 1);
  FieldValues values;
  const std::string row_label = "第" + std::to_string(row + 1) + "行";
  for (size_t i = 0; i < def.fields.size(); ++i) {
    const Gathered& g = by_field[i];
    if (!g.mapped) continue;
    FieldAnswer a;
    const FieldDef& f = def.fields[i];
    if (g.cell) {
      a.answer = g.cell->answer();
      // Choices, yes/no and bank lists read the written text; the rest the typed answer.
      if (g.cell->type == CellType::String &&
          (f.type == FieldType::Choice || f.type == FieldType::MultiChoice || f.type == FieldType::Boolean ||
           f.type == FieldType::Banks))
        a.region_text = g.cell->text;
    }
    a.ticked_columns = g.ticked;
    a.option_columns = g.option_columns;
    apply_field(f, a, name, cell_ref(row, g.col), row_label, record, values, out.problems);
  }
  // Fields were visited in definition order, each key once: already in record order.
  record.keys.reserve(values.size());
  record.values.reserve(values.size());
  for (auto& [k, v] : values) record.append(std::move(k), std::move(v));
  finish_record(record, options, out.problems, first_problem);
  out.add(std::move(record));
}

}  // namespace ipsurvey::importers

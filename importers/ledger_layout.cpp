// read_ledger: the header fields and the activities / policies tables.
#include <algorithm>
#include <map>

#include "forms/text_normalize.h"
#include "importers/cell_ref.h"
#include "importers/form_layouts.h"
#include "importers/header_fields.h"
#include "importers/label_index.h"

namespace ipsurvey::importers {
namespace {

struct TableHeader {
  const TableDef* table = nullptr;
  uint32_t row = 0;
  std::map<uint32_t, const FieldDef*> columns;  // col -> column
};

// The reporting year: given with the quarter, else the year of the latest end
// of that quarter on or before the filing date.
int ledger_year(int quarter, const std::string& filed_on) {
  if (quarter < 1 || quarter > 4 || filed_on.size() < 10) return 0;
  const int y = std::stoi(filed_on.substr(0, 4));
  const int m = std::stoi(filed_on.substr(5, 2));
  const int d = std::stoi(filed_on.substr(8, 2));
  const int end_month = quarter * 3;
  const int end_day = (end_month == 6 || end_month == 9) ? 30 : 31;
  const bool ended_this_year = m > end_month || (m == end_month && d >= end_day);
  return ended_this_year ? y : y - 1;
}

}  // namespace

void read_ledger(const SheetBuffer& sheet, const FormDefinition& def, const std::string& name,
                 const FormOptions& options, FormOutput& out) {
  const LabelIndex& index = LabelIndex::instance();
  const size_t first_problem = out.problems.size();
  Record record;
  record.form = def.key;
  record.sheet = name;
  FieldValues values;
  read_header_fields(sheet, def, name, record, values, out.problems);

  // Header rows of the tables: the row naming most of a table's columns.
  std::vector<TableHeader> headers;
  for (const auto& t : def.tables) {
    TableHeader best;
    best.table = &t;
    std::map<uint32_t, std::map<uint32_t, const FieldDef*>> by_row;
    for (const auto& c : sheet.cells()) {
      if (c.type != CellType::String) continue;
      if (const auto* hits = index.find_text(c.text))
        for (const auto& h : *hits)
          if (h.kind == LabelHit::Kind::Column && h.table == &t) by_row[c.row][c.col] = h.field;
    }
    for (const auto& [row, cols] : by_row)
      if (cols.size() > best.columns.size()) {
        best.row = row;
        best.columns = cols;
      }
    if (best.columns.size() >= 2) headers.push_back(best);
  }
  std::sort(headers.begin(), headers.end(), [](const TableHeader& a, const TableHeader& b) { return a.row < b.row; });

  for (size_t h = 0; h < headers.size(); ++h) {
    const TableHeader& th = headers[h];
    const uint32_t end_row = h + 1 < headers.size() ? headers[h + 1].row : sheet.max_row() + 1;
    FieldValue rows;
    rows.kind = FieldValue::Kind::Array;
    for (uint32_t r = th.row + 1; r < end_row; ++r) {
      // The next table's own title row ("政策类") ends this one too.
      const auto [lo, hi] = sheet.row_span(r);
      bool note = false;
      for (size_t i = lo; i < hi; ++i) {
        const std::string& t = sheet.cells()[i].text;
        if (t.rfind("注：", 0) == 0 || t.rfind("注:", 0) == 0) note = true;
      }
      if (note) break;
      FieldValue obj;
      obj.kind = FieldValue::Kind::Object;
      FieldValues row_values;
      Record row_record;  // collects sources only
      for (const auto& [col, column] : th.columns) {
        const BufferedCell* c = sheet.at(r, col);
        if (!c || trim_text(c->display()).empty()) continue;
        FieldAnswer a;
        a.answer = c->answer();
        apply_field(*column, a, name, cell_ref(r, col), "第" + std::to_string(r + 1) + "行", row_record, row_values,
                    out.problems);
      }
      if (row_values.empty()) continue;
      for (auto& [k, v] : row_values) {
        obj.keys.push_back(k);
        obj.items.push_back(std::move(v));
      }
      for (const auto& [k, src] : row_record.sources)
        record.set_source(th.table->key + "[" + std::to_string(rows.items.size()) + "]." + k, src);
      rows.items.push_back(std::move(obj));
    }
    values.emplace_back(th.table->key, std::move(rows));
  }
  for (const auto& t : def.tables)
    if (std::none_of(values.begin(), values.end(), [&](const auto& kv) { return kv.first == t.key; })) {
      FieldValue empty;
      empty.kind = FieldValue::Kind::Array;
      values.emplace_back(t.key, std::move(empty));
    }

  for (auto& [k, v] : values) record.set(k, std::move(v));
  if (!record.get("year")) {
    const FieldValue* q = record.get("quarter");
    const FieldValue* filed = record.get("filed_on");
    const int year = q && filed ? ledger_year(static_cast<int>(q->number), filed->text) : 0;
    if (year > 0) record.set("year", FieldValue::of_number(year));
  }
  for (const char* required : {"unit", "quarter"})
    if (!record.get(required)) {
      const FieldDef* f = def.field(required);
      Problem p = make_problem(Severity::Error, "required.missing",
                               "台账表头缺少“" + (f ? f->label() : std::string(required)) + "”", name);
      p.field = required;
      out.problems.push_back(std::move(p));
    }
  // Keys in a stable order: header fields, year, then the tables.
  record.order_by({"unit", "year", "quarter", "filed_on", "activities", "policies"});
  finish_record(record, options, out.problems, first_problem);
  out.add(std::move(record));
}

}  // namespace ipsurvey::importers

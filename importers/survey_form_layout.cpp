// read_survey_form and the header-line fields shared with the ledger.
#include <algorithm>
#include <map>

#include "forms/text_normalize.h"
#include "importers/cell_ref.h"
#include "importers/form_layouts.h"
#include "importers/header_fields.h"
#include "importers/label_index.h"

namespace ipsurvey::importers {
namespace {

struct LabelCell {
  const BufferedCell* cell;
  const FieldDef* field;
  CellRange extent;
  bool inline_value = false;
  std::string value;  // "企业名称：XX" written in the label's own cell
};

const FieldDef* field_hit(const std::vector<LabelHit>* hits, const FormDefinition& def) {
  if (!hits) return nullptr;
  for (const auto& h : *hits)
    if (h.kind == LabelHit::Kind::Field && h.form == &def && !h.field->header) return h.field;
  return nullptr;
}

}  // namespace

void read_survey_form(const SheetBuffer& sheet, const FormDefinition& def, const std::string& name,
                      const FormOptions& options, FormOutput& out) {
  const LabelIndex& index = LabelIndex::instance();
  const size_t first_problem = out.problems.size();
  Record record;
  record.form = def.key;
  record.sheet = name;

  // 1. Label cells, first occurrence of each field.
  std::vector<LabelCell> labels;
  std::map<const FieldDef*, size_t> seen;
  for (const auto& c : sheet.cells()) {
    if (c.type != CellType::String || c.text.size() > 300) continue;
    const FieldDef* f = field_hit(index.find_text(c.text), def);
    LabelCell lc{&c, f, sheet.extent(c.row, c.col), false, {}};
    if (!f) {
      const std::vector<LabelHit>* hits = nullptr;
      std::string value;
      if (!index.split_label_value(c.text, hits, value) || !(f = field_hit(hits, def))) continue;
      lc.field = f;
      lc.inline_value = true;
      lc.value = value;
    }
    if (seen.count(f)) continue;
    seen[f] = labels.size();
    labels.push_back(lc);
  }

  // 2. Each field's answer.
  FieldValues values;
  for (const auto& f : def.fields) {
    if (f.header) continue;
    auto it = seen.find(&f);
    if (it == seen.end()) {
      if (f.required) {
        Problem p = make_problem(Severity::Error, "required.missing",
                                 "表中找不到“" + f.label() + "”一栏，该项为必填项", name);
        p.field = f.key;
        out.problems.push_back(std::move(p));
      }
      continue;
    }
    const LabelCell& lc = labels[it->second];
    FieldAnswer answer;
    std::string cell_ref_text = cell_ref(lc.cell->row, lc.cell->col);
    if (lc.inline_value) {
      answer.answer = Answer::of_text(lc.value);
      answer.region_text = lc.value;
    } else if (f.below) {
      // The cell directly under the label (its section's own, often merged, cell).
      const uint32_t r = lc.extent.last_row + 1;
      cell_ref_text = cell_ref(r, lc.extent.first_col);
      if (const BufferedCell* c = sheet.at(r, lc.extent.first_col)) {
        if (!trim_text(c->display()).empty() && !field_hit(index.find_text(c->text), def)) {
          answer.answer = c->answer();
          answer.region_text = c->display();
        }
      }
    } else {
      // The answer cells: right of the label, up to the next label in its row.
      const uint32_t row = lc.cell->row;
      uint32_t end_col = kMaxCols;
      for (const auto& other : labels)
        if (other.cell->row <= lc.extent.last_row && other.extent.last_row >= row &&
            other.cell->col > lc.extent.last_col && other.cell->col < end_col)
          end_col = other.cell->col;
      cell_ref_text = cell_ref(row, lc.extent.last_col + 1);
      bool first = true;
      for (uint32_t r = row; r <= lc.extent.last_row; ++r) {
        const auto [lo, hi] = sheet.row_span(r);
        for (size_t i = lo; i < hi; ++i) {
          const BufferedCell& c = sheet.cells()[i];
          if (c.col <= lc.extent.last_col || c.col >= end_col) continue;
          const std::string shown = c.display();
          if (trim_text(shown).empty()) continue;
          if (first) {
            answer.answer = c.answer();
            cell_ref_text = cell_ref(c.row, c.col);
            first = false;
          }
          if (!answer.region_text.empty()) answer.region_text += " ";
          answer.region_text += shown;
        }
      }
      for (const auto& box : sheet.boxes()) {
        if (box.row < row || box.row > lc.extent.last_row || box.col <= lc.extent.last_col || box.col >= end_col)
          continue;
        BoxAnswer b;
        b.checked = box.checked;
        b.caption = box.caption;
        if (b.caption.empty())
          if (const BufferedCell* under = sheet.at(box.row, box.col)) b.caption = under->display();
        answer.boxes.push_back(std::move(b));
      }
      // Choices and yes/no read all the answer cells' text; other fields the first cell.
      if (f.type != FieldType::Choice && f.type != FieldType::MultiChoice && f.type != FieldType::Boolean &&
          f.type != FieldType::Banks)
        answer.region_text.clear();
    }
    apply_field(f, answer, name, cell_ref_text, "", record, values, out.problems);
  }
  read_header_fields(sheet, def, name, record, values, out.problems);
  for (auto& [k, v] : values) record.set(k, std::move(v));
  record.order_by(record_key_order(def));
  finish_record(record, options, out.problems, first_problem);
  out.add(std::move(record));
}

}  // namespace ipsurvey::importers

#include "importers/form_sink.h"

#include <algorithm>
#include <set>

#include "forms/form_definition.h"
#include "forms/text_normalize.h"
#include "importers/label_index.h"

namespace ipsurvey::importers {
namespace {

constexpr uint32_t kEarlyRows = 30;
constexpr size_t kMaxBufferedCells = 200000;
constexpr size_t kMinTableFields = 4;
constexpr size_t kMinFormFields = 4;

// 合计 / 总计 / 小计 (with spaces or a colon) marks a total row: a short text in
// any column, or any text of a cell the table reads.
bool marks_total(CellType type, std::string_view text, bool kept) {
  return type == CellType::String && (text.size() <= 24 || kept) && is_total_label(text);
}

const FormDefinition& survey() { return *form_definition("survey"); }
const FormDefinition& ledger() { return *form_definition("ledger"); }

}  // namespace

FormSink::FormSink(const FormOptions& options, FormOutput& out) : options_(options), out_(out) {}

bool FormSink::begin_sheet(const SheetInfo& sheet) {
  sheet_ = sheet.name;
  mode_ = Mode::Buffering;
  tried_table_ = false;
  buffer_.clear();
  cells_used_ = row_begin_ = 0;
  pending_rows_.clear();
  table_context_.memo.clear();
  table_records_ = 0;
  return true;
}

void FormSink::explain(const std::string& message) {
  if (!options_.verbose) return;
  out_.problems.push_back(make_problem(Severity::Info, "sheet.classified", message, sheet_));
}

void FormSink::cell(const Cell& c) {
  switch (mode_) {
    case Mode::Dropped:
      return;
    case Mode::Streaming: {
      if (c.row != row_) {
        stream_row();
        row_ = c.row;
      }
      // Only the columns the table maps are kept; the rest is never copied.
      const bool kept = c.row >= table_.first_data_row && c.col < mapped_cols_.size() && mapped_cols_[c.col];
      row_is_total_ |= marks_total(c.type, c.text, kept);
      if (kept) {
        BufferedCell& b = add_row_cell();
        b.row = c.row;
        b.col = c.col;
        b.type = c.type;
        b.number = c.number;
        b.text.assign(c.text);
      }
      return;
    }
    case Mode::Buffering:
      if (!tried_table_ && c.row >= kEarlyRows) try_table();
      if (mode_ == Mode::Streaming) {
        cell(c);
        return;
      }
      if (buffer_.size() >= kMaxBufferedCells) {
        mode_ = Mode::Dropped;
        buffer_.clear();
        explain("工作表过大且不是汇总表，未识别为采集表");
        return;
      }
      buffer_.add(c);
      return;
  }
}

void FormSink::merged(const CellRange& range) {
  if (mode_ == Mode::Buffering) buffer_.add_merged(range);
}

void FormSink::check_box(const CheckBox& box) {
  if (mode_ == Mode::Buffering) buffer_.add_box(box);
}

void FormSink::try_table() {
  tried_table_ = true;
  buffer_.finish();
  if (!find_table_columns(buffer_, survey(), kMinTableFields, table_)) return;
  start_streaming();
}

void FormSink::start_streaming() {
  mode_ = Mode::Streaming;
  ++forms_found_;
  mapped_cols_.assign(0, false);
  for (const auto& c : table_.columns) {
    if (c.col >= mapped_cols_.size()) mapped_cols_.resize(c.col + 1, false);
    mapped_cols_[c.col] = true;
  }
  explain("识别为企业信息采集汇总表（第 " + std::to_string(table_.header_row + 1) + " 行为表头，" +
          std::to_string(table_.distinct_fields) + " 个栏目）");
  std::set<const FieldDef*> present;
  for (const auto& c : table_.columns) present.insert(c.field);
  for (const auto& f : survey().fields)
    if (f.required && !present.count(&f)) {
      Problem p = make_problem(Severity::Error, "required.missing",
                               "汇总表中没有“" + f.label() + "”一列，该项为必填项", sheet_);
      p.field = f.key;
      out_.problems.push_back(std::move(p));
    }
  // Replay what was buffered, row by row.
  cells_used_ = row_begin_ = 0;
  pending_rows_.clear();
  bool have_row = false;
  for (const auto& b : buffer_.cells()) {
    if (b.row < table_.first_data_row) continue;
    if (have_row && b.row != row_) stream_row();
    row_ = b.row;
    have_row = true;
    const bool kept = b.col < mapped_cols_.size() && mapped_cols_[b.col];
    row_is_total_ |= marks_total(b.type, b.text, kept);
    if (kept) add_row_cell() = b;
  }
  buffer_.clear();
}

BufferedCell& FormSink::add_row_cell() {
  if (cells_used_ == row_cells_.size()) row_cells_.emplace_back();
  return row_cells_[cells_used_++];
}

// The current row is complete: it waits, in column order, to be read with others.
void FormSink::stream_row() {
  const bool total = row_is_total_;
  row_is_total_ = false;
  if (total) cells_used_ = row_begin_;
  if (cells_used_ == row_begin_) return;
  const auto first = row_cells_.begin() + static_cast<std::ptrdiff_t>(row_begin_);
  const auto last = row_cells_.begin() + static_cast<std::ptrdiff_t>(cells_used_);
  // Cells usually come in column order: then sorting is skipped (it would keep
  // the order; a column given twice is still sorted as before).
  const bool in_order = std::adjacent_find(first, last, [](const BufferedCell& a, const BufferedCell& b) {
                          return a.col >= b.col;
                        }) == last;
  if (!in_order)
    std::sort(first, last, [](const BufferedCell& a, const BufferedCell& b) { return a.col < b.col; });
  pending_rows_.push_back({row_, row_begin_, cells_used_});
  row_begin_ = cells_used_;
  if (pending_rows_.size() >= kBatchRows) read_pending_rows();
}

void FormSink::read_pending_rows() {
  const size_t before = out_.count;
  for (const PendingRow& r : pending_rows_) {
    row_view_.clear();
    for (size_t i = r.begin; i < r.end; ++i) row_view_.push_back(&row_cells_[i]);
    read_table_row(row_view_, r.row, table_, survey(), sheet_, options_, out_, &table_context_);
  }
  table_records_ += out_.count - before;
  pending_rows_.clear();
  // The current row's cells, if any, move to the front.
  for (size_t i = row_begin_; i < cells_used_; ++i) std::swap(row_cells_[i - row_begin_], row_cells_[i]);
  cells_used_ -= row_begin_;
  row_begin_ = 0;
}

void FormSink::end_sheet() {
  if (mode_ == Mode::Streaming) {
    stream_row();
    read_pending_rows();
    if (table_records_ == 0) explain("汇总表中没有数据行");
    return;
  }
  if (mode_ == Mode::Dropped) return;
  buffer_.finish();
  const LabelIndex& index = LabelIndex::instance();
  std::set<const FieldDef*> survey_fields;
  size_t ledger_hits = 0;
  for (const auto& c : buffer_.cells()) {
    if (c.type != CellType::String) continue;
    const auto* hits = index.find_text(c.text);
    if (!hits) {
      std::string value;
      if (index.split_label_value(c.text, hits, value))
        for (const auto& h : *hits)
          if (h.kind == LabelHit::Kind::Field && h.form == &survey()) survey_fields.insert(h.field);
      continue;
    }
    for (const auto& h : *hits) {
      if (h.form == &ledger() && (h.kind == LabelHit::Kind::Title || h.kind == LabelHit::Kind::Column ||
                                  h.kind == LabelHit::Kind::Table))
        ++ledger_hits;
      if (h.kind == LabelHit::Kind::Field && h.form == &survey() && !h.field->header) survey_fields.insert(h.field);
    }
  }
  if (ledger_hits >= 3 && ledger_hits >= survey_fields.size()) {
    ++forms_found_;
    explain("识别为知识产权金融工作事项台账");
    read_ledger(buffer_, ledger(), sheet_, options_, out_);
  } else if (!tried_table_ && find_table_columns(buffer_, survey(), kMinTableFields, table_)) {
    start_streaming();
    stream_row();
    read_pending_rows();
  } else if (survey_fields.size() >= kMinFormFields) {
    ++forms_found_;
    explain("识别为企业信息采集表（表单格式，找到 " + std::to_string(survey_fields.size()) + " 个栏目）");
    read_survey_form(buffer_, survey(), sheet_, options_, out_);
  } else {
    explain(buffer_.size() == 0 ? "空工作表，跳过" : "未找到采集表的栏目（如说明页），跳过");
  }
  buffer_.clear();
}

}  // namespace ipsurvey::importers

// XLSX through libxlsxwriter in constant-memory mode (table_output.h).
//
// Constant memory means each row goes to a temporary file as soon as the next
// row is started, and a cell of an earlier row can no longer be written
// (LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE): the header is written first, then
// the rows in order. Strings are written inline (no shared-string table in
// memory). What is kept until workbook_close(): the column widths and formats,
// the autofilter range and the frozen pane, which is why they are set in
// do_finish(), once the number of rows and the widths are known.
#include <xlsxwriter.h>

#include <algorithm>
#include <string>

#include "collector/display_width.h"
#include "collector/table_writers.h"
#include "collector/xlsx_text.h"

namespace ipsurvey::collector {
namespace {

constexpr double kMinWidth = 6;

// A full ISO date "YYYY-MM-DD" that Excel can hold as a date (after 1900, so
// that its 1900 leap-year bug does not matter).
bool iso_date(std::string_view s, lxw_datetime* dt) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  const auto num = [&](size_t at, size_t n) {
    int v = 0;
    for (size_t k = 0; k < n; ++k) v = v * 10 + (s[at + k] - '0');
    return v;
  };
  const int y = num(0, 4), m = num(5, 2), d = num(8, 2);
  if (y <= 1900 || m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > kDays[m - 1] + (m == 2 && leap ? 1 : 0)) return false;
  *dt = lxw_datetime{y, m, d, 0, 0, 0.0};
  return true;
}

bool text_column(ColumnKind k) { return k != ColumnKind::Number && k != ColumnKind::Integer; }

class XlsxTableWriter final : public TableWriter {
 public:
  XlsxTableWriter(std::ostream* out, std::string path) : out_(out), path_(std::move(path)) {}
  ~XlsxTableWriter() override {
    if (workbook_ != nullptr) lxw_workbook_free(workbook_);  // abandoned: nothing written
  }

 private:
  bool do_begin(const TableHeader& header) override {
    if (header.columns.size() > LXW_COL_MAX)
      return fail("列数超过 Excel 工作表的上限 " + std::to_string(LXW_COL_MAX) + " 列");
    columns_ = header.columns;
    std::string error;
    in_place_ = !path_.empty() && replaceable_by_rename(path_);
    tmpdir_ = in_place_ ? directory_of(path_) : default_tmpdir();
    temp_ = TempFile::create(tmpdir_, in_place_ ? file_name_of(path_) : "ipsurvey-table.xlsx", &error);
    if (!temp_) return fail(error);

    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    options.tmpdir = tmpdir_.data();
    options.use_zip64 = LXW_FALSE;
    workbook_ = workbook_new_opt(temp_->path().c_str(), &options);
    if (workbook_ == nullptr) return fail("无法创建 XLSX 工作簿：内存不足");

    header_format_ = workbook_add_format(workbook_);
    text_format_ = workbook_add_format(workbook_);
    date_format_ = workbook_add_format(workbook_);
    if (!header_format_ || !text_format_ || !date_format_) return fail("无法创建 XLSX 格式：内存不足");
    format_set_bold(header_format_);
    format_set_num_format(header_format_, "@");
    format_set_num_format(text_format_, "@");
    format_set_num_format(date_format_, "yyyy-mm-dd");

    std::string name = sheet_name(header.title);
    if (workbook_validate_sheet_name(workbook_, name.c_str()) != LXW_NO_ERROR) name = "Sheet1";
    sheet_ = workbook_add_worksheet(workbook_, name.c_str());
    if (sheet_ == nullptr)
      return fail("无法创建 XLSX 工作表：无法在目录 " + tmpdir_ + " 中创建临时文件，或内存不足");

    widths_.assign(columns_.size(), 0);
    for (size_t i = 0; i < columns_.size(); ++i) {
      const std::string text = cell_text(columns_[i].header);
      widths_[i] = display_width(text);
      if (!check(worksheet_write_string(sheet_, 0, static_cast<lxw_col_t>(i), text.c_str(), header_format_),
                 0, i))
        return false;
    }
    worksheet_freeze_panes(sheet_, 1, 0);
    return true;
  }

  bool do_row(const std::vector<Cell>& cells) override {
    const size_t data_row = rows_written() + 1;  // 1-based among the data rows
    if (data_row >= LXW_ROW_MAX)
      return fail("行数超过 Excel 工作表的上限 " + std::to_string(LXW_ROW_MAX) + " 行（含表头）");
    const auto r = static_cast<lxw_row_t>(data_row);
    const bool measure = data_row <= kMeasureRows;
    for (size_t i = 0; i < cells.size(); ++i) {
      const Cell& c = cells[i];
      const auto col = static_cast<lxw_col_t>(i);
      if (c.is_empty()) continue;
      if (c.kind == Cell::Kind::Number) {
        if (!check(worksheet_write_number(sheet_, r, col, c.number, nullptr), data_row, i)) return false;
        if (measure) widths_[i] = std::max(widths_[i], format_number(c.number).size());
        continue;
      }
      lxw_datetime date;
      if (columns_[i].kind == ColumnKind::Date && iso_date(c.text, &date)) {
        if (!check(worksheet_write_datetime(sheet_, r, col, &date, date_format_), data_row, i)) return false;
        if (measure) widths_[i] = std::max(widths_[i], size_t{10});
        continue;
      }
      if (utf16_length(c.text) > kExcelMaxText) return check(LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED, data_row, i);
      const std::string text = cell_text(c.text);
      if (!check(worksheet_write_string(sheet_, r, col, text.c_str(), text_format_), data_row, i)) return false;
      if (measure) widths_[i] = std::max(widths_[i], display_width(c.text));
    }
    return true;
  }

  bool do_finish() override {
    const size_t n = columns_.size();
    for (size_t i = 0; i < n; ++i) {
      const Column& c = columns_[i];
      double width = c.width_hint > 0 ? c.width_hint
                                      : std::clamp(static_cast<double>(widths_[i]) + 2, kMinWidth, kXlsxMaxWidth);
      lxw_format* format = c.kind == ColumnKind::Date ? date_format_ : text_column(c.kind) ? text_format_ : nullptr;
      const auto col = static_cast<lxw_col_t>(i);
      if (!check(worksheet_set_column(sheet_, col, col, width, format), 0, i)) return false;
    }
    const auto last_row = static_cast<lxw_row_t>(rows_written());
    const auto last_col = static_cast<lxw_col_t>(n - 1);
    if (!check(worksheet_autofilter(sheet_, 0, 0, last_row, last_col), 0, 0)) return false;
    // Codes are text on purpose: no "number stored as text" triangles.
    char range[64];
    lxw_rowcol_to_range(range, 0, 0, last_row, last_col);
    if (!check(worksheet_ignore_errors(sheet_, LXW_IGNORE_NUMBER_STORED_AS_TEXT, range), 0, 0)) return false;

    const lxw_error closed = workbook_close(workbook_);  // frees the workbook whatever it returns
    workbook_ = nullptr;
    if (closed != LXW_NO_ERROR) return fail("写入 XLSX 文件失败：" + xlsx_error_text(closed));

    std::string error;
    if (in_place_) return temp_->publish(path_, &error) || fail(error);
    if (path_.empty()) return temp_->copy_to(*out_, &error) || fail(error);
    // A device or pipe named by -o: copied into it.
    std::unique_ptr<OutputTarget> target = OutputTarget::open(nullptr, path_, &error);
    if (!target || !temp_->copy_to(target->stream(), &error) || !target->commit(&error)) return fail(error);
    return true;
  }

  // Turns a libxlsxwriter error into a Chinese sentence naming the place.
  bool check(lxw_error e, size_t data_row, size_t col) {
    if (e == LXW_NO_ERROR) return true;
    std::string where = data_row == 0 ? "表头" : "第 " + std::to_string(data_row) + " 行数据";
    if (col < columns_.size()) where += "「" + columns_[col].header + "」列";
    return fail("写入 XLSX 失败（" + where + "）：" + xlsx_error_text(e));
  }

  std::ostream* out_;
  std::string path_;
  bool in_place_ = false;
  std::string tmpdir_;
  std::unique_ptr<TempFile> temp_;
  std::vector<Column> columns_;
  std::vector<size_t> widths_;
  lxw_workbook* workbook_ = nullptr;
  lxw_worksheet* sheet_ = nullptr;
  lxw_format* header_format_ = nullptr;
  lxw_format* text_format_ = nullptr;
  lxw_format* date_format_ = nullptr;
};

}  // namespace

std::unique_ptr<TableWriter> make_xlsx_table_writer(std::ostream* out, const std::string& path) {
  return std::make_unique<XlsxTableWriter>(out, path);
}

}  // namespace ipsurvey::collector

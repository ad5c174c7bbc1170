#include "collector/table_output.h"

#include <cmath>

#include "collector/table_writers.h"
#include "forms/json_writer.h"
#include "forms/utf8_scan.h"

namespace ipsurvey::collector {
namespace {

bool is_text_column(ColumnKind k) {
  return k == ColumnKind::Text || k == ColumnKind::Code || k == ColumnKind::Date ||
         k == ColumnKind::YesBlank;
}

bool valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    const utf8::Decoded d = utf8::decode(s, i);
    if (d.cp == 0xFFFD && d.len == 1) return false;
    i += d.len;
  }
  return true;
}

std::string repair_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (size_t i = 0; i < s.size();) {
    const utf8::Decoded d = utf8::decode(s, i);
    if (d.cp == 0xFFFD && d.len == 1 && static_cast<unsigned char>(s[i]) >= 0x80)
      utf8::append(out, 0xFFFD);
    else
      out.append(s.data() + i, d.len);
    i += d.len;
  }
  return out;
}

// Whether a cell must be changed to fit its column (see table_output.h, "Values").
bool needs_fitting(const Cell& c, ColumnKind k) {
  switch (c.kind) {
    case Cell::Kind::Empty: return false;
    case Cell::Kind::Number: return is_text_column(k) || !std::isfinite(c.number);
    case Cell::Kind::Text: return !valid_utf8(c.text);
  }
  return false;
}

Cell fitted(const Cell& c, ColumnKind k) {
  if (c.kind == Cell::Kind::Number) {
    if (!std::isfinite(c.number)) return Cell{};
    return Cell::of_text(format_number(c.number));
  }
  if (c.kind == Cell::Kind::Text) return Cell::of_text(repair_utf8(c.text));
  return c;
}

}  // namespace

const char* column_kind_name(ColumnKind kind) {
  switch (kind) {
    case ColumnKind::Text: return "text";
    case ColumnKind::Code: return "code";
    case ColumnKind::Number: return "number";
    case ColumnKind::Integer: return "integer";
    case ColumnKind::Date: return "date";
    case ColumnKind::YesBlank: return "yes_blank";
  }
  return "text";
}

bool parse_table_format(std::string_view name, TableFormat* format) {
  if (name == "text") *format = TableFormat::Text;
  else if (name == "csv") *format = TableFormat::Csv;
  else if (name == "json") *format = TableFormat::Json;
  else if (name == "xlsx") *format = TableFormat::Xlsx;
  else return false;
  return true;
}

const char* table_format_name(TableFormat format) {
  switch (format) {
    case TableFormat::Text: return "text";
    case TableFormat::Csv: return "csv";
    case TableFormat::Json: return "json";
    case TableFormat::Xlsx: return "xlsx";
  }
  return "text";
}

std::string format_number(double d) {
  std::string out;
  if (!std::isfinite(d)) return out;
  JsonWriter::append_number(out, d);
  return out;
}

bool TableWriter::fail(std::string message) {
  if (state_ != State::Failed) {
    state_ = State::Failed;
    error_ = std::move(message);
  }
  return false;
}

bool TableWriter::begin(const TableHeader& header) {
  if (state_ == State::Failed) return false;
  if (state_ != State::Fresh) return fail("内部错误：表格的 begin() 只能调用一次");
  if (header.columns.empty()) return fail("内部错误：表格没有列");
  kinds_.clear();
  for (const Column& c : header.columns) kinds_.push_back(c.kind);
  state_ = State::Open;
  // Headers are repaired like any text.
  bool clean = valid_utf8(header.title);
  for (const Column& c : header.columns) clean = clean && valid_utf8(c.header);
  if (clean) return do_begin(header) || fail(error_.empty() ? "写入表头失败" : error_);
  TableHeader repaired = header;
  repaired.title = repair_utf8(header.title);
  for (Column& c : repaired.columns) c.header = repair_utf8(c.header);
  return do_begin(repaired) || fail(error_.empty() ? "写入表头失败" : error_);
}

bool TableWriter::row(const std::vector<Cell>& cells) {
  if (state_ == State::Failed) return false;
  if (state_ != State::Open) return fail("内部错误：表格的 row() 须在 begin() 之后、finish() 之前调用");
  const size_t n = kinds_.size();
  if (cells.size() > n) {
    return fail("内部错误：第 " + std::to_string(rows_ + 1) + " 行有 " + std::to_string(cells.size()) +
                " 个单元格，表头只有 " + std::to_string(n) + " 列");
  }
  bool as_is = cells.size() == n;
  for (size_t i = 0; as_is && i < cells.size(); ++i) as_is = !needs_fitting(cells[i], kinds_[i]);
  bool ok;
  if (as_is) {
    ok = do_row(cells);
  } else {
    fitted_.resize(n);
    for (size_t i = 0; i < n; ++i) {
      if (i >= cells.size())
        fitted_[i] = Cell{};
      else if (needs_fitting(cells[i], kinds_[i]))
        fitted_[i] = fitted(cells[i], kinds_[i]);
      else
        fitted_[i] = cells[i];
    }
    ok = do_row(fitted_);
  }
  if (!ok) return fail(error_.empty() ? "写入表格行失败" : error_);
  ++rows_;
  return true;
}

bool TableWriter::finish() {
  if (state_ == State::Failed) return false;
  if (state_ != State::Open) return fail("内部错误：表格的 finish() 须在 begin() 之后调用一次");
  if (!do_finish()) return fail(error_.empty() ? "写入表格失败" : error_);
  state_ = State::Finished;
  return true;
}

std::unique_ptr<TableWriter> make_table_writer(TableFormat format, std::ostream* out,
                                               const std::string& path, std::string* error) {
  if (path.empty() && out == nullptr) {
    if (error) *error = "没有指定输出（文件或标准输出）";
    return nullptr;
  }
  if (format == TableFormat::Xlsx) return make_xlsx_table_writer(out, path);
  std::unique_ptr<OutputTarget> target = OutputTarget::open(out, path, error);
  if (!target) return nullptr;
  switch (format) {
    case TableFormat::Text: return make_text_table_writer(std::move(target));
    case TableFormat::Csv: return make_csv_table_writer(std::move(target));
    case TableFormat::Json: return make_json_table_writer(std::move(target));
    case TableFormat::Xlsx: break;
  }
  return nullptr;
}

bool write_table(const Table& table, TableWriter& writer) {
  if (!writer.begin(TableHeader{table.title, table.columns})) return false;
  for (const auto& r : table.rows)
    if (!writer.row(r)) return false;
  return writer.finish();
}

bool write_table(const Table& table, TableFormat format, std::ostream* out, const std::string& path,
                 std::string* error) {
  std::unique_ptr<TableWriter> writer = make_table_writer(format, out, path, error);
  if (!writer) return false;
  if (write_table(table, *writer)) return true;
  if (error) *error = writer->error();
  return false;
}

}  // namespace ipsurvey::collector

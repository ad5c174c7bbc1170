// CSV (RFC 4180) for Excel: UTF-8 with a byte-order mark, CRLF, quoted when
// needed, and text that could start a formula prefixed with ' (table_output.h).
#include <string>

#include "collector/table_writers.h"

namespace ipsurvey::collector {
namespace {

// OWASP, "CSV Injection": these first characters make Excel, LibreOffice and
// Google Sheets read a field as a formula.
bool starts_like_formula(std::string_view s) {
  if (s.empty()) return false;
  const char c = s.front();
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

void append_field(std::string& out, std::string_view text, bool is_text) {
  const bool guard = is_text && starts_like_formula(text);
  const bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos;
  if (quote) out.push_back('"');
  if (guard) out.push_back('\'');
  if (quote) {
    for (const char c : text) {
      if (c == '"') out.push_back('"');
      out.push_back(c);
    }
    out.push_back('"');
  } else {
    out.append(text);
  }
}

class CsvTableWriter final : public BufferedTableWriter {
 public:
  explicit CsvTableWriter(std::unique_ptr<OutputTarget> target) : BufferedTableWriter(std::move(target)) {}

 private:
  bool do_begin(const TableHeader& header) override {
    buffer_ = "\xEF\xBB\xBF";
    for (size_t i = 0; i < header.columns.size(); ++i) {
      if (i > 0) buffer_.push_back(',');
      append_field(buffer_, header.columns[i].header, true);
    }
    buffer_ += "\r\n";
    return flush_if_full();
  }

  bool do_row(const std::vector<Cell>& cells) override {
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) buffer_.push_back(',');
      const Cell& c = cells[i];
      if (c.kind == Cell::Kind::Text)
        append_field(buffer_, c.text, true);
      else if (c.kind == Cell::Kind::Number)
        buffer_ += format_number(c.number);
    }
    buffer_ += "\r\n";
    return flush_if_full();
  }

  bool do_finish() override {
    return finish_output();
  }

};

}  // namespace

std::unique_ptr<TableWriter> make_csv_table_writer(std::unique_ptr<OutputTarget> target) {
  return std::make_unique<CsvTableWriter>(std::move(target));
}

}  // namespace ipsurvey::collector

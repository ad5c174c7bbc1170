// Aligned columns for a terminal (table_output.h): the first kMeasureRows rows
// are kept to measure the columns, then every row is written as it comes.
#include <algorithm>
#include <string>

#include "collector/display_width.h"
#include "collector/table_writers.h"
#include "forms/utf8_scan.h"

namespace ipsurvey::collector {
namespace {

constexpr const char* kGap = "  ";

// Whether a code point is shown as a space: C0/C1 controls and DEL (ESC among
// them: a value must not drive the terminal), line and paragraph separators,
// and the bidirectional embeddings and isolates (they reorder what follows).
bool shown_as_space(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || (cp >= 0x2028 && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

// The text made safe to print (input is valid UTF-8: the base class repaired it).
std::string printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const utf8::Decoded d = utf8::decode(s, i);
    if (shown_as_space(d.cp))
      out.push_back(' ');
    else
      out.append(s.data() + i, d.len);
    i += d.len;
  }
  return out;
}

bool right_aligned(ColumnKind k) { return k == ColumnKind::Number || k == ColumnKind::Integer; }

class TextTableWriter final : public BufferedTableWriter {
 public:
  explicit TextTableWriter(std::unique_ptr<OutputTarget> target) : BufferedTableWriter(std::move(target)) {}

 private:
  bool do_begin(const TableHeader& header) override {
    header_ = header;
    widths_.assign(header.columns.size(), 0);
    for (size_t i = 0; i < header.columns.size(); ++i)
      widths_[i] = display_width(printable(header.columns[i].header));
    return true;
  }

  bool do_row(const std::vector<Cell>& cells) override {
    std::vector<std::string> texts(cells.size());
    for (size_t i = 0; i < cells.size(); ++i) {
      const Cell& c = cells[i];
      if (c.kind == Cell::Kind::Text) texts[i] = printable(c.text);
      else if (c.kind == Cell::Kind::Number) texts[i] = format_number(c.number);
    }
    if (!measured_) {
      for (size_t i = 0; i < texts.size(); ++i)
        widths_[i] = std::max(widths_[i], std::min(display_width(texts[i]), size_t{kTextMaxWidth}));
      kept_.push_back(std::move(texts));
      if (kept_.size() < kMeasureRows) return true;
      return write_kept();
    }
    append_line(texts);
    return flush_if_full();
  }

  bool do_finish() override {
    if (!measured_ && !write_kept()) return false;
    return finish_output();
  }

  // Writes the title, the header and the rows kept for measuring.
  bool write_kept() {
    measured_ = true;
    if (!header_.title.empty()) {
      buffer_ += printable(header_.title);
      buffer_.push_back('\n');
    }
    std::vector<std::string> heads;
    for (const Column& c : header_.columns) heads.push_back(printable(c.header));
    append_line(heads);
    size_t total = 0;
    for (size_t i = 0; i < widths_.size(); ++i) total += widths_[i] + (i > 0 ? 2 : 0);
    buffer_.append(total, '-');
    buffer_.push_back('\n');
    for (const auto& texts : kept_) {
      append_line(texts);
      if (!flush_if_full()) return false;
    }
    kept_.clear();
    kept_.shrink_to_fit();
    return flush_if_full();
  }

  void append_line(const std::vector<std::string>& texts) {
    const size_t start = buffer_.size();
    for (size_t i = 0; i < texts.size(); ++i) {
      if (i > 0) buffer_ += kGap;
      const size_t w = display_width(texts[i]);
      const size_t pad = w < widths_[i] ? widths_[i] - w : 0;
      if (right_aligned(header_.columns[i].kind)) {
        buffer_.append(pad, ' ');
        buffer_ += texts[i];
      } else {
        buffer_ += texts[i];
        buffer_.append(pad, ' ');
      }
    }
    // No trailing spaces.
    size_t end = buffer_.size();
    while (end > start && buffer_[end - 1] == ' ') --end;
    buffer_.resize(end);
    buffer_.push_back('\n');
  }

  TableHeader header_;
  std::vector<size_t> widths_;
  std::vector<std::vector<std::string>> kept_;
  bool measured_ = false;
};

}  // namespace

std::unique_ptr<TableWriter> make_text_table_writer(std::unique_ptr<OutputTarget> target) {
  return std::make_unique<TextTableWriter>(std::move(target));
}

}  // namespace ipsurvey::collector

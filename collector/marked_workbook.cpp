#include "collector/marked_workbook.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <utility>

#include "collector/display_width.h"
#include "collector/survey_table_layout.h"
#include "collector/table_output_file.h"
#include "collector/xlsx_text.h"
#include "db/upload_blob.h"
#include "db/upload_query.h"
#include "forms/utf8_scan.h"
#include "importers/cell_ref.h"
#include "importers/format_sniffer.h"
#include "importers/number_format.h"
#include "importers/submission_member.h"
#include "importers/submission_xml.h"
#include "importers/workbook_reader.h"

namespace ipsurvey::collector {
namespace {

using importers::CellRange;
using importers::CellType;

constexpr uint64_t kMaxTextBytes = 256ull << 20;  // all cell text of the workbook, held one sheet at a time
static_assert(kMaxTextBytes < (1ull << 32), "text offsets are 32-bit");
constexpr size_t kMaxProblemsPerComment = 20;
constexpr size_t kMaxBoxesPerComment = 20;
constexpr size_t kMaxCommentLine = 400;           // characters of one problem in a comment
constexpr uint64_t kMergeWorkBudget = 50'000'000; // comparisons spent on merged ranges per sheet
constexpr double kMinWidth = 8.43;                // Excel's default: columns are never narrowed
constexpr double kMaxWidth = 60;
constexpr size_t kRunOnWidth = 24;                // the most a run-on text widens its column
constexpr double kLineHeight = 15;                // points per line of text
constexpr double kMaxRowHeight = 409;             // Excel's limit
constexpr const char* kListTitle = "问题清单";

// How a cell is shown (its number format), and how it is marked.
enum Kind { kGeneral, kText, kWrappedText, kDate, kDateTime, kTime, kKinds };
enum Mark { kNone, kWarning, kError, kMarks };

struct Place {
  uint32_t row = 0, col = 0;
  bool operator<(const Place& o) const { return row != o.row ? row < o.row : col < o.col; }
  bool operator==(const Place& o) const { return row == o.row && col == o.col; }
};

// What is said at one cell: its problems and the check boxes drawn over it.
struct Note {
  std::vector<const Problem*> problems;
  std::vector<importers::CheckBox> boxes;
  Mark mark = kNone;
  void absorb(Note& other) {
    problems.insert(problems.end(), other.problems.begin(), other.problems.end());
    boxes.insert(boxes.end(), other.boxes.begin(), other.boxes.end());
    mark = std::max(mark, other.mark);
  }
};

struct StoredCell {  // 32 bytes: a sheet of 2,000,000 cells takes 64 MB
  Place at;
  double number = 0;
  uint32_t text_at = 0, text_size = 0;  // in the sheet's arena (below kMaxTextBytes)
  uint32_t seq = 0;                     // the order read: of a cell reported twice, the last counts
  CellType type = CellType::String;
};
// Chunked: growing it never copies what is held.
using StoredCells = std::deque<StoredCell>;

Mark mark_of(Severity s) { return s == Severity::Error ? kError : s == Severity::Warning ? kWarning : kNone; }

const char* severity_label(Severity s) {
  return s == Severity::Error ? "错误" : s == Severity::Warning ? "警告" : "提示";
}

// The longest start of `s` of at most `max_units` UTF-16 units, cut at a character.
std::string_view prefix_units(std::string_view s, size_t max_units) {
  size_t units = 0, i = 0;
  while (i < s.size()) {
    const utf8::Decoded d = utf8::decode(s, i);
    const size_t n = d.cp >= 0x10000 ? 2 : 1;
    if (units + n > max_units) return s.substr(0, i);
    units += n;
    i += d.len;
  }
  return s;
}

// `s` cut to at most `max_units` UTF-16 units, "…" ending it when cut.
std::string clipped(std::string_view s, size_t max_units) {
  const std::string_view kept = prefix_units(s, max_units - 1);
  return kept.size() == s.size() ? std::string(s) : std::string(kept) + "…";
}

// A field as the list shows it: its label in quotes, as the messages quote it,
// so that the list never reads as a form when the workbook is sent back (a
// cell holding exactly a field's label is taken for that label).
std::string field_text(const std::string& key) {
  return key.empty() ? key : "“" + any_field_label(key) + "”";
}

std::string problem_line(const Problem& p) {
  std::string s = std::string("[") + severity_label(p.severity) + "] ";
  if (!p.field.empty()) s += any_field_label(p.field) + ": ";
  s += clipped(p.message, kMaxCommentLine) + " (" + p.code + ")";
  return s;
}

std::string comment_text(const Note& n) {
  std::string s;
  const size_t shown = std::min(n.problems.size(), kMaxProblemsPerComment);
  for (size_t i = 0; i < shown; ++i) {
    if (!s.empty()) s += "\n";
    s += problem_line(*n.problems[i]);
  }
  if (n.problems.size() > shown)
    s += "\n……另有 " + std::to_string(n.problems.size() - shown) + " 个问题，见「" + kListTitle + "」";
  for (size_t i = 0; i < n.boxes.size() && i < kMaxBoxesPerComment; ++i) {
    const importers::CheckBox& box = n.boxes[i];
    if (!s.empty()) s += "\n";
    s += "原表此处有复选框";
    if (!box.caption.empty()) s += "「" + clipped(box.caption, 100) + "」";
    s += box.mixed ? "：部分勾选" : box.checked ? "：已勾选" : "：未勾选";
  }
  return s;
}

Kind date_kind(std::string_view iso) {
  return iso.size() == 10 ? kDate : iso.size() > 10 ? kDateTime : kTime;
}

// The 1900-system serial of a date cell: its own serial when it gives the
// same date (a 1900-system workbook), else the one of its ISO text.
bool date_serial(const StoredCell& c, std::string_view iso, double& serial) {
  std::string from_number;
  if (c.number > 0 && importers::serial_to_iso(c.number, false, from_number) && from_number == iso) {
    serial = c.number;
    return true;
  }
  return importers::iso_to_serial(iso, serial);
}

size_t text_width(std::string_view s) {
  size_t widest = 0;
  for (size_t start = 0; start <= s.size();) {
    size_t end = s.find('\n', start);
    if (end == std::string_view::npos) end = s.size();
    widest = std::max(widest, display_width(s.substr(start, end - start)));
    start = end + 1;
  }
  return widest;
}

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

std::string ascii_lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// Builds the marked workbook while the reader streams the original: each
// sheet's cells are kept until the sheet ends, then written in row order
// (libxlsxwriter's constant-memory mode), so memory holds one sheet at a time.
class Marker final : public importers::WorkbookSink {
 public:
  explicit Marker(const std::vector<Problem>& problems) : problems_(problems) {
    for (const Problem& p : problems) {
      CellRange r;
      if (p.cell.empty() || !importers::parse_range_ref(p.cell, r)) continue;
      Note& n = notes_[p.sheet][Place{r.first_row, r.first_col}];
      n.problems.push_back(&p);
      n.mark = std::max(n.mark, mark_of(p.severity));
    }
  }
  ~Marker() override {
    if (wb_ != nullptr) lxw_workbook_free(wb_);  // abandoned: nothing written
  }
  Marker(const Marker&) = delete;
  Marker& operator=(const Marker&) = delete;

  bool start(std::string* error) {
    tmpdir_ = default_tmpdir();
    temp_ = TempFile::create(tmpdir_, "ipsurvey-marked.xlsx", error);
    if (!temp_) return false;
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    options.tmpdir = tmpdir_.data();
    wb_ = workbook_new_opt(temp_->path().c_str(), &options);
    if (wb_ == nullptr) {
      *error = "无法创建 XLSX 工作簿：内存不足";
      return false;
    }
    return true;
  }

  bool begin_sheet(const importers::SheetInfo& sheet) override {
    sheet_ = sheet;
    cells_.clear();
    merges_.clear();
    boxes_.clear();
    arena_.clear();
    return failure_.empty();
  }

  void cell(const importers::Cell& c) override {
    if (!failure_.empty()) return;
    const bool has_text = c.type != CellType::Number && c.type != CellType::Bool;
    if (has_text && c.text.empty()) return;  // an empty string: nothing to keep
    if (has_text) {
      text_bytes_ += c.text.size();
      if (text_bytes_ > kMaxTextBytes) {
        fail("表格中的文字超过 " + std::to_string(kMaxTextBytes >> 20) + " MiB，无法生成标注文件");
        return;
      }
      if (c.text.size() > kExcelMaxText && utf16_length(c.text) > kExcelMaxText) {
        fail("工作表“" + sheet_.name + "”单元格 " + importers::cell_ref(c.row, c.col) +
             " 的文字超过 Excel 单元格上限 32767 个字符，无法生成标注文件");
        return;
      }
    }
    StoredCell s;
    s.at = Place{c.row, c.col};
    s.seq = static_cast<uint32_t>(cells_.size());
    s.type = c.type;
    s.number = c.number;
    if (has_text) {
      s.text_at = static_cast<uint32_t>(arena_.size());
      s.text_size = static_cast<uint32_t>(c.text.size());
      arena_.append(c.text);
    }
    cells_.push_back(s);
  }

  void merged(const CellRange& range) override {
    if (failure_.empty()) merges_.push_back(range);
  }

  void check_box(const importers::CheckBox& box) override {
    if (failure_.empty()) boxes_.push_back(box);
  }

  void end_sheet() override {
    if (failure_.empty()) write_sheet();
    StoredCells().swap(cells_);
    std::string().swap(arena_);
    merges_.clear();
    boxes_.clear();
  }

  bool failed() const { return !failure_.empty(); }
  const std::string& failure() const { return failure_; }

  // Adds the list of problems, closes the workbook and gives its bytes.
  std::optional<std::string> finish(std::string* error) {
    write_list();
    if (!failure_.empty()) {
      *error = failure_;
      return std::nullopt;
    }
    if (first_visible_ == nullptr) first_visible_ = list_;
    worksheet_activate(first_visible_);
    worksheet_set_first_sheet(first_visible_);
    const lxw_error closed = workbook_close(wb_);  // frees the workbook whatever it returns
    wb_ = nullptr;
    if (closed != LXW_NO_ERROR) {
      *error = "写入标注文件失败：" + xlsx_error_text(closed);
      return std::nullopt;
    }
    std::ostringstream out;
    if (!temp_->copy_to(out, error)) return std::nullopt;
    return out.str();
  }

 private:
  void fail(std::string message) {
    if (failure_.empty()) failure_ = std::move(message);
  }

  bool check(lxw_error e, const std::string& sheet, Place at) {
    if (e == LXW_NO_ERROR) return true;
    fail("写入标注文件失败（工作表“" + sheet + "”单元格 " + importers::cell_ref(at.row, at.col) +
         "）：" + xlsx_error_text(e));
    return false;
  }

  lxw_format* format(Kind kind, Mark mark) {
    if (kind == kGeneral && mark == kNone) return nullptr;
    lxw_format*& f = formats_[kind][mark];
    if (f != nullptr) return f;
    f = workbook_add_format(wb_);
    if (f == nullptr) return nullptr;  // out of memory: the cell is written unformatted
    switch (kind) {
      case kText: format_set_num_format(f, "@"); break;
      case kWrappedText:
        format_set_num_format(f, "@");
        format_set_text_wrap(f);
        break;
      case kDate: format_set_num_format(f, "yyyy-mm-dd"); break;
      case kDateTime: format_set_num_format(f, "yyyy-mm-dd hh:mm:ss"); break;
      case kTime: format_set_num_format(f, "hh:mm:ss"); break;
      default: break;
    }
    if (mark == kError) {
      format_set_bg_color(f, 0xFFC7CE);
      format_set_font_color(f, 0x9C0006);
    } else if (mark == kWarning) {
      format_set_bg_color(f, 0xFFEB9C);
      format_set_font_color(f, 0x9C5700);
    }
    return f;
  }

  // A name libxlsxwriter accepts and no earlier sheet has (Excel compares
  // names without case).
  std::string unique_name(const std::string& wanted) {
    std::string base = wanted;
    if (workbook_validate_sheet_name(wb_, base.c_str()) != LXW_NO_ERROR) base = sheet_name(base);
    std::string name = base;
    for (int n = 2; used_names_.count(ascii_lower(name)) ||
                    workbook_validate_sheet_name(wb_, name.c_str()) != LXW_NO_ERROR;
         ++n) {
      const std::string suffix = "(" + std::to_string(n) + ")";
      name = n < 1000 ? sheet_name(std::string(prefix_units(base, 31 - suffix.size())) + suffix)
                      : "Sheet" + std::to_string(n);
    }
    used_names_.insert(ascii_lower(name));
    return name;
  }

  // The merged ranges to write: valid, more than one cell, not overlapping an
  // earlier one (Excel would "repair" such a file). Sorted by first cell.
  std::vector<CellRange> usable_merges(uint64_t& budget) {
    std::vector<CellRange> sorted;
    for (const CellRange& r : merges_)
      if (r.first_row <= r.last_row && r.first_col <= r.last_col && r.last_row < importers::kMaxRows &&
          r.last_col < importers::kMaxCols && (r.first_row != r.last_row || r.first_col != r.last_col))
        sorted.push_back(r);
    std::sort(sorted.begin(), sorted.end(), [](const CellRange& a, const CellRange& b) {
      return Place{a.first_row, a.first_col} < Place{b.first_row, b.first_col};
    });
    std::vector<CellRange> kept, active;  // active: kept ranges reaching the current row
    for (const CellRange& r : sorted) {
      if (budget <= active.size()) return kept;  // a hostile number of ranges: the rest are not merged
      budget -= active.size();
      active.erase(std::remove_if(active.begin(), active.end(),
                                  [&](const CellRange& a) { return a.last_row < r.first_row; }),
                   active.end());
      bool clash = false;
      for (const CellRange& a : active) {
        if (a.first_col <= r.last_col && r.first_col <= a.last_col) {
          clash = true;
          break;
        }
      }
      if (clash) continue;
      kept.push_back(r);
      active.push_back(r);
    }
    return kept;
  }

  // Moves the notes on hidden cells of merged ranges to the ranges' first cells.
  void gather_notes(std::map<Place, Note>& notes, const std::vector<CellRange>& merges, uint64_t& budget) {
    if (notes.empty()) return;
    for (const CellRange& r : merges) {
      const Place first{r.first_row, r.first_col};
      for (auto it = notes.lower_bound(first); it != notes.end() && it->first.row <= r.last_row;) {
        if (budget == 0) return;
        --budget;
        const Place p = it->first;
        if (p == first || p.col < r.first_col || p.col > r.last_col) {
          ++it;
          continue;
        }
        Note moved = std::move(it->second);
        it = notes.erase(it);
        notes[first].absorb(moved);
      }
    }
  }

  void write_sheet() {
    const std::string name = unique_name(sheet_.name);
    lxw_worksheet* ws = workbook_add_worksheet(wb_, name.c_str());
    if (ws == nullptr) {
      fail("无法创建工作表“" + name + "”：无法在目录 " + tmpdir_ + " 中创建临时文件，或内存不足");
      return;
    }
    written_names_.emplace(sheet_.name, name);
    const bool visible = sheet_.state == "visible";
    if (!visible) worksheet_hide(ws);
    if (visible && first_visible_ == nullptr) first_visible_ = ws;

    std::map<Place, Note> notes;
    if (auto it = notes_.find(sheet_.name); it != notes_.end()) {
      notes = std::move(it->second);
      notes_.erase(it);  // a second sheet of the same name is not marked again
    }
    for (const auto& box : boxes_) notes[Place{box.row, box.col}].boxes.push_back(box);
    uint64_t budget = kMergeWorkBudget;
    const std::vector<CellRange> merges = usable_merges(budget);
    gather_notes(notes, merges, budget);
    std::map<Place, CellRange> merged_at;  // by first cell
    for (const CellRange& r : merges) {
      // No format: nothing is written into the range; the first cell's own
      // value and format (and so its fill) are written with the cells.
      if (!check(worksheet_merge_range(ws, r.first_row, static_cast<lxw_col_t>(r.first_col), r.last_row,
                                       static_cast<lxw_col_t>(r.last_col), "", nullptr),
                 name, Place{r.first_row, r.first_col}))
        return;
      merged_at.emplace(Place{r.first_row, r.first_col}, r);
    }
    // Files list cells row by row, nearly always: sorted in place only when not.
    const auto before = [](const StoredCell& a, const StoredCell& b) {
      return a.at < b.at || (a.at == b.at && a.seq < b.seq);
    };
    if (!std::is_sorted(cells_.begin(), cells_.end(), before)) std::sort(cells_.begin(), cells_.end(), before);
    std::vector<size_t> widths;
    if (!write_cells(ws, name, notes, merged_at, widths)) return;
    for (size_t i = 0; i < widths.size(); ++i) {
      if (widths[i] == 0) continue;
      const double width = std::clamp(static_cast<double>(widths[i]) + 2, kMinWidth, kMaxWidth);
      const auto col = static_cast<lxw_col_t>(i);
      if (!check(worksheet_set_column(ws, col, col, width, nullptr), name, Place{0, static_cast<uint32_t>(i)}))
        return;
    }
  }

  // Writes the sorted cells and the notes, in row order; `widths` gets the
  // display width each column needs.
  bool write_cells(lxw_worksheet* ws, const std::string& name, const std::map<Place, Note>& notes,
                   const std::map<Place, CellRange>& merged_at, std::vector<size_t>& widths) {
    uint32_t sized_row = UINT32_MAX;
    auto cell_it = cells_.cbegin();
    auto note_it = notes.begin();
    while (cell_it != cells_.cend() || note_it != notes.end()) {
      Place at = cell_it != cells_.cend() ? cell_it->at : note_it->first;
      if (note_it != notes.end() && note_it->first < at) at = note_it->first;
      if (at.row != sized_row) {  // before the row's first cell (constant-memory mode)
        sized_row = at.row;
        if (!size_row(ws, name, at.row, cell_it, merged_at)) return false;
      }
      const StoredCell* c = nullptr;
      while (cell_it != cells_.cend() && cell_it->at == at) c = &*cell_it++;  // a repeated cell: the last counts
      const Note* n = nullptr;
      if (note_it != notes.end() && note_it->first == at) n = &(note_it++)->second;
      const Mark mark = n ? n->mark : kNone;
      if (c != nullptr) {
        Shown shown;
        if (!write_value(ws, name, *c, mark, shown)) return false;
        // Text may run on into an empty cell to its right: a long one does not widen its column.
        const bool right_empty =
            cell_it == cells_.cend() || cell_it->at.row != at.row || cell_it->at.col != at.col + 1;
        const auto merge = merged_at.find(at);
        if (merge == merged_at.end() || merge->second.first_col == merge->second.last_col) {
          const size_t width = shown.one_line_text && right_empty ? std::min(shown.width, kRunOnWidth) : shown.width;
          if (widths.size() <= at.col) widths.resize(at.col + 1, 0);
          widths[at.col] = std::max(widths[at.col], width);
        }
      } else if (mark != kNone) {
        if (!check(worksheet_write_blank(ws, at.row, static_cast<lxw_col_t>(at.col), format(kText, mark)), name, at))
          return false;
      }
      if (n != nullptr && (!n->problems.empty() || !n->boxes.empty()) && !write_comment(ws, name, at, *n))
        return false;
    }
    return true;
  }

  // A row holding text of several lines (not in a range merged over rows) is made tall
  // enough to show them: wrapped text is not re-measured when a file is opened.
  bool size_row(lxw_worksheet* ws, const std::string& name, uint32_t row,
                StoredCells::const_iterator it, const std::map<Place, CellRange>& merged_at) {
    size_t lines = 1;
    for (; it != cells_.end() && it->at.row == row; ++it) {
      if (it->type != CellType::String) continue;
      const auto merge = merged_at.find(it->at);
      if (merge != merged_at.end() && merge->second.first_row != merge->second.last_row) continue;
      const std::string_view text(arena_.data() + it->text_at, it->text_size);
      lines = std::max<size_t>(lines, 1 + std::count(text.begin(), text.end(), '\n'));
    }
    if (lines == 1) return true;
    const double height = std::min(kLineHeight * static_cast<double>(lines), kMaxRowHeight);
    return check(worksheet_set_row(ws, row, height, nullptr), name, Place{row, 0});
  }

  // What a written value looks like, for the column widths.
  struct Shown {
    size_t width = 0;            // display columns of its widest line
    bool one_line_text = false;  // text that may run on into the next cell
  };

  bool write_value(lxw_worksheet* ws, const std::string& name, const StoredCell& c, Mark mark, Shown& shown) {
    const lxw_row_t row = c.at.row;
    const auto col = static_cast<lxw_col_t>(c.at.col);
    const std::string_view text(arena_.data() + c.text_at, c.text_size);
    auto write_text = [&](std::string_view s) {
      const std::string t = cell_text(s);
      const bool lines = s.find('\n') != std::string_view::npos;
      shown = {text_width(s), !lines};
      return check(worksheet_write_string(ws, row, col, t.c_str(), format(lines ? kWrappedText : kText, mark)), name,
                   c.at);
    };
    switch (c.type) {
      case CellType::Number:
        if (!std::isfinite(c.number)) return write_text(number_text(c.number));
        shown.width = number_text(c.number).size();
        return check(worksheet_write_number(ws, row, col, c.number, format(kGeneral, mark)), name, c.at);
      case CellType::Bool:
        shown.width = 5;
        return check(worksheet_write_boolean(ws, row, col, c.number != 0, format(kGeneral, mark)), name, c.at);
      case CellType::Date: {
        double serial = 0;
        if (!date_serial(c, text, serial)) return write_text(text);  // before 1900: kept as its text
        shown.width = text.size();
        return check(worksheet_write_number(ws, row, col, serial, format(date_kind(text), mark)), name, c.at);
      }
      case CellType::String:
      case CellType::Error:
        return write_text(text);
    }
    return true;
  }

  bool write_comment(lxw_worksheet* ws, const std::string& name, Place at, const Note& n) {
    const std::string text = cell_text(comment_text(n));
    size_t lines = 0;
    for (size_t start = 0; start <= text.size();) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      lines += 1 + display_width(std::string_view(text).substr(start, end - start)) / 48;
      start = end + 1;
    }
    char author[] = "ipsurvey";
    lxw_comment_options options{};
    options.author = author;
    options.width = 400;
    options.height = static_cast<uint16_t>(std::min<size_t>(24 + 16 * lines, 600));
    options.font_size = 10;
    return check(worksheet_write_comment_opt(ws, at.row, static_cast<lxw_col_t>(at.col), text.c_str(), &options),
                 name, at);
  }

  // The last sheet: every problem, in the order found, with a link to its cell.
  void write_list() {
    if (!failure_.empty()) return;
    const std::string name = unique_name(kListTitle);
    list_ = workbook_add_worksheet(wb_, name.c_str());
    if (list_ == nullptr) {
      fail("无法创建工作表“" + name + "”：无法在目录 " + tmpdir_ + " 中创建临时文件，或内存不足");
      return;
    }
    lxw_format* header = workbook_add_format(wb_);
    if (header != nullptr) format_set_bold(header);
    static const char* const kHeaders[] = {"严重性", "代码", "工作表", "单元格", "字段", "说明"};
    static const double kWidths[] = {8.43, 28, 18, 10, 18, 90};
    for (lxw_col_t c = 0; c < 6; ++c) {
      if (!check(worksheet_write_string(list_, 0, c, kHeaders[c], header), name, Place{0, c})) return;
      if (!check(worksheet_set_column(list_, c, c, kWidths[c], nullptr), name, Place{0, c})) return;
    }
    size_t links = 0;
    lxw_row_t row = 0;
    for (const Problem& p : problems_) {
      if (row + 1 >= LXW_ROW_MAX) break;  // more problems than Excel has rows
      ++row;
      auto put = [&](lxw_col_t c, const std::string& s, lxw_format* f) {
        const std::string t = cell_text(clipped(s, kExcelMaxText - 1));
        return check(worksheet_write_string(list_, row, c, t.c_str(), f), name, Place{row, c});
      };
      std::string place = p.cell;
      if (place.empty() && p.line > 0) place = "第 " + std::to_string(p.line) + " 行";
      if (!put(0, severity_label(p.severity), format(kText, mark_of(p.severity))) || !put(1, p.code, nullptr) ||
          !put(2, p.sheet, nullptr) || !put(4, field_text(p.field), nullptr) || !put(5, p.message, nullptr))
        return;
      const auto sheet = written_names_.find(p.sheet);
      CellRange r;
      if (sheet != written_names_.end() && importers::parse_range_ref(p.cell, r) && links < LXW_MAX_NUMBER_URLS) {
        std::string quoted;
        for (char ch : sheet->second) quoted += ch == '\'' ? std::string("''") : std::string(1, ch);
        const std::string url = "internal:'" + quoted + "'!" + importers::cell_ref(r.first_row, r.first_col);
        if (worksheet_write_url_opt(list_, row, 3, url.c_str(), nullptr, p.cell.c_str(), "跳到该单元格") ==
            LXW_NO_ERROR) {
          ++links;
          continue;
        }
      }
      if (!put(3, place, nullptr)) return;
    }
    worksheet_freeze_panes(list_, 1, 0);
    check(worksheet_autofilter(list_, 0, 0, row, 5), name, Place{0, 0});
  }

  const std::vector<Problem>& problems_;
  std::map<std::string, std::map<Place, Note>> notes_;  // by sheet name, until the sheet is written
  std::map<std::string, std::string> written_names_;    // the original sheet name -> the one written
  std::set<std::string> used_names_;
  std::string tmpdir_;
  std::unique_ptr<TempFile> temp_;
  lxw_workbook* wb_ = nullptr;
  lxw_worksheet* first_visible_ = nullptr;
  lxw_worksheet* list_ = nullptr;
  std::array<std::array<lxw_format*, kMarks>, kKinds> formats_{};
  std::string failure_;
  uint64_t text_bytes_ = 0;
  // The sheet being read.
  importers::SheetInfo sheet_;
  StoredCells cells_;
  std::string arena_;
  std::vector<CellRange> merges_;
  std::vector<importers::CheckBox> boxes_;
};

bool has_code(const Problems& problems, const char* code) {
  return std::any_of(problems.begin(), problems.end(), [&](const Problem& p) { return p.code == code; });
}

std::string first_error(const Problems& problems) {
  for (const Problem& p : problems)
    if (p.severity == Severity::Error) return p.message;
  return problems.empty() ? std::string("文件无法读取") : problems.front().message;
}

}  // namespace

std::optional<std::string> mark_workbook(const importers::ByteSource& workbook, const std::vector<Problem>& problems,
                                         std::string* reason) {
  auto refuse = [&](std::string why) -> std::optional<std::string> {
    if (reason) *reason = std::move(why);
    return std::nullopt;
  };
  if (importers::sniff_format(workbook) == importers::FileFormat::Xml &&
      importers::is_submission_root(importers::xml_root_name(workbook)))
    return refuse("该文件是 XML 格式的报送数据，不是 Excel 表格，无法生成标注文件；问题请见问题列表");
  Marker marker(problems);
  std::string error;
  if (!marker.start(&error)) return refuse("无法生成标注文件：" + error);
  importers::ReadLimits limits;
  limits.max_cells = kMaxMarkedCells;
  Problems read_problems;
  if (!importers::read_workbook(workbook, marker, read_problems, limits).ok) {
    if (has_code(read_problems, "cells.too_many"))
      return refuse("表格的非空单元格超过 " + std::to_string(kMaxMarkedCells / 10000) + " 万个，无法生成标注文件");
    return refuse("无法读取该文件，无法生成标注文件：" + first_error(read_problems));
  }
  if (marker.failed()) return refuse(marker.failure());
  auto bytes = marker.finish(&error);
  if (!bytes) return refuse(error);
  return bytes;
}

std::string marked_file_name(const std::string& stored_name) {
  const size_t slash = stored_name.find_last_of('/');
  std::string base = slash == std::string::npos ? stored_name : stored_name.substr(slash + 1);
  const size_t dot = base.find_last_of('.');
  if (dot != std::string::npos && dot > 0 && base.size() - dot <= 6) base.erase(dot);
  std::string clean;
  for (char c : base)
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F && c != '\\') clean.push_back(c);
  if (clean.empty()) clean = "workbook";
  return clean + "（问题标注）.xlsx";
}

std::optional<MarkedWorkbook> marked_workbook(db::Database& db, int64_t file_id, std::string* reason) {
  auto refuse = [&](std::string why) -> std::optional<MarkedWorkbook> {
    if (reason) *reason = std::move(why);
    return std::nullopt;
  };
  const std::optional<db::StoredFile> file = db::find_stored_file(db, file_id);
  if (!file) return refuse("没有找到该文件");
  if (file->status == "rejected")
    return refuse("该文件在导入时已被拒收，没有读取到可标注的表格；问题请见问题列表");
  if (file->upload_size > kMaxMarkedUploadBytes)
    return refuse("上传的文件超过 " + std::to_string(kMaxMarkedUploadBytes >> 20) + " MiB，无法生成标注文件");
  int64_t problems_of = file->file_id;
  if (file->status == "duplicate")  // its problems were stored with its first copy
    if (const auto first = db::first_stored_copy(db, file->file_sha256)) problems_of = *first;

  std::optional<std::string> upload = db::upload_bytes(db, file->upload_id);
  if (!upload) return refuse("数据库中没有该文件的原件，无法生成标注文件");
  std::string bytes;
  if (file->name == file->upload_name) {
    bytes = std::move(*upload);  // the upload itself
  } else {
    Problems problems;
    const importers::MemorySource source(*upload);
    if (!importers::read_submission_member(source, file->upload_name, file->name, bytes, problems))
      return refuse("无法从上传的文件中取出“" + file->name + "”：" + first_error(problems));
  }
  upload.reset();

  std::vector<Problem> problems;
  db::for_each_file_problem(db, problems_of, [&](const Problem& p) { problems.push_back(p); });
  const importers::MemorySource source(bytes);
  std::optional<std::string> marked = mark_workbook(source, problems, reason);
  if (!marked) return std::nullopt;
  return MarkedWorkbook{marked_file_name(file->name), std::move(*marked)};
}

}  // namespace ipsurvey::collector

#include "importers/spreadsheet2003_reader.h"

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "importers/cell_ref.h"
#include "importers/number_format.h"
#include "importers/symbol_fonts.h"
#include "importers/xml_stream.h"

namespace ipsurvey::importers {
namespace {

constexpr std::string_view kSs = "urn:schemas-microsoft-com:office:spreadsheet";
constexpr std::string_view kX = "urn:schemas-microsoft-com:office:excel";
constexpr std::string_view kHtml = "http://www.w3.org/TR/REC-html40";
constexpr size_t kChunk = 64 * 1024;
constexpr size_t kSmallText = 256;  // Date1904, Visible: short keywords

// What a cell's style says about its value.
struct Style {
  SymbolFont font = SymbolFont::None;
  bool date = false;
};

enum class Kind : uint8_t {
  Skip,  // ignored, with everything inside it
  Workbook,
  Styles,
  Style,
  ExcelWorkbook,
  Date1904,
  Worksheet,
  Table,
  Row,
  Cell,
  Data,
  Run,  // any element inside Data (B, I, Font, Span...)
  Options,
  Visible,
};

struct Frame {
  Kind kind;
  SymbolFont font;  // Data / Run: the font its text is drawn in
};

// An attribute of an element in namespace `ns`, prefixed or not (prefixed wins).
std::string_view attr(const XmlAttribute* a, size_t n, std::string_view local, std::string_view ns,
                      bool* present = nullptr) {
  const XmlAttribute* plain = nullptr;
  for (size_t i = 0; i < n; ++i) {
    if (a[i].local != local) continue;
    if (a[i].ns == ns) {
      if (present) *present = true;
      return a[i].value;
    }
    if (a[i].ns.empty()) plain = &a[i];
  }
  if (present) *present = plain != nullptr;
  return plain ? plain->value : std::string_view();
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// A non-negative decimal integer; values past any grid saturate (still "numeric").
bool parse_uint(std::string_view s, uint64_t& v) {
  s = trim(s);
  if (s.empty()) return false;
  v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    if (v < (uint64_t{1} << 40)) v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return true;
}

// A plain decimal number as Excel writes it ("12", "-0.5", "1.5E-3"); no hex,
// inf or nan.
bool parse_number(std::string_view s, double& out) {
  s = trim(s);
  size_t i = 0, digits = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t exp_digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  if (i != s.size()) return false;
  const std::string copy(s);
  char* end = nullptr;
  const double v = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || !std::isfinite(v)) return false;
  out = v;
  return true;
}

// Excel 2003's named number formats; the rest are format codes.
bool is_date_number_format(std::string_view format) {
  static constexpr std::string_view kDates[] = {"General Date", "Long Date",   "Medium Date",
                                                "Short Date",   "Long Time",   "Medium Time",
                                                "Short Time"};
  static constexpr std::string_view kOthers[] = {
      "General", "General Number", "Currency", "Euro Currency", "Fixed",  "Standard",
      "Percent", "Scientific",     "Yes/No",   "True/False",    "On/Off", "@"};
  const std::string_view f = trim(format);
  for (auto d : kDates)
    if (iequals(f, d)) return true;
  for (auto o : kOthers)
    if (iequals(f, o)) return false;
  return is_date_format_code(f);
}

uint32_t clamp_index(uint64_t one_based) {
  // For naming a cell in a problem: 1-based index -> 0-based, kept in uint32.
  if (one_based == 0) return 0;
  return static_cast<uint32_t>(std::min<uint64_t>(one_based - 1, 0xFFFFFFF0u));
}

struct BufferedCell {
  uint32_t row, col;  // 0-based
  CellType type;
  double number;
  size_t text_offset;
  size_t text_size;
};

class Reader final : public XmlHandler {
 public:
  Reader(WorkbookSink& sink, const ReadLimits& limits) : sink_(sink), limits_(limits) {}

  void set_stream(XmlStream* stream) { stream_ = stream; }
  Problems& warnings() { return warnings_; }
  const std::string& current_sheet() const { return in_sheet_ ? sheet_name_ : empty_; }

  // Stops reading with an error located in the current sheet.
  void refuse(const char* code, std::string message, std::string cell = {}) {
    stream_->stop(make_problem(Severity::Error, code, std::move(message), current_sheet(),
                               std::move(cell), stream_->line()));
  }

  void start_element(std::string_view local, std::string_view ns, const XmlAttribute* a,
                     size_t n) override {
    if (stack_.empty()) {
      if (local != "Workbook" || ns != kSs) {
        refuse("xml2003.not_spreadsheet",
               "不是 Excel 2003 XML 表格（根元素不是 ss:Workbook），无法读取");
        return;
      }
      stack_.push_back({Kind::Workbook, SymbolFont::None});
      return;
    }
    const Frame parent = stack_.back();
    Frame f{Kind::Skip, SymbolFont::None};
    const bool ss = ns == kSs;
    switch (parent.kind) {
      case Kind::Skip:
        break;
      case Kind::Workbook:
        if (ss && local == "Styles") {
          f.kind = Kind::Styles;
        } else if (ns == kX && local == "ExcelWorkbook") {
          f.kind = Kind::ExcelWorkbook;
        } else if (ss && local == "Worksheet") {
          f.kind = Kind::Worksheet;
          if (!begin_worksheet(a, n)) return;
        }
        break;
      case Kind::Styles:
        if (ss && local == "Style") {
          f.kind = Kind::Style;
          begin_style(a, n);
        }
        break;
      case Kind::Style:
        if (ss && local == "Font") {
          bool present = false;
          const std::string_view name = attr(a, n, "FontName", kSs, &present);
          if (present) style_.font = symbol_font_from_name(name);
        } else if (ss && local == "NumberFormat") {
          bool present = false;
          const std::string_view format = attr(a, n, "Format", kSs, &present);
          style_.date = present && is_date_number_format(format);
        }
        break;
      case Kind::ExcelWorkbook:
        if (ns == kX && local == "Date1904") {
          f.kind = Kind::Date1904;
          small_text_.clear();
        }
        break;
      case Kind::Worksheet:
        if (ss && local == "Table") {
          f.kind = Kind::Table;
        } else if (ns == kX && local == "WorksheetOptions") {
          f.kind = Kind::Options;
        }
        break;
      case Kind::Options:
        if (ns == kX && local == "Visible") {
          f.kind = Kind::Visible;
          small_text_.clear();
        }
        break;
      case Kind::Table:
        if (ss && local == "Row") {
          f.kind = Kind::Row;
          if (!begin_row(a, n)) return;
        } else if (ss && local == "Column") {
          column(a, n);
        }
        break;
      case Kind::Row:
        if (ss && local == "Cell") {
          f.kind = Kind::Cell;
          if (!begin_cell(a, n)) return;
        }
        break;
      case Kind::Cell:
        // Comment, PhoneticText, NamedCell, SmartTags are skipped.
        if (ss && local == "Data") {
          f.kind = Kind::Data;
          f.font = cell_style_.font;
          data_type_ = std::string(attr(a, n, "Type", kSs));
          raw_.clear();
          runs_.clear();
        }
        break;
      case Kind::Data:
      case Kind::Run:
        if (local == "PhoneticText") break;  // ss: or x:, wherever it is put
        f.kind = Kind::Run;
        f.font = parent.font;
        if (local == "Font") {
          bool present = false;
          std::string_view face = attr(a, n, "Face", kHtml, &present);
          if (!present) face = attr(a, n, "Face", kSs, &present);
          if (present) f.font = symbol_font_from_name(face);
        }
        break;
      case Kind::Date1904:
      case Kind::Visible:
        break;
    }
    stack_.push_back(f);
  }

  void end_element(std::string_view, std::string_view) override {
    if (stack_.empty()) return;
    const Frame f = stack_.back();
    stack_.pop_back();
    switch (f.kind) {
      case Kind::Style:
        if (!style_id_.empty()) styles_[style_id_] = style_;
        break;
      case Kind::Date1904: {
        const std::string_view v = trim(small_text_);
        date1904_ = v.empty() || v == "1" || iequals(v, "true");
        break;
      }
      case Kind::Visible: {
        const std::string_view v = trim(small_text_);
        if (iequals(v, "SheetHidden"))
          sheet_state_ = "hidden";
        else if (iequals(v, "SheetVeryHidden"))
          sheet_state_ = "veryHidden";
        else if (iequals(v, "SheetVisible"))
          sheet_state_ = "visible";
        break;
      }
      case Kind::Data:
        end_data();
        break;
      case Kind::Worksheet:
        end_worksheet();
        break;
      default:
        break;
    }
  }

  void text(std::string_view chunk) override {
    if (stack_.empty()) return;
    const Frame& f = stack_.back();
    if (f.kind == Kind::Data || f.kind == Kind::Run) {
      if (raw_.size() + chunk.size() > limits_.max_text) {
        refuse("xml.text_too_long", "单元格文本过长（超过 " +
                                        std::to_string(limits_.max_text / 1000000) +
                                        " MB），已拒收",
               cell_ref(cell_row_, cell_col_));
        return;
      }
      if (runs_.empty() || runs_.back().second != f.font) runs_.emplace_back(raw_.size(), f.font);
      raw_.append(chunk);
    } else if (f.kind == Kind::Date1904 || f.kind == Kind::Visible) {
      if (small_text_.size() < kSmallText)
        small_text_.append(chunk.substr(0, kSmallText - small_text_.size()));
    }
  }

 private:
  // ---- styles ----

  void begin_style(const XmlAttribute* a, size_t n) {
    style_id_ = std::string(attr(a, n, "ID", kSs));
    style_ = Style{};
    bool has_parent = false;
    const std::string_view parent = attr(a, n, "Parent", kSs, &has_parent);
    if (has_parent) {
      auto it = styles_.find(std::string(parent));
      if (it != styles_.end()) style_ = it->second;
    }
  }

  // A style by ID; one not (yet) defined is plain.
  Style style(std::string_view id) const {
    auto it = styles_.find(std::string(id));
    return it == styles_.end() ? Style{} : it->second;
  }

  // ---- worksheets ----

  bool begin_worksheet(const XmlAttribute* a, size_t n) {
    if (sheet_index_ >= limits_.max_sheets) {
      refuse("xml2003.too_many_sheets",
             "工作表超过 " + std::to_string(limits_.max_sheets) + " 个，已拒收");
      return false;
    }
    bool present = false;
    sheet_name_ = std::string(attr(a, n, "Name", kSs, &present));
    if (!present || sheet_name_.empty()) sheet_name_ = "Sheet" + std::to_string(sheet_index_ + 1);
    in_sheet_ = true;
    sheet_state_ = "visible";
    cells_.clear();
    merges_.clear();
    arena_.clear();
    columns_.clear();
    next_column_ = 1;
    next_row_ = 1;
    if (!seen_names_.insert(lower_ascii(sheet_name_)).second) {
      warnings_.push_back(make_problem(Severity::Warning, "xml2003.duplicate_sheet",
                                       "工作表名称“" + sheet_name_ + "”重复出现", sheet_name_, {},
                                       stream_->line()));
    }
    return true;
  }

  void end_worksheet() {
    SheetInfo info;
    info.name = sheet_name_;
    info.state = sheet_state_;
    info.index = sheet_index_++;
    if (sink_.begin_sheet(info)) {
      for (const BufferedCell& b : cells_) {
        Cell c;
        c.row = b.row;
        c.col = b.col;
        c.type = b.type;
        c.number = b.number;
        c.text = std::string_view(arena_).substr(b.text_offset, b.text_size);
        sink_.cell(c);
      }
      for (const CellRange& r : merges_) sink_.merged(r);
      sink_.end_sheet();
    }
    // Release the sheet's memory before the next one.
    std::vector<BufferedCell>().swap(cells_);
    std::vector<CellRange>().swap(merges_);
    std::string().swap(arena_);
    columns_.clear();
    in_sheet_ = false;
  }

  // ---- table ----

  void column(const XmlAttribute* a, size_t n) {
    uint64_t index = next_column_;
    bool present = false;
    const std::string_view idx = attr(a, n, "Index", kSs, &present);
    if (present && (!parse_uint(idx, index) || index == 0)) return;  // unusable; no style
    uint64_t span = 0;
    const std::string_view sp = attr(a, n, "Span", kSs, &present);
    if (present && !parse_uint(sp, span)) span = 0;
    next_column_ = index + 1 + span;
    const std::string_view id = attr(a, n, "StyleID", kSs, &present);
    if (present && index <= kMaxCols) columns_[index] = {index + span, style(id)};
  }

  void refuse_position(uint64_t row, uint64_t col, bool numeric) {
    const std::string ref = cell_ref(clamp_index(row), clamp_index(col));
    if (numeric)
      refuse("cell.out_of_range",
             "单元格位置 " + ref + " 超出 Excel 表格范围（最多 1048576 行、16384 列），文件可能已损坏，已拒收",
             ref);
    else
      refuse("cell.out_of_range",
             "单元格 " + ref + " 附近的行号、列号或合并范围（ss:Index / ss:MergeAcross / ss:MergeDown）不是有效的数字，文件可能已损坏，已拒收",
             ref);
  }

  bool begin_row(const XmlAttribute* a, size_t n) {
    uint64_t row = next_row_;
    bool present = false;
    const std::string_view idx = attr(a, n, "Index", kSs, &present);
    if (present) {
      uint64_t v = 0;
      if (!parse_uint(idx, v) || v == 0) {
        refuse_position(row, 1, false);
        return false;
      }
      row = v;
    }
    if (row > kMaxRows) {
      refuse_position(row, 1, true);
      return false;
    }
    uint64_t span = 0;
    const std::string_view sp = attr(a, n, "Span", kSs, &present);
    if (present && !parse_uint(sp, span)) {
      refuse_position(row, 1, false);
      return false;
    }
    row_ = row;
    next_row_ = row + 1 + span;
    next_col_ = 1;
    const std::string_view id = attr(a, n, "StyleID", kSs, &row_has_style_);
    if (row_has_style_) row_style_ = style(id);
    return true;
  }

  bool begin_cell(const XmlAttribute* a, size_t n) {
    uint64_t col = next_col_;
    bool present = false;
    const std::string_view idx = attr(a, n, "Index", kSs, &present);
    if (present) {
      uint64_t v = 0;
      if (!parse_uint(idx, v) || v == 0) {
        refuse_position(row_, col, false);
        return false;
      }
      col = v;
    }
    if (col > kMaxCols) {
      refuse_position(row_, col, true);
      return false;
    }
    uint64_t across = 0, down = 0;
    const std::string_view ma = attr(a, n, "MergeAcross", kSs, &present);
    if (present && !parse_uint(ma, across)) {
      refuse_position(row_, col, false);
      return false;
    }
    const std::string_view md = attr(a, n, "MergeDown", kSs, &present);
    if (present && !parse_uint(md, down)) {
      refuse_position(row_, col, false);
      return false;
    }
    if (col + across > kMaxCols || row_ + down > kMaxRows) {
      refuse_position(row_ + down, col + across, true);
      return false;
    }
    next_col_ = col + 1 + across;
    cell_row_ = static_cast<uint32_t>(row_ - 1);
    cell_col_ = static_cast<uint32_t>(col - 1);
    if (across > 0 || down > 0)
      merges_.push_back(CellRange{cell_row_, cell_col_, static_cast<uint32_t>(row_ - 1 + down),
                                  static_cast<uint32_t>(col - 1 + across)});

    // The cell's style, else the row's, else the column's, else Default.
    const std::string_view id = attr(a, n, "StyleID", kSs, &present);
    if (present) {
      cell_style_ = style(id);
    } else if (row_has_style_) {
      cell_style_ = row_style_;
    } else {
      cell_style_ = style("Default");
      auto it = columns_.upper_bound(col);
      if (it != columns_.begin()) {
        --it;
        if (col <= it->second.first) cell_style_ = it->second.second;
      }
    }
    return true;
  }

  // The text as Excel shows it: symbol-font runs and private-use characters mapped.
  std::string shown_text() const {
    bool plain = true;
    for (const auto& r : runs_) plain &= r.second == SymbolFont::None;
    if (plain && !has_private_use_symbol(raw_)) return raw_;
    std::string out;
    out.reserve(raw_.size() + 8);
    for (size_t i = 0; i < runs_.size(); ++i) {
      const size_t begin = runs_[i].first;
      const size_t end = i + 1 < runs_.size() ? runs_[i + 1].first : raw_.size();
      append_symbol_text(out, std::string_view(raw_).substr(begin, end - begin), runs_[i].second);
    }
    return out;
  }

  void end_data() {
    if (raw_.empty()) return;
    CellType type = CellType::String;
    double number = 0;
    std::string text;
    const std::string_view t = data_type_;
    if (t == "Number") {
      if (parse_number(raw_, number)) {
        type = CellType::Number;
        // A pure time (0 <= serial < 1) is a time in either date system.
        const bool system1904 = date1904_ && number >= 1;
        if (cell_style_.date && serial_to_iso(number, system1904, text)) type = CellType::Date;
      } else {
        text = shown_text();
      }
    } else if (t == "Boolean") {
      const std::string_view v = trim(raw_);
      if (v == "1" || iequals(v, "true")) {
        type = CellType::Bool;
        number = 1;
      } else if (v == "0" || iequals(v, "false")) {
        type = CellType::Bool;
      } else {
        text = shown_text();
      }
    } else if (t == "DateTime") {
      if (normalize_iso_datetime(trim(raw_), text)) {
        type = CellType::Date;
        // Excel writes a pure time on day 0: 1899-12-31 (1904-01-01 in the
        // 1904 system). Give only the time, as serial_to_iso does.
        const std::string_view day0 = date1904_ ? "1904-01-01" : "1899-12-31";
        if (text.size() >= 10 && std::string_view(text).substr(0, 10) == day0)
          text = text.size() > 11 ? text.substr(11) : "00:00:00";
      } else {
        text = shown_text();
      }
    } else if (t == "Error") {
      type = CellType::Error;
      text = raw_;
    } else {
      text = shown_text();
    }
    raw_.clear();
    runs_.clear();

    if (++total_cells_ > limits_.max_cells) {
      refuse("cells.too_many",
             "非空单元格超过 " + std::to_string(limits_.max_cells) + " 个，文件过大，已拒收",
             cell_ref(cell_row_, cell_col_));
      return;
    }
    cells_.push_back(BufferedCell{cell_row_, cell_col_, type, number, arena_.size(), text.size()});
    arena_ += text;
  }

  WorkbookSink& sink_;
  const ReadLimits& limits_;
  XmlStream* stream_ = nullptr;
  Problems warnings_;
  const std::string empty_;
  std::vector<Frame> stack_;

  // Workbook
  std::unordered_map<std::string, Style> styles_;
  std::string style_id_;
  Style style_;
  bool date1904_ = false;
  std::string small_text_;
  std::unordered_set<std::string> seen_names_;
  size_t sheet_index_ = 0;
  uint64_t total_cells_ = 0;

  // Current worksheet, buffered until its end
  bool in_sheet_ = false;
  std::string sheet_name_;
  std::string sheet_state_ = "visible";
  std::vector<BufferedCell> cells_;
  std::vector<CellRange> merges_;
  std::string arena_;
  std::map<uint64_t, std::pair<uint64_t, Style>> columns_;  // first -> (last, style), 1-based
  uint64_t next_column_ = 1;

  // Current row and cell (1-based while positioning)
  uint64_t next_row_ = 1;
  uint64_t row_ = 1;
  bool row_has_style_ = false;
  Style row_style_;
  uint64_t next_col_ = 1;
  uint32_t cell_row_ = 0, cell_col_ = 0;  // 0-based
  Style cell_style_;

  // Current Data
  std::string data_type_;
  std::string raw_;
  std::vector<std::pair<size_t, SymbolFont>> runs_;  // (offset in raw_, font) where a run starts
};

}  // namespace

bool read_spreadsheet2003(const ByteSource& source, WorkbookSink& sink, Problems& problems,
                          const ReadLimits& limits) {
  Reader reader(sink, limits);
  XmlLimits xml_limits;
  xml_limits.max_text = limits.max_text;
  xml_limits.max_depth = limits.max_depth;
  XmlStream stream(reader, xml_limits, std::string());
  reader.set_stream(&stream);

  const auto started = std::chrono::steady_clock::now();
  const uint64_t size = source.size();
  std::vector<char> buf(kChunk);
  bool ok = true;
  for (uint64_t offset = 0; offset < size;) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(kChunk, size - offset));
    if (!source.read_at(offset, buf.data(), n)) {
      reader.refuse("xml2003.read_failed", "读取文件失败，无法读取");
      ok = false;
      break;
    }
    offset += n;
    if (!stream.feed(buf.data(), n)) {
      ok = false;
      break;
    }
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
    if (elapsed.count() > limits.max_seconds) {
      reader.refuse("xml2003.too_slow", "读取时间超过 " +
                                            std::to_string(static_cast<long long>(limits.max_seconds)) +
                                            " 秒，文件过大或过于复杂，已停止");
      ok = false;
      break;
    }
  }
  if (ok) ok = stream.finish();
  ok = ok && !stream.failed();

  for (auto& p : reader.warnings()) problems.push_back(std::move(p));
  for (auto& p : stream.problems()) {
    if (p.sheet.empty()) p.sheet = reader.current_sheet();
    problems.push_back(std::move(p));
  }
  return ok;
}

}  // namespace ipsurvey::importers

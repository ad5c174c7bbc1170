#include "importers/xlsx_sheet.h"

#include <charconv>

#include "importers/cell_ref.h"
#include "importers/number_format.h"
#include "importers/ooxml_names.h"

namespace ipsurvey::importers {
namespace {

constexpr std::string_view kDrawingNs = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\r' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

bool parse_double(std::string_view s, double& out) {
  s = trim(s);
  if (s.empty()) return false;
  if (s.front() == '+') s.remove_prefix(1);
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

template <typename T>
bool parse_uint(std::string_view s, T& out) {
  s = trim(s);
  const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return !s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size();
}

}  // namespace

void SheetParser::refuse(const char* code, std::string message, std::string cell) {
  Problem p = make_problem(Severity::Error, code, std::move(message), ctx_.sheet_name, std::move(cell),
                           stream_ ? stream_->line() : 0);
  if (stream_) stream_->stop(std::move(p));
}

void SheetParser::start_element(std::string_view local, std::string_view ns, const XmlAttribute* a,
                                size_t n) {
  ++depth_;
  if (skip_ > 0) {
    ++skip_;
    return;
  }
  if (depth_ == 1) {
    root_ = std::string(local);
    return;
  }
  if (root_ != "worksheet") return;  // a dialog or macro sheet filed as a worksheet
  if (in_cell_) {
    if (!is_main_(ns)) return;
    if (local == "v") {
      in_v_ = true;
      has_v_ = true;
      v_.clear();
    } else if (local == "is") {
      in_is_ = true;
      has_is_ = true;
    } else if (in_is_) {
      if (local == "t") {
        in_t_ = true;
        t_raw_.clear();
      } else if (local == "rPh") {
        skip_ = 1;
      } else if (local == "r") {
        run_has_font_ = false;
        run_font_ = SymbolFont::None;
      } else if (local == "rFont") {
        run_has_font_ = true;
        for (size_t i = 0; i < n; ++i)
          if (a[i].local == "val") run_font_ = symbol_font_from_name(a[i].value);
      }
    }
    return;
  }
  if (in_controls_) {
    if (local == "control" && is_main_(ns)) {
      ControlRef c;
      for (size_t i = 0; i < n; ++i) {
        if (a[i].local == "shapeId") parse_uint(a[i].value, c.shape_id);
        else if (a[i].local == "id" && ooxml::is_rel(a[i].ns)) c.rel_id = std::string(a[i].value);
        else if (a[i].local == "name") c.name = std::string(a[i].value);
      }
      controls.push_back(std::move(c));
    } else if (local == "from" && !controls.empty()) {
      in_from_ = true;
    } else if (in_from_ && ns == kDrawingNs && (local == "col" || local == "row")) {
      in_from_col_ = local == "col";
      in_from_row_ = local == "row";
      from_text_.clear();
    }
    return;
  }
  if (!is_main_(ns)) return;
  if (in_row_ && local == "c") {
    begin_cell(a, n);
  } else if (in_sheet_data_ && local == "row") {
    in_row_ = true;
    int64_t r = last_row_ + 1;
    for (size_t i = 0; i < n; ++i)
      if (a[i].local == "r") {
        uint32_t v = 0;
        if (!parse_uint(a[i].value, v) || v == 0 || v > kMaxRows) {
          refuse("cell.out_of_range", "行号“" + std::string(a[i].value) + "”超出 Excel 表格范围（1–1048576），文件已拒收");
          return;
        }
        r = static_cast<int64_t>(v) - 1;
      }
    if (r >= static_cast<int64_t>(kMaxRows)) {
      refuse("cell.out_of_range", "行数超出 Excel 表格范围（1048576 行），文件已拒收");
      return;
    }
    row_ = static_cast<uint32_t>(r);
    last_row_ = r;
    next_col_ = 0;
  } else if (local == "sheetData") {
    in_sheet_data_ = true;
  } else if (local == "mergeCell") {
    for (size_t i = 0; i < n; ++i)
      if (a[i].local == "ref") {
        CellRange range;
        if (parse_range_ref(a[i].value, range))
          ctx_.sink->merged(range);
      }
  } else if (local == "controls") {
    in_controls_ = true;
  } else if (local == "legacyDrawing") {
    for (size_t i = 0; i < n; ++i)
      if (a[i].local == "id" && ooxml::is_rel(a[i].ns)) legacy_drawing_rel = std::string(a[i].value);
  }
}

void SheetParser::begin_cell(const XmlAttribute* a, size_t n) {
  in_cell_ = true;
  has_v_ = has_is_ = false;
  is_text_.clear();
  is_plain_.clear();
  is_explicit_runs_ = false;
  cell_type_ = 'n';
  cell_style_ = 0;
  cell_row_ = row_;
  cell_col_ = next_col_;
  bool has_ref = false;
  for (size_t i = 0; i < n; ++i) {
    const std::string_view name = a[i].local;
    if (name == "r") {
      has_ref = true;
      if (!parse_cell_ref(a[i].value, cell_row_, cell_col_)) {
        refuse("cell.out_of_range", "单元格引用“" + std::string(a[i].value.substr(0, 20)) +
                                        "”无效或超出 Excel 表格范围（XFD1048576），文件已拒收");
        return;
      }
    } else if (name == "t") {
      const std::string_view t = a[i].value;
      if (t == "s") cell_type_ = 's';
      else if (t == "inlineStr") cell_type_ = 'i';
      else if (t == "str") cell_type_ = 'f';
      else if (t == "b") cell_type_ = 'b';
      else if (t == "e") cell_type_ = 'e';
      else if (t == "d") cell_type_ = 'd';
      else cell_type_ = 'n';
    } else if (name == "s") {
      parse_uint(a[i].value, cell_style_);
    }
  }
  if (!has_ref && next_col_ >= kMaxCols) {
    refuse("cell.out_of_range", "列数超出 Excel 表格范围（XFD 列），文件已拒收");
    return;
  }
  next_col_ = cell_col_ + 1;
}

void SheetParser::end_element(std::string_view local, std::string_view ns) {
  --depth_;
  if (skip_ > 0) {
    --skip_;
    return;
  }
  if (in_cell_) {
    if (!is_main_(ns)) return;
    if (local == "v") {
      in_v_ = false;
    } else if (local == "t" && in_t_) {
      in_t_ = false;
      unescaped_.clear();
      ooxml::append_unescaped(unescaped_, t_raw_);
      if (run_has_font_) {
        is_explicit_runs_ = true;
        append_symbol_text(is_text_, unescaped_, run_font_);
      } else {
        const auto b = static_cast<uint32_t>(is_text_.size());
        is_text_ += unescaped_;
        is_plain_.emplace_back(b, static_cast<uint32_t>(is_text_.size()));
      }
    } else if (local == "r") {
      run_has_font_ = false;
    } else if (local == "is") {
      in_is_ = false;
    } else if (local == "c") {
      end_cell();
      in_cell_ = false;
    }
    return;
  }
  if (in_controls_) {
    if (in_from_ && ns == kDrawingNs && (local == "col" || local == "row")) {
      uint32_t v = 0;
      if (parse_uint(from_text_, v) && !controls.empty()) {
        if (local == "col") controls.back().col = v;
        else controls.back().row = v;
        controls.back().has_anchor = true;
      }
      in_from_col_ = in_from_row_ = false;
    } else if (local == "from") {
      in_from_ = false;
    } else if (local == "controls" && is_main_(ns)) {
      in_controls_ = false;
    }
    return;
  }
  if (!is_main_(ns)) return;
  if (local == "row") in_row_ = false;
  else if (local == "sheetData") in_sheet_data_ = false;
}

void SheetParser::text(std::string_view chunk) {
  if (skip_ > 0) return;
  if (in_v_) v_.append(chunk);
  else if (in_t_) t_raw_.append(chunk);
  else if (in_from_col_ || in_from_row_) from_text_.append(chunk);
}

void SheetParser::emit(CellType type, double number, std::string_view text) {
  if (stream_ && stream_->failed()) return;
  if ((type == CellType::String || type == CellType::Error) && text.empty()) return;
  if (*ctx_.cells_left == 0) {
    refuse("cells.too_many", "工作簿的单元格数量超过上限，文件过大，已拒收");
    return;
  }
  --*ctx_.cells_left;
  if ((++emitted_ & 0xFFFF) == 0 && std::chrono::steady_clock::now() > ctx_.deadline) {
    refuse("xlsx.too_slow", "读取工作簿超时，文件过大或过于复杂，已拒收");
    return;
  }
  Cell c;
  c.row = cell_row_;
  c.col = cell_col_;
  c.type = type;
  c.number = number;
  c.text = text;
  ctx_.sink->cell(c);
}

void SheetParser::end_cell() {
  if (stream_ && stream_->failed()) return;
  const CellStyle& style = ctx_.styles->at(cell_style_);
  switch (cell_type_) {
    case 's': {
      if (!has_v_ || trim(v_).empty()) return;  // <v/>: an empty cell
      size_t index = 0;
      if (!parse_uint(v_, index) || index >= ctx_.strings->size()) {
        refuse("sst.index_out_of_range",
               "单元格引用了不存在的共享字符串（编号 " + std::string(trim(v_).substr(0, 20)) + "），文件已损坏，已拒收",
               cell_ref(cell_row_, cell_col_));
        return;
      }
      emit(CellType::String, 0, ctx_.strings->text(index, style.font, scratch_));
      return;
    }
    case 'i': {
      if (!has_is_) {
        if (has_v_) emit(CellType::String, 0, v_);
        return;
      }
      std::string_view text = is_text_;
      if (style.font != SymbolFont::None && !is_plain_.empty()) {
        scratch_.clear();
        size_t pos = 0;
        for (const auto& [b, e] : is_plain_) {
          scratch_.append(text.substr(pos, b - pos));
          append_symbol_text(scratch_, text.substr(b, e - b), style.font);
          pos = e;
        }
        scratch_.append(text.substr(pos));
        text = scratch_;
      } else if (has_private_use_symbol(text)) {
        scratch_.clear();
        append_symbol_text(scratch_, text, SymbolFont::None);
        text = scratch_;
      }
      emit(CellType::String, 0, text);
      return;
    }
    case 'f': {
      if (!has_v_) return;
      unescaped_.clear();
      ooxml::append_unescaped(unescaped_, v_);
      if (style.font != SymbolFont::None || has_private_use_symbol(unescaped_)) {
        scratch_.clear();
        append_symbol_text(scratch_, unescaped_, style.font);
        emit(CellType::String, 0, scratch_);
      } else {
        emit(CellType::String, 0, unescaped_);
      }
      return;
    }
    case 'b': {
      if (!has_v_) return;
      const std::string_view v = trim(v_);
      emit(CellType::Bool, (v == "1" || v == "true" || v == "TRUE") ? 1 : 0, {});
      return;
    }
    case 'e':
      if (has_v_) emit(CellType::Error, 0, trim(v_));
      return;
    case 'd': {
      if (!has_v_) return;
      if (normalize_iso_datetime(trim(v_), scratch_)) emit(CellType::Date, 0, scratch_);
      else emit(CellType::String, 0, v_);
      return;
    }
    default: {
      if (!has_v_) return;
      double d = 0;
      if (!parse_double(v_, d)) {
        if (!trim(v_).empty()) emit(CellType::String, 0, v_);
        return;
      }
      if (style.is_date && serial_to_iso(d, ctx_.date1904, scratch_)) {
        emit(CellType::Date, d, scratch_);
        return;
      }
      emit(CellType::Number, d, {});
    }
  }
}

}  // namespace ipsurvey::importers

#include "collector/form_template.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <vector>

namespace ipsurvey::collector {
namespace {

using Row = lxw_row_t;
using Col = lxw_col_t;

// ---------------------------------------------------------------------------
// Sizes. Widths are in Excel's character units (a Chinese character is about 2).

constexpr double kSurveyLabelWidth = 24;
constexpr double kSurveyAnswerWidth = 22;
constexpr Col kSurveyCols = 4;  // label | answer | label | answer
constexpr double kRowHeight = 24;
constexpr double kLineHeight = 14.5;
constexpr const char* kFont = "宋体";
constexpr const char* kTicked = "■";
constexpr const char* kBlank = "□";
constexpr uint8_t kPaperA4 = 9;
constexpr size_t kMaxInlineList = 255;  // Excel's limit for a list written in the validation (bytes, to be safe)

// How wide a text prints: 2 units for a wide (CJK, full-width) character, 1 otherwise.
double print_width(std::string_view s) {
  double w = 0;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    w += len >= 3 ? 2 : 1;
    i += len;
  }
  return w;
}

// The height of a row whose text wraps in a column `width` units wide.
double wrapped_height(std::string_view text, double width, double minimum = kRowHeight) {
  const double lines = std::max(1.0, std::ceil(print_width(text) / std::max(4.0, width - 2)));
  return std::max(minimum, lines * kLineHeight + 8);
}

// At most `n` characters of `s` (UTF-8), for Excel's 32-character titles.
std::string first_chars(const std::string& s, size_t n) {
  size_t i = 0;
  for (size_t k = 0; k < n && i < s.size(); ++k) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  }
  return s.substr(0, std::min(i, s.size()));
}

// A libxlsxwriter error in Chinese (its own English text added for the details).
std::string error_text(lxw_error e) {
  const char* what = nullptr;
  switch (e) {
    case LXW_ERROR_MEMORY_MALLOC_FAILED: what = "内存不足"; break;
    case LXW_ERROR_CREATING_XLSX_FILE: what = "无法创建输出文件（目录不存在或没有写权限）"; break;
    case LXW_ERROR_CREATING_TMPFILE:
    case LXW_ERROR_READING_TMPFILE: what = "无法使用临时文件"; break;
    case LXW_ERROR_ZIP_FILE_OPERATION:
    case LXW_ERROR_ZIP_FILE_ADD:
    case LXW_ERROR_ZIP_CLOSE: what = "写入压缩包失败（磁盘已满？）"; break;
    case LXW_ERROR_32_STRING_LENGTH_EXCEEDED:
    case LXW_ERROR_128_STRING_LENGTH_EXCEEDED:
    case LXW_ERROR_255_STRING_LENGTH_EXCEEDED:
    case LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED: what = "文字超过 Excel 的长度限制"; break;
    default: what = "libxlsxwriter 报错"; break;
  }
  return std::string(what) + "：" + lxw_strerror(e);
}

// What the cell a field is answered in should hold and accept.
struct Validation {
  uint8_t type = LXW_VALIDATION_TYPE_NONE;
  uint8_t criteria = LXW_VALIDATION_CRITERIA_NONE;
  uint8_t error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
  std::vector<std::string> list;
  double number = 0;
  std::string message;
};

// ---------------------------------------------------------------------------
// The workbook, with every libxlsxwriter result checked: the first failure is
// kept (in Chinese) and every later call does nothing.

class Book {
 public:
  struct Formats {
    lxw_format* title = nullptr;
    lxw_format* plain = nullptr;       // header lines
    lxw_format* plain_right = nullptr;
    lxw_format* stamp = nullptr;       // the 企业（盖章） blank: a line under it
    lxw_format* section = nullptr;
    lxw_format* label = nullptr;
    lxw_format* label_bold = nullptr;
    lxw_format* text = nullptr;        // answers kept as text ("@")
    lxw_format* value = nullptr;       // numbers, choices
    lxw_format* date = nullptr;
    lxw_format* big_text = nullptr;    // a large free-text cell, top-aligned
    lxw_format* table_name = nullptr;
    lxw_format* note = nullptr;
  };

  Book(const std::string& path, const std::string& final_path) : path_(path), final_path_(final_path) {
    // Try the place first: a clear message instead of libxlsxwriter's at the end.
    if (std::FILE* probe = std::fopen(path_.c_str(), "wb")) {
      std::fclose(probe);
      std::remove(path_.c_str());
    } else {
      fail(std::string("无法在该位置创建文件（") + std::strerror(errno) + "）");
      return;
    }
    lxw_workbook_options options{};
    options.constant_memory = LXW_FALSE;
    wb_ = workbook_new_opt(path_.c_str(), &options);
    if (!wb_) {
      fail("无法创建工作簿");
      return;
    }
    make_formats();
  }
  ~Book() {
    if (wb_) {
      workbook_close(wb_);  // only after a failure: the partial file is removed
      std::remove(path_.c_str());
    }
  }
  Book(const Book&) = delete;
  Book& operator=(const Book&) = delete;

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  const Formats& f() const { return formats_; }

  lxw_worksheet* add_sheet(const std::string& name) {
    if (!ok()) return nullptr;
    lxw_worksheet* ws = workbook_add_worksheet(wb_, name.c_str());
    if (!ws) fail("无法添加工作表“" + name + "”");
    return ws;
  }

  // Checks a libxlsxwriter result; `what` says what was being written.
  bool check(lxw_error e, const char* what) {
    if (e == LXW_NO_ERROR || !ok()) return ok();
    fail(std::string(what) + "失败（" + error_text(e) + "）");
    return false;
  }

  void write(lxw_worksheet* ws, Row r, Col c, const std::string& text, lxw_format* format) {
    if (ok()) check(worksheet_write_string(ws, r, c, text.c_str(), format), "写入单元格");
  }
  // A cell, or a merged range when it spans more than one cell.
  void span(lxw_worksheet* ws, Row r1, Col c1, Row r2, Col c2, const std::string& text, lxw_format* format) {
    if (!ok()) return;
    if (r1 == r2 && c1 == c2)
      check(text.empty() ? worksheet_write_blank(ws, r1, c1, format)
                         : worksheet_write_string(ws, r1, c1, text.c_str(), format),
            "写入单元格");
    else
      check(worksheet_merge_range(ws, r1, c1, r2, c2, text.c_str(), format), "合并单元格");
  }
  void row_height(lxw_worksheet* ws, Row r, double height) {
    if (ok()) check(worksheet_set_row(ws, r, height, nullptr), "设置行高");
  }
  void column_width(lxw_worksheet* ws, Col c, double width) {
    if (ok()) check(worksheet_set_column(ws, c, c, width, nullptr), "设置列宽");
  }

  // A data validation (drop-down list, number or length check, input hint) on one cell.
  void validate(lxw_worksheet* ws, Row r, Col c, const Validation& v, const std::string& title) {
    if (!ok() || (v.type == LXW_VALIDATION_TYPE_NONE && v.message.empty())) return;
    if (v.type == LXW_VALIDATION_TYPE_LIST && v.list.empty()) return;  // a choice without options
    lxw_data_validation dv{};
    dv.validate = v.type == LXW_VALIDATION_TYPE_NONE ? static_cast<uint8_t>(LXW_VALIDATION_TYPE_ANY) : v.type;
    dv.criteria = v.criteria;
    dv.error_type = v.error_type;
    dv.value_number = v.number;
    std::vector<char*> items;
    std::string formula;
    if (v.type == LXW_VALIDATION_TYPE_LIST) {
      size_t bytes = 0;
      bool comma = false;
      for (const auto& s : v.list) {
        bytes += s.size() + 1;
        comma |= s.find(',') != std::string::npos;
      }
      if (bytes > kMaxInlineList || comma) {
        // Too long to write inline: the options go to a hidden sheet.
        formula = list_range(v.list);
        if (!ok()) return;
        dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
        dv.value_formula = formula.data();
      } else {
        for (const auto& s : v.list) items.push_back(const_cast<char*>(s.c_str()));
        items.push_back(nullptr);
        dv.value_list = items.data();
      }
    }
    const std::string input_title = first_chars(title, 30);
    const std::string input_message = first_chars(v.message, 250);
    if (!input_message.empty()) {
      dv.input_title = const_cast<char*>(input_title.c_str());
      dv.input_message = const_cast<char*>(input_message.c_str());
    }
    std::string error_message;
    if (v.type == LXW_VALIDATION_TYPE_LIST) {
      error_message = first_chars("请从下拉列表中选择。" + v.message, 250);
      dv.error_title = const_cast<char*>(input_title.c_str());
      dv.error_message = const_cast<char*>(error_message.c_str());
    }
    check(worksheet_data_validation_cell(ws, r, c, &dv), "设置下拉列表或输入提示");
  }

  void print_setup(lxw_worksheet* ws, bool landscape, Row last_row, Col last_col) {
    if (!ok()) return;
    worksheet_set_paper(ws, kPaperA4);
    if (landscape)
      worksheet_set_landscape(ws);
    else
      worksheet_set_portrait(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_center_horizontally(ws);
    worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.6);
    check(worksheet_print_area(ws, 0, 0, last_row, last_col), "设置打印区域");
  }

  void properties(const std::string& title) {
    if (!ok()) return;
    lxw_doc_properties p{};
    p.title = const_cast<char*>(title.c_str());
    p.subject = const_cast<char*>("空白表格（ipsurvey template 生成）");
    check(workbook_set_properties(wb_, &p), "设置文档属性");
  }

  // Writes the file and moves it into place. False (with error()) on failure.
  bool close() {
    if (!ok()) return false;
    lxw_workbook* wb = wb_;
    wb_ = nullptr;
    const lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR) {
      std::remove(path_.c_str());
      fail(error_text(e));
      return false;
    }
    if (std::rename(path_.c_str(), final_path_.c_str()) != 0) {
      std::remove(path_.c_str());
      fail("无法写入文件 " + final_path_);
      return false;
    }
    return true;
  }

 private:
  void fail(const std::string& message) {
    if (error_.empty()) error_ = message;
  }

  lxw_format* format(uint8_t align, bool border, bool wrap, bool bold = false, const char* num = nullptr) {
    lxw_format* fm = ok() ? workbook_add_format(wb_) : nullptr;
    if (!fm) {
      fail("无法创建单元格格式");
      return nullptr;
    }
    format_set_font_name(fm, kFont);
    format_set_font_size(fm, 11);
    format_set_align(fm, align);
    format_set_align(fm, LXW_ALIGN_VERTICAL_CENTER);
    if (border) format_set_border(fm, LXW_BORDER_THIN);
    if (wrap) format_set_text_wrap(fm);
    if (bold) format_set_bold(fm);
    if (num) format_set_num_format(fm, num);
    return fm;
  }

  void make_formats() {
    Formats& f = formats_;
    f.title = format(LXW_ALIGN_CENTER, false, false, true);
    if (f.title) format_set_font_size(f.title, 16);
    f.plain = format(LXW_ALIGN_LEFT, false, false);
    f.plain_right = format(LXW_ALIGN_RIGHT, false, false);
    f.stamp = format(LXW_ALIGN_LEFT, false, false);
    if (f.stamp) format_set_bottom(f.stamp, LXW_BORDER_THIN);
    f.section = format(LXW_ALIGN_LEFT, true, true, true);
    if (f.section) {
      format_set_pattern(f.section, LXW_PATTERN_SOLID);
      format_set_bg_color(f.section, 0xE7E6E6);
    }
    f.label = format(LXW_ALIGN_CENTER, true, true);
    f.label_bold = format(LXW_ALIGN_CENTER, true, true, true);
    f.text = format(LXW_ALIGN_LEFT, true, true, false, "@");
    f.value = format(LXW_ALIGN_LEFT, true, true);
    f.date = format(LXW_ALIGN_LEFT, true, false, false, "yyyy-mm-dd");
    f.big_text = format(LXW_ALIGN_LEFT, true, true, false, "@");
    if (f.big_text) format_set_align(f.big_text, LXW_ALIGN_VERTICAL_TOP);
    f.table_name = format(LXW_ALIGN_CENTER, true, true, true);
    f.note = format(LXW_ALIGN_LEFT, false, true);
  }

  // Writes `list` into a column of the hidden sheet 选项; gives its range.
  std::string list_range(const std::vector<std::string>& list) {
    static const char* kSheet = "选项";
    if (!lists_) {
      lists_ = add_sheet(kSheet);
      if (!lists_) return {};
      worksheet_hide(lists_);
    }
    const Col c = lists_col_++;
    for (size_t i = 0; i < list.size(); ++i) write(lists_, static_cast<Row>(i), c, list[i], nullptr);
    char from[16], to[16];
    lxw_rowcol_to_cell_abs(from, 0, c, 1, 1);
    lxw_rowcol_to_cell_abs(to, static_cast<Row>(list.size() - 1), c, 1, 1);
    return std::string("='") + kSheet + "'!" + from + ":" + to;
  }

  std::string path_, final_path_;
  lxw_workbook* wb_ = nullptr;
  Formats formats_;
  lxw_worksheet* lists_ = nullptr;
  Col lists_col_ = 0;
  std::string error_;
};

// ---------------------------------------------------------------------------
// How a field is answered: the cell's format and its validation.

struct AnswerStyle {
  lxw_format* format = nullptr;
  Validation validation;
};

std::vector<std::string> option_labels(const FieldDef& f) {
  std::vector<std::string> out;
  for (const auto& o : f.options)
    if (!o.spellings.empty()) out.push_back(o.spellings.front());
  return out;
}

AnswerStyle answer_style(const FieldDef& f, const Book::Formats& fm) {
  AnswerStyle s;
  Validation& v = s.validation;
  s.format = fm.text;
  switch (f.type) {
    case FieldType::Choice:
      s.format = fm.value;
      v.type = LXW_VALIDATION_TYPE_LIST;
      v.list = option_labels(f);
      v.message = "从下拉列表中选择一项。";
      if (!f.other_key.empty()) {
        v.error_type = LXW_VALIDATION_ERROR_TYPE_INFORMATION;
        v.message += "选“其他”时可在后面写明。";
      }
      break;
    case FieldType::Boolean:
      s.format = fm.value;
      v.type = LXW_VALIDATION_TYPE_LIST;
      v.list = {"是", "否"};
      v.message = "选择“是”或“否”。";
      if (!f.note_key.empty()) {
        v.error_type = LXW_VALIDATION_ERROR_TYPE_INFORMATION;
        v.message += "也可直接写明具体情况（如所获认定的名称）。";
      }
      break;
    case FieldType::Count:
      s.format = fm.value;
      v.type = LXW_VALIDATION_TYPE_INTEGER;
      v.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
      v.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
      v.message = "填写整数，没有的填 0。";
      break;
    case FieldType::Number:
      s.format = fm.value;
      v.type = LXW_VALIDATION_TYPE_DECIMAL;
      v.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
      v.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
      v.message = "填写数字。";
      break;
    case FieldType::Amount:
      s.format = fm.value;
      v.type = LXW_VALIDATION_TYPE_DECIMAL;
      v.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
      v.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
      v.message = "单位：万元，填数字即可（如 500）。";
      break;
    case FieldType::Month:
      v.message = "如：2024年3月";
      break;
    case FieldType::Date:
      s.format = fm.date;
      v.message = "如：2024-04-08";
      break;
    case FieldType::Phone:
      v.message = "手机号，或带区号的固定电话（如 0311-86012345）。";
      break;
    case FieldType::CreditCode:
      v.type = LXW_VALIDATION_TYPE_LENGTH;
      v.criteria = LXW_VALIDATION_CRITERIA_EQUAL_TO;
      v.number = 18;
      v.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
      v.message = "18位统一社会信用代码。";
      break;
    case FieldType::Banks:
      v.message = "可填写多个银行，用“、”分隔，如：中国银行、河北银行石家庄分行。";
      break;
    case FieldType::List:
      v.message = "多个用“、”分隔。";
      break;
    case FieldType::DocNumber:
      v.message = "如：冀市监〔2023〕1号";
      break;
    case FieldType::Quarter:
      s.format = fm.value;
      v.type = LXW_VALIDATION_TYPE_LIST;
      for (int q = 1; q <= 4; ++q) v.list.push_back("第" + std::to_string(q) + "季度");
      v.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
      v.message = "选择季度；需要写明年度时可写成“2024年第1季度”。";
      break;
    case FieldType::Text:
    case FieldType::MultiChoice:
      break;
  }
  if (f.required) v.message = "（必填）" + v.message;
  return s;
}

// ---------------------------------------------------------------------------
// The survey form.

class SurveyLayout {
 public:
  SurveyLayout(Book& book, const FormDefinition& def) : book_(book), def_(def) {}

  void write() {
    ws_ = book_.add_sheet(sheet_name());
    if (!ws_) return;
    for (Col c = 0; c < kSurveyCols; ++c)
      book_.column_width(ws_, c, c % 2 == 0 ? kSurveyLabelWidth : kSurveyAnswerWidth);
    book_.span(ws_, row_, 0, row_, kSurveyCols - 1, def_.titles.front(), book_.f().title);
    book_.row_height(ws_, row_++, 36);
    header_line();
    for (const auto& section : def_.sections) write_section(section);
    book_.print_setup(ws_, false, row_ - 1, kSurveyCols - 1);
  }

 private:
  std::string sheet_name() const { return first_chars(def_.titles.front(), 31); }

  // 企业（盖章）________    填报时间：[answer]; more header fields on further lines.
  void header_line() {
    book_.write(ws_, row_, 0, "企业（盖章）", book_.f().plain);
    book_.span(ws_, row_, 1, row_, 1, "", book_.f().stamp);
    Col c = 2;
    for (const auto& f : def_.fields) {
      if (!f.header) continue;
      if (c + 1 >= kSurveyCols) {
        book_.row_height(ws_, row_++, 28);
        c = 2;
      }
      book_.write(ws_, row_, c, f.label() + "：", book_.f().plain_right);
      answer_cell(f, row_, c + 1, c + 1);
      c += 2;
    }
    book_.row_height(ws_, row_++, 28);
  }

  void write_section(const SectionDef& section) {
    std::vector<const FieldDef*> fields;
    for (const auto& f : def_.fields)
      if (!f.header && f.section == section.key) fields.push_back(&f);
    // A `below` field labelled like its section prints the section title itself.
    const bool titled_by_field = !fields.empty() && fields.front()->below &&
                                 std::find_first_of(fields.front()->label_keys.begin(), fields.front()->label_keys.end(),
                                                    section.label_keys.begin(), section.label_keys.end()) !=
                                     fields.front()->label_keys.end();
    if (!titled_by_field) {
      book_.span(ws_, row_, 0, row_, kSurveyCols - 1, section.labels.front(), book_.f().section);
      book_.row_height(ws_, row_++, kRowHeight);
    }
    const FieldDef* pending = nullptr;  // a label/answer pair waiting for its row's second half
    auto flush = [&] {
      if (pending) full_row(*pending);
      pending = nullptr;
    };
    for (const FieldDef* f : fields) {
      if (f->below) {
        flush();
        below(*f, titled_by_field && f == fields.front());
      } else if (f->type == FieldType::MultiChoice) {
        flush();
        multi_choice(*f);
      } else if (pending) {
        pair_row(*pending, *f);
        pending = nullptr;
      } else {
        pending = f;
      }
    }
    flush();
  }

  lxw_format* label_format(const FieldDef& f) const {
    return f.required ? book_.f().label_bold : book_.f().label;
  }

  void answer_cell(const FieldDef& f, Row r, Col c1, Col c2) {
    const AnswerStyle s = answer_style(f, book_.f());
    book_.span(ws_, r, c1, r, c2, "", s.format);
    book_.validate(ws_, r, c1, s.validation, f.label());
  }

  void pair_row(const FieldDef& a, const FieldDef& b) {
    book_.write(ws_, row_, 0, a.label(), label_format(a));
    answer_cell(a, row_, 1, 1);
    book_.write(ws_, row_, 2, b.label(), label_format(b));
    answer_cell(b, row_, 3, 3);
    book_.row_height(ws_, row_++, std::max(wrapped_height(a.label(), kSurveyLabelWidth),
                                           wrapped_height(b.label(), kSurveyLabelWidth)));
  }

  void full_row(const FieldDef& f) {
    book_.write(ws_, row_, 0, f.label(), label_format(f));
    answer_cell(f, row_, 1, kSurveyCols - 1);
    book_.row_height(ws_, row_++, wrapped_height(f.label(), kSurveyLabelWidth));
  }

  // One cell per option, "□option" with the drop-down {"□option", "■option"};
  // the cell after the "other" option takes its 请注明 text.
  void multi_choice(const FieldDef& f) {
    struct Slot {
      std::string option;  // empty: the other-text cell
    };
    std::vector<Slot> slots;
    for (const auto& label : option_labels(f)) {
      slots.push_back({label});
      if (!f.other_key.empty() && f.option_label("other") == label) slots.push_back({});
    }
    if (slots.empty()) {  // no options: answered in words
      full_row(f);
      return;
    }
    constexpr Col kPerRow = kSurveyCols - 1;
    const Row rows = static_cast<Row>((slots.size() + kPerRow - 1) / kPerRow);
    book_.span(ws_, row_, 0, row_ + rows - 1, 0, f.label(), label_format(f));
    for (size_t i = 0; i < rows * kPerRow; ++i) {
      const Row r = row_ + static_cast<Row>(i / kPerRow);
      const Col c = 1 + static_cast<Col>(i % kPerRow);
      if (i >= slots.size()) {
        book_.span(ws_, r, c, r, c, "", book_.f().value);
      } else if (slots[i].option.empty()) {
        book_.span(ws_, r, c, r, c, "", book_.f().text);
        Validation v;
        v.message = "选中“" + f.option_label("other") + "”后，在此注明。";
        book_.validate(ws_, r, c, v, f.label());
      } else {
        const std::string& option = slots[i].option;
        book_.write(ws_, r, c, kBlank + option, book_.f().value);
        Validation v;
        v.type = LXW_VALIDATION_TYPE_LIST;
        v.list = {kBlank + option, kTicked + option};
        v.message = "下拉选择“" + std::string(kTicked) + "”表示选中（可多选）。";
        book_.validate(ws_, r, c, v, f.label());
      }
    }
    const double height = std::max(kRowHeight, wrapped_height(f.label(), kSurveyLabelWidth) / rows);
    for (Row r = 0; r < rows; ++r) book_.row_height(ws_, row_ + r, height);
    row_ += rows;
  }

  // The label on its own line (styled as a section title when it is one), a large cell under it.
  void below(const FieldDef& f, bool as_section) {
    book_.span(ws_, row_, 0, row_, kSurveyCols - 1, f.label(), as_section ? book_.f().section : label_format(f));
    book_.row_height(ws_, row_++, kRowHeight);
    const AnswerStyle s = answer_style(f, book_.f());
    book_.span(ws_, row_, 0, row_, kSurveyCols - 1, "", book_.f().big_text);
    book_.validate(ws_, row_, 0, s.validation, f.label());
    book_.row_height(ws_, row_++, 150);
  }

  Book& book_;
  const FormDefinition& def_;
  lxw_worksheet* ws_ = nullptr;
  Row row_ = 0;
};

// ---------------------------------------------------------------------------
// The ledger.

class LedgerLayout {
 public:
  LedgerLayout(Book& book, const FormDefinition& def) : book_(book), def_(def) {
    for (const auto& t : def_.tables)
      if (!widest_ || t.columns.size() > widest_->columns.size()) widest_ = &t;
    if (widest_) cols_ = static_cast<Col>(widest_->columns.size());
  }

  void write() {
    ws_ = book_.add_sheet(first_chars(def_.titles.front(), 31));
    if (!ws_ || cols_ == 0) return;
    const Col last = cols_;  // column A holds the tables' names
    column_widths();
    book_.span(ws_, row_, 0, row_, last, def_.titles.front(), book_.f().title);
    book_.row_height(ws_, row_++, 36);
    header_lines();
    book_.row_height(ws_, row_++, 8);
    for (const auto& t : def_.tables) table(t);
    notes();
    book_.print_setup(ws_, true, row_ - 1, last);
  }

 private:
  static double type_width(FieldType t) {
    switch (t) {
      case FieldType::Date: return 14;
      case FieldType::List:
      case FieldType::DocNumber: return 20;
      default: return 32;
    }
  }

  // The widest table sets the columns; a narrower one spans several per column.
  double width_of(Col c) const { return type_width(widest_->columns[c - 1].type); }
  void column_widths() {
    book_.column_width(ws_, 0, 11);
    for (Col c = 1; c <= cols_; ++c) book_.column_width(ws_, c, width_of(c));
  }

  // Column span of a table's i-th column: [first, last] (1-based sheet columns).
  std::pair<Col, Col> span_of(const TableDef& t, size_t i) const {
    const Col n = static_cast<Col>(t.columns.size());
    const Col base = cols_ / n, extra = cols_ % n;
    Col first = 1;
    for (size_t k = 0; k < i; ++k) first += base + (k < extra ? 1 : 0);
    return {first, first + base + (i < extra ? 1 : 0) - 1};
  }

  // Each text header (填报单位) alone on its line: a blank answer must not let the
  // parser take the next cell's text. Then the quarter and the date on one line,
  // the date last. The report year is not printed (as on the seed): it comes
  // with the quarter ("2024年第1季度") or from 填报时间.
  void header_lines() {
    const Col last = cols_;
    std::vector<const FieldDef*> dated;
    const FieldDef* quarter = nullptr;
    for (const auto& f : def_.fields) {
      if (!f.header) continue;
      if (f.type == FieldType::Quarter) {
        quarter = &f;
      } else if (f.type == FieldType::Month || f.type == FieldType::Date) {
        dated.push_back(&f);
      } else if (f.type != FieldType::Count && f.type != FieldType::Number) {
        book_.write(ws_, row_, 0, f.label() + "：", book_.f().plain);
        answer(f, row_, 1, std::max<Col>(1, last / 2));
        book_.row_height(ws_, row_++, 28);
      }
    }
    if (!quarter && dated.empty()) return;
    if (quarter) {
      // Printed "第  季度" like the seed (no digit: read as unanswered); the drop-down replaces it.
      const AnswerStyle s = answer_style(*quarter, book_.f());
      book_.span(ws_, row_, 1, row_, 1, "第    " + quarter->label(), s.format);
      book_.validate(ws_, row_, 1, s.validation, quarter->label());
    }
    Col c = last + 1 - static_cast<Col>(2 * dated.size());
    for (const FieldDef* f : dated) {
      book_.write(ws_, row_, c, f->label() + "：", book_.f().plain_right);
      answer(*f, row_, c + 1, c + 1);
      c += 2;
    }
    book_.row_height(ws_, row_++, 28);
  }

  void answer(const FieldDef& f, Row r, Col c1, Col c2) {
    const AnswerStyle s = answer_style(f, book_.f());
    book_.span(ws_, r, c1, r, c2, "", s.format);
    book_.validate(ws_, r, c1, s.validation, f.label());
  }

  // The table's name down column A, its column labels, kLedgerRows blank rows.
  void table(const TableDef& t) {
    const Row header = row_;
    book_.span(ws_, header, 0, header + kLedgerRows, 0, t.labels.front(), book_.f().table_name);
    double height = kRowHeight;
    for (size_t i = 0; i < t.columns.size(); ++i) {
      const auto [c1, c2] = span_of(t, i);
      book_.span(ws_, header, c1, header, c2, t.columns[i].label(), book_.f().label_bold);
      double width = 0;
      for (Col c = c1; c <= c2; ++c) width += width_of(c);
      height = std::max(height, wrapped_height(t.columns[i].label(), width));
    }
    book_.row_height(ws_, row_++, height);
    for (int n = 0; n < kLedgerRows; ++n) {
      for (size_t i = 0; i < t.columns.size(); ++i) {
        const auto [c1, c2] = span_of(t, i);
        answer(t.columns[i], row_, c1, c2);
      }
      book_.row_height(ws_, row_++, 36);
    }
  }

  // The seed's notes under the tables (they end the last table for the parser).
  void notes() {
    std::string text;
    int n = 0;
    auto note = [&](const char* table, const char* column, const char* ask) {
      for (const auto& t : def_.tables) {
        if (t.key != table) continue;
        for (const auto& c : t.columns)
          if (c.key == column) {
            text += n == 0 ? "注：" : "\n    ";
            text += std::to_string(++n) + "." + t.labels.front() + "中“" + c.label() + "”栏" + ask;
          }
      }
    };
    note("activities", "outcome", "需要简述活动成果，并附相关照片、资料等。");
    note("policies", "summary", "需要简述主要内容，并附PDF及wps版文件。");
    if (text.empty()) return;
    book_.span(ws_, row_, 0, row_, cols_, text, book_.f().note);
    book_.row_height(ws_, row_++, n * kLineHeight + 12);
  }

  Book& book_;
  const FormDefinition& def_;
  lxw_worksheet* ws_ = nullptr;
  Row row_ = 0;
  const TableDef* widest_ = nullptr;
  Col cols_ = 0;
};

}  // namespace

bool write_form_template(const FormDefinition& def, const std::string& path, std::string& error) {
  if (def.titles.empty()) {
    error = "表单定义“" + def.key + "”没有标题";
    return false;
  }
  Book book(path + ".part", path);
  book.properties(def.titles.front());
  if (def.tables.empty())
    SurveyLayout(book, def).write();
  else
    LedgerLayout(book, def).write();
  if (!book.close()) {
    error = book.error();
    return false;
  }
  return true;
}

}  // namespace ipsurvey::collector

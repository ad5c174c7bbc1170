#include "importers/header_fields.h"

#include "forms/text_normalize.h"
#include "importers/cell_ref.h"
#include "importers/form_context.h"

namespace ipsurvey::importers {
namespace {

bool has_digit(std::string_view s) {
  for (char c : s)
    if (c >= '0' && c <= '9') return true;
  // Full-width digits (U+FF10..U+FF19: EF BC 90..99).
  return s.find("\xEF\xBC") != std::string_view::npos;
}

// Where the value after a label ends: at the next other header label, or the end.
size_t value_end(const std::string& text, size_t from, const FormDefinition& def, const FieldDef& self) {
  size_t end = text.size();
  for (const auto& f : def.fields) {
    if (!f.header || &f == &self) continue;
    for (const auto& l : f.labels) {
      const size_t p = text.find(l, from);
      if (p != std::string::npos && p < end) end = p;
    }
  }
  // A quarter ("第 1 季度") is written before its label: stop at its "第".
  if (self.type != FieldType::Quarter) {
    const size_t q = text.find("第", from);
    if (q != std::string::npos && q < end && text.find("季度", q) != std::string::npos) end = q;
  }
  return end;
}

std::string strip_separators(std::string_view s) {
  std::string t = trim_text(s);
  for (const char* sep : {"：", ":"})
    if (t.rfind(sep, 0) == 0) t = trim_text(std::string_view(t).substr(std::char_traits<char>::length(sep)));
  return t;
}

}  // namespace

void read_header_fields(const SheetBuffer& sheet, const FormDefinition& def, const std::string& name,
                        Record& record, FieldValues& values, Problems& problems) {
  for (const auto& f : def.fields) {
    if (!f.header) continue;
    bool found = false;
    for (const auto& c : sheet.cells()) {
      if (c.type != CellType::String) continue;
      const std::string& text = c.text;
      std::string value;
      std::string where = cell_ref(c.row, c.col);
      if (f.type == FieldType::Quarter) {
        const size_t p = text.find("季度");
        if (p == std::string::npos) continue;
        size_t start = text.rfind("第", p);
        if (start == std::string::npos || p - start > 24) start = p >= 12 ? p - 12 : 0;
        // Keep a year written before it ("2022年第1季度").
        const size_t year = text.rfind("年", start);
        if (year != std::string::npos && start - year <= 3 && year >= 4 && has_digit(text.substr(year - 4, 4)))
          start = year - 4;
        while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
        value = text.substr(start, p + 6 - start);
        if (!has_digit(value) &&
            value.find("一") == std::string::npos && value.find("二") == std::string::npos &&
            value.find("三") == std::string::npos && value.find("四") == std::string::npos)
          value.clear();
      } else {
        size_t p = std::string::npos;
        const std::string* label = nullptr;
        for (const auto& l : f.labels) {
          const size_t q = text.find(l);
          if (q != std::string::npos && (p == std::string::npos || q < p)) {
            p = q;
            label = &l;
          }
        }
        if (!label) continue;
        const size_t from = p + label->size();
        value = strip_separators(std::string_view(text).substr(from, value_end(text, from, def, f) - from));
        if (value.empty() && trim_text(std::string_view(text).substr(from)).find_first_not_of("：: ") == std::string::npos) {
          // The label alone in its cell: the answer is the next cell to the right.
          const CellRange ext = sheet.extent(c.row, c.col);
          const auto [lo, hi] = sheet.row_span(c.row);
          for (size_t i = lo; i < hi; ++i) {
            const BufferedCell& n = sheet.cells()[i];
            if (n.col <= ext.last_col) continue;
            if (n.type == CellType::Date || n.type == CellType::Number) {
              FieldAnswer a;
              a.answer = n.answer();
              apply_field(f, a, name, cell_ref(n.row, n.col), "", record, values, problems);
              found = true;
            } else {
              value = strip_separators(n.text);
              where = cell_ref(n.row, n.col);
            }
            break;
          }
          if (found) break;
        }
        if (f.type == FieldType::Month || f.type == FieldType::Date)
          if (!has_digit(value)) value.clear();  // the printed blank "    年  月"
      }
      found = true;
      if (!trim_text(value).empty()) {
        FieldAnswer a;
        a.answer = Answer::of_text(value);
        apply_field(f, a, name, where, "", record, values, problems);
      }
      break;
    }
    (void)found;
  }
}

}  // namespace ipsurvey::importers

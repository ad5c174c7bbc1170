#include "forms/problem_json.h"

namespace ipsurvey {

// Appended straight to the output, as JsonWriter would write it: a large table
// can have a problem for every row.
void write_problem_json(JsonWriter& w, const Problem& p) {
  std::string& out = w.raw_value();
  const auto member = [&](std::string_view key_and_colon, std::string_view value) {
    out += key_and_colon;
    JsonWriter::append_escaped(out, value);
  };
  member("{\"severity\":", severity_name(p.severity));
  member(",\"code\":", p.code);
  if (!p.sheet.empty()) member(",\"sheet\":", p.sheet);
  if (!p.cell.empty()) member(",\"cell\":", p.cell);
  if (p.line > 0) {
    out += ",\"line\":";
    JsonWriter::append_number(out, p.line);
  }
  if (!p.field.empty()) member(",\"field\":", p.field);
  member(",\"message\":", p.message);
  out.push_back('}');
}

std::string problem_text(const Problem& p) {
  std::string s = p.severity == Severity::Error ? "错误" : p.severity == Severity::Warning ? "警告" : "提示";
  s += " [" + p.code + "]";
  if (!p.sheet.empty()) s += " 工作表 " + p.sheet;
  if (!p.cell.empty()) s += " 单元格 " + p.cell;
  if (p.line > 0) s += " 第 " + std::to_string(p.line) + " 行";
  if (!p.field.empty()) s += " 字段 " + p.field;
  s += "：" + p.message;
  return s;
}

}  // namespace ipsurvey

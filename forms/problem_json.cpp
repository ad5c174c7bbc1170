#include "forms/problem_json.h"

namespace ipsurvey {

void write_problem_json(JsonWriter& w, const Problem& p) {
  w.begin_object();
  w.key("severity").value(severity_name(p.severity));
  w.key("code").value(p.code);
  if (!p.sheet.empty()) w.key("sheet").value(p.sheet);
  if (!p.cell.empty()) w.key("cell").value(p.cell);
  if (p.line > 0) w.key("line").value(p.line);
  if (!p.field.empty()) w.key("field").value(p.field);
  w.key("message").value(p.message);
  w.end_object();
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

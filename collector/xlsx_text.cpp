#include "collector/xlsx_text.h"

#include <xlsxwriter.h>

#include "forms/utf8_scan.h"

namespace ipsurvey::collector {
namespace {

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace

std::string cell_text(std::string_view s) {
  bool plain = true;
  for (size_t i = 0; plain && i < s.size(); ++i) {
    if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x') plain = false;
    if (static_cast<unsigned char>(s[i]) == 0xEF && i + 2 < s.size() &&
        static_cast<unsigned char>(s[i + 1]) == 0xBF)
      plain = false;
    if (s[i] == '\0') plain = false;
  }
  if (plain) return std::string(s);
  std::string out;
  out.reserve(s.size() + 16);
  for (size_t i = 0; i < s.size();) {
    if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && is_hex(s[i + 2]) && is_hex(s[i + 3]) &&
        is_hex(s[i + 4]) && is_hex(s[i + 5]) && s[i + 6] == '_') {
      out += "_x005F_";  // the underscore itself, escaped
      ++i;
      continue;
    }
    const utf8::Decoded d = utf8::decode(s, i);
    if (d.cp == 0 || d.cp == 0xFFFE || d.cp == 0xFFFF)
      utf8::append(out, 0xFFFD);
    else
      out.append(s.data() + i, d.len);
    i += d.len;
  }
  return out;
}

size_t utf16_length(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size();) {
    const utf8::Decoded d = utf8::decode(s, i);
    n += d.cp >= 0x10000 ? 2 : 1;
    i += d.len;
  }
  return n;
}

std::string sheet_name(std::string_view title) {
  std::string out;
  size_t units = 0;
  for (size_t i = 0; i < title.size();) {
    const utf8::Decoded d = utf8::decode(title, i);
    const size_t n = d.cp >= 0x10000 ? 2 : 1;
    if (units + n > 31) break;
    if (d.cp < 0x20 || d.cp == 0x7F)
      ;  // dropped
    else if (std::string_view("[]:*?/\\").find(static_cast<char>(d.cp)) != std::string_view::npos &&
             d.cp < 0x80)
      out.push_back('_');
    else
      out.append(title.data() + i, d.len);
    units += n;
    i += d.len;
  }
  while (!out.empty() && out.front() == '\'') out.erase(0, 1);
  while (!out.empty() && out.back() == '\'') out.pop_back();
  return out.empty() ? std::string("Sheet1") : out;
}

std::string xlsx_error_text(int code) {
  const auto e = static_cast<lxw_error>(code);
  std::string m;
  switch (e) {
    case LXW_ERROR_MEMORY_MALLOC_FAILED: m = "内存不足"; break;
    case LXW_ERROR_CREATING_XLSX_FILE: m = "无法创建 XLSX 文件"; break;
    case LXW_ERROR_CREATING_TMPFILE: m = "无法创建临时文件"; break;
    case LXW_ERROR_READING_TMPFILE: m = "无法读取临时文件"; break;
    case LXW_ERROR_ZIP_FILE_OPERATION:
    case LXW_ERROR_ZIP_PARAMETER_ERROR:
    case LXW_ERROR_ZIP_BAD_ZIP_FILE:
    case LXW_ERROR_ZIP_INTERNAL_ERROR:
    case LXW_ERROR_ZIP_FILE_ADD:
    case LXW_ERROR_ZIP_CLOSE: m = "打包 XLSX 文件失败（磁盘已满或不可写？）"; break;
    case LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED: m = "文字超过 Excel 单元格上限 32767 个字符"; break;
    case LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE: m = "超出 Excel 工作表的行列范围"; break;
    default: m = "生成 XLSX 文件失败"; break;
  }
  return m + "（libxlsxwriter: " + lxw_strerror(e) + "）";
}

}  // namespace ipsurvey::collector

// Text as libxlsxwriter must be given it, shared by the XLSX writers of
// collector/ (the bank list and the marked workbook).
//
// Pure functions on valid UTF-8; thread-safe. The libxlsxwriter error code is
// passed as an int so that this header names no libxlsxwriter type.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ipsurvey::collector {

constexpr size_t kExcelMaxText = 32767;  // characters (UTF-16 units) in a cell

// Text as a string cell must hold it to be read back as it is:
// - "_xHHHH_" is how OOXML escapes a character, so readers decode it; a literal
//   one is written "_x005F_xHHHH_" (the escaped underscore);
// - U+FFFE and U+FFFF are not XML characters, and NUL would end the C string
//   libxlsxwriter takes: U+FFFD.
// libxlsxwriter itself escapes the control characters (as _x0001_ ...).
std::string cell_text(std::string_view s);

// Length in UTF-16 units, as Excel counts it.
size_t utf16_length(std::string_view s);

// A valid sheet name from a title: Excel refuses []:*?/\ (replaced by _),
// control characters (dropped), more than 31 characters (cut), a leading or
// trailing apostrophe (dropped) and an empty name ("Sheet1").
std::string sheet_name(std::string_view title);

// A libxlsxwriter error (lxw_error) as a Chinese sentence, its own English text added.
std::string xlsx_error_text(int lxw_error_code);

}  // namespace ipsurvey::collector

// Helpers for reading the tab-separated tables in forms/data/ (cities.tsv,
// banks.tsv). Header-only; views point into the embedded file.
#pragma once

#include <string_view>
#include <vector>

namespace ipsurvey::data_table {

// Splits on `sep`, keeping empty fields.
inline std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    const size_t pos = s.find(sep, start);
    out.push_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

// Trims ASCII spaces, tabs and carriage returns at both ends.
inline std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The rows of a table: every line that is neither blank nor a '#' comment,
// split on tabs (fields untrimmed). Empty when `text` is.
inline std::vector<std::vector<std::string_view>> rows(std::string_view text) {
  std::vector<std::vector<std::string_view>> out;
  for (std::string_view line : split(text, '\n')) {
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    out.push_back(split(line, '\t'));
  }
  return out;
}

}  // namespace ipsurvey::data_table

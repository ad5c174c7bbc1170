// Helpers for the table writer tests: a scratch directory, reading files, and
// the sample table that the XLSX checks (C++ and tests/collector/check_table_xlsx.py) use.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "collector/table_output.h"
#include "importers/workbook.h"

namespace ipsurvey::test {

// A fresh directory under $TMPDIR (or /tmp), removed with its files when destroyed.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  std::vector<std::string> entries() const;  // names in the directory, sorted

 private:
  std::string path_;
};

std::string read_file(const std::string& path);
bool file_exists(const std::string& path);

// The table with the values a bank list must keep intact.
collector::Table sample_table();

// The cells of one workbook sheet as our xlsx reader gives them.
struct ReadSheet {
  std::string name;
  std::map<std::pair<uint32_t, uint32_t>, std::pair<importers::CellType, std::string>> cells;  // text
  std::map<std::pair<uint32_t, uint32_t>, double> numbers;
};
// Reads a workbook (file) with importers' reader; false and *error when refused.
bool read_sheets(const std::string& path, std::vector<ReadSheet>* sheets, std::string* error);
// One part of a zip (e.g. "xl/worksheets/sheet1.xml"); empty when absent.
std::string read_zip_part(const std::string& path, const std::string& part);

}  // namespace ipsurvey::test

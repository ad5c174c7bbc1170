// Helpers for the importers tests: building zips in memory and collecting cells.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "forms/problem.h"
#include "importers/workbook.h"

namespace ipsurvey::test {

// One entry of a zip built in a test. method 0 = stored, 8 = deflate.
struct ZipPart {
  std::string name;
  std::string data;
  uint16_t method = 8;
};

// Builds a valid zip (local headers, central directory, end record) in memory.
std::string make_zip(const std::vector<ZipPart>& parts);

// A minimal xlsx package around the given sheet XMLs (sheet1..N) and optional
// extra parts (e.g. xl/sharedStrings.xml, xl/styles.xml).
std::string make_xlsx(const std::vector<std::string>& sheet_xmls,
                      const std::vector<ZipPart>& extra_parts = {},
                      const std::string& workbook_pr = "");

// A sink that keeps everything, for assertions.
struct CollectedSheet {
  importers::SheetInfo info;
  std::map<std::pair<uint32_t, uint32_t>, std::pair<importers::CellType, std::string>> cells;
  std::map<std::pair<uint32_t, uint32_t>, double> numbers;
  std::vector<importers::CellRange> merged;
  std::vector<importers::CheckBox> boxes;
  // Value at an A1 reference as text ("" when absent).
  std::string at(const std::string& ref) const;
  importers::CellType type_at(const std::string& ref) const;
};

class CollectingSink : public importers::WorkbookSink {
 public:
  bool begin_sheet(const importers::SheetInfo& sheet) override;
  void cell(const importers::Cell& cell) override;
  void merged(const importers::CellRange& range) override;
  void check_box(const importers::CheckBox& box) override;
  std::vector<CollectedSheet> sheets;
};

// True when some problem has this code.
bool has_code(const Problems& problems, const std::string& code);
std::string codes(const Problems& problems);  // "a,b,c" for messages

}  // namespace ipsurvey::test

// libFuzzer target over the workbook readers (xlsx/xlsm packages and Excel 2003
// XML): any input must be read or refused without a crash, a leak, undefined
// behaviour or a hang. See tests/fuzz/run.sh.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "importers/workbook_reader.h"

namespace {

class TouchingSink : public ipsurvey::importers::WorkbookSink {
 public:
  bool begin_sheet(const ipsurvey::importers::SheetInfo& s) override {
    sum += s.name.size();
    return true;
  }
  void cell(const ipsurvey::importers::Cell& c) override {
    for (char ch : c.text) sum += static_cast<unsigned char>(ch);
    sum += c.row + c.col;
  }
  void merged(const ipsurvey::importers::CellRange& r) override { sum += r.last_row; }
  void check_box(const ipsurvey::importers::CheckBox& b) override { sum += b.caption.size(); }
  uint64_t sum = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ipsurvey::importers::MemorySource source(
      std::string_view(reinterpret_cast<const char*>(data), size));
  ipsurvey::importers::ReadLimits limits;
  limits.zip.max_total_inflated = 32ull << 20;
  limits.max_cells = 200000;
  limits.max_seconds = 5;
  TouchingSink sink;
  ipsurvey::Problems problems;
  ipsurvey::importers::read_workbook(source, sink, problems, limits);
  return 0;
}

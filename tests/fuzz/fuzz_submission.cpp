// libFuzzer target over the whole reading path of an upload: format, zip
// batches, workbooks, the own XML format with its XSD, and the form layouts
// and normalisers. See tests/fuzz/run.sh.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "forms/json_writer.h"
#include "forms/record_json.h"
#include "importers/submission_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ipsurvey::importers::MemorySource source(std::string_view(reinterpret_cast<const char*>(data), size));
  ipsurvey::importers::SubmissionLimits limits;
  limits.workbook.zip.max_total_inflated = 32ull << 20;
  limits.workbook.max_cells = 200000;
  limits.workbook.max_seconds = 5;
  limits.max_batch_bytes = 64ull << 20;
  ipsurvey::importers::FormOptions options;
  options.verbose = true;
  std::string json;
  auto results = ipsurvey::importers::read_submission(
      source, "fuzz", options, limits, [&](const std::string&, ipsurvey::Record& r) {
        json.clear();
        ipsurvey::JsonWriter w(json);
        ipsurvey::write_record_json(w, r, true);
      });
  return results.empty() ? 0 : 0;
}

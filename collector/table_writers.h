// The per-format table writers (internal: callers use make_table_writer in
// table_output.h). Each takes an OutputTarget made for it, except xlsx, which
// builds its file itself.
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include "collector/table_output.h"
#include "collector/table_output_file.h"

namespace ipsurvey::collector {

std::unique_ptr<TableWriter> make_text_table_writer(std::unique_ptr<OutputTarget> target);
std::unique_ptr<TableWriter> make_csv_table_writer(std::unique_ptr<OutputTarget> target);
std::unique_ptr<TableWriter> make_json_table_writer(std::unique_ptr<OutputTarget> target);
// To `path` when non-empty, else to *out; nothing is created before begin().
std::unique_ptr<TableWriter> make_xlsx_table_writer(std::ostream* out, const std::string& path);

// Output is gathered in a buffer and handed to the target in blocks of this size.
constexpr size_t kOutputBlock = 64 * 1024;

// The base of the writers that produce text (text, csv, json): a buffer
// handed to the target in blocks.
class BufferedTableWriter : public TableWriter {
 protected:
  explicit BufferedTableWriter(std::unique_ptr<OutputTarget> target) : target_(std::move(target)) {}
  // Writes the buffer out once it holds a block.
  bool flush_if_full() {
    std::string error;
    return target_->write_if_full(buffer_, kOutputBlock, &error) || fail(error);
  }
  // Writes the rest and puts the output in place.
  bool finish_output() {
    std::string error;
    return target_->finish(buffer_, &error) || fail(error);
  }
  std::unique_ptr<OutputTarget> target_;
  std::string buffer_;
};

}  // namespace ipsurvey::collector

// One file's records rendered as output (JSON or text lines), kept until the
// file's status is known: a refused file's records are never shown. Up to
// `memory_limit` bytes are kept in memory, in pieces of about 1 MiB; beyond
// that the output goes to an anonymous temporary file, so that a 100,000-row
// table costs disk, not memory. Not thread-safe. Errors writing the temporary
// file are reported by write_to() returning false.
#pragma once

#include <cstdio>
#include <ostream>
#include <string>
#include <vector>

namespace ipsurvey::collector {

class RenderedRecords {
 public:
  explicit RenderedRecords(size_t memory_limit = 16u << 20) : memory_limit_(memory_limit) {}
  ~RenderedRecords();
  RenderedRecords(const RenderedRecords&) = delete;
  RenderedRecords& operator=(const RenderedRecords&) = delete;
  RenderedRecords(RenderedRecords&& other) noexcept;

  // Where the next record goes (after a comma separator when as_json and not
  // the first). The caller appends to it; the text is taken at the next call.
  std::string& next(bool as_json);
  // Writes everything rendered so far, in order.
  bool write_to(std::ostream& out);

 private:
  void settle();  // moves a full piece to the spill file when over the limit
  size_t memory_limit_;
  size_t in_memory_ = 0;
  std::vector<std::string> pieces_;
  std::FILE* spill_ = nullptr;
  bool spill_failed_ = false;
  bool any_ = false;
};

}  // namespace ipsurvey::collector

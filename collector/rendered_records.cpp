#include "collector/rendered_records.h"

namespace ipsurvey::collector {
namespace {
constexpr size_t kPieceSize = 1 << 20;
}

RenderedRecords::~RenderedRecords() {
  if (spill_) std::fclose(spill_);
}

RenderedRecords::RenderedRecords(RenderedRecords&& o) noexcept
    : memory_limit_(o.memory_limit_), in_memory_(o.in_memory_), pieces_(std::move(o.pieces_)),
      spill_(o.spill_), spill_failed_(o.spill_failed_), any_(o.any_) {
  o.spill_ = nullptr;
}

void RenderedRecords::settle() {
  if (pieces_.empty() || pieces_.back().size() < kPieceSize) return;
  in_memory_ += pieces_.back().size();
  if (in_memory_ <= memory_limit_) return;
  // Over the limit: every full piece goes to the spill file, in order.
  if (!spill_ && !spill_failed_) {
    spill_ = std::tmpfile();
    spill_failed_ = spill_ == nullptr;
  }
  if (!spill_) return;  // keep in memory if no temporary file can be had
  for (auto& piece : pieces_) {
    if (std::fwrite(piece.data(), 1, piece.size(), spill_) != piece.size()) spill_failed_ = true;
  }
  pieces_.clear();
  in_memory_ = 0;
}

std::string& RenderedRecords::next(bool as_json) {
  if (pieces_.empty() || pieces_.back().size() >= kPieceSize) {
    settle();
    pieces_.emplace_back();
    pieces_.back().reserve(kPieceSize + kPieceSize / 8);
  }
  std::string& piece = pieces_.back();
  if (as_json && any_) piece.push_back(',');
  any_ = true;
  return piece;
}

bool RenderedRecords::write_to(std::ostream& out) {
  if (spill_) {
    std::rewind(spill_);
    char buf[1 << 16];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, spill_)) > 0) out.write(buf, static_cast<std::streamsize>(n));
  }
  for (const auto& piece : pieces_) out << piece;
  return !spill_failed_;
}

}  // namespace ipsurvey::collector

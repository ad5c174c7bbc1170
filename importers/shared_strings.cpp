#include "importers/shared_strings.h"

#include "importers/ooxml_names.h"
#include "importers/pipelined_read.h"
#include "importers/xml_stream.h"

namespace ipsurvey::importers {
namespace {

class SstHandler final : public XmlHandler {
 public:
  SstHandler(SharedStrings& table, uint64_t max_bytes) : table_(table), max_bytes_(max_bytes) {}
  XmlStream* stream = nullptr;

  void start_element(std::string_view local, std::string_view ns, const XmlAttribute* a,
                     size_t n) override {
    if (skip_ > 0) {
      ++skip_;
      return;
    }
    if (!ooxml::is_main(ns)) return;
    if (local == "si" || local == "sstItem") {  // sstItem: Excel 2007 beta
      in_si_ = true;
      text_.clear();
      plain_.clear();
      explicit_runs_ = false;
    } else if (!in_si_) {
      return;
    } else if (local == "rPh") {
      skip_ = 1;
    } else if (local == "r") {
      run_font_ = SymbolFont::None;
      run_has_font_ = false;
    } else if (local == "rFont") {
      run_has_font_ = true;
      for (size_t i = 0; i < n; ++i)
        if (a[i].local == "val") run_font_ = symbol_font_from_name(a[i].value);
    } else if (local == "t") {
      in_t_ = true;
      raw_.clear();
    }
  }

  void end_element(std::string_view local, std::string_view ns) override {
    if (skip_ > 0) {
      --skip_;
      return;
    }
    if (!ooxml::is_main(ns) || !in_si_) return;
    if (local == "t" && in_t_) {
      in_t_ = false;
      unescaped_.clear();
      ooxml::append_unescaped(unescaped_, raw_);
      const auto start = static_cast<uint32_t>(text_.size());
      if (run_has_font_) {
        explicit_runs_ = true;
        append_symbol_text(text_, unescaped_, run_font_);
      } else {
        text_ += unescaped_;
        plain_.emplace_back(start, static_cast<uint32_t>(text_.size()));
      }
    } else if (local == "r") {
      run_has_font_ = false;
      run_font_ = SymbolFont::None;
    } else if (local == "si" || local == "sstItem") {
      in_si_ = false;
      total_ += text_.size() + 8;
      if (total_ > max_bytes_) {
        stream->stop(make_problem(Severity::Error, "sst.too_large",
                                  "共享字符串表超过 " + std::to_string(max_bytes_ >> 20) +
                                      " MiB，文件过大，已拒收"));
        return;
      }
      const bool all_plain = !explicit_runs_;
      table_.append_string(text_, all_plain, all_plain ? decltype(plain_){} : plain_);
    }
  }

  void text(std::string_view chunk) override {
    if (in_t_ && skip_ == 0) raw_.append(chunk);
  }

 private:
  SharedStrings& table_;
  uint64_t max_bytes_;
  uint64_t total_ = 0;
  int skip_ = 0;
  bool in_si_ = false, in_t_ = false, run_has_font_ = false, explicit_runs_ = false;
  SymbolFont run_font_ = SymbolFont::None;
  std::string raw_, unescaped_, text_;
  std::vector<std::pair<uint32_t, uint32_t>> plain_;
};

}  // namespace

void SharedStrings::append_string(std::string_view s, bool all_plain,
                                  std::vector<std::pair<uint32_t, uint32_t>> plain_ranges) {
  const uint32_t index = static_cast<uint32_t>(size());
  arena_.append(s);
  offsets_.push_back(static_cast<uint32_t>(arena_.size()));
  all_plain_.push_back(all_plain);
  private_use_.push_back(has_private_use_symbol(s));
  if (!all_plain && !plain_ranges.empty()) plain_ranges_.emplace(index, std::move(plain_ranges));
}

std::string_view SharedStrings::text(size_t i, SymbolFont cell_font, std::string& scratch) const {
  const std::string_view s = at(i);
  if (cell_font == SymbolFont::None) {
    if (!private_use_[i]) return s;
    scratch.clear();
    append_symbol_text(scratch, s, SymbolFont::None);
    return scratch;
  }
  scratch.clear();
  if (all_plain_[i]) {
    append_symbol_text(scratch, s, cell_font);
    return scratch;
  }
  auto it = plain_ranges_.find(static_cast<uint32_t>(i));
  if (it == plain_ranges_.end()) return s;
  size_t pos = 0;
  for (const auto& [b, e] : it->second) {
    scratch.append(s.substr(pos, b - pos));
    append_symbol_text(scratch, s.substr(b, e - b), cell_font);
    pos = e;
  }
  scratch.append(s.substr(pos));
  return scratch;
}

bool SharedStrings::read(const ZipArchive& archive, const ZipEntry& entry, uint64_t max_bytes,
                         size_t max_text, int max_depth, Problems& problems) {
  SstHandler handler(*this, max_bytes);
  XmlLimits limits;
  limits.max_text = max_text;
  limits.max_depth = max_depth;
  XmlStream stream(handler, limits, entry.name);
  handler.stream = &stream;
  const bool read_ok = read_pipelined(archive, entry, [&](const char* d, size_t n) { return stream.feed(d, n); },
                                    problems);
  const bool ok = read_ok && stream.finish();
  for (auto& p : stream.problems()) problems.push_back(std::move(p));
  if (!ok && !has_error(problems))
    problems.push_back(make_problem(Severity::Error, "xml.malformed", "共享字符串表无法读取", entry.name));
  return ok;
}

}  // namespace ipsurvey::importers

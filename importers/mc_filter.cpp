#include "importers/mc_filter.h"

#include "importers/ooxml_names.h"

namespace ipsurvey::importers {
namespace {

bool understood(std::string_view requires_list) {
  // Space-separated prefixes; all must be understood.
  size_t start = 0;
  bool any = false;
  while (start < requires_list.size()) {
    size_t end = requires_list.find(' ', start);
    if (end == std::string_view::npos) end = requires_list.size();
    const std::string_view prefix = requires_list.substr(start, end - start);
    if (!prefix.empty()) {
      if (prefix != "x14") return false;
      any = true;
    }
    start = end + 1;
  }
  return any;
}

}  // namespace

void McFilter::start_element(std::string_view local, std::string_view ns,
                             const XmlAttribute* attributes, size_t count) {
  if (skip_depth_ > 0) {
    ++skip_depth_;
    return;
  }
  if (ns == ooxml::kMcNs) {
    if (local == "AlternateContent") {
      chosen_.push_back(false);
      return;
    }
    if (!chosen_.empty() && (local == "Choice" || local == "Fallback")) {
      bool take = !chosen_.back();
      if (take && local == "Choice") {
        std::string_view req;
        for (size_t i = 0; i < count; ++i)
          if (attributes[i].local == "Requires") req = attributes[i].value;
        take = understood(req);
      }
      if (take) {
        chosen_.back() = true;
      } else {
        skip_depth_ = 1;
      }
      return;
    }
  }
  inner_.start_element(local, ns, attributes, count);
}

void McFilter::end_element(std::string_view local, std::string_view ns) {
  if (skip_depth_ > 0) {
    --skip_depth_;
    return;
  }
  if (ns == ooxml::kMcNs) {
    if (local == "AlternateContent") {
      if (!chosen_.empty()) chosen_.pop_back();
      return;
    }
    if (local == "Choice" || local == "Fallback") return;
  }
  inner_.end_element(local, ns);
}

void McFilter::text(std::string_view chunk) {
  if (skip_depth_ == 0) inner_.text(chunk);
}

}  // namespace ipsurvey::importers

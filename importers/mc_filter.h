// Markup-compatibility filter: passes a part's events through to another
// handler, keeping of each mc:AlternateContent only the first mc:Choice whose
// Requires we understand (x14), else its mc:Fallback. Not thread-safe.
#pragma once

#include <vector>

#include "importers/xml_stream.h"

namespace ipsurvey::importers {

class McFilter final : public XmlHandler {
 public:
  explicit McFilter(XmlHandler& inner) : inner_(inner) {}
  void start_element(std::string_view local, std::string_view ns, const XmlAttribute* attributes,
                     size_t count) override;
  void end_element(std::string_view local, std::string_view ns) override;
  void text(std::string_view chunk) override;

 private:
  XmlHandler& inner_;
  std::vector<bool> chosen_;  // per open AlternateContent: a branch was taken
  int skip_depth_ = 0;        // > 0 while inside a branch that is not taken
};

}  // namespace ipsurvey::importers

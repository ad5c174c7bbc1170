// Namespaces and small text helpers shared by the OOXML part parsers.
#pragma once

#include <string>
#include <string_view>

namespace ipsurvey::importers::ooxml {

constexpr std::string_view kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr std::string_view kStrictMainNs = "http://purl.oclc.org/ooxml/spreadsheetml/main";
// Excel 2007 beta files.
constexpr std::string_view kBetaMainNs = "http://schemas.microsoft.com/office/excel/2006/2";
constexpr std::string_view kRelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
constexpr std::string_view kStrictRelNs = "http://purl.oclc.org/ooxml/officeDocument/relationships";
constexpr std::string_view kMcNs = "http://schemas.openxmlformats.org/markup-compatibility/2006";
constexpr std::string_view kX14Ns = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main";

// SpreadsheetML main namespace (transitional or Strict; unqualified tolerated).
inline bool is_main(std::string_view ns) {
  return ns == kMainNs || ns == kStrictMainNs || ns.empty() || ns == kBetaMainNs;
}
// is_main() remembered for the last namespace seen. libxml2 interns namespace
// URIs per parser, so within one document the same pointer means the same
// string; one cache per XmlStream.
class MainNsCache {
 public:
  bool operator()(std::string_view ns) {
    if (ns.data() == data_ && ns.size() == size_) return result_;
    data_ = ns.data();
    size_ = ns.size();
    result_ = is_main(ns);
    return result_;
  }

 private:
  const char* data_ = nullptr;
  size_t size_ = 0;
  bool result_ = false;
};

inline bool is_rel(std::string_view ns) { return ns == kRelNs || ns == kStrictRelNs; }

// Appends text with OOXML "_xHHHH_" escapes decoded (surrogates become U+FFFD,
// "_x005F_" gives a literal underscore).
void append_unescaped(std::string& out, std::string_view text);

void append_utf8(std::string& out, uint32_t cp);

}  // namespace ipsurvey::importers::ooxml

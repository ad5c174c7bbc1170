#include "importers/format_sniffer.h"

#include <cctype>
#include <string>

namespace ipsurvey::importers {

FileFormat sniff_format(const ByteSource& source) {
  if (source.size() == 0) return FileFormat::Empty;
  return sniff_format_bytes(source.head(1024));
}

FileFormat sniff_format_bytes(std::string_view head) {
  if (head.empty()) return FileFormat::Empty;
  if (head.size() >= 4 && head.substr(0, 2) == "PK" &&
      (head.substr(2, 2) == std::string_view("\x03\x04", 2) ||
       head.substr(2, 2) == std::string_view("\x05\x06", 2) ||
       head.substr(2, 2) == std::string_view("\x07\x08", 2)))
    return FileFormat::Zip;
  if (head.size() >= 8 && head.substr(0, 8) == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
    return FileFormat::Ole2;
  if (head.substr(0, 5) == "%PDF-") return FileFormat::Pdf;
  size_t i = 0;
  if (head.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < head.size() && std::isspace(static_cast<unsigned char>(head[i]))) ++i;
  std::string rest;
  for (size_t k = i; k < head.size() && k < i + 64; ++k)
    rest.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(head[k]))));
  if (rest.rfind("<!doctype html", 0) == 0 || rest.rfind("<html", 0) == 0) return FileFormat::Html;
  if (rest.rfind("<?xml", 0) == 0) {
    // An XHTML page announces itself after the declaration.
    std::string lower;
    for (char c : head) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    if (lower.find("<html") != std::string::npos) return FileFormat::Html;
    return FileFormat::Xml;
  }
  if (rest.rfind("<", 0) == 0) return FileFormat::Xml;
  return FileFormat::Unknown;
}

const char* file_format_name(FileFormat f) {
  switch (f) {
    case FileFormat::Empty: return "empty";
    case FileFormat::Zip: return "zip";
    case FileFormat::Ole2: return "ole2";
    case FileFormat::Xml: return "xml";
    case FileFormat::Pdf: return "pdf";
    case FileFormat::Html: return "html";
    case FileFormat::Unknown: return "unknown";
  }
  return "unknown";
}

}  // namespace ipsurvey::importers

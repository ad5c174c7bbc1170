#include "importers/part_path.h"

#include <vector>

namespace ipsurvey::importers {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string resolve_part(std::string_view source_part, std::string_view target) {
  std::string t;
  t.reserve(target.size());
  for (size_t i = 0; i < target.size(); ++i) {
    const char c = target[i];
    if (c == '%' && i + 2 < target.size() && hex_value(target[i + 1]) >= 0 &&
        hex_value(target[i + 2]) >= 0) {
      t.push_back(static_cast<char>(hex_value(target[i + 1]) * 16 + hex_value(target[i + 2])));
      i += 2;
    } else {
      t.push_back(c == '\\' ? '/' : c);
    }
  }
  std::vector<std::string> segments;
  if (t.empty() || t[0] != '/') {
    std::string src(source_part);
    for (char& c : src)
      if (c == '\\') c = '/';
    const size_t slash = src.rfind('/');
    std::string folder = slash == std::string::npos ? std::string() : src.substr(0, slash);
    size_t start = 0;
    while (start <= folder.size() && !folder.empty()) {
      const size_t end = folder.find('/', start);
      const std::string seg = folder.substr(start, end == std::string::npos ? std::string::npos : end - start);
      if (!seg.empty()) segments.push_back(seg);
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
  size_t start = 0;
  while (start <= t.size()) {
    const size_t end = t.find('/', start);
    const std::string seg = t.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!seg.empty() && seg != ".") {
      segments.push_back(seg);
    }
    if (end == std::string::npos) break;
    start = end + 1;
  }
  std::string out;
  for (const auto& s : segments) {
    if (!out.empty()) out.push_back('/');
    out += s;
  }
  return out;
}

std::string rels_part_for(std::string_view part) {
  const size_t slash = part.rfind('/');
  if (slash == std::string_view::npos) return "_rels/" + std::string(part) + ".rels";
  return std::string(part.substr(0, slash)) + "/_rels/" + std::string(part.substr(slash + 1)) + ".rels";
}

bool rel_type_is(std::string_view type, std::string_view suffix) {
  if (type.size() <= suffix.size()) return false;
  if (type.substr(type.size() - suffix.size()) != suffix) return false;
  return type[type.size() - suffix.size() - 1] == '/';
}

}  // namespace ipsurvey::importers

#include "importers/xlsx_package.h"

#include "importers/mc_filter.h"
#include "importers/ooxml_names.h"
#include "importers/part_path.h"
#include "importers/xml_stream.h"

namespace ipsurvey::importers {
namespace {

std::string_view attr(const XmlAttribute* a, size_t n, std::string_view local) {
  for (size_t i = 0; i < n; ++i)
    if (a[i].local == local) return a[i].value;
  return {};
}

struct RelsHandler : XmlHandler {
  std::string source;
  std::map<std::string, Relationship>* out = nullptr;
  void start_element(std::string_view local, std::string_view, const XmlAttribute* a,
                     size_t n) override {
    if (local != "Relationship") return;
    Relationship rel;
    rel.type = std::string(attr(a, n, "Type"));
    const std::string_view mode = attr(a, n, "TargetMode");
    if (mode != "External") rel.target = resolve_part(source, attr(a, n, "Target"));
    out->emplace(std::string(attr(a, n, "Id")), std::move(rel));
  }
  void end_element(std::string_view, std::string_view) override {}
};

struct WorkbookHandler : XmlHandler {
  WorkbookInfo* info = nullptr;
  void start_element(std::string_view local, std::string_view ns, const XmlAttribute* a,
                     size_t n) override {
    if (!ooxml::is_main(ns)) return;
    if (local == "workbookPr") {
      const std::string_view v = attr(a, n, "date1904");
      info->date1904 = v == "1" || v == "true";
    } else if (local == "sheet") {
      WorkbookSheet s;
      s.name = std::string(attr(a, n, "name"));
      const std::string_view state = attr(a, n, "state");
      s.state = state.empty() ? "visible" : std::string(state);
      for (size_t i = 0; i < n; ++i)
        if (a[i].local == "id" && ooxml::is_rel(a[i].ns)) s.rel_id = std::string(a[i].value);
      info->sheets.push_back(std::move(s));
    }
  }
  void end_element(std::string_view, std::string_view) override {}
};

}  // namespace

bool read_small_part(const ZipArchive& archive, const ZipEntry& entry, std::string& out,
                     Problems& problems, uint64_t max_bytes) {
  return archive.read_all(entry, out, max_bytes, problems);
}

bool read_relationships(const ZipArchive& archive, const std::string& part,
                        std::map<std::string, Relationship>& out, Problems& problems) {
  const std::string rels = rels_part_for(part);
  const ZipEntry* entry = archive.find(rels);
  if (!entry) return true;
  std::string xml;
  if (!read_small_part(archive, *entry, xml, problems, 16ull << 20)) return false;
  RelsHandler h;
  h.source = part;
  h.out = &out;
  return parse_xml(xml, h, {}, rels, problems);
}

bool read_workbook_info(const ZipArchive& archive, WorkbookInfo& info, Problems& problems) {
  std::map<std::string, Relationship> root;
  if (!read_relationships(archive, "", root, problems)) return false;
  const ZipEntry* entry = nullptr;
  for (const auto& [id, rel] : root)
    if (rel_type_is(rel.type, "officeDocument") && (entry = archive.find(rel.target))) break;
  if (!entry) entry = archive.find("xl/workbook.xml");
  if (!entry) {
    // Some writers put the workbook elsewhere (e.g. at the package root).
    for (const auto& e : archive.entries()) {
      const std::string& name = e.name;
      const size_t slash = name.rfind('/');
      std::string base = slash == std::string::npos ? name : name.substr(slash + 1);
      for (char& c : base) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (base == "workbook.xml" && (!entry || name.size() < entry->name.size())) entry = &e;
    }
  }
  if (!entry) {
    problems.push_back(make_problem(Severity::Error, "xlsx.no_workbook",
                                    "压缩包里没有 Excel 工作簿（workbook.xml），不是有效的 .xlsx 文件"));
    return false;
  }
  info.part = entry->name;
  std::string xml;
  if (!read_small_part(archive, *entry, xml, problems)) return false;
  WorkbookHandler h;
  h.info = &info;
  McFilter filter(h);
  if (!parse_xml(xml, filter, {}, info.part, problems)) return false;
  return read_relationships(archive, info.part, info.rels, problems);
}

}  // namespace ipsurvey::importers

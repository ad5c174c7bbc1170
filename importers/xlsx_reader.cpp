#include "importers/xlsx_reader.h"

#include "importers/mc_filter.h"
#include "importers/part_path.h"
#include "importers/shared_strings.h"
#include "importers/xlsx_controls.h"
#include "importers/xlsx_package.h"
#include "importers/xlsx_sheet.h"
#include "importers/xlsx_styles.h"
#include "importers/pipelined_read.h"
#include "importers/xml_stream.h"

namespace ipsurvey::importers {
namespace {

std::string related_part(const WorkbookInfo& info, std::string_view type, const char* fallback) {
  for (const auto& [id, rel] : info.rels)
    if (rel_type_is(rel.type, type) && !rel.target.empty()) return rel.target;
  return resolve_part(info.part, fallback);
}

bool skipped_sheet_type(const std::string& type) {
  return rel_type_is(type, "chartsheet") || rel_type_is(type, "dialogsheet") ||
         rel_type_is(type, "xlMacrosheet") || rel_type_is(type, "xlIntlMacrosheet");
}

}  // namespace

bool read_xlsx(const ZipArchive& archive, WorkbookSink& sink, Problems& problems,
               const ReadLimits& limits) {
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::milliseconds(static_cast<int64_t>(limits.max_seconds * 1000));
  WorkbookInfo info;
  if (!read_workbook_info(archive, info, problems)) return false;
  if (info.sheets.size() > limits.max_sheets) {
    problems.push_back(make_problem(Severity::Error, "xlsx.too_many_sheets",
                                    "工作表数量超过 " + std::to_string(limits.max_sheets) + " 个，已拒收"));
    return false;
  }

  StyleTable styles;
  styles.read(archive, related_part(info, "styles", "styles.xml"), problems);
  if (has_error(problems)) return false;

  SharedStrings strings;
  if (const ZipEntry* sst = archive.find(related_part(info, "sharedStrings", "sharedStrings.xml"))) {
    if (!strings.read(archive, *sst, limits.max_shared_strings_bytes, limits.max_text,
                      limits.max_depth, problems))
      return false;
  }

  uint64_t cells_left = limits.max_cells;
  size_t index = 0;
  bool any_sheet = false;
  for (const auto& ws : info.sheets) {
    auto rel = info.rels.find(ws.rel_id);
    if (rel == info.rels.end() || rel->second.target.empty()) {
      problems.push_back(make_problem(Severity::Warning, "xlsx.missing_sheet",
                                      "工作表“" + ws.name + "”在文件中找不到内容，已跳过", ws.name));
      continue;
    }
    if (skipped_sheet_type(rel->second.type)) continue;
    const ZipEntry* entry = archive.find(rel->second.target);
    if (!entry) {
      problems.push_back(make_problem(Severity::Warning, "xlsx.missing_sheet",
                                      "工作表“" + ws.name + "”在文件中找不到内容，已跳过", ws.name));
      continue;
    }
    SheetInfo sheet;
    sheet.name = ws.name;
    sheet.state = ws.state;
    sheet.index = index++;
    any_sheet = true;
    if (!sink.begin_sheet(sheet)) continue;

    SheetContext ctx;
    ctx.strings = &strings;
    ctx.styles = &styles;
    ctx.date1904 = info.date1904;
    ctx.sink = &sink;
    ctx.cells_left = &cells_left;
    ctx.deadline = deadline;
    ctx.sheet_name = ws.name;
    XmlStream* stream_ptr = nullptr;
    SheetParser parser(ctx, stream_ptr);
    XmlLimits xml_limits;
    xml_limits.max_text = limits.max_text;
    xml_limits.max_depth = limits.max_depth;
    McFilter filter(parser);
    XmlStream stream(filter, xml_limits, entry->name);
    stream_ptr = &stream;
    const bool read_ok =
        read_pipelined(archive, *entry, [&](const char* d, size_t n) { return stream.feed(d, n); }, problems);
    const bool ok = read_ok && stream.finish();
    for (auto& p : stream.problems()) {
      if (p.sheet == entry->name) p.sheet = ws.name;
      problems.push_back(std::move(p));
    }
    if (!ok) {
      if (!has_error(problems))
        problems.push_back(make_problem(Severity::Error, "xml.malformed",
                                        "工作表“" + ws.name + "”无法读取", ws.name));
      return false;
    }
    if (!parser.controls.empty() || !parser.legacy_drawing_rel.empty()) {
      std::map<std::string, Relationship> sheet_rels;
      Problems rel_problems;
      read_relationships(archive, entry->name, sheet_rels, rel_problems);
      for (auto& p : rel_problems) problems.push_back(std::move(p));
      std::vector<CheckBox> boxes;
      resolve_check_boxes(archive, ws.name, sheet_rels, parser.controls, parser.legacy_drawing_rel,
                          boxes, problems);
      if (has_error(problems)) return false;
      for (const auto& b : boxes) sink.check_box(b);
    }
    sink.end_sheet();
  }
  if (!any_sheet) {
    problems.push_back(make_problem(Severity::Error, "xlsx.no_sheets",
                                    "工作簿中没有可读取的工作表"));
    return false;
  }
  return true;
}

}  // namespace ipsurvey::importers
